"""The analysis tables of a research export (``engage export --analysis``), with their codebook.

A university partner gets what the what-works report computed, as plain CSV tables and the full JSON
object, and a codebook that states the method, its covariates and its caveats, so the analysis can be
rerun on the exported posts and labels (the post-type labels are in ``labels`` with their model ids)
or challenged. No table holds a person: the units are posts, reply groups and quarters.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

from engage.analysis.definitions import ANALYSIS_VERSION, COVARIATES, DEFINITIONS, STATEMENT
from engage.analysis.whatworks import WhatWorks, as_json, what_works
from engage.config import Config
from engage.store import Store

DEFAULT_DAYS = 365
FILES = ("analysis.json", "analysis_post_types.csv", "analysis_dose_response.csv", "analysis_balance.csv",
         "analysis_quarters.csv", "analysis_codebook.md")


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _est(e: dict[str, object] | None) -> list[object]:
    return [None, None, None] if e is None else [e["estimate"], e["low"], e["high"]]


def write_analysis(store: Store, config: Config, folder: Path, since: datetime | None, until: datetime | None,
                   as_of: datetime) -> list[str]:
    """Analyse [since, until) (default: the year before the export) and write the tables into ``folder``."""
    stop = min(until or as_of, as_of)
    start = since or stop - timedelta(days=DEFAULT_DAYS)
    report = what_works(store, department=config.department.name, tz_name=config.department.timezone,
                        since=start, until=stop, now=as_of)
    data = as_json(report)
    (folder / "analysis.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    metrics = ("replies_per_post", "actionable_share", "conversation_ratio", "net_sentiment", "engagement_per_view",
               "relative_to_push")
    _write_csv(folder / "analysis_post_types.csv",
               ["post_type", "topic", "posts", "replies", "small_sample",
                *[f"{m}_{part}" for m in metrics for part in ("estimate", "low", "high")]],
               [[row["post_type"], row["topic"], row["posts"], row["replies"], row["small_sample"],
                 *[v for m in metrics for v in _est(row[m])]]
                for row in [{"post_type": k, "topic": None, **v} for k, v in data["post_types"].items()]
                + data["post_types_by_topic"]])
    _write_csv(folder / "analysis_dose_response.csv", ["first_answer", "n", "estimate", "low", "high"],
               [[d["band"], d["n"], d["estimate"], d["low"], d["high"]] for d in data["dose_response"]])
    balance = data["balance"] or {"covariates": [], "smd_before": [], "smd_after": []}
    _write_csv(folder / "analysis_balance.csv", ["covariate", "smd_before", "smd_after_weighting"],
               [list(r) for r in zip(balance["covariates"], balance["smd_before"], balance["smd_after"], strict=True)])
    _write_csv(folder / "analysis_quarters.csv",
               ["quarter", "posts", *[f"replies_per_{t}_post_{p}" for t in ("push", "pull", "networking")
                                      for p in ("estimate", "low", "high")],
                "answer_effect", "answer_effect_low", "answer_effect_high", "n_answered", "n_unanswered", "changes"],
               [[q["quarter"], q["posts"], *[v for t in ("push", "pull", "networking")
                                             for v in _est(q["replies_per_post"].get(t))],
                 *_est(q["answer_effect"]), q["answer_effect"]["n_answered"], q["answer_effect"]["n_unanswered"],
                 "; ".join(f"{k}: {v}" for k, v in q["changes"].items())] for q in data["quarters"]])
    (folder / "analysis_codebook.md").write_text(codebook(report), encoding="utf-8")
    return list(FILES)


def codebook(report: WhatWorks) -> str:
    """The method of the analysis tables, for someone who wants to rerun or challenge them."""
    terms = "\n".join(f"- **{term}**: {text}" for term, text in DEFINITIONS)
    models = "\n".join(f"- {task}: `{model_id}`" for task, model_id in report.model_ids.items()) or "- none"
    return f"""# What-works analysis tables ({ANALYSIS_VERSION})

{report.department}, {report.since:%Y-%m-%d} to {report.until:%Y-%m-%d} ({report.tz_name}).

**{STATEMENT}**

## Files

- `analysis.json`: every figure, as `engage report what-works --json` prints it.
- `analysis_post_types.csv`: per post type (topic empty) and per post type and topic: posts, replies, and each
  figure with its 95% interval (`_estimate`, `_low`, `_high`); `small_sample` when fewer than 30 posts.
- `analysis_dose_response.csv`: later sentiment by time to the first department answer (unadjusted).
- `analysis_balance.csv`: standardised mean difference of each covariate between answered and unanswered
  actionable replies, before and after inverse-probability weighting.
- `analysis_quarters.csv`: replies per post by type and the adjusted answer effect per calendar quarter, and
  the change from the quarter before (called only when the two 95% intervals do not overlap).
- The post-type labels of the department's posts are in the `labels` table (task `post_type`), with the model id.

## Method

Answer effect: augmented inverse-probability weighting (doubly robust). A logistic propensity model predicts
being answered from {", ".join(COVARIATES)}; a linear model per arm predicts the outcome from the same
covariates; propensities are clipped to 0.02-0.98. The interval is a percentile bootstrap (200 resamples of
replies, both models refitted each time, seed fixed so a rerun gives the same figures). Ratios over posts use a
percentile bootstrap over posts (500 resamples).

Validation: `bench/what_works.py` plants a known effect with confounding in 100 synthetic departments and counts
how often the 95% interval covers it (and covers zero when none is planted).

## Caveats

- Observational data: factors not listed (who is asking, what else happened, tone the classifier misses) can
  still bias the adjusted figure. Treat it as evidence to test, for example by a trial of answering policy.
- Later sentiment is measured by the sentiment classifier (see its model card); its errors enter every figure.
- Replies and answers are counted within 7 days; threads still open at the end of the period are left out.
- Replies under the same post are not independent; the reply-level bootstrap can understate the width when a
  few threads dominate.

## Definitions

{terms}

## Models

{models}
"""
