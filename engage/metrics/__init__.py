"""The metrics defined in docs/metrics.md: response rate and time, engagement, conversation ratio, sentiment.

Import from here: ``compute_metrics`` (rows per period/platform/account/topic), ``MetricRow``, the
definitions version and texts every report prints, and the period helpers.
"""

from engage.metrics.compute import DIMENSIONS, GroupResult, MetricRow, compute_groups, compute_metrics
from engage.metrics.definitions import ACTIONABLE_NOTE, DEFINITIONS, METRICS_VERSION, SMALL_SAMPLE
from engage.metrics.periods import Period, iso_week, last_full_week, shift_week, week_of

__all__ = [
    "ACTIONABLE_NOTE", "DEFINITIONS", "DIMENSIONS", "METRICS_VERSION", "SMALL_SAMPLE", "GroupResult",
    "MetricRow", "Period", "compute_groups", "compute_metrics", "iso_week", "last_full_week", "shift_week",
    "week_of",
]
