"""The ``engage`` command line: one entry point, subcommands for every job, one-line failures.

Heavy imports (torch, the web server, numpy) happen inside the commands that need them, so
``engage --help`` and ``engage status`` stay instant.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from engage import importing
from engage.alerts.cli import alerts_app
from engage.alerts.cli import handover as handover_command
from engage.config import load_config
from engage.context import (
    DEFAULT_CONFIG,
    CommandGroup,
    ConfigOpt,
    DbOpt,
    app_context,
    env_is_set,
    fail,
    known_platform,
    platform_help,
)
from engage.daemon import cli as daemon_cli
from engage.daemon.logs import FORMATTER
from engage.errors import EngageError
from engage.export.cli import export_app
from engage.platforms import platform_names
from engage.progress import progress_bar
from engage.reports.cli import report_app
from engage.retention_cli import retention_app
from engage.triage_cli import triage_app
from engage.web import cli as web_cli

app = typer.Typer(
    cls=CommandGroup,
    name="engage",
    help=(
        "Monitor your department's two-way conversations on social media: collect posts and replies, "
        "classify the public's replies, triage them, and report response times and sentiment.\n\n"
        "Start with `engage demo` to see it on a fictional department, or `engage init` to write a config."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log debug details to stderr.")] = False,
) -> None:
    stderr = logging.StreamHandler()
    stderr.setFormatter(FORMATTER)  # ISO 8601 UTC, as `engage run` logs (README, "Logs")
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[stderr])
    for noisy in ("httpx", "urllib3", "filelock", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the config.")] = Path(DEFAULT_CONFIG),
    department: Annotated[str | None, typer.Option(help="The department's name (asked if not given).")] = None,
    timezone: Annotated[str | None, typer.Option(help="Its IANA time zone, e.g. America/New_York (asked).")] = None,
    account: Annotated[
        list[str] | None,
        typer.Option(help="An account as platform:handle, e.g. x:LakesidePD; repeat for more (asked)."),
    ] = None,
    sample_data: Annotated[
        bool, typer.Option(help="Also write a sample CSV (into the inbox folder) and JSONL of replies to import.")
    ] = False,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a config.yaml for your department (documented inline); accounts without credentials start disabled."""
    from engage.starter import parse_account, render_config, write_samples

    if path.exists() and not force:
        fail(f"{path}: already exists (use --force to overwrite)")
    name = department or typer.prompt("Department name")
    zone = timezone or typer.prompt("Time zone (IANA, e.g. America/New_York)", default="UTC")
    if account is None:
        answer = typer.prompt("Accounts as platform:handle, comma-separated (blank: import files only)",
                              default="", show_default=False)
        account = [a for a in answer.split(",") if a.strip()]
    accounts = [parse_account(a) for a in account]
    text = render_config(name, zone, accounts)
    path.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {path} for {' '.join(name.split())} ({zone}); accounts without credentials are disabled "
               "(see the comments beside them); check it with `engage doctor`")
    if sample_data:
        for written in write_samples(path.parent, accounts[0] if accounts else None, zone):
            typer.echo(f"wrote {written}")
        typer.echo("import the sample with `engage collect --platform file`, then `engage report weekly "
                   "--week 2026-W47`")


@app.command()
def collect(
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
    platform: Annotated[
        list[str] | None, typer.Option(help=platform_help(then="; repeat for more."), parser=known_platform)
    ] = None,
    account: Annotated[
        list[str] | None, typer.Option(help="Only this account handle (any case); repeat for more.")
    ] = None,
    allow_partial: Annotated[
        bool, typer.Option(help="Exit 0 even when an import skipped bad lines (they are listed either way).")
    ] = False,
) -> None:
    """Collect new posts, replies and mentions for the configured accounts (once; `engage run` schedules it).

    An import that skipped lines exits 1 with their count (the good lines are stored), unless --allow-partial.
    """
    from engage.collect import collect_account
    from engage.collect_cli import fail_if_skipped, select_accounts, skipped_files

    ctx = app_context(config, db)
    accounts = select_accounts(ctx.config, config, platform or [], account or [])
    failed = skipped = 0
    moved_to_done: list[str] = []
    with ctx.store() as store:
        store.sync_accounts([a.model_dump() for a in ctx.config.accounts])
        for acc in accounts:
            summary = collect_account(store, ctx.config, acc)
            typer.echo(summary.line())
            failed += summary.outcome == "error"
            skipped += len(summary.rejected)
            inbox = ctx.config.resolve(acc.path) if acc.path else None
            if inbox is not None and inbox.is_dir():
                moved_to_done += skipped_files(summary.rejected, inbox)
    if failed:
        fail(f"{failed} of {len(accounts)} accounts failed (see the error= lines above)")
    fail_if_skipped(skipped, allow_partial, moved_to_done)


@app.command()
def classify(config: ConfigOpt = Path(DEFAULT_CONFIG), db: DbOpt = None) -> None:
    """Classify every public reply not yet labelled by the current models (sentiment, topics, flags), and the
    department's own posts (post type, topic)."""
    from engage.analysis.post_types import label_department_posts
    from engage.classify import classify_pending, load_suite_from_config

    ctx = app_context(config, db)
    with ctx.store() as store:
        suite = load_suite_from_config(ctx.config, store)
        with progress_bar("classifying") as update:
            summary = classify_pending(store, suite, progress=update)
        posts = label_department_posts(store, suite, ctx.config)
    typer.echo(f"{summary.line()} department_posts={posts}")


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder for the demo database, reports and screenshots.")] = Path(
        "demo-output"
    ),
    config: ConfigOpt = Path(DEFAULT_CONFIG),
) -> None:
    """Load the fictional Riverton Police Department, classify it, and print its headline figures."""
    from engage.demo import run_demo

    run_demo(load_config(config), out)


@app.command(name="eval")
def eval_(
    task: Annotated[str, typer.Option(help="sentiment, topics, needs_response, urgent or abusive.")] = "sentiment",
    data: Annotated[
        Path | None,
        typer.Option(help="SemEval TSV or a TweetEval *_text.txt (sentiment, abusive); default: the shipped set."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object as the last line.")] = False,
    loco: Annotated[bool, typer.Option("--loco", help="urgent: leave-one-category-out figures of the card.")] = False,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
) -> None:
    """Measure a classifier on labelled data: macro-recall, macro-F1, accuracy, confusion matrix, texts/s."""
    from engage.evaluation import run_eval

    result = run_eval(load_config(config), task, data, loco=loco)
    if as_json:
        typer.echo(result.get("table", ""))
        typer.echo(json.dumps({k: v for k, v in result.items() if k != "table"}, sort_keys=True))
    else:
        typer.echo(result.get("table", json.dumps(result, indent=2)))


@app.command()
def doctor(config: ConfigOpt = Path(DEFAULT_CONFIG), db: DbOpt = None) -> None:
    """Check the config, the database schema, the models and which credential variables are set."""
    from engage.dbcheck import doctor_report
    from engage.platform_check import platform_report

    ctx = app_context(config, db)
    typer.echo(f"config   {config}: ok ({len(ctx.config.accounts)} accounts, {len(ctx.config.topics)} topics)")
    lines, problems = doctor_report(ctx.config, ctx.db_path)  # reads only: never creates the database
    for line in lines:
        typer.echo(line)
    platform_lines, platform_problems = platform_report(ctx.config, os.environ)
    for line in platform_lines:
        typer.echo(line)
    problems += platform_problems
    for channel, names in ctx.config.alerts.env_names().items():
        for name in names:  # an unset alert channel shows in `engage alerts list`; not a doctor failure
            typer.echo(f"secret   alerts {channel}: {name} {'set' if env_is_set(name) else 'NOT SET'}")
    try:
        importlib.import_module("models")
        from models.encoder import default_cache_dir, minilm_dir

        runtime = ctx.config.models.runtime
        cache = f" (graphs cached in {default_cache_dir()})" if runtime == "onnx" else ""
        typer.echo(f"models   encoder at {minilm_dir()}; sentiment={ctx.config.models.sentiment}; "
                   f"runtime={runtime}{cache}")
    except Exception as exc:  # doctor reports, it does not crash
        problems += 1
        typer.echo(f"models   NOT AVAILABLE: {type(exc).__name__}: {exc}")
    if shutil.which("chromium") is None:
        typer.echo("browser  chromium not found (only needed for screenshots and browser tests)")
    if problems:
        fail(f"{problems} problem(s) found")


app.add_typer(report_app, name="report", help="Figures by period/platform/topic, and the weekly summary.")
app.command("serve")(web_cli.serve)
app.add_typer(web_cli.users_app, name="users", help="Web accounts: add, list, remove (roles admin, responder, viewer).")
app.add_typer(triage_app, name="triage", help="The inbox in the terminal: list, set, assign, note, correct.")
app.add_typer(export_app, name="export", help="Pseudonymised research exports with codebook and manifest.")
app.add_typer(retention_app, name="retention", help="Apply retention_days; forget records listed by a compliance feed.")
app.command("import")(importing.import_)
app.command()(daemon_cli.run)
app.command()(daemon_cli.status)
app.add_typer(alerts_app, name="alerts", help="Alerts: send a rule's test message, list recent alerts and deliveries.")
app.command("handover")(handover_command)


def main() -> None:
    try:
        platform_names()  # load the connector plug-ins before typer builds the commands from them
    except EngageError as exc:
        print(f"engage: {exc.message}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    app()
