"""Data readers and metrics of models.evaluate, checked against hand-computed figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.base import ClassifierInfo, Prediction
from models.evaluate import (
    EvalResult,
    accuracy,
    confusion_matrix,
    decode_escapes,
    evaluate,
    macro_f1,
    macro_recall,
    overlap_key,
    read_semeval,
    read_tweeteval,
    to_binary,
)

LABELS = ("negative", "neutral", "positive")
# gold:      neg neg neu neu neu pos pos pos pos pos
# predicted: neg neu neu neu pos pos pos pos neu neg
GOLD = ["negative"] * 2 + ["neutral"] * 3 + ["positive"] * 5
PRED = ["negative", "neutral", "neutral", "neutral", "positive",
        "positive", "positive", "positive", "neutral", "negative"]


def test_decode_escapes_handles_bmp_surrogates_and_commas() -> None:
    assert decode_escapes(r"it\u2019s fine\u002c really") == "it\u2019s fine, really"
    assert decode_escapes(r"smile \ud83d\ude00") == "smile \U0001f600"
    assert decode_escapes(r"a\b stays") == r"a\b stays"


def test_confusion_matrix_rows_gold_columns_predicted() -> None:
    matrix = confusion_matrix(GOLD, PRED, LABELS)
    assert matrix.tolist() == [[1, 1, 0], [0, 2, 1], [1, 1, 3]]


def test_macro_recall_f1_accuracy_by_hand() -> None:
    # recalls: 1/2, 2/3, 3/5
    assert macro_recall(GOLD, PRED, LABELS) == pytest.approx((0.5 + 2 / 3 + 0.6) / 3)
    # F1 = 2tp / (gold + predicted): neg 2/(2+2), neu 4/(3+4), pos 6/(5+4)
    assert macro_f1(GOLD, PRED, LABELS) == pytest.approx((0.5 + 4 / 7 + 6 / 9) / 3)
    assert accuracy(GOLD, PRED) == pytest.approx(0.6)


def test_metrics_reject_length_mismatch() -> None:
    with pytest.raises(ValueError):
        accuracy(["yes"], ["yes", "no"])
    with pytest.raises(ValueError):
        confusion_matrix(["yes"], [], ("yes", "no"))


def test_read_semeval_decodes_and_deduplicates(tmp_path: Path) -> None:
    first = tmp_path / "a.tsv"
    second = tmp_path / "b.tsv"
    first.write_text("1\tpositive\tgreat day\\u002c thanks\n2\tnegative\tawful\n", encoding="utf-8")
    # id 1 again (other text), text "awful" again (other id), a bad label, then one new tweet
    second.write_text("1\tneutral\tsomething else\n3\tnegative\tawful\n4\tunknown\tx\n5\tneutral\tmeh\n",
                      encoding="utf-8")
    texts, labels = read_semeval([second, first])  # order of arguments must not matter
    assert texts == ["great day, thanks", "awful", "meh"]
    assert labels == ["positive", "negative", "neutral"]


def test_read_tweeteval_maps_label_ids(tmp_path: Path) -> None:
    (tmp_path / "mapping.txt").write_text("0\tnot-offensive\n1\toffensive\n", encoding="utf-8")
    (tmp_path / "val_text.txt").write_text("@user you idiot \n nice one\\u2019s\n", encoding="utf-8")
    (tmp_path / "val_labels.txt").write_text("1\n0\n", encoding="utf-8")
    texts, labels = read_tweeteval(tmp_path, "val")
    assert texts == ["@user you idiot", "nice one\u2019s"]
    assert labels == ["offensive", "not-offensive"]
    assert to_binary(labels, "offensive") == ["yes", "no"]


def test_overlap_key_matches_anonymised_copy() -> None:
    original = "@NorthPolice thanks!! great work http://t.co/abc"
    anonymised = "@user thanks great work"
    assert overlap_key(original) == overlap_key(anonymised)
    assert overlap_key("thanks, bad work") != overlap_key(anonymised)


class _FixedSuite:
    """A stand-in suite returning preset labels, to test evaluate() without a model."""

    infos = {"sentiment": ClassifierInfo("sentiment", "fixed@00000000", LABELS, False)}

    def predict(self, texts, tasks=None, progress=None):
        return {"sentiment": [Prediction((label,), {label: 1.0}) for label in PRED[: len(texts)]]}


def test_evaluate_returns_figures_and_table() -> None:
    result = evaluate(_FixedSuite(), "sentiment", [f"t{i}" for i in range(10)], GOLD)
    assert isinstance(result, EvalResult)
    figures = result.as_dict()
    assert {"macro_recall", "macro_f1", "accuracy", "texts_per_s", "n", "model_id"} <= set(figures)
    assert figures["n"] == 10 and figures["model_id"] == "fixed@00000000"
    assert figures["accuracy"] == pytest.approx(0.6)
    assert figures["texts_per_s"] > 0
    table = result.table()
    assert "macro-recall 0.5889" in table and "negative" in table
    assert np.array(result.confusion).sum() == 10


def test_evaluate_rejects_unknown_gold_labels() -> None:
    with pytest.raises(ValueError, match="not labels"):
        evaluate(_FixedSuite(), "sentiment", ["a"], ["angry"])
