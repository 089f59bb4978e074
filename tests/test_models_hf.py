"""The production sentiment path: any AutoModelForSequenceClassification loaded by path.

A tiny randomly initialised BERT is built and saved in a temporary folder, so the real loading code
runs without any download.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

from models import load_suite
from models.hf_sentiment import map_sentiment_labels
from models.tuned import SENTIMENT_LABELS

WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "thank", "you", "officers", "great", "job", "the",
         "police", "are", "awful", "slow", "road", "closed", "today", "!", ",", "."]
TEXTS = ["thank you officers, great job!", "the police are awful", "road closed today .",
         "slow", "", "the the the the the the the the police are slow , awful and slow today"]


def save_tiny_model(directory: Path, *, seed: int, id2label: dict[int, str]) -> Path:
    """Save a tiny random BERT sequence classifier with a 21-word tokenizer to ``directory``."""
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=len(WORDS), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=32, max_position_embeddings=64,
        id2label=id2label, label2id={v: k for k, v in id2label.items()},
    )
    BertForSequenceClassification(config).save_pretrained(directory)
    BertTokenizer(vocab={w: i for i, w in enumerate(WORDS)}).save_pretrained(directory)
    return directory


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_model(tmp_path_factory.mktemp("a") / "tiny-sentiment", seed=1,
                           id2label={0: "Negative", 1: "Neutral", 2: "Positive"})


def direct_probabilities(directory: Path, texts: list[str]) -> np.ndarray:
    """Per-text probabilities straight from the model, in the model's own class order."""
    model = BertForSequenceClassification.from_pretrained(directory).eval()
    tokenizer = BertTokenizer.from_pretrained(directory)
    with torch.inference_mode():
        return np.stack([torch.softmax(model(**tokenizer(t, return_tensors="pt")).logits, -1)[0].numpy()
                         for t in texts])


def test_tiny_model_loads_by_path_and_predicts(tiny: Path) -> None:
    suite = load_suite(sentiment_model=str(tiny), tasks=["sentiment"], batch_size=2)
    info = suite.infos["sentiment"]
    assert info.labels == SENTIMENT_LABELS and not info.multi_label
    assert info.model_id.startswith("tiny-sentiment@")
    assert list(suite.infos) == ["sentiment"]
    done: list[int] = []
    predictions = suite.predict(TEXTS, progress=done.append)["sentiment"]
    assert done == [2, 4, 6]
    assert len(predictions) == len(TEXTS)
    expected = direct_probabilities(tiny, TEXTS)  # unbatched, unpadded: batching must not change results
    for prediction, probs in zip(predictions, expected, strict=True):
        assert set(prediction.scores) == set(SENTIMENT_LABELS)
        assert sum(prediction.scores.values()) == pytest.approx(1.0, abs=1e-5)
        assert prediction.labels == (max(prediction.scores, key=prediction.scores.get),)
        assert [prediction.scores[label] for label in SENTIMENT_LABELS] == pytest.approx(probs.tolist(), abs=1e-5)
    assert suite.predict([])["sentiment"] == []


def test_label_order_follows_id2label(tmp_path: Path) -> None:
    path = save_tiny_model(tmp_path / "shuffled", seed=2, id2label={0: "positive", 1: "NEG", 2: "neutral"})
    suite = load_suite(sentiment_model=str(path), tasks=["sentiment"])
    prediction = suite.predict(["great job"])["sentiment"][0]
    positive, negative, neutral = direct_probabilities(path, ["great job"])[0]
    assert prediction.scores["positive"] == pytest.approx(positive, abs=1e-5)
    assert prediction.scores["negative"] == pytest.approx(negative, abs=1e-5)
    assert prediction.scores["neutral"] == pytest.approx(neutral, abs=1e-5)


def test_model_id_tracks_weights(tiny: Path, tmp_path: Path) -> None:
    same = save_tiny_model(tmp_path / "same" / "tiny-sentiment", seed=1,
                           id2label={0: "Negative", 1: "Neutral", 2: "Positive"})
    other = save_tiny_model(tmp_path / "other" / "tiny-sentiment", seed=3,
                            id2label={0: "Negative", 1: "Neutral", 2: "Positive"})
    ids = [load_suite(sentiment_model=str(p), tasks=["sentiment"]).infos["sentiment"].model_id
           for p in (tiny, same, other)]
    assert ids[0] == ids[1]
    assert ids[0] != ids[2]


def test_label_mapping_conventions() -> None:
    assert map_sentiment_labels({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}) == list(SENTIMENT_LABELS)
    assert map_sentiment_labels({0: "POS", 1: "NEU", 2: "NEG"}) == ["positive", "neutral", "negative"]
    with pytest.raises(ValueError):
        map_sentiment_labels({0: "NEGATIVE", 1: "POSITIVE"})
    with pytest.raises(ValueError):
        map_sentiment_labels({0: "anger", 1: "joy", 2: "sadness"})


def test_missing_model_and_bad_tasks_fail_clearly(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="hf download"):
        load_suite(sentiment_model="no-such-org/no-such-model", tasks=["sentiment"])
    with pytest.raises(ValueError, match="unknown tasks"):
        load_suite(tasks=["sarcasm"])
    with pytest.raises(ValueError, match="topic"):
        load_suite(tasks=["topics"])
