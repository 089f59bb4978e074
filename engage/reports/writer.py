"""Writing the weekly summary: build it, render it to HTML and Markdown files, mail it when asked.

The floor above ``weekly`` (the figures) and ``render`` (the formatting), so neither imports the other
to get the job done.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from engage.config import Config
from engage.errors import EngageError
from engage.reports.mail import send_report
from engage.reports.render import render_html, render_markdown
from engage.reports.weekly import build_weekly, resolve_week
from engage.store import Store

log = logging.getLogger(__name__)


class ReportExists(EngageError):
    """The week's report is already written and replacing it was not asked for; one line naming it."""


def write_weekly_report(
    store: Store, config: Config, week: str | None = None, *, mail: bool = False, now: datetime | None = None,
    overwrite: bool = True,
) -> list[Path]:
    """Render the weekly summary to ``<reports_path>/weekly-<week>.html`` and ``.md``; return both paths.

    With ``mail=True`` the summary is also mailed when ``reports.smtp`` is configured (the daemon's
    scheduled job); without SMTP settings it is only written, and the log says so. A report already
    written is replaced only with ``overwrite`` (and the log says so), else :class:`ReportExists`:
    figures change as late replies arrive, so a report someone already read is never lost silently.
    """
    period = resolve_week(config, week, now)
    out = config.reports_path
    html_path, md_path = out / f"weekly-{period.key}.html", out / f"weekly-{period.key}.md"
    existing = [p for p in (html_path, md_path) if p.exists()]
    if existing and not overwrite:
        raise ReportExists(f"{existing[0]}: already written (--force replaces it)")
    report = build_weekly(store, config, period, now=now)
    out.mkdir(parents=True, exist_ok=True)
    html, markdown = render_html(report), render_markdown(report)
    html_path.write_text(html, encoding="utf-8")
    md_path.write_text(markdown, encoding="utf-8")
    log.info("weekly report %s %s %s", period.key, "replaced in" if existing else "written to", html_path)
    if mail:
        if config.reports.smtp is None:
            log.info("weekly report %s: no reports.smtp settings, not mailed", period.key)
        else:
            send_report(config, f"{config.department.name}: weekly summary {period.key}", html, markdown,
                        html_path.name)
    return [html_path, md_path]
