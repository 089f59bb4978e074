"""``engage handover``: what the next shift needs to know, as terminal text and as an e-mail.

What came in during the shift, what is still open by priority (the inbox's order), the alerts raised
and who acknowledged them, and the open replies past their SLA. Public text is cleaned of control
characters (terminal escapes) and cut short; the e-mail has its links defanged like any alert. SLA
breaches are looked for among the 500 highest-priority open items (the inbox's order puts actionable,
older replies first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from engage import triage
from engage.alerts import escaping, outbox
from engage.config import Config
from engage.schema import PUBLIC_REPLY_WHERE
from engage.store import Store
from engage.timeutil import from_db, to_db, utcnow

TOP_OPEN = 10
TEXT_CHARS = 100


@dataclass(frozen=True)
class HandoverReport:
    since: datetime
    until: datetime
    new_replies: int
    new_urgent: int
    new_cannot_read: int  # replies in a language no urgent model reads: a person must look
    open_total: int
    open_top: list[triage.InboxItem]
    alerts: list[dict[str, Any]]
    breaches: list[triage.InboxItem]

    def text(self, config: Config, fmt: str = "terminal") -> str:
        """The report as plain lines; ``fmt`` picks how public text is escaped (``terminal``, ``email``)."""
        tz = config.department.tz

        def when(value: datetime | str) -> str:
            moment = from_db(value) if isinstance(value, str) else value
            return f"{moment.astimezone(tz):%a %H:%M}"

        def quote(text: str) -> str:
            cleaned = escaping.clean(text, TEXT_CHARS)
            return escaping.for_format(fmt, cleaned)

        lines = [f"Handover for {config.department.name}: {when(self.since)} to {when(self.until)} ({tz.key})", "",
                 f"Came in: {self.new_replies} public replies, {self.new_urgent} labelled urgent, "
                 f"{self.new_cannot_read} in a language no model reads.", "",
                 f"Still open: {self.open_total} (most urgent first):"]
        for item in self.open_top:
            flags = ", ".join(f for f, on in (("URGENT", item.flagged("urgent")), (item.cannot_read, item.cannot_read),
                                              ("needs reply", item.flagged("needs_response"))) if on) or "-"
            lines.append(f"  [{flags}] {item.platform}/{item.account}, {item.sla_label}, "
                         f"{item.age_hours:.1f} h: \"{quote(item.text)}\"")
        if not self.open_top:
            lines.append("  nothing open")
        lines += ["", f"Alerts raised: {len(self.alerts)}"]
        for alert in self.alerts:
            ack = (f"acknowledged by {alert['acknowledged_by']} at {when(alert['acknowledged_at'])}"
                   if alert["acknowledged_at"] else "NOT acknowledged")
            sent = ", ".join(f"{d['channel']}{'' if d['delivered_at'] else ' (pending)'}" for d in alert["deliveries"])
            lines.append(f"  {when(alert['created_at'])} {alert['rule']}: {alert['title']}; {ack}; "
                         f"sent to {sent or '-'}")
        lines += ["", f"Past the {config.response.sla_hours:g} h SLA and still open: {len(self.breaches)}"]
        for item in self.breaches[:TOP_OPEN]:
            lines.append(f"  {item.platform}/{item.account}, {item.age_hours:.1f} h: \"{quote(item.text)}\"")
        return "\n".join(lines)


def build_handover(store: Store, config: Config, since: timedelta, now: datetime | None = None) -> HandoverReport:
    now = now or utcnow()
    start = now - since
    tz, sla = config.department.tz, config.response.sla_hours
    new, urgent, cannot_read = store.db.execute(
        f"SELECT count(*), coalesce(sum(t.rank_urgent > {triage.CANNOT_READ_RANK}), 0),"  # noqa: S608
        f" coalesce(sum(t.rank_urgent = {triage.CANNOT_READ_RANK}), 0) FROM posts p LEFT JOIN triage t ON t.uid = p.uid"
        f" WHERE {PUBLIC_REPLY_WHERE} AND p.collected_at >= ?",  # the schema's one public-reply rule
        [to_db(start)],
    ).fetchone()
    everything_open = triage.InboxFilter()
    top = triage.inbox(store, everything_open, sla_hours=sla, tz=tz, now=now, page_size=TOP_OPEN)
    overdue = [item for item in triage.inbox(store, everything_open, sla_hours=sla, tz=tz, now=now, page_size=500)
               if item.sla_state == 2
               and (item.flagged("needs_response") or item.flagged("urgent") or item.cannot_read)]
    return HandoverReport(
        since=start, until=now, new_replies=int(new), new_urgent=int(urgent), new_cannot_read=int(cannot_read),
        open_total=triage.count_inbox(store, everything_open, tz=tz), open_top=top,
        alerts=list(reversed(outbox.recent(store, start))), breaches=overdue,
    )


def send_handover(store: Store, config: Config, since: timedelta | None = None) -> tuple[int, dict[str, Any]]:
    """Mail the handover to the e-mail channels of ``alerts.handover`` (the daemon does this at shift changes)."""
    from email.message import EmailMessage

    from engage.reports.mail import send_mail

    settings = config.alerts.handover
    smtp = config.reports.smtp
    if settings is None or smtp is None:
        return 0, {}
    report = build_handover(store, config, since or _shift_length(settings.times))
    for name in settings.channels:
        channel = config.alerts.channels[name]
        mail = EmailMessage()
        local_end = report.until.astimezone(config.department.tz)
        mail["Subject"] = f"{config.department.name}: shift handover {local_end:%a %H:%M}"
        mail["To"] = ", ".join(getattr(channel, "to", None) or smtp.to)
        mail.set_content(report.text(config, "email"), subtype="plain", charset="utf-8")
        send_mail(config, mail)
    return len(settings.channels), {"channels": settings.channels}


def _shift_length(times: list[Any]) -> timedelta:
    """The gap before the next shift change (the shortest gap between configured times), else 8 h."""
    minutes = sorted(t.hour * 60 + t.minute for t in times)
    if len(minutes) < 2:
        return timedelta(hours=24)
    gaps = [b - a for a, b in zip(minutes, minutes[1:], strict=False)] + [minutes[0] + 1440 - minutes[-1]]
    return timedelta(minutes=min(gaps))
