"""Daemon logging: a rotating file under the data directory, plus stderr (journald/docker logs).

One line per run with its counts and duration comes from the jobs themselves; this module only
decides where lines go and how they look: UTC ISO 8601 timestamps with offset, grep-able
``key=value`` messages, and APScheduler's own per-execution chatter kept out (warnings only).
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE = "engage.log"
MAX_BYTES = 10 * 1024 * 1024
BACKUPS = 5


class _UtcFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


FORMATTER = _UtcFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")


def setup_logging(log_dir: Path, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> Path:
    """Send the root logger to ``log_dir/engage.log`` (rotating) and stderr; return the file's path.

    Safe to call when ``engage``'s main callback already configured stderr logging: no handler is
    added twice, and a more verbose level set there (``-v``) is kept.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    path = (log_dir / LOG_FILE).resolve()
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in root.handlers):
        file_handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        file_handler.setFormatter(FORMATTER)
        root.addHandler(file_handler)
    if not any(type(h) is logging.StreamHandler for h in root.handlers):
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(FORMATTER)
        root.addHandler(stream)
    else:
        for handler in root.handlers:
            if type(handler) is logging.StreamHandler:
                handler.setFormatter(FORMATTER)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    # "Running job ..." / "executed successfully" twice per run would drown the one-line summaries.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return path
