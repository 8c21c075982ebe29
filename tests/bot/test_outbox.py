"""Outbox relay: idempotent sends, Retry-After honoured, parking, order per ticket, crash recovery."""

import dataclasses

import pytest

from connectors.base import HelpDeskWrite, TaskRequest, WriteReceipt
from connectors.errors import AuthError, RateLimitedError, TransientError

from bot.outbox import OutboxItem, OutboxRelay, decode, encode, enqueue, redrive
from bot.state import State


class ScriptedHelpDesk:
    """Fake at the edge: fails as scripted, records what it applied (a write applied twice is a bug)."""

    kind = "zendesk"

    def __init__(self, failures=()):
        self.failures = list(failures)
        self.applied: list[tuple[str, str]] = []

    async def post(self, ticket_id, write):
        if self.failures:
            raise self.failures.pop(0)
        self.applied.append((ticket_id, write.idempotency_key))
        return WriteReceipt(id=f"c-{len(self.applied)}")

    async def create_task(self, task):
        if self.failures:
            raise self.failures.pop(0)
        self.applied.append(("task", task.external_id))
        return WriteReceipt(id="t-1")


@pytest.fixture
def clock():
    return [1000.0]


@pytest.fixture
def state(tmp_path, clock):
    return State.open(tmp_path / "s.db", clock=lambda: clock[0])


def queue(state, *items):
    with state.write() as db:
        for item in items:
            enqueue(db, item, None, state.clock())


def note(key, ticket="1"):
    return OutboxItem(key, "zendesk", ticket, HelpDeskWrite(kind="note", idempotency_key=key, body="hi"))


def test_round_trip_encoding():
    task = TaskRequest(external_id="x", linked_ticket_id="1", requester_id="2", subject="s", body="b",
                       tags=("a",), custom_fields={"f": "v"})
    assert decode("task", encode(task)) == task
    write = HelpDeskWrite(kind="routing", idempotency_key="k", add_tags=("t",), custom_fields={"1": "2"})
    assert decode("routing", encode(write)) == write


async def test_enqueue_same_key_once(state):
    queue(state, note("k1"), note("k1"))
    hd = ScriptedHelpDesk()
    assert await OutboxRelay(state, hd).send_due() == 1
    assert await OutboxRelay(state, hd).send_due() == 0
    assert hd.applied == [("1", "k1")]


async def test_rate_limit_honours_retry_after(state, clock):
    queue(state, note("k1"))
    hd = ScriptedHelpDesk([RateLimitedError("slow down", retry_after=7)])
    relay = OutboxRelay(state, hd)
    assert await relay.send_due() == 0
    row = state.query("SELECT * FROM outbox")[0]
    assert row["status"] == "pending" and 1007 <= row["next_attempt_at"] <= 1008
    clock[0] += 6
    assert await relay.send_due() == 0  # not due yet
    clock[0] += 2
    assert await relay.send_due() == 1
    assert hd.applied == [("1", "k1")]


async def test_non_retryable_and_exhausted_rows_are_parked(state, clock):
    queue(state, note("auth"), note("flaky", ticket="2"))
    hd = ScriptedHelpDesk([AuthError("bad token")] + [TransientError("503")] * 10)
    # Retryable failures park only when retried out AND old enough (here 10 s; 24 h by default).
    relay = OutboxRelay(state, hd, max_attempts=3, base_delay=1, max_delay=1, park_after_s=10)
    for _ in range(5):
        await relay.send_due()
        clock[0] += 5
    statuses = {r["id"]: r["status"] for r in state.query("SELECT id, status FROM outbox")}
    assert statuses == {"auth": "parked", "flaky": "parked"}
    assert redrive(state) == 2
    assert {r["status"] for r in state.query("SELECT status FROM outbox")} == {"pending"}


async def test_failed_write_holds_later_writes_on_same_ticket(state, clock):
    queue(state, note("a"), note("b"), note("c", ticket="2"))
    hd = ScriptedHelpDesk([TransientError("503")])
    relay = OutboxRelay(state, hd, base_delay=1, max_delay=1)
    await relay.send_due()
    assert [k for _, k in hd.applied] in (["c"],)
    clock[0] += 2
    await relay.send_due()
    assert [k for _, k in hd.applied] == ["c", "a", "b"]


async def test_rows_caught_mid_send_are_resent_after_crash(tmp_path, clock):
    path = tmp_path / "s.db"
    state = State.open(path, clock=lambda: clock[0])
    queue(state, note("k1"))
    relay = OutboxRelay(state, ScriptedHelpDesk())
    relay.claim(10)  # claimed, then the process dies before sending
    state.close()
    state = State.open(path, clock=lambda: clock[0])
    hd = ScriptedHelpDesk()
    relay = OutboxRelay(state, hd)
    assert relay.recover() == 1
    assert await relay.send_due() == 1 and hd.applied == [("1", "k1")]


# ------------------------------------------------------------------ order per ticket, first-attempt hint


class RecordingHelpDesk:
    """Fake at the edge: records each write with its first_attempt flag; fails as scripted."""

    kind = "zendesk"

    def __init__(self, failures=()):
        self.failures = list(failures)
        self.seen: list[tuple[str, bool]] = []

    async def post(self, ticket_id, write):
        self.seen.append((write.idempotency_key, write.first_attempt))
        if self.failures:
            raise self.failures.pop(0)
        return WriteReceipt(id="c")

    async def create_task(self, task):
        self.seen.append((task.external_id, task.first_attempt))
        if self.failures:
            raise self.failures.pop(0)
        return WriteReceipt(id="t")


def put(state, run_id, *items):
    with state.write() as db:
        for item in items:
            enqueue(db, item, run_id, state.clock())


def task(key, ticket="1"):
    return OutboxItem(key, "zendesk", ticket, TaskRequest(external_id=key, linked_ticket_id=ticket,
                                                         requester_id="9", subject="s", body="b"))


def status(state):
    return {r["id"]: r["status"] for r in state.query("SELECT id, status FROM outbox")}


async def test_first_attempt_flag_is_set_only_when_nothing_can_have_been_sent(state, clock):
    put(state, None, note("a"))
    desk = RecordingHelpDesk([TransientError("503")])
    relay = OutboxRelay(state, desk, base_delay=1, max_delay=1)
    await relay.send_due()
    clock[0] += 5
    await relay.send_due()
    assert desk.seen == [("a", True), ("a", False)]  # the retry must look for the first try's comment


async def test_a_row_recovered_after_a_crash_or_redriven_is_not_a_first_attempt(state, clock):
    put(state, None, note("crashed"), note("parked", ticket="2"))
    relay = OutboxRelay(state, RecordingHelpDesk())
    relay.claim(10)  # claimed, then the process "dies" before sending
    relay.recover()
    with state.write() as db:
        db.conn.execute("UPDATE outbox SET status='parked', attempts=8, last_error='x' WHERE id='parked'")
    redrive(state)
    desk = RecordingHelpDesk()
    await OutboxRelay(state, desk).send_due()
    assert sorted(desk.seen) == [("crashed", False), ("parked", False)]


async def test_a_later_write_waits_while_an_earlier_one_on_the_ticket_waits_for_its_retry(state, clock):
    put(state, 1, note("first"))
    desk = RecordingHelpDesk([TransientError("503")])
    relay = OutboxRelay(state, desk, base_delay=60, max_delay=60)
    await relay.send_due()  # fails: 'first' now waits for its retry
    put(state, 2, note("second"), note("other", ticket="2"))
    assert await relay.send_ticket("1") == 0  # the direct send must not overtake 'first'
    await relay.send_due()
    assert status(state)["second"] == "pending" and status(state)["other"] == "done"
    clock[0] += 120
    await relay.send_due()
    assert [k for k, _ in desk.seen] == ["first", "other", "first", "second"]
    assert set(status(state).values()) == {"done"}


async def test_the_task_ticket_goes_alongside_its_runs_note_and_a_failure_holds_later_runs(state, clock):
    put(state, 1, note("n1"), task("t1"))
    put(state, 2, note("n2"))
    desk = RecordingHelpDesk()
    relay = OutboxRelay(state, desk)
    assert await relay.send_ticket("1") == 3
    assert [k for k, _ in desk.seen][:2] in (["n1", "t1"], ["t1", "n1"]) and desk.seen[2][0] == "n2"

    put(state, 3, note("n3"), task("t3"))
    put(state, 4, note("n4"))
    failing = RecordingHelpDesk([TransientError("503")])
    relay = OutboxRelay(state, failing, base_delay=60, max_delay=60)
    await relay.send_ticket("1")
    st = status(state)
    assert st["n4"] == "pending"  # a later run never overtakes a failed earlier one
    rows = {r["id"]: r for r in state.query("SELECT id, attempts FROM outbox")}
    assert rows["n4"]["attempts"] == 0  # released untouched: its first send is still a first attempt


def test_first_attempt_is_never_stored_in_the_row(state):
    item = note("k")
    put(state, None, dataclasses.replace(item, write=dataclasses.replace(item.write, first_attempt=True)))
    payload = state.query("SELECT payload FROM outbox")[0]["payload"]
    assert "first_attempt" not in payload
