"""``engage triage ...``: the triage inbox in the terminal, beside ``engage.triage`` which it drives.

``list`` prints the inbox in priority order; every other subcommand is one audited change made by
the same function as the web form for it, through :func:`_apply` (find the reply, change, print what
changed). A change that cannot be made is a ``TriageError``, one line via the command group.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from engage import triage
from engage.context import DEFAULT_CONFIG, AppContext, CommandGroup, ConfigOpt, DbOpt, app_context
from engage.store import Store
from engage.timeutil import utcnow
from engage.triage import Change

triage_app = typer.Typer(cls=CommandGroup, no_args_is_help=True,
                         help="The triage inbox in the terminal: list what needs a reply, and act on it.")

UidArg = Annotated[str, typer.Argument(
    help="The reply's uid (platform:id) as `engage triage list` shows it, or the start of it that no other reply's "
         "uid shares.",
)]
ActorOpt = Annotated[
    str | None, typer.Option("--as", help="Name recorded in the audit log (default: cli:<login name>).")
]


def _actor(actor: str | None) -> str:
    return actor or f"cli:{getpass.getuser()}"


@triage_app.command("list")
def triage_list(
    status: Annotated[str, typer.Option(help="open, new, in_progress, responded, no_action, escalated, all.")] = "open",
    platform: Annotated[str | None, typer.Option(help="Only this platform.")] = None,
    account: Annotated[str | None, typer.Option(help="Only this department account.")] = None,
    topic: Annotated[str | None, typer.Option(help="Only this topic.")] = None,
    sentiment: Annotated[str | None, typer.Option(help="negative, neutral or positive.")] = None,
    assignee: Annotated[str | None, typer.Option(help="A user name, or 'unassigned'.")] = None,
    search: Annotated[str | None, typer.Option("--search", "-q", help="Full-text search.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many rows.")] = 30,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Print the inbox, most urgent first (urgent, needs response, SLA clock, negative, engagement)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from engage.web.text import one_line

    ctx = app_context(config, db)
    filt = triage.InboxFilter(status=status, platform=platform, account=account, topic=topic,
                              sentiment=sentiment, assignee=assignee, query=search)
    with ctx.store() as store:
        items = triage.inbox(store, filt, sla_hours=ctx.config.response.sla_hours, tz=ctx.config.department.tz,
                             page_size=limit)
        total = triage.count_inbox(store, filt, tz=ctx.config.department.tz)
    # No column rules, and the room goes to the words first (ABUSIVE, overdue): the text column gives way.
    table = Table(title=f"{total} replies ({status}), most urgent first", box=box.SIMPLE_HEAD, pad_edge=False,
                  padding=(0, 1, 0, 0))
    table.add_column("uid", overflow="fold", min_width=12)
    table.add_column("platform", no_wrap=True)
    table.add_column("flags", min_width=8)
    table.add_column("topics", min_width=8)
    table.add_column("age", no_wrap=True)
    table.add_column("status", min_width=6)
    table.add_column("text", overflow="ellipsis", no_wrap=True, min_width=16, max_width=100)
    for it in items:
        flags = " ".join(
            f for f in (
                "URGENT" if it.flagged("urgent") else "",
                "CANNOT READ " + (it.language or "?") if it.cannot_read else "",
                "reply" if it.flagged("needs_response") else "",
                "ABUSIVE" if it.flagged("abusive") else "",
                it.sla_label if it.sla_state else "",
                "neg" if it.labels["sentiment"] == "negative" else "",
            ) if f
        )
        # Text() never parses markup: public text is shown as typed, control characters neutralised.
        topics = ", ".join(t.replace("_", " ") for t in it.labels["topics"])
        table.add_row(Text(it.uid), Text(it.platform), Text(flags), Text(topics), Text(f"{it.age_hours:.0f}h"),
                      Text(it.status + (f" ({it.assignee})" if it.assignee else "")),
                      Text(one_line(it.text, 160)))
    Console().print(table)


def _apply(config: Path, db: Path | None, uid: str, change: Callable[[AppContext, Store, str], list[Change]]) -> None:
    """Open the store, make one audited triage change, print what changed; one line on failure.

    ``uid`` may be the start of a uid that only one reply has (see :func:`engage.triage.resolve_uid`);
    ``change`` gets the whole uid, and the printed changes name it.
    """
    ctx = app_context(config, db)
    with ctx.store() as store:
        changes = change(ctx, store, triage.resolve_uid(store, uid))
    if not changes:
        typer.echo("no change")
    for ch in changes:
        typer.echo(f"{ch.uid} {ch.field}: {ch.before or '-'} -> {ch.after or '-'}")


@triage_app.command("set")
def triage_set(
    uid: UidArg,
    status: Annotated[str, typer.Option(help="new, in_progress, responded, no_action or escalated.")],
    reason: Annotated[str | None, typer.Option(help="Why it is escalated (shown in the inbox).")] = None,
    actor: ActorOpt = None,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Set a reply's status (audited)."""
    _apply(config, db, uid, lambda ctx, store, full: triage.set_status(
        store, full, status, actor=_actor(actor), reason=reason))


@triage_app.command("answered-elsewhere")
def triage_answered_elsewhere(
    uid: UidArg,
    via: Annotated[str, typer.Option(help="phone, direct_message or in_person.")],
    at: Annotated[str | None, typer.Option(
        help="When it was answered: ISO 8601, or '2026-11-17 14:30' in the department's time zone (default: now).",
    )] = None,
    actor: ActorOpt = None,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Record an answer given off the platform: the reply becomes responded, counted as "answered elsewhere"."""
    def change(ctx: AppContext, store: Store, full_uid: str) -> list[Change]:
        when = triage.answer_time(at, ctx.config.department.tz) if at else None
        return triage.answer_elsewhere(store, full_uid, via, when or utcnow(), actor=_actor(actor))

    _apply(config, db, uid, change)


@triage_app.command("assign")
def triage_assign(
    uid: UidArg,
    assignee: Annotated[str, typer.Argument(help="User name, or '-' to unassign.")],
    actor: ActorOpt = None,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Assign a reply to a user (a new reply becomes in progress)."""
    who = None if assignee == "-" else assignee
    _apply(config, db, uid, lambda ctx, store, full: triage.assign(store, full, who, actor=_actor(actor)))


@triage_app.command("note")
def triage_note(
    uid: UidArg,
    text: Annotated[str, typer.Argument(help="The note ('' clears it).")],
    actor: ActorOpt = None,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Set the note on a reply (the previous note stays in the audit log)."""
    _apply(config, db, uid, lambda ctx, store, full: triage.set_note(store, full, text, actor=_actor(actor)))


@triage_app.command("correct")
def triage_correct(
    uid: UidArg,
    task: Annotated[str, typer.Option(help="sentiment, topics, needs_response, urgent or abusive.")],
    label: Annotated[list[str], typer.Option(help="The right label; repeat for several topics.")],
    actor: ActorOpt = None,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Correct a label: overrides the model in the inbox and reports, and teaches the topic model."""
    _apply(config, db, uid, lambda ctx, store, full: triage.correct_label(
        store, full, task, label, actor=_actor(actor), topics=[t.name for t in ctx.config.topics]
    ))
