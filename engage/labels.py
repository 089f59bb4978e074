"""Label semantics in one place: a person's correction beats the active model.

A reply's *current* labels for a task are the labels a person set on it (``corrections``) if there are
any, else the labels the task's active model gave it (``classifications`` of ``active_models.model_id``).
The ``current_labels`` view (migration 2) states the rule for whole tables; this module writes the same
rule as the SQL fragments the hot paths need against the base tables, because SQLite cannot push a
correlated ``uid = p.uid`` into that UNION ALL view (a subquery over the view re-reads every label of
the task for each reply). Each fragment is two covering-index lookups per reply.

Every fragment is built from two primitives, :func:`human` (a person's label rows of ``uid`` for
``task``) and :func:`model` (the active model's), each selecting one of ``SELECTS``; the precedence
is written once each in :func:`current_label`, :func:`current_labels` and :func:`has_label`. Only
code-chosen names reach the SQL: a task must be a known task, a uid a column reference (``p.uid``, ``r.root_uid``),
a label a named parameter or a lower-case label word; anything else raises ``ValueError``.
``tests/test_labels.py`` checks that every form agrees with the ``current_labels`` view on a randomised
store.

The active model id is read either by an uncorrelated subquery (``ACTIVE``, evaluated once per
statement; the only choice inside triggers) or from named parameters ``:m_<task>`` bound from
:func:`active_model_params` (``PARAMETER``; the inbox, whose statements are short and many).
"""

from __future__ import annotations

import re
from typing import Literal

import sqlite_utils

from models.tasks import REGISTRY

# Department posts are labelled with their type by engage.analysis.post_types; replies by the registry's tasks.
POST_TYPE_TASK = "post_type"
TASKS: tuple[str, ...] = (*REGISTRY, POST_TYPE_TASK)
# The tasks whose labels a reply shows in the inbox and a person may correct, in registry order: each task
# with a label set (its own, or the department's topics). Language is identified, never corrected.
REPLY_TASKS: tuple[str, ...] = tuple(name for name, task in REGISTRY.items() if task.labels or task.multi_label)
ModelRef = Literal["active", "parameter"]
ACTIVE: ModelRef = "active"
PARAMETER: ModelRef = "parameter"

_UID = re.compile(r"^[a-z]\w*\.(\w+_)?uid$")  # a column holding a post uid: p.uid, r.root_uid
_PARAMETER = re.compile(r"^:[a-z]\w*$")
_LABEL = re.compile(r"^[a-z_]+$")
# What a fragment may select of the label rows of one (uid, task); ``{a}`` is the table alias.
SELECTS = {
    "exists": "1",
    "label": "{a}.label",
    "labels": "group_concat({a}.label)",  # comma-separated
    "labels_us": "group_concat({a}.label, char(31))",  # unit-separated (labels may hold commas)
    "scores": "{a}.scores",
    "yes_score": "json_extract({a}.scores, '$.yes')",
    # the inbox's graded urgency of a model label: 1..999 its confidence that the reply is urgent
    "urgency": "CASE WHEN {a}.label = 'yes' THEN 1 + CAST(round(min(max(coalesce(json_extract({a}.scores, '$.yes'),"
               " 0.5), 0), 1) * 998) AS INTEGER) ELSE 0 END",
}
_SEPARATORS = {",": "labels", "\x1f": "labels_us"}


# Queries over every task at once: classifications (alias ``c``) of their task's active model, and
# whether a person set the labels of row ``c``'s reply and task (then the model's do not count).
ACTIVE_MODEL_JOIN = "JOIN active_models a ON a.task = c.task AND a.model_id = c.model_id"
CORRECTED_ROW = "EXISTS (SELECT 1 FROM corrections k WHERE k.uid = c.uid AND k.task = c.task)"


def _check(task: str | None = None, uid: str | None = None) -> None:
    if task is not None and task not in TASKS:
        raise ValueError(f"labels: unknown task {task!r}; one of {', '.join(TASKS)}")
    if uid is not None and not _UID.match(uid):
        raise ValueError(f"labels: {uid!r} is not a uid column such as p.uid")


def _value(label: str) -> str:
    """``label`` as SQL: a named parameter as is, a label constant quoted (labels are lower-case words)."""
    if _PARAMETER.match(label):
        return label
    if _LABEL.match(label):
        return f"'{label}'"
    raise ValueError(f"labels: {label!r} is neither a named parameter nor a label")


def model_id(task: str, ref: ModelRef = ACTIVE) -> str:
    """The active model id of ``task``: a subquery of ``active_models``, or the parameter ``:m_<task>``."""
    _check(task)
    if ref == PARAMETER:
        return f":m_{task}"
    return f"(SELECT a.model_id FROM active_models a WHERE a.task = '{task}')"  # noqa: S608 - known task


def active_model_params(db: sqlite_utils.Database) -> dict[str, str | None]:
    """``m_<task>`` for every task: its active model id (None: no model yet, so no model labels)."""
    active = dict(db.execute("SELECT task, model_id FROM active_models").fetchall())
    return {f"m_{task}": active.get(task) for task in TASKS}


def human(task: str, what: str, uid: str) -> str:
    """``SELECT what`` over a person's labels of ``uid`` for ``task`` (alias ``k``)."""
    _check(task, uid)
    return f"SELECT {_select(what, 'k')} FROM corrections k WHERE k.uid = {uid} AND k.task = '{task}'"  # noqa: S608


def model(task: str, what: str, uid: str, ref: ModelRef = ACTIVE) -> str:
    """``SELECT what`` over the active model's labels of ``uid`` for ``task`` (alias ``c``)."""
    _check(task, uid)
    return (f"SELECT {_select(what, 'c')} FROM classifications c WHERE c.uid = {uid} AND c.task = '{task}'"  # noqa: S608
            f" AND c.model_id = {model_id(task, ref)}")


def _select(what: str, alias: str) -> str:
    if what not in SELECTS:
        raise ValueError(f"labels: cannot select {what!r}; one of {', '.join(SELECTS)}")
    return SELECTS[what].format(a=alias)


def current_label(task: str, uid: str, ref: ModelRef = ACTIVE) -> str:
    """The current label of a single-label task for ``uid`` (NULL when unlabelled)."""
    return f"coalesce(({human(task, 'label', uid)} LIMIT 1), ({model(task, 'label', uid, ref)} LIMIT 1))"


def current_labels(task: str, uid: str, separator: str = "\x1f", ref: ModelRef = ACTIVE) -> str:
    """Every current label of ``uid`` for ``task`` joined by ``separator`` (``,`` or char 31), or NULL."""
    if separator not in _SEPARATORS:
        raise ValueError(f"labels: separator {separator!r} is not one of ',' or char(31)")
    what = _SEPARATORS[separator]
    return f"coalesce(({human(task, what, uid)}), ({model(task, what, uid, ref)}))"


def has_label(task: str, label: str, uid: str, ref: ModelRef = ACTIVE) -> str:
    """True when ``label`` (a label constant or a named parameter) is one of ``uid``'s current labels."""
    value = _value(label)
    return (f"(EXISTS ({human(task, 'exists', uid)} AND k.label = {value})"
            f" OR (NOT EXISTS ({human(task, 'exists', uid)})"
            f" AND EXISTS ({model(task, 'exists', uid, ref)} AND c.label = {value})))")


def is_corrected(task: str, uid: str) -> str:
    """True when a person set the labels of ``uid`` for ``task`` (the model's then do not count)."""
    return f"EXISTS ({human(task, 'exists', uid)})"


def corrected_tasks(uid: str) -> str:
    """The tasks whose labels a person set on ``uid``, comma-separated (NULL: none)."""
    _check(uid=uid)
    return f"(SELECT group_concat(task, ',') FROM corrections WHERE uid = {uid})"  # noqa: S608 - checked column


def model_unless_corrected(task: str, what: str, uid: str) -> str:
    """The active model's ``what`` (say its scores) for ``uid``, NULL when a person set the labels."""
    return f"({model(task, what, uid)} AND NOT {is_corrected(task, uid)})"


# -- the inbox priority parts and the sentiment code stored on rows (see engage.schema) --------------

def rank_urgent(uid: str) -> str:
    """Graded urgency of ``uid``'s current urgent label: 0 not urgent, 1..999 the model's confidence that
    it is (so the clearest emergencies head the inbox), 1000 a person marked it urgent."""
    person = f"({human('urgent', 'label', uid)} LIMIT 1)"
    return (f"CASE WHEN {person} IS NOT NULL THEN CASE WHEN {person} = 'yes' THEN 1000 ELSE 0 END"
            f" ELSE coalesce(({model('urgent', 'urgency', uid)} LIMIT 1), 0) END")


def flag(task: str, label: str, uid: str) -> str:
    """1 when ``uid``'s current label for single-label ``task`` is ``label``, else 0."""
    return f"coalesce({current_label(task, uid)} = {_value(label)}, 0)"
