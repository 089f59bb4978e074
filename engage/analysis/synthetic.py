"""Synthetic departments with known planted effects, to check that the analysis recovers them.

``synthetic_department`` draws a year of threads of a fictional department in which

* pull posts get ``pull_multiplier`` times the replies of push posts (networking posts 1.5 times);
* answering an actionable reply raises the expected sentiment of the later replies under it by
  exactly ``effect`` (on the +1 / 0 / -1 scale), and the asker writes again ``asker_effect`` more often;
* with ``confounded=True`` the department answers the easy questions: neutral and positive replies,
  lower needs-response scores, community-event topics, X and networking threads are answered more
  often, and the same factors raise the later sentiment whether or not anyone answers. The naive
  answered-minus-unanswered difference is then biased upwards; the adjusted estimate should not be.

The later sentiment is linear in the covariates and the answer, with no effect modification, so the
average effect of answering equals ``effect`` exactly. The draw is returned as ``ThreadRecords``
(what ``read_threads`` reads from a database), and ``to_store`` writes it into a real database for
end-to-end checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from engage.analysis.definitions import POST_TYPES
from engage.analysis.frame import ThreadRecords
from engage.store import Store

TOPICS = ("crime_and_safety", "traffic_and_roads", "community_events", "service_complaints")
PLATFORMS = ("x", "reddit", "bluesky")
ACCOUNTS = {"x": "SynthPD", "reddit": "SynthPD_Official", "bluesky": "synthpd.bsky.social"}
TYPE_SHARES = (0.5, 0.25, 0.25)
PUSH_REPLIES = 4.0
DAY = 86400.0
MODEL_IDS = {"sentiment": "synthetic-sentiment@00000000", "needs_response": "synthetic-needs@00000000",
             "topics": "synthetic-topics@00000000", "post_type": "synthetic-post-type@00000000"}


@dataclass(frozen=True)
class Planted:
    """What a synthetic department plants (the truth the analysis must recover)."""

    effect: float = 0.2
    pull_multiplier: float = 3.0
    confounded: bool = True
    asker_effect: float = 0.1


def _code(score: np.ndarray) -> np.ndarray:
    return (score + 2).astype(np.int8)  # -1 -> 1 negative, 0 -> 2 neutral, +1 -> 3 positive


def _draw_scores(rng: np.random.Generator, mean: np.ndarray) -> np.ndarray:
    """+1 / 0 / -1 with the given expectation (a fifth neutral), so E[score] is exactly ``mean``."""
    mean = np.clip(mean, -0.8, 0.8)
    u = rng.random(mean.size)
    p_pos = 0.4 + mean / 2
    return np.where(u < p_pos, 1, np.where(u < p_pos + 0.2, 0, -1))


def synthetic_department(n_posts: int, planted: Planted = Planted(), *, seed: int = 0,
                         end: datetime = datetime(2026, 11, 30, tzinfo=UTC)) -> ThreadRecords:
    """A year of ``n_posts`` department posts and their threads, with ``planted`` effects."""
    rng = np.random.default_rng(seed)
    t_end = end.timestamp()
    post_created = np.sort(rng.uniform(t_end - 365 * DAY, t_end - 8 * DAY, n_posts))
    post_type = rng.choice(3, n_posts, p=TYPE_SHARES)
    post_topic = rng.integers(0, len(TOPICS), n_posts)
    post_platform = rng.integers(0, len(PLATFORMS), n_posts)
    views = np.where(post_platform == 0, rng.integers(500, 5000, n_posts), np.nan)
    rate = PUSH_REPLIES * np.array([1.0, planted.pull_multiplier, 1.5])[post_type]

    # Replies directly under each post.
    n_top = rng.poisson(rate)
    owner_post = np.repeat(np.arange(n_posts), n_top)
    n = owner_post.size
    created = post_created[owner_post] + np.minimum(rng.exponential(8 * 3600, n), 5 * DAY)
    actionable = rng.random(n) < 0.5
    own = rng.choice(3, n, p=(0.45, 0.4, 0.15)) - 1  # the reply's own sentiment: -1 / 0 / +1
    need = rng.uniform(0.5, 1.0, n)
    topic = post_topic[owner_post]
    platform = post_platform[owner_post]
    ptype = post_type[owner_post]
    c = 1.0 if planted.confounded else 0.0
    logit = -0.3 + c * (1.2 * (own == 0) + 2.0 * (own == 1) - 3.0 * (need - 0.75) + 0.8 * (topic == 2)
                        - 0.6 * (topic == 0) + 0.5 * (platform == 0) + 0.4 * (ptype == 2))
    answered = actionable & (rng.random(n) < 1 / (1 + np.exp(-logit)))
    answer_at = created + np.minimum(rng.lognormal(np.log(3 * 3600), 1.2, n), 6 * DAY)
    later_mean = (-0.3 + 0.25 * (own == 0) + 0.4 * (own == 1) + 0.15 * (topic == 2) - 0.15 * (topic == 0)
                  + 0.1 * (platform == 0) - 0.6 * (need - 0.75) + planted.effect * answered)

    # The conversation under each actionable reply (others), and the asker writing again.
    n_under = np.where(actionable, rng.poisson(1.5, n) + 1, 0)
    under_of = np.repeat(np.arange(n), n_under)
    asker_back = actionable & (rng.random(n) < np.clip(0.25 + planted.asker_effect * answered, 0, 1))
    back_of = np.flatnonzero(asker_back)
    follow_of = np.concatenate([under_of, back_of])
    m = follow_of.size
    start = np.where(answered[follow_of], np.maximum(created[follow_of], answer_at[follow_of]), created[follow_of])
    follow_created = start + np.minimum(rng.exponential(6 * 3600, m), 0.9 * DAY) + 1.0
    follow_score = _draw_scores(rng, later_mean[follow_of])
    via_answer = answered[follow_of] & (rng.random(m) < 0.6)

    top_uid = [f"{PLATFORMS[platform[i]]}:s{i}" for i in range(n)]
    follow_uid = [f"{PLATFORMS[platform[f]]}:f{j}" for j, f in enumerate(follow_of.tolist())]
    post_uid = [f"{PLATFORMS[p]}:p{i}" for i, p in enumerate(post_platform.tolist())]
    answer_idx = np.flatnonzero(answered)
    answer_uid = {int(i): f"{PLATFORMS[platform[i]]}:a{i}" for i in answer_idx.tolist()}
    top_author = [f"u{i}" for i in range(n)]
    follow_author = [f"o{j}" for j in range(under_of.size)] + [top_author[i] for i in back_of.tolist()]

    top_sentiment = np.where(actionable, _code(own), _code(rng.choice(3, n, p=(0.3, 0.4, 0.3)) - 1))
    types = list(POST_TYPES)
    return ThreadRecords(
        post_uid=post_uid, post_created=post_created,
        post_platform=[PLATFORMS[p] for p in post_platform.tolist()], post_views=views.astype(float),
        post_engagement=rng.poisson(30, n_posts).astype(float), post_type=[types[t] for t in post_type.tolist()],
        post_topic=[TOPICS[t] for t in post_topic.tolist()],
        reply_uid=top_uid + follow_uid,
        reply_created=np.concatenate([created, follow_created]),
        reply_parent=[post_uid[o] for o in owner_post.tolist()]
        + [answer_uid[f] if v else top_uid[f] for f, v in zip(follow_of.tolist(), via_answer.tolist(), strict=True)],
        reply_root=[post_uid[o] for o in owner_post.tolist()] + [post_uid[owner_post[f]] for f in follow_of.tolist()],
        reply_author=top_author + follow_author,
        reply_sentiment=np.concatenate([top_sentiment, _code(follow_score)]).astype(np.int8),
        reply_actionable=np.concatenate([actionable, np.zeros(m, dtype=bool)]),
        reply_need=np.concatenate([np.where(actionable, need, np.nan), np.full(m, np.nan)]),
        reply_topic=[TOPICS[t] for t in topic.tolist()] + [TOPICS[topic[f]] for f in follow_of.tolist()],
        reply_platform=[PLATFORMS[p] for p in platform.tolist()] + [PLATFORMS[platform[f]] for f in follow_of.tolist()],
        reply_post_type=[types[t] for t in ptype.tolist()] + [types[ptype[f]] for f in follow_of.tolist()],
        response_uid=[answer_uid[i] for i in answer_idx.tolist()], response_created=answer_at[answer_idx],
        response_parent=[top_uid[i] for i in answer_idx.tolist()],
    )


def to_store(store: Store, rec: ThreadRecords) -> None:
    """Write ``rec`` into ``store`` as collected records with model labels (bulk, for tests and benches).

    Department posts, replies and responses go in through ``upsert_records``; the labels are written as
    classifications of the synthetic model ids, which are then made active.
    """
    from connectors.base import Metrics, Record

    sentiments = {1: "negative", 2: "neutral", 3: "positive"}
    records: list[Record] = []
    for i, uid in enumerate(rec.post_uid):
        platform = rec.post_platform[i]
        views = None if np.isnan(rec.post_views[i]) else int(rec.post_views[i])
        records.append(Record(uid=uid, platform=platform, native_id=uid.split(":", 1)[1], account=ACCOUNTS[platform],
                              author_id="dept", is_department=True, kind="post", text=f"post {i}",
                              created_at=datetime.fromtimestamp(rec.post_created[i], UTC), root_uid=uid,
                              metrics=Metrics(likes=int(rec.post_engagement[i]), views=views)))
    for i, uid in enumerate(rec.reply_uid):
        platform = rec.reply_platform[i]
        records.append(Record(uid=uid, platform=platform, native_id=uid.split(":", 1)[1], account=ACCOUNTS[platform],
                              author_id=rec.reply_author[i], kind="reply", text=f"reply {i}",
                              created_at=datetime.fromtimestamp(rec.reply_created[i], UTC),
                              parent_uid=rec.reply_parent[i], root_uid=rec.reply_root[i]))
    root_of = dict(zip(rec.reply_uid, rec.reply_root, strict=True))
    for i, uid in enumerate(rec.response_uid):
        platform = uid.split(":", 1)[0]
        records.append(Record(uid=uid, platform=platform, native_id=uid.split(":", 1)[1], account=ACCOUNTS[platform],
                              author_id="dept", is_department=True, kind="reply", text=f"answer {i}",
                              created_at=datetime.fromtimestamp(rec.response_created[i], UTC),
                              parent_uid=rec.response_parent[i], root_uid=root_of[rec.response_parent[i]]))
    with store.db.atomic():  # upsert_records writes inside the caller's transaction
        store.upsert_records(records)
    for task, model_id in MODEL_IDS.items():
        labels = {"sentiment": list(sentiments.values()), "topics": list(TOPICS), "post_type": list(POST_TYPES)}
        store.activate_model(task, model_id, labels.get(task, ["yes", "no"]))
    rows = []
    for i, uid in enumerate(rec.post_uid):
        rows.append(_label(uid, "post_type", rec.post_type[i]))
        rows.append(_label(uid, "topics", rec.post_topic[i]))
    for i, uid in enumerate(rec.reply_uid):
        code = int(rec.reply_sentiment[i])
        if code:
            rows.append(_label(uid, "sentiment", sentiments[code]))
        yes = bool(rec.reply_actionable[i])
        score = float(rec.reply_need[i]) if yes else 0.2
        rows.append({**_label(uid, "needs_response", "yes" if yes else "no"),
                     "scores": {"yes": round(score, 4), "no": round(1 - score, 4)}})
        rows.append(_label(uid, "topics", rec.reply_topic[i]))
    store.save_classifications(rows)


def _label(uid: str, task: str, label: str) -> dict[str, object]:
    return {"uid": uid, "task": task, "model_id": MODEL_IDS[task], "label": label, "scores": {label: 0.9}}


def window(rec: ThreadRecords) -> tuple[datetime, datetime]:
    """A [since, until) that covers every post of ``rec``, the as-of time a week after the last reply."""
    first = datetime.fromtimestamp(float(rec.post_created.min()), UTC) - timedelta(days=1)
    last = datetime.fromtimestamp(float(rec.reply_created.max()), UTC) + timedelta(days=1)
    return first, last

