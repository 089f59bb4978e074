"""The shipped MiniLM suite: artifacts, shared encoder pass, model ids, obvious examples.

Each runtime's suite is loaded once for the module (loading MiniLM takes a few seconds; the int8
graphs are built once per test session, see ``conftest.model_graph_cache``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import load_file, save_file

from models import ClassifierSuite, Prediction, load_suite
from models.base import ClassifierInfo, content_hash, make_model_id
from models.encoder import length_sorted_batches, load_minilm_model, mean_pool
from models.tuned import (
    ABUSIVE_DIR,
    ADAPTER_FILES,
    SENTIMENT_DIR,
    SENTIMENT_LABELS,
    AbusiveHead,
    BranchConfig,
    SentimentHead,
    load_branch,
    tuned_hash,
)

POSITIVE = ["thank you officers, great job", "Brilliant work by the team today, so proud of our police!"]
NEGATIVE = ["you are useless, worst police force ever, disgusting",
            "Terrible response, nobody came for hours. Shameful."]
ABUSIVE = ["shut up you fucking idiot", "you stupid bitch"]
HARMLESS = ["thanks for the update, stay safe everyone", "what time does the station open on sunday?"]


@pytest.fixture(scope="module")
def suite() -> ClassifierSuite:
    """The default: int8 ONNX Runtime graphs."""
    return load_suite(tasks=["sentiment", "abusive"], batch_size=4)


@pytest.fixture(scope="module")
def torch_suite() -> ClassifierSuite:
    return load_suite(tasks=["sentiment", "abusive"], batch_size=4, runtime="torch")


def demo_texts(n: int) -> list[str]:
    """Public replies of the demo department: realistic text the shipped models must agree on."""
    path = Path(__file__).resolve().parents[1] / "engage" / "demo_data"
    records = [json.loads(line) for f in sorted(path.glob("*.jsonl")) for line in f.open(encoding="utf-8")]
    return [r["text"] for r in records if not r["is_department"] and r["text"].strip()][:n]


class RecordingHead:
    """An embedding head that keeps the embeddings the suite hands it."""

    info = ClassifierInfo("topics", "recorder@00000000", ("a",), True)

    def __init__(self) -> None:
        self.seen: np.ndarray | None = None

    def predict_embeddings(self, emb: np.ndarray, texts: Sequence[str]) -> list[Prediction]:
        self.seen = emb
        return [Prediction((), {"a": 0.0}) for _ in texts]


def test_artifacts_are_small_and_documented() -> None:
    files = [p for d in (SENTIMENT_DIR, ABUSIVE_DIR) for p in d.iterdir()]
    assert sum(p.stat().st_size for p in files) < 5_000_000
    for directory in (SENTIMENT_DIR, ABUSIVE_DIR):
        card = (directory / "MODEL_CARD.md").read_text(encoding="utf-8")
        assert "Rosenthal" in card and "Barbieri" in card and "Limitations" in card
        metrics = json.loads((directory / "metrics.json").read_text(encoding="utf-8"))
        assert 0.5 < metrics["validation"]["sentiment"]["macro_recall"] <= 1.0
        assert 0.5 < metrics["validation"]["abusive"]["macro_f1"] <= 1.0


@pytest.mark.parametrize("runtime", ["suite", "torch_suite"])
def test_obvious_examples(runtime: str, request: pytest.FixtureRequest) -> None:
    suite = request.getfixturevalue(runtime)
    out = suite.predict(POSITIVE + NEGATIVE + ABUSIVE + HARMLESS)
    sentiment = [p.labels[0] for p in out["sentiment"]]
    abusive = [p.labels[0] for p in out["abusive"]]
    assert sentiment[:2] == ["positive", "positive"]
    assert sentiment[2:4] == ["negative", "negative"]
    assert abusive[4:6] == ["yes", "yes"]
    assert abusive[6:] == ["no", "no"]
    for prediction in out["sentiment"]:
        assert set(prediction.scores) == set(SENTIMENT_LABELS)
        assert sum(prediction.scores.values()) == pytest.approx(1.0, abs=1e-5)
    for prediction in out["abusive"]:
        assert prediction.scores["yes"] + prediction.scores["no"] == pytest.approx(1.0)


def test_infos_and_model_ids(suite: ClassifierSuite) -> None:
    assert set(suite.infos) == {"sentiment", "abusive"}
    assert suite.infos["sentiment"].labels == SENTIMENT_LABELS
    assert suite.infos["abusive"].labels == ("yes", "no")
    assert suite.infos["sentiment"].model_id.startswith("minilm-lora-sentiment@")
    assert suite.infos["abusive"].model_id.startswith("minilm-lora-abusive@")


def test_model_id_changes_with_head_adapter_and_runtime(
    suite: ClassifierSuite, torch_suite: ClassifierSuite, tmp_path: Path
) -> None:
    copy = tmp_path / "sentiment"
    shutil.copytree(SENTIMENT_DIR, copy)
    base_hash = suite.encoder.weights_hash
    model = load_minilm_model()
    original = SentimentHead(tuned_hash(base_hash, load_branch(model, copy)), copy).info.model_id
    assert original == suite.infos["sentiment"].model_id  # a copy elsewhere keeps the id
    head = load_file(str(copy / "head.safetensors"))
    head["sentiment.bias"] = head["sentiment.bias"] + 0.01
    save_file(head, str(copy / "head.safetensors"))
    assert SentimentHead(tuned_hash(base_hash, load_branch(model, copy)), copy).info.model_id != original
    adapter = load_file(str(copy / ADAPTER_FILES[0]))
    name = sorted(adapter)[0]
    adapter[name] = adapter[name] * 1.01
    save_file(adapter, str(copy / ADAPTER_FILES[0]))
    changed = tuned_hash(base_hash, load_branch(model, copy))
    assert changed != tuned_hash(base_hash, load_branch(model, SENTIMENT_DIR))
    assert AbusiveHead(changed, ABUSIVE_DIR).info.model_id != suite.infos["abusive"].model_id
    for task in ("sentiment", "abusive"):  # the int8 runtime's labels are told apart from torch's
        assert suite.infos[task].model_id != torch_suite.infos[task].model_id


@pytest.mark.filterwarnings("ignore:.*is_gradient_checkpointing.*:FutureWarning")
def test_shared_pass_matches_separate_models(torch_suite: ClassifierSuite) -> None:
    """The branch off the shared lower layers equals a plain forward of the merged model to its top layer."""
    from peft import PeftModel

    texts = POSITIVE + NEGATIVE + ["ok", ""]
    config = BranchConfig.load(SENTIMENT_DIR)
    merged = PeftModel.from_pretrained(load_minilm_model(), str(SENTIMENT_DIR)).merge_and_unload().eval()
    head = torch_suite.sentiment
    assert isinstance(head, SentimentHead)
    with torch.inference_mode():
        expected = []
        for text in texts:  # one at a time: no padding at all
            batch = torch_suite.encoder.tokenizer([text], return_tensors="pt")
            hidden = merged(**batch, output_hidden_states=True).hidden_states[config.top_layer]
            pooled = mean_pool(hidden, batch["attention_mask"]).numpy()
            expected.append(head.predict_pooled(pooled)[0].scores)
    got = torch_suite.predict(texts, tasks=["sentiment"])["sentiment"]
    for prediction, scores in zip(got, expected, strict=True):
        for label in SENTIMENT_LABELS:
            assert prediction.scores[label] == pytest.approx(scores[label], abs=1e-4)


def test_onnx_runtime_agrees_with_torch(suite: ClassifierSuite, torch_suite: ClassifierSuite) -> None:
    """The int8 branch changes few decisions on realistic replies; the fp32 sentence embeddings none."""
    texts = demo_texts(300)
    fast, exact = suite.predict(texts), torch_suite.predict(texts)
    for task, floor in (("sentiment", 0.9), ("abusive", 0.95)):
        agree = np.mean([a.labels == b.labels for a, b in zip(fast[task], exact[task], strict=True)])
        assert agree >= floor, (task, agree)
    np.testing.assert_allclose(suite.encoder.embed(texts), torch_suite.encoder.embed(texts), atol=1e-5)


@pytest.mark.parametrize("runtime", ["suite", "torch_suite"])
def test_plain_embeddings_in_shared_pass_equal_encoder_embed(runtime: str, request: pytest.FixtureRequest) -> None:
    suite = request.getfixturevalue(runtime)
    recorder = RecordingHead()
    shared = ClassifierSuite(
        suite.encoder, sentiment=suite.sentiment, abusive=suite.abusive, embedding_heads={"topics": recorder},
        batch_size=3,
    )
    texts = POSITIVE + ABUSIVE + HARMLESS + ["a much longer text " * 20]
    out = shared.predict(texts)
    assert set(out) == {"sentiment", "topics", "abusive"}
    assert recorder.seen is not None
    np.testing.assert_allclose(recorder.seen, suite.encoder.embed(texts, batch_size=64), atol=1e-5)


@pytest.mark.parametrize("runtime", ["suite", "torch_suite"])
def test_encoder_embed_shape_norm_and_batch_invariance(runtime: str, request: pytest.FixtureRequest) -> None:
    encoder = request.getfixturevalue(runtime).encoder
    texts = HARMLESS + ["short", "a " * 300]
    emb = encoder.embed(texts, batch_size=2)
    assert emb.shape == (len(texts), 384) and emb.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)
    alone = np.stack([encoder.embed([t])[0] for t in texts])
    np.testing.assert_allclose(emb, alone, atol=1e-5)
    assert encoder.embed([]).shape == (0, 384)
    # related sentences are closer than unrelated ones (a sanity check of the pooling)
    a, b, c = encoder.embed(["the road is closed", "the street is shut", "I love chocolate cake"])
    assert a @ b > a @ c


def test_length_sorted_batches_cover_every_index_once() -> None:
    texts = ["a" * n for n in (5, 1, 9, 3, 7, 2, 8)]
    batches = length_sorted_batches(texts, 3)
    assert sorted(i for b in batches for i in b) == list(range(len(texts)))
    assert [len(b) for b in batches] == [3, 3, 1]
    assert [texts[i] for i in batches[0]] == ["a" * 9, "a" * 8, "a" * 7]
    with pytest.raises(ValueError):
        length_sorted_batches(texts, 0)


def test_content_hash_is_stable_and_sensitive(tmp_path: Path) -> None:
    array = np.arange(6, dtype=np.float32)
    assert content_hash("x", array, {"b": 1, "a": 2}) == content_hash("x", array.copy(), {"a": 2, "b": 1})
    assert content_hash("x", array) != content_hash("x", array + 1)
    assert content_hash([1, 2]) != content_hash([12])
    assert content_hash([[1], 2]) != content_hash([1, [2]])
    # A large array inside a tuple is hashed by its bytes, not its abbreviated repr.
    big = np.zeros(10_000, dtype=np.float32)
    changed = big.copy()
    changed[5_000] = 1.0
    assert content_hash(("w", big)) != content_hash(("w", changed))
    path = tmp_path / "w.bin"
    path.write_bytes(b"abc")
    first = make_model_id("m", path)
    path.write_bytes(b"abd")
    assert make_model_id("m", path) != first and first.startswith("m@") and len(first) == 10


def test_branch_config_round_trip() -> None:
    config = BranchConfig.load(SENTIMENT_DIR)
    assert config.labels == SENTIMENT_LABELS and 0 < config.branch_layer < config.top_layer <= 6
    assert len(config.log_prior) == 3 and 0.0 <= config.prior_weight <= 1.0


def test_replies_in_unread_languages_are_not_classified(suite: ClassifierSuite) -> None:
    """An English model gives a French reply no guess; the reply's language is its own label."""
    from models.language import NOT_CLASSIFIED, LanguageClassifier

    with_language = ClassifierSuite(suite.encoder, sentiment=suite.sentiment, abusive=suite.abusive,
                                    embedding_heads={}, language=LanguageClassifier())
    texts = ["thank you officers, you did a great job finding my dad last night",
             "Merci beaucoup pour votre aide hier soir, vraiment", "lol"]
    out = with_language.predict(texts, tasks=["sentiment", "abusive", "language"])
    assert [p.labels for p in out["language"]] == [("en",), ("fr",), ("und",)]
    assert out["sentiment"][0].labels == ("positive",) and out["sentiment"][2].labels != (NOT_CLASSIFIED,)
    assert out["sentiment"][1] == out["abusive"][1] == Prediction((NOT_CLASSIFIED,), {})
    assert with_language.infos["language"].model_id.startswith("py3langid@")
