"""Screenshots of the inbox and the dashboard for ``engage demo``, taken in a real (headless) Chromium.

The server runs in-process on a free loopback port with a temporary user that is removed again
afterwards. A machine without Chromium or Playwright gets no screenshots and a logged warning:
the demo itself must not fail for want of a browser.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engage.config import Config
from engage.store import Store

log = logging.getLogger(__name__)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1440, "height": 1000}


def chromium_path() -> str | None:
    """Debian's Chromium (Playwright's own browser download is not used)."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(app: Any, *, timeout: float = 30.0, **options: Any) -> Iterator[str]:  # noqa: ANN401 - ASGI app
    """Serve ``app`` with uvicorn in a background thread on a free loopback port; yields the base URL.

    ``options`` go to ``uvicorn.Config`` (e.g. the proxy settings ``engage serve`` passes)."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="engage-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the web server did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def launch_browser(playwright: Any) -> Any:  # noqa: ANN401 - playwright objects
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


def sign_in(page: Any, base_url: str, name: str, password: str) -> None:  # noqa: ANN401
    page.goto(f"{base_url}/login")
    page.fill('input[name="name"]', name)
    page.fill('input[name="password"]', password)
    page.click('button[type="submit"]')
    page.wait_for_url(f"{base_url}/inbox")


def take_screenshots(db_path: Path, config: Config, out_dir: Path) -> list[Path]:
    """Save ``out_dir/inbox.png`` and ``out_dir/dashboard.png``; ``[]`` (with a warning) without a browser."""
    if chromium_path() is None:
        log.warning("screenshots skipped: no Chromium at %s (apt-get install chromium)", CHROMIUM)
        return []
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        log.warning("screenshots skipped: playwright is not installed (pip install playwright)")
        return []

    from engage.web import auth
    from engage.web.app import create_app

    out_dir.mkdir(parents=True, exist_ok=True)
    name, password = f"screenshots-{secrets.token_hex(4)}", secrets.token_urlsafe(24)
    with Store.open(db_path) as store:
        auth.add_user(store, name, "responder", password)
    paths: list[Path] = []
    try:
        app = create_app(config, db_path, secret=secrets.token_urlsafe(32))
        with running_server(app) as base_url, sync_playwright() as playwright:
            browser = launch_browser(playwright)
            try:
                page = browser.new_page(viewport=VIEWPORT)
                sign_in(page, base_url, name, password)
                page.wait_for_selector("#rows")
                paths.append(out_dir / "inbox.png")
                page.screenshot(path=str(paths[-1]))
                page.goto(f"{base_url}/dashboard", timeout=180_000)
                page.wait_for_function(
                    "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
                )
                paths.append(out_dir / "dashboard.png")
                page.screenshot(path=str(paths[-1]), full_page=True)
            finally:
                browser.close()
    except PlaywrightError as exc:
        log.warning("screenshots failed: %s", str(exc).splitlines()[0])
    finally:
        with Store.open(db_path) as store:
            auth.remove_user(store, name)
    for path in paths:
        log.info("screenshot %s", path)
    return [p for p in paths if p.exists()]
