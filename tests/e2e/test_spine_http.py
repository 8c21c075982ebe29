"""End to end over real HTTP on loopback: sandbox store + sandbox help desk + the real service."""

import json
from pathlib import Path

import jsonschema

import handoff_schemas

import aiohttp
import pytest
from aiohttp import web

from bot.demo import play, run_demo
from bot.demo_script import CONVERSATIONS, Conversation
from bot.sandbox_env import start_sandbox
from bot.wiring import build_runtime


@pytest.fixture
async def live(tmp_path):
    env = await start_sandbox(helpdesk="zendesk", database=tmp_path / "deskhand.db")
    runtime = await build_runtime(env.settings, today=lambda: env.today)
    runner = web.AppRunner(runtime.service.make_app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, env.settings.service.host, env.settings.service.port).start()
    async with aiohttp.ClientSession() as http:
        yield env, runtime, http
    await runner.cleanup()
    await runtime.close()
    await env.close()


def texts(played):
    return [json.loads(w["payload"]).get("body", "") for w in played.writes]


@pytest.mark.parametrize("helpdesk", ["zendesk", "freshdesk"])
async def test_demo_plays_every_conversation(helpdesk):
    lines = []
    result = await run_demo(helpdesk, out=lines.append)
    assert len(result.played) == len(CONVERSATIONS) >= 6
    mission = result.played[0]
    assert mission.handoff is not None
    assert mission.handoff["requested_change"]["type"] == "size_change"
    assert mission.handoff["routing"]["queue"] == "exchanges"
    assert mission.handoff["orders"][0]["fulfillment"] == "processing"
    assert all(w["status"] == "done" for p in result.played for w in p.writes)
    schema = json.loads((Path(handoff_schemas.__file__).parent / "handoff_ticket.v1.schema.json").read_text())
    handoffs = [p.handoff for p in result.played if p.handoff]
    assert len(handoffs) >= 4
    for handoff in handoffs:  # the committed schema validates every handoff the demo produced
        jsonschema.validate(handoff, schema)
    approved = [p for p in result.played if p.conversation.approve]
    assert approved and all(p.draft_status == "approved" for p in approved)
    assert [p.run["outcome"] for p in result.played] == [
        "handoff", "handoff", "handoff", "answer", "answer", "handoff", "draft", "handoff"]
    printed = "\n".join(lines)
    assert "Handoff ticket JSON" in printed and "order/change" in printed


async def test_unverified_requester_sees_no_order_data(live):
    env, runtime, http = live
    played = await play(CONVERSATIONS[1], env, runtime, http)
    assert played.conversation.email.startswith("eve")
    body = " ".join(texts(played))
    assert "confirmed" in body or "verify" in body.lower()
    orders = await runtime.store.orders_for(["eve.morgan@example.com"])
    for o in orders:  # her real orders exist in the store, and none of them is mentioned
        assert o.number not in body


async def test_forged_webhook_is_refused_and_leaves_no_trace(live):
    env, runtime, http = live
    before = runtime.state.query("SELECT COUNT(*) AS n FROM inbox")[0]["n"]
    body = json.dumps({"ticket_id": "1", "event": "message"}).encode()
    headers = {"content-type": "application/json", "x-zendesk-webhook-signature": "Zm9yZ2Vk",
               "x-zendesk-webhook-signature-timestamp": "2026-11-27T10:00:00Z"}
    async with http.post(f"{env.deskhand_url}/webhooks/zendesk", data=body, headers=headers) as resp:
        assert resp.status == 401
    async with http.post(f"{env.deskhand_url}/webhooks/zendesk", data=b"{not json", headers=headers) as resp:
        assert resp.status == 401
    assert runtime.state.query("SELECT COUNT(*) AS n FROM inbox")[0]["n"] == before


async def test_approval_posts_publicly_exactly_once(live):
    env, runtime, http = live
    conv = Conversation("status", "sofia.garcia@example.com", "Where is my order?", channel="chat", approve=True)
    played = await play(conv, env, runtime, http)
    assert played.draft_status == "approved"
    replies = [w for w in played.writes if w["kind"] == "reply"]
    assert len(replies) == 1
    async with http.get(f"{env.helpdesk.url}/_sandbox/tickets/{played.ticket_id}") as resp:
        dump = await resp.json()
    public_bot = [c for c in dump["ticket"]["comments"] if c["public"] and c["author_id"] != dump["ticket"]["requester_id"]]
    assert len(public_bot) == 1


async def test_approval_delivered_twice_posts_once(live):
    env, runtime, http = live
    conv = Conversation("status", "maya.lindqvist@example.com", "Where is my order?", channel="chat", approve=True)
    played = await play(conv, env, runtime, http)
    agent = next(p["id"] for p in await (await http.get(f"{env.helpdesk.url}/_sandbox/people")).json() if p["key"] == "alex")
    async with http.post(f"{env.helpdesk.url}/_sandbox/apply_macro",
                         json={"ticket_id": played.ticket_id, "title": "Deskhand: send draft", "agent_id": agent}) as resp:
        assert resp.status < 300
    await env.helpdesk.drain()
    await runtime.service.drain()
    approvals = runtime.state.query("SELECT COUNT(*) AS n FROM inbox WHERE ticket_id=? AND kind='approve'", (played.ticket_id,))
    assert approvals[0]["n"] == 2  # two genuine approval deliveries arrived
    replies = runtime.state.query("SELECT COUNT(*) AS n FROM outbox WHERE ticket_id=? AND kind='reply'", (played.ticket_id,))
    assert replies[0]["n"] == 1


async def test_rate_limit_storm_delays_but_loses_no_write(live):
    env, runtime, http = live
    async with http.post(f"{env.helpdesk.url}/_sandbox/faults",
                         json={"path_prefix": "/api/v2/tickets/", "method": "PUT", "status": 429,
                               "retry_after": "1", "count": 3}) as resp:
        assert resp.status == 201
    conv = Conversation("policy", "claire.dubois@example.com", "Can I return sale items?", subject="Returns")
    played = await play(conv, env, runtime, http)
    assert played.writes and all(w["status"] == "done" for w in played.writes)
    assert any(w["attempts"] > 1 for w in played.writes)  # the storm was felt, and waited out
    notes = [w for w in played.writes if w["kind"] == "note"]
    assert len(notes) == 1
