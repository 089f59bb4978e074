"""A real HTTP webhook receiver on 127.0.0.1 for alert tests and ``bench/alerts.py``.

It records every POST (path, headers, parsed JSON body, arrival time) and answers 200, or 503 for the
requests ``fail`` picks, so retry paths are exercised over real sockets; ``delay_s`` holds each answer
back so a ``kill -9`` can land while a request is in flight.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    raw: bytes
    body: Any
    at: float  # time.time() on arrival
    accepted: bool


class Receiver:
    """``with Receiver() as r:`` ... ``r.url("/teams")``; ``r.received`` lists what arrived."""

    def __init__(self, fail: Callable[[int], bool] | None = None, delay_s: float = 0.0) -> None:
        self.fail = fail or (lambda _n: False)
        self.delay_s = delay_s
        self.received: list[Received] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver._lock:
                    accepted = not receiver.fail(len(receiver.received))
                    try:
                        body = json.loads(raw)
                    except ValueError:
                        body = None
                    receiver.received.append(Received(self.path, dict(self.headers.items()), raw, body,
                                                      time.time(), accepted))
                if receiver.delay_s:
                    time.sleep(receiver.delay_s)  # a slow receiver: a kill can land mid-request
                try:
                    self.send_response(200 if accepted else 503)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except (BrokenPipeError, ConnectionResetError):  # the sender was killed mid-request
                    return

            def log_message(self, *_args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def accepted(self, path: str | None = None) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.accepted and (path is None or r.path == path)]

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
