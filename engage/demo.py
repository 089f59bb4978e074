"""``engage demo``: the whole pipeline on the fictional Riverton Police Department.

It runs exactly the production code path (file connector -> store -> models -> store -> metrics and
reports), so a new user sees what the product does, and a reviewer sees it work, in one command.
Re-running is idempotent: the import resumes from its cursors and classification skips what the
current models already labelled.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table

from connectors.base import AccountRef, CollectContext, Page
from connectors.file import FileConnector
from engage.analysis.post_types import label_department_posts
from engage.classify import classify_pending, load_suite_from_config
from engage.collect import run_connector
from engage.config import Config
from engage.context import fail
from engage.progress import progress_bar
from engage.store import Store, UpsertCounts

log = logging.getLogger(__name__)

DEMO_FIRST_WEEK, DEMO_WEEK = "2026-W39", "2026-W47"  # the demo data's ISO weeks (department time zone)


def demo_files() -> list[Path]:
    folder = resources.files("engage").joinpath("demo_data")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".jsonl"))


def import_demo(store: Store) -> int:
    """Load the shipped demo JSONL files through the file connector; returns records fetched."""
    files = demo_files()
    total = sum(sum(1 for _ in p.open(encoding="utf-8")) for p in files)
    fetched = 0
    with progress_bar("importing demo data") as update:
        update(0, total)

        def on_page(page: Page, counts: UpsertCounts) -> None:
            nonlocal fetched
            fetched += len(page.records)
            update(min(total, fetched), total)

        for path in files:
            ctx = CollectContext(account=AccountRef("file", "demo"), cursors=store.get_cursors("file", "demo"))
            summary = run_connector(store, FileConnector(path, move_done=False), ctx, on_page=on_page)
            if summary.outcome == "error":
                fail(f"demo import failed: {summary.error}")
        update(total, total)
    return fetched


def run_demo(config: Config, out: Path) -> None:
    console = Console()
    out.mkdir(parents=True, exist_ok=True)
    db_path = out / "engage.db"
    with Store.open(db_path) as store:
        store.sync_accounts([a.model_dump() for a in config.accounts if a.platform != "file"])
        import_demo(store)
        console.print("loading the classifiers (first time: a few seconds)...")
        suite = load_suite_from_config(config, store)
        with progress_bar("classifying public replies") as update:
            classify_pending(store, suite, progress=update)
        label_department_posts(store, suite, config)
        _print_summary(console, store, config)
        paths = _write_reports(store, config, out)
    shots = _screenshots(db_path, config, out)
    for p in [*paths, *shots]:
        console.print(f"wrote {p}")
    console.print(f"\nNext: [bold]engage serve --db {db_path}[/bold] and open http://127.0.0.1:8000")


def _print_summary(console: Console, store: Store, config: Config) -> None:
    """The headline figures over the whole demo span, computed by the metrics module."""
    from engage.metrics import METRICS_VERSION, compute_metrics, iso_week

    tz = config.department.tz
    since, until = iso_week(DEMO_FIRST_WEEK, tz).start, iso_week(DEMO_WEEK, tz).end
    (row,) = compute_metrics(store, config, since, until, by=())
    table = Table(title=f"{config.department.name}: {DEMO_FIRST_WEEK} to {DEMO_WEEK} (metrics {METRICS_VERSION})",
                  show_header=False)
    classified = store.count("current_labels", "task = 'sentiment'")
    table.add_row("department posts", str(row.department_posts))
    table.add_row("public replies and mentions", str(row.public_replies))
    table.add_row("department responses", str(row.department_responses))
    table.add_row("public replies classified", str(classified))
    table.add_row("actionable replies (need a response)", str(row.actionable))
    table.add_row("response rate (actionable)", _pct(row.response_rate, row.response_rate_low, row.response_rate_high))
    table.add_row(
        "median first response (Kaplan-Meier)",
        "not reached" if row.frt_median_h is None else f"{row.frt_median_h:.1f} h",
    )
    table.add_row(
        "  naive median (answered only)", "-" if row.frt_naive_median_h is None else f"{row.frt_naive_median_h:.1f} h"
    )
    net = "-" if row.net_sentiment is None else (
        f"{row.net_sentiment:+.2f} (95% CI {row.net_sentiment_low:+.2f} to {row.net_sentiment_high:+.2f}, "
        f"n={row.classified})"
    )
    table.add_row("net sentiment", net)
    console.print(table)


def _pct(value: float | None, low: float | None, high: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0%} (95% CI {low:.0%} to {high:.0%})" if low is not None and high is not None else f"{value:.0%}"


def _write_reports(store: Store, config: Config, out: Path) -> list[Path]:
    from engage.analysis.report import write_report
    from engage.analysis.whatworks import what_works
    from engage.metrics import iso_week
    from engage.reports.writer import write_weekly_report

    demo_config = config.model_copy(update={"data_dir": str(out.resolve())})
    tz = config.department.tz
    report = what_works(store, department=config.department.name, tz_name=config.department.timezone,
                        since=iso_week(DEMO_FIRST_WEEK, tz).start, until=iso_week(DEMO_WEEK, tz).end)
    return [*write_weekly_report(store, demo_config, DEMO_WEEK), *write_report(report, demo_config.reports_path)]


def _screenshots(db_path: Path, config: Config, out: Path) -> list[Path]:
    from engage.web.screenshots import take_screenshots

    return take_screenshots(db_path, config, out)
