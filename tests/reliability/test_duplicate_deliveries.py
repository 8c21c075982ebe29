"""The same genuine delivery 2x in a row and 10x at once over real HTTP: one inbox row, one set of writes."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from aiohttp import web

from bot.wiring import build_runtime
from connectors.sandbox.zendesk_delivery import zendesk_signature
from connectors.sandbox.zendesk_state import iso
from rel_harness import customer_message, start_world, tally


async def _missed_delivery(env, http) -> tuple[str, str]:
    """A customer writes while Deskhand is down: the help desk's one delivery attempt fails; its body."""
    if env.helpdesk_kind == "zendesk":
        env.helpdesk.world.deliverer.attempts = 1
    else:
        from connectors.sandbox.freshdesk_automation import AUTOMATION

        env.helpdesk.app[AUTOMATION].attempts = 1
    ticket = await customer_message(http, env, {"email": "maya.lindqvist@example.com", "subject": "My order",
                                                "body": "Can I change the size of my linen shirt from L to M?"})
    for _ in range(100):
        log = await (await http.get(f"{env.helpdesk.url}/_sandbox/deliveries")).json()
        entries = log["deliveries"] if isinstance(log, dict) else log
        if entries:
            assert entries[0].get("status") is None  # nobody was listening
            return ticket, entries[0]["body"]
        await asyncio.sleep(0.02)
    raise AssertionError("the sandbox never tried to deliver")


def _headers(env, body: str) -> dict[str, str]:
    """Fresh, valid authentication for the same body (as a sender's retry carries)."""
    if env.helpdesk_kind == "zendesk":
        timestamp = iso(env.helpdesk.world.account.now())
        secret = env.settings.zendesk.webhook_secret
        return {"Content-Type": "application/json", "x-zendesk-webhook-signature-timestamp": timestamp,
                "x-zendesk-webhook-signature": zendesk_signature(secret, timestamp, body.encode())}
    return {"Content-Type": "application/json", "X-Deskhand-Secret": env.settings.freshdesk.webhook_secret}


@pytest.mark.parametrize("helpdesk", ["zendesk", "freshdesk"])
async def test_duplicate_and_concurrent_duplicate_deliveries_count_once(tmp_path, helpdesk):
    env = await start_world(tmp_path, helpdesk)
    runtime = await build_runtime(env.settings, today=lambda: env.today)
    runner = web.AppRunner(runtime.service.make_app(), access_log=None)
    try:
        async with aiohttp.ClientSession() as http:
            ticket, body = await _missed_delivery(env, http)
            await runner.setup()
            await web.TCPSite(runner, env.settings.service.host, env.settings.service.port).start()
            url = f"{env.deskhand_url}/webhooks/{helpdesk}"

            async def send() -> int:
                async with http.post(url, data=body.encode(), headers=_headers(env, body)) as resp:
                    return resp.status

            concurrent = await asyncio.gather(*(send() for _ in range(10)))
            sequential = [await send(), await send()]
            assert await runtime.service.drain(30)
            rows = runtime.state.query("SELECT COUNT(*) AS n FROM inbox WHERE ticket_id=?", (ticket,))[0]["n"]
    finally:
        await runner.cleanup()
        await runtime.close()
        await env.close()

    result = tally(env, [ticket])
    print(f"\nduplicates ({helpdesk}): 10 concurrent -> {sorted(concurrent)}, 2 sequential -> {sequential};"
          f" inbox_rows={rows} " + result.line("writes"))
    assert sorted(concurrent) == [200] * 9 + [202]  # exactly one accepted, the rest acknowledged as duplicates
    assert sequential == [200, 200]
    assert rows == 1
    assert result.per_ticket[ticket]["bot_writes"] == 1  # one note on the ticket
    assert (result.lost, result.duplicated, result.stray, result.parked) == (0, 0, 0, 0)
