"""The weekly summary's charts as inline SVG (matplotlib, no pyplot, no files, no external requests).

Readable in greyscale: series differ by line style, marker and hatching, not by colour alone.
Every chart has a title and axis units. Text stays text in the SVG (``svg.fonttype: none``) so it
is small, sharp in print and selectable; ids are salted per chart so several inline SVGs on one
page never share an id.
"""

from __future__ import annotations

import io
import re

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from engage.metrics.compute import MetricRow
from engage.metrics.definitions import SMALL_SAMPLE
from engage.metrics.stats import Survival
from engage.metrics.trend import TrendPoint

matplotlib.rcParams.update({
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
})
INK, MID, LIGHT = "#1a1a1a", "#6b6b6b", "#c8c8c8"
SENTIMENT_STYLE = (("negative", "#3b3b3b", "///"), ("neutral", "#a6a6a6", ""), ("positive", "#ffffff", "..."))
NO_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}
XML_PREAMBLE = re.compile(r"^.*?(?=<svg)", re.DOTALL)


def to_svg(fig: Figure, salt: str) -> str:
    """The figure as an ``<svg>`` element (XML declaration and DOCTYPE stripped) sized by CSS."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata=NO_METADATA)
    svg = XML_PREAMBLE.sub("", buffer.getvalue(), count=1)
    return re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1', svg, count=1).replace(
        "<svg ", '<svg role="img" preserveAspectRatio="xMidYMid meet" ', 1
    )


def sentiment_trend(rows: list[TrendPoint]) -> str:
    """Net sentiment per week with its 95% band; weeks under the small-sample limit drawn hollow."""
    fig = Figure(figsize=(10, 2.8))
    ax = fig.add_subplot()
    x = np.arange(len(rows))
    net = np.array([np.nan if r.net_sentiment is None else r.net_sentiment for r in rows])
    low = np.array([np.nan if r.net_sentiment_low is None else r.net_sentiment_low for r in rows])
    high = np.array([np.nan if r.net_sentiment_high is None else r.net_sentiment_high for r in rows])
    small = np.array([r.classified < SMALL_SAMPLE for r in rows])
    ax.fill_between(x, low, high, color=LIGHT, alpha=0.8, linewidth=0, label="95% interval")
    ax.plot(x, net, color=INK, linewidth=1.6, label="net sentiment")
    ax.scatter(x[~small], net[~small], color=INK, s=18, zorder=3)
    ax.scatter(x[small], net[small], facecolor="white", edgecolor=INK, s=18, zorder=3,
               label=f"fewer than {SMALL_SAMPLE} replies")
    ax.axhline(0, color=MID, linewidth=0.8, linestyle=":")
    ax.set_ylim(-1, 1)
    ax.set_xticks(x, [r.period.split("-")[1] for r in rows])
    ax.set_ylabel("net sentiment\n(positive − negative share)")
    ax.set_xlabel("ISO week")
    ax.set_title(f"Net sentiment of public replies, last {len(rows)} weeks (95% interval)", loc="left")
    ax.legend(loc="lower left", fontsize=7, frameon=False, ncols=3)
    return to_svg(fig, "trend")


def topics_by_sentiment(rows: list[MetricRow]) -> str:
    """Replies per topic this week as horizontal bars split by sentiment (hatched for greyscale)."""
    rows = rows[:12][::-1]
    fig = Figure(figsize=(10, 0.3 * max(len(rows), 3) + 1.0))
    ax = fig.add_subplot()
    y = np.arange(len(rows))
    left = np.zeros(len(rows))
    for name, colour, hatch in SENTIMENT_STYLE:
        values = np.array([getattr(r, name) for r in rows], dtype=float)
        ax.barh(y, values, left=left, color=colour, hatch=hatch, edgecolor=INK, linewidth=0.6, label=name)
        left += values
    other = np.array([r.public_replies - r.classified for r in rows], dtype=float)
    if other.any():
        ax.barh(y, other, left=left, color="white", edgecolor=MID, linewidth=0.6, linestyle="--",
                label="not classified")
    ax.set_yticks(y, [r.topic.replace("_", " ") for r in rows])
    ax.set_xlabel("public replies this week (a reply can have several topics)")
    ax.set_title("Replies by topic and sentiment", loc="left")
    ax.legend(loc="lower right", fontsize=7, frameon=False)
    return to_svg(fig, "topics")


def response_curve(this: Survival, last: Survival, sla_hours: float, labels: tuple[str, str]) -> str:
    """Share of actionable replies still unanswered after t hours (Kaplan-Meier), this week and last."""
    fig = Figure(figsize=(10, 2.8))
    ax = fig.add_subplot()
    limit = max(3 * sla_hours, 72.0)
    for curve, label, style in ((this, labels[0], "-"), (last, labels[1], "--")):
        if curve.n == 0:
            continue
        t = np.concatenate(([0.0], curve.times / 3600.0, [limit]))
        s = np.concatenate(([1.0], curve.surv, [curve.surv[-1] if curve.surv.size else 1.0]))
        keep = t <= limit
        ax.step(t[keep], s[keep] * 100, where="post", color=INK, linestyle=style, linewidth=1.5,
                label=f"{label} (n={curve.n})")
    if this.n == 0 and last.n == 0:
        ax.text(0.5, 0.5, "no actionable replies in either week", transform=ax.transAxes, ha="center",
                color=MID)
    else:
        ax.legend(loc="upper right", fontsize=7, frameon=False)
    ax.axvline(sla_hours, color=MID, linewidth=1, linestyle=":")
    ax.annotate(f"SLA {sla_hours:g} h", (sla_hours, 96), xytext=(4, 0), textcoords="offset points",
                fontsize=7, color=MID)
    ax.axhline(50, color=LIGHT, linewidth=0.8)
    ax.set_xlim(0, limit)
    ax.set_ylim(0, 100)
    ax.set_xlabel("hours since the public posted")
    ax.set_ylabel("% still unanswered")
    ax.set_title("Actionable replies still unanswered over time (Kaplan-Meier)", loc="left")
    return to_svg(fig, "frt")
