"""Retention and deletion: the public's words and identities are kept only as long as they must be.

- :func:`apply_retention` (the daemon's daily job and ``engage retention apply``): public replies
  older than ``retention_days`` lose their text, author, payload and link (``Store.tombstone``,
  reason ``retention``); their times, platform, labels, thread links and response times stay, so
  every aggregate figure is unchanged. Department records of the same age keep their words but
  lose the ``@mentions`` of members of the public, which would otherwise still name the person
  whose reply they answer (and let anyone list that person's threads by searching for the handle).
- :func:`forget` (``engage retention forget --ids FILE``): records a platform says are gone (e.g.
  X batch compliance results) are tombstoned and marked deleted, so they are never exported, and
  department answers to them lose their mentions of the author in the same way.

Every change is written to ``audit_log`` (by the store) and summarised in a ``runs`` row of kind
``retention`` and one log line; ``dry_run`` counts without changing anything.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from engage.config import Config
from engage.export.privacy import MENTION_RE, REDDIT_USER_RE
from engage.platforms import platform_names
from engage.store import Store
from engage.timeutil import to_db, utcnow

log = logging.getLogger(__name__)

BATCH = 1000
REMOVED_MENTION = "@[removed]"
RETENTION_REASON = "retention"
COMPLIANCE_REASON = "compliance feed"


@dataclass
class RetentionResult:
    """What a retention pass did (or, with ``dry_run``, would do)."""

    enabled: bool
    dry_run: bool
    cutoff: datetime | None = None
    replies: int = 0
    mentions_scrubbed: int = 0

    def line(self) -> str:
        if not self.enabled:
            return "retention disabled (retention_days is not set in config)"
        verb = "would tombstone" if self.dry_run else "tombstoned"
        cutoff = self.cutoff.isoformat() if self.cutoff else "-"
        return (
            f"retention cutoff={cutoff} {verb} replies={self.replies} "
            f"department_texts_mentions_removed={self.mentions_scrubbed} dry_run={str(self.dry_run).lower()}"
        )


@dataclass
class ForgetResult:
    listed: int = 0
    matched: int = 0
    tombstoned: int = 0
    mentions_scrubbed: int = 0
    dry_run: bool = False
    unknown: list[str] = field(default_factory=list)

    def line(self) -> str:
        verb = "would forget" if self.dry_run else "forgot"
        return (
            f"retention forget listed={self.listed} matched={self.matched} {verb}={self.tombstoned} "
            f"department_texts_mentions_removed={self.mentions_scrubbed} unknown={len(self.unknown)} "
            f"dry_run={str(self.dry_run).lower()}"
        )


def department_handles(store: Store, config: Config) -> set[tuple[str, str]]:
    """(platform, lower-case handle) of every department account, configured or seen in the data."""
    handles = {(a.platform, a.handle.lower()) for a in config.accounts}
    for row in store.db.execute(
        "SELECT DISTINCT platform, lower(author_handle) FROM posts"
        " WHERE is_department = 1 AND author_handle IS NOT NULL"
    ):
        handles.add((row[0], row[1]))
    return handles


def remove_public_mentions(text: str, platform: str, departments: set[tuple[str, str]]) -> str:
    """``text`` with every @mention (and Reddit u/name) of a non-department account replaced by @[removed]."""

    def at(match: re.Match[str]) -> str:
        return match.group(0) if (platform, match.group(1).lower()) in departments else REMOVED_MENTION

    text = MENTION_RE.sub(at, text)
    if platform == "reddit":
        text = REDDIT_USER_RE.sub(
            lambda m: m.group(0) if (platform, m.group(2).lower()) in departments else m.group(1) + "[removed]", text
        )
    return text


def _scrub_department_texts(
    store: Store, where: str, params: Sequence[object], departments: set[tuple[str, str]], *,
    reason: str, now_s: str, dry_run: bool,
) -> int:
    """Remove public @mentions from the department records selected by ``where``; the count changed."""
    rows = store.db.execute(
        "SELECT d.uid, d.platform, d.text FROM posts d WHERE d.is_department = 1"  # noqa: S608
        f" AND (d.text LIKE '%@%' OR d.text LIKE '%u/%') AND ({where})",
        list(params),
    ).fetchall()
    changed = 0
    for uid, platform, text in rows:
        new = remove_public_mentions(text, platform, departments)
        if new == text:
            continue
        changed += 1
        if dry_run:
            continue
        store.db.execute("UPDATE posts SET text = ?, raw = NULL, updated_at = ? WHERE uid = ?", [new, now_s, uid])
        store.db["audit_log"].insert(
            {"uid": uid, "at": now_s, "actor": "system", "field": "text", "before": None,
             "after": f"public mentions removed ({reason})"}
        )
    return changed


def apply_retention(
    store: Store, config: Config, *, dry_run: bool = False, now: datetime | None = None
) -> RetentionResult:
    """Tombstone public replies older than ``retention_days``; keep everything aggregates need."""
    if config.retention_days is None:
        result = RetentionResult(enabled=False, dry_run=dry_run)
        log.info(result.line())
        return result
    now = now or utcnow()
    cutoff = now - timedelta(days=config.retention_days)
    cutoff_s, now_s = to_db(cutoff), to_db(now)
    result = RetentionResult(enabled=True, dry_run=dry_run, cutoff=cutoff)
    select = (
        "SELECT uid FROM posts WHERE is_public_reply = 1 AND tombstoned_at IS NULL AND created_at < ?"
        " ORDER BY created_at LIMIT ?"
    )
    if dry_run:
        result.replies = store.count("posts", "is_public_reply = 1 AND tombstoned_at IS NULL AND created_at < ?",
                                     [cutoff_s])
    else:
        while uids := [r[0] for r in store.db.execute(select, [cutoff_s, BATCH]).fetchall()]:
            with store.db.atomic():
                result.replies += store.tombstone(uids, reason=RETENTION_REASON, now=now)
    departments = department_handles(store, config)
    with store.db.atomic():
        result.mentions_scrubbed = _scrub_department_texts(
            store, "d.created_at < ?", [cutoff_s], departments, reason=RETENTION_REASON, now_s=now_s,
            dry_run=dry_run,
        )
    _record_run(store, "retention", result.line(), dry_run=dry_run,
                details={"cutoff": cutoff_s, "replies": result.replies, "mentions": result.mentions_scrubbed},
                updated=result.replies + result.mentions_scrubbed)
    log.info(result.line())
    return result


def read_id_list(path: Path) -> list[str]:
    """Ids from a compliance file: one uid (``x:123``) or platform id per line, or JSON lines with ``id``.

    X batch compliance results are JSON lines such as ``{"id": "123", "action": "delete", ...}``;
    blank lines and ``#`` comments are skipped.
    """
    ids: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            item = line.strip()
            if not item or item.startswith("#"):
                continue
            if item.startswith("{"):
                try:
                    obj = json.loads(item)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{line_no}: invalid JSON ({exc.msg})") from None
                value = (obj.get("id") or obj.get("uid")) if isinstance(obj, dict) else None
                if not value:
                    raise ValueError(f"{path}:{line_no}: JSON line without an 'id'")
                item = str(value)
            ids.append(item)
    return ids


def _resolve(store: Store, ids: Iterable[str], platform: str | None) -> tuple[list[str], list[str]]:
    """Map uids and bare platform ids to stored uids; also return the ids that match nothing."""
    found: list[str] = []
    unknown: list[str] = []
    for item in ids:
        prefix, sep, rest = item.partition(":")
        if sep and prefix in platform_names() and rest:
            candidates = [item] if store.db.execute("SELECT 1 FROM posts WHERE uid = ?", [item]).fetchone() else []
        elif platform:
            uid = f"{platform}:{item}"
            candidates = [uid] if store.db.execute("SELECT 1 FROM posts WHERE uid = ?", [uid]).fetchone() else []
        else:
            candidates = [r[0] for r in store.db.execute("SELECT uid FROM posts WHERE native_id = ?", [item])]
        if candidates:
            found.extend(candidates)
        else:
            unknown.append(item)
    return list(dict.fromkeys(found)), unknown


def forget(
    store: Store, config: Config, ids: Sequence[str], *, platform: str | None = None, dry_run: bool = False,
    now: datetime | None = None,
) -> ForgetResult:
    """Tombstone and mark deleted every stored record listed in ``ids`` (content gone on the platform)."""
    now = now or utcnow()
    now_s = to_db(now)
    uids, unknown = _resolve(store, ids, platform)
    result = ForgetResult(listed=len(ids), matched=len(uids), dry_run=dry_run, unknown=unknown)
    departments = department_handles(store, config)
    for start in range(0, len(uids), BATCH):
        batch = uids[start : start + BATCH]
        marks = ",".join("?" * len(batch))
        with store.db.atomic():
            if dry_run:
                result.tombstoned += store.count("posts", f"uid IN ({marks}) AND deleted_at IS NULL", batch)
            else:
                store.tombstone(batch, reason=COMPLIANCE_REASON, now=now)
                cur = store.db.execute(
                    f"UPDATE posts SET deleted_at = ? WHERE uid IN ({marks}) AND deleted_at IS NULL",  # noqa: S608
                    [now_s, *batch],
                )
                result.tombstoned += cur.rowcount
            result.mentions_scrubbed += _scrub_department_texts(
                store, f"d.parent_uid IN ({marks})", batch, departments, reason=COMPLIANCE_REASON, now_s=now_s,
                dry_run=dry_run,
            )
    _record_run(store, "retention", result.line(), dry_run=dry_run,
                details={"forget": result.matched, "unknown": len(unknown)},
                updated=result.tombstoned + result.mentions_scrubbed)
    log.info(result.line())
    return result


def _record_run(store: Store, kind: str, line: str, *, dry_run: bool, details: dict[str, object], updated: int) -> None:
    if dry_run:
        return
    with store.run(kind) as run:
        run.counts["updated"] = updated
        run.details = {**details, "summary": line}
