"""The ONNX Runtime graphs: built from the torch weights, cached by content, close to torch.

A tiny randomly initialised BERT (MiniLM's tokenizer, 2 layers of width 64) keeps each build to a
second or two; the shipped model's agreement with torch is checked in ``test_models_suite``.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest
import torch
from transformers import BertConfig, BertModel

import models.onnx_runner as onnx_runner
from models.encoder import Encoder, TunedBranch, load_tokenizer, minilm_dir

TEXTS = ["thank you officers", "the road is closed near the school", "ok", "why did nobody come?? " * 5]


@pytest.fixture(scope="module")
def tiny_model() -> BertModel:
    torch.manual_seed(0)
    config = BertConfig(vocab_size=30522, hidden_size=64, num_hidden_layers=3, num_attention_heads=4,
                        intermediate_size=128, max_position_embeddings=512)
    return BertModel(config, add_pooling_layer=False).eval()


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer(minilm_dir())


def tiny_branch(model: BertModel, scale: float = 0.5) -> TunedBranch:
    """Layers 0 shared, layer 1 'tuned' (a perturbed copy), stopping at layer 2 of 3."""
    tuned = copy.deepcopy(model.encoder.layer[1])
    with torch.no_grad():
        for parameter in tuned.parameters():
            parameter.add_(scale * torch.randn_like(parameter) * parameter.std())
    return TunedBranch(torch.nn.ModuleList([model.encoder.layer[0], tuned]), 1, 2, f"tiny-{scale}")


def encoder(model, tokenizer, cache: Path, branch: TunedBranch | None, runtime: str = "onnx") -> Encoder:
    return Encoder(model, tokenizer, branch=branch, runtime=runtime, cache_dir=cache, name="tiny")


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


def test_graphs_agree_with_torch(tiny_model, tokenizer, tmp_path: Path) -> None:
    branch = tiny_branch(tiny_model)
    fast = encoder(tiny_model, tokenizer, tmp_path, branch).features(TEXTS, tuned=True, plain=True)
    exact = encoder(tiny_model, tokenizer, tmp_path, branch, "torch").features(TEXTS, tuned=True, plain=True)
    assert fast.plain is not None and exact.plain is not None and fast.tuned is not None and exact.tuned is not None
    assert fast.plain.shape == exact.plain.shape == (len(TEXTS), 64)
    np.testing.assert_allclose(np.linalg.norm(fast.plain, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(fast.plain, exact.plain, atol=1e-5)  # fp32: equal but for rounding
    assert cosine(fast.tuned, exact.tuned).min() > 0.97  # int8
    assert np.abs(fast.tuned - exact.tuned).max() > 1e-4  # really quantised
    # Each output comes from its own graph: the tuned vector is not normalised, the plain one is.
    np.testing.assert_allclose(np.linalg.norm(fast.tuned, axis=1), np.linalg.norm(exact.tuned, axis=1), rtol=0.05)
    assert np.linalg.norm(exact.tuned, axis=1).min() > 2
    only_plain = encoder(tiny_model, tokenizer, tmp_path, branch).features(TEXTS, tuned=False, plain=True)
    assert only_plain.tuned is None
    np.testing.assert_allclose(only_plain.plain, fast.plain, atol=1e-6)


def graph_folders(cache: Path) -> dict[str, list[str]]:
    return {p.name: sorted(f.name for f in p.iterdir()) for p in cache.iterdir()}


def test_graphs_are_built_once_and_reused(tiny_model, tokenizer, tmp_path: Path, monkeypatch) -> None:
    branch = tiny_branch(tiny_model)
    first = encoder(tiny_model, tokenizer, tmp_path, branch).embed(TEXTS)
    # Complete folders only, no staging leftovers: the plain encoder's graphs apart from the branch's.
    assert sorted(graph_folders(tmp_path).values()) == [["embed.onnx", "plain.onnx"], ["tuned.onnx"]]

    def no_build(*args, **kwargs):
        raise AssertionError("graphs were rebuilt although cached")

    monkeypatch.setattr(onnx_runner, "build_encoder_graphs", no_build)
    monkeypatch.setattr(onnx_runner, "build_branch_graph", no_build)
    np.testing.assert_array_equal(encoder(tiny_model, tokenizer, tmp_path, branch).embed(TEXTS), first)
    # Without a branch the very same plain graphs serve, so embeddings (and the ids that name them)
    # do not depend on whether sentiment is loaded.
    np.testing.assert_array_equal(encoder(tiny_model, tokenizer, tmp_path, None).embed(TEXTS), first)
    # Another adapter is another key, so it cannot reuse the branch graph.
    with pytest.raises(AssertionError, match="rebuilt"):
        encoder(tiny_model, tokenizer, tmp_path, tiny_branch(tiny_model, scale=0.6))


def test_incomplete_cache_folder_is_rebuilt(tiny_model, tokenizer, tmp_path: Path) -> None:
    encoder(tiny_model, tokenizer, tmp_path, None)
    (folder,) = list(tmp_path.iterdir())
    assert graph_folders(tmp_path) == {folder.name: ["embed.onnx", "plain.onnx"]}
    (folder / "plain.onnx").unlink()  # e.g. a cache cleaner removed a file
    embeddings = encoder(tiny_model, tokenizer, tmp_path, None).embed(TEXTS)
    assert (folder / "plain.onnx").is_file() and embeddings.shape == (len(TEXTS), 64)


def test_key_and_model_ids_follow_weights_branch_and_runtime(tiny_model, tokenizer, tmp_path: Path) -> None:
    branch = tiny_branch(tiny_model)
    fast = encoder(tiny_model, tokenizer, tmp_path, branch)
    exact = encoder(tiny_model, tokenizer, tmp_path, branch, "torch")
    assert fast.weights_hash != exact.weights_hash  # int8 vectors differ, so labels must say which made them
    assert onnx_runner.graph_key("w", "a") != onnx_runner.graph_key("w", "b")
    assert onnx_runner.graph_key("w") != onnx_runner.graph_key("v")
    with pytest.raises(ValueError, match="unknown runtime 'gpu'"):
        Encoder(tiny_model, tokenizer, runtime="gpu")  # type: ignore[arg-type]
