"""Request validation: every query parameter and form field bounded before it reaches triage or SQL.

Values come from anyone who can reach the server, so each is checked for what it must be (a date in
the years a record can have, a page number SQLite can offset by, text of a sane length, text and not
a file upload) and a bad one is a 400 naming the field, never a 500 from deep in the stack.
"""

from __future__ import annotations

from datetime import date

from fastapi import HTTPException, Request
from starlette.datastructures import FormData, UploadFile

from connectors.base import EARLIEST, LATEST

MAX_PAGE = 100_000  # 5 million rows at 50 a page; beyond that a page number is a probe, not a reader
MAX_QUERY_CHARS = 500  # the search box: far more than any search, bounded before the regex and FTS
MAX_PARAM_CHARS = 200  # names, handles, uids, fingerprints
FIRST_DAY, LAST_DAY = EARLIEST.date(), date(LATEST.year - 1, 12, 31)


def bounded_text(value: str | None, name: str, limit: int = MAX_PARAM_CHARS) -> str:
    """``value`` stripped, or a 400 when it is longer than ``limit`` characters."""
    text = (value or "").strip()
    if len(text) > limit:
        raise HTTPException(400, f"{name}: at most {limit} characters")
    return text


def bounded_page(value: str | None) -> int:
    """A 1-based page number within ``MAX_PAGE``, or a 400."""
    text = (value or "1").strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE:
        raise HTTPException(400, f"page: {text[:20]!r} is not a page number from 1 to {MAX_PAGE}")
    return int(text)


def bounded_date(value: str | None, name: str) -> date | None:
    """An ISO date between the first and the last day a record can have, ``None`` when empty, else a 400."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{name}: {value[:20]!r} is not a date (YYYY-MM-DD)") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise HTTPException(400, f"{name}: {value} is not between {FIRST_DAY} and {LAST_DAY}")
    return day


async def text_form(request: Request) -> FormData:
    """The request's form, refusing any file upload: no form of this app takes a file."""
    form = await request.form()
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            raise HTTPException(400, f"{name}: must be text, not a file upload")
    return form
