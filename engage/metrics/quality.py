"""Model quality published beside the labels: model ids, per-label confidence, n, share corrected.

For each task with an active model: how many of the period's public replies it labelled, per label
the count and the mean score of the chosen label (the model's own confidence), and the share of
labelled replies a person corrected. Model card figures (accuracy, macro-F1 measured on held-out
data) come from the model card shipped with the artifact, when one names the exact model id.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from engage.labels import ACTIVE_MODEL_JOIN, CORRECTED_ROW
from engage.metrics.periods import Period
from engage.schema import PUBLIC_REPLY_SPAN_INDEX, PUBLIC_REPLY_WHERE
from engage.store import Store
from engage.timeutil import to_db

log = logging.getLogger(__name__)
# SQLite reads an IN (subquery) list into a temporary index and walks it in order, so the
# classifications are probed in uid order (neighbouring probes share index pages) whatever the
# order of uids in time.
SPAN = f"SELECT uid FROM posts INDEXED BY {PUBLIC_REPLY_SPAN_INDEX} WHERE {PUBLIC_REPLY_WHERE}"  # noqa: S608
SCOPE = (
    f" FROM classifications c {ACTIVE_MODEL_JOIN}"
    f" WHERE c.uid IN ({SPAN} AND created_at >= ? AND created_at < ?)"
)
LABELS_SQL = (
    "SELECT c.task, c.label, COUNT(*), AVG(json_extract(c.scores, '$.\"' || c.label || '\"'))"
    f"{SCOPE} GROUP BY c.task, c.label ORDER BY c.task, COUNT(*) DESC"
)
COUNTS_SQL = (
    f"SELECT c.task, COUNT(DISTINCT c.uid), COUNT(DISTINCT CASE WHEN {CORRECTED_ROW} THEN c.uid END)"
    f"{SCOPE} GROUP BY c.task"
)
NUMBER = re.compile(r"^-?\d+(\.\d+)?")


@dataclass
class LabelStat:
    label: str
    n: int
    mean_confidence: float | None


@dataclass
class TaskQuality:
    task: str
    model_id: str
    labelled: int
    corrected: int
    labels: list[LabelStat] = field(default_factory=list)
    card: dict[str, float] = field(default_factory=dict)

    @property
    def corrected_share(self) -> float | None:
        return self.corrected / self.labelled if self.labelled else None


def _artifact_files(name: str) -> list[Path]:
    """Files called ``name`` under ``models/artifacts``, found without importing ``models`` (torch is heavy)."""
    spec = importlib.util.find_spec("models")
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations))) / "artifacts"
    return sorted(root.rglob(name))


def _card_table_row(text: str, model_id: str) -> dict[str, float]:
    """Numeric cells of the Markdown table row that names ``model_id``, keyed by the table's header."""
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("|"):
            header = []
            continue
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if not header:
            header = cells
        elif model_id in cells:
            return {h: float(NUMBER.match(c).group(0)) for h, c in zip(header, cells, strict=False)
                    if NUMBER.match(c) and h}
    return {}


def model_card(model_id: str) -> dict[str, float]:
    """Held-out figures for ``model_id`` from the shipped model cards; {} when no card names it.

    A card is ``MODEL_CARD.md`` (a table row carrying the exact model id) or ``metrics.json`` with a
    matching ``model_id`` and its ``validation`` figures.
    """
    for path in _artifact_files("MODEL_CARD.md"):
        try:
            figures = _card_table_row(path.read_text(encoding="utf-8"), model_id)
        except OSError as exc:
            log.warning("unreadable model card %s: %s", path, exc)
            continue
        if figures:
            return figures
    for path in _artifact_files("metrics.json"):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("unreadable model metrics %s: %s", path, exc)
            continue
        if isinstance(record, dict) and record.get("model_id") == model_id:
            figures = record.get("validation", record)
            return {k: float(v) for k, v in figures.items()
                    if k in ("n", "macro_recall", "macro_f1", "accuracy") and isinstance(v, int | float)}
    return {}


def model_quality(store: Store, period: Period) -> list[TaskQuality]:
    """Per active task, the labels given to the period's public replies and how far people corrected them.

    Two passes over the period's replies for all tasks together (labels, then distinct replies),
    each reading a reply's classifications as one index range.
    """
    span = [to_db(period.start), to_db(period.end)]
    out = {
        task: TaskQuality(task, model_id, 0, 0, [], model_card(model_id))
        # Post types label the department's own posts, not replies (the what-works report shows them).
        for task, model_id in store.db.execute(
            "SELECT task, model_id FROM active_models WHERE task <> 'post_type' ORDER BY task")
    }
    for task, label, n, conf in store.db.execute(
        LABELS_SQL, span,
    ):
        out[task].labels.append(LabelStat(label, int(n), None if conf is None else float(conf)))
    for task, labelled, corrected in store.db.execute(
        COUNTS_SQL, span,
    ):
        out[task].labelled, out[task].corrected = int(labelled), int(corrected)
    return list(out.values())
