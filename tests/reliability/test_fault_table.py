"""429 storms, 5xx bursts and timeouts on the help desk and the store: a table of lost and duplicated writes."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import aiohttp
from aiohttp import web

from bot.wiring import build_runtime
from connectors.sandbox.server import FAULTS
from rel_harness import customer_message, deliveries_in_flight, start_world, tally

CONVERSATIONS = (
    {"email": "sofia.garcia@example.com", "body": "Where is my order?", "channel": "chat"},
    {"email": "maya.lindqvist@example.com", "subject": "My order",
     "body": "Hi! Can I still change the size? The linen shirt in L will be too big, I need an M."},
)
CLIENT_TIMEOUT_S = 1.0
SLOW_MS = 2000  # the upstream answers (and applies the write) after the client has given up


@dataclass(frozen=True)
class Scenario:
    """One fault: which upstream, which requests, how they fail."""

    name: str
    helpdesk: str
    target: str  # "helpdesk" or "store"
    fault: dict


SCENARIOS = (
    Scenario("zendesk 429 storm, Retry-After: 1", "zendesk", "helpdesk",
             {"path_prefix": "/api/v2/tickets/", "method": "PUT", "status": 429, "retry_after": "1", "count": 3}),
    Scenario("zendesk 429 storm, no Retry-After", "zendesk", "helpdesk",
             {"path_prefix": "/api/v2/", "status": 429, "count": 4}),
    Scenario("zendesk 5xx burst (503 x6)", "zendesk", "helpdesk",
             {"path_prefix": "/api/v2/", "status": 503, "count": 6}),
    Scenario("zendesk comment applied after client timeout", "zendesk", "helpdesk",
             {"path_prefix": "/api/v2/tickets/", "method": "PUT", "delay_ms": SLOW_MS, "count": 1}),
    Scenario("zendesk task created after client timeout", "zendesk", "helpdesk",
             {"path_prefix": "/api/v2/tickets.json", "method": "POST", "delay_ms": SLOW_MS, "count": 1}),
    Scenario("freshdesk 429 storm, Retry-After: 1", "freshdesk", "helpdesk",
             {"path_prefix": "/api/v2/tickets/", "method": "POST", "status": 429, "retry_after": "1", "count": 3}),
    Scenario("freshdesk 5xx burst (502 x6)", "freshdesk", "helpdesk",
             {"path_prefix": "/api/v2/", "status": 502, "count": 6}),
    Scenario("freshdesk note applied after client timeout", "freshdesk", "helpdesk",
             {"path_prefix": "/api/v2/tickets/", "method": "POST", "delay_ms": SLOW_MS, "count": 1}),
    Scenario("store 429 storm, Retry-After: 1", "zendesk", "store",
             {"path_prefix": "/wp-json/", "status": 429, "retry_after": "1", "count": 3}),
    Scenario("store 5xx burst (503 x8)", "zendesk", "store", {"path_prefix": "/wp-json/", "status": 503, "count": 8}),
    Scenario("store timeouts (x2)", "zendesk", "store", {"path_prefix": "/wp-json/", "delay_ms": SLOW_MS, "count": 2}),
)


def _fast_retries(settings):
    """Real backoff, scaled down so the table runs in seconds; client timeouts short enough to hit."""
    return settings.model_copy(update={
        # The outcome of a timed-out write is unknown until the slow upstream finishes: re-check after that.
        "outbox": settings.outbox.model_copy(update={"base_delay_seconds": 0.05, "max_delay_seconds": 2.0,
                                                     "unknown_outcome_delay_seconds": SLOW_MS / 1000}),
        "service": settings.service.model_copy(update={"inbox_base_delay_seconds": 0.05, "inbox_max_delay_seconds": 2.0}),
        "zendesk": settings.zendesk.model_copy(update={"timeout": CLIENT_TIMEOUT_S}),
        "freshdesk": settings.freshdesk.model_copy(update={"timeout": CLIENT_TIMEOUT_S}),
        "woocommerce": settings.woocommerce.model_copy(update={"timeout": CLIENT_TIMEOUT_S}),
    })


async def _play(tmp_path, scenario: Scenario) -> dict:
    env = await start_world(tmp_path, scenario.helpdesk)
    runtime = await build_runtime(_fast_retries(env.settings), today=lambda: env.today)
    runner = web.AppRunner(runtime.service.make_app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, env.settings.service.host, env.settings.service.port).start()
    server = env.helpdesk if scenario.target == "helpdesk" else env.store
    started = time.perf_counter()
    try:
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{server.url}/_sandbox/faults", json=scenario.fault) as resp:
                assert resp.status == 201
            tickets = [await customer_message(http, env, conv) for conv in CONVERSATIONS]
            await _drained(env, runtime, len(tickets))
            hits = _fault_hits(server)
            await asyncio.sleep(SLOW_MS / 1000)  # let a slow upstream finish applying what it received
            await _drained(env, runtime, len(tickets))
    finally:
        await runner.cleanup()
        await runtime.close()
        await env.close()
    result = tally(env, tickets)
    return {"scenario": scenario.name, "faults_hit": hits, "writes": result.expected, "lost": result.lost,
            "duplicated": result.duplicated, "stray": result.stray, "parked": result.parked,
            "seconds": round(time.perf_counter() - started, 1)}


def _fault_hits(server) -> int:
    return sum(f.hits for f in server.app[FAULTS])


async def _drained(env, runtime, runs: int, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        done = runtime.state.query("SELECT COUNT(*) AS n FROM runs")[0]["n"] >= runs
        if done and not deliveries_in_flight(env) and await runtime.service.drain(0.5):
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"not drained: {runtime.state.query('SELECT status, last_error FROM outbox')}")


async def test_fault_table_reports_zero_lost_and_zero_duplicated(tmp_path):
    paths = [tmp_path / f"s{index}" for index in range(len(SCENARIOS))]
    for path in paths:
        path.mkdir()
    # Each scenario has its own sandboxes, ports and state file; they mostly wait, so run them together.
    rows = await asyncio.gather(*(_play(path, scenario) for path, scenario in zip(paths, SCENARIOS)))
    width = max(len(r["scenario"]) for r in rows)
    lines = [f"{'scenario':<{width}}  faults_hit  writes  lost  duplicated  stray  parked  seconds"]
    lines += [f"{r['scenario']:<{width}}  {r['faults_hit']:>10}  {r['writes']:>6}  {r['lost']:>4}  {r['duplicated']:>10}"
              f"  {r['stray']:>5}  {r['parked']:>6}  {r['seconds']:>7}" for r in rows]
    print("\n" + "\n".join(lines))
    for r in rows:
        assert r["faults_hit"] >= 1, r  # the fault was really felt
        assert (r["lost"], r["duplicated"], r["stray"], r["parked"]) == (0, 0, 0, 0), r
