"""Zendesk sandbox: seeds, auth, envelopes, idempotent create, faults, triggers and signed deliveries."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from connectors.errors import ForgedWebhookError
from connectors.sandbox.people import PEOPLE, person
from connectors.sandbox.server import start_app
from connectors.sandbox.zendesk_server import start_zendesk
from connectors.sandbox.zendesk_state import GROUP_NAMES, user_id_for
from connectors.zendesk_objects import HANDOFF_TAG, MACRO_SEND
from connectors.zendesk_webhook import verify_and_parse

EMAIL = person("deskhand").emails[0][0]
TOKEN = "sandbox-token-99"
SECRET = "hook-secret-for-tests"
AUTH = {"Authorization": "Basic " + base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()}


class Receiver:
    """A tiny Deskhand stand-in that records deliveries and answers scripted statuses."""

    def __init__(self) -> None:
        self.url = ""
        self.got: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        self.stall_s: list[float] = []  # per request: how long to sit on it before answering

    async def handle(self, request: web.Request) -> web.Response:
        self.got.append((dict(request.headers), await request.read()))
        if self.stall_s:
            await asyncio.sleep(self.stall_s.pop(0))
        return web.Response(status=self.statuses.pop(0) if self.statuses else 200)

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.got]


@pytest.fixture
async def receiver():
    rec = Receiver()
    app = web.Application()
    app.router.add_post("/webhooks/zendesk", rec.handle)
    server = await start_app(app)
    rec.url = server.url
    yield rec
    await server.close()


@pytest.fixture
async def sandbox(receiver):
    sb = await start_zendesk(email=EMAIL, api_token=TOKEN, deskhand_webhook_url=f"{receiver.url}/webhooks/zendesk",
                             signing_secret=SECRET)
    yield sb
    await sb.close()


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


async def call(http, sb, method: str, path: str, payload: Any = None, *, auth: bool = True,
               headers: dict[str, str] | None = None, expect: int | None = None) -> tuple[int, Any, Any]:
    hdrs = {**(AUTH if auth else {}), **(headers or {})}
    data = payload if isinstance(payload, bytes) else (json.dumps(payload).encode() if payload is not None else None)
    if data is not None:
        hdrs["Content-Type"] = "application/json"
    async with http.request(method, sb.url + path, data=data, headers=hdrs) as resp:
        body = await resp.json(content_type=None)
        if expect is not None:
            assert resp.status == expect, body
        return resp.status, body, resp.headers


async def message(http, sb, email: str, body: str = "Hello", **kw: Any) -> dict[str, Any]:
    return (await call(http, sb, "POST", "/_sandbox/customer_message", {"email": email, "body": body, **kw},
                       auth=False, expect=201))[1]


# ----------------------------------------------------------------------------- seeds and auth


async def test_seeded_people_groups_and_identities(http, sandbox):
    for p in PEOPLE:
        _, body, _ = await call(http, sandbox, "GET", f"/api/v2/users/{user_id_for(p.key)}.json", expect=200)
        assert (body["user"]["name"], body["user"]["role"]) == (p.name, p.role)
    _, body, _ = await call(http, sandbox, "GET", f"/api/v2/users/{user_id_for('eve')}/identities.json")
    assert [(i["value"], i["verified"], i["primary"]) for i in body["identities"]] == [
        ("eve.morgan@example.com", False, True)]
    _, body, _ = await call(http, sandbox, "GET", "/api/v2/groups.json?page[size]=100")
    assert [g["name"] for g in body["groups"]] == list(GROUP_NAMES)
    _, me, _ = await call(http, sandbox, "GET", "/api/v2/users/me.json")
    assert me["user"]["id"] == user_id_for("deskhand")
    _, people, _ = await call(http, sandbox, "GET", "/_sandbox/people", auth=False)
    assert {"key": "alex", "id": user_id_for("alex"), "name": "Alex Rivera", "role": "agent"} in people


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic " + base64.b64encode(b"x@example.org/token:t").decode()},
                                     {"Authorization": "Basic " + base64.b64encode(f"{EMAIL}:{TOKEN}".encode()).decode()}])
async def test_api_needs_email_token_basic_auth(http, sandbox, headers):
    status, body, _ = await call(http, sandbox, "GET", "/api/v2/users/me.json", auth=False, headers=headers)
    assert status == 401 and body == {"error": "Couldn't authenticate you"}


async def test_not_found_shape(http, sandbox):
    status, body, _ = await call(http, sandbox, "GET", "/api/v2/tickets/424242.json")
    assert status == 404 and body == {"error": "RecordNotFound", "description": "Not found"}


# ----------------------------------------------------------------------------- tickets


async def test_pagination_links_follow_the_request_host(http, receiver):
    sb = await start_zendesk(email=EMAIL, api_token=TOKEN, max_page_size=3)
    try:
        _, first, _ = await call(http, sb, "GET", "/api/v2/groups.json?page[size]=100")
        assert len(first["groups"]) == 3 and first["meta"]["has_more"]
        assert first["links"]["next"].startswith(sb.url + "/api/v2/groups.json")
        names = [g["name"] for g in first["groups"]]
        link = first["links"]["next"]
        while link:
            async with http.get(link, headers=AUTH) as resp:
                page = await resp.json()
            names += [g["name"] for g in page["groups"]]
            link = page["links"]["next"]
        assert names == list(GROUP_NAMES)
        _, offset, _ = await call(http, sb, "GET", "/api/v2/ticket_fields.json?per_page=1")
        assert offset["count"] == 2 and offset["next_page"].startswith(sb.url) and offset["previous_page"] is None
    finally:
        await sb.close()


def _create(external_id: str, body: str = "Handoff note") -> dict[str, Any]:
    return {"ticket": {"subject": "Exchange", "external_id": external_id, "requester_id": user_id_for("maya"),
                       "comment": {"body": body, "public": False}, "tags": [HANDOFF_TAG]}}


async def test_idempotency_key_semantics(http, sandbox):
    key = {"Idempotency-Key": "outbox-5"}
    status, first, hdrs = await call(http, sandbox, "POST", "/api/v2/tickets.json", _create("outbox-5"), headers=key)
    assert status == 201 and hdrs["x-idempotency-lookup"] == "miss"
    status, again, hdrs = await call(http, sandbox, "POST", "/api/v2/tickets.json", _create("outbox-5"), headers=key)
    assert status == 201 and hdrs["x-idempotency-lookup"] == "hit" and again == first
    status, clash, _ = await call(http, sandbox, "POST", "/api/v2/tickets.json", _create("outbox-5", "Other"), headers=key)
    assert status == 400 and clash["error"] == "IdempotentRequestError"
    await call(http, sandbox, "POST", "/_sandbox/clock", {"advance_seconds": 2 * 3600 + 1}, auth=False, expect=200)
    status, later, hdrs = await call(http, sandbox, "POST", "/api/v2/tickets.json", _create("outbox-5"), headers=key)
    assert hdrs["x-idempotency-lookup"] == "miss" and later["ticket"]["id"] != first["ticket"]["id"]
    _, found, _ = await call(http, sandbox, "GET", "/api/v2/tickets.json?external_id=outbox-5")
    assert len(found["tickets"]) == 2  # Zendesk does not enforce unique external_id


async def test_update_comment_and_tags(http, sandbox):
    tid = (await message(http, sandbox, "ann@example.com"))["ticket_id"]
    payload = {"ticket": {"comment": {"body": "Internal", "public": False}, "priority": "high",
                          "metadata": {"deskhand_idempotency_key": "k-1"}}}
    _, body, _ = await call(http, sandbox, "PUT", f"/api/v2/tickets/{tid}.json", payload, expect=200)
    [event] = [e for e in body["audit"]["events"] if e["type"] == "Comment"]
    assert body["audit"]["metadata"]["custom"] == {"deskhand_idempotency_key": "k-1"}
    _, comments, _ = await call(http, sandbox, "GET", f"/api/v2/tickets/{tid}/comments.json")
    assert comments["comments"][-1]["id"] == event["id"] and comments["comments"][-1]["public"] is False
    await call(http, sandbox, "PUT", f"/api/v2/tickets/{tid}/tags.json", {"tags": ["b", "A"]}, expect=200)
    _, tags, _ = await call(http, sandbox, "PUT", f"/api/v2/tickets/{tid}/tags.json", {"tags": ["c"]}, expect=200)
    assert tags["tags"] == ["b", "a", "c"]
    status, bad, _ = await call(http, sandbox, "PUT", f"/api/v2/tickets/{tid}.json", {"ticket": {"group_id": 1}})
    assert status == 422 and bad["error"] == "RecordInvalid"


# ----------------------------------------------------------------------------- faults


async def test_faults_and_call_counts(http, sandbox):
    rule = {"path_prefix": "/api/v2/users/", "status": 429, "retry_after": "2", "count": 2}
    await call(http, sandbox, "POST", "/_sandbox/faults", rule, auth=False, expect=201)
    for _ in range(2):
        status, body, hdrs = await call(http, sandbox, "GET", "/api/v2/users/me.json")
        assert (status, hdrs["Retry-After"], body["error"]) == (429, "2", "TooManyRequests")
    await call(http, sandbox, "GET", "/api/v2/users/me.json", expect=200)
    await call(http, sandbox, "GET", f"/api/v2/users/{user_id_for('tom')}.json", expect=200)
    await call(http, sandbox, "POST", "/_sandbox/faults", {"path_prefix": "/api/v2/groups", "bad_json": True},
               auth=False, expect=201)
    async with http.get(sandbox.url + "/api/v2/groups.json", headers=AUTH) as resp:
        with pytest.raises(ValueError):
            json.loads(await resp.text())
    _, calls, _ = await call(http, sandbox, "GET", "/_sandbox/calls", auth=False)
    assert calls["GET /api/v2/users/me.json"] == 3
    assert calls["GET /api/v2/users/{id}.json"] == 1


# ----------------------------------------------------------------------------- triggers and deliveries


def _check_signature(headers: dict[str, str], body: bytes) -> None:
    ts = headers["x-zendesk-webhook-signature-timestamp"]
    expected = base64.b64encode(hmac.new(SECRET.encode(), ts.encode() + body, hashlib.sha256).digest()).decode()
    assert headers["x-zendesk-webhook-signature"] == expected
    for name in ("x-zendesk-webhook-id", "x-zendesk-webhook-invocation-id", "x-zendesk-account-id"):
        assert headers[name]


async def test_customer_message_fires_signed_webhook(http, sandbox, receiver):
    out = await message(http, sandbox, "maya.lindqvist@example.com", "Where is order 1042?")
    assert await sandbox.drain() == 0
    [(headers, body)] = receiver.got
    _check_signature(headers, body)
    event = verify_and_parse(headers, body, [SECRET], now=sandbox.world.account.now())
    assert (event.ticket_id, event.kind) == (str(out["ticket_id"]), "message")
    assert json.loads(body)["updated_at"].endswith("Z")
    # Follow-up comment: a new, distinct delivery; agent and bot comments: none.
    await message(http, sandbox, "maya.lindqvist@example.com", "Any news?", ticket_id=out["ticket_id"])
    await call(http, sandbox, "POST", "/_sandbox/agent_reply",
               {"ticket_id": out["ticket_id"], "agent_key": "alex", "body": "Checking"}, auth=False, expect=201)
    await call(http, sandbox, "PUT", f"/api/v2/tickets/{out['ticket_id']}.json",
               {"ticket": {"comment": {"body": "note", "public": False}}}, expect=200)
    await sandbox.drain()
    assert [e["event"] for e in receiver.events()] == ["message", "message"]
    assert len({body for _, body in receiver.got}) == 2


async def test_handoff_tickets_do_not_notify_deskhand(http, sandbox, receiver):
    await call(http, sandbox, "POST", "/api/v2/tickets.json", _create("outbox-9"), expect=201)
    await sandbox.drain()
    assert receiver.got == []


async def test_apply_macro_fires_approve_with_actor_and_clears_tag(http, sandbox, receiver):
    tid = (await message(http, sandbox, "tom.okafor@example.com"))["ticket_id"]
    await sandbox.drain()
    alex = user_id_for("alex")
    _, out, _ = await call(http, sandbox, "POST", "/_sandbox/apply_macro",
                           {"ticket_id": tid, "title": MACRO_SEND, "agent_id": alex}, auth=False, expect=200)
    assert "deskhand_send" not in out["tags"]  # the trigger removed it so the macro can be used again
    await sandbox.drain()
    approve = receiver.events()[-1]
    assert approve == {"ticket_id": str(tid), "event": "approve", "actor_id": str(alex),
                       "updated_at": approve["updated_at"]}
    _check_signature(*receiver.got[-1])


async def test_failed_delivery_is_retried_and_logged(http, sandbox, receiver):
    receiver.statuses = [500, 503]
    await message(http, sandbox, "sofia.garcia@example.com")
    await sandbox.drain()
    _, log, _ = await call(http, sandbox, "GET", "/_sandbox/deliveries?wait=1", auth=False)
    assert [(d["attempt"], d["status"]) for d in log["deliveries"]] == [(1, 500), (2, 503), (3, 200)]
    assert len({d["invocation_id"] for d in log["deliveries"]}) == 1
    assert len({body for _, body in receiver.got}) == 1  # Zendesk may deliver the same event again


async def test_secret_reset_applies_to_next_delivery(http, sandbox, receiver):
    _, hooks, _ = await call(http, sandbox, "GET", "/api/v2/webhooks")
    [hook] = hooks["webhooks"]
    _, shown, _ = await call(http, sandbox, "GET", f"/api/v2/webhooks/{hook['id']}/signing_secret")
    assert shown == {"signing_secret": {"secret": SECRET, "algorithm": "SHA256"}}
    _, reset, _ = await call(http, sandbox, "POST", f"/api/v2/webhooks/{hook['id']}/signing_secret")
    new = reset["signing_secret"]["secret"]
    assert new != SECRET
    await message(http, sandbox, "ravi.menon@example.com")
    await sandbox.drain()
    headers, body = receiver.got[-1]
    now = sandbox.world.account.now()
    assert verify_and_parse(headers, body, [new, SECRET], now=now).kind == "message"
    with pytest.raises(ForgedWebhookError):
        verify_and_parse(headers, body, [SECRET], now=now)


async def test_placeholders_render_unescaped_like_zendesk(http, sandbox, receiver):
    _, hooks, _ = await call(http, sandbox, "GET", "/api/v2/webhooks")
    hook_id = hooks["webhooks"][0]["id"]
    trigger = {"trigger": {"title": "Leaky", "conditions": {"all": [
        {"field": "update_type", "operator": "is", "value": "Create"}], "any": []},
        "actions": [{"field": "notification_webhook", "value": [hook_id, '{"title": "{{ticket.title}}"}']}]}}
    await call(http, sandbox, "POST", "/api/v2/triggers.json", trigger, expect=201)
    await message(http, sandbox, "claire.dubois@example.com", "x", subject='Say "hi"')
    await sandbox.drain()
    bodies = [b for _, b in receiver.got if b.startswith(b'{"title"')]
    assert bodies == [b'{"title": "Say "hi""}']  # not valid JSON: why Deskhand's bodies carry ids only


async def test_timed_out_delivery_is_retried(http, receiver):
    sb = await start_zendesk(email=EMAIL, api_token=TOKEN, deskhand_webhook_url=f"{receiver.url}/webhooks/zendesk",
                             signing_secret=SECRET, delivery_timeout_s=0.2)
    try:
        receiver.stall_s = [1.0]
        await message(http, sb, "ann@example.com")
        await sb.drain()
        _, log, _ = await call(http, sb, "GET", "/_sandbox/deliveries", auth=False)
        assert [(d["attempt"], d["status"], d["error"]) for d in log["deliveries"]] == [
            (1, None, "timeout"), (2, 200, None)]
    finally:
        await sb.close()
