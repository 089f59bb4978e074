"""The Facebook Page webhook (``feed`` field): a nudge to re-read a post soon, never a source of records.

Meta calls ``GET /webhooks/facebook`` once to verify the subscription (``hub.mode=subscribe``, the
verify token the department chose, a ``hub.challenge`` to echo) and then ``POST``s changes signed
with the app secret (``X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body>``). A comment
change (``item: comment``, ``verb: add|edited|remove``) on a configured Page is queued as the
cursor ``webhook:<post-id>``; the next collection re-reads that post through the Graph API (a full
pass for ``edited`` and ``remove``, which the incremental read cannot see) and clears the entry. The
payload itself is not trusted: anyone who learns the URL can post to it, and only the signature says
Meta sent it. A bad signature is refused with 403 and logged without the body.

Both routes answer 404 until ``credentials.facebook.webhook_verify_token_env`` and ``app_secret_env``
name set environment variables.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from starlette.responses import Response

from connectors.facebook import WEBHOOK_PREFIX
from engage.config import Config
from engage.store import Store

log = logging.getLogger(__name__)

PATH = "/webhooks/facebook"
QUEUE_PREFIX = WEBHOOK_PREFIX  # the cursor the Facebook connector reads and clears
VERBS = ("add", "edited", "remove")
# What needs the full pass: an edit or a removal is invisible to a read of only the newest comments.
FULL_PASS_VERBS = frozenset({"edited", "remove"})
_CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_POST_ID = re.compile(r"^[0-9]{1,25}_[0-9]{1,25}$")

router = APIRouter()


def _config(request: Request) -> Config:
    return request.app.state.settings.config


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get(PATH, include_in_schema=False)
def verify(request: Request) -> Response:
    """Meta's subscription handshake: echo ``hub.challenge`` when the verify token matches."""
    config = _config(request)
    expected = config.secret(config.credentials.facebook.webhook_verify_token_env)
    if not expected or not config.secret(config.credentials.facebook.app_secret_env):
        return PlainTextResponse("Not found", status_code=404)
    query = request.query_params
    token = query.get("hub.verify_token", "")
    if query.get("hub.mode") != "subscribe" or not hmac.compare_digest(token.encode(), expected.encode()):
        log.warning("webhook: refused a subscription check with a wrong verify token from %s", _client(request))
        return PlainTextResponse("Forbidden", status_code=403)
    challenge = query.get("hub.challenge", "")
    if not _CHALLENGE.match(challenge):
        return PlainTextResponse("Bad challenge", status_code=400)
    return PlainTextResponse(challenge)


@router.post(PATH, include_in_schema=False)
async def receive(request: Request) -> Response:
    """A signed change notification: queue the posts it names for the next collection."""
    config = _config(request)
    secret = config.secret(config.credentials.facebook.app_secret_env)
    if not secret or not config.secret(config.credentials.facebook.webhook_verify_token_env):
        return PlainTextResponse("Not found", status_code=404)
    body = await request.body()
    signature = request.headers.get("x-hub-signature-256", "")
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(signature.encode(), expected.encode()):
        log.warning("webhook: refused a POST of %d bytes with a bad X-Hub-Signature-256 from %s", len(body),
                    _client(request))
        return PlainTextResponse("Forbidden", status_code=403)
    try:
        payload = json.loads(body)
    except ValueError:
        log.warning("webhook: a signed POST whose body is not JSON was ignored")
        return PlainTextResponse("Bad request", status_code=400)
    queued = enqueue(request.state.store, config, payload)
    log.info("webhook: %d post(s) queued for the next Facebook collection", queued)
    return PlainTextResponse("ok")


def enqueue(store: Store, config: Config, payload: Any) -> int:  # noqa: ANN401 - parsed JSON, checked here
    """Queue every configured Page's commented post in ``payload``; returns how many were queued."""
    if not isinstance(payload, dict) or payload.get("object") != "page":
        return 0
    pages = {a.user_id: a.handle for a in config.accounts if a.platform == "facebook" and a.user_id}
    queued = 0
    for entry in payload.get("entry") or []:
        handle = pages.get(str(entry.get("id"))) if isinstance(entry, dict) else None
        if handle is None:
            continue
        for change in entry.get("changes") or []:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict) or change.get("field") != "feed" or value.get("item") != "comment":
                continue
            verb, post_id = value.get("verb"), str(value.get("post_id") or "")
            if verb not in VERBS or not _POST_ID.match(post_id):
                continue
            stream = QUEUE_PREFIX + post_id
            earlier = store.get_cursors("facebook", handle).get(stream)
            with store.db.atomic():
                store.set_cursor("facebook", handle, stream, "full" if verb in FULL_PASS_VERBS or earlier == "full"
                                 else "new")
            queued += 1
    return queued
