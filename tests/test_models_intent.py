"""Needs-response and urgent classifiers: clear cases, idioms, rules, shapes and model ids."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from models.encoder import Encoder
from models.heldout import BLIND_TEST_PATH, loco_probabilities, recall_threshold, urgent_pool
from models.intent import (
    ARTIFACT_DIR,
    NEEDS_RESPONSE_HEAD,
    URGENT_HEAD,
    LinearHead,
    NeedsResponseClassifier,
    UrgentClassifier,
    combine_urgent,
    demo_check,
    fit_logistic,
    remap,
    urgent_rule_hits,
)

EMERGENCIES = [
    "There's a man with a gun outside the school on Percy Street right now",
    "Someone is breaking into my neighbour's house right now, I can see them through the window",
    "Fire spreading through the flats on Union Road, people trapped on the top floor",
    "i swallowed all my pills, i don't want to wake up",
    "If that officer comes near my family again I will stab him",
]
IDIOMS = [
    "This traffic is murder",
    "You're killing it with these posts",
    "I could murder a curry after this shift",
    "The guy who stabbed someone in the park last year finally got sentenced",
]


@pytest.fixture(scope="session")
def encoder() -> Iterator[Encoder]:
    yield Encoder()


@pytest.fixture(scope="module")
def urgent(encoder: Encoder) -> UrgentClassifier:
    return UrgentClassifier(encoder)


@pytest.fixture(scope="module")
def needs_response(encoder: Encoder) -> NeedsResponseClassifier:
    return NeedsResponseClassifier(encoder)


def test_urgent_catches_clear_emergencies(urgent: UrgentClassifier) -> None:
    for text, prediction in zip(EMERGENCIES, urgent.predict(EMERGENCIES), strict=True):
        assert prediction.labels == ("yes",), text


# Known false alarms of the learned head at its LOCO threshold (issue 13): the idiom, short-text and
# Spanish caps that hid them were rules that could only lower recall, so they were removed. Strict:
# these tests fail loudly once a better model stops flagging them.
KNOWN_FALSE_ALARMS = pytest.mark.xfail(strict=True, reason="learned urgent head flags these at its LOCO threshold")


@KNOWN_FALSE_ALARMS
def test_urgent_ignores_idioms_and_past_events(urgent: UrgentClassifier) -> None:
    for text, prediction in zip(IDIOMS, urgent.predict(IDIOMS), strict=True):
        assert prediction.labels == ("no",), text


def test_urgent_rules_handle_tense_negation_and_idiom() -> None:
    assert "self_harm" in urgent_rule_hits("I took all my tablets an hour ago and now I'm scared")
    assert urgent_rule_hits("When my brother was suicidal last year your officers were amazing") == []
    assert "danger_now" in urgent_rule_hits("The man who attacked me last month is outside my house right now")
    assert urgent_rule_hits("Glad they caught the man who stabbed my cousin in March") == []
    assert urgent_rule_hits("this traffic is murder, please help 😩") == []
    assert "threat" in urgent_rule_hits("I'm going to shoot up the school tomorrow")
    assert UrgentClassifier.explain("shots fired on Kingsley Ave right now!!") == ["danger_now"]


def test_urgent_new_rules_fire_on_live_cases_only() -> None:
    assert urgent_rule_hits("help!") == ["plea"]
    assert urgent_rule_hits("Help! My sourdough won't rise 😂") == []
    assert "danger_now" in urgent_rule_hits("Hay gente atrapada en el coche, ayuda!!")
    assert urgent_rule_hits("Mi hermano fue asaltado el mes pasado y todavía no hay noticias") == []
    assert "animal_attack" in urgent_rule_hits("A rottweiler just bit a jogger by the pond and it's still loose")
    assert urgent_rule_hits("Our dog bit the postman last year, he's fine now") == []
    assert "sighting" in urgent_rule_hits("I just spotted a boy matching the appeal photo at the bus depot")
    assert urgent_rule_hits("Just saw a dog that looks like the one in your post, texting the owner") == []
    assert "casualty" in urgent_rule_hits("Man collapsed outside the bakery on Vine St, he's not breathing")
    assert "threat" in urgent_rule_hits("we know where that officer lives, time to pay him a visit")


def test_urgent_short_and_spanish_texts(urgent: UrgentClassifier) -> None:
    """A routine question is no emergency (the embedding-only head flagged the Spanish one; the cues fixed it)."""
    texts = ["", "ok", "👍👍", "¿Hay estacionamiento cerca del parque?", "help me!"]
    labels = [p.labels[0] for p in urgent.predict(texts)]
    assert labels == ["no", "no", "no", "no", "yes"]


def test_rules_raise_to_the_boundary_but_never_rank(encoder: Encoder, urgent: UrgentClassifier) -> None:
    """A rule-only flag is yes at exactly 0.5, below every confident head flag (rules never rank)."""
    texts = ["help!", "There's a man with a gun outside the school on Percy Street right now"]
    emb = encoder.embed(texts)
    low = np.zeros(len(texts))
    assert list(combine_urgent(low, texts, urgent.head.threshold)) == [0.5, 0.5]
    high = np.array([0.0, 0.99])
    scores = combine_urgent(high, texts, urgent.head.threshold)
    assert scores[0] == 0.5 and scores[1] > 0.9
    assert [p.labels for p in urgent.predict_embeddings(emb, texts)] == [("yes",), ("yes",)]


def test_loco_scores_each_category_without_its_rows() -> None:
    """A category's rows are scored by a model fitted without them: an unseen kind gets no help."""
    features = np.array([[1.0], [1.0], [0.0], [0.0]])
    y = np.array([True, True, False, False])
    categories = np.array(["fire", "fire", "chatter", "chatter"])
    seen: list[int] = []

    def fit(x: np.ndarray, labels: np.ndarray):  # noqa: ANN202 - a scorer factory
        seen.append(len(x))
        share = labels.mean()
        return lambda rows: np.full(len(rows), share)

    probability = loco_probabilities(features, y, categories, fit)
    assert seen == [2, 2]
    assert list(probability) == [0.0, 0.0, 1.0, 1.0]  # fire scored by a chatter-only model, and vice versa
    assert recall_threshold(probability, np.array([True, False, False, False]), y, 0.5) == 0.99
    with pytest.raises(RuntimeError):
        recall_threshold(probability, np.zeros(4, dtype=bool), y, 0.5)


def test_urgent_pool_has_categories_and_excludes_the_blind_set() -> None:
    pool = urgent_pool(public_negatives=0)
    assert len(pool) == len(pool.categories) == len(pool.urgent)
    assert len(set(pool.categories[pool.urgent].tolist())) >= 8
    assert all(category for category in pool.categories)
    if BLIND_TEST_PATH.is_file():  # only one-word replies anyone writes ("thanks") may appear in both
        lines = BLIND_TEST_PATH.read_text(encoding="utf-8").splitlines()
        blind = {json.loads(line)["text"].strip().lower() for line in lines if line.strip()}
        shared = blind & {text.strip().lower() for text in pool.texts}
        assert all(len(text.split()) < 3 for text in shared), len(shared)


@pytest.mark.xfail(strict=True, reason="issue 13 target not met: 154 of 1,133 flagged, 14 of 15 caught (intent card)")
def test_demo_has_at_most_two_false_alarms_per_caught_urgent_item(encoder: Encoder) -> None:
    """Every item the demo README lists as one a desk must catch is flagged, with <= 2 false alarms each."""
    demo = demo_check(encoder, ARTIFACT_DIR)
    assert demo is not None and demo["intended"] == 15
    assert demo["caught"] == demo["intended"]
    assert demo["flagged"] - demo["caught"] <= 2 * demo["caught"], demo


@KNOWN_FALSE_ALARMS
def test_urgent_ignores_logistics_and_sharing(urgent: UrgentClassifier) -> None:
    texts = [
        "Is there a car park by the vigil or should we get the bus?",
        "Posted this in the Northgate mums group",
    ]
    for text, prediction in zip(texts, urgent.predict(texts), strict=True):
        assert prediction.labels == ("no",), text


def test_needs_response_separates_requests_from_praise(needs_response: NeedsResponseClassifier) -> None:
    texts = [
        "What's the number for lost property?",
        "Reported my stolen bike 3 weeks ago and nobody has called me back. Who do I chase?",
        "Thank you officers, brilliant work tonight 👏",
        "🔥🔥🔥",
        "There's a man with a gun outside the school on Percy Street right now",
    ]
    labels = [p.labels[0] for p in needs_response.predict(texts)]
    assert labels == ["yes", "yes", "no", "no", "yes"]


def test_binary_shape_and_consistency(
    encoder: Encoder, urgent: UrgentClassifier, needs_response: NeedsResponseClassifier
) -> None:
    texts = [*EMERGENCIES, *IDIOMS, "lol"]
    emb = encoder.embed(texts)
    for classifier in (urgent, needs_response):
        assert classifier.info.labels == ("yes", "no") and not classifier.info.multi_label
        predictions = classifier.predict_embeddings(emb, texts)
        assert len(predictions) == len(texts)
        for p in predictions:
            assert set(p.scores) == {"yes", "no"}
            assert p.scores["yes"] + p.scores["no"] == pytest.approx(1.0, abs=1e-3)
            assert p.labels == (("yes",) if p.scores["yes"] >= 0.5 else ("no",))
        with pytest.raises(ValueError):
            classifier.predict_embeddings(emb[:2], texts)


def test_model_id_changes_with_the_head(encoder: Encoder, tmp_path: Path) -> None:
    shipped = UrgentClassifier(encoder)
    assert shipped.info.model_id.startswith("minilm-lr-rules-urgent@")
    copy = tmp_path / URGENT_HEAD
    shutil.copy(ARTIFACT_DIR / URGENT_HEAD, copy)
    assert UrgentClassifier(encoder, copy).info.model_id == shipped.info.model_id
    head = LinearHead.load(copy)
    LinearHead(head.coef, head.intercept, head.threshold + 0.01, head.surface).save(copy)
    assert UrgentClassifier(encoder, copy).info.model_id != shipped.info.model_id
    assert NeedsResponseClassifier(encoder, ARTIFACT_DIR / NEEDS_RESPONSE_HEAD).info.model_id.startswith(
        "minilm-lr-needs-response@"
    )


def test_remap_sends_threshold_to_half_and_keeps_order() -> None:
    p = np.array([0.0, 0.1, 0.3, 0.6, 1.0])
    mapped = remap(p, 0.3)
    assert mapped[2] == pytest.approx(0.5)
    assert mapped[0] == 0.0 and mapped[-1] == 1.0
    assert np.all(np.diff(mapped) > 0)


def test_fit_logistic_separates_a_simple_problem() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((200, 5))
    y = x[:, 0] > 0
    coef, intercept = fit_logistic(x, y, c=10.0)
    predicted = (x @ coef + intercept) > 0
    assert np.mean(predicted == y) > 0.95
    assert abs(coef[0]) > 5 * np.abs(coef[1:]).max()
