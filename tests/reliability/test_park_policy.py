"""Park policy: retryable trouble only delays work for a day; hopeless errors park at once; alerts fire."""

import random

import pytest

from connectors.base import HelpDeskWrite, WriteReceipt
from connectors.errors import AuthError, NotFoundError, RateLimitedError, TransientError, ValidationError

from bot.metrics import Metrics
from bot.outbox import OutboxItem, OutboxRelay, enqueue
from bot.retry import ParkPolicy
from bot.runner import Pipeline, process_safely
from bot.state import State

HOUR = 3600.0


@pytest.mark.parametrize("err", [TransientError("503"), RateLimitedError("429", retry_after=30),
                                 TransientError("connection refused"), TransientError("timed out")])
def test_retryable_errors_park_only_when_retried_out_and_a_day_old(err):
    policy = ParkPolicy()
    assert not policy.parks(err, attempts=500, age_s=23 * HOUR)  # a long outage: still waiting
    assert not policy.parks(err, attempts=3, age_s=30 * HOUR)  # old but barely tried (e.g. redriven)
    assert policy.parks(err, attempts=8, age_s=24 * HOUR)


@pytest.mark.parametrize("err", [ValidationError("422"), AuthError("401"), NotFoundError("404")])
def test_hopeless_errors_park_at_once(err):
    assert ParkPolicy().parks(err, attempts=1, age_s=0)


def test_backoff_is_full_jitter_capped_and_honours_retry_after():
    policy, rng = ParkPolicy(base_delay=2, max_delay=300), random.Random(7)
    delays = [policy.delay(n, TransientError("503"), rng) for n in range(1, 40)]
    assert all(0 <= d <= 300 for d in delays) and max(delays) > 150  # capped, yet spread over the range
    assert len({round(d, 3) for d in delays}) == len(delays)  # jittered: no two instances in lockstep
    assert 7 <= policy.delay(1, RateLimitedError("429", retry_after=7), rng) <= 8
    assert 300 <= policy.delay(1, RateLimitedError("429", retry_after=86400), rng) <= 301  # capped; row waits


def test_no_answer_at_all_waits_until_a_slow_write_would_have_landed():
    policy, rng = ParkPolicy(base_delay=0.05, unknown_outcome_delay=60), random.Random(3)
    assert all(policy.delay(1, TransientError("timed out"), rng) >= 60 for _ in range(50))  # outcome unknown
    assert all(policy.delay(1, TransientError("503", status=503), rng) <= 0.05 for _ in range(50))  # answered


class DeadHelpDesk:
    """At the edge: a help desk that answers 503 to everything."""

    kind = "zendesk"

    def __init__(self):
        self.calls = 0

    async def post(self, ticket_id, write):
        self.calls += 1
        raise TransientError("503 Service Unavailable", status=503)

    async def get_ticket(self, ticket_id, *, requester_hint=None):
        self.calls += 1
        raise TransientError("503 Service Unavailable", status=503)


async def test_a_day_long_outage_parks_and_raises_the_alert_metric(tmp_path):
    clock = [1_000_000.0]
    state = State.open(tmp_path / "s.db", clock=lambda: clock[0])
    with state.write() as db:
        key = "zendesk:1:m1:note"
        enqueue(db, OutboxItem(key, "zendesk", "1", HelpDeskWrite(kind="note", idempotency_key=key, body="hi")),
                None, clock[0])
    state.accept_event("zendesk", "event-1", "2", "message", None)
    desk = DeadHelpDesk()
    relay = OutboxRelay(state, desk)  # defaults: 8 attempts, 300 s cap, park after 24 h
    pipeline = Pipeline(state=state, helpdesk=desk, retrieve_deps=None, understander=None,  # type: ignore[arg-type]
                        decide_config=None, compose_config=None)  # type: ignore[arg-type]
    metrics = Metrics()
    parked_at = None
    while clock[0] < 1_000_000 + 30 * HOUR and parked_at is None:
        clock[0] += 120
        for row in state.claim_inbox(5):
            await process_safely(pipeline, row)
        await relay.send_due()
        statuses = {r["status"] for r in state.query("SELECT status FROM outbox UNION ALL SELECT status FROM inbox")}
        if "parked" in statuses:
            parked_at = (clock[0] - 1_000_000) / HOUR
    metrics.refresh_depths(state)
    print(f"\nday-long outage: first item parked after {parked_at:.1f} simulated h, {desk.calls} calls")
    assert 24 <= parked_at <= 24.2  # not one minute of an hour-long outage would have parked it
    assert 8 < desk.calls < 24 * 60  # backed off: far fewer calls than minutes
    clock[0] += 10 * 60
    for row in state.claim_inbox(5):
        await process_safely(pipeline, row)
    await relay.send_due()
    metrics.refresh_depths(state)
    # Both the write and the event now wait for a human, and the alert metric says so.
    assert "deskhand_parked_items 2.0" in metrics.render().decode()


async def test_validation_error_parks_the_write_at_once(tmp_path):
    state = State.open(tmp_path / "s.db")
    with state.write() as db:
        enqueue(db, OutboxItem("k", "zendesk", "1", HelpDeskWrite(kind="note", idempotency_key="k", body="x")),
                None, state.clock())

    class Refusing:
        kind = "zendesk"

        async def post(self, ticket_id, write):
            raise ValidationError("422 body too long", status=422)

    assert await OutboxRelay(state, Refusing()).send_due() == 0
    assert state.query("SELECT status, attempts FROM outbox")[0] == {"status": "parked", "attempts": 1}


async def test_transient_failures_then_success_deliver_once(tmp_path):
    state = State.open(tmp_path / "s.db")
    with state.write() as db:
        enqueue(db, OutboxItem("k", "zendesk", "1", HelpDeskWrite(kind="note", idempotency_key="k", body="x")),
                None, state.clock())

    class Flaky:
        kind = "zendesk"
        fail = 3

        async def post(self, ticket_id, write):
            if self.fail:
                self.fail -= 1
                raise TransientError("502")
            return WriteReceipt(id="c1")

    relay = OutboxRelay(state, Flaky(), base_delay=0.001, max_delay=0.001)
    for _ in range(10):
        await relay.send_due()
        if state.query("SELECT status FROM outbox")[0]["status"] == "done":
            break
        state.db.conn.execute("UPDATE outbox SET next_attempt_at = 0")
    assert state.query("SELECT status, attempts FROM outbox")[0] == {"status": "done", "attempts": 4}
