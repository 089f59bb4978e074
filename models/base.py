"""Shared value types of the classifier layer and the content hash behind every model id.

These types are the whole contract between ``models`` and ``engage`` (docs/architecture.md): engage stores
``Prediction`` labels/scores and the ``ClassifierInfo.model_id`` beside each label, so a model id must
change whenever anything that can change a label changes (weights, head, label set, topic specs,
thresholds, human corrections). ``content_hash`` is the one place that turns those inputs into a hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

HASH_CHARS = 8


@dataclass(frozen=True)
class Prediction:
    """One text's result for one task.

    ``labels`` holds exactly one label for single-label tasks and zero or more for multi-label tasks;
    ``scores`` holds the score of every label of the task so a reader can judge the confidence.
    """

    labels: tuple[str, ...]
    scores: dict[str, float]


@dataclass(frozen=True)
class TopicSpec:
    """A configured topic: its name, a description used for zero-shot matching, optional examples."""

    name: str
    description: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClassifierInfo:
    """What engage records about the classifier that produced a label."""

    task: str
    model_id: str
    labels: tuple[str, ...]
    multi_label: bool


def _feed(digest: Any, part: Any) -> None:
    """Feed one part into ``digest`` in a type-tagged, unambiguous way."""
    if isinstance(part, np.ndarray):
        array = np.ascontiguousarray(part)
        digest.update(f"nd:{array.dtype.str}:{array.shape}:".encode())
        digest.update(array.tobytes())
    elif hasattr(part, "detach") and hasattr(part, "cpu"):  # a torch tensor, without importing torch here
        _feed(digest, part.detach().cpu().float().numpy())
    elif isinstance(part, bytes):
        digest.update(b"b:%d:" % len(part))
        digest.update(part)
    elif isinstance(part, Path):
        data = part.read_bytes()
        digest.update(b"f:%d:" % len(data))
        digest.update(data)
    elif isinstance(part, (list, tuple)):
        # Element by element: as JSON, an array or tensor inside would be hashed by its printed,
        # abbreviated form ("...") instead of its bytes.
        digest.update(b"l:%d:" % len(part))
        for item in part:
            _feed(digest, item)
    else:
        text = json.dumps(part, sort_keys=True, ensure_ascii=False, default=str)
        digest.update(b"j:%d:" % len(text))
        digest.update(text.encode("utf-8"))


def content_hash(*parts: Any) -> str:
    """Return a short hex hash of ``parts`` (arrays, tensors, bytes, file paths or JSON-able values).

    Files given as ``Path`` are hashed by content, so re-training that changes weights changes the id
    while copying an artifact elsewhere does not.
    """
    digest = hashlib.sha256()
    for part in parts:
        _feed(digest, part)
    return digest.hexdigest()[:HASH_CHARS]


def make_model_id(name: str, *parts: Any) -> str:
    """Return ``"{name}@{hash}"``, the exact model id stored beside every label."""
    return f"{name}@{content_hash(*parts)}"


def hash_files(paths: Iterable[Path]) -> str:
    """Hash several files by name and content (used for model directories)."""
    return content_hash(*[(p.name, content_hash(p)) for p in sorted(paths)])
