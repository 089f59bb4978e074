"""The hand-labelled sets of public replies to a police department, and scoring a suite on them.

Written for this project (fictional "Riverton Police Department" replies on X, Reddit and Bluesky:
questions, thanks, complaints, sarcasm, slang, emoji, misspellings, hostility, emergencies), kept apart
from the training sets (``train_*.jsonl``) and from the demo data:

* ``eval_topics.jsonl``: one reply per line with its topics (multi-label, the default topic names of
  ``default_topics.yaml``) and whether it needs a response (``needs_response`` yes/no);
* ``eval_urgent.jsonl``: replies labelled ``urgent`` yes/no, about 40% urgent, the rest deliberately
  tricky (past events, "killing it", "this traffic is murder", complaints);
* ``dev_topics.jsonl``: a smaller set in the format of ``eval_topics.jsonl`` on which the default topic
  phrases were revised, so that the evaluation set stays untouched by that tuning.

``evaluate_labelled(suite, task, path)`` is what ``engage eval --task topics|needs_response|urgent``
prints: per-label precision/recall for topics; macro-recall, macro-F1, accuracy and the precision and
recall of "yes" for the binary tasks.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from models.base import Prediction, TopicSpec
from models.evaluate import BINARY_LABELS, score
from models.language import NOT_CLASSIFIED

if TYPE_CHECKING:
    from models.suite import ClassifierSuite

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_TOPICS_PATH = DATA_DIR / "default_topics.yaml"
DEV_TOPICS_PATH = DATA_DIR / "dev_topics.jsonl"
EVAL_PATHS = {
    "topics": DATA_DIR / "eval_topics.jsonl",
    "needs_response": DATA_DIR / "eval_topics.jsonl",
    "urgent": DATA_DIR / "eval_urgent.jsonl",
}
TRAIN_PATHS = {
    "needs_response": DATA_DIR / "train_needs_response.jsonl",
    "urgent": DATA_DIR / "train_urgent.jsonl",
}


@dataclass(frozen=True)
class LabelledText:
    """One labelled reply: its text and its gold labels (one for binary tasks, any number for topics)."""

    text: str
    labels: tuple[str, ...]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines file, naming the line of any malformed record."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc
    return rows


def load_labelled(task: str, path: Path | None = None) -> list[LabelledText]:
    """Load a labelled set for ``task`` ("topics", "needs_response" or "urgent").

    Topic rows carry a ``topics`` list; binary rows carry the task name as key with "yes"/"no".
    """
    if task not in EVAL_PATHS:
        raise ValueError(f"no labelled set for task {task!r}; choose from {sorted(EVAL_PATHS)}")
    rows = read_jsonl(path or EVAL_PATHS[task])
    out = []
    for row in rows:
        if task == "topics":
            labels = tuple(row["topics"])
        else:
            value = row[task]
            if value not in BINARY_LABELS:
                raise ValueError(f"{task} label {value!r} is not one of {BINARY_LABELS}")
            labels = (value,)
        out.append(LabelledText(text=row["text"], labels=labels))
    return out


def load_default_topics(path: Path | None = None) -> list[TopicSpec]:
    """The default police-department topics (the same list as the ``topics:`` block of config.yaml)."""
    data = yaml.safe_load((path or DEFAULT_TOPICS_PATH).read_text(encoding="utf-8"))
    return [
        TopicSpec(name=t["name"], description=t["description"], examples=tuple(t.get("examples", ())))
        for t in data["topics"]
    ]


def multilabel_scores(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], labels: Sequence[str]
) -> dict[str, Any]:
    """Per-label precision/recall/F1 with support, plus micro and macro F1 over ``labels``.

    A label with no gold and no predicted items is left out of the macro average.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    per_label: dict[str, dict[str, float | int]] = {}
    tp_all = gold_all = pred_all = 0
    f1s = []
    for label in labels:
        tp = sum(label in g and label in p for g, p in zip(gold, predicted, strict=True))
        n_gold = sum(label in g for g in gold)
        n_pred = sum(label in p for p in predicted)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0
        per_label[label] = {
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "support": n_gold, "predicted": n_pred,
        }
        if n_gold + n_pred:
            f1s.append(f1)
        tp_all, gold_all, pred_all = tp_all + tp, gold_all + n_gold, pred_all + n_pred
    exact = sum(set(g) == set(p) for g, p in zip(gold, predicted, strict=True))
    return {
        "per_label": per_label,
        "micro_f1": round(2 * tp_all / (gold_all + pred_all), 4) if gold_all + pred_all else 0.0,
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        "exact_match": round(exact / len(gold), 4) if gold else 0.0,
    }


def binary_scores(gold: Sequence[str], predicted: Sequence[str], model_id: str, task: str) -> dict[str, Any]:
    """Macro-recall, macro-F1, accuracy and the precision/recall of "yes" for a yes/no task."""
    result = score(task, model_id, BINARY_LABELS, gold, predicted).as_dict()
    tp = sum(g == p == "yes" for g, p in zip(gold, predicted, strict=True))
    n_gold = sum(g == "yes" for g in gold)
    n_pred = sum(p == "yes" for p in predicted)
    result["recall_yes"] = round(tp / n_gold, 4) if n_gold else 0.0
    result["precision_yes"] = round(tp / n_pred, 4) if n_pred else 0.0
    result["support_yes"] = n_gold
    return result


def binary_labels(predictions: Sequence[Prediction]) -> list[str]:
    """Each prediction's yes/no label; a reply not classified for its language counts as "no" (a miss)."""
    return ["no" if p.labels == (NOT_CLASSIFIED,) else p.labels[0] for p in predictions]


def reached_labels(predictions: Sequence[Prediction]) -> list[str]:
    """Urgent as the desk meets it: "yes" for a flag and for a reply no model reads (ranked for a person)."""
    return ["yes" if p.labels in (("yes",), (NOT_CLASSIFIED,)) else "no" for p in predictions]


def reach_figures(gold: Sequence[str], predictions: Sequence[Prediction], model_id: str) -> dict[str, Any]:
    """Recall and precision of urgent counting replies no model reads as reaching a person."""
    scores = binary_scores(gold, reached_labels(predictions), model_id, "urgent")
    return {key: scores[key] for key in ("recall_yes", "precision_yes", "support_yes", "n")}


def evaluate_labelled(suite: ClassifierSuite, task: str, path: Path | None = None) -> dict[str, Any]:
    """Classify a labelled set with ``suite`` and return its figures (JSON-ready).

    Topics are scored on the labels the suite's topic classifier knows; gold labels it does not know
    (a department that configured other topics) are listed under ``unknown_gold_labels`` and ignored.
    """
    if task not in suite.infos:
        raise ValueError(f"task {task!r} is not loaded in this suite (loaded: {sorted(suite.infos)})")
    items = load_labelled(task, path)
    texts = [item.text for item in items]
    info = suite.infos[task]
    start = time.perf_counter()
    predictions = suite.predict(texts, tasks=[task])[task]
    elapsed = time.perf_counter() - start
    result: dict[str, Any]
    if task == "topics":
        known = set(info.labels)
        gold = [tuple(label for label in item.labels if label in known) for item in items]
        result = multilabel_scores(gold, [p.labels for p in predictions], info.labels)
        result["unknown_gold_labels"] = sorted({lab for item in items for lab in item.labels} - known)
        result.update(task=task, model_id=info.model_id, n=len(items))
    else:
        gold_binary = [item.labels[0] for item in items]
        result = binary_scores(gold_binary, binary_labels(predictions), info.model_id, task)
        result["not_classified"] = sum(p.labels == (NOT_CLASSIFIED,) for p in predictions)
        if task == "urgent":
            result["reaches_a_person"] = reach_figures(gold_binary, predictions, info.model_id)
    result["texts_per_s"] = round(len(texts) / elapsed, 1) if elapsed else 0.0
    return result
