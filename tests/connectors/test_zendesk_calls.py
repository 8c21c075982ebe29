"""Zendesk call budget: which requests a ticket read and a first or retried write cost (sandbox, real HTTP)."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from connectors.base import HelpDeskWrite, TaskRequest
from connectors.sandbox.people import person
from connectors.sandbox.server import calls
from connectors.sandbox.zendesk_server import start_zendesk
from connectors.zendesk import Zendesk

BOT_EMAIL = person("deskhand").emails[0][0]
TOKEN = "sandbox-token-77aa"


@pytest.fixture
async def sandbox():
    sb = await start_zendesk(email=BOT_EMAIL, api_token=TOKEN, max_page_size=2)
    yield sb
    await sb.close()


@pytest.fixture
async def zd(sandbox) -> Zendesk:
    desk = Zendesk(base_url=sandbox.url, email=BOT_EMAIL, api_token=TOKEN, timeout=5)
    await desk.check()  # learn the bot id up front, as the service does at start
    return desk


async def customer(sandbox, email: str, body: str) -> str:
    async with aiohttp.ClientSession() as s:
        async with s.post(sandbox.url + "/_sandbox/customer_message", json={"email": email, "body": body}) as r:
            assert r.status < 300
            return str((await r.json())["ticket_id"])


def delta(sandbox, before: dict[str, int]) -> dict[str, int]:
    now = calls(sandbox.app)
    return {k: v - before.get(k, 0) for k, v in now.items() if v - before.get(k, 0) and not k.startswith("GET /_sandbox")
            and "/_sandbox" not in k}


async def test_a_ticket_read_is_three_calls_with_authors_sideloaded(sandbox, zd):
    tid = await customer(sandbox, "maya.lindqvist@example.com", "Where is my order?")
    before = calls(sandbox.app)
    ticket = await zd.get_ticket(tid)
    spent = delta(sandbox, before)
    assert ticket.requester.verified_emails == ("maya.lindqvist@example.com",)
    assert sorted(spent) == sorted([
        "GET /api/v2/tickets/{id}.json", "GET /api/v2/tickets/{id}/comments.json",
        "GET /api/v2/users/{id}/identities.json",
    ]), spent
    assert sum(spent.values()) == 3


async def test_first_attempt_write_is_one_put_carrying_comment_group_and_tags(sandbox, zd):
    tid = await customer(sandbox, "maya.lindqvist@example.com", "Can I change the size?")
    write = HelpDeskWrite(kind="note", idempotency_key="run-1:note", body="Handing off.", queue="exchanges",
                          priority="high", add_tags=("deskhand", "dh_handoff"), first_attempt=True)
    await zd.group_id("exchanges")  # the group list is read once per process, then cached
    before = calls(sandbox.app)
    receipt = await zd.post(tid, write)
    assert delta(sandbox, before) == {"PUT /api/v2/tickets/{id}.json": 1}
    ticket = await zd.get_ticket(tid)
    assert {"deskhand", "dh_handoff"} <= set(ticket.tags)
    assert receipt.created

    # A retry of the same write (first_attempt False) looks first and posts nothing twice.
    before = calls(sandbox.app)
    again = await zd.post(tid, write.__class__(**{**write.__dict__, "first_attempt": False}))
    spent = delta(sandbox, before)
    assert spent.get("GET /api/v2/tickets/{id}/comments.json", 0) >= 1
    assert again.id == receipt.id and not again.created
    notes = [m for m in (await zd.get_ticket(tid)).messages if m.body.strip() == "Handing off."]
    assert len(notes) == 1


async def test_first_attempt_task_is_one_post_and_a_retry_finds_it(sandbox, zd):
    tid = await customer(sandbox, "maya.lindqvist@example.com", "Please cancel.")
    ticket = await zd.get_ticket(tid)
    task = TaskRequest(external_id="deskhand-run-9", linked_ticket_id=tid, requester_id=ticket.requester.id,
                       subject="Handoff", body="Cancel request", queue="exchanges", first_attempt=True)
    await zd.group_id("exchanges")
    before = calls(sandbox.app)
    made = await zd.create_task(task)
    assert delta(sandbox, before) == {"POST /api/v2/tickets.json": 1}
    retry = await zd.create_task(TaskRequest(**{**task.__dict__, "first_attempt": False}))
    assert retry.id == made.id and not retry.created


async def test_comment_pages_are_followed_and_every_authors_role_is_known(sandbox, zd):
    tid = await customer(sandbox, "maya.lindqvist@example.com", "Where is my order?")
    async with aiohttp.ClientSession() as s:
        async with s.post(sandbox.url + "/_sandbox/agent_reply",
                          json={"ticket_id": int(tid), "body": "Looking into it.", "public": True}) as r:
            assert r.status == 201
        for text in ("Any news?", "Hello??"):
            async with s.post(sandbox.url + "/_sandbox/customer_message",
                              json={"email": "maya.lindqvist@example.com", "body": text, "ticket_id": int(tid)}) as r:
                assert r.status == 201
    before = calls(sandbox.app)
    ticket = await zd.get_ticket(tid)
    spent = delta(sandbox, before)
    assert spent["GET /api/v2/tickets/{id}/comments.json"] == 2  # four comments, two per page
    assert "GET /api/v2/users/show_many.json" not in spent  # every author came sideloaded
    assert [m.body for m in ticket.customer_messages][-1] == "Hello??"
    assert ticket.agent_replied_publicly


async def test_a_requester_hint_reads_identities_alongside_and_a_wrong_one_is_never_believed(sandbox, zd):
    async with aiohttp.ClientSession() as s:
        async with s.post(sandbox.url + "/_sandbox/customer_message",
                          json={"email": "maya.lindqvist@example.com", "body": "Where is my order?"}) as r:
            made = await r.json()
        async with s.post(sandbox.url + "/_sandbox/customer_message",
                          json={"email": "tom.okafor@example.com", "body": "Hello"}) as r:
            other_user = str((await r.json())["user_id"])
    tid, maya = str(made["ticket_id"]), str(made["user_id"])

    before = calls(sandbox.app)
    right = await zd.get_ticket(tid, requester_hint=maya)
    assert delta(sandbox, before).get("GET /api/v2/users/{id}/identities.json") == 1
    assert right.requester.verified_emails == ("maya.lindqvist@example.com",)

    before = calls(sandbox.app)
    wrong = await zd.get_ticket(tid, requester_hint=other_user)  # a stale or hostile hint
    assert delta(sandbox, before).get("GET /api/v2/users/{id}/identities.json") == 2
    assert wrong.requester.verified_emails == ("maya.lindqvist@example.com",)
    assert wrong.requester.id == maya

    for junk in ("999999999", "abc", ""):
        again = await zd.get_ticket(tid, requester_hint=junk)
        assert again.requester.verified_emails == ("maya.lindqvist@example.com",)
