"""The one base of every failure a user can act on: a one-line message, an exit code, an HTTP status.

Each error class of ``engage`` derives from :class:`EngageError` and says which exit code (and, for the
web app, which HTTP status) it means. The command line turns any of them into ``engage: <message>`` on
stderr and that exit code, in one place (``engage.context.CommandGroup``); the web app turns them into
an error page or an htmx message, in one place (``engage.web.app``). Code that raises one never needs
to know which of the two is asking.

``connectors`` cannot import this (it never imports ``engage``): ``engage.collect`` records a
``ConnectorError`` on the run instead of failing the command.
"""

from __future__ import annotations

from connectors.base import ConnectorError


class EngageError(Exception):
    """A failure a person can act on; ``str()`` names the file, field or value in one line."""

    exit_code: int = 1
    """1: the job failed; 2: the input (config, options, a file given) is wrong."""
    http_status: int = 400

    @property
    def message(self) -> str:
        """The first line only: an error is one line, whatever an underlying library put in it."""
        text = str(self).strip()
        return text.splitlines()[0] if text else type(self).__name__


class InputError(EngageError):
    """The input is wrong (a config, an option, a file given): exit code 2."""

    exit_code = 2


def error_line(exc: BaseException) -> str:
    """``exc`` as the one line a ``runs`` row or a log keeps: a connector's message as it is (it is
    written for the user), anything else prefixed with its type. Never a traceback."""
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    return first if isinstance(exc, ConnectorError) else f"{type(exc).__name__}: {first}".rstrip(": ")
