"""``engage report``: the metrics table (for researchers and comms leads) and the weekly summary.

Heavy imports (numpy, pygal, jinja2) happen inside the commands so ``engage --help`` stays instant.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from engage.context import DEFAULT_CONFIG, CommandGroup, ConfigOpt, DbOpt, app_context, fail
from engage.metrics.definitions import METRICS_VERSION

report_app = typer.Typer(
    cls=CommandGroup,
    help=(
        "Reports: `metrics` prints response, engagement and sentiment figures per week, day, platform, account "
        "or topic; `weekly` writes the one-page leadership summary (HTML + Markdown) to the reports folder; "
        "`what-works` answers which posts invite conversation and whether answering helps."
    ),
    no_args_is_help=True,
)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


TABLE_COLUMNS = (
    ("period", "period"), ("platform", "platform"), ("account", "account"), ("topic", "topic"),
    ("public_replies", "replies"), ("actionable", "actionable"), ("response_rate", "resp. rate"),
    ("answered_elsewhere", "answered elsewhere"),
    ("sla_rate", "in SLA"), ("frt_median_h", "FRT median h (KM)"), ("frt_p90_h", "FRT p90 h (KM)"),
    ("frt_naive_median_h", "naive median h"), ("net_sentiment", "net sent."),
    ("department_posts", "dept posts"), ("engagement", "engagement"), ("conversation_ratio", "conv. ratio"),
)


def _cell(name: str, value: object) -> str:
    if value is None:
        return "–"
    if name in ("response_rate", "sla_rate"):
        return f"{value:.0%}"
    if name == "net_sentiment":
        return f"{value:+.2f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _require_engage_database(path: Path) -> None:
    """Reports read figures: a missing, empty or foreign database is an error, never initialised as empty."""
    from engage.dbcheck import engage_schema_version

    engage_schema_version(path)


@report_app.command()
def metrics(
    since: Annotated[str | None, typer.Option(help="Start: a date (2026-10-01), an ISO week (2026-W40) or an "
                                              "ISO time with offset. Default: 12 weeks ago.")] = None,
    until: Annotated[str | None, typer.Option(help="End, inclusive for a date or week. Default: now.")] = None,
    by: Annotated[list[str] | None, typer.Option(
        help="Group by week | day | platform | account | topic; repeat or comma-separate (week,platform).")] = None,
    format: Annotated[Format, typer.Option("--format", help="table, csv or json (every figure).")] = Format.table,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Response rate, first response time (Kaplan-Meier and naive), SLA, engagement and net sentiment.

    Periods are ISO weeks or days in the department's time zone, whole periods (the range is widened
    to the Monday / midnight before --since). csv and json carry every figure with its 95% interval
    and the definitions version (e.g. metrics: v2).
    """
    from engage.metrics import DIMENSIONS, compute_metrics
    from engage.metrics.periods import parse_bound, shift_week, week_of
    from engage.timeutil import utcnow

    ctx = app_context(config, db)
    _require_engage_database(ctx.db_path)
    tz = ctx.config.department.tz
    dims = [d.strip() for item in (by or ["week"]) for d in item.split(",") if d.strip()]
    bad = [d for d in dims if d not in DIMENSIONS]
    if bad:
        fail(f"--by {bad[0]!r}: use one or more of {', '.join(DIMENSIONS)}", code=2)
    now = utcnow()
    try:
        start = parse_bound(since, tz, end=False) if since else shift_week(week_of(now, tz), -11, tz).start
        stop = parse_bound(until, tz, end=True) if until else now
    except ValueError as exc:
        fail(str(exc), code=2)
    if stop <= start:
        fail(f"--until ({stop.isoformat()}) must be after --since ({start.isoformat()})", code=2)
    with ctx.store() as store:
        try:
            rows = [r.as_dict() for r in compute_metrics(store, ctx.config, start, stop, dims, now=now)]
        except ValueError as exc:
            fail(str(exc), code=2)
    if format is Format.json:
        typer.echo(json.dumps({"metrics_version": rows[0]["metrics_version"] if rows else None,
                               "timezone": ctx.config.department.timezone, "rows": rows}, indent=1))
    elif format is Format.csv:
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        sys.stdout.write(buffer.getvalue())
    else:
        from rich.console import Console
        from rich.table import Table

        shown = [(k, h) for k, h in TABLE_COLUMNS if k not in ("platform", "account", "topic") or k in dims]
        table = Table(title=f"engage metrics ({ctx.config.department.timezone}, metrics: {METRICS_VERSION})",
                      show_lines=False)
        for key, header in shown:
            table.add_column(header, justify="left" if key in ("period", "platform", "account", "topic") else "right")
        for row in rows:
            table.add_row(*(_cell(k, row[k]) for k, _ in shown))
        console = Console(width=max(160, Console().width))
        console.print(table)
        console.print("Response rate counts only actionable replies; praise, emoji-only, spam and abuse are not "
                      "owed an answer. FRT in hours; KM = Kaplan-Meier with unanswered replies censored; "
                      "– = not reached or undefined.")


@report_app.command()
def weekly(
    week: Annotated[str | None, typer.Option(help="ISO week, e.g. 2026-W47 (default: the last full week).")] = None,
    mail: Annotated[bool, typer.Option("--mail", help="Also mail it (needs reports.smtp in config).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the week's report if already written.")] = False,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Write the weekly leadership summary: a self-contained HTML page and a Markdown version for email."""
    from engage.metrics.periods import parse_week
    from engage.reports.mail import MailError
    from engage.reports.writer import write_weekly_report

    ctx = app_context(config, db)
    _require_engage_database(ctx.db_path)
    if week is not None:
        try:
            parse_week(week)
        except ValueError as exc:
            fail(str(exc), code=2)
    if mail and ctx.config.reports.smtp is None:
        fail("--mail: no reports.smtp settings in config", code=2)
    with ctx.store() as store:
        try:
            paths = write_weekly_report(store, ctx.config, week, mail=mail, overwrite=force)
        except MailError as exc:
            fail(f"{exc} (the report files were written)")
        except OSError as exc:
            fail(f"cannot write the report: {exc}")
    for path in paths:
        typer.echo(f"wrote {path}")


from engage.analysis.cli import what_works  # noqa: E402 - registered beside the reports above

report_app.command("what-works")(what_works)

if __name__ == "__main__":
    report_app()
