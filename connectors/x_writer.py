"""Answering and hiding replies on X, as the department's own user (OAuth 1.0a user context).

``POST /2/tweets`` with ``reply.in_reply_to_tweet_id`` posts the answer; ``PUT /2/tweets/:id/hidden``
hides (or unhides) a reply in a conversation the account started, the only moderation X offers a
conversation's author. Both need *user* tokens (consumer key/secret plus the account's access
token/secret, app permission "Read and write"); the connector's app-only bearer token cannot post.

X's answer to a post carries no ``created_at``; a post id is a snowflake whose top bits are its
creation time in milliseconds since X's epoch, so the response clock is read from the id itself.

Nothing is retried: a timeout or dropped connection after the request left may mean X posted the
answer, so it becomes ``WriteError("other", "... outcome unknown; it will be matched when collected")``
and the collection that follows finds the answer if it exists.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests
import tweepy

from connectors.writing import ReplyTarget, Sent, WriteError, check_length, outcome_unknown

# requests-oauthlib and oauthlib log the signed request (consumer key, access token, Authorization
# header) at DEBUG, which ``engage --verbose`` turns on; a writer keeps them at WARNING.
SIGNING_LOGGERS = ("oauthlib", "requests_oauthlib")
MAX_CHARS = 280
TWEPOCH_MS = 1288834974657  # X's snowflake epoch (2010-11-04)
DUPLICATE = "duplicate content"
PARENT_GONE = ("deleted or not visible", "not found")


def snowflake_time(post_id: str) -> datetime:
    """When X created the post with this id (milliseconds since X's epoch in the id's top bits)."""
    return datetime.fromtimestamp(((int(post_id) >> 22) + TWEPOCH_MS) / 1000, UTC)


@dataclass(frozen=True)
class XUserTokens:
    """OAuth 1.0a user-context credentials; ``repr`` shows only the env var names."""

    consumer_key: str = field(repr=False)
    consumer_secret: str = field(repr=False)
    access_token: str = field(repr=False)
    access_token_secret: str = field(repr=False)
    envs: str  # the four env var names, for messages


class XWriter:
    """Replies and reply-hiding for one X account through ``tweepy.Client`` with user tokens."""

    platform = "x"
    max_chars = MAX_CHARS
    can_hide = True

    def __init__(self, tokens: XUserTokens, *, session: requests.Session | None = None) -> None:
        self._envs = tokens.envs
        for name in SIGNING_LOGGERS:
            logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger(name).level))
        self.client = tweepy.Client(
            consumer_key=tokens.consumer_key, consumer_secret=tokens.consumer_secret,
            access_token=tokens.access_token, access_token_secret=tokens.access_token_secret,
            return_type=dict, wait_on_rate_limit=False,
        )
        if session is not None:
            self.client.session = session  # the connector's, with a timeout (tweepy sets none); it never retries

    def reply(self, target: ReplyTarget, text: str) -> Sent:
        """Post ``text`` in reply to ``target.native_id``; the id and X's creation time come back."""
        check_length(self.platform, text, self.max_chars)
        response = self._call("POST /2/tweets", lambda: self.client.create_tweet(
            text=text, in_reply_to_tweet_id=target.native_id, user_auth=True))
        data = response.get("data") or {}
        native = str(data.get("id") or "")
        if not native.isdigit():
            raise outcome_unknown(self.platform, "POST /2/tweets answered without a post id")
        return Sent(native, snowflake_time(native))

    def set_hidden(self, native_id: str, hidden: bool) -> None:
        """Hide (or unhide) a reply in one of the account's conversations (``PUT /2/tweets/:id/hidden``)."""
        method = self.client.hide_reply if hidden else self.client.unhide_reply
        response = self._call("PUT /2/tweets/:id/hidden", lambda: method(native_id, user_auth=True))
        if (response.get("data") or {}).get("hidden") is not hidden:
            raise WriteError("other", f"x: PUT /2/tweets/:id/hidden did not confirm hidden={str(hidden).lower()}")

    def _call(self, route: str, send: Any) -> dict[str, Any]:  # noqa: ANN401 - tweepy's dict answer
        try:
            return send()
        except tweepy.TooManyRequests:
            raise WriteError("rate_limited", f"x: {route}: rate limited (HTTP 429); try again later") from None
        except tweepy.Unauthorized:
            raise WriteError("permission", f"x: {route}: 401 Unauthorized: the user tokens in {self._envs} are "
                                           "missing, revoked or malformed") from None
        except tweepy.Forbidden as exc:
            raise self._forbidden(route, exc) from None
        except tweepy.NotFound:
            raise WriteError("parent_gone", f"x: {route}: the post no longer exists") from None
        except tweepy.BadRequest as exc:
            raise WriteError("other", f"x: {route}: 400 Bad Request: {_detail(exc)}") from None
        except tweepy.TwitterServerError as exc:
            raise outcome_unknown(self.platform, f"{route} answered HTTP {exc.response.status_code}") from None
        except (requests.Timeout, requests.ConnectionError) as exc:
            raise outcome_unknown(self.platform, f"{route} failed ({type(exc).__name__})") from None

    def _forbidden(self, route: str, exc: tweepy.Forbidden) -> WriteError:
        detail = _detail(exc)
        lowered = detail.lower()
        if DUPLICATE in lowered:
            return WriteError("duplicate", f"x: {route}: X refuses a duplicate of an earlier post ({detail})")
        if any(words in lowered for words in PARENT_GONE):
            return WriteError("parent_gone", f"x: {route}: the post being answered is deleted or hidden ({detail})")
        if "conversation is not allowed" in lowered:
            return WriteError("unsupported", f"x: {route}: the post's author limits who may reply ({detail})")
        if route.startswith("PUT") and "conversations you authored" in lowered:
            return WriteError("unsupported", f"x: {route}: only replies in the account's own conversations can be "
                                             "hidden")
        return WriteError("permission", f"x: {route}: 403 Forbidden ({detail}): the app behind {self._envs} needs "
                                        "'Read and write' permission and user tokens generated after it was set")


def _detail(exc: tweepy.HTTPException) -> str:
    """X's own one-line explanation (its ``detail``/``message`` fields), never the request."""
    return " ".join("; ".join(exc.api_messages).split())[:200] or str(exc.response.reason)
