"""Shipped migrations are frozen: each builds exactly the schema it built when it shipped.

``fixtures/schema_at_2ebb105.json`` was dumped from the code of main at 2ebb105, the last commit whose
migrations 7 and 8 built their triggers from live constants: a fresh database migrated one step at a
time, and after each step what it added or changed in ``sqlite_master`` and what it removed. Migrations
after 12 are not in the fixture (they were literal text from the start).
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from engage import migrations

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "schema_at_2ebb105.json").read_text())


def _master(db: sqlite_utils.Database) -> dict[str, list[str]]:
    return {r[1]: list(r) for r in db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")}


def test_each_shipped_migration_builds_the_schema_it_built_when_it_shipped() -> None:
    db = sqlite_utils.Database(memory=True)
    expected: dict[str, list[str]] = {}
    for number, step in FIXTURE["steps"].items():
        migrations.migrate(db, up_to=int(number))
        for name in step["removed"]:
            del expected[name]
        expected |= {row[1]: row for row in step["added_or_changed"]}
        assert _master(db) == expected, f"migration {number} no longer builds the schema it shipped with"
    assert [int(n) for n in FIXTURE["steps"]] == [n for n in sorted(migrations.MIGRATIONS) if n <= 12]
