"""The three questions, answered from the analysis tables: which posts invite conversation, does answering
help, is it changing. ``analyse`` turns ``PostTable`` / ``ReplyTable`` into a ``WhatWorks`` (plain data,
no formatting); ``what_works`` reads them from a store first. ``as_json`` is the ``--json`` object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np

from engage.analysis.definitions import (
    ANALYSIS_VERSION,
    ANSWER_BANDS,
    COVARIATES,
    HOUR_BANDS,
    NEED_BANDS,
    NOT_ANSWERED,
    POST_TYPES,
    SMALL_SAMPLE,
    STATEMENT,
)
from engage.analysis.estimators import (
    BOOTSTRAP,
    NO_ESTIMATE,
    EffectResult,
    Estimate,
    answer_effect,
    ipw_weights,
    mean_interval,
    ratio_interval,
    relative_rate,
    smd,
)
from engage.analysis.frame import SCORE, PostTable, ReplyTable, build_tables, read_threads
from engage.store import Store

BALANCED = 0.1  # |SMD| under this after weighting: the usual mark of good balance
SENTIMENT_NAMES = ("unlabelled", "negative", "neutral", "positive")
SEED = 20261201


@dataclass
class TypeRow:
    """Figures for the posts of one type (and one topic, when ``topic`` is set)."""

    post_type: str
    topic: str | None
    posts: int
    replies: int
    replies_per_post: Estimate
    actionable_share: Estimate
    conversation_ratio: Estimate
    net_sentiment: Estimate
    engagement_per_view: Estimate | None
    relative_to_push: Estimate

    @property
    def small(self) -> bool:
        return self.posts < SMALL_SAMPLE

    def as_dict(self) -> dict[str, object]:
        return {
            "posts": self.posts, "replies": self.replies, "small_sample": self.small,
            "replies_per_post": self.replies_per_post.as_dict(),
            "actionable_share": self.actionable_share.as_dict(),
            "conversation_ratio": self.conversation_ratio.as_dict(),
            "net_sentiment": self.net_sentiment.as_dict(),
            "engagement_per_view": None if self.engagement_per_view is None else self.engagement_per_view.as_dict(),
            "relative_to_push": self.relative_to_push.as_dict(),
        }


@dataclass
class Effect:
    """An adjusted effect on one outcome, the naive comparison, and the balance behind it."""

    outcome: str
    result: EffectResult
    covariates: list[str]
    smd_before: list[float]
    smd_after: list[float]

    @property
    def small(self) -> bool:
        return min(self.result.n_answered, self.result.n_unanswered) < SMALL_SAMPLE

    @property
    def max_smd_before(self) -> float | None:
        return max((abs(v) for v in self.smd_before), default=None)

    @property
    def max_smd_after(self) -> float | None:
        return max((abs(v) for v in self.smd_after), default=None)

    def verdict(self) -> str:
        """One plain sentence: what the interval says (or that the sample is too small)."""
        r = self.result
        if self.small or r.adjusted.low is None:
            return (f"Sample too small to say: {r.n_answered} answered and {r.n_unanswered} unanswered replies "
                    f"(at least {SMALL_SAMPLE} of each are needed).")
        if r.adjusted.excludes(0.0):
            way = "higher" if r.adjusted.estimate > 0 else "lower"  # type: ignore[operator]
            said = f"After an answer, {self.outcome} is {way} (the 95% interval excludes no difference)."
        else:
            said = f"No clear difference in {self.outcome} after an answer (the 95% interval includes zero)."
        worst = self.max_smd_after
        if worst is not None and worst > BALANCED:
            said += (f" Weighting left some factors unbalanced (largest |SMD| {worst:.2f}), so the outcome model"
                     " carries more of the adjustment: read it with extra care.")
        return said


@dataclass
class DoseBand:
    label: str
    n: int
    later: Estimate


@dataclass
class Quarter:
    key: str
    posts: int
    replies_per_post: dict[str, Estimate]
    effect: EffectResult
    changes: dict[str, str] = field(default_factory=dict)


@dataclass
class WhatWorks:
    department: str
    tz_name: str
    since: datetime
    until: datetime
    generated_at: datetime
    model_ids: dict[str, str]
    posts_analysed: int
    posts_too_recent: int
    actionable_replies: int
    types: list[TypeRow]
    types_by_topic: list[TypeRow]
    effect: Effect | None
    asker: Effect | None
    asker_next: dict[str, Estimate]
    dose: list[DoseBand]
    quarters: list[Quarter]
    version: str = ANALYSIS_VERSION
    statement: str = STATEMENT

    @property
    def covariates(self) -> tuple[str, ...]:
        return COVARIATES


# --- question 1: which posts invite conversation ---------------------------------------------------------


def _type_row(posts: PostTable, mask: np.ndarray, push: np.ndarray, post_type: str, topic: str | None,
              rng: np.random.Generator) -> TypeRow:
    ones = np.ones(int(mask.sum()))
    replies = posts.replies[mask].astype(float)
    viewed = mask & ~np.isnan(posts.views) & ~np.isnan(posts.engagement)
    return TypeRow(
        post_type=post_type, topic=topic, posts=int(mask.sum()), replies=int(replies.sum()),
        replies_per_post=ratio_interval(replies, ones, rng),
        actionable_share=ratio_interval(posts.actionable[mask], replies, rng),
        conversation_ratio=ratio_interval(posts.responses[mask], ones, rng),
        net_sentiment=ratio_interval(posts.positive[mask] - posts.negative[mask], posts.classified[mask], rng),
        engagement_per_view=(ratio_interval(posts.engagement[viewed], posts.views[viewed], rng)
                             if viewed.any() else None),
        relative_to_push=(relative_rate(replies, ones, posts.replies[push].astype(float), np.ones(int(push.sum())),
                                        rng) if post_type != "push" else Estimate(1.0, None, None)),
    )


def post_type_rows(posts: PostTable, rng: np.random.Generator) -> tuple[list[TypeRow], list[TypeRow]]:
    """Per type, and per type and topic, over posts whose follow-up window has passed."""
    done = posts.complete
    types = np.array(posts.post_type, dtype=object)
    topics = np.array(posts.topic, dtype=object)
    push = done & (types == "push")
    present = [t for t in (*POST_TYPES, *sorted(set(posts.post_type) - set(POST_TYPES)))
               if (done & (types == t)).any()]
    rows = [_type_row(posts, done & (types == t), push, t, None, rng) for t in present]
    by_topic = [_type_row(posts, done & (types == t) & (topics == k), push, t, k, rng)
                for t in present for k in sorted(set(topics[done & (types == t)]))]
    return rows, by_topic


# --- question 2: does answering help ---------------------------------------------------------------------


def _indicators(name: str, codes: np.ndarray, levels: list[str]) -> tuple[np.ndarray, list[str]]:
    """Indicator columns of ``codes`` (indexes into ``levels``) for every level present but the most
    common one (the reference), in the order of ``levels``."""
    counts = np.bincount(codes, minlength=len(levels))
    reference = int(np.argmax(counts)) if codes.size else 0
    keep = [i for i in range(len(levels)) if counts[i] and i != reference]
    columns = np.stack([codes == i for i in keep], axis=1) if keep else np.empty((codes.size, 0), dtype=bool)
    return columns.astype(float), [f"{name}: {levels[i]}" for i in keep]


def _one_hot(name: str, values: list[str]) -> tuple[np.ndarray, list[str]]:
    """Indicators of text values (levels in sorted order)."""
    levels = sorted(set(values))
    index = {v: i for i, v in enumerate(levels)}
    return _indicators(name, np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values)), levels)


NEED_LABELS = ["< 0.6", "0.6-0.7", "0.7-0.8", "0.8-0.9", ">= 0.9", "set by a person"]


def _need_codes(score: np.ndarray) -> np.ndarray:
    band = np.searchsorted(np.array(NEED_BANDS), np.nan_to_num(score, nan=-1.0), side="right")
    return np.where(np.isnan(score), len(NEED_LABELS) - 1, band).astype(np.int64)


def _hour_codes(hour: np.ndarray) -> np.ndarray:
    return (np.searchsorted(np.array([s for s, _ in HOUR_BANDS]), hour, side="right") - 1).astype(np.int64)


def design_matrix(replies: ReplyTable) -> tuple[np.ndarray, list[str]]:
    """The covariates of ``COVARIATES`` as one-hot columns, with their names."""
    parts = [
        _indicators("own sentiment", replies.sentiment.astype(np.int64), list(SENTIMENT_NAMES)),
        _one_hot("topic", replies.topic),
        _indicators("needs-response score", _need_codes(replies.need), NEED_LABELS),
        _one_hot("platform", replies.platform),
        _indicators("hour", _hour_codes(replies.hour), [label for _, label in HOUR_BANDS]),
        _one_hot("post type", replies.post_type),
    ]
    columns = [p[0] for p in parts if p[0].shape[1]]
    design = np.hstack(columns) if columns else np.empty((len(replies.created), 0))
    return design, [n for _, names in parts for n in names]


def estimate_effect(replies: ReplyTable, outcome: np.ndarray, label: str, rng: np.random.Generator,
                    replicates: int = BOOTSTRAP) -> Effect:
    """The adjusted and naive effect of an answer on ``outcome`` over ``replies``, with balance."""
    design, names = design_matrix(replies)
    treated = ~np.isnan(replies.answer_hours)
    result = answer_effect(design, treated, outcome, rng, replicates)
    if result.adjusted is NO_ESTIMATE or not names:
        return Effect(label, result, names, [], [])
    weights = ipw_weights(treated, result.propensity)
    before, after = smd(design, treated), smd(design, treated, weights)
    return Effect(label, result, names, [round(float(v), 3) for v in before], [round(float(v), 3) for v in after])


def later_sample(replies: ReplyTable) -> ReplyTable:
    """Actionable replies whose follow-up window has passed and that have later replies under them."""
    return replies.subset(replies.complete & (replies.later_n > 0))


def later_sentiment(replies: ReplyTable) -> np.ndarray:
    return replies.later_sum / np.maximum(replies.later_n, 1)


def dose_response(sample: ReplyTable) -> list[DoseBand]:
    """Mean later sentiment by time to the first answer, and for replies not answered."""
    outcome = later_sentiment(sample)
    hours = sample.answer_hours
    bands, lower = [], 0.0
    for upper, label in ANSWER_BANDS:
        mask = (hours >= lower) & (hours < upper)
        bands.append(DoseBand(label, int(mask.sum()), mean_interval(outcome[mask])))
        lower = upper
    none = np.isnan(hours)
    bands.append(DoseBand(NOT_ANSWERED, int(none.sum()), mean_interval(outcome[none])))
    return bands


# --- question 3: is it changing --------------------------------------------------------------------------


def quarter_keys(epoch: np.ndarray, tz: ZoneInfo) -> list[str]:
    out = []
    for t in epoch.tolist():
        local = datetime.fromtimestamp(t, tz)
        out.append(f"{local.year}-Q{(local.month - 1) // 3 + 1}")
    return out


def _change(now: Estimate, before: Estimate) -> str:
    if now.estimate is None or before.estimate is None or now.low is None or before.low is None:
        return "sample too small"
    if now.overlaps(before):
        return "no clear change"
    return "up" if now.estimate > before.estimate else "down"


def by_quarter(posts: PostTable, sample: ReplyTable, tz: ZoneInfo, rng: np.random.Generator,
               replicates: int = BOOTSTRAP) -> list[Quarter]:
    """Replies per post by type and the answer effect, per quarter, with changes called by intervals."""
    done = posts.complete
    post_q = np.array(quarter_keys(posts.created, tz), dtype=object)
    reply_q = np.array(quarter_keys(sample.created, tz), dtype=object)
    types = np.array(posts.post_type, dtype=object)
    quarters: list[Quarter] = []
    outcome = later_sentiment(sample)
    for key in sorted(set(post_q[done]) | set(reply_q)):
        in_q = done & (post_q == key)
        rpp = {t: ratio_interval(posts.replies[in_q & (types == t)].astype(float),
                                 np.ones(int((in_q & (types == t)).sum())), rng) for t in POST_TYPES}
        mask = reply_q == key
        design, _ = design_matrix(sample.subset(mask)) if mask.any() else (np.empty((0, 0)), [])
        effect = answer_effect(design, ~np.isnan(sample.answer_hours[mask]), outcome[mask], rng, replicates)
        quarter = Quarter(key, int(in_q.sum()), rpp, effect)
        if quarters:
            last = quarters[-1]
            quarter.changes = {f"replies per {t} post": _change(rpp[t], last.replies_per_post[t]) for t in POST_TYPES}
            small = min(effect.n_answered, effect.n_unanswered, last.effect.n_answered,
                        last.effect.n_unanswered) < SMALL_SAMPLE
            quarter.changes["answer effect"] = ("sample too small" if small
                                                else _change(effect.adjusted, last.effect.adjusted))
        quarters.append(quarter)
    return quarters


# --- all together ----------------------------------------------------------------------------------------


def analyse(posts: PostTable, replies: ReplyTable, *, department: str, tz: ZoneInfo, tz_name: str,
            since: datetime, until: datetime, model_ids: dict[str, str], now: datetime | None = None,
            seed: int = SEED, replicates: int = BOOTSTRAP) -> WhatWorks:
    """Every figure of the what-works report from the two tables (seeded: the same data, the same report)."""
    rng = np.random.default_rng(seed)
    types, by_topic = post_type_rows(posts, rng)
    sample = later_sample(replies)
    effect = (estimate_effect(sample, later_sentiment(sample), "the later sentiment of the conversation", rng,
                              replicates) if len(sample.created) else None)
    asked = replies.subset(replies.complete & replies.asker_known)
    asker = (estimate_effect(asked, asked.asker_again.astype(float), "the share of askers who write again", rng,
                             replicates) if len(asked.created) else None)
    answered = ~np.isnan(asked.answer_hours)
    back = asked.asker_again
    asker_next = {
        "answered": mean_interval(SCORE[asked.asker_next_sentiment[back & answered]]),
        "unanswered": mean_interval(SCORE[asked.asker_next_sentiment[back & ~answered]]),
    }
    return WhatWorks(
        department=department, tz_name=tz_name, since=since, until=until, generated_at=now or datetime.now(UTC),
        model_ids=model_ids, posts_analysed=int(posts.complete.sum()),
        posts_too_recent=int((~posts.complete).sum()), actionable_replies=len(replies.created),
        types=types, types_by_topic=by_topic, effect=effect, asker=asker, asker_next=asker_next,
        dose=dose_response(sample), quarters=by_quarter(posts, sample, tz, rng, replicates),
    )


def what_works(store: Store, *, department: str, tz_name: str, since: datetime, until: datetime,
               now: datetime | None = None) -> WhatWorks:
    """Read the window from ``store`` and analyse it."""
    now = now or datetime.now(UTC)
    tz = ZoneInfo(tz_name)
    posts, replies = build_tables(read_threads(store, since, until), tz, since, until, now)
    model_ids = {r[0]: r[1] for r in store.db.execute("SELECT task, model_id FROM active_models ORDER BY task")}
    return analyse(posts, replies, department=department, tz=tz, tz_name=tz_name, since=since, until=until,
                   model_ids=model_ids, now=now)


def _effect_dict(effect: Effect | None, which: str) -> dict[str, object]:
    if effect is None:
        return {**NO_ESTIMATE.as_dict(), "n_answered": 0, "n_unanswered": 0, "small_sample": True}
    return {**effect.result.as_dict(which), "small_sample": effect.small}


def as_json(report: WhatWorks) -> dict[str, object]:
    """The figures as one JSON-ready object (the keys of issue #21, and the rest of the report)."""
    effect = report.effect
    return {
        "definitions_version": report.version,
        "department": report.department,
        "timezone": report.tz_name,
        "since": report.since.isoformat(), "until": report.until.isoformat(),
        "generated_at": report.generated_at.isoformat(),
        "model_ids": report.model_ids,
        "statement": report.statement,
        "covariates": list(report.covariates),
        "sample": {"posts_analysed": report.posts_analysed, "posts_too_recent": report.posts_too_recent,
                   "actionable_replies": report.actionable_replies},
        "post_types": {row.post_type: row.as_dict() for row in report.types},
        "post_types_by_topic": [{"post_type": r.post_type, "topic": r.topic, **r.as_dict()}
                                for r in report.types_by_topic],
        "answer_effect": _effect_dict(effect, "adjusted"),
        "naive_answer_effect": _effect_dict(effect, "naive"),
        "balance": None if effect is None else {
            "covariates": effect.covariates, "smd_before": effect.smd_before, "smd_after": effect.smd_after},
        "asker_writes_again_effect": _effect_dict(report.asker, "adjusted"),
        "naive_asker_writes_again_effect": _effect_dict(report.asker, "naive"),
        "asker_next_sentiment": {k: v.as_dict() for k, v in report.asker_next.items()},
        "dose_response": [{"band": d.label, "n": d.n, **d.later.as_dict()} for d in report.dose],
        "quarters": [{"quarter": q.key, "posts": q.posts,
                      "replies_per_post": {t: e.as_dict() for t, e in q.replies_per_post.items()},
                      "answer_effect": q.effect.as_dict("adjusted"), "changes": q.changes} for q in report.quarters],
    }
