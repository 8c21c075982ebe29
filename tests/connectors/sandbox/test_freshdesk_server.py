"""Sandbox Freshdesk: seeds, API shapes, auth, paging, search lag and emulated automation webhooks."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from aiohttp import web
from multidict import CIMultiDict

from connectors.freshdesk_webhook import TASK_TAG, verify_and_parse
from connectors.sandbox.freshdesk_server import start_freshdesk
from connectors.sandbox.freshdesk_state import GROUP_NAMES
from connectors.sandbox.server import start_app

KEY = "sandbox-test-key-55d0"
SECRET = "sandbox-hook-secret-0a9e"
AUTH = {"Authorization": aiohttp.encode_basic_auth(KEY, "X")}


class Receiver:
    """A tiny Deskhand stand-in that records deliveries and answers with scripted statuses."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.got: list[tuple[dict[str, str], bytes]] = []
        self.statuses = list(statuses or [])
        self.server = None

    async def handle(self, request: web.Request) -> web.Response:
        self.got.append((dict(request.headers), await request.read()))
        return web.Response(status=self.statuses.pop(0) if self.statuses else 202)

    async def start(self):
        app = web.Application()
        app.router.add_post("/webhooks/freshdesk", self.handle)
        self.server = await start_app(app)
        return self.server.url + "/webhooks/freshdesk"

    async def wait_for(self, count: int) -> list[tuple[dict[str, str], bytes]]:
        for _ in range(300):
            if len(self.got) >= count:
                break
            await asyncio.sleep(0.01)
        assert len(self.got) >= count, f"expected {count} deliveries, got {len(self.got)}"
        return self.got


@pytest.fixture
async def session():
    async with aiohttp.ClientSession() as s:
        yield s


@pytest.fixture
async def receiver():
    r = Receiver()
    yield r
    if r.server:
        await r.server.close()


@pytest.fixture
async def desk(receiver):
    url = await receiver.start()
    srv = await start_freshdesk(api_key=KEY, deskhand_webhook_url=url, webhook_secret=SECRET)
    yield srv
    await srv.close()


async def get(session, url, **kw):
    async with session.get(url, **kw) as resp:
        return resp.status, CIMultiDict(resp.headers), await resp.json()


async def post(session, url, payload, **kw):
    async with session.post(url, json=payload, **kw) as resp:
        return resp.status, await resp.json()


async def test_seeded_people_and_groups(session, desk):
    status, _, groups = await get(session, desk.url + "/api/v2/groups?per_page=100", headers=AUTH)
    assert status == 200 and [g["name"] for g in groups] == list(GROUP_NAMES)
    assert set(GROUP_NAMES) == {"exchanges", "cancellations", "shipping", "returns_refunds", "billing", "privacy",
                                "escalations", "general"}
    _, _, people = await get(session, desk.url + "/_sandbox/people")
    ids = {p["key"]: p["id"] for p in people}
    _, _, eve = await get(session, f"{desk.url}/api/v2/contacts/{ids['eve']}", headers=AUTH)
    _, _, tom = await get(session, f"{desk.url}/api/v2/contacts/{ids['tom']}", headers=AUTH)
    assert eve["active"] is False and tom["active"] is True
    assert tom["email"] == "tom.okafor@example.com" and tom["other_emails"] == ["t.okafor@example.org"]
    _, _, me = await get(session, desk.url + "/api/v2/agents/me", headers=AUTH)
    assert me["id"] == ids["deskhand"] and me["contact"]["name"] == "Deskhand"
    # Only the primary address matches ?email= (Freshdesk's behaviour for other_emails is unconfirmed).
    _, _, found = await get(session, desk.url + "/api/v2/contacts", params={"email": "t.okafor@example.org"},
                            headers=AUTH)
    assert found == []


async def test_auth_and_error_shapes(session, desk):
    status, _, body = await get(session, desk.url + "/api/v2/tickets/1001")
    assert status == 401 and body["code"] == "invalid_credentials"
    bad = {"Authorization": aiohttp.encode_basic_auth("other", "X")}
    assert (await get(session, desk.url + "/api/v2/groups", headers=bad))[0] == 401
    status, _, body = await get(session, desk.url + "/api/v2/tickets/77777", headers=AUTH)
    assert status == 404 and body["code"] == "not_found"
    async with session.post(desk.url + "/api/v2/tickets", json={"subject": "x"}, headers=AUTH) as resp:
        body = await resp.json()
        assert resp.status == 400 and body["description"] == "Validation failed"
        assert body["errors"][0] == {"field": "requester_id", "code": "missing_field",
                                     "message": "Please fill at least 1 of requester_id, email fields"}


async def test_rate_limit_headers_and_paging(session, desk):
    status, headers, page = await get(session, desk.url + "/api/v2/groups?per_page=5", headers=AUTH)
    assert status == 200 and len(page) == 5
    assert headers["X-Ratelimit-Total"] == "400" and int(headers["X-Ratelimit-Remaining"]) < 400
    assert 'rel="next"' in headers["Link"] and "page=2" in headers["Link"]
    _, headers, page = await get(session, desk.url + "/api/v2/groups?per_page=5&page=2", headers=AUTH)
    assert len(page) == 3 and "Link" not in headers


async def test_customer_message_fires_a_secret_bearing_webhook(session, desk, receiver):
    status, made = await post(session, desk.url + "/_sandbox/customer_message",
                              {"email": "maya.lindqvist@example.com", "body": "Where is my parcel?"})
    assert status == 200
    [(headers, body)] = await receiver.wait_for(1)
    assert headers["X-Deskhand-Secret"] == SECRET
    event = verify_and_parse(headers, body, [SECRET])
    assert (event.ticket_id, event.kind) == (str(made["ticket_id"]), "message")
    # The body carries ids only: no email, no message text.
    assert b"example.com" not in body and b"parcel" not in body

    await post(session, desk.url + "/_sandbox/customer_message",
               {"email": "maya.lindqvist@example.com", "body": "Any news?", "ticket_id": made["ticket_id"]})
    got = await receiver.wait_for(2)
    second = verify_and_parse(got[1][0], got[1][1], [SECRET])
    assert second.kind == "message" and second.ticket_id == event.ticket_id
    _, _, deliveries = await get(session, desk.url + "/_sandbox/deliveries")
    assert [d["status"] for d in deliveries] == [202, 202]


async def test_scenarios_fire_approve_and_discard(session, desk, receiver):
    _, made = await post(session, desk.url + "/_sandbox/customer_message",
                         {"email": "ann@example.com", "body": "Can I return shoes?"})
    tid = made["ticket_id"]
    _, _, people = await get(session, desk.url + "/_sandbox/people")
    alex = next(p["id"] for p in people if p["key"] == "alex")
    await post(session, desk.url + "/_sandbox/agent_reply", {"ticket_id": tid, "agent_key": "alex", "body": "Looking"})
    status, applied = await post(session, desk.url + "/_sandbox/apply_scenario",
                                 {"ticket_id": tid, "name": "Deskhand: send draft", "agent_id": alex})
    assert status == 200 and "deskhand_send" in applied["tags"]
    await post(session, desk.url + "/_sandbox/apply_scenario",
               {"ticket_id": tid, "name": "Deskhand: discard draft", "agent_id": alex})
    got = await receiver.wait_for(3)
    events = [verify_and_parse(h, b, [SECRET]) for h, b in got]
    assert [e.kind for e in events] == ["message", "approve", "discard"]
    assert events[1].actor_id == str(alex)  # the assigned agent ({{ticket.agent.id}})
    status, _ = await post(session, desk.url + "/_sandbox/apply_scenario", {"ticket_id": tid, "name": "Nope"})
    assert status == 400


async def test_api_created_task_does_not_fire_but_an_api_tag_does(session, desk, receiver):
    _, _, people = await get(session, desk.url + "/_sandbox/people")
    maya = next(p["id"] for p in people if p["key"] == "maya")
    status, task = await post(session, desk.url + "/api/v2/tickets",
                              {"requester_id": maya, "subject": "Handoff", "description": "<div>x</div>",
                               "tags": [TASK_TAG]}, headers=AUTH)
    assert status == 201
    async with session.put(f"{desk.url}/api/v2/tickets/{task['id']}", json={"tags": [TASK_TAG, "deskhand_send"]},
                           headers=AUTH) as resp:
        assert resp.status == 200
    [(headers, body)] = await receiver.wait_for(1)
    assert verify_and_parse(headers, body, [SECRET]).kind == "approve"


async def test_failed_delivery_is_retried(session):
    receiver = Receiver(statuses=[500])
    url = await receiver.start()
    srv = await start_freshdesk(api_key=KEY, deskhand_webhook_url=url, webhook_secret=SECRET, retry_delay_s=0.01)
    try:
        await post(session, srv.url + "/_sandbox/customer_message", {"email": "pat.guest@example.org", "body": "Hi"})
        got = await receiver.wait_for(2)
        assert got[0][1] == got[1][1]
        _, _, deliveries = await get(session, srv.url + "/_sandbox/deliveries")
        assert [(d["attempt"], d["status"]) for d in deliveries] == [(1, 500), (2, 202)]
    finally:
        await srv.close()
        await receiver.server.close()


async def test_no_webhook_url_means_no_deliveries(session):
    srv = await start_freshdesk(api_key=KEY)
    try:
        await post(session, srv.url + "/_sandbox/customer_message", {"email": "ann@example.com", "body": "Hi"})
        _, _, deliveries = await get(session, srv.url + "/_sandbox/deliveries")
        assert deliveries == []
    finally:
        await srv.close()


async def test_search_lags_and_list_window(session, desk):
    _, _, people = await get(session, desk.url + "/_sandbox/people")
    ravi = next(p["id"] for p in people if p["key"] == "ravi")
    _, made = await post(session, desk.url + "/api/v2/tickets",
                         {"requester_id": ravi, "subject": "S", "description": "<div>d</div>",
                          "tags": [TASK_TAG, "dh-lagged"]}, headers=AUTH)
    query = {"query": "\"tag:'dh-lagged'\""}
    _, _, hits = await get(session, desk.url + "/api/v2/search/tickets", params=query, headers=AUTH)
    assert hits == {"total": 0, "results": []}
    _, _, listed = await get(session, desk.url + "/api/v2/tickets", params={"requester_id": str(ravi)}, headers=AUTH)
    assert [t["id"] for t in listed] == [made["id"]]
    await post(session, desk.url + "/_sandbox/clock", {"advance_seconds": 31 * 86400})
    _, _, hits = await get(session, desk.url + "/api/v2/search/tickets", params=query, headers=AUTH)
    assert [t["id"] for t in hits["results"]] == [made["id"]]
    _, _, listed = await get(session, desk.url + "/api/v2/tickets", params={"requester_id": str(ravi)}, headers=AUTH)
    assert listed == []  # outside the default 30-day window


async def test_dump_shows_private_notes(session, desk):
    _, made = await post(session, desk.url + "/_sandbox/customer_message", {"email": "ann@example.com", "body": "Hi"})
    tid = made["ticket_id"]
    status, note = await post(session, f"{desk.url}/api/v2/tickets/{tid}/notes", {"body": "<div>n</div>"}, headers=AUTH)
    assert status == 201 and note["private"] is True  # Freshdesk's default
    status, _ = await post(session, f"{desk.url}/api/v2/tickets/{tid}/notes", {"body": "x", "private": "yes"},
                           headers=AUTH)
    assert status == 400
    _, _, dump = await get(session, f"{desk.url}/_sandbox/tickets/{tid}")
    assert [c["private"] for c in dump["conversations"]] == [True]
    assert dump["requester"]["email"] == "ann@example.com"
