"""Waits a connector makes (rate-limit resets, retry backoff) that a stopping application can cut short.

A connector runs inside the application's page loop, which only checks ``should_stop`` between
pages; a rate-limit wait of several minutes inside one request would hold a stopping daemon past its
deadline. The application therefore wraps a run in :func:`stoppable` and a connector waits with
:func:`pause`, which gives up with :class:`WaitInterrupted` as soon as ``should_stop`` says so. The
stop check travels in a context variable (per thread, so every collect job sees its own), which
keeps it out of the connector's constructor and of the ``Connector`` protocol. A connector lets
:class:`WaitInterrupted` propagate: the application ends the run as ``stopped``, with every page
committed before the wait kept, and the next run resumes from the cursors.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

SLICE_S = 0.25  # how often a wait looks at should_stop: well inside a 10 s stop deadline

_should_stop: ContextVar[Callable[[], bool] | None] = ContextVar("connector_should_stop", default=None)


class WaitInterrupted(Exception):
    """The application asked to stop while a connector was waiting; nothing is lost, the next run resumes."""


@contextmanager
def stoppable(should_stop: Callable[[], bool] | None) -> Iterator[None]:
    """Within this block, :func:`pause` returns early (raising) once ``should_stop()`` is true."""
    token = _should_stop.set(should_stop)
    try:
        yield
    finally:
        _should_stop.reset(token)


def pause(seconds: float, *, clock: Callable[[], float] = time.monotonic,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """Sleep ``seconds``, looking at the run's ``should_stop`` every :data:`SLICE_S`; raise WaitInterrupted."""
    should_stop = _should_stop.get()
    end = clock() + seconds
    while True:
        if should_stop is not None and should_stop():
            raise WaitInterrupted(f"stop requested during a {seconds:.0f} s wait")
        left = end - clock()
        if left <= 0:
            return
        sleep(min(left, SLICE_S) if should_stop is not None else left)
