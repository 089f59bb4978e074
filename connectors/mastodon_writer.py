"""Answering on Mastodon (Mastodon.py ``status_post`` with ``in_reply_to_id``), with a token of its own.

The answer's visibility follows the status it answers and never widens it: a ``public`` status is
answered publicly, an ``unlisted`` one unlisted; ``private`` and ``direct`` ones are not collected
and are refused here. The parent is read first (``GET /api/v1/statuses/:id``, safe to repeat),
then ``POST /api/v1/statuses`` once, with an ``Idempotency-Key`` made from the parent and the text,
so an instance that sees the same answer twice within an hour keeps one. The text is sent as given:
Mastodon notifies the author only when it mentions them (``@user@domain``), which is the drafting
screen's business. Mastodon offers an account no way to hide someone else's reply on its threads
(filters, mutes and reports act elsewhere), so ``can_hide`` is False.

Nothing is retried after the POST may have reached the instance: a timeout, a dropped connection
or a 5xx is ``WriteError("other", "... outcome unknown; it will be matched when collected")``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import requests
from mastodon import Mastodon
from mastodon import errors as api

from connectors.writing import ReplyTarget, Sent, WriteError, check_length, outcome_unknown

MAX_CHARS = 500  # Mastodon's default; an instance may allow more, never less in practice
ANSWERABLE = ("public", "unlisted")


class MastodonWriter:
    """Replies for one account on one instance, with a token that has ``write:statuses``."""

    platform = "mastodon"
    max_chars = MAX_CHARS
    can_hide = False

    def __init__(self, api_base_url: str, access_token: str, *, token_env: str,
                 session: requests.Session | None = None, timeout: float = 30.0) -> None:
        self.token_env = token_env
        self.api = Mastodon(
            api_base_url=api_base_url.rstrip("/"), access_token=access_token, ratelimit_method="throw",
            request_timeout=timeout, session=session, version_check_mode="none",
            user_agent="engage (public-engagement monitor; Mastodon.py)",
        )

    def reply(self, target: ReplyTarget, text: str) -> Sent:
        """Answer ``target.native_id`` with the parent's own visibility; the new id and its ``created_at``."""
        check_length(self.platform, text, self.max_chars)
        parent = self._call("GET /api/v1/statuses/:id", lambda: self.api.status(target.native_id), sent=False)
        visibility = str(parent.get("visibility") or "")
        if visibility not in ANSWERABLE:
            raise WriteError("unsupported", f"mastodon: the status is {visibility or 'of unknown visibility'}; "
                                            "only public and unlisted statuses are answered from engage")
        key = hashlib.sha256(f"{target.native_id}\n{text}".encode()).hexdigest()
        status = self._call("POST /api/v1/statuses", lambda: self.api.status_post(
            text, in_reply_to_id=target.native_id, visibility=visibility, idempotency_key=key), sent=True)
        native, created = status.get("id"), status.get("created_at")
        if native is None or not isinstance(created, datetime):
            raise outcome_unknown(self.platform, "POST /api/v1/statuses answered without an id or created_at")
        return Sent(str(native), created if created.tzinfo else created.replace(tzinfo=UTC))

    def set_hidden(self, native_id: str, hidden: bool) -> None:
        raise WriteError("unsupported", "mastodon: an account cannot hide other people's replies on Mastodon")

    def _call(self, route: str, call: Callable[[], Any], *, sent: bool) -> Any:  # noqa: ANN401 - Mastodon.py's dict
        """``call()``; ``sent``: the request changes something, so a lost answer is an unknown outcome."""
        try:
            return call()
        except api.MastodonRatelimitError:
            raise WriteError("rate_limited", f"mastodon: {route}: rate limited (HTTP 429); try again later") from None
        except api.MastodonNotFoundError:
            raise WriteError("parent_gone", f"mastodon: {route}: the status being answered no longer exists") from None
        except api.MastodonUnauthorizedError:
            raise WriteError("permission", f"mastodon: {route}: 401: the token in {self.token_env} is revoked, "
                                           "expired or wrong for this instance") from None
        except (api.MastodonServerError, api.MastodonNetworkError) as exc:
            if sent:
                raise outcome_unknown(self.platform, f"{route} failed ({type(exc).__name__})") from None
            raise WriteError("other", f"mastodon: {route} failed ({type(exc).__name__}); nothing was sent") from None
        except api.MastodonAPIError as exc:
            raise self._refusal(route, exc) from None

    def _refusal(self, route: str, exc: api.MastodonAPIError) -> WriteError:
        status = exc.args[1] if len(exc.args) > 1 else "?"
        detail = " ".join(str(exc.args[3] if len(exc.args) > 3 else "").split())[:200]
        where = f"mastodon: {route}: HTTP {status}: {detail}".rstrip(": ")
        if status == 403:
            return WriteError("permission", f"{where}: the token in {self.token_env} needs the scope write:statuses")
        if status == 422 and "limit" in detail.lower():
            return WriteError("too_long", where)
        if status == 422 and ("duplicate" in detail.lower() or "already" in detail.lower()):
            return WriteError("duplicate", where)
        return WriteError("other", where)
