"""One daemon per database: an exclusive ``flock`` on a file beside the database.

The kernel releases a ``flock`` when its process dies, however it dies (``kill -9`` included), so a
crashed daemon never leaves a stale lock behind, and the next ``engage run`` starts without manual
cleanup. The holder writes its pid into the file only so that a refused second daemon can say who
holds it. POSIX only (Linux servers, containers, macOS), which is where a service runs.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from engage.errors import EngageError


class LockHeld(EngageError):
    """Another process holds the lock; the message is one line naming its pid."""

    def __init__(self, path: Path, pid: int | None) -> None:
        self.path = path
        self.pid = pid
        holder = f"pid {pid}" if pid is not None else "another process"
        super().__init__(f"another `engage run` ({holder}) already runs on this database (lock {path})")


def lock_path_for(db_path: Path) -> Path:
    """``data/engage.db`` -> ``data/engage.db.lock``."""
    return db_path.with_name(db_path.name + ".lock")


def _read_pid(fd: int) -> int | None:
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 64).decode("ascii", errors="replace").strip()
    return int(text) if text.isdigit() else None


class DaemonLock:
    """Exclusive, non-blocking lock on ``path``; use as a context manager or acquire/release."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`LockHeld` at once (never waits)."""
        # No O_TRUNC: opening must not wipe the holder's pid before we know whether we hold the lock.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            raise LockHeld(self.path, pid) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        os.fsync(fd)
        self._fd = fd

    def release(self) -> None:
        """Drop the lock. The file stays: deleting it would race with a daemon starting now."""
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> DaemonLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
