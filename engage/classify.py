"""Classifying public replies: what is unlabelled for the current model ids, in batches, once.

The suite (from ``models``) is loaded from config; each task's ``model_id`` is recorded in
``active_models`` so reports read the current labels, while older models' labels stay in
``classifications`` for comparison. Identical texts in a batch are classified once.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engage.config import Config
from engage.store import Store
from models.tasks import TASK_NAMES

if TYPE_CHECKING:  # importing models loads torch: only when a suite is really needed
    from models import ClassifierSuite


TASKS = TASK_NAMES  # the models' task registry (models/tasks.py)
# How much of a reply the classifiers are given. Every model reads at most 256 tokens (the shipped
# MiniLM 128), and 4,000 characters is more than that in any script; the tokenizer would otherwise
# split all of a 20 MB reply before truncating it (two minutes and 1.8 GB for one text). The store
# keeps the whole text; only what the models are shown is cut.
CLASSIFY_CHARS = 4000


def classified_part(text: str) -> str:
    """The prefix of ``text`` the classifiers read (all of it for any real reply)."""
    return text[:CLASSIFY_CHARS]


@dataclass
class ClassifySummary:
    classified: dict[str, int] = field(default_factory=dict)
    model_ids: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def texts(self) -> int:
        return max(self.classified.values(), default=0)

    def line(self) -> str:
        per_task = " ".join(f"{t}={n}" for t, n in sorted(self.classified.items()))
        return f"classify {per_task} seconds={self.seconds:.1f}"


def load_suite_from_config(
    config: Config, store: Store | None = None, tasks: Iterable[str] | None = None
) -> ClassifierSuite:
    """The models suite configured in ``config``, with triage corrections as topic examples.

    Off a terminal (the daemon under systemd or docker, output piped to a file) the model libraries'
    own progress bars are turned off: a "Loading weights" bar is noise in a log, not progress.
    """
    from models import TopicSpec, load_suite

    if not sys.stderr.isatty():
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

    topics = [TopicSpec(t.name, t.description, tuple(t.examples)) for t in config.topics]
    examples: list[tuple[str, str]] = []
    if store is not None:
        examples = [
            (classified_part(row["text"]), row["label"])
            for row in store.db.query(
                "SELECT p.text, k.label FROM corrections k JOIN posts p ON p.uid = k.uid"
                " WHERE k.task = 'topics' AND p.tombstoned_at IS NULL ORDER BY k.uid, k.label"
            )
        ]
    return load_suite(
        sentiment_model=config.models.sentiment,
        topics=topics,
        topic_examples=examples,
        topic_threshold=config.models.topic_threshold,
        batch_size=config.models.batch_size,
        num_threads=config.models.num_threads,
        tasks=tasks,
        runtime=config.models.runtime,
    )


def classify_pending(
    store: Store,
    suite: ClassifierSuite,
    *,
    batch: int = 512,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ClassifySummary:
    """Label every live public reply that the suite's current models have not labelled yet.

    ``progress(done, total)`` is called after each stored batch. Each batch commits on its own,
    so an interrupted run keeps what it finished and the next run picks up the rest.
    """
    started = time.monotonic()
    summary = ClassifySummary()
    with store.run("classify") as run:
        infos = suite.infos
        for task, info in infos.items():
            store.activate_model(task, info.model_id, info.labels)
            summary.model_ids[task] = info.model_id
            summary.classified[task] = 0
        models = {task: info.model_id for task, info in infos.items()}
        total = store.count_unlabelled(models)
        done = 0
        for stored in store.unlabelled(models, batch=batch):
            chunk = [(uid, classified_part(text)) for uid, text in stored]
            texts = sorted({text for _, text in chunk})  # identical texts in a batch are classified once
            predictions = suite.predict(texts)
            by_text = {task: dict(zip(texts, preds, strict=True)) for task, preds in predictions.items()}
            rows = []
            for uid, text in chunk:
                for task, preds in by_text.items():
                    pred = preds[text]
                    for label in pred.labels or ("none",):
                        rows.append({"uid": uid, "task": task, "model_id": infos[task].model_id,
                                     "label": label, "scores": pred.scores})
                    summary.classified[task] += 1
            store.save_classifications(rows)
            done += len(chunk)
            run.count(fetched=done)
            if progress:
                progress(done, total)
            if should_stop and should_stop():
                break
        run.details = {"model_ids": summary.model_ids}
    summary.seconds = time.monotonic() - started
    return summary
