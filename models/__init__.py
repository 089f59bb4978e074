"""Classifiers for engage: sentiment, topics, needs_response, urgent, abusive, language.

engage imports only the names below (see MODELS_API.md); ``models`` never imports engage or connectors.
The suite is imported on first use, so reading ``models.tasks`` (the task registry) loads no torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.base import ClassifierInfo, Prediction, TopicSpec

if TYPE_CHECKING:
    from models.suite import ClassifierSuite, load_suite

__all__ = ["ClassifierInfo", "ClassifierSuite", "Prediction", "TopicSpec", "load_suite"]


def __getattr__(name: str) -> Any:
    if name in ("ClassifierSuite", "load_suite"):
        from models import suite

        return getattr(suite, name)
    raise AttributeError(f"module 'models' has no attribute {name!r}")
