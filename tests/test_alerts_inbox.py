"""The inbox side of alerts: alerted replies are marked, and any triage action there acknowledges."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from engage.alerts import outbox
from engage.store import Store
from tests.helpers.web import NOW, csrf, login

pytestmark = pytest.mark.usefixtures("fast_hashing")


def row_of(html: str, uid: str) -> str:
    return re.search(rf'<tr class="item[^"]*" data-uid="{re.escape(uid)}".*?</tr>', html, re.S).group(0)


def test_inbox_marks_alerted_replies_and_an_action_there_acknowledges(
    client: TestClient, app_store: Store,  # noqa: F811 - the shared fixtures
) -> None:
    with app_store.db.atomic():
        outbox.raise_alerts(app_store, [outbox.NewAlert(key="urgent:x:202", rule="urgent", kind="urgent",
                                                        title="Urgent reply", uid="x:202")], ["hook"], now=NOW)
    login(client)
    page = client.get("/inbox").text
    assert 'class="badge alerted"' in row_of(page, "x:202")
    assert "alerted" not in row_of(page, "x:201")
    response = client.post("/act/assign", data={"uid": "x:202", "assignee": "me"},
                           headers={"HX-Request": "true", "X-CSRF-Token": csrf(client)})
    assert response.status_code == 200 and 'class="badge alerted"' in response.text  # the returned row too
    assert outbox.sync_acknowledgements(app_store) == 1
    (alert,) = outbox.recent(app_store, NOW.replace(year=2000))
    assert alert["acknowledged_by"] == "ann" and alert["acknowledged_at"] is not None
