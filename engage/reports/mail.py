"""Mailing the weekly summary: Markdown as the text part, the HTML page as the rich part and attachment.

The HTML is also attached as a file because many mail clients strip inline SVG; the attachment opens
in a browser exactly as the file in the reports folder. Credentials come only from the environment
variables named in ``reports.smtp`` and are never logged.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from engage.config import Config
from engage.errors import EngageError

log = logging.getLogger(__name__)
TIMEOUT_S = 30


class MailError(EngageError):
    """The summary could not be mailed; the message is one line naming the server."""


def build_message(config: Config, subject: str, html: str, text: str, filename: str) -> EmailMessage:
    smtp = config.reports.smtp
    if smtp is None:
        raise MailError("reports.smtp is not configured")
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = smtp.sender
    message["To"] = ", ".join(smtp.to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    message.add_attachment(html.encode("utf-8"), maintype="text", subtype="html", filename=filename)
    return message


def send_report(config: Config, subject: str, html: str, text: str, filename: str) -> None:
    """Send the summary to ``reports.smtp.to``; raise :class:`MailError` on any SMTP failure."""
    smtp = config.reports.smtp
    if smtp is None:
        raise MailError("reports.smtp is not configured")
    send_mail(config, build_message(config, subject, html, text, filename))
    log.info("weekly report mailed to %d recipient(s) via %s:%d", len(smtp.to), smtp.host, smtp.port)


def send_mail(config: Config, message: EmailMessage) -> None:
    """Send ``message`` through ``reports.smtp`` (From, Date and Message-ID filled in when missing)."""
    smtp = config.reports.smtp
    if smtp is None:
        raise MailError("reports.smtp is not configured")
    for header, value in (("From", smtp.sender), ("Date", formatdate(localtime=False)),
                          ("Message-ID", make_msgid(domain=smtp.sender.rpartition("@")[2] or None))):
        if header not in message:
            message[header] = value
    username, password = config.secret(smtp.username_env), config.secret(smtp.password_env)
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_S) as server:
            if smtp.starttls:
                server.starttls()
            if username and password:
                server.login(username, password)
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"mailing via {smtp.host}:{smtp.port} failed: {exc}") from None
