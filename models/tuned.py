"""The tuned MiniLM branch that carries the sentiment and abusive heads.

The bundled MiniLM's lowest layer is shared, unchanged, with every other classifier; the next two
are adapted (LoRA, merged at load time) and feed small linear heads; the branch stops there, so
sentiment alone costs half a full MiniLM pass. Because the branch starts from the same lower-layer
states as the plain sentence encoder, one encoder pass serves the topic and intent heads (full plain
stack) and the sentiment/abusive heads (shared layer + tuned layers); ``config.json``'s
``branch_layer`` and ``top_layer`` say where the branch starts and stops.

Artifact layout, written by ``python -m models.train``:

``artifacts/sentiment/``: ``adapter_model.safetensors`` + ``adapter_config.json`` (PEFT LoRA of the
branch layers), ``head.safetensors`` (sentiment head), ``config.json`` (branch span, labels, prior
correction), ``MODEL_CARD.md``, ``metrics.json``.
``artifacts/abusive/``: ``head.safetensors`` (offensive and hate heads), ``config.json`` (threshold),
``MODEL_CARD.md``, ``metrics.json``; it uses the encoder adapter of ``artifacts/sentiment``.
"""

from __future__ import annotations

import copy
import json
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from transformers import PreTrainedModel

from models.base import ClassifierInfo, Prediction, content_hash, hash_files
from models.encoder import TunedBranch

log = logging.getLogger(__name__)

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SENTIMENT_DIR = ARTIFACTS / "sentiment"
ABUSIVE_DIR = ARTIFACTS / "abusive"
SENTIMENT_LABELS = ("negative", "neutral", "positive")
BINARY_LABELS = ("yes", "no")
LORA_TARGETS = ("query", "key", "value", "dense")
ADAPTER_FILES = ("adapter_model.safetensors", "adapter_config.json")


@dataclass(frozen=True)
class BranchConfig:
    """Settings of the tuned branch saved beside its adapter (``artifacts/sentiment/config.json``)."""

    branch_layer: int
    top_layer: int
    max_length: int
    labels: tuple[str, ...]
    log_prior: tuple[float, ...]
    prior_weight: float

    @classmethod
    def load(cls, path: Path) -> BranchConfig:
        data = json.loads((path / "config.json").read_text(encoding="utf-8"))
        return cls(
            branch_layer=int(data["branch_layer"]),
            top_layer=int(data["top_layer"]),
            max_length=int(data["max_length"]),
            labels=tuple(data["labels"]),
            log_prior=tuple(float(x) for x in data["log_prior"]),
            prior_weight=float(data["prior_weight"]),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "branch_layer": self.branch_layer,
            "top_layer": self.top_layer,
            "max_length": self.max_length,
            "labels": list(self.labels),
            "log_prior": list(self.log_prior),
            "prior_weight": self.prior_weight,
        }


def load_branch(base: PreTrainedModel, adapter_dir: Path = SENTIMENT_DIR) -> TunedBranch:
    """The tuned branch of ``adapter_dir`` over ``base``: its own lower layers, then the adapted ones.

    The LoRA adapter is merged into a copy of ``base`` (merged weights run as fast as plain ones);
    only the copy's tuned layers are kept, so the shared lower layers exist once in memory and
    ``base`` itself is not modified (the plain encoder stays exact).
    """
    from peft import PeftModel

    config = BranchConfig.load(adapter_dir)
    with warnings.catch_warnings():
        # PEFT calls a transformers method deprecated in v5; the warning says nothing about our model.
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
        tuned = PeftModel.from_pretrained(copy.deepcopy(base), str(adapter_dir), is_trainable=False)
    merged = tuned.merge_and_unload()
    merged.eval()
    plain = base.encoder.layer
    layers = torch.nn.ModuleList(
        [plain[i] if i < config.branch_layer else merged.encoder.layer[i] for i in range(config.top_layer)]
    )
    digest = content_hash(config.branch_layer, config.top_layer, hash_files(adapter_dir / n for n in ADAPTER_FILES))
    return TunedBranch(layers, config.branch_layer, config.top_layer, digest)


def tuned_hash(encoder_weights_hash: str, branch: TunedBranch) -> str:
    """Content hash of what the tuned heads read: encoder weights and runtime, plus the adapter."""
    return content_hash(encoder_weights_hash, branch.content_hash)


def load_linear_heads(path: Path) -> dict[str, torch.nn.Linear]:
    """Load ``{name}.weight``/``{name}.bias`` pairs of a ``head.safetensors`` as linear layers."""
    from safetensors.torch import load_file

    tensors = load_file(str(path))
    heads: dict[str, torch.nn.Linear] = {}
    for key in sorted(k for k in tensors if k.endswith(".weight")):
        name = key.removesuffix(".weight")
        weight, bias = tensors[key], tensors[f"{name}.bias"]
        layer = torch.nn.Linear(weight.shape[1], weight.shape[0])
        layer.load_state_dict({"weight": weight, "bias": bias})
        layer.eval()
        heads[name] = layer
    return heads


class SentimentHead:
    """Negative/neutral/positive from the tuned branch's pooled vector.

    ``encoder_hash`` (``tuned_hash``: encoder, runtime and adapter) enters the model id, so a new
    adapter or runtime means a new id.
    """

    def __init__(self, encoder_hash: str, directory: Path = SENTIMENT_DIR) -> None:
        self.config = BranchConfig.load(directory)
        self.linear = load_linear_heads(directory / "head.safetensors")["sentiment"]
        # Logit adjustment (Menon et al. 2021): subtracting a share of the log training prior
        # trades a little accuracy on the majority class for recall on the rare negative class.
        self.adjust = torch.tensor(self.config.log_prior) * self.config.prior_weight
        self.info = ClassifierInfo(
            task="sentiment",
            model_id="minilm-lora-sentiment@"
            + content_hash(encoder_hash, directory / "head.safetensors", self.config.as_dict()),
            labels=self.config.labels,
            multi_label=False,
        )

    def predict_pooled(self, pooled: np.ndarray) -> list[Prediction]:
        with torch.inference_mode():
            probs = torch.softmax(self.linear(torch.from_numpy(pooled)) - self.adjust, dim=-1).numpy()
        return probabilities_to_predictions(probs, self.config.labels)


class AbusiveHead:
    """Offensive-or-hateful yes/no from the tuned branch's pooled vector (max of two heads)."""

    def __init__(self, encoder_hash: str, directory: Path = ABUSIVE_DIR) -> None:
        data = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.threshold = float(data["threshold"])
        self.heads = load_linear_heads(directory / "head.safetensors")
        self.info = ClassifierInfo(
            task="abusive",
            model_id="minilm-lora-abusive@"
            + content_hash(encoder_hash, directory / "head.safetensors", data),
            labels=BINARY_LABELS,
            multi_label=False,
        )

    def probability(self, pooled: np.ndarray) -> np.ndarray:
        """P(abusive): the larger of P(offensive) and P(hateful); each head is a 2-way softmax."""
        vectors = torch.from_numpy(pooled)
        with torch.inference_mode():
            scores = [torch.softmax(head(vectors), dim=-1)[:, 1] for head in self.heads.values()]
            return torch.stack(scores, dim=1).max(dim=1).values.numpy()

    def predict_pooled(self, pooled: np.ndarray) -> list[Prediction]:
        return [
            Prediction(labels=("yes" if p >= self.threshold else "no",), scores={"yes": float(p), "no": 1 - float(p)})
            for p in self.probability(pooled)
        ]


def probabilities_to_predictions(probs: np.ndarray, labels: tuple[str, ...]) -> list[Prediction]:
    """Single-label predictions (arg-max) that keep the probability of every label."""
    return [
        Prediction(
            labels=(labels[int(row.argmax())],),
            scores={label: float(value) for label, value in zip(labels, row, strict=True)},
        )
        for row in probs
    ]
