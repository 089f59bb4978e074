"""Category-held-out (leave-one-category-out, LOCO) evaluation of the urgent head.

A row-level cross-validation flatters a classifier whose training set was written with the same kinds
of reply as its test folds: a held-out gas leak still has a dozen gas leaks beside it in training. Here
every labelled row carries a ``category`` (the kind of emergency, or the kind of harmless reply), and
each category is scored by a head fitted without any row of that category. The urgent decision
threshold is chosen on these scores, so the recall it promises is the recall on a kind of emergency the
head has never seen.

The pool is every labelled urgent row the project has (``train_urgent``, ``eval_urgent`` and the
written ``train_extra`` set), the project's other hand-written replies as negatives (they are never
urgent: topics and needs-response sets), and a seeded sample of public TweetEval emotion tweets as
negatives at a realistic base rate (emotional, sometimes alarmed, never an emergency at a police desk).
The blind test set (``data/blind/test.jsonl``) is never part of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.labelled import read_jsonl

DATA_DIR = Path(__file__).resolve().parent / "data"
WRITTEN_EXTRA_PATH = DATA_DIR / "written" / "train_extra.jsonl"
URGENT_PATHS = (DATA_DIR / "train_urgent.jsonl", DATA_DIR / "eval_urgent.jsonl", WRITTEN_EXTRA_PATH)
REPLY_NEGATIVE_PATHS = tuple(
    DATA_DIR / f"{name}.jsonl" for name in ("train_needs_response", "eval_topics", "dev_topics")
)
BLIND_TEST_PATH = DATA_DIR / "blind" / "test.jsonl"
# The public data sets live beside the repository, as for models.train (``--data`` points elsewhere).
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PUBLIC_NEGATIVES = 1000
PUBLIC_CATEGORY = "public_tweet"
SEED = 0


@dataclass(frozen=True)
class Pool:
    """Texts with their urgent gold label and category (parallel sequences)."""

    texts: list[str]
    urgent: np.ndarray
    categories: np.ndarray

    def __len__(self) -> int:
        return len(self.texts)


def urgent_pool(shared_data: Path = SHARED_DATA, public_negatives: int = PUBLIC_NEGATIVES) -> Pool:
    """The labelled pool the urgent head is trained and LOCO-evaluated on (see the module docstring).

    Public tweets are added only when the TweetEval emotion split is present under ``shared_data``;
    the model card's per-category table shows whether they were (category ``public_tweet``).
    """
    texts: list[str] = []
    urgent: list[bool] = []
    categories: list[str] = []
    for path in URGENT_PATHS:
        if not path.is_file():
            continue
        for row in read_jsonl(path):
            texts.append(row["text"])
            urgent.append(row["urgent"] == "yes")
            categories.append(row["category"])
    for path in REPLY_NEGATIVE_PATHS:
        for row in read_jsonl(path):
            texts.append(row["text"])
            urgent.append(False)
            categories.append("reply_" + row["category"])
    emotion = shared_data / "tweeteval" / "emotion" / "train_text.txt"
    if emotion.is_file() and public_negatives:
        from models.evaluate import decode_escapes

        tweets = [decode_escapes(t).strip() for t in emotion.read_text(encoding="utf-8").splitlines() if t.strip()]
        chosen = np.random.default_rng(SEED).choice(len(tweets), min(public_negatives, len(tweets)), replace=False)
        for index in sorted(chosen.tolist()):
            texts.append(tweets[index])
            urgent.append(False)
            categories.append(PUBLIC_CATEGORY)
    return Pool(texts, np.array(urgent, dtype=bool), np.array(categories))


def loco_probabilities(
    features: np.ndarray, y: np.ndarray, categories: np.ndarray,
    fit: Callable[[np.ndarray, np.ndarray], Callable[[np.ndarray], np.ndarray]],
) -> np.ndarray:
    """Each row's score from a model fitted without any row of its category.

    ``fit(features, y)`` returns a scoring function. Public tweets form one category like any other.
    """
    out = np.zeros(len(y), dtype=np.float64)
    for category in sorted(set(categories.tolist())):
        held = categories == category
        if held.all():
            raise ValueError("LOCO needs at least two categories")
        out[held] = fit(features[~held], y[~held])(features[held])
    return out


def recall_threshold(probability: np.ndarray, rules: np.ndarray, y: np.ndarray, target: float,
                     grid: Sequence[float] | None = None) -> float:
    """The highest head threshold at which head-or-rules recall of the urgent rows reaches ``target``.

    Rules only ever add "yes", so they let the head's threshold rise; a higher threshold means fewer
    false alarms. Raises when even the lowest threshold misses ``target``.
    """
    grid = np.round(np.arange(0.99, 0.009, -0.01), 2) if grid is None else sorted(grid, reverse=True)
    for threshold in grid:
        flagged = (probability >= threshold) | rules
        if flagged[y].mean() >= target:
            return float(threshold)
    raise RuntimeError(f"no threshold reaches held-out recall {target}")


def figures(flagged: np.ndarray, y: np.ndarray, categories: np.ndarray) -> dict[str, object]:
    """Recall and precision of "yes", with the share flagged in each category (recall for urgent kinds,
    false-alarm rate for harmless ones)."""
    tp = int(np.sum(flagged & y))
    per_category = {}
    for category in sorted(set(categories.tolist())):
        rows = categories == category
        per_category[category] = {
            "urgent": bool(y[rows].any()), "n": int(rows.sum()), "flagged": int(flagged[rows].sum()),
            "share_flagged": round(float(flagged[rows].mean()), 4),
        }
    return {
        "n": int(len(y)), "support_yes": int(y.sum()),
        "recall_yes": round(tp / int(y.sum()), 4) if y.any() else 0.0,
        "precision_yes": round(tp / int(flagged.sum()), 4) if flagged.any() else 0.0,
        "false_alarm_rate": round(float(flagged[~y].mean()), 4) if (~y).any() else 0.0,
        "per_category": per_category,
    }
