"""One small Meta Graph API client, shared by the Facebook Page and Instagram connectors.

Meta's own Python SDK (facebook-business) is built for the Marketing API; for reading a Page or an
Instagram account the ecosystem's convention is a thin HTTP client, so this is ``httpx`` with its
transport-level retries (connection failures) and timeouts, plus what Graph itself asks of a caller:

Paging
    By ``paging.cursors.after`` until ``paging.next`` is absent; a page can be empty and still have
    ``next`` (privacy filtering), so an empty page never ends a listing. ``paging.next`` is never
    followed as a URL: Graph echoes the access token into it.
Throttling
    ``X-App-Usage`` and ``X-Business-Use-Case-Usage`` are read on every response (the highest of
    ``call_count``/``total_cputime``/``total_time``). Above ``SLOW_ABOVE`` percent each further call
    waits, longer the nearer 100 it gets; at 100 percent, or on error codes 4, 17, 32, 613, 80001
    (80002 for Instagram), the account stops until ``estimated_time_to_regain_access`` (minutes; an
    hour when Graph gives none) and :class:`Throttled` says until when. Every wait is counted
    (:attr:`GraphClient.waits`, :attr:`GraphClient.waited_s`) so the run can show it.
Errors
    ``{"error": {message, type, code, error_subcode, fbtrace_id}}`` becomes :class:`GraphError`;
    code 190 (token expired or revoked) becomes a one-line :class:`ConnectorError` naming the env
    var; 5xx, timeouts, a cut-off body and Graph's transient codes 1 and 2 are retried with capped,
    jittered backoff.
The token
    Travels in the ``Authorization`` header, never in a URL, so httpx's request log lines and any
    exception text cannot carry it; messages from Graph are scrubbed of it all the same.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import httpx

from connectors.base import CollectContext, ConnectorError, Page, Record
from connectors.waits import pause

log = logging.getLogger(__name__)

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
# The newest stable Graph API version (changelog: v26.0, introduced 2026-07-29).
DEFAULT_GRAPH_VERSION = "v26.0"
SLOW_ABOVE = 75.0
# Graph's throttling error codes: app (4), user (17), Page (32), custom/hourly (613), Pages and
# Instagram business-use-case limits (80001, 80002).
THROTTLE_CODES = frozenset({4, 17, 32, 613, 80001, 80002})
EXPIRED_TOKEN = 190
TRANSIENT_CODES = frozenset({1, 2})
DEFAULT_PAUSE = timedelta(hours=1)
# The cursor stream that holds when a paused account may be called again.
PAUSE_STREAM = "paused_until"
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def check_base_url(value: str) -> str:
    """A Graph base URL: https, or plain http only to this machine (a test server or a local proxy)."""
    url = urlparse(value)
    if url.scheme == "https" and url.hostname:
        return value.rstrip("/")
    if url.scheme == "http" and url.hostname in _LOCAL_HOSTS:
        return value.rstrip("/")
    raise ValueError(f"{value!r} must be an https:// URL (plain http:// only for 127.0.0.1 or localhost)")


class GraphError(Exception):
    """An ``{"error": {...}}`` answer; ``str()`` is one line without the token."""

    def __init__(self, status: int, error: Mapping[str, Any]) -> None:
        self.status = status
        self.code = _int(error.get("code"))
        self.subcode = _int(error.get("error_subcode"))
        self.type = str(error.get("type") or "")
        self.fbtrace_id = str(error.get("fbtrace_id") or "")
        self.message = " ".join(str(error.get("message") or "").split())[:300]
        super().__init__(f"HTTP {status}, code {self.code}{f'/{self.subcode}' if self.subcode else ''}"
                         f" ({self.type}): {self.message}")

    @property
    def object_missing(self) -> bool:
        """Code 100 subcode 33: the object does not exist (deleted) or the token may not see it."""
        return self.code == 100 and self.subcode == 33


class OutcomeUnknown(Exception):
    """A POST that timed out or got a 5xx/transient answer: Graph may have applied it, so it is not repeated."""


class Throttled(Exception):
    """Graph asked the caller to stop until ``until`` (a usage header at 100%, or a throttling code)."""

    def __init__(self, until: datetime, reason: str) -> None:
        self.until = until
        self.reason = reason
        super().__init__(f"{reason}; paused until {until:%Y-%m-%d %H:%M} UTC")


class _Retry(Exception):
    """A failure worth another attempt (5xx, timeout, cut-off body, transient Graph code)."""


def _int(value: Any) -> int | None:  # noqa: ANN401 - whatever Graph sent
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Usage:
    """The highest usage percentage any header reported, and Graph's regain estimate (minutes)."""

    percent: float = 0.0
    regain_minutes: float = 0.0


def read_usage(headers: Mapping[str, str]) -> Usage:
    """``X-App-Usage`` (one object) and ``X-Business-Use-Case-Usage`` (id -> list of objects)."""
    entries: list[Mapping[str, Any]] = []
    for name in ("x-app-usage", "x-business-use-case-usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            log.warning("graph: unreadable %s header ignored", name)
            continue
        if name == "x-app-usage" and isinstance(value, dict):
            entries.append(value)
        elif isinstance(value, dict):
            entries += [e for items in value.values() if isinstance(items, list) for e in items if isinstance(e, dict)]
    percent, regain = 0.0, 0.0
    for entry in entries:
        for key in ("call_count", "total_cputime", "total_time"):
            number = _number(entry.get(key))
            percent = max(percent, number)
        regain = max(regain, _number(entry.get("estimated_time_to_regain_access")))
    return Usage(percent, regain)


def _number(value: Any) -> float:  # noqa: ANN401
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return 0.0


class GraphClient:
    """Requests to one Graph host and version with one token, throttled as Graph asks (GETs retried, POSTs not).

    ``sleep`` and ``clock`` are injectable so tests record waits instead of sleeping; ``transport``
    is httpx's (tests pass ``httpx.MockTransport``).
    """

    def __init__(
        self,
        token: str,
        *,
        token_env: str,
        platform: str,
        base_url: str = DEFAULT_GRAPH_URL,
        version: str = DEFAULT_GRAPH_VERSION,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = pause,
        clock: Callable[[], float] = time.time,
        max_attempts: int = 4,
        backoff_cap: float = 60.0,
        slow_wait_cap: float = 60.0,
        rng: random.Random | None = None,
    ) -> None:
        self._token = token
        self.token_env = token_env
        self.platform = platform
        self._http = httpx.Client(
            base_url=f"{check_base_url(base_url)}/{version.strip('/')}/",
            headers={"Authorization": f"Bearer {token}"},
            transport=transport or httpx.HTTPTransport(retries=2),
            timeout=timeout,
        )
        self._sleep = sleep
        self._clock = clock
        self._max_attempts = max_attempts
        self._backoff_cap = backoff_cap
        self._slow_wait_cap = slow_wait_cap
        self._rng = rng or random.Random()
        self.usage = Usage()
        self.waits = 0
        self.waited_s = 0.0
        self.calls = 0
        # Called once per answer Graph sends (a read for runs.reads); a connector points it at its run's
        # CollectContext.count_reads, so a page that never commits is still counted.
        self.count_call: Callable[[], None] = lambda: None

    def close(self) -> None:
        self._http.close()

    # -- one request -------------------------------------------------------------------------

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The JSON object at ``path`` (relative to the version); raises GraphError, Throttled or ConnectorError."""
        if self.usage.percent >= 100:
            raise self._throttled(f"usage at {self.usage.percent:.0f}% of the limit")
        failures = 0
        while True:
            self._slow_down()
            try:
                return self._once(path, params or {})
            except _Retry as exc:
                failures += 1
                if failures >= self._max_attempts:
                    attempts = f"{failures} attempt{'s' if failures != 1 else ''}"
                    raise ConnectorError(f"{self.platform}: GET {_route(path)} failed after {attempts}"
                                         f" ({exc})") from None
                ceiling = min(self._backoff_cap, 2.0 * 2 ** (failures - 1))
                wait = self._rng.uniform(ceiling / 2, ceiling)
                log.warning("%s: %s on GET %s; retry %d in %.1f s", self.platform, exc, _route(path), failures, wait)
                self._sleep(wait)

    def post(self, path: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """One POST of form fields (text stays out of the URL); never retried: Graph may have applied it.

        Raises GraphError, Throttled, ConnectorError (token expired) or :class:`OutcomeUnknown` for
        a timeout, a 5xx or a transient Graph code, after which only a later read can tell.
        """
        if self.usage.percent >= 100:
            raise self._throttled(f"usage at {self.usage.percent:.0f}% of the limit")
        try:
            return self._once(path, {}, data=data)
        except _Retry as exc:
            raise OutcomeUnknown(f"POST {_route(path)}: {exc}") from None

    def _once(self, path: str, params: Mapping[str, Any], *, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
        try:
            if data is None:
                response = self._http.get(path.lstrip("/"), params=dict(params))
            else:
                response = self._http.post(path.lstrip("/"), data=dict(data))
        except httpx.TimeoutException as exc:
            raise _Retry(type(exc).__name__) from None
        except httpx.TransportError as exc:
            raise _Retry(type(exc).__name__) from None
        self.calls += 1
        self.count_call()
        self.usage = read_usage(response.headers)
        try:
            body = response.json()
        except ValueError:
            if response.status_code >= 500 or response.is_success:
                raise _Retry(f"HTTP {response.status_code} with a body that is not valid JSON") from None
            raise GraphError(response.status_code, {"message": "a body that is not valid JSON"}) from None
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict):
            self._raise(response.status_code, error)
        if response.status_code >= 500:
            raise _Retry(f"HTTP {response.status_code}")
        if not isinstance(body, dict):
            raise _Retry(f"HTTP {response.status_code} with JSON that is not an object")
        return body

    def _raise(self, status: int, error: Mapping[str, Any]) -> None:
        scrubbed = {k: (v.replace(self._token, "***") if isinstance(v, str) else v) for k, v in error.items()}
        exc = GraphError(status, scrubbed)
        if exc.code == EXPIRED_TOKEN:
            raise ConnectorError(
                f"{self.platform}: the access token in {self.token_env} is expired or revoked (Graph error 190"
                f"{f'/{exc.subcode}' if exc.subcode else ''}); generate a new long-lived token (see README)"
            )
        if exc.code in THROTTLE_CODES:
            raise self._throttled(f"Graph error {exc.code} ({exc.message or 'rate limited'})")
        if exc.code in TRANSIENT_CODES or status >= 500:
            raise _Retry(f"Graph error {exc.code}")
        raise exc

    # -- throttling ------------------------------------------------------------------------------

    def _slow_down(self) -> None:
        """Above SLOW_ABOVE percent, wait before the next call: 0 s at 75%, ``slow_wait_cap`` near 100%."""
        percent = self.usage.percent
        if percent <= SLOW_ABOVE:
            return
        wait = self._slow_wait_cap * min(1.0, (percent - SLOW_ABOVE) / (100.0 - SLOW_ABOVE))
        log.warning("%s: Graph usage at %.0f%%; slowing down, %.0f s before the next call", self.platform, percent,
                    wait)
        self.waits += 1
        self.waited_s += wait
        self._sleep(wait)

    def _throttled(self, reason: str) -> Throttled:
        regain = timedelta(minutes=self.usage.regain_minutes) if self.usage.regain_minutes else DEFAULT_PAUSE
        until = datetime.fromtimestamp(self._clock(), UTC) + regain
        self.waits += 1
        self.waited_s += regain.total_seconds()
        return Throttled(until.replace(microsecond=0), reason)

    # -- listings --------------------------------------------------------------------------------

    def pages(self, path: str, params: Mapping[str, Any]) -> Iterator[list[dict[str, Any]]]:
        """Each page's ``data`` of a cursor-paged edge, until ``paging.next`` is absent."""
        after: str | None = None
        seen: set[str] = set()
        while True:
            body = self.get(path, {**params, **({"after": after} if after else {})})
            data = body.get("data")
            yield [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []
            paging = body.get("paging") if isinstance(body.get("paging"), dict) else {}
            after = (paging.get("cursors") or {}).get("after") if paging.get("next") else None
            if not after or after in seen:
                return
            seen.add(after)


def _route(path: str) -> str:
    """``/{id}/comments`` for a path like ``1234_5678/comments`` (ids are not needed to read a log)."""
    parts = [("{id}" if any(c.isdigit() for c in p) else p) for p in path.strip("/").split("/")]
    return "/" + "/".join(parts)


def parse_graph_time(value: str) -> datetime:
    """Graph's ``2026-10-10T12:00:00+0000`` as an aware datetime."""
    return datetime.fromisoformat(value)


# -- what both connectors do around the client --------------------------------------------------


def check_pause(ctx: CollectContext, platform: str) -> None:
    """Refuse to call Graph while an earlier run's pause is still running (one line, no request)."""
    until = ctx.cursors.get(PAUSE_STREAM)
    if until and datetime.fromisoformat(until) > ctx.now:
        raise ConnectorError(f"{platform}: {ctx.account.handle}: Graph asked us to wait; paused until "
                             f"{datetime.fromisoformat(until):%Y-%m-%d %H:%M} UTC")


def pause_page(exc: Throttled, meter: WaitMeter) -> Page:
    """The page that records a pause (its cursor is when to call again) and the waits that led to it."""
    return meter.page(PAUSE_STREAM, [], cursor=exc.until.isoformat())


class WaitMeter:
    """Hands each page the waits the client made since the previous page (``Page.rate_limit_*``)."""

    def __init__(self, client: GraphClient) -> None:
        self._client = client
        self._waits = client.waits
        self._waited = client.waited_s

    def page(self, stream: str, records: list[Record], rejected: list[str] | None = None, *,
             cursor: str | None = None) -> Page:
        waits, waited = self._client.waits - self._waits, self._client.waited_s - self._waited
        self._waits, self._waited = self._client.waits, self._client.waited_s
        return Page(stream, records, cursor=cursor, rejected=rejected or [], rate_limit_waits=waits,
                    rate_limit_wait_s=waited)


def convert_items(
    items: Iterable[dict[str, Any]], make: Callable[[dict[str, Any]], Record]
) -> tuple[list[Record], list[str]]:
    """Records of the items that can be placed; one ``where: why`` line for each that cannot."""
    records: list[Record] = []
    rejected: list[str] = []
    for item in items:
        try:
            records.append(make(item))
        except (KeyError, TypeError, ValueError) as exc:
            rejected.append(f"{item.get('id', '?')}: {type(exc).__name__}: {exc}".splitlines()[0])
    return records, rejected


def graph_failure(platform: str, handle: str, where: str, exc: GraphError) -> ConnectorError:
    """The one line a Graph error leaves, naming what was being read and what Graph said."""
    hint = ""
    if exc.code in (10, 200) or (exc.code is not None and 200 <= exc.code < 300):
        hint = " (the token lacks a permission or the Page role this read needs; run engage doctor)"
    return ConnectorError(f"{platform}: {handle}: GET {where}: {exc}{hint}")




def probe(
    platform: str, token_env: str, environ: Mapping[str, str], base_url: str, version: str,
    reads: list[tuple[str, dict[str, Any], str]],
) -> list[str]:
    """``engage doctor`` lines: whose token it is (``/me?fields=id,name``), then each read it is refused.

    ``reads`` pairs a path and params with the permission that read needs, so a refusal (codes 10,
    200-299) names what to grant. A read that succeeds but withholds ``from`` says a moderating task
    on the Page is missing. Never raises: a doctor reports.
    """
    token = environ.get(token_env)
    if not token:
        return [f"{token_env} is not set; nothing checked"]
    client = GraphClient(token, token_env=token_env, platform=platform, base_url=base_url, version=version,
                         max_attempts=1)
    try:
        me = client.get("me", {"fields": "id,name"})
        lines = [f"the token in {token_env} is for {me.get('name') or '?'} (id {me.get('id') or '?'})"]
        for path, params, permission in reads:
            try:
                body = client.get(path, params)
            except GraphError as exc:
                lines.append(f"GET {_route(path)} refused ({exc}): grant {permission}")
                continue
            if _withholds_authors(body):
                lines.append("comment authors are withheld: the person behind the token needs a"
                             " moderating task on the Page")
        return lines
    except (GraphError, ConnectorError, Throttled) as exc:
        return [str(exc).removeprefix(f"{platform}: ")]  # doctor names the platform on each line
    finally:
        client.close()


def _withholds_authors(body: Mapping[str, Any]) -> bool:
    """Whether any comment nested in a listing came back without ``from``."""
    for item in body.get("data") or []:
        for comment in ((item.get("comments") or {}).get("data") or []) if isinstance(item, dict) else []:
            if isinstance(comment, dict) and "from" not in comment:
                return True
    return False
