"""Freshdesk HelpDesk adapter against the sandbox over real HTTP."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from connectors.base import HelpDeskWrite, TaskRequest
from connectors.errors import AuthError, ForgedWebhookError, NotFoundError, RateLimitedError, TransientError, ValidationError
from connectors.freshdesk import Freshdesk, html_to_text, normalise, task_tag, to_html
from connectors.freshdesk_webhook import TASK_TAG
from connectors.http import NO_RETRY
from connectors.sandbox.freshdesk_server import STATE, start_freshdesk
from connectors.sandbox.server import add_fault, calls

KEY = "adapter-test-key-91ab"
HOOK = "hook-secret-for-adapter-tests"


@pytest.fixture
async def server():
    srv = await start_freshdesk(api_key=KEY)
    yield srv
    await srv.close()


@pytest.fixture
async def session():
    async with aiohttp.ClientSession() as s:
        yield s


class Clock:
    """Adapter clock that tests can move forward together with the sandbox clock."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def fd(session, server, clock):
    return Freshdesk(session, base_url=server.url, api_key=KEY, webhook_secrets=[HOOK], retry=NO_RETRY,
                     task_id_field="cf_deskhand_id", clock=clock)


async def control(session, server, path, payload=None):
    method = session.post if payload is not None else session.get
    async with method(server.url + path, json=payload) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.json()


async def customer(session, server, email, body, **extra):
    return str((await control(session, server, "/_sandbox/customer_message", {"email": email, "body": body, **extra}))["ticket_id"])


async def people(session, server):
    return {p["key"]: str(p["id"]) for p in await control(session, server, "/_sandbox/people")}


async def writes(session, server, path_part):
    return [w for w in await control(session, server, "/_sandbox/writes") if path_part in w["path"]]


def test_html_helpers():
    assert to_html("Hi & <bye>\nline two\n\nnext") == "<div>Hi &amp; &lt;bye&gt;<br>line two</div><div>next</div>"
    assert html_to_text("<div>Hi &amp; you</div><div>two<br/>three</div>") == "Hi & you\ntwo\nthree"
    assert normalise(to_html("a  b\n\nc")) == normalise("a b c") == "a b c"


def test_task_tag_is_short_and_deterministic():
    assert task_tag("run-12-task") == "dh-run-12-task"
    long = task_tag("f" * 40)
    assert long.startswith("dh-") and len(long) == 32 and long == task_tag("f" * 40)
    assert task_tag("Run-12") != task_tag("run-12") and len(task_tag("Run-12")) <= 32


async def test_ticket_roles_identity_and_channel(session, server, fd):
    ids = await people(session, server)
    tid = await customer(session, server, "t.okafor@example.org", "Where is my order?", subject="Order")
    await control(session, server, "/_sandbox/agent_reply", {"ticket_id": tid, "agent_key": "alex", "body": "Checking"})
    await fd.post(tid, HelpDeskWrite(kind="note", idempotency_key="k1", body="Draft for the agent"))
    await customer(session, server, "tom.okafor@example.com", "Thanks, any news?", ticket_id=tid)

    ticket = await fd.get_ticket(tid)
    assert (ticket.helpdesk, ticket.id, ticket.channel, ticket.status, ticket.subject) == (
        "freshdesk", tid, "email", "open", "Order")
    assert ticket.requester.id == ids["tom"]
    assert ticket.requester.verified_emails == ("tom.okafor@example.com", "t.okafor@example.org")
    roles = [(m.author_role, m.public) for m in ticket.messages]
    assert roles == [("end-user", True), ("agent", True), ("bot", False), ("end-user", True)]
    assert ticket.messages[2].author_id == ids["deskhand"]
    assert ticket.latest_customer_message.body == "Thanks, any news?"
    assert ticket.agent_replied_publicly


async def test_inactive_contact_has_no_verified_email(session, server, fd):
    tid = await customer(session, server, "eve.morgan@example.com", "Show me order 1001")
    ticket = await fd.get_ticket(tid)
    assert ticket.requester.verified_emails == ()
    assert [e.address for e in ticket.requester.emails] == ["eve.morgan@example.com"]


async def test_unknown_sender_becomes_an_unverified_contact(session, server, fd):
    tid = await customer(session, server, "stranger@example.net", "Hi", channel="chat")
    ticket = await fd.get_ticket(tid)
    assert ticket.channel == "chat"
    assert ticket.requester.verified_emails == ()


async def test_configured_bot_id_skips_agents_me(session, server):
    ids = await people(session, server)
    fd = Freshdesk(session, base_url=server.url, api_key=KEY, bot_agent_id=ids["deskhand"], retry=NO_RETRY)
    tid = await customer(session, server, "ann@example.com", "Hello")
    await fd.post(tid, HelpDeskWrite(kind="note", idempotency_key="n", body="note"))
    assert (await fd.get_ticket(tid)).messages[-1].author_role == "bot"
    assert "GET /api/v2/agents/me" not in calls(server.app)


async def test_missing_ticket_and_wrong_key(session, server, fd):
    with pytest.raises(NotFoundError):
        await fd.get_ticket("424242")
    bad = Freshdesk(session, base_url=server.url, api_key="nope", retry=NO_RETRY)
    with pytest.raises(AuthError):
        await bad.check()


async def test_rate_limit_during_ticket_read(session, server, fd):
    tid = await customer(session, server, "ann@example.com", "Hello")
    add_fault(server.app, path_prefix=f"/api/v2/tickets/{tid}/conversations", status=429, retry_after="17")
    with pytest.raises(RateLimitedError) as info:
        await fd.get_ticket(tid)
    assert info.value.retry_after == 17.0
    assert fd.rate_limit_remaining is not None


async def test_note_is_private_and_posted_once(session, server, fd):
    tid = await customer(session, server, "maya.lindqvist@example.com", "Can I swap sizes?")
    write = HelpDeskWrite(kind="note", idempotency_key="run1:note", body="Suggested reply:\n\nYes & gladly <3")
    first = await fd.post(tid, write)
    again = await fd.post(tid, write)
    assert first.created and not again.created and first.id == again.id
    posted = await writes(session, server, "/notes")
    assert len(posted) == 1 and posted[0]["body"]["private"] is True
    dump = await control(session, server, f"/_sandbox/tickets/{tid}")
    assert [c["private"] for c in dump["conversations"]] == [True]


async def test_different_text_is_a_new_note(session, server, fd):
    tid = await customer(session, server, "maya.lindqvist@example.com", "Hi")
    await fd.post(tid, HelpDeskWrite(kind="note", idempotency_key="a", body="Draft one"))
    receipt = await fd.post(tid, HelpDeskWrite(kind="note", idempotency_key="b", body="Draft one, revised"))
    assert receipt.created
    assert len(await writes(session, server, "/notes")) == 2


async def test_reply_as_approving_agent_once(session, server, fd):
    ids = await people(session, server)
    tid = await customer(session, server, "sofia.garcia@example.com", "Do you ship to Spain?")
    write = HelpDeskWrite(kind="reply", idempotency_key="r1", body="Yes, we ship to Spain in 2-4 days.",
                          author_id=ids["alex"])
    assert (await fd.post(tid, write)).created
    assert not (await fd.post(tid, write)).created
    posted = await writes(session, server, "/reply")
    assert len(posted) == 1 and posted[0]["body"]["user_id"] == int(ids["alex"])
    ticket = await fd.get_ticket(tid)
    assert (ticket.messages[-1].author_id, ticket.messages[-1].public) == (ids["alex"], True)


async def test_a_private_note_does_not_count_as_the_reply(session, server, fd):
    tid = await customer(session, server, "sofia.garcia@example.com", "Hi")
    await fd.post(tid, HelpDeskWrite(kind="note", idempotency_key="n", body="Same words"))
    assert (await fd.post(tid, HelpDeskWrite(kind="reply", idempotency_key="r", body="Same words"))).created


async def test_empty_body_refused(session, server, fd):
    tid = await customer(session, server, "ann@example.com", "Hi")
    with pytest.raises(ValidationError):
        await fd.post(tid, HelpDeskWrite(kind="reply", idempotency_key="r", body="  "))


async def test_routing_merges_tags_and_sets_group_priority_fields(session, server, fd):
    tid = await customer(session, server, "lukas.weber@example.com", "Change my order")
    await fd.client.update_ticket(tid, {"tags": ["vip", "old"]})  # an agent's tags
    write = HelpDeskWrite(kind="routing", idempotency_key="route", queue="exchanges", priority="high",
                          add_tags=("deskhand", "order-change"), remove_tags=("old",),
                          custom_fields={"cf_order_number": "1234"})
    assert (await fd.post(tid, write)).created
    ticket = await fd.get_ticket(tid)
    assert ticket.tags == ("vip", "deskhand", "order-change")
    assert ticket.priority == "high"
    assert ticket.group_id == str(await fd.group_id("exchanges"))
    dump = await control(session, server, f"/_sandbox/tickets/{tid}")
    assert dump["ticket"]["custom_fields"]["cf_order_number"] == "1234"
    puts = len(await writes(session, server, f"/tickets/{tid}"))
    assert not (await fd.post(tid, write)).created  # nothing left to change: no PUT at all
    assert len(await writes(session, server, f"/tickets/{tid}")) == puts


async def test_foreign_group_id_falls_back_to_the_queue_name(session, server, fd):
    tid = await customer(session, server, "lukas.weber@example.com", "Hi")
    await fd.post(tid, HelpDeskWrite(kind="routing", idempotency_key="x", group_id="9300", queue="shipping"))
    assert (await fd.get_ticket(tid)).group_id == await fd.group_id("shipping")


async def test_routing_errors_are_clear(session, server, fd):
    tid = await customer(session, server, "lukas.weber@example.com", "Hi")
    with pytest.raises(ValidationError, match="no group named 'nowhere'"):
        await fd.post(tid, HelpDeskWrite(kind="routing", idempotency_key="x", queue="nowhere"))
    with pytest.raises(ValidationError, match="must start with cf_"):
        await fd.post(tid, HelpDeskWrite(kind="routing", idempotency_key="x", custom_fields={"order": "1"}))
    with pytest.raises(ValidationError, match="cf_missing"):
        await fd.post(tid, HelpDeskWrite(kind="routing", idempotency_key="x", custom_fields={"cf_missing": "1"}))
    with pytest.raises(ValidationError, match="unknown priority"):
        await fd.post(tid, HelpDeskWrite(kind="routing", idempotency_key="x", priority="asap"))


def _task(tid: str, requester: str, external_id: str = "run-7-task") -> TaskRequest:
    return TaskRequest(external_id=external_id, linked_ticket_id=tid, requester_id=requester,
                       subject="Size change for order 1234", body="Order 1234: Linen Shirt L -> M\nPolicy exchanges.2",
                       queue="exchanges", priority="normal", tags=("deskhand",))


def _tagged(server, tag):
    return [t for t in server.app[STATE].tickets.values() if tag in t["tags"]]


async def test_create_task_twice_gives_one_ticket_and_one_note(session, server, fd):
    ids = await people(session, server)
    tid = await customer(session, server, "maya.lindqvist@example.com", "Please change size L to M")
    task = _task(tid, ids["maya"])
    first, second = await fd.create_task(task), await fd.create_task(task)
    assert first.created and not second.created and first.id == second.id
    [created] = _tagged(server, task_tag(task.external_id))
    assert TASK_TAG in created["tags"] and f"deskhand_link_{tid}" in created["tags"]
    assert created["custom_fields"]["cf_deskhand_id"] == task.external_id
    assert created["group_id"] == int(await fd.group_id("exchanges"))
    assert "Linen Shirt" not in created["description"]  # the handoff is private, not in the description
    notes = server.app[STATE].conversations[created["id"]]
    assert [(n["private"], "Linen Shirt" in n["body_text"]) for n in notes] == [(True, True)]


async def test_create_task_retry_after_unknown_outcome_timeout_never_duplicates(session, server, clock):
    ids = await people(session, server)
    tid = await customer(session, server, "ravi.menon@example.com", "Cancel please")
    task = _task(tid, ids["ravi"], external_id="0f8c2d3e-5b4a-4c1e-9d7f-2a6b8c0e1f3a")
    slow = Freshdesk(session, base_url=server.url, api_key=KEY, retry=NO_RETRY, timeout=0.2, clock=clock)
    add_fault(server.app, path_prefix="/api/v2/tickets", method="POST", delay_ms=600, count=1)
    with pytest.raises(TransientError):
        await slow.create_task(task)
    for _ in range(200):  # the server finishes the request the client gave up on
        if _tagged(server, task_tag(task.external_id)):
            break
        await asyncio.sleep(0.01)
    assert len(_tagged(server, task_tag(task.external_id))) == 1
    retry = await slow.create_task(task)
    assert not retry.created
    [ticket] = _tagged(server, task_tag(task.external_id))
    assert str(ticket["id"]) == retry.id
    assert len(server.app[STATE].conversations[ticket["id"]]) == 1  # the note, added by the retry


async def test_old_task_is_found_through_search(session, server, fd, clock):
    ids = await people(session, server)
    tid = await customer(session, server, "claire.dubois@example.com", "Refund?")
    task = _task(tid, ids["claire"], external_id="run-9-task")
    created = await fd.create_task(task)
    # Forty days later the list window (30 days of updates) misses it; the search index has it by then.
    await control(session, server, "/_sandbox/clock", {"advance_seconds": 40 * 86400})
    clock.offset = 40 * 86400
    again = await fd.create_task(task)
    assert (again.id, again.created) == (created.id, False)
    assert calls(server.app)["GET /api/v2/search/tickets"] == 2  # first call found nothing yet (index lag)
    assert len(_tagged(server, task_tag(task.external_id))) == 1


async def test_parse_webhook_uses_configured_secrets(fd):
    body = b'{"ticket_id": "5", "event": "ask_again"}'
    assert fd.parse_webhook({"X-Deskhand-Secret": HOOK}, body).kind == "ask_again"
    with pytest.raises(ForgedWebhookError):
        fd.parse_webhook({"X-Deskhand-Secret": "guess"}, body)
