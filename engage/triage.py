"""Triage: the inbox of public replies awaiting the department, and the changes officers make to it.

The inbox order is computed in SQL so the web app, the terminal and the benchmark all rank the
same way: urgent first, then needs-response, then how far the reply is along the SLA clock, then
negative sentiment, then engagement on the reply, then oldest first. Every change (status,
assignee, note, label correction) is written together with its ``audit_log`` row in one
transaction, so the history can never disagree with the current state. Label corrections go to
``corrections``, which the ``current_labels`` view prefers over the model and which the topic
model reads back as labelled examples when it is next loaded.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from engage import labels
from engage.errors import EngageError
from engage.store import OPEN_STATUSES, TRIAGE_STATUSES, Store
from engage.timeutil import from_db, to_db, utcnow
from models.language import NOT_CLASSIFIED
from models.tasks import BINARY, REGISTRY

# From the task registry: the yes/no tasks, and sentiment's labels (what the inbox filter offers).
FLAG_LABELS = BINARY
FLAG_TASKS = tuple(task for task in labels.REPLY_TASKS if REGISTRY[task].labels == BINARY)
SENTIMENT_LABELS = REGISTRY["sentiment"].labels
NO_TOPIC = "none"  # the label of a reply with none of a multi-label task's labels
STATUS_FILTERS = ("open", *TRIAGE_STATUSES, "all")
PAGE_SIZE = 50
DUE_SOON_SHARE = 0.75  # share of the SLA used up after which a reply counts as "due soon"
MAX_QUERY_TERMS = 12
MAX_REASON_CHARS = 1000
MAX_INCIDENT_REF_CHARS = 64  # whatever the configured pattern allows
# The inbox's "open" view: items nobody has closed. An escalated item stays open until someone marks it
# responded or no action (a department answer on the platform closes only new / in-progress items).
OPEN_VIEW_STATUSES = (*OPEN_STATUSES, "escalated")
# Spelled as the partial index idx_triage_open_rank's WHERE clause, so SQLite can use that index.
OPEN_WHERE = f"t.status IN ({', '.join(repr(s) for s in OPEN_VIEW_STATUSES)})"
# triage.rank_urgent of a reply whose urgent label is NOT_CLASSIFIED (its language is one no model reads):
# below every urgent flag (a model's yes is 500-999, a person's 1000), above every routine item (0), so a
# person who reads the language sees it before the routine queue (migration 13 keeps it so).
CANNOT_READ_RANK = 1


class TriageError(EngageError):
    """A triage change that cannot be made (unknown reply, bad status or label); one line for the user."""


# -- the inbox ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxFilter:
    """What the officer asked to see. Empty strings and ``None`` mean "any"."""

    status: str = "open"
    platform: str | None = None
    account: str | None = None
    topic: str | None = None
    sentiment: str | None = None
    assignee: str | None = None  # a user name, or "unassigned"
    since: date | None = None  # department-local dates, inclusive
    until: date | None = None
    query: str | None = None  # full-text search
    page: int = 1

    def __post_init__(self) -> None:
        if self.status not in STATUS_FILTERS:
            raise TriageError(f"status {self.status!r} is not one of {', '.join(STATUS_FILTERS)}")
        if self.sentiment and self.sentiment not in SENTIMENT_LABELS:
            raise TriageError(f"sentiment {self.sentiment!r} is not one of {', '.join(SENTIMENT_LABELS)}")
        if self.page < 1:
            raise TriageError("page must be 1 or more")


@dataclass
class InboxItem:
    """One row of the inbox with the parts of its priority, so the order can be explained."""

    uid: str
    platform: str
    native_id: str
    account: str
    kind: str
    text: str
    created_at: datetime
    root_uid: str | None
    parent_uid: str | None
    status: str
    assignee: str | None
    note: str | None
    # Each of labels.REPLY_TASKS: its current label (None: not classified yet), for a multi-label task
    # (topics) the sorted list of its labels other than "none".
    labels: dict[str, str | list[str] | None]
    engagement: int
    age_hours: float
    sla_state: int  # 2 overdue, 1 due soon, 0 within the SLA
    dept_post_text: str | None
    dept_post_uid: str | None
    human_tasks: list[str] = field(default_factory=list)
    escalated_by: str | None = None  # who last escalated it, while it is escalated
    escalation_reason: str | None = None
    incident_ref: str | None = None
    language: str | None = None  # the reply's language as identified (task ``language``), ``und`` if unsure

    @property
    def cannot_read(self) -> str | None:
        """"needs a person: cannot read <language>" when no urgent model reads the reply's language.

        Such a reply was never screened for danger, so it ranks above routine items (``CANNOT_READ_RANK``)
        and the urgent alert rule raises it for a person who reads the language.
        """
        if self.labels.get("urgent") != NOT_CLASSIFIED:
            return None
        return f"needs a person: cannot read {self.language or 'its language'}"

    def flagged(self, task: str) -> bool:
        """True when a yes/no task (urgent, needs_response, abusive) says yes."""
        return self.labels.get(task) == "yes"

    @property
    def sla_label(self) -> str:
        return {2: "overdue", 1: "due soon"}.get(self.sla_state, "within SLA")

    @property
    def note_first_line(self) -> str:
        """The note's first non-empty line: what a row can show of it."""
        return next((line.strip() for line in (self.note or "").splitlines() if line.strip()), "")

    @property
    def dom_id(self) -> str:
        """A page-unique HTML id for the row's parts (uids may hold characters an id reference cannot)."""
        return "i" + hashlib.sha256(self.uid.encode()).hexdigest()[:12]

    def explain(self, sla_hours: float) -> str:
        """The priority components in ranking order: shown when a row has focus, and read as its description."""
        unknown = "not classified yet"
        parts = [
            f"1. urgent: {self.cannot_read or self.labels['urgent'] or unknown}",
            f"2. needs response: {self.labels['needs_response'] or unknown}",
            f"3. SLA clock: {self.age_hours:.1f} h of {sla_hours:g} h ({self.sla_label})",
            f"4. sentiment: {self.labels['sentiment'] or unknown}",
            f"5. engagement on the reply: {self.engagement}",
            "ties: oldest first",
        ]
        return "Ranked by: " + " · ".join(parts)


def fts_query(text: str) -> str | None:
    """User search text as an FTS5 query of quoted terms (AND), so no input is FTS syntax.

    Quoting every term means operators, column filters and unbalanced quotes in the box are
    searched for as words instead of failing or changing the meaning of the query.
    """
    terms = [t for t in re.findall(r"\w+", text, flags=re.UNICODE)][:MAX_QUERY_TERMS]
    if not terms:
        return None
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _local_day_start(day: date, tz: ZoneInfo) -> str:
    return to_db(datetime.combine(day, time(0), tzinfo=tz))


# Labels are read with the rule of engage.labels (a person's correction set replaces the active model's
# labels for that reply and task), each a pair of covering-index lookups, with the active model ids passed
# as parameters (labels.active_model_params).


def _label(task: str) -> str:
    """The current label of a single-label task for ``p.uid`` (NULL when unlabelled)."""
    return labels.current_label(task, "p.uid", labels.PARAMETER)


def _labels(task: str) -> str:
    """The current labels of a multi-label task for ``p.uid``, comma-separated."""
    return labels.current_labels(task, "p.uid", ",", labels.PARAMETER)


_LABEL_COLUMNS = ",\n       ".join(
    f"{_labels(task) if REGISTRY[task].multi_label else _label(task)} AS {task}" for task in labels.REPLY_TASKS
)
INBOX_SELECT = f"""
SELECT p.uid, p.platform, p.native_id, p.account, p.kind, p.text,
       p.created_at, p.root_uid, p.parent_uid, t.status, t.assignee, t.note,
       {_LABEL_COLUMNS},
       {_label("language")} AS language,
       {labels.corrected_tasks("p.uid")} AS human_tasks,
       t.escalation_reason, t.incident_ref,
       CASE WHEN t.status = 'escalated' THEN (SELECT a.actor FROM audit_log a WHERE a.uid = p.uid
           AND a.field = 'status' AND a."after" = 'escalated' ORDER BY a.at DESC, a.id DESC LIMIT 1) END
           AS escalated_by,
       coalesce(p.likes, 0) + coalesce(p.replies, 0) + coalesce(p.reposts, 0) + coalesce(p.quotes, 0)
           AS engagement,
       (julianday(:now) - julianday(p.created_at)) * 24.0 AS age_hours,
       d.uid AS dept_post_uid, d.text AS dept_post_text
FROM triage t
JOIN posts p ON p.uid = t.uid
LEFT JOIN posts d ON d.uid = CASE
    WHEN EXISTS (SELECT 1 FROM posts pp WHERE pp.uid = p.parent_uid AND pp.is_department = 1) THEN p.parent_uid
    ELSE p.root_uid END
    AND d.is_department = 1
"""  # noqa: S608 - interpolates only the constant SQL of engage.labels

# The inbox order, read from the priority parts stored on the triage row (migration 7 keeps them
# current with triggers: the current urgent / needs-response / negative labels and the engagement).
# Only the SLA bucket depends on the clock; it is a range of reply_created_at, so SQLite walks the
# (urgent, needs response) groups of the rank index in order and sorts within a group only as far as
# the page needs, instead of working out the labels of every open reply.
RANK_ORDER = """
    t.rank_urgent DESC, t.rank_needs DESC,
    CASE WHEN t.reply_created_at <= :overdue_at THEN 2 WHEN t.reply_created_at <= :due_soon_at THEN 1 ELSE 0 END DESC,
    t.rank_negative DESC, t.rank_engagement DESC, t.reply_created_at ASC, t.uid ASC
"""


def _from(filters: InboxFilter) -> str:
    """The join for the filtered set, driven from the triage rank indexes when a status is chosen.

    SQLite's statistics average over statuses, so they hide that open items are a small share of
    all replies; CROSS JOIN makes triage the outer loop (the planner would otherwise scan every
    public reply), and the open inbox names its partial index (``idx_triage_open_rank``, which holds
    only open items, in priority order) so the plan does not depend on the statistics being fresh.
    With every status, the planner's own order (e.g. full-text results first) wins.
    """
    if filters.status == "all":
        return " FROM triage t JOIN posts p ON p.uid = t.uid "
    if filters.status == "open":
        return " FROM triage t INDEXED BY idx_triage_open_rank CROSS JOIN posts p ON p.uid = t.uid "
    return " FROM triage t CROSS JOIN posts p ON p.uid = t.uid "


def _count_from(filters: InboxFilter) -> str:
    """The join for counting: every match is visited, so walk triage in uid order (idx_triage_status_uid)
    and the posts lookups stay on neighbouring pages instead of one random page per item."""
    if filters.status == "all":
        return " FROM triage t JOIN posts p ON p.uid = t.uid "
    return " FROM triage t INDEXED BY idx_triage_status_uid CROSS JOIN posts p ON p.uid = t.uid "


def _where(filters: InboxFilter, tz: ZoneInfo) -> tuple[list[str], dict[str, Any]]:
    # Triage rows exist only for public replies (the store opens them), so the join needs no
    # is_public_reply test; SQLite 3.40's Bloom-filter join returned no rows when that virtual
    # generated column was part of the probed index.
    where = ["p.tombstoned_at IS NULL"]
    params: dict[str, Any] = {}
    if filters.status == "open":
        where.append(OPEN_WHERE)
    elif filters.status != "all":
        where.append("t.status = :status")
        params["status"] = filters.status
    if filters.platform:
        where.append("p.platform = :platform")
        params["platform"] = filters.platform
    if filters.account:
        where.append("p.account = :account")
        params["account"] = filters.account
    if filters.topic:
        where.append(
            labels.has_label("topics", ":topic", "p.uid", labels.PARAMETER)
        )
        params["topic"] = filters.topic
    if filters.sentiment:
        where.append(
            f"{_label('sentiment')} = :sentiment"
        )
        params["sentiment"] = filters.sentiment
    if filters.assignee == "unassigned":
        where.append("t.assignee IS NULL")
    elif filters.assignee:
        where.append("t.assignee = :assignee")
        params["assignee"] = filters.assignee
    if filters.since:
        where.append("p.created_at >= :since")
        params["since"] = _local_day_start(filters.since, tz)
    if filters.until:
        where.append("p.created_at < :until")
        params["until"] = _local_day_start(filters.until + timedelta(days=1), tz)
    if filters.query:
        match = fts_query(filters.query)
        if match is None:
            where.append("0")
        else:
            # With a status chosen, triage drives and the match list is only a filter (the unary +
            # keeps SQLite from seeking every listed rowid for each item); with every status the
            # matches drive the join.
            rowid = "p.rowid" if filters.status == "all" else "+p.rowid"
            # The search box also finds an item by its incident reference (the whole query, any case).
            where.append(f"{rowid} IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH :match"  # noqa: S608
                         " UNION SELECT ip.rowid FROM triage it JOIN posts ip ON ip.uid = it.uid"
                         " WHERE it.incident_ref = :incident_ref COLLATE NOCASE)")
            params["match"] = match
            params["incident_ref"] = filters.query.strip()
    return where, params


def inbox(
    store: Store,
    filters: InboxFilter,
    *,
    sla_hours: float,
    tz: ZoneInfo,
    now: datetime | None = None,
    page_size: int = PAGE_SIZE,
    text_chars: int = 600,
) -> list[InboxItem]:
    """One page of the inbox, most urgent first (see the module docstring for the order)."""
    sql, params = inbox_query(store, filters, sla_hours=sla_hours, tz=tz, now=now, page_size=page_size)
    return [_item(row, sla_hours, text_chars) for row in store.db.query(sql, params)]


def inbox_query(
    store: Store, filters: InboxFilter, *, sla_hours: float, tz: ZoneInfo, now: datetime | None = None,
    page_size: int = PAGE_SIZE,
) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters of one inbox page (separate so its query plan can be checked)."""
    now = now or utcnow()
    where, params = _where(filters, tz)
    params |= labels.active_model_params(store.db) | {
        "now": to_db(now),
        "overdue_at": to_db(now - timedelta(hours=sla_hours)),
        "due_soon_at": to_db(now - timedelta(hours=sla_hours * DUE_SOON_SHARE)),
        "limit": page_size,
        "offset": (filters.page - 1) * page_size,
    }
    # The WHERE clauses are constant text with named placeholders (see _where). The page's keys are
    # chosen from the triage rank index first; labels, texts and the department post are read for
    # those rows only.
    sql = (
        "WITH page AS (SELECT t.uid AS uid" + _from(filters)  # noqa: S608
        + " WHERE " + " AND ".join(where)
        + " ORDER BY " + RANK_ORDER + " LIMIT :limit OFFSET :offset) "
        + INBOX_SELECT + " JOIN page r ON r.uid = p.uid ORDER BY " + RANK_ORDER
    )
    return sql, params


def count_inbox(store: Store, filters: InboxFilter, *, tz: ZoneInfo) -> int:
    """How many replies match ``filters`` (all pages)."""
    where, params = _where(filters, tz)
    params |= labels.active_model_params(store.db)
    # The WHERE clauses are constant text with named placeholders (see _where).
    sql = "SELECT count(*)" + _count_from(filters) + "WHERE " + " AND ".join(where)  # noqa: S608
    return int(store.db.execute(sql, params).fetchone()[0])


def fingerprint(items: Sequence[InboxItem]) -> str:
    """A short digest of what a page shows, so a poll can tell "nothing changed" from "re-render"."""
    digest = hashlib.sha256()
    for it in items:
        state = (it.uid, it.status, it.assignee or "", it.note or "", tuple(it.labels.items()), it.engagement,
                 it.sla_state, it.escalation_reason, it.incident_ref)
        digest.update(repr(state).encode())
    return digest.hexdigest()[:16]


def _item(row: dict[str, Any], sla_hours: float, text_chars: int = 600) -> InboxItem:
    """An inbox row; texts are cut here, not in SQL, because SQLite's substr() stops at a NUL."""
    age = float(row["age_hours"])
    sla_state = 2 if age >= sla_hours else 1 if age >= sla_hours * DUE_SOON_SHARE else 0
    return InboxItem(
        uid=row["uid"], platform=row["platform"], native_id=row["native_id"], account=row["account"],
        kind=row["kind"], text=_cut(row["text"], text_chars), created_at=from_db(row["created_at"]),
        root_uid=row["root_uid"],
        parent_uid=row["parent_uid"], status=row["status"], assignee=row["assignee"], note=row["note"],
        labels={task: _row_label(task, row[task]) for task in labels.REPLY_TASKS},
        engagement=int(row["engagement"]), age_hours=age, sla_state=sla_state,
        dept_post_text=_cut(row["dept_post_text"], 200) if row["dept_post_uid"] else None,
        dept_post_uid=row["dept_post_uid"],
        human_tasks=sorted(set((row["human_tasks"] or "").split(",")) - {""}),
        escalated_by=row["escalated_by"], escalation_reason=row["escalation_reason"],
        incident_ref=row["incident_ref"], language=row["language"],
    )


def _row_label(task: str, value: str | None) -> str | list[str] | None:
    if REGISTRY[task].multi_label:
        return sorted(t for t in (value or "").split(",") if t and t != NO_TOPIC)
    return value


def _cut(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def get_item(store: Store, uid: str, *, sla_hours: float, tz: ZoneInfo, now: datetime | None = None) -> InboxItem:
    """One public reply as an inbox row (whatever its status), or :class:`TriageError`."""
    params = labels.active_model_params(store.db) | {"uid": uid, "now": to_db(now or utcnow())}
    rows = list(store.db.query(INBOX_SELECT + " WHERE p.uid = :uid AND p.is_public_reply = 1", params))
    if not rows:
        raise TriageError(f"{uid}: not a public reply in this database")
    return _item(rows[0], sla_hours)


# -- the thread ---------------------------------------------------------------------------------


@dataclass
class ThreadPost:
    uid: str
    platform: str
    native_id: str
    kind: str
    text: str
    created_at: datetime
    parent_uid: str | None
    root_uid: str | None
    is_department: bool
    is_focus: bool
    depth: int
    status: str | None
    tombstoned: bool
    speaker: str  # "department (@handle)" or "person A", "person B"... within this thread only


def thread(store: Store, uid: str) -> list[ThreadPost]:
    """The department post and the whole conversation of ``uid`` in time order, parents before children.

    Members of the public are named "person A", "person B"... in order of appearance within this
    thread only: the app shows conversations, not people (no handles, no per-person pages, no
    "other replies by this author").
    """
    rows = list(store.db.query("SELECT uid, root_uid FROM posts WHERE uid = ?", [uid]))
    if not rows:
        raise TriageError(f"{uid}: no such post")
    root = rows[0]["root_uid"] or uid
    cols = (
        "SELECT p.uid, p.platform, p.native_id, p.kind, p.text, p.created_at, p.parent_uid, p.root_uid,"
        " p.is_department, p.tombstoned_at, p.author_id, p.author_handle, t.status"
        " FROM posts p LEFT JOIN triage t ON t.uid = p.uid"
    )
    posts = list(store.db.query(cols + " WHERE p.root_uid = :root OR p.uid = :root", {"root": root}))
    if not any(p["uid"] == uid for p in posts):  # a record whose root was never collected
        posts += list(store.db.query(cols + " WHERE p.uid = ?", [uid]))
    # Pseudonyms in order of time, then the tree: each post followed by its answers, oldest first.
    people: dict[str, str] = {}
    for p in sorted(posts, key=lambda r: (r["created_at"], r["uid"])):
        if not p["is_department"]:
            people.setdefault(p["author_id"] or f"unknown:{p['uid']}", f"person {_letters(len(people))}")
    return [
        ThreadPost(
            uid=p["uid"], platform=p["platform"], native_id=p["native_id"], kind=p["kind"], text=p["text"],
            created_at=from_db(p["created_at"]), parent_uid=p["parent_uid"], root_uid=p["root_uid"],
            is_department=bool(p["is_department"]), is_focus=p["uid"] == uid, depth=min(depth, 8),
            status=p["status"], tombstoned=p["tombstoned_at"] is not None,
            speaker=(
                (f"department (@{p['author_handle']})" if p["author_handle"] else "department")
                if p["is_department"] else people[p["author_id"] or f"unknown:{p['uid']}"]
            ),
        )
        for p, depth in _tree_order(posts)
    ]


def _tree_order(posts: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    """Depth-first order (children by time); posts whose parent is missing start at the top level.

    Every post appears exactly once, even when ``parent_uid`` links form a cycle (two imported records
    naming each other): no post of a cycle has a missing parent, so after the walk from the top-level
    posts, the oldest post not yet shown starts a walk of its own.
    """
    ordered = sorted(posts, key=lambda r: (r["created_at"], r["uid"]))
    uids = {p["uid"] for p in posts}
    children: dict[str | None, list[dict[str, Any]]] = {}
    for p in ordered:
        parent = p["parent_uid"] if p["parent_uid"] in uids and p["parent_uid"] != p["uid"] else None
        children.setdefault(parent, []).append(p)
    out: list[tuple[dict[str, Any], int]] = []
    seen: set[str] = set()

    def walk(starts: list[dict[str, Any]]) -> None:
        stack = [(p, 0) for p in reversed(starts)]
        while stack:
            post, depth = stack.pop()
            if post["uid"] in seen:
                continue
            seen.add(post["uid"])
            out.append((post, depth))
            stack.extend((c, depth + 1) for c in reversed(children.get(post["uid"], [])))

    walk(children.get(None, []))
    for post in ordered:
        if post["uid"] not in seen:
            walk([post])
    return out


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: spreadsheet-style names for the people in one thread."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


# -- changes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One audited change, as written to ``audit_log``."""

    uid: str
    field: str
    before: str | None
    after: str | None


def _triage_row(store: Store, uid: str) -> dict[str, Any]:
    rows = list(
        store.db.query(
            "SELECT t.uid, t.status, t.assignee, t.note, t.escalation_reason, t.incident_ref"
            " FROM posts p JOIN triage t ON t.uid = p.uid"
            " WHERE p.uid = ? AND p.is_public_reply = 1",
            [uid],
        )
    )
    if not rows:
        raise TriageError(f"{uid}: not a public reply in the triage inbox")
    return rows[0]


def _write(store: Store, uid: str, actor: str, now_s: str, changes: dict[str, tuple[Any, Any]]) -> list[Change]:
    """Apply ``field: (before, after)`` to triage and audit each one (caller holds the transaction)."""
    if not changes:
        return []
    store.db["triage"].update(
        uid, {**{k: after for k, (_, after) in changes.items()}, "updated_at": now_s, "updated_by": actor}
    )
    out = []
    for name, (before, after) in changes.items():
        store.db["audit_log"].insert(
            {"uid": uid, "at": now_s, "actor": actor, "field": name, "before": before, "after": after}
        )
        out.append(Change(uid, name, before, after))
    return out


def set_status(
    store: Store, uid: str, status: str, *, actor: str, reason: str | None = None, now: datetime | None = None
) -> list[Change]:
    """Mark a reply responded / no action needed / escalated (or back to new / in progress).

    ``reason`` says why an item is escalated; the inbox shows it with who escalated. It belongs to the
    escalation, so any other status clears it (the audit log keeps the old text).
    """
    if status not in TRIAGE_STATUSES:
        raise TriageError(f"status {status!r} is not one of {', '.join(TRIAGE_STATUSES)}")
    reason_value = ((reason or "").strip() or None) if status == "escalated" else None
    if reason_value and len(reason_value) > MAX_REASON_CHARS:
        raise TriageError(f"an escalation reason is at most {MAX_REASON_CHARS} characters")
    with store.db.atomic():
        row = _triage_row(store, uid)
        changes: dict[str, tuple[Any, Any]] = {}
        if row["status"] != status:
            changes["status"] = (row["status"], status)
        if row["escalation_reason"] != reason_value:
            changes["escalation_reason"] = (row["escalation_reason"], reason_value)
        return _write(store, uid, actor, to_db(now or utcnow()), changes)


def assignable_users(store: Store) -> list[str]:
    """The people a reply may be assigned to: every user who may change things (not viewers)."""
    return [r["name"] for r in store.db.query("SELECT name FROM users WHERE role != 'viewer' ORDER BY name")]


def open_counts(store: Store) -> dict[str, int]:
    """Open items (the inbox's "open" view) per assignable user, zeros included, so work can be shared."""
    counts = {name: 0 for name in assignable_users(store)}
    rows = store.db.query(
        "SELECT t.assignee, count(*) AS n FROM triage t JOIN posts p ON p.uid = t.uid"  # noqa: S608 - constant
        f" WHERE {OPEN_WHERE} AND t.assignee IS NOT NULL AND p.tombstoned_at IS NULL GROUP BY t.assignee"
    )
    for row in rows:
        if row["assignee"] in counts:
            counts[row["assignee"]] = int(row["n"])
    return counts


def assign(
    store: Store, uid: str, assignee: str | None, *, actor: str, now: datetime | None = None
) -> list[Change]:
    """Give a reply to ``assignee`` (``None`` unassigns); a new reply becomes "in progress".

    Only a user who may respond (see :func:`assignable_users`) can be given a reply.
    """
    assignee = (assignee or "").strip() or None
    if assignee and assignee not in assignable_users(store):
        raise TriageError(f"{assignee!r} is not a user who can respond (see `engage users list`)")
    with store.db.atomic():
        row = _triage_row(store, uid)
        changes: dict[str, tuple[Any, Any]] = {}
        if row["assignee"] != assignee:
            changes["assignee"] = (row["assignee"], assignee)
        if assignee and row["status"] == "new":
            changes["status"] = ("new", "in_progress")
        return _write(store, uid, actor, to_db(now or utcnow()), changes)


def set_note(store: Store, uid: str, note: str, *, actor: str, now: datetime | None = None) -> list[Change]:
    """Replace the reply's note (an empty note clears it); the old text stays in the audit log."""
    note_value = note.strip() or None
    if note_value and len(note_value) > 4000:
        raise TriageError("a note is at most 4000 characters")
    with store.db.atomic():
        row = _triage_row(store, uid)
        changes = {"note": (row["note"], note_value)} if row["note"] != note_value else {}
        return _write(store, uid, actor, to_db(now or utcnow()), changes)


ELSEWHERE_CHANNELS = {"phone": "phone", "direct_message": "direct message", "in_person": "in person"}


def answer_time(value: str, tz: ZoneInfo) -> datetime:
    """When an answer was given: ISO 8601 with an offset, or without one on the department's wall clock
    (what an officer reads off a phone log: ``2026-11-17 14:30``)."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise TriageError(f"answered at: {value!r} is not a date and time (e.g. 2026-11-17 14:30)") from None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)).astimezone(UTC)


def answer_elsewhere(
    store: Store, uid: str, channel: str, answered_at: datetime, *, actor: str, now: datetime | None = None,
) -> list[Change]:
    """Record that a reply was answered off the platform (phone, direct message, in person) at ``answered_at``.

    The reply becomes "responded", and the answer counts in the response rate and response time as
    its own category, "answered elsewhere". Recording it again replaces the channel and time; the
    audit log keeps both.
    """
    if channel not in ELSEWHERE_CHANNELS:
        raise TriageError(f"channel {channel!r} is not one of {', '.join(ELSEWHERE_CHANNELS)}")
    now = now or utcnow()
    if answered_at > now + timedelta(minutes=5):
        raise TriageError(f"answered at {to_db(answered_at)} is in the future")
    now_s, value = to_db(now), f"{channel} at {to_db(answered_at)}"
    with store.db.atomic():
        row = _triage_row(store, uid)
        created = from_db(store.db.execute("SELECT created_at FROM posts WHERE uid = ?", [uid]).fetchone()[0])
        if answered_at < created:
            raise TriageError(f"answered at {to_db(answered_at)} is before the reply was posted ({to_db(created)})")
        old = store.db.execute("SELECT channel, answered_at FROM answers_elsewhere WHERE uid = ?", [uid]).fetchone()
        before = f"{old[0]} at {old[1]}" if old else None
        changes = []
        if before != value:
            store.db["answers_elsewhere"].upsert(
                {"uid": uid, "channel": channel, "answered_at": to_db(answered_at), "actor": actor,
                 "recorded_at": now_s}, pk="uid")
            store.db["audit_log"].insert({"uid": uid, "at": now_s, "actor": actor, "field": "answered_elsewhere",
                                          "before": before, "after": value})
            changes.append(Change(uid, "answered_elsewhere", before, value))
        status = {"status": (row["status"], "responded")} if row["status"] != "responded" else {}
        return changes + _write(store, uid, actor, now_s, status)


def answered_elsewhere_record(store: Store, uid: str) -> dict[str, Any] | None:
    """The off-platform answer recorded for ``uid`` (channel, answered_at, actor), or None."""
    rows = list(store.db.query("SELECT channel, answered_at, actor FROM answers_elsewhere WHERE uid = ?", [uid]))
    return rows[0] if rows else None


def set_incident_ref(
    store: Store, uid: str, ref: str, *, pattern: re.Pattern[str], actor: str, now: datetime | None = None
) -> list[Change]:
    """Tie a reply to an incident (a CAD or case number; empty clears it), checked against ``pattern``.

    The reference is searchable in the inbox; a research export says only whether an item has one.
    """
    ref_value = ref.strip() or None
    if ref_value and len(ref_value) > MAX_INCIDENT_REF_CHARS:
        raise TriageError(f"an incident reference is at most {MAX_INCIDENT_REF_CHARS} characters")
    if ref_value and not pattern.fullmatch(ref_value):
        raise TriageError(f"incident reference {ref_value!r} does not match the pattern {pattern.pattern!r}"
                          " (triage.incident_ref_pattern in config)")
    with store.db.atomic():
        row = _triage_row(store, uid)
        changes = {"incident_ref": (row["incident_ref"], ref_value)} if row["incident_ref"] != ref_value else {}
        return _write(store, uid, actor, to_db(now or utcnow()), changes)


def resolve_uid(store: Store, text: str) -> str:
    """The triage item ``text`` names: its whole uid, or a prefix that only one item's uid starts with.

    Saves typing long uids (a Bluesky uid is an at:// URI) into the terminal; an ambiguous prefix is an
    error that shows a few of the candidates, never a guess.
    """
    text = text.strip()
    if not text:
        raise TriageError("give a reply's uid (or the start of it)")
    if store.db.execute("SELECT 1 FROM triage WHERE uid = ?", [text]).fetchone():
        return text
    # A range over the primary key, not LIKE: prefixes may hold % or _, and the range uses the index.
    rows = [r[0] for r in store.db.execute(
        "SELECT uid FROM triage WHERE uid >= ? AND uid < ? ORDER BY uid LIMIT 4", [text, text + "\U0010ffff"]
    )]
    if not rows:
        raise TriageError(f"{text}: no reply in the triage inbox has this uid or starts with it")
    if len(rows) > 1:
        shown = ", ".join(rows[:3]) + (", ..." if len(rows) > 3 else "")
        raise TriageError(f"{text}: more than one reply starts with this ({shown}); type more of the uid")
    return rows[0]


def allowed_labels(task: str, topics: Sequence[str]) -> tuple[str, ...]:
    """The labels a person may set for ``task`` (a multi-label task's are the department's topics); raises
    for an unknown task."""
    if task not in labels.REPLY_TASKS:
        raise TriageError(f"task {task!r} is not one of {', '.join(labels.REPLY_TASKS)}")
    return (*topics, NO_TOPIC) if REGISTRY[task].multi_label else REGISTRY[task].labels


def current_label_set(store: Store, uid: str, task: str) -> list[str]:
    return sorted(
        r["label"] for r in store.db.query("SELECT label FROM current_labels WHERE uid = ? AND task = ?", [uid, task])
    )


def correct_label(
    store: Store,
    uid: str,
    task: str,
    labels: Sequence[str],
    *,
    actor: str,
    topics: Sequence[str],
    now: datetime | None = None,
) -> list[Change]:
    """Set the human label set of ``uid`` for ``task`` (several labels only for topics).

    The set replaces any earlier correction; the view ``current_labels`` then shows it instead of
    the model's labels, and the topic model reads topic corrections as training examples.
    """
    allowed = allowed_labels(task, topics)
    wanted = sorted(set(labels))
    if not wanted:
        raise TriageError(f"{task}: choose at least one label")
    bad = [label for label in wanted if label not in allowed]
    if bad:
        raise TriageError(f"{task}: {bad[0]!r} is not one of {', '.join(allowed)}")
    if not REGISTRY[task].multi_label and len(wanted) > 1:
        raise TriageError(f"{task}: exactly one label")
    if NO_TOPIC in wanted and len(wanted) > 1:  # a real topic wins over "none"
        wanted = [w for w in wanted if w != NO_TOPIC]
    now_s = to_db(now or utcnow())
    with store.db.atomic():
        _triage_row(store, uid)
        before = current_label_set(store, uid, task)
        human = [r["label"] for r in store.db.query(
            "SELECT label FROM corrections WHERE uid = ? AND task = ?", [uid, task]
        )]
        if sorted(human) == wanted:
            return []
        store.db.execute("DELETE FROM corrections WHERE uid = ? AND task = ?", [uid, task])
        store.db["corrections"].insert_all(
            [{"uid": uid, "task": task, "label": label, "actor": actor, "at": now_s} for label in wanted]
        )
        field_name = f"label:{task}"
        store.db["audit_log"].insert(
            {"uid": uid, "at": now_s, "actor": actor, "field": field_name,
             "before": ",".join(before) or None, "after": ",".join(wanted)}
        )
        return [Change(uid, field_name, ",".join(before) or None, ",".join(wanted))]


def history(store: Store, uid: str) -> list[dict[str, Any]]:
    """The audit trail of one reply, oldest first."""
    return list(
        store.db.query(
            "SELECT at, actor, field, before, after FROM audit_log WHERE uid = ? ORDER BY at, id", [uid]
        )
    )


def headline_counts(store: Store, *, tz: ZoneInfo, now: datetime | None = None) -> dict[str, int]:
    """Open items, urgent open items and replies answered today (department-local day)."""
    now = now or utcnow()
    today = _local_day_start(now.astimezone(tz).date(), tz)
    row = store.db.execute(
        f"SELECT count(*), coalesce(sum(t.rank_urgent > {CANNOT_READ_RANK}), 0)" + _count_from(InboxFilter())  # noqa: S608
        + " WHERE " + OPEN_WHERE + " AND p.tombstoned_at IS NULL"
    ).fetchone()
    answered = store.db.execute(
        "SELECT count(DISTINCT r.parent_uid) FROM posts r JOIN posts p ON p.uid = r.parent_uid"
        " WHERE r.is_department = 1 AND p.is_public_reply = 1 AND r.created_at >= ?",
        [today],
    ).fetchone()[0]
    return {"open": int(row[0]), "urgent_open": int(row[1]), "answered_today": int(answered)}
