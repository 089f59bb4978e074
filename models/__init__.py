"""Classifiers for engage: sentiment, topics, needs_response, urgent, abusive.

engage imports only the names below (see MODELS_API.md); ``models`` never imports engage or connectors.
"""

from models.base import ClassifierInfo, Prediction, TopicSpec
from models.post_type import PostTypeClassifier, load_post_type
from models.suite import ClassifierSuite, load_suite

__all__ = [
    "ClassifierInfo", "ClassifierSuite", "PostTypeClassifier", "Prediction", "TopicSpec", "load_post_type",
    "load_suite",
]
