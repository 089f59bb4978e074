"""``codebook.md`` and ``codebook.json``: every exported column, its type and unit, and the metric definitions.

Both files are rendered from :mod:`engage.export.schema` and :mod:`engage.metrics.definitions`, the
same objects the writers and the reports use, so the codebook describes exactly what was written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engage.export.schema import Table
from engage.metrics.definitions import ACTIONABLE_NOTE, CHANGES, DEFINITIONS, METRICS_VERSION

PARQUET_TYPES = {
    "string": "string",
    "integer": "int64",
    "float": "double",
    "boolean": "bool",
    "timestamp": "timestamp[ms, tz=UTC]",
}
CSV_SPELLING = {
    "string": "text (UTF-8)",
    "integer": "digits",
    "float": "decimal number",
    "boolean": "true / false",
    "timestamp": "ISO 8601 with offset",
}

CONVENTIONS = (
    ("Missing values", "An empty CSV field, JSON null or Parquet null means not known, not applicable or "
     "withheld; counts are never guessed as 0."),
    ("Times", "All timestamps are UTC instants written in ISO 8601 with the +00:00 offset. Weeks in the "
     "product's reports are ISO weeks in the department's time zone (see manifest `timezone`)."),
    ("CSV", "RFC 4180: comma-separated, header row, fields quoted with \" only when they contain a comma, "
     "quote or line break (quotes doubled), CRLF line endings, UTF-8 without byte-order mark. Loads as it is "
     "with pandas.read_csv and readr::read_csv. Text may begin with = + - @: open it in a spreadsheet through "
     "the import dialog with text columns set to Text, not by double-clicking, unless the manifest's query "
     "says `spreadsheet_safe` (then such text starts with an added ', NUL is U+FFFD and a URL that is not "
     "http(s) starts with ')."),
    ("Pseudonyms", "Public authors appear only as `p_<16 hex>` = first 16 hex digits of HMAC-SHA256(key, "
     "`platform:author_id`) (the lower-cased handle when the platform gives no id). The same person has the "
     "same pseudonym in every row and in every export made with the same key (`pseudonym_key_id` in the "
     "manifest); a project with another key gets unrelated pseudonyms. The key stays with the department. "
     "Department accounts keep their handles."),
    ("Redaction", "In every text, @mentions (and Reddit u/names) of anyone but the department become the "
     "mentioned person's pseudonym, as do the full names of people a Facebook comment tags; e-mail "
     "addresses become [email] and phone numbers [phone]."),
    ("Deleted content", "Records deleted on the platform (found deleted on re-collection, or listed by a "
     "compliance feed such as X's batch compliance jobs) are never exported: no row in posts, labels or "
     "metric_snapshots. A deleted public reply keeps an anonymous row in response_times (no id, no labels) "
     "so response-rate denominators match the product's reports."),
    ("Retention", "Public replies older than `retention_days` have had their text and author removed in the "
     "database; they are exported as rows with `retained` = true and no text or author, with times, thread "
     "links, counts and labels intact."),
    ("Thread links", "parent_id and root_id may name records that are not in the export (outside the period "
     "or filters, or deleted)."),
    ("Filters", "--since/--until select records by created_at (since inclusive, until exclusive); --platform "
     "and --account by platform and monitored account. --topics keeps the public replies whose current topic "
     "labels include one of the topics, plus the department records of their threads (the root and parent "
     "when they are the department's, and the department's responses to them). Response times are measured "
     "up to the export's as-of time, even when the answer falls after --until."),
    ("Dehydrated mode", "With --mode dehydrated, X records carry only ids, timestamps, the pseudonymous author, "
     "thread links and derived labels (text, lang, url and counts empty; no X rows in metric_snapshots), as X's "
     "developer terms allow sharing post ids but not content. `ids_x.txt` lists the X post ids; rehydrate with "
     "`twarc2 hydrate ids_x.txt > tweets.jsonl` under your own X API access (deleted or protected posts will "
     "not come back, as the terms intend). Other platforms' records are exported in full."),
)


def codebook_dict(tables: list[tuple[Table, str, int]], *, dehydrated: bool) -> dict[str, Any]:
    """The codebook as data: ``tables`` is (table, file name, row count) per exported table."""
    return {
        "metrics_version": METRICS_VERSION,
        "tables": [
            {
                "name": table.name,
                "file": file_name,
                "rows": rows,
                "description": table.description,
                "columns": [
                    {
                        "name": c.name,
                        "type": c.type,
                        "parquet_type": PARQUET_TYPES[c.type],
                        "unit": c.unit or None,
                        "description": c.description,
                    }
                    for c in table.columns
                ],
            }
            for table, file_name, rows in tables
        ],
        "definitions": [{"term": term, "definition": text} for term, text in DEFINITIONS],
        "definition_changes": [{"version": version, "changes": text} for version, text in CHANGES],
        "actionable_note": ACTIONABLE_NOTE,
        "conventions": [{"topic": topic, "text": text} for topic, text in CONVENTIONS],
        "dehydrated": dehydrated,
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def codebook_markdown(book: dict[str, Any]) -> str:
    lines = [
        "# Codebook",
        "",
        f"Metric definitions version: `{book['metrics_version']}`. Mode: "
        f"{'dehydrated (X records without content)' if book['dehydrated'] else 'full'}. "
        "`manifest.json` lists the software version, config hash, model ids, the query, row counts and the "
        "SHA-256 of every file (check them with `engage export verify DIR`).",
        "",
    ]
    for table in book["tables"]:
        lines += [f"## {table['name']} (`{table['file']}`, {table['rows']} rows)", "", table["description"], "",
                  "| column | type | unit | description |", "|---|---|---|---|"]
        for col in table["columns"]:
            kind = f"{col['type']} ({CSV_SPELLING[col['type']]}; Parquet {col['parquet_type']})"
            lines.append(f"| `{col['name']}` | {kind} | {col['unit'] or ''} | {_cell(col['description'])} |")
        lines.append("")
    lines += ["## Metric definitions", "", book["actionable_note"], ""]
    lines += [f"- **{d['term']}**: {d['definition']}" for d in book["definitions"]]
    lines += ["", "What each version of the definitions changed:", ""]
    lines += [f"- **{c['version']}**: {c['changes']}" for c in book["definition_changes"]]
    lines += ["", "## Conventions", ""]
    lines += [f"- **{c['topic']}**: {c['text']}" for c in book["conventions"]]
    return "\n".join(lines) + "\n"


def write_codebook(folder: Path, book: dict[str, Any]) -> None:
    (folder / "codebook.json").write_text(json.dumps(book, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "codebook.md").write_text(codebook_markdown(book), encoding="utf-8")
