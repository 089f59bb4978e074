"""What every page of the web app shares: its settings, its Jinja2 environment and ``render``.

One floor below ``engage.web.app`` (which assembles the app) and the routers in ``views`` and
``dashboard`` (which render pages), so the routers need not import the app that includes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from engage.config import Config
from engage.reports.formatting import duration, number, pct, pct_range, signed, signed_range
from engage.timeutil import from_db
from engage.web.links import original_link
from engage.web.security import CookieSigner
from engage.web.text import clean_text

HERE = Path(__file__).resolve().parent


@dataclass
class WebSettings:
    """What the request handlers need besides the request: config, database, secret, clock."""

    config: Config
    db_path: Path
    signer: CookieSigner
    clock: Callable[[], datetime]
    poll_seconds: int = 20

    @property
    def secure_cookies(self) -> bool:
        return self.config.web.secure_cookies


def format_age(hours: float) -> str:
    if hours < 1:
        return f"{max(int(hours * 60), 0)} min"
    if hours < 48:
        return f"{hours:.0f} h"
    return f"{hours / 24:.0f} d"


def build_templates(config: Config) -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name: public text is hostile
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    tz = config.department.tz
    env.filters["clean"] = clean_text
    env.filters["age"] = format_age
    env.filters["local"] = lambda dt: dt.astimezone(tz).strftime("%Y-%m-%d %H:%M") if dt else ""
    env.filters["dbtime"] = lambda text: from_db(text).astimezone(tz).strftime("%Y-%m-%d %H:%M") if text else ""
    env.globals["original_link"] = lambda platform, native_id, root_uid: original_link(
        platform, native_id, root_uid, credentials=config.credentials
    )
    env.globals["department"] = config.department.name
    env.globals["active"] = ""
    env.filters.update(pct=pct, pct_range=pct_range, duration=duration, signed=signed, signed_range=signed_range,
                       number=number)
    return Jinja2Templates(env=env)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """Render ``name`` with the session's user and CSRF token available to every template."""
    session = request.state.session
    base = {
        "user": session.user if session else None,
        "csrf_token": session.csrf_token if session else "",
    }
    return request.app.state.templates.TemplateResponse(
        request, name, base | context, status_code=status_code
    )
