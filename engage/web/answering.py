"""Answering in the web app: the answer panel of the thread view, its actions, and the saved-reply admin page.

Every POST here goes through :func:`engage.web.views.writer` (CSRF token first, then a role that may
change things); what each role may do beyond that is the state machine's and the moderation module's
to decide, so the page and the server can never disagree. An :class:`AnswerError` is the one line the
officer sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import FormData
from starlette.responses import Response

from connectors.writing import Writer
from engage.answering import drafts, moderation, saved, sending
from engage.answering.settings import SendPolicy
from engage.store import Store
from engage.web.pages import WebSettings, render
from engage.web.validation import text_form
from engage.web.views import Writer as WebWriter

router = APIRouter()


def _thread(uid: str) -> str:
    return "/thread?" + urlencode({"uid": uid}) + "#answer"


def _int(value: object, name: str) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise HTTPException(400, f"{name}: not a number") from None


def _policy(request: Request, uid: str) -> tuple[sending.Item, SendPolicy]:
    it = sending.item(request.state.store, uid)
    return it, sending.policy_for(request.app.state.settings.config, it)


@router.post("/answer/save")
async def save_draft(request: Request, session: WebWriter) -> Response:
    """Save the editor's text as a draft (new, or the user's own), or insert a saved reply into it."""
    settings: WebSettings = request.app.state.settings
    store: Store = request.state.store
    form = await text_form(request)
    uid = str(form.get("uid", ""))
    it, policy = _policy(request, uid)
    text = str(form.get("text", ""))
    key = str(form.get("saved_key", ""))
    if form.get("insert") and key:
        filled = saved.fill(saved.get(store, key), handle=it.author_handle, department=settings.config.department.name)
        text = f"{text.rstrip()}\n{filled}".strip()
    draft_id = form.get("draft_id")
    drafts.save(store, uid, text, actor=session.user.name, role=session.user.role, policy=policy,
                max_chars=sending.max_chars(settings.config, it), now=settings.clock(),
                draft_id=_int(draft_id, "draft_id") if draft_id else None)
    return RedirectResponse(_thread(uid), status_code=303)


@dataclass(frozen=True)
class Posted:
    """A posted answering form: the app's settings and store, the form, and the draft it names (if any)."""

    settings: WebSettings
    store: Store
    form: FormData

    def draft(self) -> drafts.Draft:
        return drafts.get_draft(self.store, _int(self.form.get("draft_id", ""), "draft_id"))

    def writer(self, uid: str) -> Writer:
        return sending.build_writer(self.settings.config, sending.item(self.store, uid), self.settings.clock)


async def _posted(request: Request) -> Posted:
    return Posted(request.app.state.settings, request.state.store, await text_form(request))


@router.post("/answer/decide")
async def decide(request: Request, session: WebWriter) -> Response:
    """Submit, approve or return (with a comment) a draft."""
    p = await _posted(request)
    draft = p.draft()
    _, policy = _policy(request, draft.uid)
    action = str(p.form.get("action", ""))
    if action not in ("submit", "approve", "return"):
        raise HTTPException(400, f"action {action!r} is not submit, approve or return")
    drafts.decide(p.store, draft.id, action, actor=session.user.name, role=session.user.role,  # type: ignore[arg-type]
                  policy=policy, comment=str(p.form.get("comment", "")), now=p.settings.clock())
    return RedirectResponse(_thread(draft.uid), status_code=303)


@router.post("/answer/send")
async def send(request: Request, session: WebWriter) -> Response:
    """Send a draft through the platform (or the dry-run writer); refused if the page missed a colleague's work."""
    p = await _posted(request)
    draft = p.draft()
    sending.send(p.store, p.settings.config, draft.id, actor=session.user.name, role=session.user.role,
                 writer=p.writer(draft.uid), collision_ack=str(p.form.get("collision_ack", "")), now=p.settings.clock)
    return RedirectResponse(_thread(draft.uid), status_code=303)


@router.post("/moderate")
async def moderate(request: Request, session: WebWriter) -> Response:
    """Hide (with a policy reason) or unhide a public comment."""
    p = await _posted(request)
    uid = str(p.form.get("uid", ""))
    config = p.settings.config
    moderation.set_hidden(p.store, config, uid, p.form.get("hidden") == "1", str(p.form.get("reason", "")),
                          actor=session.user.name, role=session.user.role, writer=p.writer(uid),
                          dry_run=config.answering.dry_run, now=p.settings.clock())
    return RedirectResponse(_thread(uid), status_code=303)


def _admin(request: Request) -> None:
    if request.state.session.user.role != "admin":
        raise HTTPException(403, "Only an admin manages saved replies.")


@router.get("/saved-replies", response_class=HTMLResponse)
def saved_replies_page(request: Request) -> Response:
    _admin(request)
    return render(request, "saved_replies.html", {"saved_replies": saved.all_saved(request.state.store),
                                                  "placeholders": saved.PLACEHOLDERS})


@router.post("/saved-replies")
async def saved_replies_change(request: Request, session: WebWriter) -> Response:
    """Add, replace (same key) or remove a saved reply."""
    _admin(request)
    store: Store = request.state.store
    form = await text_form(request)
    key = str(form.get("key", ""))
    if form.get("remove"):
        saved.remove(store, key, actor=session.user.name)
    else:
        saved.put(store, key, str(form.get("title", "")), str(form.get("text", "")), actor=session.user.name,
                  now=request.app.state.settings.clock())
    return RedirectResponse("/saved-replies", status_code=303)

