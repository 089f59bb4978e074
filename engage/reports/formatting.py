"""How a figure reads in a report or on a page: percentages, durations, signed scores, counts.

Shared by the report templates and the web dashboard, so a figure reads the same in both.
"""

from __future__ import annotations


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def pct_range(low: float | None, high: float | None) -> str:
    return "" if low is None or high is None else f"{low:.0%}–{high:.0%}"


def duration(hours: float | None, *, unreached: str = "not reached") -> str:
    """Hours in the unit a reader expects: minutes under an hour, days over two days."""
    if hours is None:
        return unreached
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"


def duration_range(low: float | None, high: float | None) -> str:
    if low is None:
        return ""
    return f"{duration(low)}–{duration(high, unreached='not reached')}"


def signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def signed_range(low: float | None, high: float | None) -> str:
    return "" if low is None or high is None else f"{low:+.2f} to {high:+.2f}"


def number(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"
