"""Answering on Reddit (praw ``Comment.reply`` / ``Submission.reply``) as the department's own redditor.

A reply needs a user login: the script app's id and secret with the department account's username
and password (``write_username_env``/``write_password_env``; an account with two-factor login
cannot use password login). Reddit offers no hiding: removing a comment is moderation of a
community, not of a thread's author, and ``engage`` never deletes, so ``can_hide`` is False.

The send is one ``POST /api/comment``; prawcore's retries of 5xx and dropped connections are turned
off for this client, and praw's own wait-and-retry on ``RATELIMIT`` too (``ratelimit_seconds=0``),
so the platform never sees the answer twice. A timeout or 5xx after the request left is
``WriteError("other", "... outcome unknown; it will be matched when collected")``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

import praw
import prawcore
from praw.exceptions import RedditAPIException
from prawcore.sessions import FiniteRetryStrategy

from connectors.writing import ReplyTarget, Sent, WriteError, check_length, outcome_unknown

MAX_CHARS = 10_000
RATE_LIMITED = frozenset({"RATELIMIT"})
TOO_LONG = frozenset({"TOO_LONG"})
PARENT_GONE = frozenset({"DELETED_COMMENT", "DELETED_LINK", "THREAD_LOCKED", "TOO_OLD", "NO_THING_ID"})


@dataclass(frozen=True)
class _SendOnce(FiniteRetryStrategy):
    """prawcore's retry strategy with no retries: a POST may have been applied when its answer is lost."""

    DEFAULT_RETRIES: ClassVar[int] = 0  # prawcore sleeps before a request while retries < DEFAULT_RETRIES
    retries: int = 0


def send_once(reddit: praw.Reddit) -> None:
    """Turn prawcore's retries off for every session of ``reddit`` (the internal attribute route_waits uses)."""
    for core in {id(c): c for c in (reddit._read_only_core, reddit._authorized_core) if c is not None}.values():
        if hasattr(core, "_retry_strategy_class"):
            core._retry_strategy_class = _SendOnce


class RedditWriter:
    """Replies for one redditor through a logged-in ``praw.Reddit`` (``ratelimit_seconds=0``)."""

    platform = "reddit"
    max_chars = MAX_CHARS
    can_hide = False

    def __init__(self, reddit: praw.Reddit, *, login_envs: str) -> None:
        self.reddit = reddit
        self.login_envs = login_envs
        send_once(reddit)

    def reply(self, target: ReplyTarget, text: str) -> Sent:
        """Reply to a comment (``t1_``) or submission (``t3_``); the new comment's fullname and ``created_utc``."""
        check_length(self.platform, text, self.max_chars)
        kind, _, short = target.native_id.partition("_")
        if kind not in ("t1", "t3") or not short:
            raise WriteError("other", f"reddit: {target.native_id!r} is not a comment or submission fullname")
        thing = self.reddit.comment(short) if kind == "t1" else self.reddit.submission(short)
        try:
            comment = thing.reply(text)
        except RedditAPIException as exc:
            raise _api_refusal(exc) from None
        except prawcore.OAuthException as exc:
            raise WriteError("permission", f"reddit: login refused ({exc.error}): check {self.login_envs}; "
                                           "accounts with two-factor login cannot use password login") from None
        except (prawcore.Forbidden, prawcore.InsufficientScope):
            raise WriteError("permission", f"reddit: POST /api/comment: 403 Forbidden: the account in "
                                           f"{self.login_envs} may not comment there (banned, private or "
                                           "restricted community)") from None
        except prawcore.NotFound:
            raise WriteError("parent_gone", "reddit: POST /api/comment: the item being answered is gone") from None
        except prawcore.TooManyRequests:
            raise WriteError("rate_limited", "reddit: POST /api/comment: rate limited (HTTP 429)") from None
        except (prawcore.ServerError, prawcore.RequestException) as exc:
            raise outcome_unknown(self.platform, f"POST /api/comment failed ({type(exc).__name__})") from None
        except prawcore.ResponseException as exc:
            raise WriteError("other", f"reddit: POST /api/comment: HTTP {exc.response.status_code}") from None
        if comment is None:
            raise outcome_unknown(self.platform, "POST /api/comment answered without the new comment")
        return Sent(str(comment.name), datetime.fromtimestamp(float(comment.created_utc), UTC))

    def set_hidden(self, native_id: str, hidden: bool) -> None:
        raise WriteError("unsupported", "reddit: a thread's author cannot hide comments (removal is community "
                                        "moderation, and engage never deletes)")


def _api_refusal(exc: RedditAPIException) -> WriteError:
    """The first of Reddit's ``[error_type, message, field]`` items as one line of the right kind."""
    item = exc.items[0] if exc.items else None
    error = item.error_type if item else "?"
    where = f"reddit: POST /api/comment: {error}: {' '.join((item.message if item else '').split())[:200]}"
    if error in RATE_LIMITED:
        return WriteError("rate_limited", where)
    if error in TOO_LONG:
        return WriteError("too_long", where)
    if error in PARENT_GONE:
        return WriteError("parent_gone", where)
    return WriteError("other", where)
