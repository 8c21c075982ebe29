"""Which commits pay for an fsync: the promises (an acknowledged webhook, writes claimed for sending), not the bookkeeping."""

from __future__ import annotations

from dataclasses import replace

from bot.outbox import OutboxRelay
from bot.runner import process_safely
from test_runner import MISSION, FakeHelpDesk, make  # noqa: F401  (make is a fixture)
from builders import message, order, ticket


def _watch(state) -> list[str]:
    """Every statement the state connection runs, in order."""
    seen: list[str] = []
    state.db.conn.set_trace_callback(seen.append)
    return seen


def _commits(seen: list[str]) -> list[str]:
    """'FULL' or 'NORMAL' per COMMIT: the synchronous level in force when it ran."""
    level, out = "FULL", []
    for sql in seen:
        if sql.startswith("PRAGMA synchronous="):
            level = sql.split("=", 1)[1]
        elif sql == "COMMIT":
            out.append(level)
    return out


def test_a_lazy_write_runs_at_normal_and_the_next_durable_one_at_full(tmp_path):
    from bot.state import State

    state = State.open(tmp_path / "s.db")
    with state.write(durable=False) as db:
        assert db.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    with state.write() as db:
        assert db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_accepting_a_webhook_is_durable_and_claiming_it_is_not(tmp_path):
    from bot.state import State

    state = State.open(tmp_path / "s.db")
    seen = _watch(state)
    assert state.accept_event("zendesk", "k1", "42", "message", None)
    assert _commits(seen) == ["FULL"]
    seen.clear()
    assert state.claim_inbox()
    assert _commits(seen) == ["NORMAL"]


async def test_a_run_claims_its_writes_in_its_own_commit_and_sends_them(make):
    state, desk, store, pipeline = make([ticket(message(MISSION))], [order()])
    pipeline.relay = OutboxRelay(state, desk)
    state.accept_event("zendesk", "k1", "42", "message", None)
    row = state.claim_inbox()[0]
    seen = _watch(state)
    assert await process_safely(pipeline, row) == "handoff"
    # Sent by the run itself: the note on the ticket and the handoff task, nothing left queued.
    assert len(desk.posted) == 2
    assert state.query("SELECT COUNT(*) AS n FROM outbox WHERE status != 'done'")[0]["n"] == 0
    # One durable commit (run + outbox rows + their claim); the done markers are lazy.
    assert _commits(seen).count("FULL") == 1
    rows = state.query("SELECT attempts, status FROM outbox")
    assert rows and all(r["attempts"] == 1 and r["status"] == "done" for r in rows)


async def test_without_a_relay_a_run_only_queues_its_writes(make):
    state, desk, store, pipeline = make([ticket(message(MISSION))], [order()])
    state.accept_event("zendesk", "k1", "42", "message", None)
    assert await process_safely(pipeline, state.claim_inbox()[0]) == "handoff"
    assert desk.posted == []
    assert {r["status"] for r in state.query("SELECT status FROM outbox")} == {"pending"}


async def test_a_bug_while_sending_puts_claimed_rows_back_with_their_attempt_counted(make):
    class Broken(FakeHelpDesk):
        async def post(self, ticket_id, write):
            raise RuntimeError("bug in an adapter")

    state, _, store, pipeline = make([ticket(message(MISSION))], [order()])
    broken = Broken([ticket(message(MISSION))])
    pipeline = replace(pipeline, helpdesk=broken, relay=OutboxRelay(state, broken))
    state.accept_event("zendesk", "k1", "42", "message", None)
    assert await process_safely(pipeline, state.claim_inbox()[0]) == "handoff"  # the run itself is recorded
    rows = state.query("SELECT kind, status, attempts FROM outbox")
    # The note goes back in the queue, not stuck in 'sending', its attempt still counted so the resend
    # looks first; the task ticket beside it went out through the working create_task.
    assert {(r["kind"], r["status"], r["attempts"]) for r in rows} == {("note", "pending", 1), ("task", "done", 1)}


async def test_finding_nothing_to_send_takes_no_write_lock(make):
    state, desk, store, pipeline = make([ticket(message(MISSION))], [order()])
    relay = OutboxRelay(state, desk)
    seen = _watch(state)
    assert await relay.send_ticket("42") == 0
    assert not any(s.startswith("BEGIN") for s in seen)
