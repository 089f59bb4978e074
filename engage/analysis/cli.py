"""``engage report what-works``: the what-works report (HTML + Markdown), or its figures as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from engage.context import DEFAULT_CONFIG, ConfigOpt, DbOpt, app_context, fail

DEFAULT_DAYS = 365


def what_works(
    since: Annotated[str | None, typer.Option(help="Start: a date (2026-01-01), an ISO week or an ISO time with "
                                              "offset. Default: a year before --until.")] = None,
    until: Annotated[str | None, typer.Option(help="End, inclusive for a date or week. Default: now.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object instead.")] = False,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Which posts invite conversation, does answering help, is it changing: with 95% intervals.

    Department posts without a post-type label are labelled first (the models load only then). The
    answer effect is an association adjusted for the listed factors, not an experiment.
    """
    from datetime import timedelta

    from engage.analysis.post_types import label_pending_posts
    from engage.analysis.whatworks import as_json as to_json
    from engage.analysis.whatworks import what_works as analyse
    from engage.metrics.periods import parse_bound
    from engage.timeutil import utcnow

    ctx = app_context(config, db)
    tz = ctx.config.department.tz
    now = utcnow()
    try:
        stop = parse_bound(until, tz, end=True) if until else now
        start = parse_bound(since, tz, end=False) if since else stop - timedelta(days=DEFAULT_DAYS)
    except ValueError as exc:
        fail(str(exc), code=2)
    if stop <= start:
        fail(f"--until ({stop.isoformat()}) must be after --since ({start.isoformat()})", code=2)
    with ctx.store() as store:
        labelled = label_pending_posts(store, ctx.config)
        report = analyse(store, department=ctx.config.department.name, tz_name=ctx.config.department.timezone,
                         since=start, until=stop, now=now)
    if as_json:
        typer.echo(json.dumps(to_json(report), indent=1))
        return
    from engage.analysis.report import write_report

    if labelled:
        typer.echo(f"labelled {labelled} department posts (post type and topic)")
    try:
        paths = write_report(report, ctx.config.reports_path)
    except OSError as exc:
        fail(f"cannot write the report: {exc}")
    for path in paths:
        typer.echo(f"wrote {path}")
