"""Needs-response and urgent classifiers: small logistic heads on sentence embeddings, plus rules.

Both tasks are binary ("yes"/"no") and run on the shared all-MiniLM-L6-v2 embeddings, so they add almost
nothing to the cost of the encoder pass the suite already makes.

* **needs_response** decides whether a public reply is owed an answer: a question, a request, a specific
  complaint or a report of a crime or hazard is; praise, thanks, jokes, emoji, spam and abuse without a
  request are not. It is the denominator of the response rate (docs/metrics.md), so it is tuned for
  balance (macro-F1). A logistic head reads the embedding plus a few surface cues (a question mark, a
  request phrase, emoji-only) that the embedding alone blurs; anything the urgent rules flag is "yes".
* **urgent** flags someone in immediate danger, an ongoing emergency, a threat of violence or self-harm.
  Missing one is the worst error this product can make, so it is tuned for recall: a logistic head on
  the embedding and the same surface cues decides and ranks, its threshold the highest that keeps
  recall at target on kinds of emergency it never saw (``models.heldout``). The cues matter here too:
  a routine question ("which street?", "¿hay ayuda en español?") is the commonest false alarm of a
  head that reads topic alone. Transparent regex rules (``URGENT_RULES``) are a safety net: a danger
  cue with an immediacy cue, a threat of violence or a statement of self-harm makes the label "yes" at
  the boundary score, whatever the head thinks. Idioms ("this traffic is murder", "killing it") are
  removed before the rules look for danger words, and past-tense reports without an immediacy cue
  ("stabbed last March") do not fire them.

Scores are remapped so that ``scores["yes"] >= 0.5`` exactly when the label is "yes" (the head's own
threshold maps to 0.5); they rank well but are not calibrated probabilities.

Train with ``python -m models.intent train`` (writes ``models/artifacts/intent/``); the training sets
are ``models/data/train_*.jsonl``, separate from the evaluation sets in ``models/labelled.py``.
"""

from __future__ import annotations

import argparse
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.base import ClassifierInfo, Prediction, content_hash, make_model_id
from models.encoder import Encoder
from models.heldout import SHARED_DATA, Pool, loco_probabilities, recall_threshold, urgent_pool
from models.heldout import figures as heldout_figures

log = logging.getLogger(__name__)

ARTIFACT_DIR = Path(__file__).resolve().parent / "artifacts" / "intent"
DATA_DIR = Path(__file__).resolve().parent / "data"
BINARY_LABELS = ("yes", "no")
NEEDS_RESPONSE_HEAD = "needs_response.npz"
URGENT_HEAD = "urgent.npz"

# --- surface cues for needs_response and urgent --------------------------------------------------------

_REQUEST = re.compile(
    r"\b(please|pls|plz|can (you|u|someone|i|we)|could (you|u|someone|we)|how (do|can|long|much|many)|"
    r"who (do|can|should|is|decided)|where (do|can|is|are)|what (do|should|is|are|happened|time)|"
    r"when (is|will|does|do)|why (is|are|do|does|did|was|has|hasn't|haven't)|is (it|there|this|the)|"
    r"are (you|the|there)|do (you|i|we)|does|any (update|news|chance|idea)|i want to (report|complain|"
    r"make)|who (actually )?deals)\b",
    re.IGNORECASE,
)
_SURFACE_NAMES = ("question_mark", "request_phrase", "no_letters")


def surface_features(texts: Sequence[str]) -> np.ndarray:
    """Three 0/1 cues per text: a question mark, a request phrase, and no letters at all (emoji-only).

    The embedding captures topic far better than speech act; these cues carry the speech act.
    """
    rows = [
        (
            float("?" in text),
            float(bool(_REQUEST.search(text))),
            float(not any(ch.isalpha() for ch in text)),
        )
        for text in texts
    ]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(_SURFACE_NAMES))


# --- urgent rules -------------------------------------------------------------------------------

# Everyday figures of speech built on danger words ("killing it", "this traffic is murder", "I'm
# dying"); blanked out before the rules look for danger, and a text whose only danger words are idioms
# has its head score capped below the decision boundary.
_IDIOMS = re.compile(
    r"\b(killing (it|me|time)|kill(ing)? for|(gonna|going to|will|'ll|to) kill me|kill each other|"
    r"(would|could) (kill|murder)|murder(ed)? (a|an) \w+|(is|are|was) (murder|killing me|a crime)|"
    r"crimes? against|i'?m dying|dying (of|laughing|to)|die for|killer \w+|slaughtered|bloodbath|"
    r"shoot (my|your|his|her) shot|smashed it|dead (tired|on my feet)|daylight robbery|end me|"
    r"(was|is|are) fire|on fire (today|tonight|lately)|fire (drill|alarm test|emoji))\b",
    re.IGNORECASE,
)
_SELF_HARM = re.compile(
    r"\b(kill(ing)? myself|end (it all|it tonight|my life|it)\b(?! for)|want(ed)? to die|"
    r"don'?t want to (wake up|live|be here)|suicid(e|al)|(took|taken|swallowed) (all |a load of |loads of |"
    r"a bunch of )?(my |the )?(pills|tablets)|overdos(e|ed|ing)|hurt(ing)? myself|cut myself|"
    r"(jump|throw (myself|himself|herself)) off|(stood|standing|stand) (on|at) the (edge|bridge|ledge)|"
    r"before i go|goodbye (everyone|all|note)|i can'?t (do|take) (this|it) anymore|ending (it|my life)|"
    r"better off (dead|gone|without me|not (waking up|being here))|(not|never) (waking|wake) up|"
    r"(have|got|holding) (a bottle of |a handful of |all my |the |my )?(pills|tablets|rope)\b[^.!?]{0,20}"
    r"\b(in front of me|ready|in my hand)|(don'?t|do not) see the point (of|in) (anything|living|going on|life)|"
    r"me quiero morir|quiero morir(me)?|matarme|no quiero (vivir|seguir)|quitarme la vida|"
    r"tom[eé] (todas )?las pastillas)\b",
    re.IGNORECASE,
)
_THREAT = re.compile(
    r"(\bi('?ll| will|'?m going to|'?m gonna| am going to| swear( down)?( i'?m gonna| i'?ll)?)\s+"
    r"(\w+\s+)?(kill|shoot|stab|murder|hurt|burn|bomb|blow up|put \w+ in the ground|shoot up)\b|"
    r"\bshoot up\b|\bknow (where you live|your address)\b|\bsleep with one eye open\b|\bbomb threat\b|"
    r"\bthreat(en(ing|ed)?)? to (kill|shoot|stab|burn|bomb|blow up)\b|"
    r"\bthreat(s|ened)?\b[^.!?]*\b(gun|knife|bomb|shoot|stab|kill|attack|acid|burn)|"
    r"\b(burn|blow up) (this|the|your) (station|school|mosque|church|synagogue|town hall)( down)?\b|"
    r"\b(find out|know|found out) where (he|she|they|you|that \w+|the \w+|this \w+) lives?\b|"
    r"\bpay (him|her|them|you) a visit\b|\b(we'?re|we are|i'?m|i am) coming for (you|him|her|them)\b|"
    r"\bnext (cop|copper|officer|pig)s? (that|who|to)\b|\bwant(s)? (a )?war\b|\bthere will be blood\b|"
    r"\b(handle|sort) (it|this|him|them) ourselves\b|\btake (it|this|matters) into (our|my) own hands\b|"
    r"\b(is|are) getting (stabbed|shot|hurt|done in|jumped)\b)",
    re.IGNORECASE,
)
_DANGER = re.compile(
    r"\b(guns?|gunman|gunmen|gunfire|gunshots?|shots?( fired)?|shooting|shot at|knife|knives|machetes?|blades?|"
    r"stab(bed|bing)?|acid|bomb|grenade|explosion|explod\w*|fire|flames|smoke|trapped|"
    r"not (breathing|moving)|unconscious|collapsed|drown\w*|bleeding|blood|kidnap\w*|"
    r"dragg(ed|ing)|break(ing)?[- ]?in|breaking into|burglary in progress|trying to get in|"
    r"kick(ing)? (the|my|our) door|attack(ing|ed)?|beat(en|ing) (up|him|her)|hitting|fight(ing)?|brawl|"
    r"riot|hostage|suspicious (bag|package)|gas (leak|smell)|smell of gas|hit by a car|hit and run|"
    r"wrong way|following me|followed|threaten(ing|ed)?|baseball bat|crowbar|hammer|weapons?|"
    r"on the (tracks|railway|line)|choking|screaming|held against)\b",
    re.IGNORECASE,
)
_IMMEDIATE = re.compile(
    r"(\bright now\b|\brn\b|\bnow\s*(!|pls|please)|\b(happening|come|here) now\b|\bas (i type|we speak)\b|"
    r"\bhappening\b|\bin progress\b|\bhurry\b|\bplease (help|come|send|hurry)\b|"
    r"\bsend (someone|help|police|officers)\b|\bcome quick(ly)?\b|\bhelp( me| us)?\s*(!|pls|please|$)|"
    r"\bpls help\b|\bcurrently\b|\bjust (now|happened)\b|\bis (outside|inside|in) (my|our|the)\b|"
    r"\bhiding\b|\bstill (inside|in there|on|coming|there)\b|\bon (his|her|their|my) way\b|!!|"
    r"\b(we|i) need (the )?(police|help|an ambulance|officers|someone)\b)",
    re.IGNORECASE,
)
# Spanish counterparts of _DANGER and _IMMEDIATE (a danger word with a sign it is happening now).
_DANGER_ES = re.compile(
    r"\b(atrapad[oa]s?|disparos?|balacera|balazos|tiroteo|incendio|fuego|quemando|humo|ahog\w+|cuchillo|"
    r"navaja|pistola|armad[oa]s?|herid[oa]s?|sangr\w+|no respira|inconsciente|secuestr\w+|golpeando|"
    r"atacando|amenaz\w+|matar(me|te|la|lo)?|siguiendo|entrando|asaltando|volcad[oa])\b",
    re.IGNORECASE,
)
_IMMEDIATE_ES = re.compile(
    r"(\bahora( mismo)?\b|\ben este momento\b|\bayuda\b|\bauxilio\b|\bsocorro\b|\br[aá]pido\b|\burgente\b|"
    r"\bpor favor\b|\btodav[ií]a\b|\badentro\b|\bmanden\b|\bvengan\b|\bhay gente\b|!!|"
    r"\best[aá]n? \w+(ando|iendo)\b)",
    re.IGNORECASE,
)
# An animal attacking or going for someone, still loose or happening now.
_ANIMAL_ATTACK = re.compile(
    r"\b(dogs?|pit ?bulls?|rottweilers?|xl bull(y|ies)|bulls?|coyotes?|bears?|perros?)\b[^.!?]{0,60}"
    r"\b(attack\w*|bit(es|ing|ten)?|bite|maul\w*|charg\w*|lung\w*|went for|going for|atacando|mordi\w*)",
    re.IGNORECASE,
)
_ANIMAL_NOW = re.compile(
    r"\b(still|loose|just|now|right now|running around|roaming|off (the|its) (lead|leash)|ahora)\b",
    re.IGNORECASE,
)
# A sighting, now, of a missing or wanted person from an appeal ("I think I just saw a girl matching this").
_SIGHTING = re.compile(
    r"\b(just|now|right now|as i type|i think i|pretty sure)\b[^.!?]*"
    r"\b(saw|seen|spotted|sitting|standing|walking|wandering|getting into|got in(to)?)\b",
    re.IGNORECASE,
)
_MATCHES_APPEAL = re.compile(
    r"\b(matching|match(es)? (the|this|your)|looks? (exactly |just )?like (him|her|the|this|your)|"
    r"fits the description|the (missing|wanted) (girl|boy|kid|child|teen|man|woman|person)|"
    r"(appeal|wanted) (photo|picture|poster)|is (this|that) (him|her))\b",
    re.IGNORECASE,
)
_PERSON = re.compile(r"\b(girl|boy|kid|child|teen|man|woman|lady|guy|person|him|her|he|she)\b", re.IGNORECASE)
_PET = re.compile(r"\b(dogs?|cats?|pupp(y|ies)|pup|kitten|pet|collar|microchip)\b", re.IGNORECASE)
# Someone unresponsive: an emergency as long as it is not reported as past.
_CASUALTY = re.compile(
    r"\b(not (breathing|moving|responding)|unconscious|collapsed|turning blue|won'?t wake up|no pulse)\b",
    re.IGNORECASE,
)
# A whole message that is only a cry for help ("help!", "somebody help us", "¡auxilio!").
_PLEA = re.compile(
    r"^\W*((please|pls|plz)\s+)?(help|somebody help|someone help|sos|ayuda|ay[uú]denme|auxilio|socorro)"
    r"(\s+(me|us|please|pls|plz|por favor|now|ahora))*\W*$",
    re.IGNORECASE,
)
# Past markers that also end a self-harm emergency: "an hour ago" after an overdose does not, so the
# self-harm rule only yields to these long-past ones.
_LONG_PAST = re.compile(
    r"\b(last (year|month|winter|summer)|(years?|months?) ago|back in|in (19|20)\d\d|"
    r"when (i|he|she|my \w+) (was|were)|used to|thank(s| you)|(doing|is|am|are) (well|better|fine|ok) now)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(last (night|week|month|year|tuesday|weekend|winter|summer|time)|yesterday|ago|back in|"
    r"in (19|20)\d\d|when (i|he|she|my \w+) (was|were)|used to|years? back|was amazing|were amazing|"
    r"thank(s| you)|glad|caught|convicted|jailed|sentenced|any update|update on|earlier this)\b",
    re.IGNORECASE,
)
# Rule name -> the score it sets (>= 0.5 means the rule alone makes the label "yes").
URGENT_RULES: dict[str, float] = {
    "self_harm": 0.95,
    "threat": 0.9,
    "danger_now": 0.9,
    "casualty": 0.9,
    "animal_attack": 0.9,
    "sighting": 0.85,
    "plea": 0.85,
}
_RULE_PATTERNS = (
    _IDIOMS, _SELF_HARM, _THREAT, _DANGER, _IMMEDIATE, _DANGER_ES, _IMMEDIATE_ES, _ANIMAL_ATTACK, _ANIMAL_NOW,
    _CASUALTY, _SIGHTING, _MATCHES_APPEAL, _PERSON, _PET, _PLEA, _PAST, _LONG_PAST,
)
_RULES_SOURCE = content_hash([p.pattern for p in _RULE_PATTERNS], URGENT_RULES)


def urgent_rule_hits(text: str) -> list[str]:
    """Names of the urgent rules ``text`` fires, strongest first (empty when none fire).

    * ``self_harm``: a statement of self-harm or suicide, unless it is long past ("last year",
      "when he was"); "I took my tablets an hour ago" still fires;
    * ``threat``: a first-person threat of violence, or a reported threat/bomb threat, not in the past;
    * ``danger_now``: a danger cue (weapon, fire, attack, not breathing...) with an immediacy cue
      ("right now", "please help", "is outside my house"); immediacy overrides past-tense markers
      ("the man who attacked me last month is outside my house right now"); Spanish danger and
      immediacy words count too ("hay gente atrapada ... ahora mismo");
    * ``casualty``: someone not breathing, not moving, unconscious or collapsed, not in the past;
    * ``animal_attack``: a dog or other animal attacking or charging someone, still loose or now;
    * ``sighting``: a live sighting of a missing or wanted person ("I just saw a girl matching this"),
      not of a lost pet;
    * ``plea``: a message that is nothing but a cry for help ("help!", "¡auxilio!").
    Idioms are blanked out first so "this traffic is murder" fires nothing. A danger word on its own
    fires no rule ("knife crime awareness week"): the head judges those.
    """
    cleaned = _IDIOMS.sub(" ", text)
    past = bool(_PAST.search(cleaned))
    immediate = bool(_IMMEDIATE.search(cleaned) or _IMMEDIATE_ES.search(cleaned))
    hits = []
    if _SELF_HARM.search(cleaned) and (immediate or not _LONG_PAST.search(cleaned)):
        hits.append("self_harm")
    if _THREAT.search(cleaned) and (immediate or not past):
        hits.append("threat")
    if immediate and (_DANGER.search(cleaned) or _DANGER_ES.search(cleaned)):
        hits.append("danger_now")
    if _CASUALTY.search(cleaned) and (immediate or not past):
        hits.append("casualty")
    if _ANIMAL_ATTACK.search(cleaned) and _ANIMAL_NOW.search(cleaned) and (immediate or not past):
        hits.append("animal_attack")
    if (
        _SIGHTING.search(cleaned) and _MATCHES_APPEAL.search(cleaned) and _PERSON.search(cleaned)
        and not _PET.search(cleaned) and not past
    ):
        hits.append("sighting")
    if _PLEA.match(text):
        hits.append("plea")
    return hits


def urgent_rule_score(text: str) -> float:
    """The highest score among the rules ``text`` fires (0 when none fire)."""
    return max((URGENT_RULES[name] for name in urgent_rule_hits(text)), default=0.0)


# --- linear heads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearHead:
    """A logistic-regression head: ``sigmoid(features @ coef + intercept)`` and a decision threshold.

    ``threshold`` is the raw probability at which the label becomes "yes"; it is chosen at training time
    (balanced for needs_response; for urgent, the highest that keeps category-held-out recall at target)
    and stored with the weights.
    """

    coef: np.ndarray
    intercept: float
    threshold: float
    surface: bool

    @classmethod
    def load(cls, path: Path) -> LinearHead:
        """Read a head written by ``save``."""
        with np.load(path) as data:
            return cls(
                coef=data["coef"].astype(np.float32),
                intercept=float(data["intercept"]),
                threshold=float(data["threshold"]),
                surface=bool(data["surface"]),
            )

    def save(self, path: Path) -> None:
        """Write the head as a small ``.npz`` (weights, intercept, thresholds, feature flag)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(
            path,
            coef=self.coef.astype(np.float32),
            intercept=np.float32(self.intercept),
            threshold=np.float32(self.threshold),
            surface=np.bool_(self.surface),
        )

    def features(self, emb: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """The head's input: the embedding, plus the surface cues when the head was trained with them."""
        if not self.surface:
            return emb
        return np.hstack([emb, surface_features(texts)])

    def probabilities(self, emb: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Raw "yes" probabilities for each text."""
        logits = self.features(emb, texts) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))


def remap(probability: np.ndarray, threshold: float | np.ndarray) -> np.ndarray:
    """Piecewise-linear map of [0, 1] onto itself sending ``threshold`` to 0.5 (monotone, order kept).

    ``threshold`` may be an array (one per probability), as for the urgent head's two thresholds.
    """
    p = np.clip(probability, 0.0, 1.0)
    low = 0.5 * p / threshold
    high = 0.5 + 0.5 * (p - threshold) / (1.0 - threshold)
    return np.where(p < threshold, low, high)


def fit_logistic(
    features: np.ndarray, y: np.ndarray, c: float, *, balanced: bool = True, iterations: int = 50,
    start: tuple[np.ndarray, float] | None = None,
) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method; returns (coef, intercept).

    Minimises ``0.5 * |w|^2 + c * sum_i weight_i * logloss_i`` with an unpenalised intercept, the
    objective of scikit-learn's ``LogisticRegression(C=c, class_weight="balanced")``, in plain numpy so
    that neither training nor the topic head needs scikit-learn. Small problems (hundreds of rows, 384
    features) converge in a few iterations. ``start`` (a nearby solution, such as the fit on all rows
    for a fold that leaves a few out) changes only how many iterations it takes, not the optimum.
    """
    x = np.hstack([np.asarray(features, dtype=np.float64), np.ones((len(features), 1))])
    target = np.asarray(y, dtype=np.float64)
    positives = target.sum()
    if positives in (0, len(target)):
        raise ValueError("logistic regression needs both classes")
    if balanced:
        weight = np.where(target > 0, len(target) / (2 * positives), len(target) / (2 * (len(target) - positives)))
    else:
        weight = np.ones(len(target))
    penalty = np.ones(x.shape[1]) / c
    penalty[-1] = 0.0
    w = np.zeros(x.shape[1]) if start is None else np.append(start[0], start[1]).astype(np.float64)
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50.0, 50.0)))
        gradient = x.T @ (weight * (p - target)) + penalty * w
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-8)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    return w[:-1].astype(np.float32), float(w[-1])


def binary_predictions(yes_scores: np.ndarray) -> list[Prediction]:
    """Predictions with label "yes" when the remapped score reaches 0.5, scores for both labels."""
    out = []
    for value in yes_scores:
        yes = round(float(value), 4)
        out.append(Prediction(labels=("yes" if yes >= 0.5 else "no",), scores={"yes": yes, "no": round(1 - yes, 4)}))
    return out


def _check_inputs(emb: np.ndarray, texts: Sequence[str]) -> None:
    if emb.ndim != 2 or emb.shape[0] != len(texts):
        raise ValueError(f"embeddings of shape {emb.shape} do not match {len(texts)} texts")


def combine_urgent(probability: np.ndarray, texts: Sequence[str], threshold: float) -> np.ndarray:
    """Urgent scores (0.5 = boundary): the head's, raised to the boundary when a rule fires.

    A rule only turns "no" into "yes"; it never sets the confidence. A rule-only flag sits at 0.5, the
    lowest "yes", so the inbox ranks the head's confident emergencies above it.
    """
    head = remap(probability, threshold)
    rules = np.array([bool(urgent_rule_hits(t)) for t in texts], dtype=bool)
    return np.where(rules & (head < 0.5), 0.5, head)


class NeedsResponseClassifier:
    """Binary "is this reply owed an answer?" classifier (task ``needs_response``).

    The head decides, except that a text firing an urgent rule (an emergency, a threat, self-harm) is
    always "yes".
    """

    task = "needs_response"

    def __init__(self, encoder: Encoder, head_path: Path | None = None) -> None:
        path = head_path or ARTIFACT_DIR / NEEDS_RESPONSE_HEAD
        self.encoder = encoder
        self.head = LinearHead.load(path)
        self.info = ClassifierInfo(
            task=self.task,
            model_id=make_model_id(
                "minilm-lr-needs-response", encoder.weights_hash, path, BINARY_LABELS, _RULES_SOURCE
            ),
            labels=BINARY_LABELS,
            multi_label=False,
        )

    def predict_embeddings(self, emb: np.ndarray, texts: Sequence[str]) -> list[Prediction]:
        """Classify texts from their encoder embeddings (rows in the order of ``texts``)."""
        _check_inputs(emb, texts)
        head = remap(self.head.probabilities(emb, texts), self.head.threshold)
        # An emergency is always owed an answer, however it is phrased: the urgent rules set a floor.
        rules = np.array([urgent_rule_score(t) for t in texts], dtype=np.float64)
        return binary_predictions(np.maximum(head, rules))

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Embed and classify ``texts`` (convenience for callers without shared embeddings)."""
        return self.predict_embeddings(self.encoder.embed(texts), texts)


class UrgentClassifier:
    """High-recall "is someone in danger right now?" classifier (task ``urgent``): head plus rules.

    A logistic head on the sentence embedding and surface cues decides and ranks; its threshold was
    chosen so that recall on kinds of emergency it never saw in training (``models.heldout``) reaches
    the target. The
    English and Spanish rules (``urgent_rule_hits``) are a safety net: a text they fire on is "yes" at
    least at the boundary score, whatever the head says, but they never push a text up the ranking.
    """

    task = "urgent"

    def __init__(self, encoder: Encoder, head_path: Path | None = None) -> None:
        path = head_path or ARTIFACT_DIR / URGENT_HEAD
        self.encoder = encoder
        self.head = LinearHead.load(path)
        self.info = ClassifierInfo(
            task=self.task,
            model_id=make_model_id("minilm-lr-rules-urgent", encoder.weights_hash, path, _RULES_SOURCE),
            labels=BINARY_LABELS,
            multi_label=False,
        )

    def yes_scores(self, emb: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Combined urgent scores (0.5 = decision boundary)."""
        return combine_urgent(self.head.probabilities(emb, texts), texts, self.head.threshold)

    def predict_embeddings(self, emb: np.ndarray, texts: Sequence[str]) -> list[Prediction]:
        """Classify texts from their encoder embeddings (rows in the order of ``texts``)."""
        _check_inputs(emb, texts)
        return binary_predictions(self.yes_scores(emb, texts))

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Embed and classify ``texts`` (convenience for callers without shared embeddings)."""
        return self.predict_embeddings(self.encoder.embed(texts), texts)

    @staticmethod
    def explain(text: str) -> list[str]:
        """The rules that fired for ``text``, for showing a triager why an item was flagged."""
        return urgent_rule_hits(text)


# --- training -------------------------------------------------------------------------------------

NEEDS_RESPONSE_C = 10.0
URGENT_C = 1.0
# Recall of urgent rows, each scored by a head that never saw a row of its category (models.heldout).
URGENT_TARGET_RECALL = 0.95
CV_FOLDS = 5
SEED = 0


@dataclass(frozen=True)
class TrainReport:
    """What one training run measured: the cross-validated figures that chose the threshold."""

    task: str
    n: int
    n_yes: int
    threshold: float
    cv: dict[str, float]
    c: float
    loco: dict[str, object] | None = None


def _stratified_folds(y: np.ndarray, folds: int, seed: int) -> list[np.ndarray]:
    """Test indices of ``folds`` folds, each class spread evenly over them (shuffled with ``seed``)."""
    rng = np.random.default_rng(seed)
    parts: list[list[int]] = [[] for _ in range(folds)]
    for value in (True, False):
        members = rng.permutation(np.flatnonzero(y == value))
        for i, index in enumerate(members):
            parts[i % folds].append(int(index))
    return [np.array(sorted(part)) for part in parts]


def _out_of_fold(features: np.ndarray, y: np.ndarray, c: float) -> np.ndarray:
    """Cross-validated "yes" probabilities (each text scored by a head that never saw it)."""
    out = np.zeros(len(y), dtype=np.float64)
    for test_idx in _stratified_folds(y, CV_FOLDS, SEED):
        train_mask = np.ones(len(y), dtype=bool)
        train_mask[test_idx] = False
        coef, intercept = fit_logistic(features[train_mask], y[train_mask], c)
        out[test_idx] = 1.0 / (1.0 + np.exp(-(features[test_idx] @ coef + intercept)))
    return out


def _binary_figures(y: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Precision/recall of yes and macro-F1 for boolean arrays."""
    figures: dict[str, float] = {}
    f1s = []
    for value, name in ((True, "yes"), (False, "no")):
        tp = int(np.sum((y == value) & (predicted == value)))
        n_gold, n_pred = int(np.sum(y == value)), int(np.sum(predicted == value))
        f1s.append(2 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0)
        if name == "yes":
            figures["precision_yes"] = round(tp / n_pred, 4) if n_pred else 0.0
            figures["recall_yes"] = round(tp / n_gold, 4) if n_gold else 0.0
    figures["macro_f1"] = round(float(np.mean(f1s)), 4)
    return figures


def _read_training(task: str) -> tuple[list[str], np.ndarray]:
    """The needs_response training rows: its own set plus the written extra set, when present."""
    from models.heldout import WRITTEN_EXTRA_PATH as extra
    from models.labelled import TRAIN_PATHS, read_jsonl

    rows = read_jsonl(TRAIN_PATHS[task]) + (read_jsonl(extra) if extra.is_file() else [])
    return [r["text"] for r in rows], np.array([r[task] == "yes" for r in rows])


def train_needs_response(encoder: Encoder, out_dir: Path) -> TrainReport:
    """Fit the needs_response head; its threshold maximises cross-validated macro-F1.

    Ties (a flat F1 curve is common on small sets) go to the threshold nearest 0.5.
    """
    texts, y = _read_training("needs_response")
    features = np.hstack([encoder.embed(texts), surface_features(texts)])
    oof = _out_of_fold(features, y, NEEDS_RESPONSE_C)
    grid = np.round(np.arange(0.2, 0.81, 0.02), 2)
    f1 = {float(t): _binary_figures(y, oof >= t)["macro_f1"] for t in grid}
    best = max(f1.values())
    threshold = min((t for t, v in f1.items() if v >= best - 0.005), key=lambda t: abs(t - 0.5))
    coef, intercept = fit_logistic(features, y, NEEDS_RESPONSE_C)
    LinearHead(coef, intercept, threshold, surface=True).save(out_dir / NEEDS_RESPONSE_HEAD)
    figures = _binary_figures(y, oof >= threshold)
    return TrainReport("needs_response", len(y), int(y.sum()), threshold, figures, NEEDS_RESPONSE_C)


def _logistic_scorer(start: tuple[np.ndarray, float]) -> Callable[
        [np.ndarray, np.ndarray], Callable[[np.ndarray], np.ndarray]]:
    """A LOCO ``fit`` for the urgent head, each fold started from the fit on the whole pool (``start``)."""

    def fit(features: np.ndarray, y: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        coef, intercept = fit_logistic(features, y, URGENT_C, start=start)
        return lambda rows: 1.0 / (1.0 + np.exp(-(rows @ coef + intercept)))

    return fit


@dataclass(frozen=True)
class HeldOut:
    """Category-held-out head probabilities of the urgent pool, with the rules' verdicts beside them."""

    pool: Pool
    features: np.ndarray
    probability: np.ndarray
    rules: np.ndarray

    def figures(self, threshold: float) -> dict[str, object]:
        """LOCO recall, precision and per-category shares flagged at head ``threshold`` (rules on)."""
        flagged = (self.probability >= threshold) | self.rules
        return {"threshold": threshold, **heldout_figures(flagged, self.pool.urgent, self.pool.categories)}


def urgent_held_out(encoder: Encoder, shared_data: Path = SHARED_DATA) -> HeldOut:
    """Leave-one-category-out probabilities of the urgent head on the whole labelled pool."""
    pool = urgent_pool(shared_data)
    features = np.hstack([encoder.embed(pool.texts), surface_features(pool.texts)])
    whole = fit_logistic(features, pool.urgent, URGENT_C)
    probability = loco_probabilities(features, pool.urgent, pool.categories, _logistic_scorer(whole))
    rules = np.array([bool(urgent_rule_hits(t)) for t in pool.texts], dtype=bool)
    return HeldOut(pool, features, probability, rules)


def train_urgent(encoder: Encoder, out_dir: Path, shared_data: Path = SHARED_DATA) -> TrainReport:
    """Fit the urgent head on the whole pool; its threshold is chosen on category-held-out scores.

    The threshold is the highest at which head-or-rules recall on the LOCO scores reaches
    ``URGENT_TARGET_RECALL``: each kind of emergency counts as one the head has never seen.
    """
    held = urgent_held_out(encoder, shared_data)
    y = held.pool.urgent
    threshold = recall_threshold(held.probability, held.rules, y, URGENT_TARGET_RECALL)
    loco = held.figures(threshold)
    coef, intercept = fit_logistic(held.features, y, URGENT_C)
    LinearHead(coef, intercept, threshold, surface=True).save(out_dir / URGENT_HEAD)
    flagged = (held.probability >= threshold) | held.rules
    log.info("urgent head: C=%g threshold=%.2f LOCO recall=%s", URGENT_C, threshold, loco["recall_yes"])
    return TrainReport("urgent", len(y), int(y.sum()), threshold, _binary_figures(y, flagged), URGENT_C, loco)


def evaluate_heads(encoder: Encoder, out_dir: Path) -> dict[str, dict[str, object]]:
    """Figures of the heads in ``out_dir`` on the held-out evaluation sets (never used for training)."""
    from models.labelled import binary_scores, load_labelled

    figures: dict[str, dict[str, object]] = {}
    classifiers: list[NeedsResponseClassifier | UrgentClassifier] = [
        NeedsResponseClassifier(encoder, out_dir / NEEDS_RESPONSE_HEAD),
        UrgentClassifier(encoder, out_dir / URGENT_HEAD),
    ]
    for classifier in classifiers:
        items = load_labelled(classifier.task)
        texts = [item.text for item in items]
        predictions = classifier.predict(texts)
        figures[classifier.task] = binary_scores(
            [item.labels[0] for item in items], [p.labels[0] for p in predictions],
            classifier.info.model_id, classifier.task,
        )
    return figures


DEMO_DIR = Path(__file__).resolve().parents[1] / "engage" / "demo_data"


def demo_check(encoder: Encoder, out_dir: Path) -> dict[str, int] | None:
    """Out-of-distribution check on the demo department's public replies (never used for training).

    Reads the demo files as data (no import of ``engage``): how many public replies, mentions and
    quotes the urgent classifier flags, and how many of the items the demo README lists as ones a
    triage desk should catch are among them. None when the demo data is not present.
    """
    import json

    readme = DEMO_DIR / "README.md"
    if not readme.is_file():
        return None
    intended = set(re.findall(r"^\| \w+ \| `([^`]+)` \|", readme.read_text(encoding="utf-8"), re.MULTILINE))
    records = [
        row
        for path in sorted(DEMO_DIR.glob("*.jsonl"))
        for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())
        if row["kind"] in ("reply", "mention", "quote") and not row["is_department"]
    ]
    predictions = UrgentClassifier(encoder, out_dir / URGENT_HEAD).predict([r["text"] for r in records])
    flagged = {r["uid"] for r, p in zip(records, predictions, strict=True) if p.labels == ("yes",)}
    return {"n": len(records), "flagged": len(flagged), "intended": len(intended), "caught": len(intended & flagged)}


def blind_figures(encoder: Encoder, out_dir: Path) -> dict[str, dict[str, object]] | None:
    """Figures of the heads in ``out_dir`` on the blind test set, or None when it is absent.

    The blind set was written by an author who never saw the project's data; nothing is chosen on it.
    Scored as ``engage eval`` scores it: a reply in a language a task does not read is a "no".
    """
    from models.heldout import BLIND_TEST_PATH
    from models.labelled import (
        binary_labels,
        binary_scores,
        load_default_topics,
        multilabel_scores,
        reach_figures,
        read_jsonl,
    )
    from models.language import covers, detect, not_classified
    from models.tasks import REGISTRY
    from models.topics import TopicClassifier

    if not BLIND_TEST_PATH.is_file():
        return None
    rows = read_jsonl(BLIND_TEST_PATH)
    texts = [r["text"] for r in rows]
    emb = encoder.embed(texts)
    languages = [detect(t) for t in texts]

    def gated(task: str, predictions: list[Prediction]) -> list[Prediction]:
        """As the suite stores them: replies in a language the task does not read are not classified."""
        readable = REGISTRY[task].languages
        pairs = zip(predictions, languages, strict=True)
        return [p if covers(readable, lang) else not_classified() for p, lang in pairs]

    out: dict[str, dict[str, object]] = {}
    for classifier in (NeedsResponseClassifier(encoder, out_dir / NEEDS_RESPONSE_HEAD),
                       UrgentClassifier(encoder, out_dir / URGENT_HEAD)):
        predictions = gated(classifier.task, classifier.predict_embeddings(emb, texts))
        gold = [r[classifier.task] for r in rows]
        out[classifier.task] = binary_scores(gold, binary_labels(predictions), classifier.info.model_id,
                                             classifier.task)
        if classifier.task == "urgent":
            out["urgent"]["reaches_a_person"] = reach_figures(gold, predictions, classifier.info.model_id)
    topics = TopicClassifier(load_default_topics(), encoder=encoder)
    predicted_topics = [p.labels for p in gated("topics", topics.predict_embeddings(emb, texts))]
    out["topics"] = {**multilabel_scores([r["topics"] or ["other"] for r in rows], predicted_topics, topics.names),
                     "n": len(rows), "model_id": topics.info.model_id}
    return out


def _figure_row(name: str, f: dict[str, object]) -> str:
    return (f"| {name} | {f['n']} ({f['support_yes']}) | {f['precision_yes']:.3f} | {f['recall_yes']:.3f} | "
            f"{f.get('macro_f1', float('nan')):.3f} |")


def write_model_card(encoder: Encoder, out_dir: Path, reports: Sequence[TrainReport]) -> Path:
    """Write ``MODEL_CARD.md`` beside the heads: blind and category-held-out figures first, then method."""
    import datetime
    import json

    by_task = {r.task: r for r in reports}
    urgent = by_task["urgent"]
    loco = urgent.loco or {}
    held_out = evaluate_heads(encoder, out_dir)
    blind = blind_figures(encoder, out_dir)
    demo = demo_check(encoder, out_dir)
    today = datetime.date.today().isoformat()
    lines = [
        "# Intent heads: needs_response and urgent",
        "",
        "Written by `python -m models.intent train`; do not edit by hand (re-run the command). "
        f"Figures measured {today}.",
        "",
        "## Figures that matter",
        "",
        "| urgent, measured on | n (yes) | precision yes | recall yes | macro-F1 |",
        "|---|---|---|---|---|",
    ]
    if blind is not None:
        lines.append(_figure_row("blind test set (`data/blind/test.jsonl`)", blind["urgent"]))
        reached = blind["urgent"]["reaches_a_person"]
        lines.append(f"| blind, flagged or in a language no model reads (both reach a person) | {reached['n']} "
                     f"({reached['support_yes']}) | {reached['precision_yes']:.3f} | {reached['recall_yes']:.3f} | |")
    lines.append(
        f"| leave-one-category-out (LOCO) on the training pool | {loco['n']} ({loco['support_yes']}) | "
        f"{loco['precision_yes']:.3f} | {loco['recall_yes']:.3f} | {urgent.cv['macro_f1']:.3f} |"
    )
    if blind is not None:
        t = blind["topics"]
        per_label = t["per_label"]
        lines += ["", "| needs_response, measured on | n (yes) | precision yes | recall yes | macro-F1 |",
                  "|---|---|---|---|---|", _figure_row("blind test set", blind["needs_response"]), "",
                  f"Topics (default topics, zero-shot with the question detector), blind test set: micro-F1 "
                  f"{t['micro_f1']:.3f}, macro-F1 {t['macro_f1']:.3f}; questions_and_information recall "
                  f"{per_label['questions_and_information']['recall']:.3f}, service_complaints recall "
                  f"{per_label['service_complaints']['recall']:.3f} (`{t['model_id']}`)."]
    else:
        lines += ["", "The blind test set is not present: no blind figures."]
    lines += [
        "",
        f"Urgent decision threshold (head probability): **{urgent.threshold:.2f}**, the highest at which "
        f"head-or-rules recall on the LOCO scores reaches {URGENT_TARGET_RECALL}. LOCO: each category of "
        "the pool (a kind of emergency, or a kind of harmless reply) is scored by a head fitted without "
        f"any row of it; false-alarm rate on harmless rows {loco['false_alarm_rate']:.3f}. "
        "`engage eval --task urgent --loco --data ../shared/data` recomputes it (the folder holding "
        "`tweeteval/`); `engage eval --task urgent --data models/data/blind/test.jsonl` the blind row "
        "(replies in languages a model does not read count as not flagged).",
    ]
    if demo is not None:
        lines += [
            "",
            f"Demo department (`engage demo` data, never trained on): {demo['flagged']} of {demo['n']} public "
            f"items flagged, {demo['caught']} of the {demo['intended']} items its README lists as ones a "
            f"desk must catch among them ({demo['flagged'] - demo['caught']} false alarms, "
            f"{(demo['flagged'] - demo['caught']) / max(demo['caught'], 1):.1f} per caught item; the target is "
            "at most 2). The head on the embedding alone (shipped until 2026-12-02): 190 of 1,133 flagged, "
            "14 caught; the hand-tuned head before it: 69 flagged, 14 caught.",
        ]
    lines += [
        "",
        "LOCO share flagged per category (recall for urgent kinds, false-alarm rate for harmless ones):",
        "",
        "| category | urgent | n | share flagged |",
        "|---|---|---|---|",
    ]
    for name, c in sorted(loco.get("per_category", {}).items(), key=lambda kv: (not kv[1]["urgent"], kv[0])):
        lines.append(f"| {name} | {'yes' if c['urgent'] else 'no'} | {c['n']} | {c['share_flagged']:.2f} |")
    lines += [
        "",
        "## Method",
        "",
        f"- Encoder: {encoder.name} (mean-pooled, L2-normalised, 384 dimensions), frozen, weights hash "
        f"`{encoder.weights_hash}` (runtime `{encoder.runtime}`).",
        "- needs_response: L2 logistic regression (class-balanced, C="
        f"{NEEDS_RESPONSE_C:g}) on the embedding plus three surface cues ({', '.join(_SURFACE_NAMES)}); "
        "decision threshold maximises 5-fold cross-validated macro-F1 on the training set; anything an "
        "urgent rule fires on is yes.",
        f"- urgent: L2 logistic regression (class-balanced, C={URGENT_C:g}) on the embedding plus the same "
        "surface cues decides and "
        "ranks. Transparent English and Spanish regex rules (`models/intent.py`: "
        f"{', '.join(URGENT_RULES)}) are a safety net: a text they fire on is yes at the boundary score "
        "(0.5), never higher, so rules raise recall but never rank an item above the head's confident ones.",
        "- Scores are remapped so that `scores['yes'] >= 0.5` exactly when the label is yes; they rank "
        "texts but are not calibrated probabilities.",
        "",
        "## Data",
        "",
        "- urgent pool: `models/data/train_urgent.jsonl`, `eval_urgent.jsonl` and the written "
        "`written/train_extra.jsonl` (every row with a `category`), the project's other hand-written "
        "replies as negatives (`train_needs_response`, `eval_topics`, `dev_topics`), and "
        "1,000 TweetEval emotion training tweets as public negatives (Barbieri et al. 2020).",
        "- needs_response: `train_needs_response.jsonl` plus `written/train_extra.jsonl`; held out: "
        "`eval_topics.jsonl`.",
        "- Never used for training or any choice: `models/data/blind/test.jsonl`, the demo data.",
        "",
        "## Training-side figures",
        "",
        "| task | training n (yes) | C | threshold | precision yes | recall yes | macro-F1 | how |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        how = "leave-one-category-out" if r.task == "urgent" else "5-fold CV"
        lines.append(
            f"| {r.task} | {r.n} ({r.n_yes}) | {r.c:g} | {r.threshold:.2f} | {r.cv['precision_yes']:.3f} | "
            f"{r.cv['recall_yes']:.3f} | {r.cv['macro_f1']:.3f} | {how} |"
        )
    lines += [
        "",
        "| task | held-out set | n (yes) | precision yes | recall yes | macro-F1 | model id |",
        "|---|---|---|---|---|---|---|",
    ]
    for task, f in held_out.items():
        source = "eval_urgent.jsonl (now in the training pool)" if task == "urgent" else "eval_topics.jsonl"
        lines.append(
            f"| {task} | {source} | {f['n']} ({f['support_yes']}) | {f['precision_yes']:.3f} | "
            f"{f['recall_yes']:.3f} | {f['macro_f1']:.3f} | `{f['model_id']}` |"
        )
    lines += [
        "",
        "## Limitations",
        "",
        "- The rules were written with the training pool in view, so the LOCO figure counts them as "
        "if unseen; the blind figure is the honest one. Categories of the older sets were assigned by "
        "keyword and checked by eye, not adjudicated.",
        "- False alarms come from the head, not the rules (on the demo the rules fire on 11 replies, 10 of "
        "them meant). The LOCO threshold must let a head that never saw a kind of emergency still catch it, "
        "so it is low, and the embedding carries topic more than immediacy: talk about an incident, advice "
        "to call 911 and questions about one score high. The surface cues cut the demo's flags from 190 to "
        f"{demo['flagged'] if demo else '?'}; the target (about 45) needs a better encoder. Measured, not "
        "shipped: the tuned branch's "
        "vector beside the embedding lowers the LOCO false-alarm rate on written replies from 0.231 to 0.170 "
        "(demo: 165 flags, 15 of 15 caught), but that branch runs in int8 under `onnx`, where a score moves "
        "with the batch, which an urgent flag must not.",
        "- The encoder is English; Spanish is read by the rules and by a head that has seen some Spanish "
        "training rows. Replies in other languages are not classified (`not classified: language`).",
        "- Urgent labels are a triage aid and never replace an emergency line: the product should tell "
        "the public to call 911.",
        "",
    ]
    path = out_dir / "MODEL_CARD.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    figures = {"date": today, "threshold": urgent.threshold, "loco": loco, "blind": blind, "demo": demo}
    (out_dir / "metrics.json").write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m models.intent train``: fit both heads, evaluate them, write the model card."""
    parser = argparse.ArgumentParser(prog="python -m models.intent", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser("train", help="fit the needs_response and urgent heads and write the model card")
    train.add_argument("--out", type=Path, default=ARTIFACT_DIR, help="artifact directory (default: %(default)s)")
    train.add_argument("--data", type=Path, default=SHARED_DATA,
                       help="public data sets, for TweetEval negatives (default: %(default)s)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    encoder = Encoder()
    reports = [train_needs_response(encoder, args.out), train_urgent(encoder, args.out, args.data)]
    for report in reports:
        log.info("trained %s: n=%d threshold=%.2f cv=%s", report.task, report.n, report.threshold, report.cv)
    card = write_model_card(encoder, args.out, reports)
    log.info("wrote %s", card)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
