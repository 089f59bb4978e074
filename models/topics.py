"""Multi-label topic classifier: zero-shot from the configured topics, refined by triage corrections.

Each topic (``TopicSpec``: name, description, example phrases) becomes a prototype, the normalised mean
of the embeddings of its description, its examples and any human corrections filed under it. A text's
cosine similarity ``s_k`` to each prototype is turned into a score with two terms:

    logit_k = ABS_GAIN * (s_k + knn_k - SIM_CENTER) + REL_GAIN * (s_k + knn_k - best)

The first says "close enough to be about this topic at all", the second "about as close as the best
topic", so a text gets its one or two clearly best topics rather than every loosely related one.
``best`` is the highest similarity over all topics, "other" included, so a text that best matches the
"other" prototype (spam, chatter) gets no real topic. ``knn_k`` lets a correction apply at once to
near-duplicates of the corrected text: it adds ``KNN_GAIN * (cos - KNN_FLOOR)`` when a text's cosine
to a correction filed under ``k`` exceeds ``KNN_FLOOR``. The constants were chosen by leave-one-out on
the default topics' own example phrases (each phrase classified with a prototype built without it),
never on the evaluation set.

With at least ``MIN_CORRECTIONS_FOR_HEAD`` corrections over two or more topics, a one-vs-rest logistic
head is fitted on the topic phrases plus corrections and its logits are averaged with the zero-shot
ones (with fewer corrections the head is worse than the prototypes alone).

Two topics are decided by form as much as by content (``models.speech_acts``): a reply that asks
something gets ``QUESTION_BOOST`` added to the logit of ``questions_and_information`` and one that does
not has that logit capped at ``NON_QUESTION_CAP``; a reply that complains about the service itself
(no call back, a long wait, a closed case) gets ``COMPLAINT_BOOST`` on ``service_complaints``. The
values were chosen on ``dev_topics.jsonl`` (micro-F1 0.693 to 0.714 there); departments that rename
these topics do without them.

Labels: every topic except "other" whose score passes the threshold (default 0.5); if none does, the
label set is ("other",) when an "other" topic is configured, else (). "other" scores 1 - the best topic
score, the chance that no topic applies.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from models import speech_acts
from models.base import ClassifierInfo, Prediction, TopicSpec, make_model_id
from models.encoder import Encoder
from models.intent import fit_logistic
from models.speech_acts import is_question, is_service_complaint

log = logging.getLogger(__name__)

OTHER = "other"
DEFAULT_THRESHOLD = 0.5
SIM_CENTER = 0.20
ABS_GAIN = 10.0
REL_GAIN = 160.0
KNN_FLOOR = 0.70
KNN_GAIN = 2.0
MIN_CORRECTIONS_FOR_HEAD = 40
HEAD_C = 4.0
QUESTION_TOPIC = "questions_and_information"
COMPLAINT_TOPIC = "service_complaints"
QUESTION_BOOST = 6.0
NON_QUESTION_CAP = -1.0
COMPLAINT_BOOST = 2.0
# Bump when the scoring method changes, so model ids change even if specs and corrections do not.
METHOD_VERSION = 2

# Embeddings of description/example/correction texts, per encoder object: a classifier rebuilt after a
# new correction re-embeds only the new text.
_PHRASE_CACHE: weakref.WeakKeyDictionary[Encoder, dict[str, np.ndarray]] = weakref.WeakKeyDictionary()


def embed_cached(encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
    """Embed ``texts`` with ``encoder``, reusing vectors computed earlier for the same encoder."""
    cache = _PHRASE_CACHE.setdefault(encoder, {})
    missing = sorted({t for t in texts if t not in cache})
    if missing:
        for text, vector in zip(missing, encoder.embed(missing), strict=True):
            cache[text] = vector
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    return np.stack([cache[t] for t in texts])


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50.0, 50.0)))


@dataclass(frozen=True)
class _Fitted:
    """Everything derived from specs and corrections by embedding (built once, on first use)."""

    prototypes: np.ndarray  # (topics, dim), unit rows
    corrections: np.ndarray  # (n corrections, dim), unit rows
    correction_topics: np.ndarray  # (n corrections,) topic index of each correction
    head_coef: np.ndarray | None  # (dim, topics) one-vs-rest logistic weights, or None
    head_intercept: np.ndarray | None  # (topics,)


class TopicClassifier:
    """Multi-label topic classifier (task ``topics``) over the configured ``TopicSpec`` list."""

    task = "topics"

    def __init__(
        self,
        specs: Sequence[TopicSpec],
        examples: Sequence[tuple[str, str]] = (),
        threshold: float | None = None,
        *,
        encoder: Encoder | None = None,
    ) -> None:
        names = [spec.name for spec in specs]
        if not names:
            raise ValueError("at least one topic is needed")
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate topic names in {names}")
        self.threshold = DEFAULT_THRESHOLD if threshold is None else float(threshold)
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"topic threshold must be between 0 and 1, got {threshold}")
        self.specs = tuple(specs)
        self.names = tuple(names)
        unknown = sorted({topic for _, topic in examples if topic not in names})
        if unknown:
            log.warning("ignoring topic corrections for topics not configured: %s", unknown)
        # Sorted so the same corrections in another order give the same model id and the same labels.
        self.examples = tuple(sorted({(text, topic) for text, topic in examples if topic in names}))
        self.encoder = encoder if encoder is not None else Encoder()
        self.info = ClassifierInfo(
            task=self.task,
            model_id=make_model_id(
                "minilm-proto-topics",
                METHOD_VERSION,
                speech_acts.SOURCE,
                [QUESTION_BOOST, NON_QUESTION_CAP, COMPLAINT_BOOST],
                [(s.name, s.description, list(s.examples)) for s in self.specs],
                [list(pair) for pair in self.examples],
                self.threshold,
                self.encoder.name,
                self.encoder.weights_hash,
            ),
            labels=self.names,
            multi_label=True,
        )

    @cached_property
    def _fitted(self) -> _Fitted:
        """Prototypes, correction vectors and (with enough corrections) the logistic head."""
        phrases: list[str] = []
        owners: list[int] = []
        for index, spec in enumerate(self.specs):
            for text in (spec.description, *spec.examples):
                phrases.append(text)
                owners.append(index)
        correction_texts = [text for text, _ in self.examples]
        correction_topics = np.array([self.names.index(t) for _, t in self.examples], dtype=np.int64)
        vectors = embed_cached(self.encoder, phrases + correction_texts)
        phrase_vecs, correction_vecs = vectors[: len(phrases)], vectors[len(phrases) :]
        all_owners = np.concatenate([np.array(owners, dtype=np.int64), correction_topics])
        prototypes = _normalise(
            np.stack([vectors[all_owners == k].mean(axis=0) for k in range(len(self.names))])
        )
        coef = intercept = None
        if len(self.examples) >= MIN_CORRECTIONS_FOR_HEAD and len(set(correction_topics.tolist())) >= 2:
            coef, intercept = self._fit_head(phrase_vecs, np.array(owners), correction_vecs, correction_topics)
        return _Fitted(prototypes, correction_vecs, correction_topics, coef, intercept)

    def _fit_head(
        self, phrase_vecs: np.ndarray, owners: np.ndarray, correction_vecs: np.ndarray, correction_topics: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """One-vs-rest logistic regression on topic phrases and corrections (multi-label targets).

        A text corrected under two topics is one training row positive for both.
        """
        rows: dict[str, int] = {}
        features: list[np.ndarray] = []
        targets: list[set[int]] = []
        for vector, topic in zip(phrase_vecs, owners, strict=True):
            features.append(vector)
            targets.append({int(topic)})
        for (text, _), vector, topic in zip(self.examples, correction_vecs, correction_topics, strict=True):
            if text in rows:
                targets[rows[text]].add(int(topic))
                continue
            rows[text] = len(features)
            features.append(vector)
            targets.append({int(topic)})
        x = np.stack(features)
        coef = np.zeros((x.shape[1], len(self.names)), dtype=np.float64)
        intercept = np.zeros(len(self.names), dtype=np.float64)
        for k in range(len(self.names)):
            coef[:, k], intercept[k] = fit_logistic(x, np.array([k in t for t in targets]), HEAD_C)
        log.info("topic head fitted on %d phrases and %d corrections", len(phrase_vecs), len(self.examples))
        return coef, intercept

    def logits(self, emb: np.ndarray) -> np.ndarray:
        """Per-topic logits, shape (texts, topics); sigmoid of these are the topic scores."""
        fitted = self._fitted
        sims = emb @ fitted.prototypes.T
        if len(fitted.corrections):
            near = emb @ fitted.corrections.T
            boost = np.clip(near - KNN_FLOOR, 0.0, None) * KNN_GAIN
            for k in range(len(self.names)):
                mask = fitted.correction_topics == k
                if mask.any():
                    sims[:, k] += boost[:, mask].max(axis=1)
        best = sims.max(axis=1, keepdims=True)
        zero_shot = ABS_GAIN * (sims - SIM_CENTER) + REL_GAIN * (sims - best)
        if fitted.head_coef is None or fitted.head_intercept is None:
            return zero_shot
        return (zero_shot + emb @ fitted.head_coef + fitted.head_intercept) / 2.0

    def _with_speech_acts(self, logits: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Logits with the question and service-complaint detectors applied (see the module docstring)."""
        out = logits.copy()
        if QUESTION_TOPIC in self.names:
            k = self.names.index(QUESTION_TOPIC)
            asks = np.array([is_question(t) for t in texts], dtype=bool)
            out[:, k] = np.where(asks, out[:, k] + QUESTION_BOOST, np.minimum(out[:, k], NON_QUESTION_CAP))
        if COMPLAINT_TOPIC in self.names:
            k = self.names.index(COMPLAINT_TOPIC)
            complains = np.array([is_service_complaint(t) for t in texts], dtype=bool)
            out[:, k] = np.where(complains, out[:, k] + COMPLAINT_BOOST, out[:, k])
        return out

    def predict_embeddings(self, emb: np.ndarray, texts: Sequence[str]) -> list[Prediction]:
        """Classify texts from their encoder embeddings (rows in the order of ``texts``)."""
        if emb.ndim != 2 or emb.shape[0] != len(texts):
            raise ValueError(f"embeddings of shape {emb.shape} do not match {len(texts)} texts")
        if not len(texts):
            return []
        scores = _sigmoid(self._with_speech_acts(self.logits(emb.astype(np.float64)), texts))
        has_other = OTHER in self.names
        other = self.names.index(OTHER) if has_other else -1
        topic_columns = [k for k in range(len(self.names)) if k != other]
        out = []
        for row in scores:
            values = {self.names[k]: float(row[k]) for k in topic_columns}
            best = max(values.values(), default=0.0)
            labels = tuple(name for name, value in values.items() if value >= self.threshold)
            if has_other:
                values[OTHER] = 1.0 - best
                if not labels:
                    labels = (OTHER,)
            out.append(
                Prediction(labels=labels, scores={name: round(values[name], 4) for name in self.names})
            )
        return out

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Embed and classify ``texts`` (convenience for callers without shared embeddings)."""
        return self.predict_embeddings(self.encoder.embed(texts), texts)
