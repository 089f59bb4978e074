"""The daemon's alert hooks in-process: phrases right after a collection page commits, the classifier
after each classified batch (the suite replaced by a deterministic stand-in, as in test_daemon)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engage.config import Config
from engage.store import Store
from tests.helpers.daemon import Expect, FakeInfo, FakePrediction, fire, write_config, write_records


class UrgentSuite:
    """Labels "reply 5" urgent (score 0.9) and everything else not."""

    infos = {"urgent": FakeInfo("urgent", "fake-urgent@1", ("no", "yes"))}

    def predict(self, texts: list[str]) -> dict[str, list[FakePrediction]]:
        return {"urgent": [FakePrediction(("yes",), {"yes": 0.9, "no": 0.1}) if t == "reply 5"
                           else FakePrediction(("no",), {"yes": 0.1, "no": 0.9}) for t in texts]}


def test_daemon_raises_phrase_alerts_after_the_page_and_classifier_alerts_after_the_batch(
    tmp_path: Path, inbox: Path, make_daemon, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
) -> None:
    import engage.classify

    def load(config: Config, store: Store | None = None) -> UrgentSuite:
        return UrgentSuite()

    monkeypatch.setattr(engage.classify, "load_suite_from_config", load)
    alerts = {"channels": {"hook": {"type": "webhook", "url_env": "ALERT_UNSET_URL"}},
              "rules": [{"name": "urgent", "type": "urgent", "keywords": ["reply 2"], "channels": ["hook"],
                         "max_age_hours": 1_000_000}]}
    config_path = write_config(tmp_path, [{"platform": "file", "handle": "inbox", "path": str(inbox)}],
                               alerts=alerts)
    daemon = make_daemon(config_path, classify=True)
    assert {"alerts:deliver", "alerts:tick"} <= {job.id for job in daemon.scheduler.get_jobs()}
    write_records(inbox / "a.jsonl", 1, 30)

    def raised() -> dict[str, str]:
        with Store.open(daemon.db_path) as store:
            return {r["uid"]: json.loads(r["detail"])["source"] for r in store.db.query("SELECT * FROM alerts")}
    with Expect(daemon, "classify") as classified:
        fire(daemon, "collect:file:inbox")
        classified.wait()
    # "reply 20".."reply 29" do not contain the phrase "reply 2" (word boundaries).
    assert raised() == {"x:2": "phrase", "x:5": "classifier"}
    with Store.open(daemon.db_path) as store:
        phrase_at = store.db.execute("SELECT created_at FROM alerts WHERE uid = 'x:2'").fetchone()[0]
        classify_started = store.db.execute("SELECT started_at FROM runs WHERE kind = 'classify'").fetchone()[0]
    assert phrase_at <= classify_started  # raised after the page committed, before any model ran
