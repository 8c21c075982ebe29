"""One conformance battery run against every help-desk adapter over real HTTP to its sandbox."""

import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

import aiohttp
import pytest

from connectors.base import HelpDeskWrite
from connectors.errors import AuthError, BadResponseError, ForgedWebhookError, NotFoundError, RateLimitedError
from connectors.sandbox.server import add_fault

from bot.outbox import OutboxItem, OutboxRelay, enqueue
from bot.state import State

SECRET = "conformance-secret-0123456789abcdef"


@dataclass
class Rig:
    """A running sandbox, a working adapter, a broken-credentials adapter and a signer."""

    desk: Any
    bad: Any
    server: Any
    ticket_id: str
    signed: Callable[[bytes], dict]


async def zendesk_rig(session):
    from connectors.sandbox.zendesk_server import start_zendesk
    from connectors.zendesk import Zendesk
    from connectors.zendesk_webhook import sign

    server = await start_zendesk(email="bot@example.org", api_token="tok")
    desk = Zendesk(base_url=server.url, email="bot@example.org", api_token="tok", webhook_secrets=(SECRET,))
    bad = Zendesk(base_url=server.url, email="bot@example.org", api_token="wrong", webhook_secrets=(SECRET,))

    def signed(body):
        ts = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {"x-zendesk-webhook-signature": sign(SECRET, ts, body), "x-zendesk-webhook-signature-timestamp": ts,
                "content-type": "application/json"}
    return server, desk, bad, signed


async def freshdesk_rig(session):
    from connectors.freshdesk import Freshdesk
    from connectors.sandbox.freshdesk_server import start_freshdesk

    server = await start_freshdesk(api_key="key")
    desk = Freshdesk(session, base_url=server.url, api_key="key", webhook_secrets=(SECRET,))
    bad = Freshdesk(session, base_url=server.url, api_key="wrong", webhook_secrets=(SECRET,))
    return server, desk, bad, lambda body: {"x-deskhand-secret": SECRET, "content-type": "application/json"}


@pytest.fixture(params=[zendesk_rig, freshdesk_rig], ids=["zendesk", "freshdesk"])
async def rig(request):
    async with aiohttp.ClientSession() as session:
        server, desk, bad, signed = await request.param(session)
        async with session.post(f"{server.url}/_sandbox/customer_message",
                                json={"email": "maya.lindqvist@example.com", "body": "Where is my order?"}) as resp:
            ticket_id = str((await resp.json())["ticket_id"])
        yield Rig(desk, bad, server, ticket_id, signed)
        await server.close()


def fault(rig, **spec):
    add_fault(rig.server.app, **{"path_prefix": "/api/v2/tickets", **spec})


async def test_reads_a_ticket(rig):
    ticket = await rig.desk.get_ticket(rig.ticket_id)
    assert ticket.id == rig.ticket_id and ticket.requester.verified_emails == ("maya.lindqvist@example.com",)


async def test_auth_failure(rig):
    with pytest.raises(AuthError):
        await rig.bad.check()


async def test_not_found(rig):
    with pytest.raises(NotFoundError):
        await rig.desk.get_ticket("987654")


async def test_rate_limit_carries_retry_after(rig):
    fault(rig, method="GET", status=429, retry_after="30", count=None)
    with pytest.raises(RateLimitedError) as err:
        await rig.desk.get_ticket(rig.ticket_id)
    assert err.value.retry_after == 30


async def test_bad_json_is_a_bad_response(rig):
    fault(rig, method="GET", bad_json=True, count=None)
    with pytest.raises(BadResponseError):
        await rig.desk.get_ticket(rig.ticket_id)


async def test_5xx_on_a_write_is_retried_by_the_outbox_without_duplicates(rig, tmp_path):
    now = [time.time()]
    state = State.open(tmp_path / "s.db", clock=lambda: now[0])
    key = f"conformance:{rig.ticket_id}:note"
    with state.write() as db:
        enqueue(db, OutboxItem(key, rig.desk.kind, rig.ticket_id,
                               HelpDeskWrite(kind="note", idempotency_key=key, body="conformance note")), None, now[0])
    fault(rig, method=None, status=503, count=1, path_prefix=f"/api/v2/tickets/{rig.ticket_id}")
    relay = OutboxRelay(state, rig.desk, base_delay=1, max_delay=1)
    for _ in range(4):
        await relay.send_due()
        now[0] += 5
    assert state.query("SELECT status FROM outbox")[0]["status"] == "done"
    ticket = await rig.desk.get_ticket(rig.ticket_id)
    assert sum("conformance note" in m.body for m in ticket.messages) == 1


async def test_duplicate_webhook_has_the_same_dedupe_key(rig):
    body = json.dumps({"ticket_id": rig.ticket_id, "event": "message", "updated_at": "2026-11-20T10:00:00Z"}).encode()
    first = rig.desk.parse_webhook(rig.signed(body), body)
    second = rig.desk.parse_webhook(rig.signed(body), body)
    assert first.ticket_id == rig.ticket_id and first.kind == "message"
    assert first.dedupe_key == second.dedupe_key


async def test_forged_webhook_is_refused(rig):
    body = json.dumps({"ticket_id": rig.ticket_id, "event": "message"}).encode()
    headers = {k: (v[:-2] + "xx" if k != "content-type" else v) for k, v in rig.signed(body).items()}
    with pytest.raises(ForgedWebhookError):
        rig.desk.parse_webhook(headers, body)
    with pytest.raises(ForgedWebhookError):
        rig.desk.parse_webhook({"content-type": "application/json"}, body)
