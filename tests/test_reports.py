"""The weekly summary and the `report` commands: content, hostile text, gaps, files, CLI, mail."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from connectors.base import Record
from engage.config import Config
from engage.labels import current_labels
from engage.reports.cli import report_app
from engage.reports.render import md
from engage.reports.weekly import build_weekly, mask_handles, resolve_week
from engage.reports.writer import write_weekly_report
from engage.store import Store
from engage.timeutil import to_db

CHI = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> [click](http://evil.example) @jane_doe'


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHI).astimezone(UTC)


def make_config(tmp_path: Path, **extra: object) -> Config:
    data = {
        "department": {"name": "Riverton Police Department", "timezone": "America/Chicago"},
        "accounts": [{"platform": "x", "handle": "RivertonPD"}],
        "response": {"sla_hours": 24, "business_hours": {"days": ["mon", "tue", "wed", "thu", "fri"]}},
        "data_dir": str(tmp_path / "data"),
        **extra,
    }
    return Config.model_validate(data)


def label(store: Store, task: str, labels: dict[str, list[str]], model_id: str) -> None:
    store.activate_model(task, model_id, sorted({x for v in labels.values() for x in v}))
    store.save_classifications([
        {"uid": uid, "task": task, "model_id": model_id, "label": lab, "scores": {lab: 0.8}}
        for uid, labs in labels.items() for lab in labs
    ])


@pytest.fixture
def populated(store: Store, make_record: Callable[..., Record]) -> Store:
    """W47 (16-22 Nov 2026): a post, a hostile reply (urgent, unanswered), a praise reply (answered),
    and one reply in W46 for the comparison."""
    mk = make_record
    with store.db.conn:
        store.upsert_records([
            mk("p1", is_department=True, kind="post", text="Road closed on Main St <b>today</b>",
               created_at=local(2026, 11, 17, 8),
               metrics={"likes": 5, "replies": 2, "reposts": 1, "quotes": 0, "views": 400}),
            mk("r1", parent_uid="x:p1", text=HOSTILE, author_handle="evil_handle", created_at=local(2026, 11, 17, 9)),
            mk("r2", parent_uid="x:p1", text="Thank you officers!", author_handle="kind_handle",
               created_at=local(2026, 11, 17, 10)),
            mk("d2", is_department=True, parent_uid="x:r2", created_at=local(2026, 11, 17, 11)),
            mk("old", parent_uid="x:p1", text="last week", created_at=local(2026, 11, 10, 9)),
        ])
    label(store, "sentiment", {"x:r1": ["negative"], "x:r2": ["positive"], "x:old": ["neutral"]}, "sent@1")
    label(store, "needs_response", {"x:r1": ["yes"], "x:r2": ["no"], "x:old": ["yes"]}, "nr@1")
    label(store, "urgent", {"x:r1": ["yes"], "x:r2": ["no"], "x:old": ["no"]}, "urg@1")
    label(store, "topics", {"x:r1": ["traffic", "safety"], "x:r2": ["praise"], "x:old": ["traffic"]}, "top@1")
    return store


def test_labels_sql_refuses_unknown_names() -> None:
    with pytest.raises(ValueError):
        current_labels("sentiment'; DROP TABLE posts; --", "r.uid")
    with pytest.raises(ValueError):
        current_labels("sentiment", "r.uid); DROP TABLE posts; --")


def test_weekly_report_content(populated: Store, tmp_path: Path) -> None:
    """W47: 2 public replies, 1 actionable (r1), unanswered -> response rate 0%; r2 answered but praise.
    Net sentiment (1 - 1) / 2 = 0. One urgent item, not handled. Topics: traffic 1, safety 1, praise 1."""
    config = make_config(tmp_path)
    report = build_weekly(populated, config, resolve_week(config, "2026-W47"), now=NOW)
    assert (report.this.row.public_replies, report.this.row.actionable, report.this.row.answered) == (2, 1, 0)
    assert report.this.row.net_sentiment == 0.0
    assert report.last.row.public_replies == 1
    assert report.changes["net_sentiment"].kind == "small"
    assert [(u.handled, u.status) for u in report.urgent] == [(False, "not handled (triage: new)")]
    assert {t.topic: t.public_replies for t in report.topics} == {"traffic": 1, "safety": 1, "praise": 1}
    assert [p.engagement for p in report.top_posts] == [8]
    assert report.top_posts[0].rate == pytest.approx(8 / 400)
    # the sentiment table starts at the first week with classified replies, not ten empty weeks earlier
    assert [w.period for w in report.trend] == ["2026-W46", "2026-W47"]
    assert {q.task: q.model_id for q in report.quality}["sentiment"] == "sent@1"


def test_weekly_html_is_self_contained_and_hostile_text_is_inert(populated: Store, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    html_path, md_path = write_weekly_report(populated, config, "2026-W47", now=NOW)
    assert html_path == config.reports_path / "weekly-2026-W47.html"
    html = html_path.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(" in html
    assert "&lt;b&gt;today&lt;/b&gt;" in html  # department text is escaped too
    assert "evil_handle" not in html and "kind_handle" not in html and "@jane_doe" not in html
    assert "a member of the public" in html
    assert "metrics: v2" in html and "sent@1" in html and "nr@1" in html
    assert "praise, emoji-only, spam and abuse are not owed an answer" in html
    assert html.count("<svg") == 3 and "<?xml" not in html
    # No external requests: no remote sources, links, imports or fonts; only XML namespaces name URLs.
    tags = re.findall(r"<[a-zA-Z][^>]*>", html)
    assert not [t for t in tags if re.search(r"\s(src|href|xlink:href)=\"?(https?:)?//", t)]
    assert not [t for t in tags if t.startswith(("<link", "<a ", "<iframe", "<object"))]
    assert "@import" not in html and "url(http" not in html
    markdown = md_path.read_text(encoding="utf-8")
    assert "<\u2060script>" in markdown and "<script>" not in markdown
    assert "\\[click\\](http:\u2060//evil.\u2060example)" in markdown
    import cmarkgfm  # the whole report through a GFM renderer (autolinks on): no link, no tag from public text
    rendered = cmarkgfm.github_flavored_markdown_to_html(markdown)
    assert "<a " not in rendered and "<script" not in rendered and "raw HTML omitted" not in rendered
    assert "metrics: v2" in markdown and "not owed an answer" in markdown
    assert "read off the response curve: the first time by which half" in markdown
    assert "evil_handle" not in markdown


def test_weekly_report_reads_the_same_on_one_connection_or_two(populated: Store, tmp_path: Path) -> None:
    """The side sections (trend, examples, model quality) read on a second connection when the store
    is a file; a store without one reads them on its own connection, with the same result."""
    config = make_config(tmp_path)
    week = resolve_week(config, "2026-W47")
    two = build_weekly(populated, config, week, now=NOW)
    one = build_weekly(Store(populated.db, None), config, week, now=NOW)
    assert len(two.trend) == 2 and two.examples and two.quality
    assert (one.trend, one.examples, one.quality) == (two.trend, two.examples, two.quality)


def test_empty_week_renders(store: Store, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    html_path, md_path = write_weekly_report(store, config, "2026-W47", now=NOW)
    html = html_path.read_text(encoding="utf-8")
    assert "No public replies this week." in html and "No reply was labelled urgent this week." in html
    assert "No public replies this week." in md_path.read_text(encoding="utf-8")


def test_collection_gap_is_on_the_first_page(populated: Store, tmp_path: Path) -> None:
    """Runs every 15 min through W47 except Wed 18 Nov 00:00-12:00 local: a 12 h gap, flagged up top."""
    week_start = local(2026, 11, 16, 0)
    rows, t = [], week_start
    while t < local(2026, 11, 23, 0):
        if not (local(2026, 11, 18, 0) <= t < local(2026, 11, 18, 12)):
            rows.append({"kind": "collect", "platform": "x", "account": "RivertonPD", "started_at": to_db(t),
                         "ended_at": to_db(t + timedelta(seconds=20)), "outcome": "ok", "reads": 3})
        t += timedelta(minutes=15)
    populated.db["runs"].insert_all(rows)
    config = make_config(tmp_path)
    report = build_weekly(populated, config, resolve_week(config, "2026-W47"), now=NOW)
    [health] = report.health
    assert len(health.gaps) == 1 and health.gaps[0].hours == pytest.approx(12.25)
    assert health.reads == 3 * len(rows) and health.cost_usd == pytest.approx(0.005 * 3 * len(rows))
    html = write_weekly_report(populated, config, "2026-W47", now=NOW)[0].read_text(encoding="utf-8")
    assert html.index("Collection gap this week") < html.index("<h2>Headline</h2>")


def test_mask_handles_keeps_department_handles() -> None:
    assert mask_handles("@RivertonPD ask @someone_else", {"rivertonpd"}) == "@RivertonPD ask @[someone]"
    assert md("a *b* <i> (555) #1!") == "a \\*b\\* <\u2060i> (555) #1!"  # no backslash where none is needed


def test_cli_metrics_csv_json_and_table(populated: Store, tmp_path: Path) -> None:
    config_path = tmp_path / "config.yaml"
    config_path.write_text(
        "department: {name: Riverton PD, timezone: America/Chicago}\n"
        "accounts: [{platform: x, handle: RivertonPD}]\n", encoding="utf-8")
    db = str(populated.path)
    runner = CliRunner()
    args = ["--since", "2026-11-09", "--until", "2026-W47", "--config", str(config_path), "--db", db]
    result = runner.invoke(report_app, ["metrics", "--by", "week", "--format", "csv", *args])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["period"], r["public_replies"]) for r in rows] == [("2026-W46", "1"), ("2026-W47", "2")]
    result = runner.invoke(report_app, ["metrics", "--by", "topic", "--format", "json", *args])
    data = json.loads(result.stdout)
    assert data["metrics_version"] == "v2"
    assert {r["topic"]: r["public_replies"] for r in data["rows"]} == {"traffic": 2, "safety": 1, "praise": 1}
    result = runner.invoke(report_app, ["metrics", "--by", "week,platform", *args])
    assert result.exit_code == 0 and "2026-W47" in result.stdout
    result = runner.invoke(report_app, ["metrics", "--by", "month", *args])
    assert result.exit_code == 2 and "--by 'month'" in result.output


def write_cli_config(tmp_path: Path) -> Path:
    config_path = tmp_path / "config.yaml"
    config_path.write_text(
        "department: {name: Riverton PD, timezone: America/Chicago}\n"
        f"data_dir: {tmp_path / 'data'}\n"
        "accounts: [{platform: x, handle: RivertonPD}]\n", encoding="utf-8")
    return config_path


def test_cli_weekly_writes_both_files(populated: Store, tmp_path: Path) -> None:
    config_path = write_cli_config(tmp_path)
    runner = CliRunner()
    common = ["--config", str(config_path), "--db", str(populated.path)]
    result = runner.invoke(report_app, ["weekly", "--week", "2026-W47", *common])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "reports" / "weekly-2026-W47.md").exists()
    assert runner.invoke(report_app, ["weekly", "--week", "2026-W99", *common]).exit_code == 2
    assert runner.invoke(report_app, ["weekly", "--mail", *common]).exit_code == 2  # no smtp settings


def test_cli_weekly_refuses_a_database_it_would_have_to_create_and_never_overwrites_silently(
    populated: Store, tmp_path: Path
) -> None:
    config_path = write_cli_config(tmp_path)
    runner = CliRunner()
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    for db, why in ((empty, "an empty file, not an engage database"), (tmp_path / "none.db", "no such database")):
        result = runner.invoke(report_app, ["weekly", "--week", "2026-W47", "--config", str(config_path),
                                            "--db", str(db)])
        assert result.exit_code == 1 and result.stderr.strip() == f"engage: {db}: {why}" + (
            " (`engage collect` or `engage demo` creates one)" if "such" in why else "")
    assert empty.stat().st_size == 0 and not (tmp_path / "none.db").exists()

    common = ["weekly", "--week", "2026-W47", "--config", str(config_path), "--db", str(populated.path)]
    assert runner.invoke(report_app, common).exit_code == 0
    report = tmp_path / "data" / "reports" / "weekly-2026-W47.html"
    report.write_text("the copy the chief read", encoding="utf-8")
    result = runner.invoke(report_app, common)
    assert result.exit_code == 1 and result.stderr.strip() == f"engage: {report}: already written (--force replaces it)"
    assert report.read_text(encoding="utf-8") == "the copy the chief read"
    assert runner.invoke(report_app, [*common, "--force"]).exit_code == 0
    assert report.read_text(encoding="utf-8").startswith("<!")




def test_weekly_report_is_mailed_with_text_and_html(populated: Store, tmp_path: Path,
                                                    smtp_server: tuple[int, list[Message]]) -> None:
    port, received = smtp_server
    smtp = {"host": "127.0.0.1", "port": port, "starttls": False, "sender": "engage@example.org",
            "to": ["chief@example.org"]}
    config = make_config(tmp_path, reports={"smtp": smtp})
    write_weekly_report(populated, config, "2026-W47", mail=True, now=NOW)
    [message] = received
    assert message["Subject"] == "Riverton Police Department: weekly summary 2026-W47"
    assert message["To"] == "chief@example.org"
    types = [part.get_content_type() for part in message.walk()]
    assert "text/plain" in types and types.count("text/html") == 2  # alternative + attachment
    plain = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    assert "metrics: v2" in plain.get_payload(decode=True).decode("utf-8")
