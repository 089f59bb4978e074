"""The weekly summary's charts as inline SVG, drawn by pygal (no files, no scripts, no external requests).

Why pygal rather than matplotlib: the charts are three small line and bar charts, and pygal writes
SVG directly in pure Python (imported and drawn in about 0.1 s), where matplotlib cost about 2 s of
import and layout per report, most of the weekly report's time budget.

Readable in greyscale: series differ by dash pattern, marker and hatching, not by colour alone.
Every chart has a title and axis units. Text stays text in the SVG, so it is small, sharp in print
and selectable. pygal scopes its CSS by the chart's id; ids are fixed per chart (not pygal's random
uuid), so a report renders byte-for-byte the same twice and several inline SVGs on one page never
share an id. pygal's inline script (tooltips) and comments are removed: the report runs no script.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pygal
from pygal.style import Style

from engage.metrics.compute import MetricRow
from engage.metrics.definitions import SMALL_SAMPLE
from engage.metrics.stats import Survival
from engage.metrics.trend import TrendPoint

INK, MID, LIGHT = "#1a1a1a", "#6b6b6b", "#c8c8c8"
FONT = "'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', sans-serif"
WIDTH = 1000
SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class ChartSize:
    """The drawing's width in SVG units and how much larger than the report's its text is.

    An SVG scales as a whole, so text stays readable on a narrow screen only if the drawing is
    narrower and its text larger: the dashboard, read on phones too, uses :data:`SCREEN`.
    """

    width: int
    text: float
    legend_columns: int | None  # None: the whole legend on one row
    x_label_rotation: int  # degrees; slanted labels leave room for larger text

    def scale(self, size: float) -> int:
        """A font size or height of the report's drawing at this size (taller, so larger text fits)."""
        return round(size * self.text)


REPORT = ChartSize(WIDTH, 1.0, None, 0)  # the weekly report, on A4 or a desktop screen
SCREEN = ChartSize(560, 1.5, 1, 45)  # the dashboard: about 12 px text when shown 360 px wide, a legend row per series


def _style(colors: Sequence[str], size: ChartSize) -> Style:
    f = size.scale
    return Style(
        background="white", plot_background="white", foreground=INK, foreground_strong=INK,
        foreground_subtle="#e4e4e4", opacity="1", opacity_hover="1", transition="none", colors=tuple(colors),
        font_family=FONT, title_font_size=f(17), label_font_size=f(13), major_label_font_size=f(13),
        legend_font_size=f(13), no_data_font_size=f(20), tooltip_font_size=f(12), value_font_size=f(12),
        stroke_width="2",
    )


def _config(title: str, height: int, colors: Sequence[str], size: ChartSize) -> dict[str, object]:
    return {
        "title": title, "width": size.width, "height": size.scale(height), "style": _style(colors, size), "js": [],
        "disable_xml_declaration": True, "explicit_size": False, "legend_at_bottom": True,
        "legend_box_size": size.scale(14), "margin": 12, "spacing": 12,
        "print_values": False, "truncate_legend": -1, "truncate_label": -1,
        "x_label_rotation": size.x_label_rotation,
    }


# Light solid grid lines (pygal's are dark dashes, heavy in print); legend boxes drawn like their series.
COMMON_CSS = (
    "#ID .guide.line, #ID .axis .line { stroke: #d9d9d9 !important; stroke-dasharray: none !important; }"
    f" #ID .axis .major.line, #ID .axis.x > path.line, #ID .axis.y > path.line {{ stroke: {MID} !important; }}"
)


def _svg(chart: pygal.graph.graph.Graph, chart_id: str, size: ChartSize, css: str = "") -> str:
    """Render ``chart`` as an ``<svg>`` element with id ``chart-<chart_id>``, no script, no comments."""
    chart.uuid = chart_id
    css = COMMON_CSS + " " + css
    # pygal reserves (series // columns) legend rows, which is too few unless the columns divide the
    # series: so one row of every series, or (narrow screens) one row per series.
    chart.legend_at_bottom_columns = size.legend_columns or max(len(chart.raw_series), 1)
    chart.config.css = [*chart.config.css, "inline:" + css.replace("#ID", f"#chart-{chart_id}")]
    svg = COMMENT.sub("", SCRIPT.sub("", chart.render(is_unicode=True)))
    return svg.replace("<svg ", '<svg role="img" preserveAspectRatio="xMidYMid meet" ', 1)


def _empty(title: str, height: int, message: str, chart_id: str, size: ChartSize) -> str:
    """A chart with nothing to draw: its title and ``message`` (pygal 3.1 cannot lay out axes without data)."""
    chart = pygal.XY(**_config(title, height, (INK,), size), no_data_text=message)
    return _svg(chart, chart_id, size)


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """Indexes of the consecutive runs of non-missing values (a band is not drawn across a gap)."""
    runs: list[list[int]] = []
    for i, value in enumerate(values):
        if value is None:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def sentiment_trend(rows: list[TrendPoint], size: ChartSize = REPORT) -> str:
    """Net sentiment per week with its 95% band; weeks under the small-sample limit drawn hollow."""
    weeks = [r.period.split("-")[1] for r in rows]
    low = [r.net_sentiment_low for r in rows]
    high = [r.net_sentiment_high for r in rows]
    bands = _runs(low)
    title = f"Net sentiment of public replies, last {len(rows)} week{'s' if len(rows) != 1 else ''} (95% interval)"
    if not bands:
        return _empty(title, 330, "no classified replies in these weeks", "trend", size)
    chart = pygal.XY(
        **_config(title, 330, (LIGHT,) * len(bands) + (INK, INK), size),
        range=(-1, 1), xrange=(-0.4, len(rows) - 0.6), x_labels=list(range(len(rows))),
        x_value_formatter=lambda x: weeks[int(round(x))] if 0 <= round(x) < len(weeks) else "",
        y_labels=[-1, -0.5, 0, 0.5, 1], y_labels_major=[0], show_minor_y_labels=True,
        x_title="ISO week", y_title="net sentiment",
        allow_interruptions=True, dots_size=4,
    )
    for n, run in enumerate(bands):
        # The band as one closed outline: along the upper bounds, back along the lower ones.
        outline = [(i, high[i]) for i in run] + [(i, low[i]) for i in reversed(run)]
        chart.add("95% interval" if n == 0 else None, outline, fill=True, show_dots=False,
                  stroke_style={"width": 0})
    chart.add("net sentiment", [(i, r.net_sentiment) if r.net_sentiment is not None else (i, None)
                                for i, r in enumerate(rows)])
    small = [(i, r.net_sentiment) for i, r in enumerate(rows)
             if r.net_sentiment is not None and r.classified < SMALL_SAMPLE]
    if small:
        chart.add(f"fewer than {SMALL_SAMPLE} replies", small, stroke=False, dots_size=5)
    # Hollow markers for small samples; the band's outline has no stroke, only its fill.
    hollow = len(bands) + 1
    css = (f"#ID .series.serie-{hollow} .dot, #ID .legend rect.color-{hollow}"
           f" {{ fill: white !important; stroke: {INK}; stroke-width: 2; }}")
    return _svg(chart, "trend", size, css)


SENTIMENT_STYLE = (("negative", "#3b3b3b", "hatch-dense"), ("neutral", "#a6a6a6", ""),
                   ("positive", "#ffffff", "hatch-dots"))


def topics_by_sentiment(rows: list[MetricRow], size: ChartSize = REPORT) -> str:
    """Replies per topic this week as horizontal bars split by sentiment (hatched for greyscale)."""
    rows = rows[:12]
    chart = pygal.HorizontalStackedBar(
        **_config("Replies by topic and sentiment", int(34 * max(len(rows), 3) + 160),
                  [c for _, c, _ in SENTIMENT_STYLE] + ["#ffffff"], size)
        | {"x_label_rotation": 0},  # the topic names, written along the bars' axis
        x_title="public replies this week (a reply can have several topics)",
        x_labels=[r.topic.replace("_", " ") for r in rows][::-1], show_y_guides=False,
        defs=[
            '<pattern id="topics-hatch-dense" width="6" height="6" patternUnits="userSpaceOnUse"'
            ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#3b3b3b"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="white" stroke-width="1.5"/></pattern>',
            '<pattern id="topics-hatch-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
            '<rect width="5" height="5" fill="white"/><circle cx="2.5" cy="2.5" r="1" fill="#1a1a1a"/></pattern>',
        ],
    )
    for name, _, _ in SENTIMENT_STYLE:
        chart.add(name, [getattr(r, name) for r in rows][::-1])
    other = [r.public_replies - r.classified for r in rows][::-1]
    if any(other):
        chart.add("not classified", other)
    css = (
        f"#ID .series .rect, #ID .legend rect {{ stroke: {INK}; stroke-width: 1; }}"
        " #ID .serie-0 .rect, #ID .legend rect.color-0 { fill: url(#topics-hatch-dense) !important; }"
        " #ID .serie-2 .rect, #ID .legend rect.color-2 { fill: url(#topics-hatch-dots) !important; }"
        f" #ID .serie-3 .rect, #ID .legend rect.color-3 {{ stroke: {MID}; stroke-dasharray: 4 3; }}"
    )
    return _svg(chart, "topics", size, css)


def _step(curve: Survival, limit: float, columns: int = 720) -> list[tuple[float, float]]:
    """The Kaplan-Meier curve as the corners of a step line, in hours and percent, up to ``limit``.

    Read at ``columns`` even times (every 0.1 h at 72 h, under a pixel of the chart), so a week with
    thousands of distinct answer times draws a few hundred corners rather than one per answer.
    """
    grid = np.linspace(0.0, limit, columns + 1)
    surv = np.concatenate(([1.0], curve.surv)) * 100
    level = surv[np.searchsorted(curve.times / 3600.0, grid, side="right")]
    points: list[tuple[float, float]] = [(0.0, float(level[0]))]
    for k in np.flatnonzero(level[1:] != level[:-1]) + 1:
        points += [(float(grid[k]), float(level[k - 1])), (float(grid[k]), float(level[k]))]
    points.append((limit, float(level[-1])))
    return points


def response_curve(
    this: Survival, last: Survival, sla_hours: float, labels: tuple[str, str], size: ChartSize = REPORT
) -> str:
    """Share of actionable replies still unanswered after t hours (Kaplan-Meier), this week and last."""
    limit = max(3 * sla_hours, 72.0)
    curves = [(curve, label, dash) for curve, label, dash in ((this, labels[0], ""), (last, labels[1], "8 5"))
              if curve.n]
    title = "Actionable replies still unanswered over time (Kaplan-Meier)"
    if not curves:
        return _empty(title, 330, "no actionable replies in either week", "frt", size)
    chart = pygal.XY(
        **_config(title, 330, (INK,) * len(curves) + (MID,), size),
        range=(0, 100), xrange=(0, limit), y_labels=[0, 25, 50, 75, 100], y_labels_major=[50],
        x_labels=[float(h) for h in range(0, int(limit) + 1, 12)], x_title="hours since the public posted",
        y_title="% still unanswered", show_dots=False,
    )
    for curve, label, dash in curves:
        chart.add(f"{label} (n={curve.n})", _step(curve, limit), stroke_style={"width": 2, "dasharray": dash})
    curves.append((None, "", "2 4"))
    chart.add(f"SLA {sla_hours:g} h", [(sla_hours, 0), (sla_hours, 100)],
              stroke_style={"width": 1.5, "dasharray": "2, 4"})
    # Legend boxes drawn as outlines in their line's dash pattern.
    css = " ".join(f"#ID .legend rect.color-{i} {{ fill: white !important; stroke-width: 2;"
                   f" stroke-dasharray: {dash or 'none'}; }}" for i, (_, _, dash) in enumerate(curves))
    return _svg(chart, "frt", size, css)
