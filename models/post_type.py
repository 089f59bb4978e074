"""Post-type classifier for the department's own posts: push, pull or networking.

The coding scheme is the standard communication-strategy one of public-sector social media research
(Mergel 2013; Lovejoy and Saxton 2012, adapted to police by Meijer and Torenvlied 2016):

* **push**: the department informs (alerts, closures, arrests, results, advice); no reply is asked for;
* **pull**: the department asks the public for something (witness and missing-person appeals, surveys,
  polls, questions, volunteers);
* **networking**: the department takes part in a dialogue (answering, thanking, apologising, greeting).

A post gets the one type that dominates. The head is three one-vs-rest L2 logistic regressions on the
frozen all-MiniLM-L6-v2 sentence embedding plus three surface cues (a question mark, an appeal phrase,
a thanks/apology phrase) that carry the speech act the embedding blurs; the label is the highest
score and the scores are the three probabilities normalised to sum to 1.

Train with ``python -m models.post_type train`` (writes ``models/artifacts/post_type/``): the
regularisation is chosen by cross-validation on ``models/data/train_post_type.jsonl`` alone, and the
figures on the card come from ``models/data/eval_post_type.jsonl``, a held-out set no choice was made on.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from models.base import ClassifierInfo, Prediction, make_model_id
from models.encoder import DEFAULT_RUNTIME, Encoder, Runtime
from models.evaluate import score
from models.intent import fit_logistic
from models.labelled import read_jsonl

log = logging.getLogger(__name__)

POST_TYPES = ("push", "pull", "networking")
ARTIFACT_DIR = Path(__file__).resolve().parent / "artifacts" / "post_type"
HEAD_FILE = "head.npz"
DATA_DIR = Path(__file__).resolve().parent / "data"
TRAIN_PATH = DATA_DIR / "train_post_type.jsonl"
EVAL_PATH = DATA_DIR / "eval_post_type.jsonl"
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
CV_FOLDS = 5
SEED = 0

_APPEAL = re.compile(
    r"\b(have you seen|did you see|do you (have|know|recognise|run)|can (you|anyone) (help|identify)|help us|"
    r"appeal|witness(es)?|information (wanted|about)|any (information|details|sightings)|get in touch|"
    r"contact us|call (us|911|555)|ring|please (call|report|send|check|contact)|tell us|your views|"
    r"have your say|survey|questionnaire|poll|vote|rate (our|your)|feedback|volunteers?|apply|sign up|"
    r"recruiting|wanted|we (want|would like|need) (to hear|your)|ask (us|the|your))\b",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"\b(thank(s| you)?|congratulations|well done|sorry|apologis\w+|happy (eid|diwali|christmas|new year)|"
    r"merry|welcome|glad|proud|lovely|great to|pleasure|shout out|appreciat\w+|you asked|you are right|"
    r"fair point|we hear you)\b",
    re.IGNORECASE,
)
SURFACE_NAMES = ("question_mark", "appeal_phrase", "thanks_phrase")


def surface_features(texts: Sequence[str]) -> np.ndarray:
    """Three 0/1 cues per text: a question mark, an appeal phrase, a thanks or apology phrase."""
    rows = [(float("?" in t), float(bool(_APPEAL.search(t))), float(bool(_THANKS.search(t)))) for t in texts]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(SURFACE_NAMES))


def _features(encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
    return np.hstack([encoder.embed(list(texts)), surface_features(texts)])


def _fit(features: np.ndarray, labels: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest heads: coefficient matrix (features x types) and intercepts (types)."""
    heads = [fit_logistic(features, labels == i, c) for i in range(len(POST_TYPES))]
    return np.stack([h[0] for h in heads], axis=1), np.array([h[1] for h in heads], dtype=np.float32)


def _probabilities(features: np.ndarray, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    raw = 1.0 / (1.0 + np.exp(-(features @ coef + intercept)))
    return raw / raw.sum(axis=1, keepdims=True)


class PostTypeClassifier:
    """Task ``post_type``: push, pull or networking, for a department's original posts."""

    task = "post_type"

    def __init__(self, encoder: Encoder, head_path: Path | None = None) -> None:
        path = head_path or ARTIFACT_DIR / HEAD_FILE
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no post-type head; run `python -m models.post_type train`")
        with np.load(path) as data:
            self.coef, self.intercept = data["coef"].astype(np.float32), data["intercept"].astype(np.float32)
        self.encoder = encoder
        self.info = ClassifierInfo(
            task=self.task,
            model_id=make_model_id("minilm-lr-post-type", encoder.weights_hash, path, POST_TYPES, _APPEAL.pattern,
                                   _THANKS.pattern),
            labels=POST_TYPES,
            multi_label=False,
        )

    def predict_embeddings(self, emb: np.ndarray, texts: Sequence[str]) -> list[Prediction]:
        """Classify texts from their sentence embeddings (rows in the order of ``texts``)."""
        if emb.shape[0] != len(texts):
            raise ValueError(f"embeddings of shape {emb.shape} do not match {len(texts)} texts")
        probs = _probabilities(np.hstack([emb, surface_features(texts)]), self.coef, self.intercept)
        return [
            Prediction(labels=(POST_TYPES[int(np.argmax(p))],),
                       scores={t: round(float(v), 4) for t, v in zip(POST_TYPES, p, strict=True)})
            for p in probs
        ]

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Embed and classify ``texts``."""
        return self.predict_embeddings(self.encoder.embed(list(texts)), texts) if texts else []


def load_post_type(encoder: Encoder | None = None, *, runtime: Runtime = DEFAULT_RUNTIME,
                   num_threads: int | None = None) -> PostTypeClassifier:
    """The shipped post-type classifier, on ``encoder`` (a suite's, shared) or on a MiniLM of its own."""
    if encoder is None:
        encoder = Encoder(runtime=runtime, num_threads=num_threads)
    return PostTypeClassifier(encoder)


def _read(path: Path) -> tuple[list[str], np.ndarray]:
    rows = read_jsonl(path)
    bad = [r["id"] for r in rows if r["post_type"] not in POST_TYPES]
    if bad:
        raise ValueError(f"{path}: rows {bad} have a post_type outside {POST_TYPES}")
    return [r["text"] for r in rows], np.array([POST_TYPES.index(r["post_type"]) for r in rows])


def _folds(y: np.ndarray) -> list[np.ndarray]:
    """Stratified test folds (each type spread evenly), shuffled with ``SEED``."""
    rng = np.random.default_rng(SEED)
    parts: list[list[int]] = [[] for _ in range(CV_FOLDS)]
    for value in range(len(POST_TYPES)):
        for i, index in enumerate(rng.permutation(np.flatnonzero(y == value))):
            parts[i % CV_FOLDS].append(int(index))
    return [np.array(sorted(p)) for p in parts]


def _cv_macro_f1(features: np.ndarray, y: np.ndarray, c: float) -> float:
    predicted = np.zeros_like(y)
    for test in _folds(y):
        train = np.ones(len(y), dtype=bool)
        train[test] = False
        coef, intercept = _fit(features[train], y[train], c)
        predicted[test] = np.argmax(_probabilities(features[test], coef, intercept), axis=1)
    names = [POST_TYPES[i] for i in y], [POST_TYPES[i] for i in predicted]
    return score("post_type", "cv", POST_TYPES, *names).macro_f1


def train(encoder: Encoder, out_dir: Path = ARTIFACT_DIR) -> dict[str, object]:
    """Fit the head (C by cross-validated macro-F1 on the training set), score it on the held-out set,
    and write the head, ``metrics.json`` and ``MODEL_CARD.md`` to ``out_dir``."""
    started = time.perf_counter()
    texts, y = _read(TRAIN_PATH)
    features = _features(encoder, texts)
    cv = {c: _cv_macro_f1(features, y, c) for c in C_GRID}
    for c, f1 in cv.items():
        log.info("C=%s cross-validated macro-F1 %.3f", c, f1)
    best_c = max(C_GRID, key=lambda c: (round(cv[c], 3), -c))  # ties: the stronger regularisation
    coef, intercept = _fit(features, y, best_c)
    out_dir.mkdir(parents=True, exist_ok=True)
    np.savez(out_dir / HEAD_FILE, coef=coef, intercept=intercept)
    classifier = PostTypeClassifier(encoder, out_dir / HEAD_FILE)
    eval_texts, eval_y = _read(EVAL_PATH)
    predicted = [p.labels[0] for p in classifier.predict(eval_texts)]
    held_out = score("post_type", classifier.info.model_id, POST_TYPES, [POST_TYPES[i] for i in eval_y], predicted)
    metrics = {
        "model_id": classifier.info.model_id, "c": best_c, "cv_macro_f1": {str(c): round(v, 4) for c, v in cv.items()},
        "train_n": {t: int(np.sum(y == i)) for i, t in enumerate(POST_TYPES)},
        "held_out": {"path": EVAL_PATH.name, "n": held_out.n, "macro_f1": round(held_out.macro_f1, 4),
                     "accuracy": round(held_out.accuracy, 4), "macro_recall": round(held_out.macro_recall, 4),
                     "confusion": held_out.confusion},
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    (out_dir / "MODEL_CARD.md").write_text(model_card(metrics), encoding="utf-8")
    log.info("post_type %s: held-out macro-F1 %.3f on %d posts", classifier.info.model_id, held_out.macro_f1,
             held_out.n)
    return metrics


def model_card(metrics: dict) -> str:
    """The card that travels with the head: method, data, the held-out figure, limitations."""
    held = metrics["held_out"]
    confusion = "\n".join(f"| {t} | " + " | ".join(str(v) for v in row) + " |"
                          for t, row in zip(POST_TYPES, held["confusion"], strict=True))
    cv = ", ".join(f"C={c}: {v:.3f}" for c, v in metrics["cv_macro_f1"].items())
    return f"""# Post-type head: push, pull, networking

Written by `python -m models.post_type train`; do not edit by hand (re-run the command).
Model id: `{metrics['model_id']}`.

## Method

- Scheme: push (informing), pull (asking the public: appeals, surveys, questions), networking (dialogue:
  answering, thanking, apologising, greeting), after Mergel (2013) and Meijer and Torenvlied (2016).
- Encoder: all-MiniLM-L6-v2, frozen; features are its 384-dimension embedding plus three surface cues
  ({", ".join(SURFACE_NAMES)}).
- Head: three one-vs-rest L2 logistic regressions (class-balanced); label = highest score.
- Regularisation C={metrics['c']}, chosen by {CV_FOLDS}-fold cross-validated macro-F1 on the training set only
  ({cv}).

## Data

Department posts of the fictional Riverton Police Department, written for this project:
`models/data/train_post_type.jsonl` ({sum(metrics['train_n'].values())} posts: {metrics['train_n']}) and the
held-out `models/data/{held['path']}` ({held['n']} posts), which no choice of method, cue or C was made on.

## Held-out figures

| n | macro-F1 | macro-recall | accuracy |
|---|---|---|---|
| {held['n']} | {held['macro_f1']:.3f} | {held['macro_recall']:.3f} | {held['accuracy']:.3f} |

| gold \\ predicted | {' | '.join(POST_TYPES)} |
|---|---|---|---|
{confusion}

## Limitations

- Small, English-only and single-author: train and held-out posts were written by the same person, so the
  held-out figure is optimistic for a real department's posts. Check a sample of your own (the research
  export carries every post's label and scores).
- Mixed posts ("thanks for sharing; have you seen this man?") get one type; a human coder might pick the
  other. Replies by the department to the public are networking by definition and are not classified.
"""


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m models.post_type", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["train"])
    parser.add_argument("--out", type=Path, default=ARTIFACT_DIR)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    metrics = train(Encoder(), args.out)
    print(json.dumps(metrics["held_out"]))


if __name__ == "__main__":
    main()
