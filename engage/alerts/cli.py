"""``engage alerts test|list`` and ``engage handover``: check a rule's channels, see what was sent, hand over."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from engage.context import DEFAULT_CONFIG, CommandGroup, ConfigOpt, DbOpt, app_context, fail
from engage.timeutil import utcnow

alerts_app = typer.Typer(cls=CommandGroup, no_args_is_help=True)
SPAN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhd])\s*$")
SPAN_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
SinceOpt = Annotated[str, typer.Option("--since", help="How far back: e.g. 30m, 8h, 2d.")]


def parse_span(value: str) -> timedelta:
    found = SPAN.match(value)
    if not found or float(found.group(1)) <= 0:
        fail(f"--since {value!r}: expected a positive number with m, h or d (e.g. 8h)", code=2)
    return timedelta(**{SPAN_UNITS[found.group(2)]: float(found.group(1))})


@alerts_app.command("test")
def test_rule(
    rule: Annotated[str, typer.Option("--rule", help="The rule whose channels get the test message.")],
    config: ConfigOpt = Path(DEFAULT_CONFIG),
) -> None:
    """Send a clearly marked test message to every channel of a rule (escalation channels included)."""
    from engage.alerts.channels import DeliveryError, Item, Rendered, Sender
    from engage.alerts.worker import engage_link

    ctx = app_context(config, None)
    found = ctx.config.alerts.rule(rule)
    if found is None:
        names = ", ".join(r.name for r in ctx.config.alerts.rules) or "none configured"
        fail(f"{config}: alerts.rules has no rule {rule!r} (rules: {names})", code=2)
    escalate = getattr(found, "escalate", None)
    channels = list(dict.fromkeys([*found.channels, *(escalate.channels if escalate else [])]))
    message = Rendered(
        key=f"test:{found.name}:{utcnow().timestamp():.0f}", rule=found.name, kind=found.type, stage="alert",
        department=ctx.config.department.name, test=True,
        items=(Item(title=f"Test of rule {found.name}", text="This is what a reply's text looks like here.",
                    engage_url=engage_link(ctx.config, "test")),),
    )
    sender = Sender(ctx.config)
    failed = 0
    try:
        for channel in channels:
            try:
                sender.send(channel, message)
                typer.echo(f"sent     {channel}")
            except DeliveryError as exc:
                failed += 1
                typer.echo(f"FAILED   {exc}")
    finally:
        sender.close()
    if failed:
        fail(f"{failed} of {len(channels)} channel(s) failed")


@alerts_app.command("list")
def list_alerts(
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
    since: SinceOpt = "24h",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (one object per alert).")] = False,
) -> None:
    """Recent alerts with each channel's delivery state (delivered, attempts, last error)."""
    from engage.alerts import outbox

    span = parse_span(since)
    ctx = app_context(config, db)
    with ctx.store() as store:
        outbox.sync_acknowledgements(store)
        alerts = outbox.recent(store, utcnow() - span)
    if as_json:
        typer.echo(json.dumps(alerts, sort_keys=True, indent=2))
        return
    if not alerts:
        typer.echo(f"no alerts in the last {since}")
    for alert in alerts:
        ack = f"ack {alert['acknowledged_by']}" if alert["acknowledged_at"] else "unacknowledged"
        typer.echo(f"#{alert['id']} {alert['created_at']} {alert['rule']} ({ack}): {alert['title']}")
        for d in alert["deliveries"]:
            state = f"delivered {d['delivered_at']}" if d["delivered_at"] else "PENDING"
            error = f", last error: {d['error']}" if d["error"] and not d["delivered_at"] else ""
            typer.echo(f"    {d['stage']:<10} {d['channel']:<16} {state}, attempts {d['attempts'] or 0}{error}")


def handover(
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
    since: SinceOpt = "8h",
    mail: Annotated[bool, typer.Option("--mail", help="Also mail it to alerts.handover's e-mail channels.")] = False,
) -> None:
    """The shift handover: what came in, what is open by priority, alerts and who acknowledged them, SLA breaches."""
    from engage.alerts import outbox
    from engage.alerts.handover import build_handover, send_handover

    span = parse_span(since)
    ctx = app_context(config, db)
    if mail and (ctx.config.alerts.handover is None or ctx.config.reports.smtp is None):
        fail(f"{config}: --mail needs alerts.handover and reports.smtp", code=2)
    with ctx.store() as store:
        outbox.sync_acknowledgements(store)
        typer.echo(build_handover(store, ctx.config, span).text(ctx.config))
        if mail:
            sent, _ = send_handover(store, ctx.config, span)
            typer.echo(f"mailed to {sent} channel(s)")
