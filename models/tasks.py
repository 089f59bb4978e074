"""The registry of classification tasks: the one place that says which tasks exist and what they read.

``models.suite`` builds its heads from it and ``engage`` takes its task list from it, so a new task is
added here and in the module that implements its head. Importing this module loads no model (and no
torch), so ``engage`` can read the registry before deciding to load a suite.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# What a task's head reads from the shared MiniLM pass: the plain sentence embedding, the LoRA-tuned
# branch's pooled vector, or the text alone (language identification).
EncoderOutput = Literal["plain", "tuned", "text"]
BINARY = ("yes", "no")
SENTIMENT = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class Task:
    """One classification task.

    ``labels`` is empty when the department configures them (topics). ``languages`` are the languages
    the task's model was trained to read (ISO 639-1); a reply identified as another language is marked
    ``models.language.NOT_CLASSIFIED`` for it instead of given a guess. ``None`` means any language.
    """

    name: str
    labels: tuple[str, ...]
    multi_label: bool
    reads: EncoderOutput
    languages: frozenset[str] | None


ENGLISH = frozenset({"en"})
ENGLISH_SPANISH = frozenset({"en", "es"})

REGISTRY: dict[str, Task] = {
    task.name: task
    for task in (
        Task("sentiment", SENTIMENT, multi_label=False, reads="tuned", languages=ENGLISH),
        Task("topics", (), multi_label=True, reads="plain", languages=ENGLISH),
        # Trained on English and Spanish replies; the urgent rules read both languages too.
        Task("needs_response", BINARY, multi_label=False, reads="plain", languages=ENGLISH_SPANISH),
        Task("urgent", BINARY, multi_label=False, reads="plain", languages=ENGLISH_SPANISH),
        Task("abusive", BINARY, multi_label=False, reads="tuned", languages=ENGLISH),
        Task("language", (), multi_label=False, reads="text", languages=None),
    )
}
TASK_NAMES: tuple[str, ...] = tuple(REGISTRY)


def tasks_reading(output: EncoderOutput) -> tuple[str, ...]:
    """Names of the tasks whose heads read ``output``, in registry order."""
    return tuple(name for name, task in REGISTRY.items() if task.reads == output)
