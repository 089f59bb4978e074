"""Figures about the generated demo data, and the README that states them.

The README is rendered from the data on every generation so its counts can never drift from the
files it describes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engage.demo_data.items import Item

PLATFORM_NAMES = {"x": "X", "reddit": "Reddit", "bluesky": "Bluesky", "facebook": "Facebook"}
TRIAGE_TAGS = ("urgent", "selfharm", "threat", "abusive", "spam")
_FILES = "`x.jsonl`, `reddit.jsonl`, `bluesky.jsonl`, `facebook.jsonl`"


@dataclass
class Summary:
    """Counts per platform plus the items a triage desk should notice."""

    rows: dict[str, Counter[str]] = field(default_factory=dict)
    tags: Counter[str] = field(default_factory=Counter)
    flagged: list[tuple[str, str, str]] = field(default_factory=list)
    first: str = ""
    last: str = ""

    def add(self, platform: str, items: Sequence[Item], records: Sequence[dict[str, Any]]) -> None:
        """Count one platform's items (``records`` are already sorted by time)."""
        row: Counter[str] = Counter()
        texts = {record["uid"]: record["text"] for record in records}
        for item in items:
            if item.is_department:
                if item.depth == 0:
                    row["department posts"] += 1
                elif item.parent is not None and not item.parent.is_department:
                    row["department responses"] += 1
                    if item.handle != item.thread.account:
                        row["responses by a sibling account"] += 1
                else:
                    row["department follow-ups in own thread"] += 1
                continue
            row[{"reply": "public replies", "mention": "mentions", "quote": "quotes"}[item.kind]] += 1
            row["spanish"] += "es" in item.node.tags
            answers = [child for child in item.children if child.is_department]
            row["public items answered"] += bool(answers)
            row["public items answered twice or more"] += len(answers) >= 2
            for tag in item.node.tags & set(TRIAGE_TAGS):
                self.tags[tag] += 1
                if tag in ("urgent", "selfharm", "threat"):
                    self.flagged.append((tag, item.uid, texts[item.uid]))
        row["distinct public authors"] = len({i.handle for i in items if not i.is_department and i.handle})
        row["records"] = len(records)
        self.rows[platform] = row
        if records:
            self.first = min(filter(None, (self.first, records[0]["created_at"])))
            self.last = max(self.last, records[-1]["created_at"])

    def total(self, key: str) -> int:
        """``key`` summed over platforms."""
        return sum(row[key] for row in self.rows.values())

    def one_line(self) -> str:
        """A short log line of the headline counts."""
        return ", ".join(
            f"{PLATFORM_NAMES[p]} {row['records']}" for p, row in self.rows.items()
        ) + f"; department responses {self.total('department responses')}"


_ROW_ORDER = (
    "department posts",
    "public replies",
    "mentions",
    "quotes",
    "department responses",
    "responses by a sibling account",
    "department follow-ups in own thread",
    "public items answered",
    "public items answered twice or more",
    "spanish",
    "distinct public authors",
    "records",
)


def _table(summary: Summary) -> Iterable[str]:
    platforms = list(summary.rows)
    yield "| | " + " | ".join(PLATFORM_NAMES[p] for p in platforms) + " | total |"
    yield "|---|" + "---:|" * (len(platforms) + 1)
    for key in _ROW_ORDER:
        values = [summary.rows[p][key] for p in platforms]
        total = "" if key == "distinct public authors" else str(sum(values))
        yield f"| {key} | " + " | ".join(str(v) for v in values) + f" | {total} |"


def render_readme(summary: Summary) -> str:
    """The demo data README, with every figure taken from ``summary``."""
    flagged = "\n".join(
        f"| {tag} | `{uid}` | {text[:70].replace('|', '/').replace(chr(10), ' ')} |"
        for tag, uid, text in sorted(summary.flagged)
    )
    tags = ", ".join(f"{tag} {summary.tags[tag]}" for tag in TRIAGE_TAGS)
    return f"""# Demo data: Riverton Police Department (fictional)

**Everything here is invented.** Riverton, its police department, its accounts and every person,
handle, address and incident in these files are fictional; any resemblance to a real agency or
person is coincidental. The files exist so `engage demo`, the docs and the tests can show a
realistic comms desk without credentials or real people's posts.

## What is in it

Nine full ISO weeks of a mid-sized US city police department's two-way social media, in the
department's time zone (America/Chicago): Monday 2026-09-21 00:00 to Sunday 2026-11-22 23:59,
spanning the end of daylight saving time on 2026-11-01, plus late answers in the following days.

- X: `@RivertonPD` (user id 1402987715531431936) and the traffic unit `@RivertonPDTraffic`
  (1519023364481224704), which sometimes answers in the main account's threads.
- Reddit: `u/RivertonPD_Official` posting in r/Riverton (comment forests, a few deleted authors).
- Bluesky: `rivertonpd.bsky.social` (did:plc:rvtnpd6x3k2m4qz7w5j8h1ab).
- Facebook: the `RivertonPD` Page (page id 100064712345678), where comments are longer and more local
  than on X: streets, schools and businesses by name, neighbours naming and answering each other.

The story: traffic alerts and closures, two missing-person appeals resolved in-thread, arrests, a
phone scam warning, coffee with a cop, trunk-or-treat and a food drive, recruitment, a severe storm,
a lost dog, election-day guidance, and a contested use-of-force incident whose body-worn camera
release draws a large, heated thread. Replies are written one by one for the post they answer:
questions, thanks, complaints, sarcasm, arguments between members of the public, spam, abuse, a few
in Spanish, and a handful of urgent messages (an emergency reported in a reply, self-harm, threats)
that a triage desk must catch. Many actionable replies are never answered, as in real life.
Twenty-one more X threads (`threads_whatworks.py`: appeals, surveys, thank-yous and Q&As, with
answered and unanswered questions and the replies under them) give `engage report what-works` enough
conversations to say something.

Records from {summary.first} to {summary.last} (UTC).

| | |
|---|---|
| files | {_FILES} (one `connectors.base.Record` per line, sorted by `created_at`) |
| tagged in the source | {tags} |

{chr(10).join(_table(summary))}

"Department responses" are department records whose parent is a public item (docs/metrics.md);
"follow-ups" are the department answering its own post (for example "UPDATE: she has been found").
Mentions are public posts naming the department outside its threads (some are replies in other
people's threads, so their `parent_uid` points outside these files); quotes are X and Bluesky quote
posts of a department post, and start their own conversation (`root_uid` is the quote itself).

## Items a triage desk should catch

| tag | uid | text |
|---|---|---|
{flagged}

## How it is made

The texts are written by hand in `threads_x.py`, `threads_reddit.py`, `threads_bluesky.py` and
`threads_facebook.py` (format in `threadscript.py`). `generate.py` adds timestamps (department
answers are quick in business hours, Monday to Friday 08:00-18:00, and wait for the next working
morning otherwise), platform-shaped ids (X snowflakes, Reddit base36 fullnames, Bluesky TIDs and
CIDs, Graph API object ids), permalinks, engagement counts and a small platform-shaped `raw`
payload, from random generators seeded per thread. Regenerate with

```
python -m engage.demo_data.generate
```

which rewrites these files byte-identically (this README included).
"""
