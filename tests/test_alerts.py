"""Alerts: config, each rule, dedupe, grouping, retries, escalation, acknowledgement, the CLI.

Rules run against a real SQLite store; deliveries go over real HTTP to a receiver on 127.0.0.1
(``tests/webhook_receiver.py``). Times are passed in explicitly, so nothing waits for the clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from connectors.base import Record
from engage import triage
from engage.alerts import outbox
from engage.alerts.engine import AlertEngine
from engage.alerts.rules import PhraseMatcher
from engage.alerts.worker import DeliveryWorker
from engage.cli import app
from engage.config import ConfigError, load_config
from engage.store import Store
from tests.helpers.alerts import NOW, make_config, reply, store_records
from tests.webhook_receiver import Receiver

URGENT_MODEL = "test-urgent@1"




def hook_channel(name: str = "hook") -> dict[str, Any]:
    return {name: {"type": "webhook", "url_env": "ALERT_HOOK_URL"}}


def urgent_rule(**overrides: Any) -> dict[str, Any]:
    return {"name": "urgent", "type": "urgent", "keywords": ["gas leak", "niño perdido"], "channels": ["hook"],
            "group_seconds": 0, **overrides}






def alert_rows(store: Store) -> list[dict[str, Any]]:
    return [dict(r) for r in store.db.query("SELECT * FROM alerts ORDER BY id")]


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    with Receiver() as r:
        monkeypatch.setenv("ALERT_HOOK_URL", r.url("/hook"))
        yield r


# -- config ---------------------------------------------------------------------------------------


def write_yaml(tmp_path: Path, alerts: dict[str, Any], **extra: Any) -> Path:
    path = tmp_path / "config.yaml"
    data = {"department": {"name": "Test PD"}, "accounts": [{"platform": "x", "handle": "a"}], "alerts": alerts,
            **extra}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(("alerts", "expected"), [
    ({"channels": hook_channel(), "rules": [urgent_rule(channels=["nowhere"])]},
     "alerts: rules[0].channels: 'nowhere' is not a channel in alerts.channels"),
    ({"channels": {"t": {"type": "teams", "url_env": "https://secret.example/hook"}}},
     "url_env: must be the name of an environment variable"),
    ({"channels": {"t": {"type": "pager", "url_env": "X"}}}, "alerts.channels.t"),
    ({"channels": hook_channel(), "rules": [urgent_rule(classifier=False, keywords=[])]},
     "an urgent rule needs classifier: true or at least one keyword"),
    ({"channels": {"mail": {"type": "email"}}},
     "an email channel sends through reports.smtp, which is not set"),
    ({"channels": hook_channel(), "rules": [urgent_rule(), urgent_rule()]}, "duplicate rule name 'urgent'"),
    ({"channels": hook_channel(), "rules": [{"name": "s", "type": "spike", "metric": "likes", "channels": ["hook"]}]},
     "'likes' is not one of post_replies, negative"),
    ({"channels": hook_channel(), "rules": [urgent_rule(schedule={"start": "22:00", "end": "07:00"})]},
     "must be after start"),
])
def test_bad_alert_config_is_one_line_naming_the_key(tmp_path: Path, alerts: dict[str, Any], expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(write_yaml(tmp_path, alerts))
    message = str(err.value)
    assert expected in message and "\n" not in message
    assert message.startswith(str(tmp_path / "config.yaml"))


def test_shipped_example_config_has_an_urgent_rule_and_a_webhook_channel() -> None:
    config = load_config(Path(__file__).resolve().parent.parent / "engage" / "config.example.yaml")
    urgent = config.alerts.rule("urgent")
    assert urgent is not None and urgent.type == "urgent" and urgent.keywords
    assert {config.alerts.channels[c].type for c in urgent.channels} == {"webhook"}


# -- urgent ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "hit"), [
    ("there's a GAS  LEAK on Elm St!!", "gas leak"),
    ("Gás léak near the school", "gas leak"),
    ("NINO PERDIDO en la feria", "niño perdido"),
    ("no gasleak here", None),
    ("degas leakage test", None),
    ("gas leaks are rare", None),  # word boundary: configure plurals explicitly
])
def test_phrases_match_case_and_accent_insensitive_on_word_boundaries(text: str, hit: str | None) -> None:
    assert PhraseMatcher(("gas leak", "niño perdido")).match(text) == hit


def test_urgent_phrase_alerts_once_per_reply_and_ignores_department_and_old_replies(
    tmp_path: Path, store: Store, make_record: Callable[..., Record]
) -> None:
    config = make_config(tmp_path, {"channels": hook_channel(), "rules": [urgent_rule()]})
    engine = AlertEngine(config)
    store_records(store, [
        reply(make_record, 2, "gas leak on 5th street"),
        reply(make_record, 3, "lovely day"),
        reply(make_record, 4, "gas leak drill today", is_department=True, author_handle="RivertonPD"),
        reply(make_record, 5, "the gas leak from 2019", at=NOW - timedelta(days=3)),
    ])
    assert engine.after_page(store, NOW) == 1
    assert engine.after_page(store, NOW) == 0  # re-evaluation raises nothing new
    # The watermark moved: re-opening the daemon after a crash evaluates only what is new.
    store_records(store, [reply(make_record, 6, "Gas Leak again")])
    assert engine.tick(store, NOW) == 1
    rows = alert_rows(store)
    assert [r["uid"] for r in rows] == ["x:2", "x:6"]
    assert json.loads(rows[0]["detail"]) == {"phrase": "gas leak", "source": "phrase"}
    deliveries = store.db.execute("SELECT COUNT(*) FROM alert_deliveries").fetchone()[0]
    assert deliveries == 2


def classify_urgent(store: Store, labels: dict[str, tuple[str, float]]) -> None:
    store.activate_model("urgent", URGENT_MODEL, ["no", "yes"])
    store.save_classifications([
        {"uid": uid, "task": "urgent", "model_id": URGENT_MODEL, "label": label,
         "scores": {"yes": score, "no": 1 - score}}
        for uid, (label, score) in labels.items()
    ])


def test_urgent_classifier_yes_alerts_and_shares_the_key_with_phrases(
    tmp_path: Path, store: Store, make_record: Callable[..., Record]
) -> None:
    config = make_config(tmp_path, {"channels": hook_channel(), "rules": [urgent_rule(min_score=0.6)]})
    engine = AlertEngine(config)
    store_records(store, [reply(make_record, 2, "my son is missing"), reply(make_record, 3, "gas leak!"),
                          reply(make_record, 4, "borderline"), reply(make_record, 5, "fine thanks")])
    assert engine.after_page(store, NOW) == 1  # the phrase, before any model ran
    classify_urgent(store, {"x:2": ("yes", 0.9), "x:3": ("yes", 0.95), "x:4": ("yes", 0.55), "x:5": ("no", 0.1)})
    assert engine.after_classify(store, NOW) == 1  # x:2; x:3 already alerted; x:4 under min_score
    assert sorted(r["uid"] for r in alert_rows(store)) == ["x:2", "x:3"]
    assert engine.after_classify(store, NOW) == 0


def test_urgent_classifier_ignores_replies_collected_long_ago(
    tmp_path: Path, store: Store, make_record: Callable[..., Record]
) -> None:
    """A model upgrade relabels history; yesterday's urgent replies must not page anyone today."""
    config = make_config(tmp_path, {"channels": hook_channel(), "rules": [urgent_rule(keywords=[])]})
    store_records(store, [reply(make_record, 2, "help", at=NOW - timedelta(days=2))], now=NOW - timedelta(days=2))
    classify_urgent(store, {"x:2": ("yes", 0.9)})
    assert AlertEngine(config).after_classify(store, NOW) == 0


def test_schedule_keeps_a_rule_quiet_outside_its_hours(
    tmp_path: Path, store: Store, make_record: Callable[..., Record]
) -> None:
    # 17:00 in Chicago; the rule runs 07:00-12:00.
    config = make_config(tmp_path, {"channels": hook_channel(),
                                    "rules": [urgent_rule(schedule={"start": "07:00", "end": "12:00"})]})
    store_records(store, [reply(make_record, 2, "gas leak")])
    assert AlertEngine(config).after_page(store, NOW) == 0
    assert alert_rows(store) == []


# -- SLA at risk ----------------------------------------------------------------------------------


def needs_response(store: Store, uids: list[str]) -> None:
    store.activate_model("needs_response", "test-needs@1", ["no", "yes"])
    store.save_classifications([{"uid": u, "task": "needs_response", "model_id": "test-needs@1", "label": "yes",
                                 "scores": {"yes": 0.9}} for u in uids])


def test_sla_at_risk_alerts_between_the_fraction_and_the_breach(
    tmp_path: Path, store: Store, make_record: Callable[..., Record]
) -> None:
    config = make_config(tmp_path, {"channels": hook_channel(),
                                    "rules": [{"name": "sla", "type": "sla_at_risk", "fraction": 0.75,
                                               "channels": ["hook"]}]},
                         response={"sla_hours": 24})
    store_records(store, [reply(make_record, 2, "q1", at=NOW - timedelta(hours=20)),  # 83%: at risk
                          reply(make_record, 3, "q2", at=NOW - timedelta(hours=10)),  # 42%: fine
                          reply(make_record, 4, "q3", at=NOW - timedelta(hours=30)),  # breached: handover's job
                          reply(make_record, 5, "thanks", at=NOW - timedelta(hours=20))])  # not actionable
    needs_response(store, ["x:2", "x:3", "x:4"])
    engine = AlertEngine(config)
    engine.tick(store, NOW)
    assert [r["uid"] for r in alert_rows(store)] == ["x:2"]
    engine.tick(store, NOW + timedelta(minutes=5))
    assert len(alert_rows(store)) == 1


def test_sla_at_risk_counts_business_hours_only(
    tmp_path: Path, store: Store, make_record: Callable[..., Record]
) -> None:
    """Mon 17:00 -> Tue 17:00 local is 24 wall-clock hours but 10 business hours (08:00-18:00)."""
    rule = {"name": "sla", "type": "sla_at_risk", "fraction": 0.75, "channels": ["hook"]}
    hours = {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "18:00"}
    config = make_config(tmp_path, {"channels": hook_channel(), "rules": [rule]},
                         response={"sla_hours": 12, "business_hours": hours})
    store_records(store, [reply(make_record, 2, "q", at=NOW - timedelta(hours=24) + timedelta(minutes=1))])
    needs_response(store, ["x:2"])
    AlertEngine(config).tick(store, NOW)
    (alert,) = alert_rows(store)
    assert json.loads(alert["detail"])["used_hours"] == pytest.approx(10.0, abs=0.05)


# -- spikes ---------------------------------------------------------------------------------------


def negative(store: Store, uids: list[str]) -> None:
    store.activate_model("sentiment", "test-sent@1", ["negative", "neutral", "positive"])
    store.save_classifications([{"uid": u, "task": "sentiment", "model_id": "test-sent@1", "label": "negative",
                                 "scores": {"negative": 0.9}} for u in uids])


def add_negative(store: Store, make_record: Callable[..., Record], start: int, count: int, at: datetime) -> None:
    records = [make_record(str(n), text="awful", created_at=at - timedelta(minutes=n % 50))
               for n in range(start, start + count)]
    store_records(store, records, now=at)
    negative(store, [r.uid for r in records])


def spike_rule(**overrides: Any) -> dict[str, Any]:
    return {"name": "spike", "type": "spike", "metric": "negative", "window_minutes": 60, "multiple": 3,
            "min_count": 10, "baseline_weeks": 4, "channels": ["hook"], **overrides}


def test_negative_spike_alerts_once_per_episode(
    tmp_path: Path, store: Store, make_record: Callable[..., Record]
) -> None:
    config = make_config(tmp_path, {"channels": hook_channel(), "rules": [spike_rule()]})
    engine = AlertEngine(config)
    for week in range(1, 5):  # the usual: 3 negative replies at this hour of the week
        add_negative(store, make_record, 1000 * week, 3, NOW - timedelta(weeks=week))
    add_negative(store, make_record, 100, 12, NOW)
    assert engine.after_classify(store, NOW) == 1
    (alert,) = alert_rows(store)
    assert json.loads(alert["detail"])["count"] == 12 and json.loads(alert["detail"])["baseline"] == 3
    # Still spiking a few minutes later: the same episode.
    add_negative(store, make_record, 200, 3, NOW + timedelta(minutes=5))
    assert engine.after_classify(store, NOW + timedelta(minutes=5)) == 0
    # Quiet for a whole window, then a new spike: a new episode.
    assert engine.after_classify(store, NOW + timedelta(hours=3)) == 0
    add_negative(store, make_record, 300, 12, NOW + timedelta(hours=5))
    assert engine.after_classify(store, NOW + timedelta(hours=5)) == 1


def test_a_quiet_weeks_two_to_six_is_not_a_spike(
    tmp_path: Path, store: Store, make_record: Callable[..., Record]
) -> None:
    config = make_config(tmp_path, {"channels": hook_channel(), "rules": [spike_rule()]})
    for week in range(1, 5):
        add_negative(store, make_record, 1000 * week, 2, NOW - timedelta(weeks=week))
    add_negative(store, make_record, 100, 6, NOW)
    assert AlertEngine(config).after_classify(store, NOW) == 0


def test_replies_to_one_post_spike_names_the_post(
    tmp_path: Path, store: Store, make_record: Callable[..., Record]
) -> None:
    config = make_config(tmp_path, {"channels": hook_channel(), "rules": [spike_rule(metric="post_replies")]})
    post = make_record("1", kind="post", is_department=True, author_handle="RivertonPD",
                       created_at=NOW - timedelta(hours=2))
    replies = [reply(make_record, n, f"reply {n}") for n in range(2, 17)]
    store_records(store, [post, *replies])
    assert AlertEngine(config).after_page(store, NOW) == 1
    (alert,) = alert_rows(store)
    assert alert["uid"] == "x:1" and "15 replies to one department post" in alert["title"]


# -- collection stalled ---------------------------------------------------------------------------


def test_collection_stalled_alerts_once_per_stall(tmp_path: Path, store: Store) -> None:
    config = make_config(tmp_path, {"channels": hook_channel(),
                                    "rules": [{"name": "stalled", "type": "collection_stalled",
                                               "channels": ["hook"]}]})
    store.sync_accounts([a.model_dump() for a in config.accounts])
    engine = AlertEngine(config)
    assert engine.tick(store, NOW) == 1
    assert engine.tick(store, NOW + timedelta(minutes=1)) == 0
    with store.run("collect", platform="x", account="RivertonPD"):
        pass  # a successful collection
    engine.tick(store)  # healthy: the episode ends
    assert outbox.get_mark(store, "stalled:episode:x:RivertonPD") is None
    (alert,) = alert_rows(store)
    assert "x:RivertonPD: no successful collection" in alert["title"]


# -- delivery -------------------------------------------------------------------------------------


def test_urgent_replies_in_the_same_minute_become_one_message(
    tmp_path: Path, store: Store, make_record: Callable[..., Record], receiver: Receiver
) -> None:
    config = make_config(tmp_path, {"channels": hook_channel(), "rules": [urgent_rule(group_seconds=15)]})
    engine, worker = AlertEngine(config), DeliveryWorker(config)
    store_records(store, [reply(make_record, 2, "gas leak A")])
    engine.after_page(store, NOW)
    store_records(store, [reply(make_record, 3, "gas leak B"), reply(make_record, 4, "gas leak C")])
    engine.after_page(store, NOW + timedelta(seconds=10))
    assert worker.run_once(store, NOW + timedelta(seconds=5)) == 0  # still gathering
    assert worker.run_once(store, NOW + timedelta(seconds=16)) == 1
    (message,) = receiver.accepted()
    assert [a["uid"] for a in message.body["alerts"]] == ["x:2", "x:3", "x:4"]
    assert message.body["headline"] == "Test PD: urgent: 3 alerts"
    assert worker.run_once(store, NOW + timedelta(minutes=5)) == 0
    assert len(receiver.received) == 1


def test_a_failing_receiver_is_retried_with_backoff_and_delivered_once(
    tmp_path: Path, store: Store, make_record: Callable[..., Record], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(tmp_path, {"channels": hook_channel(), "rules": [urgent_rule()]})
    with Receiver(fail=lambda n: n < 2) as receiver:
        monkeypatch.setenv("ALERT_HOOK_URL", receiver.url("/hook"))
        engine, worker = AlertEngine(config), DeliveryWorker(config)
        store_records(store, [reply(make_record, 2, "gas leak")])
        engine.after_page(store, NOW)
        assert worker.run_once(store, NOW) == 0
        assert worker.run_once(store, NOW + timedelta(seconds=1)) == 0  # backing off: not tried yet
        assert len(receiver.received) == 1
        assert worker.run_once(store, NOW + timedelta(seconds=2)) == 0  # second failure, next wait 4 s
        assert worker.run_once(store, NOW + timedelta(seconds=7)) == 1
        keys = {r.headers["Idempotency-Key"] for r in receiver.received}
        assert len(receiver.received) == 3 and len(receiver.accepted()) == 1 and len(keys) == 1
    (row,) = outbox.recent(store, NOW - timedelta(hours=1))
    assert row["deliveries"][0]["attempts"] == 3 and row["deliveries"][0]["delivered_at"]


def test_a_dead_webhook_keeps_the_alert_and_the_error_names_no_url(
    tmp_path: Path, store: Store, make_record: Callable[..., Record], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(tmp_path, {"channels": hook_channel(), "rules": [urgent_rule()]})
    monkeypatch.setenv("ALERT_HOOK_URL", "http://127.0.0.1:9/secret-token-path")  # discard port: refused
    engine, worker = AlertEngine(config), DeliveryWorker(config)
    store_records(store, [reply(make_record, 2, "gas leak")])
    engine.after_page(store, NOW)
    for minute in range(0, 60, 6):
        worker.run_once(store, NOW + timedelta(minutes=minute))
    (row,) = outbox.recent(store, NOW - timedelta(hours=1))
    (delivery,) = row["deliveries"]
    assert delivery["delivered_at"] is None and delivery["attempts"] >= 5
    assert "secret-token-path" not in delivery["error"] and "hook (webhook)" in delivery["error"]
    assert outbox.next_wakeup(store) is not None  # still pending: it will be tried again


def test_escalation_after_the_delay_unless_someone_acted(
    tmp_path: Path, store: Store, make_record: Callable[..., Record], receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALERT_DUTY_URL", receiver.url("/duty"))
    channels = {**hook_channel(), "duty": {"type": "slack", "url_env": "ALERT_DUTY_URL"}}
    config = make_config(tmp_path, {"channels": channels, "rules": [
        urgent_rule(escalate={"after_minutes": 10, "channels": ["duty"]})]})
    engine, worker = AlertEngine(config), DeliveryWorker(config)
    store_records(store, [reply(make_record, 2, "gas leak A"), reply(make_record, 3, "gas leak B")])
    engine.after_page(store, NOW)
    worker.run_once(store, NOW)
    triage.set_status(store, "x:3", "in_progress", actor="alice", now=NOW + timedelta(minutes=4))
    engine.tick(store, NOW + timedelta(minutes=9))
    worker.run_once(store, NOW + timedelta(minutes=9))
    assert receiver.accepted("/duty") == []
    engine.tick(store, NOW + timedelta(minutes=11))
    worker.run_once(store, NOW + timedelta(minutes=11))
    (escalation,) = receiver.accepted("/duty")
    assert "ESCALATION (not acknowledged)" in escalation.body["text"]
    assert "gas leak A" in json.dumps(escalation.body) and "gas leak B" not in json.dumps(escalation.body)
    acked = {r["uid"]: r for r in alert_rows(store)}
    assert acked["x:3"]["acknowledged_by"] == "alice" and acked["x:2"]["acknowledged_at"] is None
    # Escalated once only.
    engine.tick(store, NOW + timedelta(minutes=30))
    worker.run_once(store, NOW + timedelta(minutes=30))
    assert len(receiver.accepted("/duty")) == 1


# -- CLI ------------------------------------------------------------------------------------------


def cli_config(tmp_path: Path, alerts: dict[str, Any]) -> Path:
    path = tmp_path / "config.yaml"
    data = {"department": {"name": "Test PD", "timezone": "America/Chicago"}, "data_dir": "data",
            "accounts": [{"platform": "x", "handle": "RivertonPD", "user_id": "1"}], "alerts": alerts}
    path.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "data").mkdir(exist_ok=True)
    return path


def test_alerts_test_sends_a_marked_message_and_list_shows_delivery_state(
    tmp_path: Path, make_record: Callable[..., Record], receiver: Receiver
) -> None:
    config_path = cli_config(tmp_path, {"channels": hook_channel(), "rules": [urgent_rule()]})
    runner = CliRunner()
    result = runner.invoke(app, ["alerts", "test", "--rule", "urgent", "--config", str(config_path)])
    assert result.exit_code == 0, result.output
    (message,) = receiver.accepted()
    assert message.body["test"] is True and message.body["headline"].startswith("TEST MESSAGE from engage")
    missing = runner.invoke(app, ["alerts", "test", "--rule", "nope", "--config", str(config_path)])
    assert missing.exit_code == 2 and "no rule 'nope' (rules: urgent)" in missing.output

    config = load_config(config_path)
    with Store.open(config.default_db) as store:
        now = datetime.now(UTC)
        store_records(store, [reply(make_record, 2, "gas leak", at=now)], now=now)
        AlertEngine(config).after_page(store)
        DeliveryWorker(config).run_once(store)
    listing = runner.invoke(app, ["alerts", "list", "--config", str(config_path)])
    assert listing.exit_code == 0, listing.output
    assert "urgent (unacknowledged): Urgent reply on x/RivertonPD (phrase 'gas leak')" in listing.output
    assert "alert      hook             delivered" in listing.output
    bad = runner.invoke(app, ["alerts", "list", "--since", "yesterday", "--config", str(config_path)])
    assert bad.exit_code == 2 and "--since 'yesterday'" in bad.output


def test_handover_lists_open_work_alerts_and_who_acknowledged(
    tmp_path: Path, make_record: Callable[..., Record]
) -> None:
    config_path = cli_config(tmp_path, {"channels": hook_channel(), "rules": [urgent_rule()]})
    config = load_config(config_path)
    now = datetime.now(UTC)
    with Store.open(config.default_db) as store:
        store_records(store, [reply(make_record, 2, "gas leak \x1b[31m on Elm", at=now),
                              reply(make_record, 3, "old question", at=now - timedelta(hours=30))], now=now)
        needs_response(store, ["x:3"])
        AlertEngine(config).after_page(store)
        triage.set_status(store, "x:2", "in_progress", actor="bob", now=now + timedelta(seconds=1))
    result = CliRunner().invoke(app, ["handover", "--since", "8h", "--config", str(config_path)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Came in: 2 public replies" in out and "Still open: 2" in out
    assert "acknowledged by bob" in out
    assert "Past the 24 h SLA and still open: 1" in out and "old question" in out
    assert "\x1b" not in out


def test_doctor_names_alert_channel_variables_without_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    example = Path(__file__).resolve().parent.parent / "config.yaml"
    monkeypatch.delenv("ENGAGE_ALERT_WEBHOOK_URL", raising=False)
    unset = CliRunner().invoke(app, ["doctor", "--config", str(example), "--db", str(tmp_path / "e.db")])
    assert "secret   alerts ops-webhook: ENGAGE_ALERT_WEBHOOK_URL NOT SET" in unset.stdout
    monkeypatch.setenv("ENGAGE_ALERT_WEBHOOK_URL", "https://hooks.example/very-secret-path")
    isset = CliRunner().invoke(app, ["doctor", "--config", str(example), "--db", str(tmp_path / "e.db")])
    assert "secret   alerts ops-webhook: ENGAGE_ALERT_WEBHOOK_URL set" in isset.stdout
    assert "very-secret-path" not in isset.output
