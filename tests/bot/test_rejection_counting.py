"""A flood of forged webhooks is refused with 401 and counted, without one fsync'd write per forgery."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.sandbox_env import start_sandbox
from bot.wiring import build_runtime


async def test_forgery_flood_is_counted_in_batches_and_flushed_on_stop(tmp_path):
    env = await start_sandbox(helpdesk="zendesk", database=tmp_path / "deskhand.db")
    runtime = await build_runtime(env.settings, today=lambda: env.today)
    writes = []
    original = runtime.state.record_rejected
    runtime.state.record_rejected = lambda source, count=1: (writes.append(count), original(source, count))[1]
    client = TestClient(TestServer(runtime.service.make_app()))
    await client.start_server()
    try:
        for i in range(200):
            resp = await client.post("/webhooks/zendesk", data=b'{"ticket_id": "1"}',
                                     headers={"Content-Type": "application/json",
                                              "x-zendesk-webhook-signature": "Zm9yZ2Vk",
                                              "x-zendesk-webhook-signature-timestamp": "2026-11-20T12:00:00Z"})
            assert resp.status == 401
    finally:
        await client.close()  # shutdown stops the workers, which flushes the buffered count
        await runtime.close()
        await env.close()
    assert len(writes) < 20  # batched: far fewer writes than forgeries
    assert sum(writes) == 200
    from bot.state import State

    row = State.open(tmp_path / "deskhand.db").query("SELECT rejected, accepted FROM webhook_sources WHERE source='zendesk'")
    assert (row[0]["rejected"], row[0]["accepted"]) == (200, 0)
    assert not State.open(tmp_path / "deskhand.db").query("SELECT 1 FROM inbox")
