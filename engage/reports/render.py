"""Rendering the weekly summary: HTML (autoescaped Jinja2, inline SVG) and Markdown for email bodies.

Public text is hostile input. In HTML, Jinja2's autoescape turns any markup in a reply into inert
text; only the chart SVG made by our own code is marked safe. In Markdown, public text is flattened
to one line and made inert for CommonMark and GFM renderers alike (see :func:`md`), so a mail client
that renders the Markdown cannot be made to show a link, an image or a tag, while the Markdown read
as plain text still shows the reply as it was posted.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from engage.metrics.definitions import ACTIONABLE_NOTE, DEFINITIONS, KM_MEDIAN_NOTE, METRICS_VERSION, SMALL_SAMPLE
from engage.reports import charts
from engage.reports.formatting import duration, duration_range, number, pct, pct_range, signed, signed_range
from engage.reports.weekly import WeeklyReport

# Characters that open inline markup wherever they stand: escapes, code, emphasis, links and images
# (``![`` needs the bracket), table cells, strikethrough. Others ( ``(`` ``#`` ``+`` ``!`` ...) are
# inert mid-line, and escaping them only litters the plain-text reading with backslashes.
MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
# Block markers matter only at the start of the text (a heading, quote, list item or rule inside the
# list item or quote the template puts the text in).
MD_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+](?=\s|$)|-(?=(?:\s*-){2,}\s*$))")
MD_ORDERED_START = re.compile(r"^(\d{1,9})(?=[.)](?:\s|$))")
# Where an autolink, a raw tag or an entity could start; a WORD JOINER (invisible, no line break)
# goes at each such point, and both renderer families then see plain text.
MD_LINK_POINTS = re.compile(
    "|".join([
        r"(?<=[.])(?=[^\W\d_])",  # after a dot before a domain label (linkify's bare ``example.com``)
        r"(?<=[Ww]{3})(?=\.)",  # inside ``www.`` (GFM accepts any character after it)
        r"(?<=[A-Za-z]:)(?=\S)",  # after the colon of a scheme (``https:``, ``mailto:``)
        r"(?<=@)(?=\S)",  # inside an address
        r"(?<=<)(?=[A-Za-z/!?])",  # before a tag name (and ``<https:...>`` autolinks)
        r"(?<=&)(?=#?\w+;)",  # before an entity name
    ])
)
WORD_JOINER = "\u2060"


def md(text: Any) -> str:  # noqa: ANN401 - any value a template prints
    """Public text made inert for Markdown: no link, image, tag, entity or emphasis can come of it.

    Flattened to one line; inline markup characters backslash-escaped; a leading block marker
    escaped; and a word joiner placed where an autolink, tag or entity would start (a backslash
    cannot stop GFM's autolinks, and would show when the Markdown is read as plain text).
    """
    flat = " ".join(str(text).split())
    escaped = MD_INLINE.sub(r"\\\1", flat)
    escaped = MD_ORDERED_START.sub(r"\1\\", MD_BLOCK_START.sub(r"\\\g<0>", escaped))
    return MD_LINK_POINTS.sub(WORD_JOINER, escaped)


def _environment(autoescape: bool) -> Environment:
    """Jinja2 with the report filters. Compiled templates are cached on disk (Jinja2's per-user cache in
    the temp folder, checked against the template's source), which saves a third of a second per report."""
    env = Environment(
        loader=PackageLoader("engage.reports", "templates"),
        bytecode_cache=FileSystemBytecodeCache(),
        autoescape=select_autoescape(["html"]) if autoescape else False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(pct=pct, pct_range=pct_range, duration=duration, duration_range=duration_range,
                       signed=signed, signed_range=signed_range, number=number, md=md)
    return env


def _context(report: WeeklyReport) -> dict[str, Any]:
    def when(instant: datetime, fmt: str = "%a %d %b %H:%M") -> str:
        return report.local(instant).strftime(fmt)

    return {
        "r": report,
        "this": report.this.row,
        "last": report.last.row,
        "week_label": report.week.label(report.local(report.week.start).tzinfo),
        "generated": when(report.generated_at, "%Y-%m-%d %H:%M %Z"),
        "when": when,
        "version": METRICS_VERSION,
        "definitions": DEFINITIONS,
        "actionable_note": ACTIONABLE_NOTE,
        "km_median_note": KM_MEDIAN_NOTE,
        "small": SMALL_SAMPLE,
        "sentiment_total": sum(t.classified for t in report.topics),
    }


def render_html(report: WeeklyReport) -> str:
    """The self-contained HTML page (inline CSS and SVG; no scripts, no external requests)."""
    svgs = {
        "trend": charts.sentiment_trend(report.trend),
        "topics": charts.topics_by_sentiment(report.topics) if report.topics else "",
        "frt": charts.response_curve(report.this.survival, report.last.survival, report.sla_hours,
                                     (f"this week ({report.week.key})", f"last week ({report.previous.key})")),
    }
    # Our own SVG, drawn from numbers and config-validated names: the only markup marked safe.
    charts_safe = {k: Markup(v) for k, v in svgs.items()}  # noqa: S704
    return _environment(True).get_template("weekly.html").render(**_context(report), charts=charts_safe)


def render_markdown(report: WeeklyReport) -> str:
    """The plain-text/Markdown version for the email body."""
    return _environment(False).get_template("weekly.md").render(**_context(report))
