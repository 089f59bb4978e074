"""The exported tables and every column in them: one source for the writers and the codebook.

Each column has a logical type (``string``, ``integer``, ``float``, ``boolean``, ``timestamp``)
that maps to one Parquet type and one CSV/JSON spelling, a unit where it has one, and the
sentence a researcher reads in ``codebook.md``. A column added to a query without a line here
fails the export (the writers look columns up by name), so the codebook cannot fall behind.
"""

from __future__ import annotations

from dataclasses import dataclass

TYPES = ("string", "integer", "float", "boolean", "timestamp")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    unit: str = ""

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name}: unknown type {self.type!r}")


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


TS_NOTE = "ISO 8601 in UTC with offset (e.g. 2026-10-03T14:05:09.123+00:00); Parquet: timestamp[ms, UTC]"

POST_ID = Column(
    "post_id", "string",
    "Record id, `platform:native_id`. Ids that embed a public author's account id (Bluesky `at://did:...` "
    "URIs) are replaced by a keyed hash `platform:h_<20 hex>` so thread links still join but the id does not "
    "reveal the author.",
)

POSTS = Table(
    "posts",
    "One row per record in scope: department original posts, public replies/mentions/quotes, and department "
    "responses, with thread links. Content deleted on the platform (found deleted on re-collection, or "
    "listed by a compliance feed) is never exported and has no row here. Replies past the retention period "
    "keep their row (times, thread links, counts, labels) without text or author (`retained` = true).",
    (
        POST_ID,
        Column("platform", "string", "x, reddit, bluesky, mastodon, facebook or file."),
        Column("native_id", "string", "The platform's own id (hashed like `post_id` where that is hashed). For X "
               "this is the post id to rehydrate with twarc2."),
        Column("account", "string", "The monitored department account whose conversation the record belongs to."),
        Column("kind", "string", "post (department original), reply, mention or quote, as the platform relates it."),
        Column("role", "string",
               "public_reply (a public reply in the sense of the metric definitions); department_post (a "
               "department original post); department_response (a department record whose parent is a public "
               "reply); department_other (another department record, e.g. a reply in its own thread); "
               "public_other (any other public record)."),
        Column("is_department", "boolean", "True when one of the department's accounts wrote it."),
        Column("author", "string",
               "Department records: the department account's handle. Public records: a keyed pseudonym "
               "`p_<16 hex>` (HMAC-SHA256 of `platform:author_id`), the same for the same person in every row "
               "and in every export made with the same key (see manifest `pseudonym_key_id`). Empty when the "
               "author is unknown or was removed by retention."),
        Column("text", "string",
               "The text, with @mentions of public users replaced by their pseudonyms (@p_...); in public text, "
               "e-mail addresses replaced by [email] and phone numbers by [phone] (the department's own posts keep "
               "the contact details it published). Empty when the export was made with --no-text, "
               "for X records in dehydrated mode, and for retained records."),
        Column("lang", "string", "Language code reported by the platform, if any."),
        Column("created_at", "timestamp", "When the author posted it (platform time). " + TS_NOTE, "UTC instant"),
        Column("collected_at", "timestamp", "When engage first collected it. " + TS_NOTE, "UTC instant"),
        Column("parent_id", "string", "The record it answers (same id form as post_id); may point to a record "
               "outside the export (another period, filtered out, or deleted)."),
        Column("root_id", "string", "The root of its thread (conversation), same id form as post_id."),
        Column("url", "string", "Permalink of department records (public records' links name their author, so "
               "they are not exported). Empty for X records in dehydrated mode."),
        Column("likes", "integer", "Likes/favourites at the latest snapshot; empty where the platform gives no "
               "such count (never guessed as 0; Reddit has none, see score).", "count"),
        Column("replies", "integer", "Reply count at the latest snapshot (platform's own count).", "count"),
        Column("reposts", "integer", "Reposts/retweets/shares at the latest snapshot.", "count"),
        Column("quotes", "integer", "Quote posts at the latest snapshot.", "count"),
        Column("views", "integer", "Views/impressions at the latest snapshot, only where the platform reports "
               "them.", "count"),
        Column("score", "integer", "Signed vote balance at the latest snapshot (Reddit: upvotes minus downvotes, "
               "often negative); empty on platforms without votes. Not part of engagement.", "count"),
        Column("engagement", "integer", "likes + replies + reposts + quotes at the latest snapshot (missing "
               "counts add 0); empty when the platform gave none of them.", "count"),
        Column("metrics_observed_at", "timestamp", "When the latest snapshot of the counts was taken. " + TS_NOTE,
               "UTC instant"),
        Column("retained", "boolean", "True when the record is past the retention period: its text and author "
               "were removed from the database (the row remains for aggregate figures)."),
    ),
)

LABELS = Table(
    "labels",
    "The current classification labels of exported public replies: one row per (post, task, label); "
    "`topics` is multi-label (several rows; label `none` = no topic). A person's correction in triage "
    "overrides the model's labels for that task (source = human).",
    (
        POST_ID,
        Column("task", "string", "sentiment (negative|neutral|positive), topics (configured topic names), "
               "needs_response, urgent, abusive (yes|no)."),
        Column("label", "string", "The label."),
        Column("score", "float", "The model's score for this label (probability, 0-1); empty for human labels.",
               "probability"),
        Column("source", "string", "model or human."),
        Column("model_id", "string", "The exact model id (name + revision/hash) that produced the label; "
               "`human` for a correction. Every model id also appears in manifest.json."),
    ),
)

RESPONSE_TIMES = Table(
    "response_times",
    "One row per public reply in scope, answered or not, for survival analysis of first response time "
    "(answered = event, unanswered = right-censored at `observed_until`). Definitions as in the metrics "
    "section below (the same SQL as the product's reports). Replies deleted on the platform keep a row here "
    "without id or labels (deleted = true) so that response-rate denominators match the reports.",
    (
        Column("post_id", "string", "The public reply (as in posts.post_id); empty for deleted replies."),
        Column("platform", "string", "Platform of the reply."),
        Column("account", "string", "The monitored department account."),
        Column("created_at", "timestamp", "When the public posted the reply; the response clock starts here. "
               + TS_NOTE, "UTC instant"),
        Column("deleted", "boolean", "True when the reply was deleted on the platform (no content exported)."),
        Column("actionable", "boolean", "Needs a response: labelled needs_response = yes (a human correction "
               "overrides the model), marked by a person in triage as in progress, responded or escalated, or "
               "answered elsewhere. Response rates use only actionable replies."),
        Column("needs_response", "string", "The current needs_response label (yes|no); empty if unclassified."),
        Column("topics", "string", "The reply's current topic labels joined by `;` (`none` = no topic); empty "
               "if unclassified or deleted."),
        Column("has_incident_ref", "boolean", "True when an officer tied the reply to an incident (a CAD or case "
               "number) in triage. The reference itself is never exported."),
        Column("answered", "boolean", "True when answered by `observed_until`: a department record answers it "
               "(parent = this reply), wherever that answer was made, or a person recorded an answer given "
               "elsewhere (phone, direct message, in person)."),
        Column("answered_via", "string", "How the first answer was given: `platform` (a department response), "
               "`phone`, `direct_message` or `in_person` (answered elsewhere, recorded in triage); empty when "
               "unanswered. The reports count answered elsewhere as its own category of the response rate."),
        Column("first_response_id", "string", "The earliest department response (posts.post_id)."),
        Column("first_response_at", "timestamp", "When the earliest department response was posted. " + TS_NOTE,
               "UTC instant"),
        Column("answered_elsewhere_at", "timestamp", "When the answer given elsewhere was given, as recorded in "
               "triage; empty when none was recorded. " + TS_NOTE, "UTC instant"),
        Column("frt_s", "float", "First response time: from created_at to the first answer either way "
               "(first_response_at or answered_elsewhere_at; an answer stamped before the reply, by clock skew, "
               "counts as 0). Empty when unanswered (censored, not zero and not missing at random).", "seconds"),
        Column("frt_business_s", "float", "First response time counting only the configured business hours in "
               "the department's time zone; empty when unanswered or when no business hours are configured.",
               "seconds"),
        Column("within_sla", "boolean", "Answered within the configured SLA (`response.sla_hours`, wall-clock "
               "hours; see manifest `sla_hours`)."),
        Column("observed_until", "timestamp", "The export's as-of time: unanswered replies are censored here. "
               + TS_NOTE, "UTC instant"),
        Column("time_s", "float", "Survival time: frt_s when answered, else observed_until - created_at (the "
               "time it has been waiting). Use with `answered` as the event indicator.", "seconds"),
    ),
)

SNAPSHOTS = Table(
    "metric_snapshots",
    "The history of engagement counts (only with --snapshots): one row per exported record and observation "
    "at which a count changed.",
    (
        POST_ID,
        Column("observed_at", "timestamp", "When the counts were read. " + TS_NOTE, "UTC instant"),
        Column("likes", "integer", "As in posts.likes, at observed_at.", "count"),
        Column("replies", "integer", "As in posts.replies, at observed_at.", "count"),
        Column("reposts", "integer", "As in posts.reposts, at observed_at.", "count"),
        Column("quotes", "integer", "As in posts.quotes, at observed_at.", "count"),
        Column("views", "integer", "As in posts.views, at observed_at.", "count"),
        Column("score", "integer", "As in posts.score, at observed_at.", "count"),
    ),
)

ALL_TABLES = (POSTS, LABELS, RESPONSE_TIMES, SNAPSHOTS)
