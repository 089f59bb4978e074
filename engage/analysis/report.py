"""Rendering the what-works report: a self-contained HTML page and a Markdown version.

Same house style and escaping as the weekly summary (``engage.reports.render``: Jinja2 autoescape in
HTML, the ``md`` filter in Markdown); the only markup marked safe is the chart SVG our own code drew.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from engage.analysis import charts
from engage.analysis.definitions import ANSWER_BANDS, DEFINITIONS, NOT_ANSWERED, SMALL_SAMPLE
from engage.analysis.whatworks import WhatWorks
from engage.reports.render import _environment


def last_day(report: WhatWorks) -> datetime:
    """The last local day the report covers (``until`` is exclusive: midnight after it)."""
    return (report.until - timedelta(microseconds=1)).astimezone(ZoneInfo(report.tz_name))


def _context(report: WhatWorks) -> dict[str, Any]:
    tz = ZoneInfo(report.tz_name)
    return {
        "r": report,
        "since": report.since.astimezone(tz).strftime("%Y-%m-%d"),
        "until": last_day(report).strftime("%Y-%m-%d"),
        "generated": report.generated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z"),
        "definitions": DEFINITIONS,
        "small": SMALL_SAMPLE,
        "bands": [label for _, label in ANSWER_BANDS] + [NOT_ANSWERED],
    }


def report_charts(report: WhatWorks) -> dict[str, Markup]:
    types = report.types
    svgs = {
        "types": charts.interval_chart("Public replies per post, by post type (95% interval)",
                                       [t.post_type for t in types], [t.replies_per_post for t in types],
                                       "ww-types", "replies per post"),
        "dose": charts.interval_chart("Later sentiment by time to first answer (95% interval, unadjusted)",
                                      [d.label for d in report.dose], [d.later for d in report.dose], "ww-dose",
                                      "later sentiment (-1 to +1)", reference=0.0),
        "balance": (charts.balance_chart(report.effect.covariates, report.effect.smd_before, report.effect.smd_after)
                    if report.effect and report.effect.smd_before else ""),
    }
    return {k: Markup(v) for k, v in svgs.items()}  # noqa: S704 - our own SVG, from numbers and config names


def render_html(report: WhatWorks) -> str:
    return _environment(True).get_template("what_works.html").render(**_context(report), charts=report_charts(report))


def render_markdown(report: WhatWorks) -> str:
    return _environment(False).get_template("what_works.md").render(**_context(report))


def write_report(report: WhatWorks, out: Path) -> list[Path]:
    """Write ``what-works-<since>-<until>.html`` and ``.md`` into ``out``; return both paths."""
    out.mkdir(parents=True, exist_ok=True)
    tz = ZoneInfo(report.tz_name)
    stem = f"what-works-{report.since.astimezone(tz):%Y-%m-%d}-{last_day(report):%Y-%m-%d}"
    html_path, md_path = out / f"{stem}.html", out / f"{stem}.md"
    html_path.write_text(render_html(report), encoding="utf-8")
    md_path.write_text(render_markdown(report), encoding="utf-8")
    return [html_path, md_path]
