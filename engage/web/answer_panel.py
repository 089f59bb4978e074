"""The answer panel of the thread view: drafts, the editor's limit and rules, colleagues' work, moderation.

Apart from the answering routes (``engage.web.answering``) so the thread view can build it without
importing the routers.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from engage.answering import drafts, moderation, saved, sending
from engage.web.pages import WebSettings

# What each platform does with mentions and links in a reply, shown under the editor.
PLATFORM_RULES = {
    "x": "Replies thread under the post; a link counts as 23 characters.",
    "bluesky": "300 characters; @mentions and links become facets only if typed in full.",
    "mastodon": "Mentions of the person answered are added by Mastodon; the post keeps the reply's visibility.",
    "reddit": "Markdown is rendered; the comment is posted as the account's user.",
    "facebook": "Posted as the Page under the comment.",
    "instagram": "Posted as the account under the comment; links are not clickable.",
}


def answer_context(request: Request, uid: str) -> dict[str, Any]:
    """What the thread view's answer panel shows for the reply ``uid``."""
    settings: WebSettings = request.app.state.settings
    config, store = settings.config, request.state.store
    session = request.state.session
    it = sending.item(store, uid)
    found = drafts.collisions(store, uid, actor=session.user.name, minutes=config.answering.collision_minutes,
                              now=settings.clock())
    return {
        "answer_drafts": drafts.drafts_for(store, uid),
        "answer_policy": sending.policy_for(config, it),
        "answer_max": sending.max_chars(config, it),
        "answer_rules": PLATFORM_RULES.get(it.platform, ""),
        "collisions": found,
        "collision_ack": drafts.collision_token(found),
        "saved_replies": saved.all_saved(store),
        "moderation_reasons": config.answering.moderation_reasons,
        "is_hidden": moderation.is_hidden(store, uid),
        "dry_run": config.answering.dry_run,
    }
