"""Dashboard (this week and last, with the weekly report's charts) and the list of generated reports.

The figures and charts come from ``engage.reports.weekly.build_weekly`` and ``engage.reports.charts``
(which use ``engage.metrics``), so the dashboard and the leadership report can never disagree.
Building them reads every reply of the trend weeks (seconds at a busy desk), so the result is
cached per week for a few minutes and warmed in the background when the server starts.
"""

from __future__ import annotations

import base64
import logging
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse
from starlette.responses import Response

from engage import triage
from engage.config import Config
from engage.store import Store, connect
from engage.timeutil import from_db, to_db
from engage.web.pages import WebSettings, render

log = logging.getLogger(__name__)
router = APIRouter()

CACHE_SECONDS = 300
REPORT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.(html|md|pdf|csv|json|parquet|png|svg)$")
# A generated report has its own inline CSS and SVG; it gets no script and a sandbox of its own.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


@dataclass
class DashboardData:
    report: Any  # engage.reports.weekly.WeeklyReport (imported lazily: numpy, pygal)
    charts: dict[str, str]  # name -> data: URI of the SVG
    built_at: datetime
    current: bool  # False: no replies this week yet, so the week of the latest reply is shown


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def build_dashboard(db_path: Path, config: Config, now: datetime) -> DashboardData:
    """This week (so far) against last week, and the weekly report's three charts.

    With no public reply this week yet (a quiet Monday morning, or an old database) the week of
    the latest reply is shown instead, and the page says so.
    """
    from engage.metrics import periods as P
    from engage.reports import charts
    from engage.reports.weekly import build_weekly

    tz = config.department.tz
    week = P.week_of(now, tz)
    with Store(connect(db_path), db_path) as store:
        latest = store.db.execute(
            "SELECT max(created_at) FROM posts WHERE is_public_reply = 1 AND created_at < ?", [to_db(week.end)]
        ).fetchone()[0]
        current = latest is None or from_db(latest) >= week.start
        if not current:
            week = P.week_of(from_db(latest), tz)
        report = build_weekly(store, config, week, now=now)
    size = charts.SCREEN
    svgs = {
        "Net sentiment by week": charts.sentiment_trend(report.trend, size),
        "Topics by sentiment": charts.topics_by_sentiment(report.topics, size) if report.topics else "",
        "Time to first response": charts.response_curve(
            report.this.survival, report.last.survival, report.sla_hours,
            (f"this week ({report.week.key})", f"last week ({report.previous.key})"), size,
        ),
    }
    return DashboardData(report, {k: _data_uri(v) for k, v in svgs.items() if v}, now, current)


class DashboardCache:
    """One computed dashboard per ISO week, reused for ``CACHE_SECONDS``; one build at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, DashboardData]] = {}

    def get(self, db_path: Path, config: Config, now: datetime) -> DashboardData:
        from engage.metrics import periods as P

        key = P.week_of(now, config.department.tz).key
        with self._lock:
            hit = self._entries.get(key)
            if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
                return hit[1]
            started = time.monotonic()
            data = build_dashboard(db_path, config, now)
            self._entries = {key: (time.monotonic(), data)}
            log.info("dashboard %s built in %.1f s", key, time.monotonic() - started)
            return data

    def warm(self, settings: WebSettings) -> None:
        """Build the current week's dashboard in a background thread (errors are logged, not raised)."""

        def run() -> None:
            try:
                self.get(settings.db_path, settings.config, settings.clock())
            except Exception:  # a failed warm-up only means the first visit builds it
                log.exception("dashboard warm-up failed")

        threading.Thread(target=run, name="dashboard-warmup", daemon=True).start()


def _cache(request: Request) -> DashboardCache:
    return request.app.state.dashboard_cache


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request) -> Response:
    from engage.metrics.definitions import ACTIONABLE_NOTE, METRICS_VERSION

    settings: WebSettings = request.app.state.settings
    now = settings.clock()
    counts = triage.headline_counts(request.state.store, tz=settings.config.department.tz, now=now)
    data = _cache(request).get(settings.db_path, settings.config, now)
    report = data.report
    return render(request, "dashboard.html", {
        "active": "dashboard",
        "counts": counts,
        "r": report,
        "this": report.this.row,
        "last": report.last.row,
        "charts": data.charts,
        "built_at": data.built_at,
        "current": data.current,
        "version": METRICS_VERSION,
        "actionable_note": ACTIONABLE_NOTE,
    })


# -- reports -------------------------------------------------------------------------------------


def report_dirs(settings: WebSettings) -> list[Path]:
    """Where weekly reports are written: the config's reports folder, and ``reports/`` beside the database
    (where ``engage demo`` puts them)."""
    dirs = [settings.config.reports_path, settings.db_path.resolve().parent / "reports"]
    out: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [o.resolve() for o in out]:
            out.append(d)
    return out


@router.get("/reports", response_class=HTMLResponse)
def reports(request: Request) -> Response:
    settings: WebSettings = request.app.state.settings
    files = []
    for index, folder in enumerate(report_dirs(settings)):
        for path in folder.iterdir():
            if path.is_file() and REPORT_NAME.match(path.name):
                files.append({"name": path.name, "folder": index, "size": path.stat().st_size,
                              "modified": datetime.fromtimestamp(path.stat().st_mtime).astimezone()})
    files.sort(key=lambda f: (f["name"], f["folder"]), reverse=True)
    return render(request, "reports.html", {"active": "reports", "files": files,
                                             "folders": [str(d) for d in report_dirs(settings)]})


@router.get("/reports/{folder}/{name}")
def report_file(request: Request, folder: int, name: str) -> Response:
    settings: WebSettings = request.app.state.settings
    dirs = report_dirs(settings)
    if not REPORT_NAME.match(name) or not 0 <= folder < len(dirs):
        raise HTTPException(404, "no such report")
    path = dirs[folder] / name
    if not path.is_file() or path.resolve().parent != dirs[folder].resolve():
        raise HTTPException(404, "no such report")
    media = {".html": "text/html; charset=utf-8", ".md": "text/plain; charset=utf-8",
             ".csv": "text/plain; charset=utf-8", ".json": "application/json",
             ".svg": "image/svg+xml", ".png": "image/png", ".pdf": "application/pdf"}.get(path.suffix,
                                                                                           "application/octet-stream")
    return FileResponse(path, media_type=media, headers={"Content-Security-Policy": REPORT_CSP})
