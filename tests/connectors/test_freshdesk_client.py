"""Freshdesk API client over real HTTP to the sandbox: auth, errors, 429, 5xx, bad JSON, paging."""

from __future__ import annotations

import aiohttp
import pytest

from connectors.errors import AuthError, BadResponseError, NotFoundError, RateLimitedError, TransientError, ValidationError
from connectors.freshdesk_client import FreshdeskClient, api_root, error_detail, has_next_page, numeric_id
from connectors.http import NO_RETRY, RetryPolicy
from connectors.sandbox.freshdesk_server import start_freshdesk
from connectors.sandbox.server import add_fault, calls

KEY = "client-test-key-3c1e"
FAST_RETRY = RetryPolicy(attempts=3, backoff=0.001, max_backoff=0.002, retry_after_cap=1.0)


@pytest.fixture
async def server():
    srv = await start_freshdesk(api_key=KEY, rate_limit_per_minute=1000)
    yield srv
    await srv.close()


@pytest.fixture
async def session():
    async with aiohttp.ClientSession() as s:
        yield s


def client(session, server, *, key=KEY, retry=NO_RETRY, **kw):
    return FreshdeskClient(session, base_url=server.url, api_key=key, retry=retry, **kw)


def test_api_root_and_ids():
    assert api_root("https://acme.freshdesk.com/") == "https://acme.freshdesk.com/api/v2"
    assert api_root("http://127.0.0.1:9/api/v2") == "http://127.0.0.1:9/api/v2"
    assert numeric_id(" 42 ") == "42"
    for bad in ("../agents", "4 2", "", "1e3", "12/notes"):
        with pytest.raises(ValidationError):
            numeric_id(bad)


def test_error_detail_reads_both_shapes():
    validation = {"description": "Validation failed",
                  "errors": [{"field": "priority", "message": "It should be one of 1,2,3,4", "code": "invalid_value"},
                             {"field": "subject", "message": "Mandatory attribute missing", "code": "missing_field"}]}
    text = error_detail(validation)
    assert text.startswith("Validation failed")
    assert "priority: It should be one of 1,2,3,4 (invalid_value)" in text
    assert "subject: Mandatory attribute missing (missing_field)" in text
    assert error_detail({"code": "access_denied", "message": "You are not authorized"}) == (
        "You are not authorized; code access_denied"
    )
    assert error_detail([1, 2]) == "" and error_detail(None) == ""


def test_link_header_next():
    assert has_next_page({"Link": '<https://x/api/v2/tickets?page=2>; rel="next"'})
    assert not has_next_page({"Link": ""}) and not has_next_page({})


async def test_wrong_key_is_auth_error_with_vendor_message(session, server):
    with pytest.raises(AuthError) as info:
        await client(session, server, key="wrong").me()
    assert info.value.status == 401
    assert "check the API key" in str(info.value)
    assert "wrong" not in str(info.value)


async def test_missing_ticket_is_not_found(session, server):
    with pytest.raises(NotFoundError) as info:
        await client(session, server).ticket("999999")
    assert info.value.status == 404


async def test_429_carries_retry_after_and_is_not_retried_beyond_the_cap(session, server):
    add_fault(server.app, path_prefix="/api/v2/tickets", status=429, retry_after="42", count=None)
    with pytest.raises(RateLimitedError) as info:
        await client(session, server, retry=FAST_RETRY).ticket("1001")
    assert info.value.retry_after == 42.0 and info.value.retryable
    assert calls(server.app)["GET /api/v2/tickets/{id}"] == 1


async def test_short_retry_after_on_a_read_is_retried(session, server):
    add_fault(server.app, path_prefix="/api/v2/groups", status=429, retry_after="0", count=1)
    groups = await client(session, server, retry=FAST_RETRY).groups()
    assert len(groups) == 8
    assert calls(server.app)["GET /api/v2/groups"] == 2


async def test_5xx_is_transient(session, server):
    add_fault(server.app, path_prefix="/api/v2/agents/me", status=503, count=None)
    with pytest.raises(TransientError) as info:
        await client(session, server).me()
    assert info.value.status == 503


async def test_5xx_on_a_write_is_never_retried(session, server):
    add_fault(server.app, path_prefix="/api/v2/tickets", status=502, count=1, method="POST")
    with pytest.raises(TransientError):
        await client(session, server, retry=FAST_RETRY).create_ticket({"subject": "x"})
    assert calls(server.app)["POST /api/v2/tickets"] == 1


async def test_bad_json_is_bad_response(session, server):
    add_fault(server.app, path_prefix="/api/v2/agents/me", bad_json=True, count=1)
    with pytest.raises(BadResponseError):
        await client(session, server).me()


async def test_timeout_is_transient(session, server):
    add_fault(server.app, path_prefix="/api/v2/agents/me", delay_ms=400, count=1)
    with pytest.raises(TransientError):
        await client(session, server, timeout=0.05).me()


async def test_validation_error_names_field_and_code(session, server):
    c = client(session, server)
    with pytest.raises(ValidationError) as info:
        await c.create_ticket({"requester_id": 1, "subject": "Hello", "description": "<div>x</div>", "priority": 9})
    text = str(info.value)
    assert "Validation failed" in text and "(invalid_value)" in text
    with pytest.raises(ValidationError) as info:
        await c.create_ticket({"subject": "Hello", "description": "<div>x</div>", "email": "a@example.com",
                               "custom_fields": {"cf_unknown": "1"}})
    assert "cf_unknown: Unexpected/invalid field in request (invalid_field)" in str(info.value)


async def test_rate_limit_remaining_is_exposed(session, server):
    c = client(session, server)
    assert c.rate_limit_remaining is None
    await c.me()
    first = c.rate_limit_remaining
    await c.me()
    assert first is not None and c.rate_limit_remaining == first - 1


async def test_sandbox_rate_limit_answers_429_with_its_own_retry_after(session):
    srv = await start_freshdesk(api_key=KEY, rate_limit_per_minute=2)
    try:
        c = FreshdeskClient(session, base_url=srv.url, api_key=KEY, retry=NO_RETRY)
        await c.me()
        await c.me()
        assert c.rate_limit_remaining == 0
        with pytest.raises(RateLimitedError) as info:
            await c.me()
        assert info.value.retry_after is not None and 0 < info.value.retry_after <= 60
    finally:
        await srv.close()


async def test_paging_follows_link_next(session, server):
    c = client(session, server, per_page=3)
    groups = await c.groups()
    assert [g["name"] for g in groups][:2] == ["exchanges", "cancellations"] and len(groups) == 8
    assert calls(server.app)["GET /api/v2/groups"] == 3


async def test_note_always_sends_private_true_and_reply_sends_user_id(session, server):
    c = client(session, server)
    async with session.post(server.url + "/_sandbox/customer_message",
                            json={"email": "maya.lindqvist@example.com", "body": "Hello"}) as resp:
        tid = (await resp.json())["ticket_id"]
    agents = await c.get_all("agents")
    alex = next(a["id"] for a in agents if a["contact"]["name"] == "Alex Rivera")
    await c.note(tid, "<div>draft</div>")
    await c.reply(tid, "<div>answer</div>", user_id=str(alex))
    async with session.get(server.url + "/_sandbox/writes") as resp:
        writes = await resp.json()
    assert writes[-2]["body"] == {"body": "<div>draft</div>", "private": True}
    assert writes[-1]["body"] == {"body": "<div>answer</div>", "user_id": alex}
