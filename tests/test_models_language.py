"""Language identification, the speech-act detectors and the task registry (no encoder needed)."""

from __future__ import annotations

import sys

import numpy as np

from models.language import NOT_CLASSIFIED, UNDETERMINED, covers, detect
from models.speech_acts import is_question, is_service_complaint
from models.tasks import ENGLISH, REGISTRY, TASK_NAMES, tasks_reading


def test_detect_names_clear_languages_and_abstains_on_thin_text() -> None:
    assert detect("Thank you so much for finding my dad, you were all wonderful") == "en"
    assert detect("Hay un carro atrapado en el agua cerca del puente") == "es"
    assert detect("Merci beaucoup pour votre aide hier soir, vraiment") == "fr"
    assert detect("Danke für nichts, ihr seid wirklich nutzlos") == "de"
    assert detect("Cảm ơn các anh rất nhiều") == "vi"  # wholly outside Latin letters is enough
    for thin in ("lol", "👍👍", "", "ok thx", "Gracias!!"):
        assert detect(thin) == UNDETERMINED, thin


def test_covers_keeps_undetermined_and_trained_languages() -> None:
    assert covers(ENGLISH, "en") and covers(ENGLISH, UNDETERMINED) and covers(None, "fr")
    assert not covers(ENGLISH, "fr") and not covers(REGISTRY["urgent"].languages, "de")
    assert covers(REGISTRY["urgent"].languages, "es")


def test_registry_drives_the_task_lists() -> None:
    import engage.classify

    assert engage.classify.TASKS == TASK_NAMES
    assert set(tasks_reading("plain")) == {"topics", "needs_response", "urgent"}
    assert set(tasks_reading("tuned")) == {"sentiment", "abusive"}
    assert REGISTRY["topics"].multi_label and not REGISTRY["urgent"].multi_label
    assert NOT_CLASSIFIED == "not classified: language"


def test_reading_the_registry_loads_no_torch() -> None:
    """engage reads the registry at import; loading torch there would slow every command."""
    import subprocess

    code = "import sys, engage.classify, models.tasks; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_question_detector_knows_interrogatives_requests_and_spanish() -> None:
    questions = [
        "how do I get a copy of my accident report",
        "can someone tell me if the bridge is open",
        "who do I call about a noise complaint",
        "Is the front desk open today?",
        "any update on the missing teen",
        "¿Dónde puedo recoger mi informe?",
        "necesito saber cómo renovar el permiso",
    ]
    statements = ["Great job today officers", "The road is closed again", "lol", "Stay safe out there"]
    assert all(is_question(t) for t in questions)
    assert not any(is_question(t) for t in statements)


def test_service_complaint_detector() -> None:
    assert is_service_complaint("Reported my bike stolen weeks ago and nobody called me back")
    assert is_service_complaint("I was on hold for 40 minutes to the non-emergency line")
    assert is_service_complaint("Waited three hours and no one came")
    assert not is_service_complaint("Thanks for the quick response tonight")
    assert not np.any([is_service_complaint(t) for t in ("lol", "what time is the open day?")])


def test_a_reply_no_model_reads_is_a_miss_as_a_flag_but_reaches_a_person() -> None:
    """The card's two urgent rows: a flag counts unread replies as misses; reaching a person counts them."""
    from models.base import Prediction
    from models.labelled import binary_labels, reach_figures, reached_labels

    predictions = [Prediction(("yes",), {"yes": 0.9}), Prediction((NOT_CLASSIFIED,), {}),
                   Prediction(("no",), {"yes": 0.1}), Prediction((NOT_CLASSIFIED,), {})]
    assert binary_labels(predictions) == ["yes", "no", "no", "no"]
    assert reached_labels(predictions) == ["yes", "yes", "no", "yes"]
    figures = reach_figures(["yes", "yes", "no", "no"], predictions, "m@1")
    assert figures == {"recall_yes": 1.0, "precision_yes": round(2 / 3, 4), "support_yes": 2, "n": 4}
