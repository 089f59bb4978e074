"""What works (issue #21): the analysis recovers planted effects, reads a real database the same way,
and `engage report what-works` writes its report and JSON. Small synthetic departments keep it fast;
the 100-dataset coverage study is bench/what_works.py."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from typer.testing import CliRunner

from engage.analysis.definitions import ANALYSIS_VERSION, STATEMENT
from engage.analysis.frame import build_tables
from engage.analysis.synthetic import Planted, synthetic_department, to_store, window
from engage.analysis.whatworks import analyse, as_json, estimate_effect, later_sample, later_sentiment, what_works
from engage.cli import app
from engage.reports.render import md
from engage.store import Store

UTC_ZONE = ZoneInfo("UTC")


def tables(planted: Planted, seed: int, n_posts: int = 300):
    rec = synthetic_department(n_posts, planted, seed=seed)
    since, until = window(rec)
    return build_tables(rec, UTC_ZONE, since, until, until)


def effect_of(planted: Planted, seed: int):
    _, replies = tables(planted, seed)
    sample = later_sample(replies)
    return estimate_effect(sample, later_sentiment(sample), "later sentiment", np.random.default_rng(seed)).result


@pytest.mark.parametrize("seed", [1, 2])
def test_adjusted_estimate_covers_the_planted_effect_and_the_naive_one_is_biased(seed: int) -> None:
    result = effect_of(Planted(effect=0.2, confounded=True), seed)
    assert result.adjusted.low <= 0.2 <= result.adjusted.high, result.adjusted
    # The department answers the easy questions, which have happier conversations anyway.
    assert result.naive.low > 0.2, result.naive
    assert min(result.n_answered, result.n_unanswered) >= 100


@pytest.mark.parametrize("seed", [3, 4])
def test_no_planted_effect_gives_an_interval_covering_zero_while_the_naive_comparison_claims_one(seed: int) -> None:
    result = effect_of(Planted(effect=0.0, confounded=True), seed)
    assert result.adjusted.low <= 0.0 <= result.adjusted.high, result.adjusted
    assert result.naive.low > 0.0, result.naive


def test_without_confounding_the_naive_comparison_is_fine_too() -> None:
    result = effect_of(Planted(effect=0.2, confounded=False), 5)
    assert result.naive.low <= 0.2 <= result.naive.high
    assert result.adjusted.low <= 0.2 <= result.adjusted.high


def test_weighting_balances_the_covariates_that_drive_answering() -> None:
    _, replies = tables(Planted(), 6)
    sample = later_sample(replies)
    effect = estimate_effect(sample, later_sentiment(sample), "later sentiment", np.random.default_rng(0))
    before = dict(zip(effect.covariates, effect.smd_before, strict=True))
    assert abs(before["own sentiment: positive"]) > 0.2  # the planted confounder shows before weighting
    assert effect.max_smd_after < 0.1


def test_pull_posts_get_three_times_the_replies_of_push_posts() -> None:
    posts, replies = tables(Planted(pull_multiplier=3.0), 7)
    report = analyse(posts, replies, department="Synth PD", tz=UTC_ZONE, tz_name="UTC",
                     since=window_of(7)[0], until=window_of(7)[1], model_ids={}, replicates=50)
    rows = {r.post_type: r for r in report.types}
    assert rows["pull"].relative_to_push.low <= 3.0 <= rows["pull"].relative_to_push.high
    assert rows["networking"].relative_to_push.high < 3.0


def window_of(seed: int):
    return window(synthetic_department(300, Planted(pull_multiplier=3.0), seed=seed))


def test_the_database_is_read_exactly_as_the_generated_records(store: Store) -> None:
    rec = synthetic_department(40, Planted(), seed=8)
    to_store(store, rec)
    since, until = window(rec)
    direct = analyse(*build_tables(rec, UTC_ZONE, since, until, until), department="Synth PD", tz=UTC_ZONE,
                     tz_name="UTC", since=since, until=until, model_ids={}, now=until)
    from_db = what_works(store, department="Synth PD", tz_name="UTC", since=since, until=until, now=until)
    a, b = as_json(direct), as_json(from_db)
    for key in ("post_types", "post_types_by_topic", "answer_effect", "naive_answer_effect", "dose_response",
                "asker_writes_again_effect", "quarters", "sample"):
        assert a[key] == b[key], key
    assert b["model_ids"]["post_type"].startswith("synthetic-post-type@")


CONFIG = """\
department: {{name: "Synth <b>PD</b>", timezone: UTC}}
data_dir: {data}
accounts:
  - {{platform: x, handle: SynthPD}}
"""


def run_cli(tmp_path: Path, db: Path, *args: str):
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG.format(data=tmp_path / "data"), encoding="utf-8")
    return CliRunner().invoke(app, ["report", "what-works", "--config", str(config), "--db", str(db), *args])


def synthetic_db(tmp_path: Path, n_posts: int, seed: int):
    """A database of a synthetic department, and the dates that cover it."""
    rec = synthetic_department(n_posts, Planted(), seed=seed)
    db = tmp_path / "engage.db"
    with Store.open(db) as store:
        to_store(store, rec)
    since, until = (d.date().isoformat() for d in window(rec))
    return rec, db, since, until


def test_report_what_works_json_and_pages(tmp_path: Path) -> None:
    rec, db, since, until = synthetic_db(tmp_path, 60, 9)
    result = run_cli(tmp_path, db, "--since", since, "--until", until, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["definitions_version"] == ANALYSIS_VERSION
    for key in ("answer_effect", "naive_answer_effect"):
        assert set(data[key]) >= {"estimate", "low", "high", "n_answered", "n_unanswered"}
    assert data["answer_effect"]["n_answered"] > 0
    assert set(data["post_types"]) == {"push", "pull", "networking"}
    assert set(data["post_types"]["pull"]["replies_per_post"]) == {"estimate", "low", "high"}
    assert not any(a in result.output for a in rec.reply_author)  # no person appears, not even by code

    result = run_cli(tmp_path, db, "--since", since, "--until", until)
    assert result.exit_code == 0, result.output
    written = [Path(line.split(" ", 1)[1]) for line in result.output.splitlines() if line.startswith("wrote")]
    html_path, md_path = written
    html, markdown = html_path.read_text(encoding="utf-8"), md_path.read_text(encoding="utf-8")
    for page in (html, markdown):
        assert STATEMENT in page and ANALYSIS_VERSION in page
    # Model ids on the page; Markdown breaks what a renderer could autolink (an @ here) with a word joiner.
    assert "synthetic-post-type@00000000" in html and md("synthetic-post-type@00000000") in markdown
    assert "Synth &lt;b&gt;PD&lt;/b&gt;" in html and "<b>PD" not in html
    assert md("Synth <b>PD</b>") in markdown and "<b>" not in markdown
    assert "<svg" in html and "<script" not in html


def test_a_tiny_department_is_told_plainly_the_sample_is_too_small(tmp_path: Path) -> None:
    rec, db, since, until = synthetic_db(tmp_path, 4, 10)
    result = run_cli(tmp_path, db, "--since", since, "--until", until, "--json")
    data = json.loads(result.output)
    assert data["answer_effect"]["small_sample"] is True
    assert data["post_types"]["push"]["small_sample"] is True
    run_cli(tmp_path, db, "--since", since, "--until", until)
    markdown = next((tmp_path / "data" / "reports").glob("what-works-*.md")).read_text(encoding="utf-8")
    assert "Sample too small to say" in markdown


def test_bad_dates_are_one_line_errors(tmp_path: Path) -> None:
    db = tmp_path / "engage.db"
    Store.open(db).close()
    result = run_cli(tmp_path, db, "--since", "2026-13-01")
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = run_cli(tmp_path, db, "--since", "2026-06-01", "--until", "2026-05-01")
    assert result.exit_code == 2 and "must be after" in result.output


def test_export_analysis_adds_tables_labels_and_codebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engage.export.cli import export_app
    from tests.helpers.export import KEY, KEY_ENV, config

    rec, db, since, until = synthetic_db(tmp_path, 40, 11)
    cfg = tmp_path / "export.yaml"
    cfg.write_text(json.dumps(config(tmp_path).model_dump(mode="json")), encoding="utf-8")
    monkeypatch.setenv(KEY_ENV, KEY)
    out = tmp_path / "export"
    runner = CliRunner()
    result = runner.invoke(export_app, ["--out", str(out), "--analysis", "--since", since, "--until", until,
                                        "--config", str(cfg), "--db", str(db)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name in ("analysis.json", "analysis_post_types.csv", "analysis_balance.csv", "analysis_codebook.md"):
        assert name in manifest["files"], name
    assert runner.invoke(export_app, ["verify", str(out)]).exit_code == 0
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert data["answer_effect"]["n_answered"] > 0 and data["definitions_version"] == ANALYSIS_VERSION
    codebook = (out / "analysis_codebook.md").read_text(encoding="utf-8")
    assert STATEMENT in codebook and "augmented inverse-probability weighting" in codebook
    labels = (out / "labels.csv").read_text(encoding="utf-8")
    assert ",post_type," in labels and "synthetic-post-type@00000000" in labels
    blob = "\n".join(p.read_text(encoding="utf-8") for p in out.iterdir() if p.name.startswith("analysis"))
    assert not any(f'"{a}"' in blob or f",{a}," in blob for a in rec.reply_author)


def test_the_weekly_report_lists_only_the_reply_classifiers(store: Store) -> None:
    from datetime import timedelta

    from engage.metrics.periods import Period
    from engage.metrics.quality import model_quality

    rec = synthetic_department(10, Planted(), seed=13)
    to_store(store, rec)
    since, until = window(rec)
    tasks = {q.task for q in model_quality(store, Period("all", since, until + timedelta(days=8)))}
    assert "post_type" not in tasks and "sentiment" in tasks


def test_a_few_agreeing_replies_do_not_get_a_zero_width_interval() -> None:
    from engage.analysis.estimators import mean_interval

    few = mean_interval(np.ones(6))
    assert few.estimate == 1.0 and few.low < 0.6 and few.high == 1.0
    many = mean_interval(np.ones(600))
    assert many.low > 0.95


def test_posts_wait_for_topic_labels_only_when_topics_are_configured(store: Store) -> None:
    from engage.analysis.post_types import pending_posts

    rec = synthetic_department(5, Planted(), seed=14)
    to_store(store, rec)
    assert pending_posts(store, with_topics=True) == 0
    store.db.execute("DELETE FROM classifications WHERE task = 'topics' AND uid LIKE '%:p%'")
    assert pending_posts(store, with_topics=False) == 0  # nothing to label: the models are not loaded
    assert pending_posts(store, with_topics=True) == len(rec.post_uid)


def test_the_asker_writing_again_matches_a_reply_by_reply_reading() -> None:
    """The vectorised (thread, author) grouping of build_tables against the plain definition: the asker's
    next reply in the same thread, within FOLLOW_DAYS and strictly later, and its sentiment."""
    from engage.analysis.definitions import FOLLOW_DAYS

    rec = synthetic_department(120, Planted(), seed=11)
    # Forty people, each writing in many threads (so a thread-blind grouping would link them), some unknown.
    rec.reply_author = [None if i % 7 == 0 else f"person{i % 40}" for i in range(len(rec.reply_uid))]
    since, until = window(rec)
    _, replies = build_tables(rec, UTC_ZONE, since, until, until)

    threads: dict[tuple[str, str], list[int]] = {}
    for i, (root, author) in enumerate(zip(rec.reply_root, rec.reply_author, strict=True)):
        if root is not None and author:
            threads.setdefault((root, author), []).append(i)
    again, next_code = {}, {}
    for members in threads.values():
        members.sort(key=lambda i: (rec.reply_created[i], i))
        for a, b in itertools.pairwise(members):
            gap = rec.reply_created[b] - rec.reply_created[a]
            if 0 < gap <= FOLLOW_DAYS * 86400:
                again[a], next_code[a] = True, int(rec.reply_sentiment[b])
    rows = sorted((i for i in range(len(rec.reply_uid)) if rec.reply_actionable[i]
                   and since.timestamp() <= rec.reply_created[i] < until.timestamp()),
                  key=lambda i: (rec.reply_created[i], rec.reply_uid[i]))
    assert replies.asker_known.tolist() == [bool(rec.reply_author[i]) for i in rows]
    assert replies.asker_again.tolist() == [again.get(i, False) for i in rows]
    assert replies.asker_next_sentiment.tolist() == [next_code.get(i, 0) for i in rows]
    assert 0 < sum(again.get(i, False) for i in rows) < len(rows)  # both outcomes occur, so the check can fail
