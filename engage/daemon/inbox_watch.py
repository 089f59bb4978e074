"""Watching file accounts' inbox folders, so a dropped file is collected in seconds, not at the interval.

The daemon lists each enabled file account's inbox folder every ``POLL_S`` seconds and collects the
account as soon as a file there has *settled*: the same size and modification time on two listings in
a row, and unmodified for ``SETTLE_S`` (the file connector, run by the daemon, applies the same age
rule, so a collection at the interval cannot import a file half-copied either). Listing is used rather
than inotify (or ``watchfiles``): inotify does not fire for files written by another machine into an
NFS/SMB share or by the host into some Docker volume mounts, a polling fallback would be needed there
anyway, and listing one folder every few seconds costs next to nothing. The interval collection stays
as the fallback.

Each settled file triggers at most one collection (keyed by name, size and mtime), so a file that
cannot be moved to ``done/`` does not make the daemon collect every few seconds; it is retried at the
interval.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from connectors.file import inbox_files, is_settled

log = logging.getLogger(__name__)

POLL_S = 2.0
SETTLE_S = 3.0

Signature = tuple[str, int, int]  # name, size, mtime in nanoseconds


def listing(folder: Path) -> dict[str, tuple[Signature, float]]:
    """Each importable file's signature and mtime (seconds); empty when the folder is missing or unreadable."""
    try:
        paths = inbox_files(folder)
    except OSError:  # not there (yet), not a folder, or not readable: nothing to collect
        return {}
    out: dict[str, tuple[Signature, float]] = {}
    for path in paths:
        try:
            st = path.stat()
        except OSError:  # moved to done/ between the listing and this look
            continue
        out[path.name] = ((path.name, st.st_size, st.st_mtime_ns), st.st_mtime)
    return out


class InboxWatcher:
    """Tells, at each :meth:`poll`, which watched folders have a settled file not yet collected for."""

    def __init__(self, folders: dict[str, Path], settle_s: float = SETTLE_S) -> None:
        self.folders = folders  # collect job id -> inbox folder (a path that is not a folder lists empty)
        self.settle_s = settle_s
        self._previous: dict[str, dict[str, tuple[Signature, float]]] = {}
        self._triggered: dict[str, set[Signature]] = {key: set() for key in folders}

    def poll(self, busy: Callable[[str], bool]) -> list[str]:
        """The keys to collect now. A folder whose collection is ``busy`` is looked at again next poll
        (its running collection may have listed the folder before the new file arrived)."""
        due = []
        for key, folder in self.folders.items():
            now_listed = listing(folder)
            before = self._previous.get(key, {})
            self._previous[key] = now_listed
            ready = {sig for name, (sig, mtime) in now_listed.items()
                     if name in before and before[name][0] == sig and is_settled(mtime, self.settle_s)}
            # Forget files that left the folder, so the memory stays as small as the folder.
            triggered = self._triggered[key] & {sig for sig, _ in now_listed.values()}
            new = ready - triggered
            if new and not busy(key):
                triggered |= new
                due.append(key)
                log.info("inbox: %d new file(s) in %s; collecting now (%s)", len(new), folder,
                         ", ".join(sorted(name for name, _, _ in new)[:5]))
            self._triggered[key] = triggered
        return due

