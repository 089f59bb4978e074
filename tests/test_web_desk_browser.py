"""The triage desk in a real browser as officers use it: every inbox and thread-page button clicked and tapped,
on a desktop and on a 390x844 phone; the phone layout; escalations and incident references; axe-core on every
page.

Debian's Chromium through Playwright, one server per module. axe-core is vendored (tests/vendor/axe-core,
MPL-2.0) and evaluated into each page: no CDN, nothing fetched.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from engage.config import Config, Triage
from engage.store import Store
from engage.web import auth
from engage.web.app import create_app
from engage.web.screenshots import CHROMIUM, running_server, sign_in
from tests.helpers.browser import PASSWORD, db_row, record
from tests.helpers.web import NOW, example_config, label_all, seed

if not Path(CHROMIUM).exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install playwright)")

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
INCIDENT = r"CAD-\d{4}-\d{3,6}"


@dataclass(frozen=True)
class Device:
    name: str
    options: dict[str, Any]


DESKTOP = Device("desktop", {"viewport": {"width": 1300, "height": 900}})
DESKTOP_TOUCH = Device("desktop-touch", {"viewport": {"width": 1300, "height": 900}, "has_touch": True})
PHONE = Device("phone", {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
                         "device_scale_factor": 3})
# (device, how the officer presses): taps need a touch screen.
PRESSES = [(DESKTOP, "click"), (DESKTOP_TOUCH, "tap"), (PHONE, "click"), (PHONE, "tap")]
every_press = pytest.mark.parametrize(("press_no", "how"), [(n, how) for n, (_, how) in enumerate(PRESSES)],
                                      ids=[f"{d.name}-{how}" for d, how in PRESSES])
ACTIONS = ("responded", "no_action", "escalate", "assign_me", "assign_colleague")


def item_uid(press: int, action: int) -> str:
    return f"x:7{press}{action}"


def config() -> Config:
    return example_config().model_copy(update={"triage": Triage(incident_ref_pattern=INCIDENT)})


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The seeded inbox, one open reply per (press, action) findable by its word "deskPA", two responders, a viewer."""
    db = tmp_path_factory.mktemp("desk") / "engage.db"
    store = Store.open(db)
    seed(store, record)
    extra = {item_uid(p, a): f"desk{p}{a} please help with the road" for p in range(len(PRESSES))
             for a in range(len(ACTIONS))}
    extra["x:790"] = "a reply to escalate from the thread page"
    extra |= {f"x:79{n + 1}": f"a reply triaged on its thread page {n}" for n in range(len(PRESSES))}
    with store.db.conn:
        store.upsert_records([record(uid.split(":")[1], parent_uid="x:100", root_uid="x:100", text=text,
                                     created_at=NOW - timedelta(hours=4)) for uid, text in extra.items()], now=NOW)
    label_all(store, {uid: {"urgent": "no", "needs_response": "yes", "sentiment": "neutral", "topics": "other"}
                      for uid in extra})
    hasher = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    for name, role in (("ann", "responder"), ("bob", "responder"), ("vic", "viewer")):
        auth.add_user(store, name, role, PASSWORD)
    store.close()
    app = create_app(config(), db, secret="desk-secret", clock=lambda: NOW, poll_seconds=600)
    try:
        with running_server(app) as base_url:
            yield base_url, db
    finally:
        auth._hasher = hasher


def open_page(browser: Any, server: tuple[str, Path], device: Device, user: str = "ann") -> Any:  # noqa: ANN401
    context = browser.new_context(**device.options)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    sign_in(page, server[0], user, PASSWORD)
    return page


def press(page: Any, locator: Any, how: str) -> None:  # noqa: ANN401
    locator.scroll_into_view_if_needed()
    locator.tap() if how == "tap" else locator.click()


def saved(page: Any, row_selector: str) -> None:  # noqa: ANN401
    """Wait until the row comes back changed, or the page shows the server's refusal (which fails the test)."""
    page.wait_for_selector(f"{row_selector}, #flash:not([hidden])")
    assert page.locator("#flash").is_hidden(), page.inner_text("#flash")


def submit(page: Any, locator: Any, how: str) -> None:  # noqa: ANN401
    """Press a plain form's button and wait for the page the server answers with."""
    with page.expect_navigation():
        press(page, locator, how)


def triage_row(db: Path, uid: str) -> tuple[Any, ...]:
    return db_row(db, "SELECT status, assignee, updated_by, escalation_reason FROM triage WHERE uid = ?", [uid])


@every_press
def test_every_inbox_button_saves_when_clicked_or_tapped(
    browser: Any, server: tuple[str, Path], press_no: int, how: str  # noqa: ANN401
) -> None:
    base_url, db = server
    device = PRESSES[press_no][0]
    page = open_page(browser, server, device)
    try:
        def row_of(action: int) -> Any:  # noqa: ANN401
            uid = item_uid(press_no, action)
            page.goto(f"{base_url}/inbox?q=desk{press_no}{action}")
            row = page.locator(f'#rows tr.item[data-uid="{uid}"]')
            assert row.count() == 1
            return row

        for action, (button, status) in enumerate((("responded", "responded"), ("no action", "no_action"))):
            row = row_of(action)
            press(page, row.get_by_role("button", name=button, exact=True), how)
            saved(page, f'#rows tr.item.status-{status}[data-uid="{item_uid(press_no, action)}"]')
            assert triage_row(db, item_uid(press_no, action)) == (status, None, "ann", None)

        row = row_of(2)
        row.get_by_label("Why escalate").fill("threat to a named officer")
        press(page, row.get_by_role("button", name="escalate", exact=True), how)
        uid = item_uid(press_no, 2)
        saved(page, f'#rows tr.item.status-escalated[data-uid="{uid}"]')
        assert triage_row(db, uid) == ("escalated", None, "ann", "threat to a named officer")

        row = row_of(3)
        press(page, row.get_by_role("button", name="assign to me", exact=True), how)
        uid = item_uid(press_no, 3)
        saved(page, f'#rows tr.item.status-in_progress[data-uid="{uid}"]')
        assert triage_row(db, uid) == ("in_progress", "ann", "ann", None)

        row = row_of(4)
        row.get_by_label("Assign to a colleague").select_option("bob")
        press(page, row.get_by_role("button", name="assign", exact=True), how)
        uid = item_uid(press_no, 4)
        saved(page, f'#rows tr.item.status-in_progress[data-uid="{uid}"]')
        assert triage_row(db, uid) == ("in_progress", "bob", "ann", None)
        assert not [e for e in page.errors if "400" in e], page.errors
    finally:
        page.context.close()


@every_press
def test_every_thread_page_button_saves_when_clicked_or_tapped(
    browser: Any, server: tuple[str, Path], press_no: int, how: str  # noqa: ANN401
) -> None:
    base_url, db = server
    uid = f"x:79{press_no + 1}"
    page = open_page(browser, server, PRESSES[press_no][0])
    try:
        page.goto(f"{base_url}/thread?uid={uid}")
        for status in ("in_progress", "escalated", "responded", "no_action", "new"):
            submit(page, page.locator(f'.status-form button[value="{status}"]'), how)
            assert triage_row(db, uid)[0] == status
        page.get_by_label("Assign to", exact=True).select_option("bob")
        submit(page, page.get_by_role("button", name="assign", exact=True), how)
        page.get_by_label("Note").fill("rang back")
        submit(page, page.get_by_role("button", name="save note"), how)
        page.get_by_label("Incident reference").fill("CAD-2026-0100")
        submit(page, page.get_by_role("button", name="save reference"), how)
        page.locator("#label-urgent select").select_option("yes")
        submit(page, page.locator("#label-urgent button"), how)
        page.locator("#label-topics").get_by_label("traffic and roads").check()
        submit(page, page.get_by_role("button", name="save topics"), how)
        assert db_row(db, "SELECT assignee, note, incident_ref FROM triage WHERE uid = ?", [uid]) == (
            "bob", "rang back", "CAD-2026-0100")
        with Store.open(db) as store:
            corrected = {(r["task"], r["label"]) for r in store.db.query(
                "SELECT task, label FROM corrections WHERE uid = ?", [uid])}
        # The model's topic stays ticked; the officer added one.
        assert corrected == {("urgent", "yes"), ("topics", "other"), ("topics", "traffic_and_roads")}
    finally:
        page.context.close()


def test_escalated_items_stay_open_with_who_and_why_and_notes_show_their_first_line(
    browser: Any, server: tuple[str, Path]  # noqa: ANN401
) -> None:
    base_url, db = server
    page = open_page(browser, server, DESKTOP)
    try:
        page.goto(f"{base_url}/thread?uid=x:790")
        page.fill('textarea[name="note"]', "Called the caller back\nsecond line stays in the thread")
        page.click('button:has-text("save note")')
        page.fill('.status-form input[name="reason"]', "sergeant to review")
        page.click('.status-form button[value="escalated"]')
        page.wait_for_selector("#status:has-text('escalated')")
        assert "Escalated by ann: sergeant to review" in page.inner_text(".panel .escalation")
        page.goto(f"{base_url}/inbox")  # the default, open view
        row = page.locator('#rows tr.item[data-uid="x:790"]')
        assert row.count() == 1
        assert "escalated by ann: sergeant to review" in row.inner_text()
        assert row.locator(".label.note").inner_text() == "note: Called the caller back"
        assert float(row.evaluate("r => getComputedStyle(r).opacity")) == 1.0  # not greyed as if finished
        assert triage_row(db, "x:790")[0] == "escalated"
    finally:
        page.context.close()


def test_incident_reference_is_validated_saved_and_searchable(browser: Any, server: tuple[str, Path]) -> None:  # noqa: ANN401
    base_url, db = server
    page = open_page(browser, server, PHONE)
    try:
        page.goto(f"{base_url}/thread?uid=x:205")
        field = page.get_by_label("Incident reference")
        field.fill("not a case")
        submit(page, page.get_by_role("button", name="save reference"), "tap")
        assert "does not match the pattern" in page.inner_text("main")
        assert db_row(db, "SELECT incident_ref FROM triage WHERE uid = ?", ["x:205"]) == (None,)
        page.goto(f"{base_url}/thread?uid=x:205")
        page.get_by_label("Incident reference").fill("CAD-2026-00417")
        submit(page, page.get_by_role("button", name="save reference"), "tap")
        page.wait_for_selector("#incident:has-text('CAD-2026-00417')")
        assert db_row(db, "SELECT incident_ref FROM triage WHERE uid = ?", ["x:205"]) == ("CAD-2026-00417",)
        page.goto(f"{base_url}/inbox")
        page.fill('.filters input[name="q"]', "cad-2026-00417")
        submit(page, page.get_by_role("button", name="Filter"), "tap")
        rows = page.locator("#rows tr.item")
        assert rows.count() == 1 and rows.get_attribute("data-uid") == "x:205"
        assert "incident CAD-2026-00417" in rows.inner_text()
    finally:
        page.context.close()


# -- phone layout -----------------------------------------------------------------------------------


def overflow(page: Any) -> int:  # noqa: ANN401
    """How many CSS pixels the page is wider than the screen (0: no sideways scrolling)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def controls_reachable(page: Any) -> list[str]:  # noqa: ANN401
    """The visible controls that cannot be brought fully on screen by scrolling up and down."""
    bad = []
    controls = page.locator("main button, main a, main select, main input:not([type=hidden]), main textarea")
    for i in range(controls.count()):
        control = controls.nth(i)
        if not control.is_visible():
            continue
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        width = page.viewport_size["width"]
        if box is None or box["x"] < 0 or box["x"] + box["width"] > width + 0.5 or box["height"] < 1:
            bad.append(control.evaluate("e => e.outerHTML.slice(0, 120)"))
    return bad


def smallest_font(page: Any, selector: str) -> float:  # noqa: ANN401
    return float(page.evaluate(
        "s => Math.min(...Array.from(document.querySelectorAll(s)).map(e => parseFloat(getComputedStyle(e).fontSize)))",
        selector,
    ))


def test_phone_inbox_and_thread_show_the_text_and_every_action(browser: Any, server: tuple[str, Path]) -> None:  # noqa: ANN401
    base_url, _ = server
    page = open_page(browser, server, PHONE)
    try:
        page.goto(f"{base_url}/inbox")
        assert overflow(page) == 0
        reply = page.locator("#rows tr.item .reply").first
        assert reply.is_visible() and reply.bounding_box()["width"] > 300  # the reply has the row's width
        assert smallest_font(page, "#rows .reply") >= 15 and smallest_font(page, "#rows .meta") >= 13
        assert controls_reachable(page) == []
        header = page.locator("header.top").bounding_box()
        assert header["width"] <= 390
        page.goto(f"{base_url}/thread?uid=x:206")
        assert overflow(page) == 0
        assert page.locator("li.post.focus .text").is_visible()
        assert smallest_font(page, "li.post .text") >= 15
        assert controls_reachable(page) == []
    finally:
        page.context.close()


def chart_text_px(page: Any) -> list[float]:  # noqa: ANN401
    """The smallest text of each dashboard chart in CSS pixels as drawn (font size x displayed / drawn width)."""
    out = []
    for chart in page.locator("img.chart").all():
        uri = chart.get_attribute("src")
        svg = base64.b64decode(uri.split(",", 1)[1]).decode()
        drawn = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        # The text a chart shows: its title, axis labels and legend (not pygal's unused overlay styles).
        sizes = [float(size) for selector, size in re.findall(r"([^{}]*)\{[^}]*font-size:\s*([\d.]+)px", svg)
                 if re.search(r"\.title|\.axis text|\.legend text", selector)]
        out.append(min(sizes) * chart.bounding_box()["width"] / drawn)
    return out


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=lambda d: d.name)
def test_dashboard_fits_the_screen_with_readable_chart_text(
    browser: Any, server: tuple[str, Path], device: Device  # noqa: ANN401
) -> None:
    base_url, _ = server
    page = open_page(browser, server, device)
    try:
        page.goto(f"{base_url}/dashboard", timeout=180_000)
        page.wait_for_function("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
        assert overflow(page) == 0
        sizes = chart_text_px(page)
        assert len(sizes) >= 2 and min(sizes) >= 11, sizes
        assert controls_reachable(page) == []
    finally:
        page.context.close()


# -- accessibility ----------------------------------------------------------------------------------


def axe_violations(page: Any) -> list[str]:  # noqa: ANN401
    """Serious and critical axe-core findings on the page as it is (axe evaluated in, not fetched)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


PAGES = ("/inbox", "/inbox?status=all&q=road", "/thread?uid=x:201", "/thread?uid=x:100", "/dashboard", "/reports",
         "/thread?uid=x:nothing")


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=lambda d: d.name)
def test_every_page_has_no_serious_accessibility_violations(
    browser: Any, server: tuple[str, Path], device: Device  # noqa: ANN401
) -> None:
    base_url, _ = server
    context = browser.new_context(**device.options)
    page = context.new_page()
    try:
        page.goto(f"{base_url}/login")
        found = {"/login": axe_violations(page)}
        sign_in(page, base_url, "ann", PASSWORD)
        for path in PAGES:
            page.goto(base_url + path, timeout=180_000)
            page.wait_for_load_state("load")
            found[path] = axe_violations(page)
        page.close()
        viewer = open_page(browser, server, device, user="vic")  # the read-only pages of a viewer
        found["/inbox (viewer)"] = axe_violations(viewer)
        viewer.context.close()
        assert {path: v for path, v in found.items() if v} == {}
    finally:
        context.close()


def test_why_ranked_here_shows_on_focus_and_is_the_rows_description(browser: Any, server: tuple[str, Path]) -> None:  # noqa: ANN401
    base_url, _ = server
    page = open_page(browser, server, DESKTOP)
    try:
        page.goto(f"{base_url}/inbox")
        page.mouse.move(0, 0)  # no hover: only focus may show it
        first, second = page.locator("#rows tr.item").nth(0), page.locator("#rows tr.item").nth(1)
        first.focus()
        assert first.locator(".why").is_visible() and first.locator(".why").bounding_box()["height"] > 5
        assert "Ranked by: 1. urgent: yes" in first.locator(".why").inner_text()
        assert second.locator(".why").bounding_box()["height"] <= 1  # hidden until that row has focus
        sync_api.expect(first).to_have_accessible_description(re.compile(r"^Ranked by: 1\. urgent: yes"))
        page.keyboard.press("j")  # keyboard navigation moves focus, and the explanation with it
        assert second.locator(".why").bounding_box()["height"] > 5
        second.get_by_role("button", name="responded").focus()  # tabbing to a row's control shows it too
        assert second.locator(".why").is_visible()
    finally:
        page.context.close()
