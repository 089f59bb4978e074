"""What ``engage collect`` and ``engage import`` tell the operator: which accounts a run covers, and
what to do about the lines an import skipped.

Kept apart from ``engage.cli`` so both commands (and their tests) share one wording.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from engage.config import Account, Config
from engage.context import fail


def _matches(acc: Account, platforms: Sequence[str], handles: Sequence[str]) -> bool:
    """``acc`` is one of ``platforms`` and ``handles`` (empty: any); handles compare case-insensitively."""
    return (not platforms or acc.platform in platforms) and (
        not handles or acc.handle.lower() in {h.lower() for h in handles}
    )


def select_accounts(
    config: Config, config_path: Path, platforms: Sequence[str], handles: Sequence[str],
) -> list[Account]:
    """The enabled accounts a ``collect`` covers; fails with one line naming matching accounts left disabled."""
    matching = [a for a in config.accounts if _matches(a, platforms, handles)]
    enabled = [a for a in matching if a.enabled]
    if enabled:
        return enabled
    wanted = " ".join([*(f"platform={p}" for p in platforms), *(f"account={h}" for h in handles)])
    message = f"no enabled account matches {wanted or 'any account'} in {config_path}"
    disabled = [f"{a.platform}:{a.handle} is configured but enabled: false ({config_path})" for a in matching]
    fail("; ".join([message, *disabled]))


def skipped_files(rejected: Iterable[str], inbox: Path) -> list[str]:
    """The inbox files now in ``done/`` that the ``file:line: reason`` lines ``rejected`` came from.

    A file of which no line was a record went to ``failed/`` instead and is not named.
    """
    prefix = f"{inbox}/"
    names = dict.fromkeys(line[len(prefix):].split(":", 1)[0] for line in rejected if line.startswith(prefix))
    return [name for name in names if (inbox / "done" / name).is_file()]


def fail_if_skipped(skipped: int, allow_partial: bool, moved_to_done: Sequence[str] = ()) -> None:
    """Exit 1 with the count of skipped lines, unless ``allow_partial``; say how to load them again.

    ``moved_to_done``: watched-folder files (``done/<name>``) that were moved out of the inbox with
    their good lines stored. Importing such a file again after fixing it adds only the fixed lines:
    records are upserted by ``uid``, so the good ones are not duplicated.
    """
    if not skipped or allow_partial:
        return
    head = f"{skipped} line(s) skipped (listed above as file:line: reason); the other lines are stored. "
    if moved_to_done:
        where = ", ".join(f"done/{name}" for name in moved_to_done)
        fail(head + f"Fix the skipped lines in {where} and move it back into the inbox (the stored lines are "
             "not duplicated), or pass --allow-partial to accept the import as it is")
    fail(head + "Fix them and import the file again (the stored lines are not duplicated), "
         "or pass --allow-partial to accept the import as it is")
