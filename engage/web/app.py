"""The triage web app: FastAPI, server-rendered Jinja2 pages, a little htmx, no inline script.

``create_app`` builds the app for one config and database. Every request except the login page
and static files needs a session; every POST needs the session's CSRF token and a role that may
change things. Each request gets its own SQLite connection (WAL lets the collector write while
officers read).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from engage.config import Config
from engage.errors import EngageError
from engage.store import Store, connect
from engage.timeutil import utcnow
from engage.web import answering, auth, dashboard, views, webhooks, what_works
from engage.web.pages import WebSettings, build_templates, render
from engage.web.security import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    CookieSigner,
    add_security_headers,
    new_token,
    safe_next,
    submitted_csrf,
    tokens_match,
)
from engage.web.validation import text_form

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
PUBLIC_PATHS = ("/login", "/favicon.ico", webhooks.PATH)  # the webhook proves itself by signature
PUBLIC_PREFIXES = ("/static/",)


def create_app(
    config: Config,
    db_path: Path,
    *,
    secret: str | None = None,
    clock: Callable[[], datetime] = utcnow,
    warm_dashboard: bool = False,
    poll_seconds: int = 20,
) -> FastAPI:
    """The app for ``config`` and ``db_path`` (migrated here once, so requests never migrate).

    ``warm_dashboard`` builds the dashboard's figures in the background at once (the server does
    this; tests and screenshots build it on the first visit instead). ``poll_seconds`` is how
    often an open inbox asks for new replies.
    """
    Store.open(db_path).close()
    if secret is None:
        secret = auth.session_secret(config.web.session_secret_env, db_path.resolve().parent)
    app = FastAPI(title="engage", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = WebSettings(config, db_path, CookieSigner(secret), clock, poll_seconds)
    app.state.templates = build_templates(config)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def session_and_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        settings: WebSettings = request.app.state.settings
        store = Store(connect(settings.db_path), settings.db_path)
        request.state.store = store
        try:
            public = request.url.path in PUBLIC_PATHS or request.url.path.startswith(PUBLIC_PREFIXES)
            request.state.session = None
            token = settings.signer.loads(request.cookies.get(SESSION_COOKIE))
            if token:
                request.state.session = auth.load_session(store, token, settings.clock())
            if request.state.session is None and not public:
                response: Response = login_redirect(request)
            else:
                response = await call_next(request)
        finally:
            store.close()
        add_security_headers(response, private=not request.url.path.startswith("/static/"))
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(EngageError)
    async def engage_error(request: Request, exc: EngageError) -> Response:
        # The one place a view's EngageError (an unknown reply, a bad status) becomes what the user sees.
        return error_page(request, exc.http_status, exc.message)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        # Runs outside the middleware above, so the headers are added here: an error page is a page too.
        log.error("%s %s: %s", request.method, request.url.path, f"{type(exc).__name__}: {exc}".splitlines()[0])
        response = PlainTextResponse("Internal error: the server log has the details.", status_code=500)
        add_security_headers(response, private=True)
        return response

    app.include_router(views.router)
    app.include_router(answering.router)
    app.include_router(dashboard.router)
    app.include_router(what_works.router)
    app.include_router(webhooks.router)
    _login_routes(app)
    app.state.dashboard_cache = dashboard.DashboardCache()
    if warm_dashboard:
        app.state.dashboard_cache.warm(app.state.settings)
    return app


def error_page(request: Request, status: int, message: str) -> Response:
    """An error as htmx swaps it in (plain text) or as a page (the error template, message escaped)."""
    if request.headers.get("hx-request"):
        return PlainTextResponse(message, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status)


def login_redirect(request: Request) -> Response:
    """Unauthenticated: a redirect to the login page (htmx is told to navigate, not to swap it in)."""
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": "/login"})
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    next_part = f"?next={_quote(target)}" if request.method == "GET" and target not in ("/", "/inbox") else ""
    return RedirectResponse(f"/login{next_part}", status_code=303)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _login_routes(app: FastAPI) -> None:
    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, next: str | None = None) -> Response:  # noqa: A002 - the query name
        return _login_form(request, next, error=None, status_code=200)

    @app.post("/login", response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        settings: WebSettings = request.app.state.settings
        form = await text_form(request)
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        next_url = safe_next(str(form.get("next", "")))
        if not tokens_match(request.cookies.get(LOGIN_CSRF_COOKIE), await submitted_csrf(request)):
            return _login_form(request, next_url, "The form expired; please sign in again.", 403)
        store: Store = request.state.store
        now = settings.clock()
        if auth.is_locked(store, name.strip()[:64], _client(request), now):
            return _login_form(request, next_url, "Too many failed sign-ins. Wait 15 minutes and try again.", 429)
        user = auth.authenticate(store, name, password, _client(request), now)
        if user is None:
            return _login_form(request, next_url, "Wrong user name or password.", 401)
        session = auth.create_session(store, user, now)
        response = RedirectResponse(next_url, status_code=303)
        response.set_cookie(
            SESSION_COOKIE, settings.signer.dumps(session.token), max_age=auth.SESSION_HOURS * 3600,
            httponly=True, samesite="lax", secure=settings.secure_cookies, path="/",
        )
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
        log.info("login: %s (%s)", user.name, user.role)
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        session = request.state.session
        if not tokens_match(session.csrf_token, await submitted_csrf(request)):
            return Response("missing or wrong CSRF token", status_code=403, media_type="text/plain")
        auth.end_session(request.state.store, session.token)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response


def _login_form(request: Request, next_url: str | None, error: str | None, status_code: int) -> Response:
    settings: WebSettings = request.app.state.settings
    # A fresh token with every form, never the browser's old one: a token planted in the cookie
    # (by a sibling site or an earlier visitor) is never the one a form carries. The price is that
    # opening the login page in a second tab expires the first tab's form ("please sign in again").
    token = new_token()
    response = render(
        request, "login.html", {"error": error, "next": safe_next(next_url), "login_csrf": token}, status_code
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, max_age=3600, httponly=True, samesite="strict",
        secure=settings.secure_cookies, path="/login",
    )
    return response

