"""Sentiment from any Hugging Face sequence-classification model (the "production" option).

``load_suite(sentiment_model="cardiffnlp/twitter-roberta-base-sentiment-latest")`` or a local
directory swaps the shipped MiniLM head for a larger model. Label names come from the model's
``config.id2label``; the common spellings (``negative``/``Negative``/``NEG``) and the bare
``LABEL_0..2`` convention of three-class sentiment models (0 negative, 1 neutral, 2 positive) are
mapped onto the suite's labels. Nothing is downloaded at run time: a hub id must already be in the
local Hugging Face cache (``hf download NAME`` once, on a machine with access).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from models.base import ClassifierInfo, Prediction, hash_files
from models.tuned import SENTIMENT_LABELS, probabilities_to_predictions

log = logging.getLogger(__name__)

_PREFIXES = {"neg": "negative", "neu": "neutral", "pos": "positive"}
_GENERIC = re.compile(r"label_(\d+)")
WEIGHT_PATTERNS = ("config.json", "*.safetensors", "*.bin")


def map_sentiment_labels(id2label: Mapping[int, str]) -> list[str]:
    """Map a model's ``id2label`` onto negative/neutral/positive, in class-index order.

    Raises ``ValueError`` when the model's labels are not those three: scoring a two-class or an
    emotion model as sentiment would silently produce wrong figures.
    """
    names = [str(id2label[i]).strip().lower() for i in sorted(id2label, key=int)]
    generic = [_GENERIC.fullmatch(n) for n in names]
    if len(names) == 3 and all(generic):
        return [SENTIMENT_LABELS[int(m.group(1))] for m in generic if m]
    mapped = [next((label for prefix, label in _PREFIXES.items() if n.startswith(prefix)), "") for n in names]
    if sorted(mapped) != sorted(SENTIMENT_LABELS):
        raise ValueError(f"sentiment model labels {names} do not map onto {list(SENTIMENT_LABELS)}")
    return mapped


def resolve_model_dir(name_or_path: str) -> Path:
    """The local directory of a model given as a path or as a hub id already in the local cache."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return path.resolve()
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(repo_id=name_or_path, local_files_only=True))
    except Exception as exc:  # the hub library raises several types for "not cached"
        raise FileNotFoundError(
            f"sentiment model {name_or_path!r} is neither a directory nor in the local Hugging Face cache; "
            f"fetch it once with `hf download {name_or_path}` or give a local path"
        ) from exc


class HFSentimentClassifier:
    """An ``AutoModelForSequenceClassification`` used as the suite's sentiment classifier."""

    def __init__(self, name_or_path: str, *, max_length: int = 256) -> None:
        directory = resolve_model_dir(name_or_path)
        self.tokenizer = AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
        self.model = AutoModelForSequenceClassification.from_pretrained(str(directory), local_files_only=True)
        self.model.eval()
        self.max_length = min(max_length, getattr(self.tokenizer, "model_max_length", max_length) or max_length)
        mapped = map_sentiment_labels(self.model.config.id2label)
        # Column order that puts the model's classes into SENTIMENT_LABELS order.
        self.columns = [mapped.index(label) for label in SENTIMENT_LABELS]
        files = [p for pattern in WEIGHT_PATTERNS for p in directory.glob(pattern)]
        name = name_or_path if not Path(name_or_path).expanduser().is_dir() else directory.name
        self.info = ClassifierInfo(
            task="sentiment",
            model_id=f"{name}@{hash_files(files)}",
            labels=SENTIMENT_LABELS,
            multi_label=False,
        )
        log.info("sentiment model %s loaded from %s", self.info.model_id, directory)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities of one batch, columns in ``SENTIMENT_LABELS`` order."""
        batch = self.tokenizer(
            list(texts), padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
        )
        with torch.inference_mode():
            logits = self.model(**batch).logits
            return torch.softmax(logits, dim=-1)[:, self.columns].float().numpy()

    @staticmethod
    def to_predictions(probs: np.ndarray) -> list[Prediction]:
        return probabilities_to_predictions(probs, SENTIMENT_LABELS)
