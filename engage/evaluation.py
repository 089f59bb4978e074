"""``engage eval``: measure a configured classifier on a labelled file.

Sentiment and abusive take the public benchmark formats (SemEval TSV or a TweetEval split); topics,
needs_response and urgent default to the labelled sets shipped in ``models/data``. The figures are
the ones the model cards publish, so a department can check the cards on its own machine, or
measure a production model it configured in ``models.sentiment``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engage.classify import TASKS, load_suite_from_config
from engage.config import Config
from engage.errors import InputError

ABUSIVE_POSITIVE = ("offensive", "hate")  # TweetEval label names that mean abusive


class EvalInputError(InputError, ValueError):
    """A labelled file that cannot be read as the task needs; the message is one line."""


def read_labelled_file(task: str, data: Path) -> tuple[list[str], list[str]]:
    """Texts and gold labels (task label names) from a SemEval TSV or a TweetEval ``*_text.txt``."""
    from models.evaluate import read_semeval, read_tweeteval, to_binary

    if not data.exists():
        raise EvalInputError(f"{data}: no such file")
    if data.name.endswith("_text.txt"):
        split = data.name.removesuffix("_text.txt")
        try:
            texts, gold = read_tweeteval(data.parent, split)
        except FileNotFoundError as exc:
            raise EvalInputError(f"{data}: TweetEval needs {Path(exc.filename).name} beside it") from None
        if task == "abusive":
            positive = next((p for p in ABUSIVE_POSITIVE if p in set(gold)), None)
            if positive is None:
                raise EvalInputError(f"{data}: labels {sorted(set(gold))} are not TweetEval offensive/hate labels")
            gold = to_binary(gold, positive)
        return texts, gold
    if task != "sentiment":
        raise EvalInputError(f"{data}: for {task}, give a TweetEval *_text.txt (with *_labels.txt, mapping.txt)")
    texts, gold = read_semeval([data])
    if not texts:
        raise EvalInputError(f"{data}: no id<TAB>label<TAB>text lines with negative|neutral|positive labels")
    return texts, gold


def run_eval(config: Config, task: str, data: Path | None, *, loco: bool = False) -> dict[str, Any]:
    """Figures of ``task`` on ``data`` (or the shipped labelled set), plus a printable ``table``.

    ``loco`` (urgent only) recomputes the model card's leave-one-category-out figures instead; ``data``
    is then the folder of public data sets (holding ``tweeteval/``).
    """
    if task not in TASKS:
        raise EvalInputError(f"unknown task {task!r} (use {', '.join(TASKS)})")
    if loco:
        return _urgent_loco(config, task, data)
    if task in ("sentiment", "abusive") and data is None:
        raise EvalInputError(f"--data is required for {task}: a SemEval TSV or a TweetEval *_text.txt file")
    suite = load_suite_from_config(config, tasks=[task])
    if task in ("sentiment", "abusive"):
        from models.evaluate import evaluate

        texts, gold = read_labelled_file(task, data)  # type: ignore[arg-type]
        result = evaluate(suite, task, texts, gold)
        return {**result.as_dict(), "table": result.table()}
    from models.labelled import evaluate_labelled

    try:
        figures = evaluate_labelled(suite, task, data)
    except (KeyError, ValueError) as exc:
        raise EvalInputError(f"{data}: {exc}") from None
    lines = [f"task {task}  model {figures['model_id']}  n={figures['n']}"]
    lines += [f"{k}: {v}" for k, v in sorted(figures.items()) if k not in ("task", "model_id", "n")]
    return {**figures, "table": "\n".join(lines)}


def _urgent_loco(config: Config, task: str, data: Path | None) -> dict[str, Any]:
    """The urgent head's leave-one-category-out figures at its shipped threshold (see models.heldout)."""
    if task != "urgent":
        raise EvalInputError("--loco measures the urgent head on its own training pool: use --task urgent")
    from models.heldout import SHARED_DATA
    from models.intent import urgent_held_out

    shared = SHARED_DATA if data is None else data
    if not shared.is_dir():
        raise EvalInputError(f"{shared}: with --loco, --data is the folder holding tweeteval/")

    suite = load_suite_from_config(config, tasks=[task])
    head = suite.embedding_heads[task]
    assert suite.encoder is not None
    figures = urgent_held_out(suite.encoder, shared).figures(head.head.threshold)  # type: ignore[attr-defined]
    lines = [f"task urgent (leave-one-category-out)  model {head.info.model_id}  n={figures['n']}",
             f"threshold {figures['threshold']:.2f}  recall_yes {figures['recall_yes']:.4f}  "
             f"precision_yes {figures['precision_yes']:.4f}  false_alarm_rate {figures['false_alarm_rate']:.4f}",
             "category  urgent  n  share_flagged"]
    lines += [f"{name}  {'yes' if c['urgent'] else 'no'}  {c['n']}  {c['share_flagged']:.2f}"
              for name, c in figures["per_category"].items()]
    return {**figures, "task": task, "model_id": head.info.model_id, "table": "\n".join(lines)}
