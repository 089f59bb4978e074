"""Triage domain: inbox order and filters, audited changes, label corrections, the terminal commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from typer.testing import CliRunner

from connectors.base import Record
from engage import triage
from engage.store import Store
from engage.triage_cli import triage_app
from tests.helpers.web import EXPECTED_ORDER, NOW, add_users, example_config, seed

CONFIG = example_config()
TZ = CONFIG.department.tz




@pytest.fixture
def inbox_store(store: Store, make_record: Callable[..., Record]) -> Store:
    seed(store, make_record)
    return store


def _uids(store: Store, **filters: object) -> list[str]:
    items = triage.inbox(store, triage.InboxFilter(**filters), sla_hours=24, tz=TZ, now=NOW)
    return [it.uid for it in items]


def test_inbox_orders_urgent_then_needs_response_then_sla_then_negative_then_engagement(inbox_store: Store) -> None:
    # x:206 is answered by the department (store marks it responded), so it is not in the open inbox.
    assert _uids(inbox_store) == EXPECTED_ORDER
    first = triage.inbox(inbox_store, triage.InboxFilter(), sla_hours=24, tz=TZ, now=NOW)[0]
    assert first.dept_post_text == "Road closed on Main St"
    assert first.dept_post_uid == "x:100"
    tip = first.explain(24)
    assert tip.index("urgent: yes") < tip.index("needs response: yes") < tip.index("SLA clock") < tip.index(
        "sentiment: negative") < tip.index("engagement")


def test_sla_states_and_counts(inbox_store: Store) -> None:
    items = {it.uid: it for it in triage.inbox(inbox_store, triage.InboxFilter(), sla_hours=24, tz=TZ, now=NOW)}
    assert (items["x:202"].sla_state, items["x:204"].sla_state, items["x:201"].sla_state) == (2, 1, 0)
    assert triage.count_inbox(inbox_store, triage.InboxFilter(), tz=TZ) == 5
    assert triage.count_inbox(inbox_store, triage.InboxFilter(status="responded"), tz=TZ) == 1
    counts = triage.headline_counts(inbox_store, tz=TZ, now=NOW)
    assert counts == {"open": 5, "urgent_open": 1, "answered_today": 1}


def test_filters_and_full_text_search(inbox_store: Store) -> None:
    assert _uids(inbox_store, sentiment="negative") == ["x:201", "x:204"]
    assert _uids(inbox_store, topic="other") == ["x:202", "x:204", "x:205"]
    assert _uids(inbox_store, query="reply 203") == ["x:203"]
    assert _uids(inbox_store, query='"unbalanced OR NEAR(') == []  # FTS syntax is searched as words
    assert _uids(inbox_store, platform="reddit") == []
    # Department-local days: 2026-10-06 starts at 05:00 UTC in Chicago, so x:204 (16:00 UTC the day before) is out.
    assert _uids(inbox_store, since=date(2026, 10, 6)) == ["x:201", "x:205", "x:203"]
    assert _uids(inbox_store, status="all")[-1] in {"x:206", "x:203"}
    assert len(_uids(inbox_store, status="all")) == 6
    with pytest.raises(triage.TriageError):
        triage.InboxFilter(status="bogus")


def test_status_change_is_audited_and_leaves_the_open_inbox(inbox_store: Store) -> None:
    changes = triage.set_status(inbox_store, "x:201", "responded", actor="ann", now=NOW)
    assert [(c.field, c.before, c.after) for c in changes] == [("status", "new", "responded")]
    assert "x:201" not in _uids(inbox_store)
    audit = triage.history(inbox_store, "x:201")
    assert audit[-1] | {} == {"at": audit[-1]["at"], "actor": "ann", "field": "status", "before": "new",
                              "after": "responded"}
    assert triage.set_status(inbox_store, "x:201", "responded", actor="ann") == []  # no-op, no audit row
    assert len(triage.history(inbox_store, "x:201")) == 1
    with pytest.raises(triage.TriageError):
        triage.set_status(inbox_store, "x:201", "done", actor="ann")
    with pytest.raises(triage.TriageError):
        triage.set_status(inbox_store, "x:100", "responded", actor="ann")  # the department's own post


def test_assign_moves_new_to_in_progress_and_filters_by_assignee(inbox_store: Store) -> None:
    add_users(inbox_store, ann="responder")
    changes = triage.assign(inbox_store, "x:202", "ann", actor="bob", now=NOW)
    assert {(c.field, c.after) for c in changes} == {("assignee", "ann"), ("status", "in_progress")}
    assert _uids(inbox_store, assignee="ann") == ["x:202"]
    assert "x:202" not in _uids(inbox_store, assignee="unassigned")
    triage.assign(inbox_store, "x:202", None, actor="bob")
    assert _uids(inbox_store, assignee="ann") == []
    triage.set_note(inbox_store, "x:202", "called back", actor="bob")
    assert [h["field"] for h in triage.history(inbox_store, "x:202")] == ["assignee", "status", "assignee", "note"]


def test_correction_overrides_the_model_and_feeds_the_topic_model(inbox_store: Store) -> None:
    topics = [t.name for t in CONFIG.topics]
    changes = triage.correct_label(inbox_store, "x:202", "topics", ["traffic_and_roads", "none"], actor="ann",
                                   topics=topics, now=NOW)
    assert [(c.field, c.before, c.after) for c in changes] == [("label:topics", "other", "traffic_and_roads")]
    assert _uids(inbox_store, topic="traffic_and_roads") == ["x:202"]
    rows = list(inbox_store.db.query("SELECT uid, task, label, actor FROM corrections"))
    assert rows == [{"uid": "x:202", "task": "topics", "label": "traffic_and_roads", "actor": "ann"}]
    view = list(inbox_store.db.query(
        "SELECT label, source FROM current_labels WHERE uid = 'x:202' AND task = 'topics'"))
    assert view == [{"label": "traffic_and_roads", "source": "human"}]
    # What engage.classify.load_suite_from_config reads as topic examples:
    examples = list(inbox_store.db.query(
        "SELECT p.text, k.label FROM corrections k JOIN posts p ON p.uid = k.uid WHERE k.task = 'topics'"))
    assert examples == [{"text": "public reply 202 about the road", "label": "traffic_and_roads"}]

    triage.correct_label(inbox_store, "x:201", "sentiment", ["positive"], actor="ann", topics=topics)
    item = triage.get_item(inbox_store, "x:201", sla_hours=24, tz=TZ, now=NOW)
    assert item.labels["sentiment"] == "positive" and item.human_tasks == ["sentiment"]
    with pytest.raises(triage.TriageError):
        triage.correct_label(inbox_store, "x:201", "sentiment", ["positive", "negative"], actor="a", topics=topics)
    with pytest.raises(triage.TriageError):
        triage.correct_label(inbox_store, "x:201", "topics", ["made_up"], actor="a", topics=topics)
    with pytest.raises(triage.TriageError):
        triage.correct_label(inbox_store, "x:201", "colour", ["red"], actor="a", topics=topics)


def test_thread_is_in_order_with_department_marked_and_people_pseudonymous(inbox_store: Store) -> None:
    posts = triage.thread(inbox_store, "x:206")
    assert posts[0].uid == "x:100" and posts[0].is_department and posts[0].depth == 0
    order = [p.uid for p in posts]
    # Tree order: the department's answer to x:206 comes right after it, replies by time under the post.
    assert order[1:] == ["x:202", "x:204", "x:206", "x:300", "x:203", "x:205", "x:201"]
    response = posts[order.index("x:300")]
    assert response.is_department and response.depth == 2 and response.speaker == "department (@RivertonPD)"
    people = [p.speaker for p in posts if not p.is_department]
    assert people[0] == "person A" and len(set(people)) == len(people)
    assert all("user" not in s for s in people)  # no handles of the public
    assert next(p for p in posts if p.is_focus).uid == "x:206"


def test_terminal_commands(inbox_store: Store, tmp_path) -> None:  # noqa: ANN001
    runner = CliRunner()
    db = ["--db", str(inbox_store.path), "--config", str(example_config().base_dir / "config.example.yaml")]
    listed = runner.invoke(triage_app, ["list", *db])
    assert listed.exit_code == 0, listed.output
    assert "x:201" in listed.output and "URGENT" in listed.output
    out = runner.invoke(triage_app, ["set", "x:205", "--status", "no_action", "--as", "ann", *db])
    assert out.exit_code == 0 and "status: new -> no_action" in out.output
    bad = runner.invoke(triage_app, ["set", "x:205", "--status", "nope", *db])
    assert bad.exit_code == 1
    fixed = runner.invoke(triage_app, ["correct", "x:205", "--task", "urgent", "--label", "yes", *db])
    assert fixed.exit_code == 0 and "label:urgent: no -> yes" in fixed.output
    nobody = runner.invoke(triage_app, ["assign", "x:205", "ghost", *db])
    assert nobody.exit_code == 1
