"""Read the evaluation data sets and score a classifier suite on them.

Used by ``python -m models.train`` (model selection, model cards) and by ``engage eval``. The metrics
are the ones the literature reports for these sets: macro-averaged recall is the official SemEval-2017
Task 4A / TweetEval sentiment measure (it is not fooled by the large neutral class), macro-F1 the
TweetEval measure for offensive and hate.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from models.suite import ClassifierSuite

SENTIMENT_LABELS = ("negative", "neutral", "positive")
BINARY_LABELS = ("yes", "no")

_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}")


def decode_escapes(text: str) -> str:
    r"""Decode the ``\uXXXX`` escapes of the SemEval files (surrogate pairs included).

    Only ``\u`` escapes are decoded, so backslashes elsewhere in a tweet survive unchanged.
    """
    if "\\u" not in text:
        return text
    decoded = _ESCAPE.sub(lambda m: chr(int(m.group(0)[2:], 16)), text)
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def read_semeval(paths: Sequence[Path]) -> tuple[list[str], list[str]]:
    """Read SemEval-2017 Task 4A TSV files (``id<TAB>label<TAB>text``), de-duplicated.

    The yearly files overlap, so a tweet id or an identical text is kept only the first time it is
    seen (files are read in sorted order, so the result is deterministic).
    """
    texts: list[str] = []
    labels: list[str] = []
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    for path in sorted(paths):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 3:
                    continue
                tweet_id, label, text = row[0], row[1].strip(), "\t".join(row[2:])
                text = decode_escapes(text).strip()
                if label not in SENTIMENT_LABELS or tweet_id in seen_ids or text in seen_texts:
                    continue
                seen_ids.add(tweet_id)
                seen_texts.add(text)
                texts.append(text)
                labels.append(label)
    return texts, labels


def read_mapping(path: Path) -> dict[int, str]:
    """Read a TweetEval ``mapping.txt`` (``id<TAB>name`` per line)."""
    mapping: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            key, name = line.split("\t", 1) if "\t" in line else line.split(None, 1)
            mapping[int(key)] = name.strip()
    return mapping


def read_tweeteval(task_dir: Path, split: str) -> tuple[list[str], list[str]]:
    """Read one TweetEval split as (texts, label names) using the task's ``mapping.txt``.

    Some TweetEval texts keep SemEval's ``\\uXXXX`` escapes; they are decoded so evaluation sees text
    as a platform delivers it.
    """
    mapping = read_mapping(task_dir / "mapping.txt")
    texts = (task_dir / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
    ids = (task_dir / f"{split}_labels.txt").read_text(encoding="utf-8").split()
    if len(texts) != len(ids):
        raise ValueError(f"{task_dir}/{split}: {len(texts)} texts but {len(ids)} labels")
    return [decode_escapes(t).strip() for t in texts], [mapping[int(i)] for i in ids]


_MENTION = re.compile(r"@\w+")
_URL = re.compile(r"https?:\S*")
_NON_ALNUM = re.compile(r"[^a-z0-9]")


def overlap_key(text: str) -> str:
    """A key under which the same tweet matches across SemEval and TweetEval copies.

    TweetEval anonymised mentions, dropped some URLs and punctuation; only letters and digits outside
    mentions and URLs are compared. Training uses it to drop validation tweets from the training set:
    TweetEval's sentiment validation split was drawn from the SemEval 2013-2016 files.
    """
    text = _URL.sub(" ", _MENTION.sub(" ", text.lower()))
    return _NON_ALNUM.sub("", text)


def to_binary(labels: Sequence[str], positive: str) -> list[str]:
    """Map a TweetEval binary task's label names to ``yes``/``no`` (``positive`` becomes ``yes``)."""
    return ["yes" if label == positive else "no" for label in labels]


def confusion_matrix(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """Counts with gold labels as rows and predictions as columns, in the order of ``labels``."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for g, p in zip(gold, predicted, strict=True):
        matrix[index[g], index[p]] += 1
    return matrix


def macro_recall(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    """Mean over labels of recall; a label absent from ``gold`` counts as recall 0 only if predicted."""
    matrix = confusion_matrix(gold, predicted, labels)
    recalls = [matrix[i, i] / matrix[i].sum() for i in range(len(labels)) if matrix[i].sum() > 0]
    return float(np.mean(recalls)) if recalls else 0.0


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    """Mean over labels of F1 (an F1 with no gold and no predicted items is skipped)."""
    matrix = confusion_matrix(gold, predicted, labels)
    scores = []
    for i in range(len(labels)):
        tp, gold_n, pred_n = matrix[i, i], matrix[i].sum(), matrix[:, i].sum()
        if gold_n + pred_n == 0:
            continue
        scores.append(2 * tp / (gold_n + pred_n))
    return float(np.mean(scores)) if scores else 0.0


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of exact matches."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)


@dataclass(frozen=True)
class EvalResult:
    """Figures for one task on one labelled set, as printed by ``engage eval`` and model cards."""

    task: str
    model_id: str
    labels: tuple[str, ...]
    n: int
    macro_recall: float
    macro_f1: float
    accuracy: float
    texts_per_s: float
    confusion: list[list[int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures (confusion rows are gold labels, columns predictions)."""
        return {
            "task": self.task,
            "model_id": self.model_id,
            "n": self.n,
            "macro_recall": round(self.macro_recall, 4),
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "texts_per_s": round(self.texts_per_s, 1),
            "labels": list(self.labels),
            "confusion": self.confusion,
        }

    def table(self) -> str:
        """A plain-text summary with the confusion matrix, readable in a terminal or a model card."""
        width = max(8, *(len(label) for label in self.labels)) + 2
        lines = [
            f"task {self.task}  model {self.model_id}  n={self.n}",
            f"macro-recall {self.macro_recall:.4f}  macro-F1 {self.macro_f1:.4f}  "
            f"accuracy {self.accuracy:.4f}  {self.texts_per_s:.1f} texts/s",
            "gold \\ predicted".ljust(width) + "".join(label.rjust(width) for label in self.labels),
        ]
        for label, row in zip(self.labels, self.confusion, strict=True):
            lines.append(label.ljust(width) + "".join(str(v).rjust(width) for v in row))
        return "\n".join(lines)


def score(
    task: str, model_id: str, labels: Sequence[str], gold: Sequence[str], predicted: Sequence[str],
    texts_per_s: float = 0.0,
) -> EvalResult:
    """Compute every figure of an ``EvalResult`` from gold and predicted labels."""
    return EvalResult(
        task=task,
        model_id=model_id,
        labels=tuple(labels),
        n=len(gold),
        macro_recall=macro_recall(gold, predicted, labels),
        macro_f1=macro_f1(gold, predicted, labels),
        accuracy=accuracy(gold, predicted),
        texts_per_s=texts_per_s,
        confusion=confusion_matrix(gold, predicted, labels).tolist(),
    )


def evaluate(suite: ClassifierSuite, task: str, texts: Sequence[str], gold: Sequence[str]) -> EvalResult:
    """Classify ``texts`` with ``suite`` for one single-label ``task`` and score against ``gold``."""
    if len(texts) != len(gold):
        raise ValueError(f"{len(texts)} texts but {len(gold)} gold labels")
    info = suite.infos[task]
    if info.multi_label:
        raise ValueError(f"{task} is multi-label; evaluate() scores single-label tasks")
    unknown = sorted(set(gold) - set(info.labels))
    if unknown:
        raise ValueError(f"gold labels {unknown} are not labels of {task} {info.labels}")
    start = time.perf_counter()
    predictions = suite.predict(texts, tasks=[task])[task]
    elapsed = time.perf_counter() - start
    predicted = [p.labels[0] for p in predictions]
    return score(task, info.model_id, info.labels, gold, predicted, len(texts) / elapsed if elapsed else 0.0)


def validation_sets(data_dir: Path) -> dict[str, tuple[list[str], list[str]]]:
    """The labelled validation sets of the shipped single-label tasks, gold labels as task labels.

    ``abusive`` joins TweetEval offensive and hate validation (gold ``yes`` = offensive, resp. hateful).
    """
    sentiment = read_tweeteval(data_dir / "tweeteval" / "sentiment", "val")
    off_texts, off_labels = read_tweeteval(data_dir / "tweeteval" / "offensive", "val")
    hate_texts, hate_labels = read_tweeteval(data_dir / "tweeteval" / "hate", "val")
    abusive = (off_texts + hate_texts, to_binary(off_labels, "offensive") + to_binary(hate_labels, "hate"))
    return {"sentiment": sentiment, "abusive": abusive}


def runtime_figures(data_dir: Path, sentiment_dir: Path, abusive_dir: Path) -> dict[str, dict[str, Any]]:
    """Validation figures of the artifacts in these folders, end to end, under each MiniLM runtime.

    Keyed ``{runtime: {tweeteval_set: figures}}``, one entry per file ``engage eval`` takes (the
    sentiment, offensive and hate validation splits), so that anyone can reproduce the model cards;
    the onnx runtime's int8 branch moves them a little from fp32 training's.
    """
    from models.encoder import RUNTIMES
    from models.suite import load_suite

    sets = {"sentiment": ("sentiment", read_tweeteval(data_dir / "tweeteval" / "sentiment", "val"))}
    for name in ("offensive", "hate"):
        texts, labels = read_tweeteval(data_dir / "tweeteval" / name, "val")
        sets[name] = ("abusive", (texts, to_binary(labels, name)))
    figures: dict[str, dict[str, Any]] = {}
    for runtime in RUNTIMES:
        suite = load_suite(tasks=["sentiment", "abusive"], runtime=runtime, sentiment_dir=sentiment_dir,
                           abusive_dir=abusive_dir)
        figures[runtime] = {name: evaluate(suite, task, *data).as_dict() for name, (task, data) in sets.items()}
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m models.evaluate``: score the shipped suite on the validation sets, end to end."""
    import argparse
    import json

    from models.suite import load_suite

    parser = argparse.ArgumentParser(prog="python -m models.evaluate", description=main.__doc__)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--sentiment-model", default="default")
    args = parser.parse_args(argv)
    sets = validation_sets(args.data)
    suite = load_suite(sentiment_model=args.sentiment_model, tasks=list(sets))
    results = {task: evaluate(suite, task, texts, gold) for task, (texts, gold) in sets.items()}
    for result in results.values():
        print(result.table(), end="\n\n")
    print(json.dumps({task: r.as_dict() for task, r in results.items()}))


if __name__ == "__main__":
    main()
