"""The normalised record every connector yields, and the protocol a connector implements.

A connector turns one platform's payloads into :class:`Record` objects grouped in :class:`Page`
objects. It knows nothing of SQLite: the application commits each page's records, its read count
and its new cursor in one transaction, which is what makes a crash mid-run resumable without gaps
or duplicates (a cursor only ever advances together with the records it covers).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

# The calendar a record may claim: wide enough for any real post, narrow enough that date arithmetic
# on it (weeks, SLA clocks, retention) can never overflow Python's datetime.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)

SQLITE_MAX_INT = 2**63 - 1

# The shape of a platform name (the registry, connectors.registry, holds the list of them): it is the
# prefix of every uid and a config key, so it is kept to what is safe in both.
PLATFORM_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
Kind = Literal["post", "reply", "mention", "quote"]


class Metrics(BaseModel):
    """Public engagement counts; ``None`` where the platform has no such count (never guessed as 0).

    ``score`` is a platform's signed vote balance (Reddit: upvotes minus downvotes), which is not a
    like count and is often negative; the other counts cannot be negative. Every count must fit in
    SQLite's 64-bit integer: a larger one is flagged (see :func:`build_record`), not stored.
    """

    model_config = ConfigDict(extra="forbid")

    likes: int | None = Field(default=None, ge=0, le=SQLITE_MAX_INT)
    replies: int | None = Field(default=None, ge=0, le=SQLITE_MAX_INT)
    reposts: int | None = Field(default=None, ge=0, le=SQLITE_MAX_INT)
    quotes: int | None = Field(default=None, ge=0, le=SQLITE_MAX_INT)
    views: int | None = Field(default=None, ge=0, le=SQLITE_MAX_INT)
    score: int | None = Field(default=None, ge=-SQLITE_MAX_INT, le=SQLITE_MAX_INT)


class Record(BaseModel):
    """One post, reply or mention, in the shape of docs/data-model.md (The normalised record).

    ``created_at`` must be timezone-aware (a naive timestamp is rejected, not assumed UTC) and is
    normalised to UTC. ``collected_at`` is for records collected elsewhere and imported later (the
    file connector): it keeps the collection delay honest; live connectors leave it unset and the
    store stamps the time it first sees the record. ``deleted`` is set by a connector that re-collected
    a record and found it gone, so the store can tombstone it instead of silently keeping or dropping it.
    ``flags`` names the fields :func:`build_record` had to empty because the platform sent an odd value.
    ``platform`` is checked for its shape only: which platforms exist is the registry's to say
    (``connectors.registry.check_platform``), and an importer of outside records checks it there.
    ``hidden`` is set for a comment the department's own moderators hid (a Facebook Page or an
    Instagram account can hide comments): the store tombstones it like a deletion but does not mark
    it deleted, since its author did not delete it.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    uid: str
    platform: str = Field(pattern=PLATFORM_NAME.pattern)
    native_id: str = Field(min_length=1)
    account: str = Field(min_length=1)
    author_id: str | None = None
    author_handle: str | None = None
    is_department: bool = False
    kind: Kind
    text: str = ""
    lang: str | None = None
    created_at: AwareDatetime
    collected_at: AwareDatetime | None = None
    parent_uid: str | None = None
    root_uid: str | None = None
    url: str | None = None
    metrics: Metrics = Field(default_factory=Metrics)
    raw: dict[str, Any] | None = None
    deleted: bool = False
    hidden: bool = False
    flags: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _encodable_text(cls, data: Any) -> Any:  # noqa: ANN401 - whatever the connector passed
        return replace_lone_surrogates(data)

    @field_validator("created_at", "collected_at")
    @classmethod
    def _to_utc(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        try:
            utc = value.astimezone(UTC)
        except OverflowError:  # 9999-12-31T23:00-05:00 is past the end of the calendar in UTC
            raise ValueError(f"{value.isoformat()} is outside the supported range") from None
        if not EARLIEST <= utc < LATEST:
            raise ValueError(f"{value.isoformat()} is outside the supported range "
                             f"{EARLIEST.year}-{LATEST.year - 1}")
        return utc

    @model_validator(mode="after")
    def _uid_matches(self) -> Record:
        expected = make_uid(self.platform, self.native_id)
        if self.uid != expected:
            raise ValueError(f"uid {self.uid!r} does not match platform:native_id {expected!r}")
        return self


# Without these a record cannot be stored or placed in a thread: an odd value here rejects the item.
IDENTITY_FIELDS = frozenset({"uid", "platform", "native_id", "account", "kind", "created_at", "flags"})


def build_record(**fields: Any) -> Record:
    """A Record from a connector's fields, keeping the record when a non-identity field is odd.

    A negative count, a malformed url or a wrong-typed language is not a reason to lose a reply:
    the field is emptied (its default), the raw payload keeps what the platform sent, and
    ``flags`` says ``"field: why (got value)"`` so the run log and the row show it. Only an odd
    identity field (:data:`IDENTITY_FIELDS`) or a uid that does not match raises ValidationError.
    """
    flags: list[str] = list(fields.pop("flags", ()))
    metrics = fields.get("metrics")
    if isinstance(metrics, Metrics):
        fields["metrics"] = metrics.model_dump()
    while True:
        try:
            return Record.model_validate({**fields, "flags": flags})
        except ValidationError as exc:
            errors = exc.errors()
            odd = [e for e in errors if e["loc"] and e["loc"][0] not in IDENTITY_FIELDS]
            if len(odd) < len(errors):
                raise
            before = repr(fields)
            for error in odd:
                where = ".".join(str(part) for part in error["loc"])
                flags.append(f"{where}: {error['msg']} (got {error.get('input')!r:.60})")
                _forget(fields, error["loc"])
            if repr(fields) == before:
                raise


def _forget(fields: dict[str, Any], loc: tuple[int | str, ...]) -> None:
    """Remove the value at ``loc`` (``("metrics", "likes")`` or ``("lang",)``) so its default applies."""
    if loc[0] == "metrics" and len(loc) > 1 and isinstance(fields.get("metrics"), dict):
        fields["metrics"] = {k: v for k, v in fields["metrics"].items() if k != loc[1]}
    else:
        fields.pop(str(loc[0]), None)
_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(value: Any) -> Any:  # noqa: ANN401 - any JSON-like value
    """``value`` with every unpaired UTF-16 surrogate in its strings (keys too) replaced by U+FFFD.

    JSON may escape half a surrogate pair (``"\\ud800"``) and platforms do send such text; Python
    holds it, but it cannot be encoded as UTF-8, so SQLite would refuse the whole page. A proper pair
    given as two halves is joined into its character; only the unpaired halves are replaced.
    """
    if isinstance(value, str):
        if not _SURROGATE.search(value):
            return value
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if not _has_unencodable(value):  # the common case, checked in C instead of value by value
        return value
    return _replace_in(value)


def _has_unencodable(value: Any) -> bool:  # noqa: ANN401
    try:
        json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError:
        return True
    except (TypeError, ValueError, RecursionError):  # not JSON-like, or too deep: validation says what is wrong
        return False
    return False


def _replace_in(value: Any) -> Any:  # noqa: ANN401
    if isinstance(value, str):
        return replace_lone_surrogates(value)
    if isinstance(value, dict):
        return {_replace_in(k): _replace_in(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_replace_in(v) for v in value]
    return value


def make_uid(platform: str, native_id: str) -> str:
    """The global primary key of a record: ``"{platform}:{native_id}"``."""
    return f"{platform}:{native_id}"


@dataclass(frozen=True)
class AccountRef:
    """A monitored department account as a connector needs it (no secrets: those come by env var)."""

    platform: str
    handle: str
    platform_user_id: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class WatchedThread:
    """A department conversation still collected for replies (within ``watch_days`` of its root)."""

    root_uid: str
    native_id: str
    created_at: datetime


@dataclass(frozen=True)
class KnownReply:
    """A public reply already stored, as a refresh needs it to tombstone it if it is gone."""

    uid: str
    native_id: str
    created_at: datetime
    root_uid: str | None
    parent_uid: str | None


@dataclass
class CollectContext:
    """What the application tells a connector before a run: resume points and what to watch.

    ``cursors`` maps a stream name (e.g. ``"mentions"``) to the newest id/time already committed.
    ``read_budget`` is the number of billable resource reads still allowed (``None``: unlimited).
    ``department_handles`` and ``department_ids`` identify every configured department account on
    the platform, so ``is_department`` is right for replies by a sibling account.
    ``recheck`` lists public replies already stored in watched conversations, newest first, for a
    connector whose daily refresh looks them up again (to tombstone the deleted ones).
    ``count_reads(posts, users)`` is called the moment a billable response arrives, before its page
    is built or committed: the platform bills a read even when the page never commits.
    """

    account: AccountRef
    cursors: Mapping[str, str] = field(default_factory=dict)
    watched: Sequence[WatchedThread] = ()
    read_budget: int | None = None
    department_handles: frozenset[str] = frozenset()
    department_ids: frozenset[str] = frozenset()
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    recheck: Sequence[KnownReply] = ()
    count_reads: Callable[[int, int], None] = lambda posts, users: None
    # The stored parent_uid of a uid (None: not stored or no parent), so an importer can refuse a
    # record that would close a reply-chain loop with records stored earlier.
    parent_of: Callable[[str], str | None] | None = None


@dataclass
class Page:
    """A unit of collection committed atomically: records, the stream cursor after them, reads spent.

    ``cursor`` is ``None`` when the page does not advance a cursor (e.g. a conversation re-poll).
    ``budget_exhausted`` tells the application the connector stopped early because the read budget
    ran out (a normal outcome, logged, not an error). ``rejected`` holds one line per input item
    that could not be turned into a record (``where: why``), so a run can report what it skipped.
    ``user_reads`` counts billable *user* resources (X bills the authors expanded into a response
    separately from posts); ``reads`` stays the post reads that the monthly cap is kept in. Both say
    what the page cost; the run's totals come from ``CollectContext.count_reads`` instead.
    ``collected_elsewhere`` says the records were collected by someone else and imported (the file
    connector): a record without its own ``collected_at`` then has no known collection time.
    ``rate_limit_waits`` / ``rate_limit_wait_s`` count the waits the platform's rate limits imposed
    while the page was read (a pause until a regain time included), for the run's collection health.
    """

    stream: str
    records: list[Record]
    cursor: str | None = None
    reads: int = 0
    budget_exhausted: bool = False
    rejected: list[str] = field(default_factory=list)
    user_reads: int = 0
    collected_elsewhere: bool = False
    rate_limit_waits: int = 0
    rate_limit_wait_s: float = 0.0


class ConnectorError(Exception):
    """A failure the operator must act on (bad credentials, missing access); message is one line."""


@runtime_checkable
class Connector(Protocol):
    """What every platform module provides. ``collect`` yields pages in commit order."""

    platform: str

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        """Yield pages of new or changed records for ``ctx.account`` since ``ctx.cursors``."""
        ...
