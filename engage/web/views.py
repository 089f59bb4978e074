"""Inbox, thread and triage actions.

Reading pages is open to every signed-in role; every POST goes through :func:`writer`, which
checks the CSRF token first and the role second. Actions answer an htmx request with the
re-rendered inbox row and a plain form post with a redirect, so the pages work without script.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from engage import triage
from engage.alerts.outbox import alerted_uids
from engage.store import TRIAGE_STATUSES, Store
from engage.web import auth
from engage.web.pages import WebSettings, render
from engage.web.security import safe_next, submitted_csrf, tokens_match
from engage.web.validation import MAX_PARAM_CHARS, MAX_QUERY_CHARS, bounded_date, bounded_page, bounded_text, text_form

router = APIRouter()

FILTER_KEYS = ("status", "platform", "account", "topic", "sentiment", "assignee", "since", "until", "q")
LABEL_TASKS = ("sentiment", "topics", "needs_response", "urgent", "abusive")


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
    except (ValueError, triage.TriageError) as exc:
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
        labels = {task: triage.current_label_set(store, uid, task) for task in LABEL_TASKS}
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
            "sentiments": triage.SENTIMENT_LABELS,
            "flag_tasks": triage.FLAG_TASKS,
            "statuses": TRIAGE_STATUSES,
            "assignees": triage.assignable_users(store),
            "open_counts": triage.open_counts(store),
            "incident_pattern": config.triage.incident_ref_pattern,
            "sla_hours": config.response.sla_hours,
            "uid": uid,
        },
    )


# -- actions ------------------------------------------------------------------------------------


async def _form(request: Request) -> dict[str, Any]:
    form = await text_form(request)
    return {"uid": str(form.get("uid", "")), "next": str(form.get("next", "")), "form": form}


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


def _run(action: Any) -> None:
    try:
        action()
    except triage.TriageError as exc:
        raise HTTPException(400, str(exc)) from None


@router.post("/act/status")
async def act_status(request: Request, session: Writer) -> Response:
    data = await _form(request)
    status = str(data["form"].get("status", ""))
    reason = str(data["form"].get("reason", ""))
    _run(lambda: triage.set_status(_store(request), data["uid"], status, actor=session.user.name, reason=reason,
                                   now=_settings(request).clock()))
    return _after(request, data["uid"], data["next"])


@router.post("/act/assign")
async def act_assign(request: Request, session: Writer) -> Response:
    data = await _form(request)
    who = str(data["form"].get("assignee", "")).strip()
    if who == "me":
        who = session.user.name
    _run(lambda: triage.assign(_store(request), data["uid"], who or None, actor=session.user.name,
                               now=_settings(request).clock()))
    return _after(request, data["uid"], data["next"])


@router.post("/act/note")
async def act_note(request: Request, session: Writer) -> Response:
    data = await _form(request)
    note = str(data["form"].get("note", ""))
    _run(lambda: triage.set_note(_store(request), data["uid"], note, actor=session.user.name,
                                 now=_settings(request).clock()))
    return _after(request, data["uid"], data["next"])


@router.post("/act/incident")
async def act_incident(request: Request, session: Writer) -> Response:
    data = await _form(request)
    ref = str(data["form"].get("incident_ref", ""))
    pattern = _settings(request).config.triage.incident_ref
    _run(lambda: triage.set_incident_ref(_store(request), data["uid"], ref, pattern=pattern,
                                         actor=session.user.name, now=_settings(request).clock()))
    return _after(request, data["uid"], data["next"])


@router.post("/act/label")
async def act_label(request: Request, session: Writer) -> Response:
    data = await _form(request)
    task = str(data["form"].get("task", ""))
    labels = [str(v) for v in data["form"].getlist("label")]
    topics = [t.name for t in _settings(request).config.topics]
    _run(lambda: triage.correct_label(_store(request), data["uid"], task, labels, actor=session.user.name,
                                      topics=topics, now=_settings(request).clock()))
    return _after(request, data["uid"], data["next"])


@router.post("/act/answered-elsewhere")
async def act_answered_elsewhere(request: Request, session: Writer) -> Response:
    """Record an answer given by phone, direct message or in person (the time is department-local)."""
    data = await _form(request)
    channel = str(data["form"].get("channel", ""))
    when = str(data["form"].get("answered_at", ""))
    settings = _settings(request)
    _run(lambda: triage.answer_elsewhere(
        _store(request), data["uid"], channel, triage.answer_time(when, settings.config.department.tz),
        actor=session.user.name, now=settings.clock(),
    ))
    return _after(request, data["uid"], data["next"])
