"""Upstream outages with time compressed: a dead help desk for an hour, a dead store; nothing lost."""

from __future__ import annotations

import json

import aiohttp
import pytest

from bot.runner import process_safely
from bot.sandbox_env import start_sandbox
from bot.wiring import build_runtime
from connectors.sandbox.server import calls
from rel_harness import customer_message, tally, thread

CONVERSATIONS = (
    {"email": "sofia.garcia@example.com", "body": "Where is my order?", "channel": "chat"},
    {"email": "maya.lindqvist@example.com", "subject": "My order",
     "body": "Hi! Can I still change the size? The linen shirt in L will be too big, I need an M."},
    {"email": "tom.okafor@example.com", "subject": "Wrong item again",
     "body": "This is the second time the wrong colour arrived. I want to speak to a manager, not a bot."},
)
DURING_OUTAGE = (
    {"email": "claire.dubois@example.com", "subject": "Refund", "body": "I want a refund for order 10468 please."},
    {"email": "sofia.garcia@example.com", "body": "Do you have the linen shirt in navy in size M?", "channel": "chat"},
)


@pytest.fixture
async def world(tmp_path):
    """Sandboxes plus a wired Deskhand whose state runs on a simulated clock (no workers, no webhooks)."""
    env = await start_sandbox(helpdesk="zendesk", database=tmp_path / "deskhand.db")
    env.helpdesk.world.deliverer.attempts = 0  # events are put in the inbox directly below
    runtime = await build_runtime(env.settings, today=lambda: env.today)
    runtime.pipeline.relay = None  # runs only commit their writes; tick() sends them, on the simulated clock
    clock = [runtime.state.clock()]
    runtime.state.clock = lambda: clock[0]
    async with aiohttp.ClientSession() as http:
        yield env, runtime, clock, http
    await runtime.close()
    await env.close()


async def arrive(env, runtime, http, conv) -> str:
    """A customer writes in and its (verified) delivery lands in the inbox."""
    ticket = await customer_message(http, env, conv)
    runtime.state.accept_event("zendesk", f"zendesk:test:{ticket}", ticket, "message", None)
    return ticket


async def run_inbox(runtime) -> None:
    """Every due inbox event once, with the service's retry bookkeeping (nothing sent yet)."""
    while rows := runtime.state.claim_inbox(10):
        for row in rows:
            await process_safely(runtime.pipeline, row, policy=runtime.service.inbox_policy)


async def tick(runtime, clock, seconds: float) -> None:
    """Advance simulated time, then do everything due: inbox runs, then the relay's sends."""
    clock[0] += seconds
    await run_inbox(runtime)
    while await runtime.service.relay.send_due(limit=50):
        pass


def backlog(runtime) -> dict[str, int]:
    row = runtime.state.query(
        "SELECT (SELECT COUNT(*) FROM inbox WHERE status IN ('pending','running')) AS inbox,"
        " (SELECT COUNT(*) FROM outbox WHERE status IN ('pending','sending')) AS outbox,"
        " (SELECT COUNT(*) FROM inbox WHERE status='parked') + (SELECT COUNT(*) FROM outbox WHERE status='parked') AS parked")
    return row[0]


def bot_writes(env, tickets) -> int:
    """Comments on customer tickets not written by the customer, plus handoff task tickets."""
    comments = sum(1 for entries in thread(env, tickets).values() for e in entries if not e["customer"])
    tasks = sum(1 for t in env.helpdesk.world.account.tickets.values() if t.get("external_id"))
    return comments + tasks


def api_calls(env) -> int:
    return sum(n for route, n in calls(env.helpdesk.app).items() if "/api/v2/" in route)


async def test_hour_long_helpdesk_outage_delays_every_write_and_loses_none(world):
    env, runtime, clock, http = world
    tickets = [await arrive(env, runtime, http, conv) for conv in CONVERSATIONS]
    await run_inbox(runtime)  # the runs commit their writes...
    queued = backlog(runtime)["outbox"]
    assert queued >= len(CONVERSATIONS) and bot_writes(env, tickets) == 0  # ...and the help desk dies first

    async with http.post(f"{env.helpdesk.url}/_sandbox/faults",
                         json={"path_prefix": "/api/v2/", "status": 503, "count": 0}) as resp:
        assert resp.status == 201
    before = api_calls(env)
    outage_s, step = 65 * 60, 30
    for elapsed in range(0, outage_s, step):
        if elapsed == 10 * 60:  # customers keep writing while the help desk is down
            tickets += [await arrive(env, runtime, http, conv) for conv in DURING_OUTAGE]
        await tick(runtime, clock, step)
        assert backlog(runtime)["parked"] == 0, f"parked after {elapsed // 60} simulated minutes"
    attempts = api_calls(env) - before
    assert bot_writes(env, tickets) == 0  # nothing reached the help desk while it was down
    assert attempts >= 2 * queued  # it kept trying, with backoff (far fewer than one call per tick per row)
    waiting = backlog(runtime)
    assert waiting["inbox"] == len(DURING_OUTAGE) and waiting["outbox"] == queued

    async with http.delete(f"{env.helpdesk.url}/_sandbox/faults") as resp:
        assert resp.status == 200
    recovered_after = 0
    while backlog(runtime)["inbox"] or backlog(runtime)["outbox"]:
        await tick(runtime, clock, step)
        recovered_after += step
        assert recovered_after <= 15 * 60, f"still waiting {recovered_after}s after recovery: {backlog(runtime)}"

    result = tally(env, tickets)
    print(f"\nhelp-desk outage {outage_s // 60} simulated min: queued={queued} arrived_during={len(DURING_OUTAGE)}"
          f" api_attempts_during={attempts} posted_during=0 drained {recovered_after / 60:.1f} min after recovery; "
          + result.line("after recovery"))
    assert (result.lost, result.duplicated, result.stray, result.parked) == (0, 0, 0, 0)
    handoffs = runtime.state.query("SELECT COUNT(*) AS n FROM handoffs")[0]["n"]
    tasks = runtime.state.query("SELECT COUNT(*) AS n FROM outbox WHERE kind='task' AND status='done'")[0]["n"]
    assert handoffs >= 3 and tasks >= 2  # size change, escalation, refund handed off; their tasks filed
    assert recovered_after <= 2 * runtime.service.relay.policy.max_delay + 2 * step  # the backoff cap bounds the wait


async def test_store_outage_never_guesses_order_facts(world):
    env, runtime, clock, http = world
    orders = await runtime.store.orders_for(["sofia.garcia@example.com"])
    assert orders  # she has real orders the bot could have talked about
    async with http.post(f"{env.store.url}/_sandbox/faults",
                         json={"path_prefix": "/wp-json/", "status": 503, "count": 0}) as resp:
        assert resp.status == 201
    ticket = await arrive(env, runtime, http, {"email": "sofia.garcia@example.com", "channel": "chat",
                                               "body": "Where is my order? Has it shipped yet?"})
    for _ in range(5):
        await tick(runtime, clock, 1)
    run = runtime.state.query("SELECT * FROM runs WHERE ticket_id=?", (ticket,))[0]
    # What the customer would read: public replies and the suggested reply an agent can send.
    replies = [json.loads(r["payload"])["body"] for r in runtime.state.query(
        "SELECT payload FROM outbox WHERE ticket_id=? AND kind='reply'", (ticket,))]
    drafts = [r["text"] for r in runtime.state.query("SELECT text FROM drafts WHERE ticket_id=?", (ticket,))]
    customer_text = " ".join(replies + drafts)
    handoff = json.loads(runtime.state.query("SELECT payload FROM handoffs WHERE ticket_id=?", (ticket,))[0]["payload"])
    reasons = json.loads(run["reasons"])
    print(f"\nstore outage: outcome={run['outcome']} reasons={reasons} customer_text={customer_text[:160]!r}")
    assert run["outcome"] == "handoff" and any("upstream unavailable" in r for r in reasons)
    assert "colleague will confirm" in customer_text  # the honest wording, not a guess
    for order in orders:
        assert order.number not in customer_text
    assert not any(w in customer_text.lower() for w in ("shipped", "delivered", "on its way", "processing"))
    assert handoff["orders"] == [] and "order lookup: unavailable" in handoff["summary"]["facts"]
    assert runtime.state.query("SELECT COUNT(*) AS n FROM outbox WHERE ticket_id=? AND status='done'", (ticket,))[0]["n"]
    assert backlog(runtime)["parked"] == 0
