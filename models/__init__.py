"""Classifiers for engage: sentiment, topics, needs_response, urgent, abusive, language.

engage imports only the names below (docs/architecture.md); ``models`` never imports engage or connectors.
The suite is imported on first use, so reading ``models.tasks`` (the task registry) loads no torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.base import ClassifierInfo, Prediction, TopicSpec

if TYPE_CHECKING:
    from models.post_type import PostTypeClassifier, load_post_type
    from models.suite import ClassifierSuite, load_suite

__all__ = [
    "ClassifierInfo", "ClassifierSuite", "PostTypeClassifier", "Prediction", "TopicSpec", "load_post_type",
    "load_suite",
]

# The heavy classes load torch: imported on first use, so reading the task registry stays cheap.
_LAZY = {"ClassifierSuite": "models.suite", "load_suite": "models.suite",
         "PostTypeClassifier": "models.post_type", "load_post_type": "models.post_type"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'models' has no attribute {name!r}")
