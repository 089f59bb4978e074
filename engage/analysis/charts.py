"""The what-works charts: estimates with their 95% intervals, and covariate balance (pygal, inline SVG).

Drawn with the weekly report's chart settings (``engage.reports.charts``): greyscale, no script, fixed
ids. Every chart is a dot per category with a horizontal whisker for its interval, so nothing is
read from colour; the balance chart tells before from after by marker fill (hollow / solid).
"""

from __future__ import annotations

from collections.abc import Sequence

import pygal

from engage.analysis.estimators import Estimate
from engage.reports.charts import INK, MID, REPORT, _config, _empty, _svg

ROW = 34


def _row_labels(names: Sequence[str]) -> list[dict[str, object]]:
    """One y-axis label per row (row i at y = i)."""
    return [{"label": name, "value": i} for i, name in enumerate(names)]


def interval_chart(title: str, labels: Sequence[str], estimates: Sequence[Estimate], chart_id: str,
                   x_title: str, reference: float | None = None) -> str:
    """One row per label: the estimate as a dot, its 95% interval as a whisker."""
    rows = [(label, e) for label, e in zip(labels, estimates, strict=True) if e.estimate is not None]
    height = ROW * max(len(rows), 3) + 170
    if not rows:
        return _empty(title, height, "too little data to draw", chart_id, REPORT)
    names = [label for label, _ in rows][::-1]
    values = [v for _, e in rows for v in (e.low, e.high, e.estimate) if v is not None]
    if reference is not None:
        values.append(reference)
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or 0.5
    chart = pygal.XY(
        **_config(title, height, (INK,) * (len(rows) + 2) + (MID,), REPORT),
        xrange=(low - pad, high + pad), range=(-0.7, len(rows) - 0.3), x_title=x_title,
        y_labels=_row_labels(names), show_legend=False, dots_size=5,
    )
    for i, (_, e) in enumerate(reversed(rows)):
        if e.low is not None and e.high is not None:
            chart.add(None, [(e.low, i), (e.high, i)], show_dots=False, stroke_style={"width": 2})
    chart.add("estimate", [(e.estimate, i) for i, (_, e) in enumerate(reversed(rows))], stroke=False)
    if reference is not None:
        chart.add("reference", [(reference, -0.7), (reference, len(rows) - 0.3)], show_dots=False,
                  stroke_style={"width": 1.5, "dasharray": "3, 4"})
    return _svg(chart, chart_id, REPORT)


def balance_chart(names: Sequence[str], before: Sequence[float], after: Sequence[float]) -> str:
    """|SMD| of each covariate before (hollow) and after (solid) weighting, with the 0.1 mark."""
    title = "Covariate balance: |standardised mean difference|, answered vs unanswered"
    height = ROW * max(len(names), 3) + 190
    if not names:
        return _empty(title, height, "no covariates to compare", "balance", REPORT)
    top = max([0.25, *map(abs, before), *map(abs, after)]) * 1.1
    chart = pygal.XY(
        **_config(title, height, (INK, INK, MID), REPORT),
        xrange=(0, top), range=(-0.7, len(names) - 0.3), y_labels=_row_labels(list(names)[::-1]),
        x_title="|SMD| (under 0.1 = balanced)", dots_size=5,
    )
    chart.add("before weighting", [(abs(v), i) for i, v in enumerate(reversed(before))], stroke=False)
    chart.add("after weighting", [(abs(v), i) for i, v in enumerate(reversed(after))], stroke=False)
    chart.add("0.1", [(0.1, -0.7), (0.1, len(names) - 0.3)], show_dots=False,
              stroke_style={"width": 1.5, "dasharray": "3, 4"})
    css = ("#ID .series.serie-0 .dot, #ID .legend rect.color-0"
           f" {{ fill: white !important; stroke: {INK}; stroke-width: 2; }}")
    return _svg(chart, "balance", REPORT, css)
