"""The classifier suite: every configured task over one shared encoder pass per batch.

Texts are cut into batches of similar length (dynamic padding) and each batch goes once through the
bundled MiniLM: its lower layers are shared; from there the plain top layers give the sentence
embeddings that the topic and intent heads read, and the LoRA-tuned branch (``models.tuned``, three
layers deep) gives the vector the sentiment and abusive heads read. By default the pass runs as ONNX
Runtime graphs, the branch in int8 (``models.onnx_runner``); ``runtime="torch"`` runs it all in
fp32 torch. A Hugging Face sentiment model, when one is configured instead of the shipped head, runs
in torch on the same batches with its own tokenizer.

Which tasks exist and what each reads comes from ``models.tasks``. Each reply's language is identified
first (``models.language``); a task whose model was not trained on that language returns
``NOT_CLASSIFIED`` for it rather than a guess.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from models.base import ClassifierInfo, Prediction, TopicSpec
from models.encoder import (
    DEFAULT_RUNTIME,
    Encoder,
    Runtime,
    configure_threads,
    length_sorted_batches,
    load_minilm_model,
)
from models.hf_sentiment import HFSentimentClassifier
from models.intent import NeedsResponseClassifier, UrgentClassifier
from models.language import LanguageClassifier, covers, detect, not_classified
from models.tasks import REGISTRY, TASK_NAMES, tasks_reading
from models.topics import TopicClassifier
from models.tuned import (
    ABUSIVE_DIR,
    SENTIMENT_DIR,
    AbusiveHead,
    SentimentHead,
    load_branch,
    tuned_hash,
)

log = logging.getLogger(__name__)

ALL_TASKS = TASK_NAMES
EMBEDDING_TASKS = tasks_reading("plain")
# Tasks that need the tuned branch whatever the sentiment model (a Hugging Face sentiment model does not).
TUNED_TASKS = tuple(t for t in tasks_reading("tuned") if t != "sentiment")


class EmbeddingHead(Protocol):
    """A head over plain sentence embeddings (topics, needs_response, urgent)."""

    info: ClassifierInfo

    def predict_embeddings(self, emb: np.ndarray, texts: Sequence[str]) -> list[Prediction]: ...


@dataclass
class _Features:
    """What one pass over the texts produced, rows in the order of the input texts."""

    embeddings: np.ndarray | None
    tuned: np.ndarray | None
    hf_probs: np.ndarray | None


class ClassifierSuite:
    """Runs the loaded classifiers; see ``load_suite`` for how they are chosen."""

    def __init__(
        self,
        encoder: Encoder | None,
        *,
        sentiment: SentimentHead | HFSentimentClassifier | None,
        abusive: AbusiveHead | None,
        embedding_heads: dict[str, EmbeddingHead],
        language: LanguageClassifier | None = None,
        batch_size: int = 64,
    ) -> None:
        self.encoder = encoder
        self.sentiment = sentiment
        self.abusive = abusive
        self.embedding_heads = embedding_heads
        self.language = language
        self.batch_size = batch_size
        infos: dict[str, ClassifierInfo] = {}
        if sentiment is not None:
            infos["sentiment"] = sentiment.info
        for task, head in embedding_heads.items():
            infos[task] = head.info
        if abusive is not None:
            infos["abusive"] = abusive.info
        if language is not None:
            infos["language"] = language.info
        self.infos = infos

    def predict(
        self,
        texts: Sequence[str],
        tasks: Iterable[str] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> dict[str, list[Prediction]]:
        """Classify ``texts`` for ``tasks`` (default: every loaded task).

        ``progress(n)`` is called after each batch with the number of texts done so far. A text in a
        language a task's model does not read gets ``NOT_CLASSIFIED`` for that task.
        """
        wanted = list(self.infos) if tasks is None else list(dict.fromkeys(tasks))
        missing = [t for t in wanted if t not in self.infos]
        if missing:
            raise ValueError(f"tasks {missing} are not loaded (loaded: {list(self.infos)})")
        texts = list(texts)
        if not texts:
            return {task: [] for task in wanted}
        features = self._features(texts, wanted, progress)
        languages = [detect(text) for text in texts]
        out: dict[str, list[Prediction]] = {}
        for task in wanted:
            if task == "language":
                out[task] = [Prediction(labels=(language,), scores={}) for language in languages]
                continue
            if task == "sentiment" and isinstance(self.sentiment, HFSentimentClassifier):
                assert features.hf_probs is not None
                out[task] = self.sentiment.to_predictions(features.hf_probs)
            elif task == "sentiment" and isinstance(self.sentiment, SentimentHead):
                assert features.tuned is not None
                out[task] = self.sentiment.predict_pooled(features.tuned)
            elif task == "abusive" and self.abusive is not None:
                assert features.tuned is not None
                out[task] = self.abusive.predict_pooled(features.tuned)
            else:
                assert features.embeddings is not None
                out[task] = self.embedding_heads[task].predict_embeddings(features.embeddings, texts)
            readable = REGISTRY[task].languages
            out[task] = [p if covers(readable, lang) else not_classified()
                         for p, lang in zip(out[task], languages, strict=True)]
        return out

    def _features(
        self, texts: list[str], tasks: Sequence[str], progress: Callable[[int], None] | None
    ) -> _Features:
        need_plain = any(t in EMBEDDING_TASKS for t in tasks)
        need_hf = "sentiment" in tasks and isinstance(self.sentiment, HFSentimentClassifier)
        need_tuned = "abusive" in tasks or ("sentiment" in tasks and isinstance(self.sentiment, SentimentHead))
        dim = self.encoder.dim if self.encoder is not None else 0
        embeddings = np.zeros((len(texts), dim), dtype=np.float32) if need_plain else None
        tuned = np.zeros((len(texts), dim), dtype=np.float32) if need_tuned else None
        hf_probs = np.zeros((len(texts), 3), dtype=np.float32) if need_hf else None
        done = 0
        for indices in length_sorted_batches(texts, self.batch_size):
            batch_texts = [texts[i] for i in indices]
            if need_plain or need_tuned:
                assert self.encoder is not None, "MiniLM tasks need the encoder"
                output = self.encoder.features(batch_texts, tuned=need_tuned, plain=need_plain)
                if tuned is not None:
                    tuned[indices] = output.tuned
                if embeddings is not None:
                    embeddings[indices] = output.plain
            if need_hf:
                assert hf_probs is not None and isinstance(self.sentiment, HFSentimentClassifier)
                hf_probs[indices] = self.sentiment.probabilities(batch_texts)
            done += len(indices)
            if progress is not None:
                progress(done)
        return _Features(embeddings, tuned, hf_probs)


def load_suite(
    *,
    sentiment_model: str = "default",
    topics: Sequence[TopicSpec] = (),
    topic_examples: Sequence[tuple[str, str]] = (),
    topic_threshold: float | None = None,
    batch_size: int = 64,
    num_threads: int | None = None,
    tasks: Iterable[str] | None = None,
    runtime: Runtime = DEFAULT_RUNTIME,
    cache_dir: Path | None = None,
    sentiment_dir: Path = SENTIMENT_DIR,
    abusive_dir: Path = ABUSIVE_DIR,
) -> ClassifierSuite:
    """Load the classifiers for ``tasks`` (default: all; ``topics`` only when topics are configured).

    ``sentiment_model="default"`` uses the shipped MiniLM-LoRA artifact; anything else is a Hugging
    Face model id (already cached locally) or a local directory of an
    ``AutoModelForSequenceClassification``. ``runtime`` and ``cache_dir`` are the MiniLM's (see
    ``models.encoder.Encoder``); the artifact folders are only changed by training, to score what it
    wrote.
    """
    if tasks is None:
        wanted = [t for t in ALL_TASKS if t != "topics" or topics]
    else:
        wanted = list(dict.fromkeys(tasks))
        unknown = [t for t in wanted if t not in ALL_TASKS]
        if unknown:
            raise ValueError(f"unknown tasks {unknown}; known: {list(ALL_TASKS)}")
        if "topics" in wanted and not topics:
            raise ValueError("the topics task needs at least one configured topic")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    threads = configure_threads(num_threads)
    shipped_sentiment = "sentiment" in wanted and sentiment_model == "default"
    needs_branch = shipped_sentiment or any(t in TUNED_TASKS for t in wanted)
    needs_minilm = needs_branch or any(t in EMBEDDING_TASKS for t in wanted)
    # A suite with only a Hugging Face sentiment model needs no MiniLM at all.
    encoder = None
    if needs_minilm:
        model = load_minilm_model()
        branch = load_branch(model, sentiment_dir) if needs_branch else None
        encoder = Encoder(model, branch=branch, runtime=runtime, cache_dir=cache_dir, num_threads=threads)

    sentiment: SentimentHead | HFSentimentClassifier | None = None
    abusive = None
    if encoder is not None and encoder.branch is not None:
        heads_hash = tuned_hash(encoder.weights_hash, encoder.branch)
        if shipped_sentiment:
            sentiment = SentimentHead(heads_hash, sentiment_dir)
        if "abusive" in wanted:
            abusive = AbusiveHead(heads_hash, abusive_dir)
    if "sentiment" in wanted and not shipped_sentiment:
        sentiment = HFSentimentClassifier(sentiment_model)

    embedding_heads: dict[str, EmbeddingHead] = {}
    for task in (t for t in wanted if t in EMBEDDING_TASKS):
        assert encoder is not None
        if task == "topics":
            embedding_heads[task] = TopicClassifier(topics, topic_examples, topic_threshold, encoder=encoder)
        elif task == "needs_response":
            embedding_heads[task] = NeedsResponseClassifier(encoder)
        elif task == "urgent":
            embedding_heads[task] = UrgentClassifier(encoder)
    suite = ClassifierSuite(
        encoder,
        sentiment=sentiment,
        abusive=abusive,
        embedding_heads=embedding_heads,
        language=LanguageClassifier() if "language" in wanted else None,
        batch_size=batch_size,
    )
    log.info("classifier suite loaded: %s", {t: i.model_id for t, i in suite.infos.items()})
    return suite
