"""Topic classifier: model ids, label/score shape, the "other" fallback, corrections, labelled sets."""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pytest

from models.base import TopicSpec
from models.encoder import Encoder
from models.labelled import (
    DEFAULT_TOPICS_PATH,
    DEV_TOPICS_PATH,
    EVAL_PATHS,
    TRAIN_PATHS,
    load_default_topics,
    load_labelled,
    multilabel_scores,
)
from models.topics import TopicClassifier


@pytest.fixture(scope="session")
def encoder() -> Iterator[Encoder]:
    yield Encoder()


@pytest.fixture(scope="module")
def specs() -> list[TopicSpec]:
    return load_default_topics()


@pytest.fixture(scope="module")
def classifier(encoder: Encoder, specs: list[TopicSpec]) -> TopicClassifier:
    return TopicClassifier(specs, encoder=encoder)


def test_default_topics_file_has_the_police_topics(specs: list[TopicSpec]) -> None:
    names = [s.name for s in specs]
    assert names[-1] == "other" and len(names) == 11
    assert "crime_and_safety" in names and "use_of_force_and_misconduct" in names
    for spec in specs:
        assert spec.description
        assert 4 <= len(spec.examples) <= 8


def test_model_id_tracks_specs_examples_and_threshold(encoder: Encoder, specs: list[TopicSpec]) -> None:
    base = TopicClassifier(specs, encoder=encoder).info.model_id
    assert base.startswith("minilm-proto-topics@")
    assert TopicClassifier(specs, encoder=encoder).info.model_id == base
    changed_spec = [*specs[:-1], TopicSpec("other", "Anything else at all.", ("lol",))]
    assert TopicClassifier(changed_spec, encoder=encoder).info.model_id != base
    with_example = TopicClassifier(specs, [("speed bumps please", "traffic_and_roads")], encoder=encoder)
    assert with_example.info.model_id != base
    assert TopicClassifier(specs, threshold=0.6, encoder=encoder).info.model_id != base
    # The order corrections arrive in does not matter.
    pairs = [("a", "other"), ("b", "praise_and_thanks")]
    assert (
        TopicClassifier(specs, pairs, encoder=encoder).info.model_id
        == TopicClassifier(specs, pairs[::-1], encoder=encoder).info.model_id
    )


def test_labels_and_scores_shape(classifier: TopicClassifier, encoder: Encoder) -> None:
    texts = [
        "How old do you have to be to join the police academy?",
        "Thank you officers, brilliant work tonight 👏",
        "Massive crypto giveaway, click the link in my bio 🚀🚀",
    ]
    predictions = classifier.predict_embeddings(encoder.embed(texts), texts)
    assert classifier.info.multi_label and classifier.info.labels == tuple(s.name for s in classifier.specs)
    for prediction in predictions:
        assert set(prediction.scores) == set(classifier.info.labels)
        assert all(0.0 <= v <= 1.0 for v in prediction.scores.values())
        assert prediction.labels and set(prediction.labels) <= set(classifier.info.labels)
        assert ("other" in prediction.labels) == (prediction.labels == ("other",))
    assert predictions[0].labels == ("recruitment_and_jobs",)
    assert predictions[1].labels == ("praise_and_thanks",)
    assert predictions[2].labels == ("other",)
    assert classifier.predict_embeddings(np.zeros((0, 384), dtype=np.float32), []) == []


def test_no_other_topic_means_empty_labels(encoder: Encoder, specs: list[TopicSpec]) -> None:
    without_other = [s for s in specs if s.name != "other"]
    texts = ["check out my mixtape 🔥🔥"]
    strict = TopicClassifier(without_other, threshold=0.99, encoder=encoder)
    (prediction,) = strict.predict(texts)
    assert prediction.labels == ()
    assert "other" not in prediction.scores


def test_correction_fixes_an_ambiguous_reply(encoder: Encoder, specs: list[TopicSpec]) -> None:
    text = "Why are officers at the fun run instead of answering calls?"
    before = TopicClassifier(specs, encoder=encoder).predict([text])[0]
    assert "service_complaints" not in before.labels  # zero-shot reads it as about officers/jobs
    corrections = [("Why are cops at the charity fun run when nobody answers the phone?", "service_complaints")]
    after = TopicClassifier(specs, corrections, encoder=encoder).predict([text])[0]
    assert "service_complaints" in after.labels
    assert after.scores["service_complaints"] > before.scores["service_complaints"]


def test_many_corrections_fit_a_head_and_keep_shape(encoder: Encoder, specs: list[TopicSpec]) -> None:
    # The topics' own example phrases as corrections: already embedded, so the test stays fast.
    corrections = [(example, spec.name) for spec in specs for example in spec.examples]
    classifier = TopicClassifier(specs, corrections, encoder=encoder)
    assert classifier._fitted.head_coef is not None
    texts = ["thank you so much officers, you were brilliant", "how do I apply to be a police dispatcher?"]
    praise, jobs = classifier.predict(texts)
    assert praise.labels == ("praise_and_thanks",)
    assert "recruitment_and_jobs" in jobs.labels
    assert set(praise.scores) == set(classifier.info.labels)


def test_invalid_configuration_is_rejected(encoder: Encoder, specs: list[TopicSpec]) -> None:
    with pytest.raises(ValueError, match="threshold"):
        TopicClassifier(specs, threshold=1.5, encoder=encoder)
    with pytest.raises(ValueError, match="duplicate"):
        TopicClassifier([specs[0], specs[0]], encoder=encoder)


def test_labelled_sets_are_valid_and_disjoint(specs: list[TopicSpec]) -> None:
    names = {s.name for s in specs}
    topics = load_labelled("topics")
    assert len(topics) >= 300
    assert all(item.labels and set(item.labels) <= names for item in topics)
    assert {i.labels[0] for i in load_labelled("needs_response")} == {"yes", "no"}
    urgent = load_labelled("urgent")
    share = sum(i.labels == ("yes",) for i in urgent) / len(urgent)
    assert len(urgent) >= 120 and 0.3 <= share <= 0.5
    evaluation = {json.loads(line)["text"].lower() for p in set(EVAL_PATHS.values()) for line in p.open()}
    training = {json.loads(line)["text"].lower() for p in TRAIN_PATHS.values() for line in p.open()}
    development = {json.loads(line)["text"].lower() for line in DEV_TOPICS_PATH.open()}
    assert not evaluation & training and not evaluation & development
    assert DEFAULT_TOPICS_PATH.is_file()


def test_multilabel_scores() -> None:
    result = multilabel_scores([("a",), ("a", "b"), ("b",)], [("a",), ("a",), ("a",)], ["a", "b"])
    assert result["per_label"]["a"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "support": 2, "predicted": 3}
    assert result["per_label"]["b"]["recall"] == 0.0
    assert result["exact_match"] == pytest.approx(1 / 3, abs=1e-4)


def test_question_detector_decides_the_questions_topic(classifier: TopicClassifier) -> None:
    """A reply that asks gets questions_and_information; one on the same subject that does not ask, not."""
    asks, states = classifier.predict(["who do I call to get a copy of my accident report", "my accident report"])
    assert "questions_and_information" in asks.labels
    assert "questions_and_information" not in states.labels
