"""Names and rules of the current schema, for the code that reads and writes it.

Migrations are history: each one's SQL is frozen as the text it ran (``engage.migrations``), so editing
anything here never changes a database that is already migrated. This module says what the schema is
now: the public-reply rule and its index, and the values derived from labels that are stored on rows
(the inbox's priority parts on ``triage``, the sentiment code on ``posts``) with the statements that
recompute them. Triggers created by migrations 7 and 8 keep those values current; bulk loaders that bypass
the triggers run the backfills once at the end, and ``tests/test_labels.py`` checks the two agree.
A change to a rule here needs a new migration that replaces the triggers.
"""

from __future__ import annotations

from engage import labels

# The definition of ``posts.is_public_reply``, spelled on stored columns so the partial index below can be
# used (SQLite never treats an index on a virtual column as covering): queries repeat this WHERE and name
# the index (INDEXED BY), since without statistics the planner prefers the shorter is_department index.
PUBLIC_REPLY_WHERE = "is_department = 0 AND kind IN ('reply', 'mention', 'quote')"
# Public replies by time, carrying every column a report reads of them (migration 10).
PUBLIC_REPLY_SPAN_INDEX = "idx_posts_public_reply_span"

# posts.sentiment_code: each reply's current sentiment; 0 = not labelled.
SENTIMENT_CODES = {1: "negative", 2: "neutral", 3: "positive"}
SENTIMENT_SET = (
    "UPDATE posts SET sentiment_code = (CASE " + labels.current_label("sentiment", "posts.uid")  # noqa: S608
    + "".join(f" WHEN '{label}' THEN {code}" for code, label in SENTIMENT_CODES.items()) + " ELSE 0 END)"
)
SENTIMENT_BACKFILL = f"{SENTIMENT_SET} WHERE is_public_reply = 1"

# The inbox order's parts that do not depend on the clock, stored on the triage row: rank_urgent is graded
# (labels.rank_urgent), the other flags are 1 when the current label of their task is the value.
RANK_FLAGS = {"rank_needs": ("needs_response", "yes"), "rank_negative": ("sentiment", "negative")}
_ENGAGEMENT = "coalesce(p.likes, 0) + coalesce(p.replies, 0) + coalesce(p.reposts, 0) + coalesce(p.quotes, 0)"
RANK_LABELS_SET = f"rank_urgent = {labels.rank_urgent('triage.uid')}, " + ", ".join(
    f"{column} = {labels.flag(task, value, 'triage.uid')}" for column, (task, value) in RANK_FLAGS.items()
)
RANK_POST_SET = (f"rank_engagement = coalesce((SELECT {_ENGAGEMENT} FROM posts p WHERE p.uid = triage.uid), 0),"  # noqa: S608
                 " reply_created_at = (SELECT p.created_at FROM posts p WHERE p.uid = triage.uid)")
TRIAGE_RANK_BACKFILL = f"UPDATE triage SET {RANK_LABELS_SET}, {RANK_POST_SET}"  # noqa: S608 - constants
