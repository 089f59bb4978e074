"""Each channel's payload as its receiver gets it over HTTP on 127.0.0.1, and public text kept inert.

A hostile reply tries every trick a chat format offers (mentions, Markdown, Slack control sequences,
links, a right-to-left override); each format must carry it as text.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from connectors.base import Record
from engage.alerts import escaping
from engage.alerts.channels import sign
from engage.alerts.engine import AlertEngine
from engage.alerts.worker import DeliveryWorker
from engage.config import Config
from engage.store import Store
from tests.helpers.alerts import NOW, make_config, reply, store_records
from tests.webhook_receiver import Receiver

HOSTILE = ("gas leak!! @channel @here <!here> <!channel> <@U123> **CONFIRMED** [click me](https://evil.example/x)"
           " # heading ~town-square visit www.phish.example now \u202etxet")
SECRET = "hook-signing-secret"
FORMATS = ("webhook", "teams", "slack", "mattermost")


@pytest.fixture
def delivered(tmp_path: Path, store: Store, make_record: Callable[..., Record],
              monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Receiver, Config]]:
    """One hostile urgent reply delivered to all four webhook formats."""
    with Receiver() as receiver:
        channels: dict[str, Any] = {}
        for fmt in FORMATS:
            env = f"ALERT_{fmt.upper()}_URL"
            monkeypatch.setenv(env, receiver.url(f"/{fmt}"))
            channels[fmt] = {"type": fmt, "url_env": env}
        channels["webhook"]["secret_env"] = "ALERT_WEBHOOK_SECRET"
        monkeypatch.setenv("ALERT_WEBHOOK_SECRET", SECRET)
        config = make_config(tmp_path, {
            "public_url": "https://engage.example.org",
            "channels": channels,
            "rules": [{"name": "urgent", "type": "urgent", "keywords": ["gas leak"], "channels": list(FORMATS),
                       "group_seconds": 0}],
        })
        store_records(store, [reply(make_record, 1234567890, HOSTILE, author_handle="@everyone")])
        AlertEngine(config).after_page(store, NOW)
        assert DeliveryWorker(config).run_once(store, NOW) == len(FORMATS)
        yield receiver, config


def one(receiver: Receiver, fmt: str) -> Any:
    (request,) = receiver.accepted(f"/{fmt}")
    return request


def strings(payload: Any) -> Iterator[str]:
    if isinstance(payload, str):
        yield payload
    elif isinstance(payload, dict):
        for value in payload.values():
            yield from strings(value)
    elif isinstance(payload, list):
        for value in payload:
            yield from strings(value)


def assert_inert(text: str) -> None:
    for live in ("@channel", "@here", "@everyone", "<!here>", "<!channel>", "<@U123>", "https://evil", "evil.example",
                 "www.phish.example", "\u202e"):
        assert live not in text, f"{live!r} survived in {text!r}"


def test_generic_webhook_is_signed_keyed_and_carries_raw_text(delivered: tuple[Receiver, Config]) -> None:
    receiver, _ = delivered
    request = one(receiver, "webhook")
    stamp = request.headers["X-Engage-Timestamp"]
    expected = sign(SECRET, stamp, request.raw)
    assert hmac.compare_digest(request.headers["X-Engage-Signature"], expected)
    assert request.headers["X-Engage-Signature"].startswith("sha256=") and len(expected) == 7 + 64
    assert request.headers["Idempotency-Key"] == request.body["key"]
    body = request.body
    assert body["rule"] == "urgent" and body["kind"] == "urgent" and body["test"] is False
    (alert,) = body["alerts"]
    assert alert["text"] == HOSTILE  # raw for programs, JSON-encoded
    assert alert["uid"] == "x:1234567890" and alert["labels"] == []
    assert alert["engage_url"] == "https://engage.example.org/thread?uid=x%3A1234567890"
    assert alert["thread_url"] == "https://x.com/i/web/status/1234567890"
    assert SECRET not in request.raw.decode()


def test_teams_gets_an_adaptive_card_with_escaped_text_and_links_only_as_actions(
    delivered: tuple[Receiver, Config]
) -> None:
    receiver, _ = delivered
    body = one(receiver, "teams").body
    assert body["type"] == "message"
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    texts = [block["text"] for block in card["body"]]
    reply_text = next(t for t in texts if "CONFIRMED" in t)
    assert_inert(reply_text)
    assert "\\*\\*CONFIRMED\\*\\*" in reply_text and "\\[click me\\]" in reply_text and "\\# heading" in reply_text
    assert [a["type"] for a in card["actions"]] == ["Action.OpenUrl", "Action.OpenUrl"]
    assert card["actions"][0]["url"] == "https://engage.example.org/thread?uid=x%3A1234567890"


def test_slack_gets_public_text_only_as_plain_text(delivered: tuple[Receiver, Config]) -> None:
    receiver, _ = delivered
    body = one(receiver, "slack").body
    assert body["unfurl_links"] is False and "CONFIRMED" not in body["text"]  # the preview is our words only
    sections = [b for b in body["blocks"] if b["type"] == "section"]
    (section,) = sections
    assert section["text"]["type"] == "plain_text"
    assert_inert(section["text"]["text"])
    assert "&lt;!here&gt;" in section["text"]["text"]
    assert all(b["text"]["type"] == "plain_text" for b in body["blocks"] if "text" in b)
    (actions,) = [b for b in body["blocks"] if b["type"] == "actions"]
    assert [e["url"] for e in actions["elements"]][0].startswith("https://engage.example.org/")


def test_mattermost_gets_escaped_markdown_and_no_group_highlight(delivered: tuple[Receiver, Config]) -> None:
    receiver, _ = delivered
    body = one(receiver, "mattermost").body
    assert body["props"] == {"disable_group_highlight": True}
    quoted = next(line for line in body["text"].split("\n\n") if line.startswith("> "))
    assert_inert(quoted)
    assert "\\~town" in quoted and "\\*\\*CONFIRMED" in quoted
    assert "[Open in engage](https://engage.example.org/thread?uid=x%3A1234567890)" in body["text"]


def test_no_format_lets_a_mention_or_link_through(delivered: tuple[Receiver, Config]) -> None:
    receiver, _ = delivered
    for fmt in ("teams", "slack", "mattermost"):
        for text in strings(one(receiver, fmt).body):
            if "CONFIRMED" in text:
                assert_inert(text)


@pytest.mark.parametrize(("fmt", "text", "expected"), [
    ("slack", "a & b < c > d", "a &amp; b &lt; c &gt; d"),
    ("markdown", "1. not a list", "1\\. not a list"),
    ("markdown", "- not a bullet", "\\- not a bullet"),
    ("markdown", "`code` and _under_", "\\`code\\` and \\_under\\_"),
    ("plain", "see http://x.example.org/a", "see hxxp[:]//x[.]example[.]org/a"),
])
def test_escaping_per_format(fmt: str, text: str, expected: str) -> None:
    assert getattr(escaping, fmt)(text) == expected


def test_clean_cuts_long_text_and_strips_controls() -> None:
    assert escaping.clean("a\x1b[31mb\n\nc  " + "x" * 500, 20) == "a[31mb c xxxxxxxxxx…"


def local_smtp(port: int) -> dict[str, Any]:
    return {"host": "127.0.0.1", "port": port, "starttls": False, "sender": "engage@example.org",
            "to": ["chief@example.org"]}


def test_email_channel_mails_plain_text_with_our_subject(
    tmp_path: Path, store: Store, make_record: Callable[..., Record],
    smtp_server: tuple[int, list[Message]],  # noqa: F811 - the shared fixture
) -> None:
    port, received = smtp_server
    smtp = local_smtp(port)
    config = make_config(tmp_path, {
        "channels": {"duty": {"type": "email", "to": ["duty@example.org"]}},
        "rules": [{"name": "urgent", "type": "urgent", "keywords": ["gas leak"], "channels": ["duty"],
                   "group_seconds": 0}],
    }, reports={"smtp": smtp})
    store_records(store, [reply(make_record, 2, "gas leak\nBcc: everyone@example.org https://evil.example")])
    AlertEngine(config).after_page(store, NOW)
    assert DeliveryWorker(config).run_once(store, NOW) == 1
    (mail,) = received
    assert mail["To"] == "duty@example.org" and mail["Bcc"] is None
    assert mail["Subject"] == "Test PD: urgent: Urgent reply on x/RivertonPD (phrase 'gas leak')"
    body = mail.get_payload(decode=True).decode()
    assert "hxxps[:]//evil[.]example" in body and "https://evil" not in body
    assert mail["X-Engage-Alert-Key"]


def test_handover_mail_goes_to_the_email_channel(
    tmp_path: Path, store: Store, make_record: Callable[..., Record],
    smtp_server: tuple[int, list[Message]],  # noqa: F811 - the shared fixture
) -> None:
    from engage.alerts.handover import send_handover

    port, received = smtp_server
    smtp = local_smtp(port)
    config = make_config(tmp_path, {"channels": {"duty": {"type": "email"}},
                                    "handover": {"times": ["07:00", "19:00"], "channels": ["duty"]}},
                         reports={"smtp": smtp})
    now = datetime.now(UTC)
    store_records(store, [reply(make_record, 2, "is the road open?", at=now)], now=now)
    assert send_handover(store, config, timedelta(hours=8)) == (1, {"channels": ["duty"]})
    (mail,) = received
    assert mail["To"] == "chief@example.org" and "shift handover" in mail["Subject"]
    assert "Came in: 1 public replies" in mail.get_payload(decode=True).decode()


def test_no_log_line_names_a_webhook_url(
    tmp_path: Path, store: Store, make_record: Callable[..., Record], monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Regression: the daemon's log showed httpx's "HTTP Request: POST <webhook URL>" lines."""
    caplog.set_level(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.NOTSET)
    with Receiver(fail=lambda n: n == 0) as receiver:
        monkeypatch.setenv("ALERT_HOOK_URL", receiver.url("/secret-token"))
        config = make_config(tmp_path, {"channels": {"hook": {"type": "slack", "url_env": "ALERT_HOOK_URL"}},
                                        "rules": [{"name": "urgent", "type": "urgent", "keywords": ["gas leak"],
                                                   "channels": ["hook"], "group_seconds": 0}]})
        store_records(store, [reply(make_record, 2, "gas leak")])
        AlertEngine(config).after_page(store, NOW)
        worker = DeliveryWorker(config)
        worker.run_once(store, NOW)
        assert worker.run_once(store, NOW + timedelta(minutes=1)) == 1
    assert "alert delivered" in caplog.text and "alert delivery failed" in caplog.text
    assert "secret-token" not in caplog.text and "127.0.0.1" not in caplog.text


def test_a_payload_is_json_with_unicode_intact(delivered: tuple[Receiver, Config]) -> None:
    receiver, _ = delivered
    raw = one(receiver, "webhook").raw.decode("utf-8")
    assert json.loads(raw)["alerts"][0]["text"].endswith("\u202etxet")


def test_an_alert_links_a_mastodon_status_on_the_configured_instance(
    tmp_path: Path, store: Store, make_record: Callable[..., Record]
) -> None:
    # The alert message's link used to be built without the instance, so a Mastodon alert had none.
    from engage.alerts.worker import item_for

    config = make_config(tmp_path, {"channels": {}, "rules": []},
                         credentials={"mastodon": {"api_base_url": "https://social.example"}})
    store_records(store, [make_record("1099", platform="mastodon", text="gas leak", account="lakeside")])
    store.db["alerts"].insert({"id": 1, "key": "urgent:mastodon:1099", "rule": "urgent", "kind": "urgent",
                               "uid": "mastodon:1099", "title": "urgent", "created_at": "2026-10-05T15:00:00Z"})
    assert item_for(store, config, 1).thread_url == "https://social.example/web/statuses/1099"
