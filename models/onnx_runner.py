"""The bundled MiniLM as ONNX Runtime graphs: the tuned branch in int8, the sentence encoder in fp32.

The graphs are not shipped (they would be tens of MB): they are exported from the very torch
weights the project loads and optimised (ONNX Runtime fuses each layer's attention into one kernel)
at first use, then cached under a key that hashes the weights, the recipe and the library versions,
so a new adapter or an upgrade builds new graphs and a stale graph is never run.

Three graphs: ``embed`` (token ids to embeddings, shared), ``plain`` (the six plain layers,
mean-pooled and L2-normalised: the sentence embeddings) and ``tuned`` (the tuned branch's three
layers, mean-pooled, for the sentiment and abusive heads).

Only ``tuned`` is quantised to int8 (weights per channel, activations per batch): that is where
speed was needed (sentiment alone at 300+ texts/s) and where its effect was measured (validation
figures in the model cards). The sentence embeddings stay fp32 because the heads that read them
are not robust to int8 noise: the topic scorer's relative gain of 160 turns a 0.01 cosine shift into
1.6 logits, and in a probe an int8 encoder cost the urgent head one of its 50 held-out urgent replies;
fp32 also keeps them independent of what they are batched with. Unlike the torch runner, the two
stacks share only the embeddings: the branch runs the shared layer 0 again, in int8. Sharing the
plain stack's fp32 layer 0 instead would slow sentiment alone by one fp32 layer, and an int8 one would
put int8 noise into the sentence embeddings; the repeat costs about a ninth of an all-tasks pass.
"""

from __future__ import annotations

import contextlib
import logging
import math
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch
from transformers import AttentionInterface, PretrainedConfig, PreTrainedModel

from models.base import content_hash
from models.encoder import PassOutput, TokenStates, TunedBranch, mean_pool, run_layers

if TYPE_CHECKING:
    import onnxruntime

log = logging.getLogger(__name__)

# Bump when the export, optimisation or quantisation steps change: old caches are then ignored.
RECIPE = "minilm-fused-fp32-branch-int8-v1"
ENCODER_GRAPHS = ("embed", "plain")
BRANCH_GRAPHS = ("tuned",)
_EXPORT_ATTENTION = "engage_divide_scaled"
# The additive mask BERT used before transformers 5; ONNX Runtime's attention fusion recognises it.
_MASK_FILL = -10000.0
_SAMPLE_IDS = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]])


def _divide_scaled_attention(module, query, key, value, attention_mask, scaling=None, dropout=0.0, **kwargs):
    """Eager attention written as ONNX Runtime's fusion expects: scores divided by sqrt(d).

    transformers 5's eager attention multiplies by a precomputed scale instead, a graph the
    optimiser does not recognise, which would leave every layer unfused (and about 30% slower).
    """
    scores = torch.matmul(query, key.transpose(2, 3)) / math.sqrt(query.size(-1))
    if attention_mask is not None:
        scores = scores + attention_mask
    probs = torch.nn.functional.softmax(scores, dim=-1)
    return torch.matmul(probs, value).transpose(1, 2).contiguous(), probs


AttentionInterface.register(_EXPORT_ATTENTION, _divide_scaled_attention)


def _additive_mask(attention_mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    return (1.0 - attention_mask[:, None, None, :].to(dtype)) * _MASK_FILL


class _Embed(torch.nn.Module):
    """Token ids in, embeddings (word + position + type, layer-normed) out."""

    def __init__(self, model: PreTrainedModel) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.model.embeddings(input_ids=input_ids)


class _Stack(torch.nn.Module):
    """All of ``layers`` over embeddings, then mean pooling (optionally L2-normalised)."""

    def __init__(self, layers: torch.nn.ModuleList, normalize: bool) -> None:
        super().__init__()
        self.layers = layers
        self.normalize = normalize

    def forward(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        mask = _additive_mask(attention_mask, hidden.dtype)
        top = run_layers(self.layers, TokenStates(hidden, attention_mask, mask, 0), len(self.layers))
        pooled = mean_pool(top.hidden, attention_mask)
        return torch.nn.functional.normalize(pooled, p=2, dim=1) if self.normalize else pooled


@contextlib.contextmanager
def _export_attention(modules: list[torch.nn.Module]) -> Iterator[None]:
    """Run ``modules``' attention through the divide-scaled function while exporting."""
    configs = {id(m.config): m.config for module in modules for m in module.modules() if hasattr(m, "config")}
    saved = {key: config._attn_implementation for key, config in configs.items()}
    for config in configs.values():
        config._attn_implementation = _EXPORT_ATTENTION
    try:
        yield
    finally:
        for key, config in configs.items():
            config._attn_implementation = saved[key]


@contextlib.contextmanager
def _quiet_logs() -> Iterator[None]:
    """Hold back the optimiser's and quantiser's hundreds of INFO lines (the quantiser's on the root logger).

    The quantiser's one warning, advice to run shape inference first, does not apply: the fused graphs
    carry their shapes and ``DefaultTensorType`` covers the rest.
    """
    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.ERROR))
    try:
        yield
    finally:
        root.setLevel(level)


def graph_key(*parts: object) -> str:
    """Cache key of graphs built from ``parts`` (weights hashes) with this recipe and these libraries."""
    import onnx
    import onnxruntime

    return content_hash(RECIPE, *parts, torch.__version__, onnx.__version__, onnxruntime.__version__)


def _export(module: torch.nn.Module, inputs: dict[str, torch.Tensor], out: Path, config: PretrainedConfig, *,
            int8: bool) -> None:
    """Export ``module`` to ONNX, fuse its attention and layer norms (and quantise it to int8) at ``out``.

    Batch and token axes of the inputs are dynamic, and so are the output's (one vector per text
    keeps only the batch axis, which is all ``_Stack``'s output has).
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    axes = {0: "batch", 1: "tokens"}
    output = {0: "batch"} if isinstance(module, _Stack) else axes
    with tempfile.TemporaryDirectory() as tmp, torch.inference_mode(), _export_attention([module]), _quiet_logs():
        raw, fused = Path(tmp) / "raw.onnx", Path(tmp) / "fused.onnx"
        with warnings.catch_warnings():
            # The TorchScript exporter is deprecated in favour of dynamo, which needs onnxscript and
            # emits graphs the BERT fusion does not match; its warning is not ours to act on.
            warnings.simplefilter("ignore")
            torch.onnx.export(module, tuple(inputs.values()), str(raw), input_names=list(inputs),
                              output_names=["output"], dynamic_axes={**{n: axes for n in inputs}, "output": output},
                              opset_version=17, dynamo=False)
        optimised = optimizer.optimize_model(str(raw), model_type="bert", num_heads=config.num_attention_heads,
                                             hidden_size=config.hidden_size, opt_level=0)
        if not int8:
            optimised.save_model_to_file(str(out))
            return
        optimised.save_model_to_file(str(fused))
        # DefaultTensorType: the exporter leaves some tensor types unknown, which the quantiser needs.
        quantize_dynamic(str(fused), str(out), op_types_to_quantize=["MatMul", "Attention"], per_channel=True,
                         weight_type=QuantType.QInt8, extra_options={"DefaultTensorType": 1})


def _sample(model: PreTrainedModel) -> tuple[torch.Tensor, torch.Tensor]:
    with torch.inference_mode():
        return model.embeddings(input_ids=_SAMPLE_IDS), (_SAMPLE_IDS != 0).long()


def build_encoder_graphs(model: PreTrainedModel, out_dir: Path) -> None:
    """``embed`` and ``plain`` graphs of ``model`` into ``out_dir``."""
    hidden, mask = _sample(model)
    _export(_Embed(model), {"input_ids": _SAMPLE_IDS}, out_dir / "embed.onnx", model.config, int8=False)
    _export(_Stack(model.encoder.layer, normalize=True), {"hidden": hidden, "attention_mask": mask},
            out_dir / "plain.onnx", model.config, int8=False)


def build_branch_graph(model: PreTrainedModel, branch: TunedBranch, out_dir: Path) -> None:
    """The ``tuned`` graph of ``branch`` (over ``model``'s embeddings) into ``out_dir``."""
    hidden, mask = _sample(model)
    _export(_Stack(branch.layers, normalize=False), {"hidden": hidden, "attention_mask": mask},
            out_dir / "tuned.onnx", model.config, int8=True)


def cached_graphs(key: str, names: tuple[str, ...], build: Callable[[Path], None], cache_dir: Path) -> Path:
    """The folder holding graphs ``names`` for ``key``, calling ``build(folder)`` first if the cache lacks it.

    A build goes to a temporary folder beside the target and is renamed into place when complete, so
    an interrupted build or two processes building at once never leave a partial folder behind.
    """
    target = cache_dir / key

    def complete() -> bool:
        return all((target / f"{name}.onnx").is_file() for name in names)

    if complete():
        return target
    shutil.rmtree(target, ignore_errors=True)  # a folder that lost a file (e.g. to a cache cleaner)
    cache_dir.mkdir(parents=True, exist_ok=True)
    log.info("building ONNX graphs %s into %s (once per model; takes a few seconds)", names, target)
    started = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache_dir))
    try:
        build(staging)
        try:
            staging.rename(target)
        except OSError:
            if not complete():  # not a concurrent build that finished first
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("built %s in %.1fs", names, time.perf_counter() - started)
    return target


class OnnxRunner:
    """Runs the cached graphs: ``plain`` matches ``TorchRunner`` to fp32 rounding, ``tuned`` to int8 precision.

    A session is opened when its graph is first run, so a sentiment-only suite never holds the plain
    stack in memory.
    """

    def __init__(self, model: PreTrainedModel, weights_hash: str, branch: TunedBranch | None, cache_dir: Path,
                 threads: int) -> None:
        import onnxruntime as ort

        self.options = ort.SessionOptions()
        self.options.intra_op_num_threads = threads
        self.options.inter_op_num_threads = 1
        # Three sessions take turns on the same cores: spinning threads would steal them from each other.
        self.options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        plain = cached_graphs(graph_key(weights_hash), ENCODER_GRAPHS, lambda out: build_encoder_graphs(model, out),
                              cache_dir)
        self.paths = {name: plain / f"{name}.onnx" for name in ENCODER_GRAPHS}
        if branch is not None:
            tuned = cached_graphs(graph_key(weights_hash, branch.content_hash), BRANCH_GRAPHS,
                                  lambda out: build_branch_graph(model, branch, out), cache_dir)
            self.paths["tuned"] = tuned / "tuned.onnx"
        self._sessions: dict[str, onnxruntime.InferenceSession] = {}

    def _run(self, name: str, feeds: dict[str, np.ndarray]) -> np.ndarray:
        import onnxruntime as ort

        if name not in self._sessions:
            self._sessions[name] = ort.InferenceSession(str(self.paths[name]), self.options,
                                                        providers=["CPUExecutionProvider"])
        return self._sessions[name].run(None, feeds)[0]

    def run(self, input_ids: np.ndarray, attention_mask: np.ndarray, *, tuned: bool, plain: bool) -> PassOutput:
        hidden = self._run("embed", {"input_ids": input_ids.astype(np.int64, copy=False)})
        feeds = {"hidden": hidden, "attention_mask": attention_mask.astype(np.int64, copy=False)}
        return PassOutput(
            tuned=self._run("tuned", feeds) if tuned else None,
            plain=self._run("plain", feeds) if plain else None,
        )
