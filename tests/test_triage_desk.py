"""The triage desk's rules without a browser: escalations stay open with who and why, notes show their first
line, assigning (one rule for web and terminal) with open counts per person, incident references (validated,
searchable, exported only as a flag), migration 11 on an old database, and the terminal's list and uid prefixes.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from connectors.base import Record
from engage import migrations, triage
from engage.config import ConfigError, Triage, load_config
from engage.export.exporter import ExportOptions, run_export
from engage.store import Store, connect
from engage.triage_cli import triage_app
from engage.web import auth
from engage.web.app import create_app
from tests.helpers.web import NOW, add_users, example_config, label_all, seed

CONFIG = example_config().model_copy(update={"triage": Triage(incident_ref_pattern=r"CAD-\d{4}-\d{3,6}")})
TZ = CONFIG.department.tz
PASSWORD = "desk test password"


@pytest.fixture
def desk(store: Store, make_record: Callable[..., Record]) -> Store:
    seed(store, make_record)
    add_users(store, ann="responder", bob="responder", vic="viewer")
    return store


def open_uids(store: Store, **filters: object) -> list[str]:
    return [it.uid for it in triage.inbox(store, triage.InboxFilter(**filters), sla_hours=24, tz=TZ, now=NOW)]


def item(store: Store, uid: str) -> triage.InboxItem:
    return triage.get_item(store, uid, sla_hours=24, tz=TZ, now=NOW)


# -- escalations and notes ------------------------------------------------------------------------


def test_escalated_items_stay_open_with_who_escalated_and_why(desk: Store) -> None:
    changes = triage.set_status(desk, "x:204", "escalated", actor="ann", reason="  threat to an officer ", now=NOW)
    assert {(c.field, c.after) for c in changes} == {("status", "escalated"),
                                                     ("escalation_reason", "threat to an officer")}
    assert "x:204" in open_uids(desk)  # the default view
    assert triage.count_inbox(desk, triage.InboxFilter(), tz=TZ) == 5
    assert triage.headline_counts(desk, tz=TZ, now=NOW)["open"] == 5
    escalated = item(desk, "x:204")
    assert (escalated.escalated_by, escalated.escalation_reason) == ("ann", "threat to an officer")
    # Closing it takes it out of the open view and clears the reason (the audit log keeps it).
    triage.set_status(desk, "x:204", "responded", actor="bob", now=NOW)
    assert "x:204" not in open_uids(desk)
    closed = item(desk, "x:204")
    assert (closed.escalated_by, closed.escalation_reason) == (None, None)
    assert ("escalation_reason", "threat to an officer", None) in [
        (h["field"], h["before"], h["after"]) for h in triage.history(desk, "x:204")]
    with pytest.raises(triage.TriageError, match="at most 1000"):
        triage.set_status(desk, "x:204", "escalated", actor="ann", reason="x" * 1001)


def test_a_note_shows_its_first_line(desk: Store) -> None:
    for note, first in (("\n\n  Called back at 14:10 \nthen more", "Called back at 14:10"), ("", "")):
        triage.set_note(desk, "x:202", note, actor="ann")
        assert item(desk, "x:202").note_first_line == first


# -- assigning ------------------------------------------------------------------------------------


def test_only_a_user_who_can_respond_is_assigned_and_open_counts_are_per_person(desk: Store) -> None:
    assert triage.open_counts(desk) == {"ann": 0, "bob": 0}  # viewers hold no work
    triage.assign(desk, "x:201", "bob", actor="ann", now=NOW)
    triage.assign(desk, "x:202", "bob", actor="ann", now=NOW)
    triage.assign(desk, "x:203", "ann", actor="ann", now=NOW)
    triage.set_status(desk, "x:202", "escalated", actor="bob", reason="needs the chief", now=NOW)  # still open
    triage.set_status(desk, "x:203", "no_action", actor="ann", now=NOW)  # closed: not counted
    assert triage.open_counts(desk) == {"ann": 0, "bob": 2}
    for who in ("vic", "ghost"):
        with pytest.raises(triage.TriageError, match=f"'{who}' is not a user who can respond"):
            triage.assign(desk, "x:205", who, actor="ann")
    assert item(desk, "x:205").assignee is None


# -- incident references --------------------------------------------------------------------------


def test_incident_reference_is_validated_searchable_and_clearable(desk: Store) -> None:
    pattern = CONFIG.triage.incident_ref
    with pytest.raises(triage.TriageError, match=r"'CAD-26-1' does not match the pattern .*incident_ref_pattern"):
        triage.set_incident_ref(desk, "x:203", "CAD-26-1", pattern=pattern, actor="ann")
    with pytest.raises(triage.TriageError, match="at most 64 characters"):
        triage.set_incident_ref(desk, "x:203", "A" * 65, pattern=re.compile(".+"), actor="ann")
    triage.set_incident_ref(desk, "x:203", " CAD-2026-00417 ", pattern=pattern, actor="ann", now=NOW)
    assert item(desk, "x:203").incident_ref == "CAD-2026-00417"
    assert open_uids(desk, query="cad-2026-00417") == ["x:203"]  # any case, the whole reference
    assert open_uids(desk, status="all", query="CAD-2026-00417") == ["x:203"]
    assert open_uids(desk, query="road 203") == ["x:203"]  # full-text search still works
    sql, params = triage.inbox_query(desk, triage.InboxFilter(query="CAD-2026-00417"), sla_hours=24, tz=TZ, now=NOW)
    plan = "\n".join(r[3] for r in desk.db.execute("EXPLAIN QUERY PLAN " + sql, params))
    assert "idx_triage_incident_ref (incident_ref=?)" in plan  # a lookup, not a scan of every item
    triage.set_incident_ref(desk, "x:203", "", pattern=pattern, actor="ann", now=NOW)
    assert item(desk, "x:203").incident_ref is None and open_uids(desk, query="CAD-2026-00417") == []
    assert [h["field"] for h in triage.history(desk, "x:203")] == ["incident_ref", "incident_ref"]


def test_a_bad_incident_pattern_is_a_one_line_config_error(tmp_path: Path) -> None:
    text = (Path(example_config().base_dir) / "config.example.yaml").read_text(encoding="utf-8")
    path = tmp_path / "config.yaml"
    path.write_text(text.replace("incident_ref_pattern: '[A-Za-z0-9][A-Za-z0-9/.-]{2,31}'",
                                 "incident_ref_pattern: 'CAD-(\\d+'"), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert "triage.incident_ref_pattern" in message and "is not a regular expression" in message
    assert "\n" not in message


def test_research_export_says_only_whether_an_item_has_an_incident_reference(desk: Store, tmp_path: Path) -> None:
    triage.set_incident_ref(desk, "x:202", "CAD-2026-99123", pattern=CONFIG.triage.incident_ref, actor="ann")
    out = tmp_path / "export"
    run_export(desk, CONFIG, ExportOptions(out=out), key=b"a research key of enough length", now=NOW)
    with (out / "response_times.csv").open(encoding="utf-8") as handle:
        flags = [row["has_incident_ref"] for row in csv.DictReader(handle)]
    assert sorted(flags) == ["false"] * (len(flags) - 1) + ["true"]
    for exported in out.rglob("*"):
        if exported.is_file():
            assert b"99123" not in exported.read_bytes(), exported.name


# -- migration 11 ---------------------------------------------------------------------------------


def test_migration_11_keeps_escalated_items_of_an_old_database_open(tmp_path: Path,
                                                                  make_record: Callable[..., Record]) -> None:
    path = tmp_path / "old.db"
    db = connect(path)
    migrations.migrate(db, up_to=10)
    old = Store(db, path)
    seed(old, make_record)
    db.execute("UPDATE triage SET status = 'escalated' WHERE uid = 'x:205'")
    db.conn.commit()
    old.close()
    with Store.open(path) as store:  # upgrades in place
        assert "x:205" in open_uids(store)
        sql, params = triage.inbox_query(store, triage.InboxFilter(), sla_hours=24, tz=TZ, now=NOW)
        assert "idx_triage_open_rank" in "".join(r[3] for r in store.db.execute("EXPLAIN QUERY PLAN " + sql, params))
        assert {"escalation_reason", "incident_ref"} <= set(store.db["triage"].columns_dict)


# -- the web actions ------------------------------------------------------------------------------


@pytest.fixture
def client(desk: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    auth.add_user(desk, "rita", "responder", PASSWORD)
    auth.add_user(desk, "vera", "viewer", PASSWORD)
    app = create_app(CONFIG, desk.path, secret="desk-secret", clock=lambda: NOW)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def signed_in(client: TestClient, name: str) -> str:
    """Sign ``name`` in and return the page's CSRF token."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token}, follow_redirects=False)
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/inbox").text).group(1)


def test_new_actions_need_the_csrf_token_and_a_role_that_may_change(client: TestClient, desk: Store) -> None:
    token = signed_in(client, "rita")
    htmx = {"HX-Request": "true", "X-CSRF-Token": token}
    assert client.post("/act/incident", data={"uid": "x:201", "incident_ref": "CAD-2026-001"}).status_code == 403
    bad = client.post("/act/incident", data={"uid": "x:201", "incident_ref": "<b>1</b>"}, headers=htmx)
    assert bad.status_code == 400 and "does not match the pattern" in bad.text
    saved = client.post("/act/incident", data={"uid": "x:201", "incident_ref": "CAD-2026-001"}, headers=htmx)
    assert saved.status_code == 200 and "incident CAD-2026-001" in saved.text
    to_viewer = client.post("/act/assign", data={"uid": "x:201", "assignee": "vera"}, headers=htmx)
    assert to_viewer.status_code == 400 and "'vera' is not a user who can respond" in to_viewer.text
    row = client.post("/act/status", data={"uid": "x:202", "status": "escalated", "reason": "<script>x</script>"},
                      headers=htmx)
    assert "escalated by <strong>rita</strong>: <span dir=\"auto\">&lt;script&gt;x&lt;/script&gt;</span>" in row.text
    triage.assign(desk, "x:203", "bob", actor="rita")
    page = client.get("/inbox").text
    assert "bob (1 open)" in page and "rita (0 open)" in page and "vera (" not in page
    client.cookies.clear()
    token = signed_in(client, "vera")
    refused = client.post("/act/incident", data={"uid": "x:201", "incident_ref": "CAD-2026-002"},
                          headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert refused.status_code == 403
    assert desk.db.execute("SELECT incident_ref FROM triage WHERE uid = 'x:201'").fetchone() == ("CAD-2026-001",)


# -- the terminal -------------------------------------------------------------------------------


def run_cli(store: Store, *args: str) -> object:
    config = example_config().base_dir / "config.example.yaml"
    return CliRunner().invoke(triage_app, [*args, "--db", str(store.path), "--config", str(config)])


def test_triage_list_shows_platform_topics_and_the_abusive_flag(desk: Store) -> None:
    label_all(desk, {"x:204": {"abusive": "yes"}})
    listed = run_cli(desk, "list")
    assert listed.exit_code == 0, listed.output
    rows = re.split(r"\n(?= x:\d)", listed.output)  # a row may wrap onto lines of its own
    row = next(r for r in rows if r.startswith(" x:204"))
    assert "ABUSIVE" in row and "other" in row and re.match(r" x:204 +x ", row)
    assert re.search(r"crime[\s\S]+and[\s\S]+safety", next(r for r in rows if r.startswith(" x:201")))
    assert "ABUSIVE" not in next(r for r in rows if r.startswith(" x:201"))


def test_triage_commands_take_a_unique_uid_prefix(desk: Store, make_record: Callable[..., Record]) -> None:
    bsky = "at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/"
    with desk.db.conn:
        desk.upsert_records([make_record(bsky + rkey, platform="bluesky", parent_uid="x:100", root_uid="x:100")
                             for rkey in ("3kfirst111", "3ksecond22")], now=NOW)
    done = run_cli(desk, "set", "bluesky:at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/3kf",
                   "--status", "escalated", "--reason", "threat", "--as", "ann")
    assert done.exit_code == 0, done.output
    assert f"bluesky:{bsky}3kfirst111 status: new -> escalated" in done.output
    assert item(desk, f"bluesky:{bsky}3kfirst111").escalation_reason == "threat"
    ambiguous = run_cli(desk, "note", "bluesky:at://did:plc:abc", "called")
    assert ambiguous.exit_code == 1 and "more than one reply starts with this" in ambiguous.output
    assert len(ambiguous.output.strip().splitlines()) == 1
    missing = run_cli(desk, "set", "reddit:", "--status", "responded")
    assert missing.exit_code == 1 and "no reply in the triage inbox" in missing.output
    exact = run_cli(desk, "assign", "x:20", "ann")  # x:20 is not a uid: the prefix of x:201..206 is ambiguous
    assert exact.exit_code == 1
    assert run_cli(desk, "assign", "x:202", "ann").exit_code == 0  # a whole uid is never taken as a prefix
    assert item(desk, "x:202").assignee == "ann"
    percent = run_cli(desk, "set", "x:2%", "--status", "responded")  # no LIKE wildcards
    assert percent.exit_code == 1
