"""Back-off for an account whose collection keeps failing: wait longer each time, recover at once.

A platform outage or an expired token should not be hammered every five minutes (nor fill the log
with the same error), but the account must come back at its normal pace on the first success.
"""

from __future__ import annotations

# Never wait more than this many base intervals, nor more than this many minutes (if the base allows).
CAP_FACTOR = 8
CAP_MINUTES = 6 * 60


def backoff_minutes(base: float, failures: int) -> float:
    """The interval after ``failures`` consecutive failures: base * 2^failures, capped."""
    if failures <= 0:
        return base
    cap = max(base, min(base * CAP_FACTOR, CAP_MINUTES))
    return min(base * 2**failures, cap)
