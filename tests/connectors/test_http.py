"""The shared transport over real HTTP: error mapping, Retry-After, jittered retries for reads only."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import aiohttp
import pytest
from aiohttp import web

from connectors.errors import (
    AuthError,
    BadResponseError,
    ConnectorError,
    NotFoundError,
    RateLimitedError,
    TransientError,
    ValidationError,
)
from connectors.http import MAX_RETRY_AFTER, HttpTransport, RetryPolicy, parse_retry_after
from connectors.sandbox.server import add_fault, calls, install_sandbox_controls, start_app


async def _ok(request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "q": dict(request.query), "auth": request.headers.get("Authorization", "")},
                             headers={"X-WP-Total": "7"})


async def _status(request: web.Request) -> web.Response:
    code = int(request.match_info["code"])
    return web.json_response({"code": f"err_{code}", "message": "Consumer secret is invalid.", "data": {"status": code}},
                             status=code)


async def _echo(request: web.Request) -> web.Response:
    return web.json_response(await request.json(), status=201)


async def _empty(request: web.Request) -> web.Response:
    return web.Response(status=204)


async def _redirect(request: web.Request) -> web.Response:
    raise web.HTTPFound("/api/ok")


@pytest.fixture
async def server():
    app = web.Application()
    install_sandbox_controls(app)
    app.router.add_get("/api/ok", _ok)
    app.router.add_get("/api/status/{code}", _status)
    app.router.add_post("/api/echo", _echo)
    app.router.add_get("/api/empty", _empty)
    app.router.add_get("/api/redirect", _redirect)
    srv = await start_app(app)
    yield srv
    await srv.close()


class Sleeps:
    """Records requested waits instead of sleeping (no wall-clock in tests)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
async def session():
    async with aiohttp.ClientSession() as s:
        yield s


def transport(session, server, sleeps=None, **kw) -> HttpTransport:
    kw.setdefault("retry", RetryPolicy(attempts=4, backoff=0.2, max_backoff=1.0, retry_after_cap=5.0))
    return HttpTransport(session, vendor="testvendor", base_url=server.url + "/api", sleep=sleeps or Sleeps(), **kw)


async def test_get_json_with_params_auth_and_headers(server, session):
    t = transport(session, server, auth=("user", "pw"), params={"fixed": "1"})
    resp = await t.get("ok", {"page": 2})
    assert resp.status == 200 and resp.data["ok"] is True
    assert resp.data["q"] == {"fixed": "1", "page": "2"}
    assert resp.data["auth"] == "Basic dXNlcjpwdw=="
    assert resp.header_int("X-WP-Total") == 7 and resp.header_int("X-Missing", 3) == 3


async def test_429_with_retry_after_is_retried_then_succeeds(server, session):
    add_fault(server.app, path_prefix="/api/ok", status=429, retry_after="2", count=2)
    sleeps = Sleeps()
    resp = await transport(session, server, sleeps).get("ok")
    assert resp.data["ok"] is True
    assert calls(server.app)["GET /api/ok"] == 3
    # Retry-After honoured (plus at most 10 % jitter), twice.
    assert len(sleeps.waits) == 2 and all(2.0 <= w <= 2.2 for w in sleeps.waits)


async def test_5xx_retried_with_full_jitter_backoff(server, session):
    add_fault(server.app, path_prefix="/api/ok", status=503, count=2)
    add_fault(server.app, path_prefix="/api/ok", status=500, count=1)
    sleeps = Sleeps()
    resp = await transport(session, server, sleeps).get("ok")
    assert resp.status == 200 and calls(server.app)["GET /api/ok"] == 4
    # Full jitter: each wait drawn from [0, min(max_backoff, backoff * 2**n)].
    ceilings = [0.2, 0.4, 0.8]
    assert len(sleeps.waits) == 3 and all(0 <= w <= c for w, c in zip(sleeps.waits, ceilings))


async def test_retries_are_bounded_and_the_last_error_surfaces(server, session):
    add_fault(server.app, path_prefix="/api/ok", status=502, count=None)
    with pytest.raises(TransientError) as info:
        await transport(session, server).get("ok")
    assert info.value.status == 502 and info.value.vendor == "testvendor"
    assert calls(server.app)["GET /api/ok"] == 4


async def test_long_retry_after_is_left_to_the_caller(server, session):
    add_fault(server.app, path_prefix="/api/ok", status=429, retry_after="86400", count=1)
    sleeps = Sleeps()
    with pytest.raises(RateLimitedError) as info:
        await transport(session, server, sleeps).get("ok")
    assert info.value.retry_after == MAX_RETRY_AFTER and info.value.retryable
    assert sleeps.waits == [] and calls(server.app)["GET /api/ok"] == 1


async def test_429_without_retry_after_backs_off_exponentially(server, session):
    add_fault(server.app, path_prefix="/api/ok", status=429, count=1)
    sleeps = Sleeps()
    assert (await transport(session, server, sleeps).get("ok")).status == 200
    assert len(sleeps.waits) == 1 and 0 <= sleeps.waits[0] <= 0.2


async def test_writes_are_not_retried(server, session):
    add_fault(server.app, path_prefix="/api/echo", status=503, count=1)
    t = transport(session, server)
    with pytest.raises(TransientError):
        await t.request("POST", "echo", json_body={"a": 1})
    assert calls(server.app)["POST /api/echo"] == 1
    assert (await t.request("POST", "echo", json_body={"a": 1})).data == {"a": 1}


async def test_keyed_write_may_opt_into_retries(server, session):
    add_fault(server.app, path_prefix="/api/echo", status=503, count=1)
    resp = await transport(session, server).request("POST", "echo", json_body={"k": 2}, idempotent=True)
    assert resp.status == 201 and calls(server.app)["POST /api/echo"] == 2


async def test_read_only_transport_refuses_writes_before_sending(server, session):
    t = transport(session, server, read_only=True)
    with pytest.raises(ConnectorError):
        await t.request("POST", "echo", json_body={})
    assert "POST /api/echo" not in calls(server.app)


@pytest.mark.parametrize(
    ("code", "error"),
    [(401, AuthError), (403, AuthError), (404, NotFoundError), (410, NotFoundError), (400, ValidationError),
     (422, ValidationError), (405, ConnectorError)],
)
async def test_status_codes_map_once_to_the_error_tree(server, session, code, error):
    with pytest.raises(error) as info:
        await transport(session, server).get(f"status/{code}")
    assert type(info.value) is error and info.value.status == code
    assert info.value.vendor_code == f"err_{code}"
    assert calls(server.app)["GET /api/status/{code}"] == 1  # no retry for 4xx


async def test_auth_error_carries_vendor_message_but_no_credentials(server, session):
    t = transport(session, server, params={"consumer_key": "ck_abc", "consumer_secret": "cs_topsecret"})
    with pytest.raises(AuthError) as info:
        await t.get("status/401")
    assert info.value.vendor_message == "Consumer secret is invalid."
    assert "cs_topsecret" not in str(info.value) and "ck_abc" not in str(info.value)


async def test_bad_json_is_bad_response(server, session):
    add_fault(server.app, path_prefix="/api/ok", bad_json=True, count=1)
    with pytest.raises(BadResponseError):
        await transport(session, server).get("ok")


async def test_empty_body_is_none(server, session):
    assert (await transport(session, server).get("empty")).data is None


async def test_redirect_is_not_followed(server, session):
    with pytest.raises(BadResponseError):
        await transport(session, server).get("redirect")


async def test_timeout_is_transient(server, session):
    add_fault(server.app, path_prefix="/api/ok", delay_ms=300, count=None)
    t = transport(session, server, timeout=0.05, retry=RetryPolicy(attempts=2, backoff=0.01))
    with pytest.raises(TransientError) as info:
        await t.get("ok")
    assert "timed out" in str(info.value)
    assert isinstance(info.value.__cause__, TimeoutError)


async def test_connection_refused_is_transient(session):
    free = await start_app(web.Application())
    url = free.url
    await free.close()
    t = HttpTransport(session, vendor="v", base_url=url, retry=RetryPolicy(attempts=2), sleep=Sleeps())
    with pytest.raises(TransientError) as info:
        await t.get("anything")
    assert isinstance(info.value.__cause__, aiohttp.ClientConnectionError)


def test_parse_retry_after_forms():
    now = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now=now) == 30.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now=now) == 0.0
    assert parse_retry_after("86400") == MAX_RETRY_AFTER
    for junk in (None, "", "soon", "nan", "Fri, 99 Foo 2026"):
        assert parse_retry_after(junk) is None
