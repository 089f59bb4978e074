"""CLI commands of the web app: ``engage serve`` and ``engage users ...``.

``engage.cli`` mounts ``serve`` (a command function) and ``users_app`` (a Typer group). Heavy imports
(uvicorn, FastAPI) happen inside the commands. The terminal triage commands live in ``engage.triage_cli``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from engage.config import Web
from engage.context import DEFAULT_CONFIG, CommandGroup, ConfigOpt, DbOpt, app_context, fail

log = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    host: Annotated[str, typer.Option(help="Address to bind. Keep the loopback default behind a TLS proxy.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Answers and hides are recorded but never posted (as answering.dry_run: true).")] = False,
) -> None:
    """Serve the triage inbox, dashboard and reports at http://HOST:PORT (sign in with `engage users add`)."""
    import uvicorn

    from engage.web.app import create_app

    ctx = app_context(config, db)
    if not ctx.db_path.exists():
        fail(f"{ctx.db_path}: no database yet (run `engage collect` or `engage demo` first)")
    if host not in LOOPBACK:
        log.warning(
            "binding to %s: the app speaks plain HTTP; put it behind a TLS reverse proxy and set "
            "web.secure_cookies: true", host
        )
    with ctx.store() as store:
        if store.count("users") == 0:
            typer.echo("no users yet: add one with `engage users add NAME --role admin`", err=True)
    config_used = ctx.config
    if dry_run:
        config_used = config_used.model_copy(
            update={"answering": config_used.answering.model_copy(update={"dry_run": True})})
    if config_used.answering.dry_run:
        typer.echo("engage: answering in dry-run mode: nothing is posted to any platform", err=True)
    app = create_app(config_used, ctx.db_path, warm_dashboard=True)
    typer.echo(f"engage: serving {ctx.db_path} at http://{host}:{port} (Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, server_header=False, log_level="info", **proxy_options(ctx.config.web))


def proxy_options(web: Web) -> dict[str, Any]:
    """uvicorn's proxy settings: ``X-Forwarded-*`` is believed only from ``web.trusted_proxies``.

    Trusting it from 127.0.0.1 by default would let any local process pick its apparent address,
    and so step around the per-client sign-in limit.
    """
    if not web.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": list(web.trusted_proxies)}


# -- users --------------------------------------------------------------------------------------

users_app = typer.Typer(cls=CommandGroup, no_args_is_help=True,
                        help="Accounts for the web app: admin, responder (triages) or viewer (reads only).")


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="User name (letters, digits, . _ -).")],
    role: Annotated[str, typer.Option(help="admin, approver, responder or viewer.")] = "responder",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin (scripts).")
    ] = False,
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Add a user; the password is asked twice (hidden) and stored only as an argon2id hash."""
    from engage.web.auth import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    ctx = app_context(config, db)
    with ctx.store() as store:
        user = add_user(store, name, role, password)
    typer.echo(f"added {user.name} ({user.role})")


@users_app.command("list")
def users_list(config: ConfigOpt = Path(DEFAULT_CONFIG), db: DbOpt = None) -> None:
    """List users and their roles."""
    from engage.web.auth import list_users

    ctx = app_context(config, db)
    with ctx.store() as store:
        rows = list_users(store)
    if not rows:
        typer.echo("no users (add one with `engage users add NAME --role admin`)")
    for row in rows:
        typer.echo(f"{row['name']}\t{row['role']}\tsince {row['created_at'][:10]}")


@users_app.command("remove")
def users_remove(
    name: Annotated[str, typer.Argument(help="The user to remove; their sessions end at once.")],
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
) -> None:
    """Remove a user (their name stays in the audit log)."""
    from engage.web.auth import remove_user

    ctx = app_context(config, db)
    with ctx.store() as store:
        remove_user(store, name)
    typer.echo(f"removed {name}")
