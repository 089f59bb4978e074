"""One base error (engage.errors.EngageError), translated once for the terminal and once for the web."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from engage.context import CommandGroup
from engage.errors import EngageError, InputError
from engage.store import Store
from tests.helpers.web import csrf, login

ROOT = Path(__file__).resolve().parent.parent


def _error_classes() -> list[tuple[str, str]]:
    """Every exception class defined in engage/ (any class whose base is ``Exception`` or an ``...Error``)."""
    found = []
    for path in sorted((ROOT / "engage").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            bases = [ast.unparse(base) for base in node.bases] if isinstance(node, ast.ClassDef) else []
            if any(base in {"Exception", "ValueError", "InputError"} or base.endswith("Error") for base in bases):
                found.append((module, node.name))
    return found


def test_every_engage_error_class_derives_from_the_base() -> None:
    classes = _error_classes()
    assert len(classes) >= 15
    strays = [f"{module}.{name}" for module, name in classes
              if not issubclass(getattr(importlib.import_module(module), name), EngageError)]
    assert not strays


def _app(error: Exception) -> typer.Typer:
    app = typer.Typer(cls=CommandGroup)

    @app.command()
    def boom() -> None:
        raise error

    @app.command()
    def fine() -> None:
        typer.echo("ok")

    return app


def test_a_command_group_turns_an_engage_error_into_one_line_and_its_exit_code() -> None:
    result = CliRunner().invoke(_app(InputError("config.yaml: department.timezone: 'Mars/Base' unknown\ndetail")),
                                ["boom"])
    assert result.exit_code == 2
    assert result.stderr == "engage: config.yaml: department.timezone: 'Mars/Base' unknown\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)

    result = CliRunner().invoke(_app(EngageError("engage.db: locked")), ["boom"])
    assert (result.exit_code, result.stderr) == (1, "engage: engage.db: locked\n")


def test_a_bug_is_not_dressed_up_as_a_user_error() -> None:
    result = CliRunner().invoke(_app(RuntimeError("a bug")), ["boom"])
    assert result.exit_code == 1 and isinstance(result.exception, RuntimeError)
    assert "engage:" not in result.stderr


def test_the_real_cli_reports_a_bad_config_in_one_line(tmp_path: Path) -> None:
    from engage.cli import app

    config = tmp_path / "config.yaml"
    config.write_text("department: [\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["status", "--config", str(config)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"engage: {config}") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("fast_hashing")
@pytest.mark.parametrize("htmx", [True, False])
def test_the_web_app_shows_an_engage_error_from_a_view_as_its_message(client: TestClient, app_store: Store,
                                                                      htmx: bool) -> None:
    login(client)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post("/act/note", data={"uid": "x:999", "note": "hello", "csrf_token": csrf(client)},
                           headers=headers)
    assert response.status_code == 400
    assert "x:999: not a public reply in the triage inbox" in response.text
    if htmx:
        assert response.headers["content-type"].startswith("text/plain")
    else:
        assert "<html" in response.text.lower() and "content-security-policy" in response.headers
