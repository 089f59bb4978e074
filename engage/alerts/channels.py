"""One message, five formats: generic JSON webhook (HMAC-signed), Microsoft Teams, Slack, Mattermost, e-mail.

Each builder takes a :class:`Rendered` message (what the alerts say, public text still raw) and returns
the channel's payload with the public text escaped for that format (``escaping``). Sending is a plain
HTTPS POST with httpx (or SMTP for e-mail); a channel that answers anything but 2xx has failed and the
worker retries. URLs and secrets come from the environment variables named in config and never appear
in an error message, a log line or the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from email.message import EmailMessage
from typing import Any

import httpx

from engage.alerts import escaping
from engage.alerts.settings import ChatChannel, EmailChannel, WebhookChannel
from engage.config import Config
from engage.errors import EngageError

TEXT_CHARS = 280
HTTP_TIMEOUT_S = 10.0
SIGNATURE_HEADER = "X-Engage-Signature"
TIMESTAMP_HEADER = "X-Engage-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
TEST_BANNER = "TEST MESSAGE from engage (no action needed)"
# httpx logs every request's URL at INFO, and a webhook URL is a secret.
QUIET_LOGGERS = ("httpx", "httpcore")


class DeliveryError(EngageError):
    """A channel did not take the message; one line, never containing a URL or secret."""


@dataclass(frozen=True)
class Item:
    """One alert as a message shows it. ``text`` is the reply's public text, unescaped."""

    title: str
    text: str | None = None
    platform: str | None = None
    account: str | None = None
    author: str | None = None
    created_at: str | None = None
    labels: tuple[str, ...] = ()
    thread_url: str | None = None
    engage_url: str | None = None
    uid: str | None = None
    alert_id: int | None = None


@dataclass(frozen=True)
class Rendered:
    key: str
    rule: str
    kind: str
    stage: str
    items: tuple[Item, ...]
    department: str
    test: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        """Our own words only (no public text): safe as a notification preview and a mail subject."""
        lead = f"{TEST_BANNER}: " if self.test else ("ESCALATION (not acknowledged): " if self.stage == "escalation"
                                                       else "")
        what = self.items[0].title if len(self.items) == 1 else f"{len(self.items)} alerts"
        return f"{lead}{self.department}: {self.rule}: {what}"


def _text(fmt: str, item: Item) -> str:
    return escaping.for_format(fmt, escaping.clean(item.text or "", TEXT_CHARS))


def _meta(item: Item) -> str:
    parts = [p for p in (item.platform and f"{item.platform}/{item.account}", item.created_at,
                         ", ".join(item.labels) or None) if p]
    return " · ".join(parts)


def webhook_payload(message: Rendered) -> dict[str, Any]:
    """Raw text, JSON-encoded: the receiver is a program; it must escape before display."""
    return {
        "key": message.key, "rule": message.rule, "kind": message.kind, "stage": message.stage,
        "test": message.test, "department": message.department, "headline": message.headline,
        "alerts": [{k: v for k, v in asdict(item).items() if v is not None} for item in message.items],
        **message.extra,
    }


def teams_payload(message: Rendered) -> dict[str, Any]:
    """An Adaptive Card for a Teams Workflows (or legacy) incoming webhook; links only as card actions."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": escaping.markdown(message.headline), "weight": "Bolder", "wrap": True,
         "size": "Medium", "color": "Attention" if message.kind == "urgent" else "Default"},
    ]
    actions: list[dict[str, Any]] = []
    for item in message.items:
        body.append({"type": "TextBlock", "text": escaping.markdown(item.title), "weight": "Bolder", "wrap": True,
                     "spacing": "Medium", "separator": True})
        if item.text:
            body.append({"type": "TextBlock", "text": _text("teams", item), "wrap": True})
        if _meta(item):
            body.append({"type": "TextBlock", "text": escaping.markdown(_meta(item)), "isSubtle": True,
                         "wrap": True, "size": "Small"})
        for label, url in (("Open in engage", item.engage_url), ("Thread", item.thread_url)):
            if url and len(actions) < 6:  # Teams renders at most six actions
                actions.append({"type": "Action.OpenUrl", "title": label, "url": url})
    card = {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard",
            "version": "1.4", "body": body, "actions": actions, "msteams": {"width": "Full"}}
    return {"type": "message",
            "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "content": card}]}


def slack_payload(message: Rendered) -> dict[str, Any]:
    """Block Kit: public text only in ``plain_text`` (no mrkdwn, no mentions); links only as buttons."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": escaping.clean(message.headline, 150)}},
    ]
    for item in message.items:
        lines = [escaping.slack(item.title)]
        if item.text:
            lines.append(_text("slack", item))
        if _meta(item):
            lines.append(escaping.slack(_meta(item)))
        blocks.append({"type": "section", "text": {"type": "plain_text", "text": "\n".join(lines)[:3000],
                                                   "emoji": False}})
        buttons = [{"type": "button", "text": {"type": "plain_text", "text": label}, "url": url}
                   for label, url in (("Open in engage", item.engage_url), ("Thread", item.thread_url)) if url]
        if buttons:
            blocks.append({"type": "actions", "elements": buttons})
    # ``text`` is the notification preview and is parsed as mrkdwn: our words only.
    return {"text": escaping.slack(message.headline), "blocks": blocks[:50], "unfurl_links": False,
            "unfurl_media": False}


def mattermost_payload(message: Rendered) -> dict[str, Any]:
    """Markdown with every public character escaped; our links as Markdown links to URLs we built."""
    lines = [f"#### {escaping.markdown(message.headline)}"]
    for item in message.items:
        lines.append(f"**{escaping.markdown(item.title)}**")
        if item.text:
            lines.append(f"> {_text('mattermost', item)}")
        if _meta(item):
            lines.append(escaping.markdown(_meta(item)))
        links = [f"[{label}]({_md_url(url)})" for label, url in
                 (("Open in engage", item.engage_url), ("Thread", item.thread_url)) if url]
        if links:
            lines.append(" · ".join(links))
    return {"text": "\n\n".join(lines), "props": {"disable_group_highlight": True}}


def _md_url(url: str) -> str:
    """A URL we built, with the characters that could end a Markdown link destination encoded."""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def email_body(message: Rendered) -> str:
    lines = [message.headline, ""]
    for item in message.items:
        lines.append(f"* {item.title}")
        if item.text:
            lines.append(f"  \"{_text('email', item)}\"")
        if _meta(item):
            lines.append(f"  {_meta(item)}")
        for label, url in (("open in engage", item.engage_url), ("thread", item.thread_url)):
            if url:
                lines.append(f"  {label}: {url}")
        lines.append("")
    lines.append("Public text above is quoted as written; links in it are defanged.")
    return "\n".join(lines)


PAYLOADS: dict[str, Callable[[Rendered], dict[str, Any]]] = {
    "webhook": webhook_payload, "teams": teams_payload, "slack": slack_payload, "mattermost": mattermost_payload,
}


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``<timestamp>.<body>`` (the timestamp stops replays)."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body,
                                hashlib.sha256).hexdigest()


class Sender:
    """Sends a rendered message to a named channel of the config."""

    def __init__(self, config: Config, client: httpx.Client | None = None,
                 mail: Callable[[Config, EmailMessage], None] | None = None) -> None:
        self.config = config
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)
        self._client = client
        self._mail = mail

    @property
    def client(self) -> httpx.Client:
        """Built on first use: an idle daemon never pays for loading the CA bundle."""
        if self._client is None:
            self._client = httpx.Client(timeout=HTTP_TIMEOUT_S, follow_redirects=False)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def send(self, channel_name: str, message: Rendered) -> None:
        channel = self.config.alerts.channels.get(channel_name)
        if channel is None:
            raise DeliveryError(f"channel {channel_name!r} is no longer in alerts.channels")
        if isinstance(channel, EmailChannel):
            self._send_email(channel, message)
            return
        url = self._secret(channel.url_env, channel_name)
        body = json.dumps(PAYLOADS[channel.type](message), ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", IDEMPOTENCY_HEADER: message.key}
        if isinstance(channel, WebhookChannel) and channel.secret_env:
            stamp = str(int(time.time()))
            headers[TIMESTAMP_HEADER] = stamp
            headers[SIGNATURE_HEADER] = sign(self._secret(channel.secret_env, channel_name), stamp, body)
        self._post(channel_name, channel, url, body, headers)

    def _post(self, name: str, channel: WebhookChannel | ChatChannel, url: str, body: bytes,
              headers: dict[str, str]) -> None:
        try:
            response = self.client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            # httpx puts the URL in some messages; the URL is a secret, so only the class and errno text.
            reason = str(exc).replace(url, "<url>").splitlines()[0] if str(exc) else ""
            raise DeliveryError(f"{name} ({channel.type}): {type(exc).__name__} {reason}".rstrip()) from None
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"{name} ({channel.type}): HTTP {response.status_code}")

    def _secret(self, env_name: str, channel_name: str) -> str:
        value = self.config.secret(env_name)
        if not value:
            raise DeliveryError(f"{channel_name}: environment variable {env_name} is not set")
        return value

    def _send_email(self, channel: EmailChannel, message: Rendered) -> None:
        from engage.reports.mail import MailError, send_mail

        smtp = self.config.reports.smtp
        if smtp is None:
            raise DeliveryError("e-mail channel: reports.smtp is not configured")
        mail = EmailMessage()
        mail["Subject"] = escaping.clean(message.headline, 200)
        mail["To"] = ", ".join(channel.to or smtp.to)
        mail["X-Engage-Alert-Key"] = message.key
        mail.set_content(email_body(message), subtype="plain", charset="utf-8")
        try:
            (self._mail or send_mail)(self.config, mail)
        except MailError as exc:
            raise DeliveryError(str(exc)) from None
