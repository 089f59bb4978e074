"""Answering and hiding comments on a Facebook Page or an Instagram professional account (Graph API).

Facebook: ``POST /{comment-id}/comments`` (``message``) answers as the Page; ``POST /{comment-id}``
with ``is_hidden`` hides or unhides a comment. Instagram: ``POST /{ig-comment-id}/replies``
(``message``; a reply to a reply lands under its top-level comment) and ``POST /{ig-comment-id}``
with ``hide``. Both go through :class:`connectors.graph.GraphClient` built on a *write* token of its
own; Graph answers a create with the new id only, so its creation time is read back with one GET
(``created_time`` / ``timestamp``), falling back to this machine's clock if that read fails.

A POST is never repeated: a timeout, a 5xx or a transient Graph code after the request left may
mean Graph applied it, so it becomes ``WriteError("other", "... outcome unknown; it will be matched
when collected")`` and the next collection finds the answer if it exists. Comments are never deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from connectors.base import ConnectorError
from connectors.graph import GraphClient, GraphError, OutcomeUnknown, Throttled, parse_graph_time
from connectors.registry import BuildContext
from connectors.writing import ReplyTarget, Sent, WriteError, check_length, outcome_unknown, require_named

log = logging.getLogger(__name__)

DUPLICATE_CODE = 506  # "Duplicate status message"
PERMISSION_CODES = frozenset({10, *range(200, 300)})


@dataclass(frozen=True)
class GraphWriteRules:
    """Where one Graph platform takes answers and hides, and the permissions the write token needs."""

    platform: str
    max_chars: int
    reply_edge: str
    hide_field: str
    time_field: str
    permissions: str


FACEBOOK = GraphWriteRules("facebook", 8000, "comments", "is_hidden", "created_time",
                           "pages_manage_engagement, pages_read_engagement")
INSTAGRAM = GraphWriteRules("instagram", 2200, "replies", "hide", "timestamp",
                            "instagram_manage_comments, instagram_basic, pages_show_list, pages_read_engagement")


class GraphWriter:
    """Answers and hides for one Page or Instagram account, with the write token in ``client``."""

    can_hide = True

    def __init__(self, client: GraphClient, rules: GraphWriteRules, *,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.client = client
        self.rules = rules
        self.platform = rules.platform
        self.max_chars = rules.max_chars
        self._clock = clock

    def reply(self, target: ReplyTarget, text: str) -> Sent:
        """Answer the comment ``target.native_id`` as the account; the id and Graph's creation time come back."""
        check_length(self.platform, text, self.max_chars)
        route = f"POST /{{comment-id}}/{self.rules.reply_edge}"
        body = self._post(route, f"{target.native_id}/{self.rules.reply_edge}", {"message": text})
        native = str(body.get("id") or "")
        if not native:
            raise outcome_unknown(self.platform, f"{route} answered without an id")
        return Sent(native, self._created_at(native))

    def set_hidden(self, native_id: str, hidden: bool) -> None:
        """Hide or unhide one comment (``POST /{comment-id}`` with the platform's hide field)."""
        route = "POST /{comment-id}"
        body = self._post(route, native_id, {self.rules.hide_field: "true" if hidden else "false"})
        if body.get("success") is not True:
            raise WriteError("other", f"{self.platform}: {route} did not confirm the change")

    def _post(self, route: str, path: str, data: dict[str, str]) -> dict[str, Any]:
        try:
            return self.client.post(path, data)
        except Throttled as exc:
            raise WriteError("rate_limited", f"{self.platform}: {route}: {exc}") from None
        except OutcomeUnknown as exc:
            raise outcome_unknown(self.platform, str(exc)) from None
        except ConnectorError as exc:  # the token expired or was revoked (Graph 190); names the env var
            raise WriteError("permission", str(exc)) from None
        except GraphError as exc:
            raise self._refusal(route, exc) from None

    def _refusal(self, route: str, exc: GraphError) -> WriteError:
        where = f"{self.platform}: {route}: {exc}"
        if exc.object_missing:
            return WriteError("parent_gone", f"{where} (the comment is deleted, or the token may not see it)")
        if exc.code == DUPLICATE_CODE:
            return WriteError("duplicate", where)
        if exc.code in PERMISSION_CODES:
            return WriteError("permission", f"{where}: the token in {self.client.token_env} needs "
                                            f"{self.rules.permissions}")
        return WriteError("other", where)

    def _created_at(self, native: str) -> datetime:
        """Graph's creation time of the new comment; this machine's clock if it cannot be read back."""
        field = self.rules.time_field
        try:
            return parse_graph_time(str(self.client.get(native, {"fields": field})[field]))
        except (GraphError, Throttled, ConnectorError, KeyError, ValueError) as exc:
            log.warning("%s: the answer was posted but its %s could not be read (%s); using the send time",
                        self.platform, field, type(exc).__name__)
            return self._clock()


def build_graph_writer(ctx: BuildContext, token_field: str, rules: GraphWriteRules) -> GraphWriter:
    """The writer for ``ctx``'s account from the credentials field ``token_field`` (never the read token).

    Both Graph credentials models have ``graph_base_url`` and ``graph_api_version``; the write
    client talks to the same host and version as the connector.
    """
    creds = ctx.credentials
    env = getattr(creds, token_field)
    require_named(rules.platform, {token_field: env})
    client = GraphClient(ctx.secret(env), token_env=env, platform=rules.platform,
                         base_url=creds.graph_base_url, version=creds.graph_api_version)
    return GraphWriter(client, rules)
