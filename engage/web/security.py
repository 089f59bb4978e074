"""HTTP-level defences: security headers, the session cookie, CSRF tokens and safe redirects.

Public text in this app is hostile, so the browser is told to refuse anything that is not our own
static script or style (a Content-Security-Policy without 'unsafe-inline'), even if an escaping
mistake ever let markup through.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.responses import Response

SESSION_COOKIE = "engage_session"
LOGIN_CSRF_COOKIE = "engage_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def add_security_headers(response: Response, *, private: bool) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if private:  # pages with public text and triage state must not sit in shared caches
        response.headers.setdefault("Cache-Control", "no-store")


class CookieSigner:
    """Signs the session token into the cookie value, so forged cookies never reach the database."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeSerializer(secret, salt="engage-session")

    def dumps(self, token: str) -> str:
        return self._serializer.dumps(token)

    def loads(self, value: str | None) -> str | None:
        if not value:
            return None
        try:
            token = self._serializer.loads(value)
        except BadSignature:
            return None
        return token if isinstance(token, str) else None


def tokens_match(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of CSRF tokens; a missing token never matches."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def new_token() -> str:
    return secrets.token_urlsafe(32)


async def submitted_csrf(request: Request) -> str | None:
    """The CSRF token of a state-changing request: the htmx header, else the form field."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def safe_next(target: str | None, default: str = "/inbox") -> str:
    """A same-site path to go to after login or an action; anything else becomes ``default``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(c) < 0x20 for c in target):
        return default
    return target
