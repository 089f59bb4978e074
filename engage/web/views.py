"""Inbox, thread and triage actions.

Reading pages is open to every signed-in role; every POST goes through :func:`writer`, which
checks the CSRF token first and the role second. Actions answer an htmx request with the
re-rendered inbox row and a plain form post with a redirect, so the pages work without script.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import FormData
from starlette.responses import Response

from engage import triage
from engage.alerts.outbox import alerted_uids
from engage.config import Config
from engage.labels import REPLY_TASKS
from engage.store import TRIAGE_STATUSES, Store
from engage.web import auth
from engage.web.answer_panel import answer_context
from engage.web.pages import WebSettings, render
from engage.web.security import safe_next, submitted_csrf, tokens_match
from engage.web.validation import MAX_PARAM_CHARS, MAX_QUERY_CHARS, bounded_date, bounded_page, bounded_text, text_form
from models.tasks import REGISTRY

router = APIRouter()

FILTER_KEYS = ("status", "platform", "account", "topic", "sentiment", "assignee", "since", "until", "q")


def _settings(request: Request) -> WebSettings:
    return request.app.state.settings


def _store(request: Request) -> Store:
    return request.state.store


async def writer(request: Request) -> auth.Session:
    """The session of a request allowed to change things: right CSRF token, then a role that may write."""
    session: auth.Session = request.state.session
    if not tokens_match(session.csrf_token, await submitted_csrf(request)):
        raise HTTPException(403, "Missing or wrong CSRF token: reload the page and try again.")
    if not session.user.can_change:
        raise HTTPException(403, "Your account can view but not change anything.")
    return session


Writer = Annotated[auth.Session, Depends(writer)]


def _filters(request: Request, session: auth.Session) -> tuple[triage.InboxFilter, dict[str, str]]:
    """The filter from the query string, and the query string's own values to re-render the form."""
    params = request.query_params
    raw = {k: bounded_text(params.get(k), k, MAX_QUERY_CHARS if k == "q" else MAX_PARAM_CHARS) for k in FILTER_KEYS}
    assignee = session.user.name if raw["assignee"] == "me" else raw["assignee"] or None
    try:
        filt = triage.InboxFilter(
            status=raw["status"] or "open", platform=raw["platform"] or None, account=raw["account"] or None,
            topic=raw["topic"] or None, sentiment=raw["sentiment"] or None, assignee=assignee,
            since=bounded_date(raw["since"], "from"), until=bounded_date(raw["until"], "to"),
            query=raw["q"] or None, page=bounded_page(params.get("page")),
        )
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return filt, raw


def _inbox_context(request: Request) -> dict[str, Any]:
    settings = _settings(request)
    config = settings.config
    session: auth.Session = request.state.session
    filt, raw = _filters(request, session)
    store = _store(request)
    now = settings.clock()
    items = triage.inbox(
        store, filt, sla_hours=config.response.sla_hours, tz=config.department.tz, now=now
    )
    total = triage.count_inbox(store, filt, tz=config.department.tz)
    query = {k: v for k, v in raw.items() if v}
    return {
        "items": items,
        "filters": raw,
        "total": total,
        "page": filt.page,
        "pages": max((total + triage.PAGE_SIZE - 1) // triage.PAGE_SIZE, 1),
        "query": urlencode(query),
        "rows_url": "/inbox/rows?" + urlencode(query | ({"page": str(filt.page)} if filt.page > 1 else {})),
        "page_url": lambda n: "/inbox?" + urlencode(query | {"page": str(n)}),
        "fingerprint": triage.fingerprint(items),
        "alerted": alerted_uids(store, [it.uid for it in items]),
        "sla_hours": config.response.sla_hours,
        "poll_seconds": settings.poll_seconds,
        "platforms": sorted({a.platform for a in config.accounts}),
        "accounts": sorted({a.handle for a in config.accounts}),
        "topics": [t.name for t in config.topics],
        "sentiments": triage.SENTIMENT_LABELS,
        "statuses": triage.STATUS_FILTERS,
        "assignees": triage.assignable_users(store),
        "open_counts": triage.open_counts(store),
    }


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/inbox", status_code=303)


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request) -> Response:
    return render(request, "inbox.html", _inbox_context(request))


@router.get("/inbox/rows", response_class=HTMLResponse)
def inbox_rows(request: Request, fp: str | None = None) -> Response:
    """The rows for a poll: 204 (htmx keeps the page as it is) when nothing the page shows changed."""
    fp = bounded_text(fp, "fp")
    context = _inbox_context(request)
    if fp and fp == context["fingerprint"]:
        return Response(status_code=204)
    return render(request, "_rows.html", context)


@router.get("/thread", response_class=HTMLResponse)
def thread_page(request: Request, uid: str) -> Response:
    uid = bounded_text(uid, "uid")
    settings = _settings(request)
    config = settings.config
    store = _store(request)
    try:
        posts = triage.thread(store, uid)
    except triage.TriageError as exc:
        raise HTTPException(404, str(exc)) from None
    item = None
    labels: dict[str, list[str]] = {}
    try:
        item = triage.get_item(store, uid, sla_hours=config.response.sla_hours, tz=config.department.tz,
                               now=settings.clock())
        labels = {task: triage.current_label_set(store, uid, task) for task in REPLY_TASKS}
    except triage.TriageError:
        pass  # a department post or a record outside the inbox: the thread is still worth showing
    return render(
        request,
        "thread.html",
        {
            "posts": posts,
            "focus": next((p for p in posts if p.is_focus), None),
            "item": item,
            "labels": labels,
            "history": triage.history(store, uid) if item else [],
            "elsewhere": triage.answered_elsewhere_record(store, uid) if item else None,
            "channels": triage.ELSEWHERE_CHANNELS,
            "local_now": settings.clock().astimezone(config.department.tz).strftime("%Y-%m-%dT%H:%M"),
            "topics": [t.name for t in config.topics],
            # each single-label task's correction form, with the labels it offers (registry order)
            "single_label_tasks": [(task, REGISTRY[task].labels) for task in REPLY_TASKS
                                   if not REGISTRY[task].multi_label],
            "statuses": TRIAGE_STATUSES,
            "assignees": triage.assignable_users(store),
            "open_counts": triage.open_counts(store),
            "incident_pattern": config.triage.incident_ref_pattern,
            "sla_hours": config.response.sla_hours,
            "uid": uid,
            **(answer_context(request, uid) if item else {}),
        },
    )


# -- actions ------------------------------------------------------------------------------------


def _after(request: Request, uid: str, next_url: str) -> Response:
    """An htmx action gets its row back; a plain form post goes back where it came from."""
    if request.headers.get("hx-request"):
        settings = _settings(request)
        config = settings.config
        store = _store(request)
        item = triage.get_item(store, uid, sla_hours=config.response.sla_hours,
                               tz=config.department.tz, now=settings.clock())
        return render(request, "_row.html", {"item": item, "sla_hours": config.response.sla_hours,
                                             "assignees": triage.assignable_users(store),
                                             "open_counts": triage.open_counts(store),
                                             "alerted": alerted_uids(store, [uid])})
    default = "/thread?" + urlencode({"uid": uid})
    return RedirectResponse(safe_next(next_url, default), status_code=303)


@dataclass(frozen=True)
class Act:
    """One triage action posted from a form: on which reply, by whom, when, with the form's fields."""

    store: Store
    uid: str
    actor: str
    now: datetime
    form: FormData
    config: Config

    def field(self, name: str) -> str:
        return str(self.form.get(name, ""))

    def assignee(self) -> str | None:
        """The form's assignee; ``me`` is the signed-in user, blank is nobody."""
        who = self.field("assignee").strip()
        return self.actor if who == "me" else who or None


# Each form's action, by the path it posts to (``/act/<name>``). A TriageError (unknown reply, bad
# value) is shown by the app's one EngageError handler.
ACTIONS: dict[str, Callable[[Act], object]] = {
    "status": lambda a: triage.set_status(a.store, a.uid, a.field("status"), actor=a.actor,
                                          reason=a.field("reason"), now=a.now),
    "assign": lambda a: triage.assign(a.store, a.uid, a.assignee(), actor=a.actor, now=a.now),
    "note": lambda a: triage.set_note(a.store, a.uid, a.field("note"), actor=a.actor, now=a.now),
    "incident": lambda a: triage.set_incident_ref(a.store, a.uid, a.field("incident_ref"),
                                                  pattern=a.config.triage.incident_ref, actor=a.actor, now=a.now),
    "label": lambda a: triage.correct_label(a.store, a.uid, a.field("task"), [str(v) for v in a.form.getlist("label")],
                                            actor=a.actor, topics=[t.name for t in a.config.topics], now=a.now),
    # An answer given by phone, direct message or in person; its time is department-local.
    "answered-elsewhere": lambda a: triage.answer_elsewhere(
        a.store, a.uid, a.field("channel"), triage.answer_time(a.field("answered_at"), a.config.department.tz),
        actor=a.actor, now=a.now,
    ),
}


def _action_route(change: Callable[[Act], object]) -> Callable[..., Awaitable[Response]]:
    async def route(request: Request, session: Writer) -> Response:
        form = await text_form(request)
        settings = _settings(request)
        uid = str(form.get("uid", ""))
        change(Act(_store(request), uid, session.user.name, settings.clock(), form, settings.config))
        return _after(request, uid, str(form.get("next", "")))

    return route


for _name, _change in ACTIONS.items():
    router.add_api_route(f"/act/{_name}", _action_route(_change), methods=["POST"], name=f"act_{_name}")
