"""Answering: the approval state machine over random action sequences, the idempotent send, reconciliation.

The store is real SQLite (the seeded inbox of the web tests); the platform is a test-double
:class:`~connectors.writing.Writer` that records every call and can refuse (``WriteError``) or die
after posting (a crash between the platform call and recording its id).
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from connectors.base import Record
from connectors.writing import ReplyTarget, Sent, WriteError
from engage.answering import drafts, machine, sending
from engage.answering.machine import AnswerError, transition
from engage.collect import run_connector
from engage.config import Config
from engage.store import Store
from tests.helpers.web import NOW, example_config, seed

ROLES = {"ann": "responder", "rae": "responder", "bob": "approver", "ada": "admin", "vic": "viewer"}


class FakeWriter:
    """Records what the platform was asked to post; ``mode`` says how the next call ends."""

    platform = "x"
    max_chars = 280
    can_hide = True

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: list[tuple[str, str, int]] = []  # (uid, text, draft id sending at the time)
        self.mode = "ok"
        self.n = 0

    def reply(self, target: ReplyTarget, text: str) -> Sent:
        uid = f"x:{target.native_id}"
        sending_row = self.store.db.execute(
            "SELECT id FROM answer_drafts WHERE uid = ? AND state = 'sending'", [uid]).fetchone()
        assert sending_row is not None, "the writer was called before 'sending' was stored"
        if self.mode == "refuse":
            raise WriteError("rate_limited", "X: rate limited, try again after 12:15")
        if self.mode == "gone":
            raise WriteError("parent_gone", "X: the post answered was deleted")
        self.calls.append((uid, text, sending_row[0]))
        if self.mode == "crash":
            raise TimeoutError("connection reset after the post")
        self.n += 1
        return Sent(f"9{self.n:04d}", NOW + timedelta(minutes=self.n))

    def set_hidden(self, native_id: str, hidden: bool) -> None:
        raise WriteError("unsupported", "not here")


def config_with(policy: str) -> Config:
    base = example_config()
    accounts = [a.model_copy(update={"send_policy": policy}) for a in base.accounts]
    return base.model_copy(update={"accounts": accounts})


@pytest.fixture
def seeded(store: Store, make_record: Callable[..., Record]) -> Store:
    seed(store, make_record)
    return store


def _approved_text_before_send(store: Store, draft_id: int) -> tuple[str | None, str | None, str | None]:
    """The last audit row of ``draft_id`` before its latest 'sending': (field, actor, text)."""
    rows = list(store.db.query(
        "SELECT field, actor, after FROM audit_log WHERE field LIKE 'answer_%' AND before LIKE ? ORDER BY id",
        [f"#{draft_id} %"]))
    last_sending = max(i for i, r in enumerate(rows) if r["field"] == "answer_sending")
    before = rows[last_sending - 1]
    return before["field"], before["actor"], before["after"]


@pytest.mark.parametrize("policy", ["approval", "direct"])
def test_random_action_sequences_never_send_unapproved_nor_twice(seeded: Store, policy: str) -> None:
    store, config = seeded, config_with(policy)
    writer = FakeWriter(store)
    rng = random.Random(f"answering-{policy}")
    uids = ["x:201", "x:202", "x:204"]
    clock = [NOW]

    def now() -> datetime:
        clock[0] += timedelta(seconds=1)
        return clock[0]

    refused = 0
    for _ in range(1500):
        actor = rng.choice(list(ROLES))
        role = ROLES[actor]
        existing = [d for uid in uids for d in drafts.drafts_for(store, uid)]
        action = rng.choice(["new", "edit", "submit", "approve", "return", "send", "send", "send"])
        writer.mode = rng.choice(["ok", "ok", "refuse", "crash"])
        try:
            if action == "new" or not existing:
                drafts.save(store, rng.choice(uids), f"answer {rng.randint(1, 99)}", actor=actor, role=role,
                            policy=policy, max_chars=280, now=now())
                continue
            draft = rng.choice(existing)
            if action == "edit":
                drafts.save(store, draft.uid, f"edited {rng.randint(1, 99)}", actor=actor, role=role,
                            policy=policy, max_chars=280, draft_id=draft.id, now=now())
            elif action in ("submit", "approve", "return"):
                drafts.decide(store, draft.id, action, actor=actor, role=role, policy=policy, comment="tone",
                              now=now())
            else:
                ack = drafts.collision_token(drafts.collisions(
                    store, draft.uid, actor=actor, minutes=10, now=clock[0], exclude_draft=draft.id))
                sending.send(store, config, draft.id, actor=actor, role=role, writer=writer, collision_ack=ack,
                             now=now)
        except AnswerError:
            refused += 1
    posted = [uid for uid, _text, _id in writer.calls]
    assert len(posted) == len(set(posted)), "a reply got two answers posted"
    assert posted, "the sequences never reached a send: the test proves nothing"
    assert refused, "nothing was ever refused: the sequences are too tame"
    if policy == "approval":
        for _uid, text, draft_id in writer.calls:
            field, actor, approved_text = _approved_text_before_send(store, draft_id)
            author = drafts.get_draft(store, draft_id).author
            assert field == "answer_approved" and approved_text == text and actor != author
    one_send = store.db.execute(
        "SELECT uid, count(*) FROM answer_drafts WHERE state IN ('sending', 'sent') GROUP BY uid HAVING count(*) > 1"
    ).fetchall()
    assert one_send == []


def test_the_store_refuses_a_second_send_even_past_the_state_machine(seeded: Store) -> None:
    one = drafts.save(seeded, "x:201", "first", actor="ann", role="responder", policy="direct", max_chars=280)
    two = drafts.save(seeded, "x:201", "second", actor="rae", role="responder", policy="direct", max_chars=280)
    seeded.db.execute("UPDATE answer_drafts SET state = 'sent' WHERE id = ?", [one.id])
    with pytest.raises(sqlite3.IntegrityError):
        seeded.db.execute("UPDATE answer_drafts SET state = 'sending' WHERE id = ?", [two.id])


@pytest.mark.parametrize(("state", "action", "role", "author"), [
    ("draft", "send", "responder", True), ("submitted", "send", "admin", False),
    ("returned", "send", "approver", False),
    ("submitted", "approve", "responder", False), ("submitted", "approve", "approver", True),
    ("sent", "edit", "admin", True), ("sending", "edit", "responder", True), ("draft", "edit", "viewer", True),
    ("approved", "sent", "admin", False),
])
def test_refused_transitions_under_approval(state: machine.State, action: machine.Action, role: str,
                                            author: bool) -> None:
    with pytest.raises(AnswerError):
        transition(state, action, policy="approval", role=role, is_author=author)


def test_editing_an_approved_draft_takes_the_approval_away() -> None:
    assert transition("approved", "edit", policy="approval", role="responder", is_author=True) == "draft"
    assert transition("approved", "send", policy="approval", role="responder", is_author=True) == "sending"
    assert transition("draft", "send", policy="direct", role="responder", is_author=True) == "sending"


def test_a_collected_answer_matches_whatever_the_platform_did_to_mentions_links_and_spacing() -> None:
    assert sending.normalised("@jo @pd.social  Call 311,\nsee https://riverton.gov/x") == \
        sending.normalised("Call 311, see https://t.co/AbC12") == "call 311, see"
    assert sending.normalised("Call 311") != sending.normalised("Call 911")


def _approved(store: Store, text: str = "Please call 311 for the road") -> drafts.Draft:
    draft = drafts.save(store, "x:201", text, actor="ann", role="responder", policy="approval", max_chars=280,
                        now=NOW)
    drafts.decide(store, draft.id, "submit", actor="ann", role="responder", policy="approval", now=NOW)
    return drafts.decide(store, draft.id, "approve", actor="bob", role="approver", policy="approval", now=NOW)


def test_a_sent_answer_is_the_department_response_at_once_and_stops_the_clock(seeded: Store) -> None:
    writer = FakeWriter(seeded)
    draft = _approved(seeded)
    sent = sending.send(seeded, config_with("approval"), draft.id, actor="ann", role="responder", writer=writer,
                        collision_ack="", now=lambda: NOW)
    assert sent.state == "sent" and sent.sent_uid == "x:90001"
    row = seeded.db.execute("SELECT is_department, parent_uid, text, created_at FROM posts WHERE uid = 'x:90001'"
                            ).fetchone()
    assert row == (1, "x:201", "Please call 311 for the road", "2026-10-06T12:01:00.000+00:00")
    assert seeded.db.execute("SELECT status FROM triage WHERE uid = 'x:201'").fetchone()[0] == "responded"
    fields = [r[0] for r in seeded.db.execute(
        "SELECT field FROM audit_log WHERE uid = 'x:201' AND field LIKE 'answer_%' ORDER BY id")]
    assert fields == ["answer_draft", "answer_submitted", "answer_approved", "answer_sending", "answer_sent"]
    texts = {r[0] for r in seeded.db.execute("SELECT after FROM audit_log WHERE field LIKE 'answer_%'")}
    assert texts == {"Please call 311 for the road"}


def test_a_platform_refusal_is_one_line_in_the_audit_log_and_the_draft_can_be_sent_again(seeded: Store) -> None:
    writer = FakeWriter(seeded)
    writer.mode = "refuse"
    draft = _approved(seeded)
    with pytest.raises(AnswerError, match="rate_limited: X: rate limited"):
        sending.send(seeded, config_with("approval"), draft.id, actor="ann", role="responder", writer=writer,
                     collision_ack="", now=lambda: NOW)
    failed = drafts.get_draft(seeded, draft.id)
    assert failed.state == "failed" and failed.error == "rate_limited: X: rate limited, try again after 12:15"
    note = seeded.db.execute("SELECT before FROM audit_log WHERE field = 'answer_failed'").fetchone()[0]
    assert note == f"#{draft.id} rate_limited: X: rate limited, try again after 12:15"
    # failed is not approved: under approval it must be approved again before another try
    with pytest.raises(AnswerError, match="must be approved"):
        sending.send(seeded, config_with("approval"), draft.id, actor="ann", role="responder", writer=writer,
                     collision_ack="", now=lambda: NOW)


def test_an_answer_to_a_deleted_reply_fails_and_closes_the_item(seeded: Store) -> None:
    writer = FakeWriter(seeded)
    writer.mode = "gone"
    draft = _approved(seeded)
    with pytest.raises(AnswerError, match="parent_gone: X: the post answered was deleted"):
        sending.send(seeded, config_with("approval"), draft.id, actor="ann", role="responder", writer=writer,
                     collision_ack="", now=lambda: NOW)
    assert seeded.db.execute("SELECT status, updated_by FROM triage WHERE uid = 'x:201'").fetchone() == (
        "no_action", "system")


class Replay:
    """A connector that yields the given records as one page (the answer collected back)."""

    platform = "x"

    def __init__(self, records: list[Record]) -> None:
        self.records = records

    def collect(self, ctx):  # noqa: ANN001, ANN201 - the Connector protocol
        from connectors.base import Page

        yield Page("mentions", self.records, cursor="1")


def test_a_crash_after_posting_is_linked_at_the_next_collection_never_sent_again(
        seeded: Store, make_record: Callable[..., Record]) -> None:
    from engage.collect import build_context

    writer = FakeWriter(seeded)
    writer.mode = "crash"
    draft = _approved(seeded)
    config = config_with("approval")
    with pytest.raises(AnswerError, match="stays 'sending'"):
        sending.send(seeded, config, draft.id, actor="ann", role="responder", writer=writer, collision_ack="",
                     now=lambda: NOW)
    assert drafts.get_draft(seeded, draft.id).state == "sending"
    second = drafts.save(seeded, "x:201", "another answer", actor="rae", role="responder", policy="direct",
                         max_chars=280, now=NOW)
    with pytest.raises(AnswerError, match="not sent"):
        sending.send(seeded, config_with("direct"), second.id, actor="rae", role="responder", writer=writer,
                     collision_ack=drafts.collision_token(drafts.collisions(
                         seeded, "x:201", actor="rae", minutes=10, now=NOW, exclude_draft=second.id)),
                     now=lambda: NOW)
    collected = make_record("777", is_department=True, parent_uid="x:201", root_uid="x:100",
                            author_handle="RivertonPD", text="@user201  please CALL 311 for the road",
                            created_at=NOW + timedelta(minutes=3))
    account = config.accounts[0]
    run_connector(seeded, Replay([collected]), build_context(seeded, config, account))
    linked = drafts.get_draft(seeded, draft.id)
    assert (linked.state, linked.sent_uid, linked.sent_at) == ("sent", "x:777", "2026-10-06T12:03:00.000+00:00")
    assert len(writer.calls) == 1


def test_dry_run_fakes_a_clearly_marked_answer(seeded: Store) -> None:
    config = config_with("direct").model_copy(
        update={"answering": example_config().answering.model_copy(update={"dry_run": True})})
    it = sending.item(seeded, "x:201")
    writer = sending.build_writer(config, it, clock=lambda: NOW)
    draft = drafts.save(seeded, "x:201", "On our way", actor="ann", role="responder", policy="direct", max_chars=280)
    sent = sending.send(seeded, config, draft.id, actor="ann", role="responder", writer=writer, collision_ack="",
                        now=lambda: NOW)
    assert sent.dry_run and sent.sent_native_id.startswith("dry-run-")
    assert seeded.db.execute("SELECT parent_uid FROM posts WHERE uid = ?", [sent.sent_uid]).fetchone()[0] == "x:201"


def test_hiding_needs_a_policy_reason_is_reversible_audited_and_counted_in_the_weekly_report(seeded: Store) -> None:
    from engage.answering import moderation
    from engage.metrics.periods import week_of
    from engage.reports.render import render_markdown
    from engage.reports.weekly import build_weekly

    config, writer = example_config(), sending.DryRunWriter("x")
    calls: list[tuple[str, bool]] = []
    writer.set_hidden = lambda native_id, hidden: calls.append((native_id, hidden))  # type: ignore[method-assign]
    with pytest.raises(AnswerError, match="moderation policy"):
        moderation.set_hidden(seeded, config, "x:204", True, "I disagree with it", actor="bob", role="approver",
                              writer=writer, now=NOW)
    with pytest.raises(AnswerError, match="only an approver"):
        moderation.set_hidden(seeded, config, "x:204", True, "spam or scam", actor="ann", role="responder",
                              writer=writer, now=NOW)
    moderation.set_hidden(seeded, config, "x:204", True, "spam or scam", actor="bob", role="approver",
                          writer=writer, now=NOW)
    moderation.set_hidden(seeded, config, "x:205", True, "spam or scam", actor="bob", role="approver",
                          writer=writer, now=NOW)
    moderation.set_hidden(seeded, config, "x:205", False, "hidden by mistake", actor="ada", role="admin",
                          writer=writer, now=NOW)
    assert calls == [("204", True), ("205", True), ("205", False)]
    assert moderation.is_hidden(seeded, "x:204") and not moderation.is_hidden(seeded, "x:205")
    assert seeded.db.execute("SELECT count(*) FROM posts WHERE uid IN ('x:204', 'x:205')").fetchone()[0] == 2
    audit = list(seeded.db.execute("SELECT field, before, after FROM audit_log WHERE uid = 'x:205'"
                                   " AND field IN ('hidden', 'unhidden') ORDER BY id"))
    assert audit == [("hidden", "spam or scam", "public reply 205 about the road"),
                     ("unhidden", "hidden by mistake", "public reply 205 about the road")]
    report = build_weekly(seeded, config, week_of(NOW, config.department.tz), now=NOW + timedelta(days=1))
    assert report.hidden == [("spam or scam", 2)]
    assert "2 comments hidden this week, by reason:\n- spam or scam: 2" in render_markdown(report)


def test_saved_replies_fill_placeholders_and_refuse_unknown_ones(seeded: Store) -> None:
    from engage.answering import saved

    with pytest.raises(AnswerError, match=r"unknown placeholder \{name\}"):
        saved.put(seeded, "call", "Non-emergency", "Hi {name}, call 311", actor="ada")
    reply = saved.put(seeded, "call", "Non-emergency", "Hi {handle}, {department} says call 311", actor="ada")
    assert saved.fill(reply, handle="jo", department="Riverton PD") == "Hi @jo, Riverton PD says call 311"


OWL = '''
from datetime import UTC, datetime

from pydantic import field_validator

from connectors.registry import BuildContext, PlatformSettings, PlatformSpec, env_name
from connectors.writing import Sent, WriteError

POSTED = []


class OwlCredentials(PlatformSettings):
    token_env: str = "OWL_TOKEN"
    write_token_env: str = "OWL_WRITE_TOKEN"
    _check = field_validator("token_env", "write_token_env")(env_name)


class OwlWriter:
    platform = "owl"
    max_chars = 42
    can_hide = False

    def __init__(self, token):
        self.token = token

    def reply(self, target, text):
        POSTED.append((self.token, target.native_id, target.root_native_id, text))
        return Sent("5001", datetime(2026, 10, 6, 12, 30, tzinfo=UTC))

    def set_hidden(self, native_id, hidden):
        raise WriteError("unsupported", "owls cannot hide")


def build(ctx: BuildContext):
    raise NotImplementedError


def writer(ctx: BuildContext) -> OwlWriter:
    return OwlWriter(ctx.secret(ctx.credentials.write_token_env))


PLATFORM = PlatformSpec(name="owl", title="Owl post", credentials=OwlCredentials, collection=PlatformSettings,
                        build=build, writer=writer)
'''


def test_a_plugin_platform_writer_sends_with_its_write_credentials(
        tmp_path, store: Store, make_record: Callable[..., Record], monkeypatch: pytest.MonkeyPatch) -> None:
    """The lead's merge path: a platform's ``PlatformSpec.writer``, installed through a real entry point."""
    import sys
    import textwrap

    from connectors import registry
    from engage.answering import moderation
    from engage.config import load_config

    site = tmp_path / "site"
    (site / "engage_owl").mkdir(parents=True)
    (site / "engage_owl" / "__init__.py").write_text(textwrap.dedent(OWL), encoding="utf-8")
    dist = site / "engage_owl-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: engage_owl\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[engage.connectors]\nowl = engage_owl:PLATFORM\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    registry.platforms.cache_clear()
    try:
        (tmp_path / "config.yaml").write_text(
            "department: {name: Owl PD, timezone: UTC}\naccounts:\n"
            "  - {platform: owl, handle: barn, send_policy: direct}\n", encoding="utf-8")
        config = load_config(tmp_path / "config.yaml")
        with store.db.conn:
            store.upsert_records([
                make_record("1", platform="owl", account="barn", is_department=True, kind="post", root_uid="owl:1"),
                make_record("2", platform="owl", account="barn", parent_uid="owl:1", root_uid="owl:1")], now=NOW)
        it = sending.item(store, "owl:2")
        monkeypatch.delenv("OWL_WRITE_TOKEN", raising=False)
        assert sending.max_chars(config, it) == sending.UNKNOWN_LIMIT  # no write credentials: the fallback
        with pytest.raises(AnswerError, match="OWL_WRITE_TOKEN is not set"):
            sending.build_writer(config, it)
        monkeypatch.setenv("OWL_WRITE_TOKEN", "w-secret")
        writer = sending.build_writer(config, it)
        assert sending.max_chars(config, it) == 42
        draft = drafts.save(store, "owl:2", "Hoot back soon", actor="ann", role="responder", policy="direct",
                            max_chars=42)
        sent = sending.send(store, config, draft.id, actor="ann", role="responder", writer=writer, collision_ack="",
                            now=lambda: NOW)
        assert sys.modules["engage_owl"].POSTED == [("w-secret", "2", "1", "Hoot back soon")]
        assert (sent.sent_uid, sent.sent_at) == ("owl:5001", "2026-10-06T12:30:00.000+00:00")
        with pytest.raises(AnswerError, match="cannot be hidden"):
            moderation.set_hidden(store, config, "owl:2", True, "spam or scam", actor="bob", role="approver",
                                  writer=writer)
        assert "w-secret" not in str(list(store.db.query("SELECT * FROM audit_log")))
    finally:
        sys.modules.pop("engage_owl", None)
        registry.platforms.cache_clear()
