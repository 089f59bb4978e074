"""The approval state machine of an answer draft, as one pure function.

A draft is written (``draft``), under the ``approval`` policy submitted and then approved or returned
with a comment, and sent: ``sending`` is stored before the platform is called, ``sent`` or ``failed``
after. The rules that matter are here and nowhere else:

- under ``approval`` only an ``approved`` draft may be sent, and nobody approves their own draft;
  under ``direct`` only its author sends a draft (nobody sends words a colleague has not released);
- editing an approved draft takes the approval away (what is sent is what was approved);
- ``sending`` and ``sent`` are final for the person at the desk: only the platform's answer (or its
  collected-back record) moves ``sending`` on, and a ``sent`` draft never changes.

That one reply never gets two sends is the store's rule (a partial unique index), not this function's:
two drafts of the same reply are independent machines.
"""

from __future__ import annotations

from typing import Literal

from engage.answering.settings import SendPolicy
from engage.errors import EngageError

State = Literal["draft", "submitted", "approved", "returned", "sending", "sent", "failed"]
Action = Literal["edit", "submit", "approve", "return", "send", "sent", "fail"]
STATES: tuple[State, ...] = ("draft", "submitted", "approved", "returned", "sending", "sent", "failed")
ACTIONS: tuple[Action, ...] = ("edit", "submit", "approve", "return", "send", "sent", "fail")
EDITABLE: frozenset[State] = frozenset({"draft", "submitted", "approved", "returned", "failed"})
OPEN: frozenset[State] = EDITABLE  # a draft someone may still send: the collision guard shows it
APPROVERS = frozenset({"admin", "approver"})
WRITERS = frozenset({"admin", "approver", "responder"})
SYSTEM = "system"  # the send path itself: records the platform's answer


class AnswerError(EngageError):
    """A draft action that is not allowed now; the one-line message says why (shown as is)."""

    http_status = 409


def transition(state: State, action: Action, *, policy: SendPolicy, role: str, is_author: bool) -> State:
    """The state after ``action`` on a draft in ``state``, or :class:`AnswerError` saying why not.

    ``role`` is the actor's role (``system`` for the send path recording the platform's answer),
    ``is_author`` whether the actor wrote the draft.
    """
    if action in ("sent", "fail"):
        if role != SYSTEM or state != "sending":
            raise AnswerError(f"only the send path records the platform's answer (draft is {state})")
        return "sent" if action == "sent" else "failed"
    if role not in WRITERS:
        raise AnswerError("your role cannot write or send answers")
    if action == "edit":
        if state not in EDITABLE:
            raise AnswerError(f"a draft that is {state} can no longer be edited")
        return "draft"
    if action == "submit":
        if policy != "approval":
            raise AnswerError("this account's answers are sent directly; there is nothing to submit")
        if state not in ("draft", "returned", "failed"):
            raise AnswerError(f"a draft that is {state} cannot be submitted")
        return "submitted"
    if action in ("approve", "return"):
        if role not in APPROVERS:
            raise AnswerError("only an approver or an admin approves or returns answers")
        if state != "submitted":
            raise AnswerError(f"only a submitted draft can be approved or returned (this one is {state})")
        if action == "approve" and is_author:
            raise AnswerError("nobody approves their own draft: ask another approver")
        return "approved" if action == "approve" else "returned"
    if action == "send":
        allowed = ("approved",) if policy == "approval" else ("draft", "returned", "failed", "approved")
        if state not in allowed:
            need = "approved" if policy == "approval" else "a draft"
            raise AnswerError(f"this draft is {state}; under the {policy} policy it must be {need} to be sent")
        if policy == "direct" and not is_author:
            raise AnswerError("under the direct policy only the author sends a draft")
        return "sending"
    raise AnswerError(f"unknown action {action!r}")
