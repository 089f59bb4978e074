"""The "What works" page: the what-works report's figures for the last year, for every signed-in role.

Read-only (viewers such as a chief or a research partner see it as admins do). The figures come from
``engage.analysis.whatworks``, the same code as ``engage report what-works``, so page and report never
disagree. Computing them reads a year of threads, so the result is kept for ``CACHE_SECONDS``.
"""

from __future__ import annotations

import base64
import threading
import time
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from engage.store import Store, connect
from engage.web.pages import WebSettings, render

router = APIRouter()
CACHE_SECONDS = 600
DAYS = 365
_lock = threading.Lock()
_cache: dict[str, tuple[float, Any, dict[str, str]]] = {}


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _build(settings: WebSettings, now: datetime) -> tuple[Any, dict[str, str]]:
    from engage.analysis.report import report_charts
    from engage.analysis.whatworks import what_works

    config = settings.config
    with Store(connect(settings.db_path), settings.db_path) as store:
        report = what_works(store, department=config.department.name, tz_name=config.department.timezone,
                            since=now - timedelta(days=DAYS), until=now, now=now)
    return report, {k: _data_uri(str(v)) for k, v in report_charts(report).items() if v}


def cached_report(settings: WebSettings) -> tuple[Any, dict[str, str]]:
    """The report of the last year, rebuilt at most every ``CACHE_SECONDS`` (one build at a time)."""
    key = str(settings.db_path.resolve())
    with _lock:
        hit = _cache.get(key)
        if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
            return hit[1], hit[2]
        report, charts = _build(settings, settings.clock())
        _cache[key] = (time.monotonic(), report, charts)
        return report, charts


@router.get("/what-works", response_class=HTMLResponse)
def what_works_page(request: Request) -> Response:
    from engage.analysis.definitions import DEFINITIONS, SMALL_SAMPLE

    report, charts = cached_report(request.app.state.settings)
    return render(request, "what_works.html", {"active": "what-works", "r": report, "charts": charts,
                                                "definitions": DEFINITIONS, "small": SMALL_SAMPLE})
