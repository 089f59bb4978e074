"""The shipped Riverton demo data: valid records, a closed conversation graph, the promised volume,
a believable clock, and byte-identical regeneration from the hand-written scripts."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from connectors.base import Record
from engage.demo_data import DATA_DIR, DATA_FILES
from engage.demo_data.generate import DEPARTMENT_IDS, write
from engage.demo_data.ids import TWITTER_EPOCH_MS
from engage.demo_data.threadscript import ScriptError, parse

CHICAGO = ZoneInfo("America/Chicago")
WINDOW_START = datetime(2026, 9, 21, tzinfo=CHICAGO)
WINDOW_END = datetime(2026, 11, 23, tzinfo=CHICAGO)


def _load(name: str) -> list[dict[str, Any]]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def by_file() -> dict[str, list[dict[str, Any]]]:
    return {name: _load(name) for name in DATA_FILES}


@pytest.fixture(scope="module")
def rows(by_file: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [row for file_rows in by_file.values() for row in file_rows]


@pytest.fixture(scope="module")
def index(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["uid"]: row for row in rows}


def _when(row: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(row["created_at"])


def _is_response(row: dict[str, Any], index: dict[str, dict[str, Any]]) -> bool:
    parent = index.get(row["parent_uid"] or "")
    return row["is_department"] and parent is not None and not parent["is_department"]


def test_every_line_is_a_record_with_exactly_its_fields(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        # ``flags`` is set only when a connector had to empty an odd field, ``hidden`` only for a comment
        # the department hid; the demo has neither.
        assert set(row) == set(Record.model_fields) - {"flags", "hidden"}, row["uid"]
        record = Record.model_validate(row)
        assert record.created_at.tzinfo is not None
        assert row["created_at"].endswith("+00:00")
        assert row["deleted"] is False


def test_each_file_holds_one_platform_sorted_by_time(by_file: dict[str, list[dict[str, Any]]]) -> None:
    for name, file_rows in by_file.items():
        assert {row["platform"] for row in file_rows} == {name.removesuffix(".jsonl")}
        stamps = [_when(row) for row in file_rows]
        assert stamps == sorted(stamps), name


def test_uids_are_unique(rows: list[dict[str, Any]]) -> None:
    duplicates = [uid for uid, n in Counter(row["uid"] for row in rows).items() if n > 1]
    assert duplicates == []


def test_parents_and_roots_resolve_except_out_of_thread_mentions(
    rows: list[dict[str, Any]], index: dict[str, dict[str, Any]]
) -> None:
    outside = []
    for row in rows:
        for key in ("parent_uid", "root_uid"):
            target = row[key]
            if target is not None and target not in index:
                outside.append((row["kind"], row["uid"]))
        assert row["root_uid"] is not None, row["uid"]
    assert outside, "the data should include mentions made in other people's threads"
    assert {kind for kind, _ in outside} == {"mention"}


def test_replies_come_after_what_they_answer(rows: list[dict[str, Any]], index: dict[str, dict[str, Any]]) -> None:
    for row in rows:
        parent = index.get(row["parent_uid"] or "")
        if parent is not None:
            assert _when(row) > _when(parent), row["uid"]
            assert row["platform"] == parent["platform"]
        root = index.get(row["root_uid"] or "")
        if root is not None:
            assert _when(row) >= _when(root), row["uid"]


def test_volume_meets_the_brief(rows: list[dict[str, Any]], index: dict[str, dict[str, Any]]) -> None:
    posts = [row for row in rows if row["kind"] == "post"]
    public = [row for row in rows if not row["is_department"]]
    responses = [row for row in rows if _is_response(row, index)]
    assert len(posts) >= 60
    assert all(row["is_department"] and row["parent_uid"] is None for row in posts)
    assert {row["platform"] for row in posts} == {"x", "reddit", "bluesky", "facebook"}
    assert len(public) >= 800
    assert len(responses) >= 150
    kinds = Counter(row["kind"] for row in public)
    assert kinds["mention"] >= 10 and kinds["quote"] >= 5
    assert sum(row["lang"] == "es" for row in public) >= 5


def test_conversations_have_the_shapes_a_desk_sees(
    rows: list[dict[str, Any]], index: dict[str, dict[str, Any]]
) -> None:
    responses = [row for row in rows if _is_response(row, index)]
    answered = Counter(row["parent_uid"] for row in responses)
    assert sum(n >= 2 for n in answered.values()) >= 3, "some replies are answered twice"
    sibling = [row for row in responses if row["author_handle"] != row["account"]]
    assert any(row["author_handle"] == "RivertonPDTraffic" for row in sibling)
    assert any(row["author_handle"] == "RivertonPD" for row in sibling)
    public_replies = [row for row in rows if not row["is_department"] and row["kind"] == "reply"]
    unanswered = [row for row in public_replies if row["uid"] not in answered]
    assert len(unanswered) > len(answered), "most replies go unanswered"
    # Public arguing with public, three levels under a department post.
    deep = [
        row for row in public_replies
        if (p := index.get(row["parent_uid"])) and not p["is_department"]
        and (g := index.get(p["parent_uid"] or "")) and not g["is_department"] and g["kind"] == "reply"
    ]
    assert len(deep) >= 20
    deleted = [row for row in rows if row["platform"] == "reddit" and row["author_handle"] is None]
    assert deleted and all(row["author_id"] is None for row in deleted)
    assert any(row["text"] == "[deleted]" for row in deleted)


def test_department_flags_match_the_accounts(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        accounts = DEPARTMENT_IDS[row["platform"]]
        assert row["is_department"] == (row["author_handle"] in accounts), row["uid"]
        if row["is_department"]:
            assert row["author_id"] == accounts[row["author_handle"]]
        assert row["account"] in accounts


def test_public_authors_have_stable_ids(rows: list[dict[str, Any]]) -> None:
    ids: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        if row["author_handle"] is not None:
            ids.setdefault((row["platform"], row["author_handle"]), set()).add(row["author_id"])
    assert all(len(found) == 1 for found in ids.values())
    assert sum(1 for _, handle in ids if handle not in {"RivertonPD", "RivertonPDTraffic"}) >= 200
    repeat = Counter((row["platform"], row["author_handle"]) for row in rows if not row["is_department"])
    assert sum(n >= 5 for n in repeat.values()) >= 10, "some people reply again and again"


def test_posts_span_nine_iso_weeks_in_local_time(rows: list[dict[str, Any]]) -> None:
    posts = [row for row in rows if row["kind"] == "post"]
    weeks = {_when(row).astimezone(CHICAGO).isocalendar()[:2] for row in posts}
    assert len(weeks) == 9
    assert all(WINDOW_START <= _when(row) < WINDOW_END for row in posts)
    assert max(_when(row) for row in rows) < WINDOW_END + timedelta(days=7)
    offsets = {_when(row).astimezone(CHICAGO).utcoffset() for row in posts}
    assert offsets == {timedelta(hours=-5), timedelta(hours=-6)}, "crosses the end of DST"


def test_department_answers_faster_in_business_hours(
    rows: list[dict[str, Any]], index: dict[str, dict[str, Any]]
) -> None:
    in_hours, out_hours = [], []
    for row in rows:
        if _is_response(row, index):
            parent = index[row["parent_uid"]]
            local = _when(parent).astimezone(CHICAGO)
            delay = (_when(row) - _when(parent)).total_seconds()
            (in_hours if local.weekday() < 5 and 8 <= local.hour < 18 else out_hours).append(delay)
    in_hours.sort()
    out_hours.sort()
    assert in_hours[len(in_hours) // 2] < out_hours[len(out_hours) // 2]
    assert min(in_hours + out_hours) >= 60 and max(in_hours + out_hours) > 2 * 86400


def test_platform_shapes(rows: list[dict[str, Any]], index: dict[str, dict[str, Any]]) -> None:
    children = Counter(row["parent_uid"] for row in rows if row["kind"] != "quote")
    for row in rows:
        metrics = row["metrics"]
        platform = row["platform"]
        if platform == "x":
            assert re.fullmatch(r"\d{19}", row["native_id"])
            millis = (int(row["native_id"]) >> 22) + TWITTER_EPOCH_MS
            assert datetime.fromtimestamp(millis / 1000, UTC) == _when(row)
            assert row["url"] == f"https://x.com/{row['author_handle']}/status/{row['native_id']}"
            assert None not in metrics.values()
            assert row["raw"]["id"] == row["native_id"] and row["raw"]["text"] == row["text"]
        elif platform == "reddit":
            assert re.fullmatch(r"t[13]_[0-9a-z]{7}", row["native_id"])
            assert row["url"].startswith("https://www.reddit.com/r/Riverton/comments/")
            assert metrics["reposts"] is metrics["quotes"] is metrics["views"] is None
            assert row["raw"]["name"] == row["native_id"]
        elif platform == "facebook":  # Graph ids: <page>_<post> for posts, <post>_<comment> for comments
            root_id = index[row["root_uid"]]["native_id"].split("_")[1]
            shape = r"100064712345678_\d{16}" if row["kind"] == "post" else rf"{root_id}_\d{{16}}"
            assert re.fullmatch(shape, row["native_id"]), row["uid"]
            assert row["url"] == f"https://www.facebook.com/{row['native_id']}"
            assert metrics["quotes"] is metrics["views"] is None
            assert row["raw"]["id"] == row["native_id"] and row["raw"]["message"] == row["text"]
            parent = index.get(row["parent_uid"] or "")
            if parent is not None and parent["kind"] == "reply":  # a reply to a comment names it, as Graph does
                assert row["raw"]["parent"] == {"id": parent["native_id"]}
        else:
            assert re.fullmatch(r"at://did:plc:[a-z0-9]{24}/app\.bsky\.feed\.post/[2-7a-z]{13}", row["native_id"])
            assert row["url"].endswith("/post/" + row["native_id"].rsplit("/", 1)[1])
            assert metrics["views"] is None and metrics["quotes"] is not None
            assert row["raw"]["uri"] == row["native_id"] and row["raw"]["cid"].startswith("bafyrei")
        if row["native_id"].startswith("t3_"):  # a Reddit submission counts its whole comment forest
            forest = sum(1 for other in rows if other["root_uid"] == row["uid"]) - 1
            assert metrics["replies"] == row["raw"]["num_comments"] == forest, row["uid"]
        else:
            assert metrics["replies"] == children[row["uid"]], row["uid"]


def test_the_use_of_force_release_draws_the_most_engagement(rows: list[dict[str, Any]]) -> None:
    x_posts = sorted((row for row in rows if row["platform"] == "x" and row["kind"] == "post"),
                     key=lambda row: row["metrics"]["likes"], reverse=True)
    assert "body-worn camera" in x_posts[0]["text"]
    assert x_posts[0]["metrics"]["likes"] > 5 * x_posts[len(x_posts) // 2]["metrics"]["likes"]
    assert x_posts[0]["metrics"]["replies"] == max(row["metrics"]["replies"] for row in x_posts)


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    write(tmp_path)
    for name in (*DATA_FILES, "README.md"):
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


def test_script_errors_name_the_line() -> None:
    with pytest.raises(ScriptError, match=r"demo:3: reply nested deeper"):
        parse("## k x RivertonPD 2026-10-01 10:00\nA post\n>> someone: too deep\n", "demo")
    with pytest.raises(ScriptError, match=r"unknown tag"):
        parse("## k x RivertonPD 2026-10-01 10:00\nA post\n> someone #urgnet: typo\n", "demo")
