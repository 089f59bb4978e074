"""Every form of "a person's correction beats the active model" agrees with the ``current_labels`` view.

A seeded random store goes through model labels, corrections, model switches and deletions of each; after
every step each SQL form of engage.labels, the inbox that reads them, the values migrations 7 and 8's
triggers store on rows, and engage.schema's backfills must say what the view says.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from engage import labels, schema, triage
from engage.store import Store

SINGLE = {"urgent": ("yes", "no"), "needs_response": ("yes", "no"), "sentiment": ("negative", "neutral", "positive"),
          "abusive": ("yes", "no")}
TOPICS = ("crime", "traffic", "events", "none")
TASKS = (*SINGLE, "topics")
MODELS = ("m1", "m2", "m3")
CODES = {label: code for code, label in schema.SENTIMENT_CODES.items()}
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def _add_post(store: Store, n: int) -> str:
    uid = f"x:{n}"
    at = f"2026-03-0{1 + n % 2}T0{n % 10}:00:00.000Z"
    store.db["posts"].insert({"uid": uid, "platform": "x", "native_id": str(n), "account": "dept", "kind": "reply",
                              "text": f"reply {n}", "created_at": at, "collected_at": at, "updated_at": at,
                              "likes": n % 3})
    store.db["triage"].insert({"uid": uid, "status": "new"})
    return uid


def _scores(rng: random.Random, task: str, chosen: list[str]) -> str | None:
    if rng.random() < 0.1:
        return None
    names = TOPICS if task == "topics" else SINGLE[task]
    return json.dumps({name: round(rng.random(), 3) for name in names if name in chosen or rng.random() < 0.7})


def _step(store: Store, rng: random.Random, uids: list[str]) -> None:
    """One random write of the kinds the app makes: a model's labels, a person's, a model switch, a deletion."""
    db, uid, task = store.db, rng.choice(uids), rng.choice(TASKS)
    action = rng.choice(("classify", "classify", "classify", "correct", "correct", "uncorrect", "switch",
                         "drop_model", "drop_label"))
    chosen = rng.sample(TOPICS, rng.randint(1, 2)) if task == "topics" else [rng.choice(SINGLE[task])]
    if action == "classify":
        model = rng.choice(MODELS)
        db.execute("DELETE FROM classifications WHERE uid = ? AND task = ? AND model_id = ?", [uid, task, model])
        db["classifications"].insert_all(
            [{"uid": uid, "task": task, "model_id": model, "label": label, "scores": _scores(rng, task, chosen),
              "classified_at": "2026-03-02T00:00:00.000Z"} for label in chosen])
    elif action == "correct":
        db.execute("DELETE FROM corrections WHERE uid = ? AND task = ?", [uid, task])
        db["corrections"].insert_all([{"uid": uid, "task": task, "label": label, "actor": "ana",
                                       "at": "2026-03-02T00:00:00.000Z"} for label in chosen])
    elif action == "uncorrect":
        db.execute("DELETE FROM corrections WHERE uid = ? AND task = ?", [uid, task])
    elif action == "switch":
        store.activate_model(task, rng.choice(MODELS), chosen)
    elif action == "drop_model":
        db.execute("DELETE FROM active_models WHERE task = ?", [task])
    else:
        db.execute("DELETE FROM classifications WHERE id IN (SELECT id FROM classifications WHERE uid = ?"
                   " AND task = ? ORDER BY random() LIMIT 1)", [uid, task])


def _view(store: Store) -> dict[tuple[str, str], tuple[set[str], str | None, str]]:
    """(uid, task) -> (labels, scores of one label row, source), as the current_labels view has them."""
    out: dict[tuple[str, str], tuple[set[str], str | None, str]] = {}
    for uid, task, label, scores, source in store.db.execute(
            "SELECT uid, task, label, scores, source FROM current_labels"):
        found = out.setdefault((uid, task), (set(), scores, source))
        found[0].add(label)
    return out


def _rank_urgent(view_row: tuple[set[str], str | None, str] | None) -> int:
    if view_row is None or "yes" not in view_row[0]:
        return 0
    if view_row[2] == "human":
        return 1000
    yes = json.loads(view_row[1]).get("yes", 0.5) if view_row[1] else 0.5
    return 1 + int(round(min(max(yes, 0), 1) * 998))


def _value(store: Store, fragment: str, params: dict[str, object]) -> object:
    """``fragment`` (an engage.labels form over ``p.uid``) evaluated for the post ``:uid``."""
    return store.db.execute(f"SELECT {fragment} FROM posts p WHERE p.uid = :uid", params).fetchone()[0]  # noqa: S608


def _check(store: Store, uids: list[str]) -> None:
    view = _view(store)
    params = labels.active_model_params(store.db)
    for uid in uids:
        row = {"uid": uid} | params
        for task in TASKS:
            expected = view.get((uid, task))
            current = expected[0] if expected else set()
            where = f"({task}, {uid})"
            for sep in (",", "\x1f"):
                for ref in (labels.ACTIVE, labels.PARAMETER):
                    joined = _value(store, labels.current_labels(task, "p.uid", sep, ref), row)
                    assert (set(joined.split(sep)) if joined else set()) == current, where
            for ref in (labels.ACTIVE, labels.PARAMETER):
                for value in SINGLE.get(task, TOPICS):
                    for label in (value, ":candidate"):  # a label constant, a named parameter
                        got = _value(store, labels.has_label(task, label, "p.uid", ref), row | {"candidate": value})
                        assert bool(got) == (value in current), where
                if task in SINGLE:
                    single = _value(store, labels.current_label(task, "p.uid", ref), row)
                    assert single == (next(iter(current)) if current else None), where
            corrected = _value(store, labels.is_corrected(task, "p.uid"), row)
            assert bool(corrected) == (expected is not None and expected[2] == "human"), where
        need = _value(store, labels.model_unless_corrected("needs_response", "scores", "p.uid"), row)
        expected = view.get((uid, "needs_response"))
        assert need == (expected[1] if expected and expected[2] == "model" else None), uid

    # Queries over every task: the active model's rows less the corrected ones are the view's model rows.
    model_rows = store.db.execute(
        f"SELECT c.uid, c.task, c.label FROM classifications c {labels.ACTIVE_MODEL_JOIN}"  # noqa: S608
        f" WHERE NOT {labels.CORRECTED_ROW}").fetchall()
    assert sorted(model_rows) == sorted(store.db.execute(
        "SELECT uid, task, label FROM current_labels WHERE source = 'model'").fetchall())

    # The inbox (labels with the active model ids as parameters) shows the view's labels.
    for uid in uids:
        item = triage.get_item(store, uid, sla_hours=4, tz=ZoneInfo("UTC"), now=NOW)
        assert list(item.labels) == list(labels.REPLY_TASKS)  # one entry per task of the registry
        for task in SINGLE:
            current = view.get((uid, task), (set(), None, ""))[0]
            assert item.labels[task] == (next(iter(current)) if current else None), (uid, task)
        assert item.labels["topics"] == sorted(view.get((uid, "topics"), (set(), None, ""))[0] - {"none"}), uid
        assert item.human_tasks == sorted(t for t in TASKS if view.get((uid, t), ("", "", ""))[2] == "human")

    # What migrations 7 and 8's triggers stored, and what engage.schema's backfills recompute.
    for backfill in (False, True):
        if backfill:
            store.db.execute(schema.TRIAGE_RANK_BACKFILL)
            store.db.execute(schema.SENTIMENT_BACKFILL)
        for uid, urgent, needs, negative, code in store.db.execute(
                "SELECT t.uid, t.rank_urgent, t.rank_needs, t.rank_negative, p.sentiment_code"
                " FROM triage t JOIN posts p ON p.uid = t.uid"):
            sentiment = view.get((uid, "sentiment"), (set(), None, ""))[0]
            assert urgent == _rank_urgent(view.get((uid, "urgent"))), (uid, backfill)
            assert needs == int("yes" in view.get((uid, "needs_response"), (set(), None, ""))[0]), (uid, backfill)
            assert negative == int("negative" in sentiment), (uid, backfill)
            assert code == (CODES[next(iter(sentiment))] if sentiment else 0), (uid, backfill)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_form_of_the_label_rule_agrees_with_the_current_labels_view(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = Store.open(tmp_path / "labels.db")
    uids = [_add_post(store, n) for n in range(8)]
    for task in TASKS:
        store.activate_model(task, "m1", [])
    for step in range(240):
        _step(store, rng, uids)
        if step % 20 == 19:
            _check(store, uids)
    kinds = {r[0] for r in store.db.execute("SELECT source FROM current_labels")}
    assert kinds == {"model", "human"}  # the walk reached both kinds of label


def test_fragments_refuse_names_that_are_not_code() -> None:
    for bad in (lambda: labels.current_label("urgent'--", "p.uid"), lambda: labels.current_labels("topics", "1=1"),
                lambda: labels.has_label("topics", "x' OR 1", "p.uid"), lambda: labels.model("urgent", "*", "p.uid"),
                lambda: labels.current_labels("topics", "p.uid", ";")):
        with pytest.raises(ValueError):
            bad()
