"""Which language a reply is in, so models are not asked to read languages they were never taught.

Uses ``py3langid`` (a maintained fork of Lui & Baldwin's langid.py, BSD): pure Python and numpy, its
97-language model ships inside the wheel (no download at run time, nothing sent anywhere), about
50 microseconds a tweet, and it gives a normalised probability so short or mixed texts can abstain.
``langdetect`` was the alternative; it is non-deterministic unless seeded and slower.

Short texts ("lol", "👍") carry too little evidence: they, and any text whose best language has a
probability below ``MIN_CONFIDENCE``, are ``UNDETERMINED`` and classified as usual. A text written
wholly in a non-Latin script is identified by its best guess whatever the probability: the script alone
says the English models cannot read it.
"""

from __future__ import annotations

from functools import cache

from models.base import ClassifierInfo, Prediction, make_model_id

UNDETERMINED = "und"
NOT_CLASSIFIED = "not classified: language"
MIN_CONFIDENCE = 0.9
MIN_LETTERS = 12


@cache
def _identifier():  # noqa: ANN202 - py3langid has no type hints
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language, or ``UNDETERMINED`` when the evidence is too thin."""
    letters = [ch for ch in text if ch.isalpha()]
    latin = [ch for ch in letters if ch <= "\u024f"]
    if not letters or (latin and len(letters) < MIN_LETTERS):
        return UNDETERMINED
    language, probability = _identifier().classify(text)
    if probability >= MIN_CONFIDENCE or not latin:
        return str(language)
    return UNDETERMINED


def covers(languages: frozenset[str] | None, language: str) -> bool:
    """True when a model trained on ``languages`` (None: any) may classify a text in ``language``."""
    return languages is None or language == UNDETERMINED or language in languages


def not_classified() -> Prediction:
    """The prediction stored for a task whose model does not read the reply's language."""
    return Prediction(labels=(NOT_CLASSIFIED,), scores={})


class LanguageClassifier:
    """Task ``language``: the reply's language code (``und`` when undetermined), set by the suite."""

    task = "language"

    def __init__(self) -> None:
        self.info = ClassifierInfo(
            task=self.task,
            model_id=make_model_id("py3langid", _version(), MIN_CONFIDENCE, MIN_LETTERS),
            labels=(),
            multi_label=False,
        )


def _version() -> str:
    from importlib.metadata import version

    return version("py3langid")
