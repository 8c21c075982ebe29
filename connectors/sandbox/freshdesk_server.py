"""Sandbox Freshdesk (API v2 subset) on 127.0.0.1, with emulated automation-rule webhooks."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
import time
from typing import Any, Callable

from aiohttp import web

from connectors.freshdesk_webhook import TASK_TAG
from connectors.sandbox import freshdesk_automation as automation
from connectors.sandbox.freshdesk_state import FreshdeskState, SandboxInvalid, iso
from connectors.sandbox.server import SandboxServer, install_sandbox_controls, sandbox_middleware, start_app

STATE = web.AppKey("freshdesk_state", FreshdeskState)
CONFIG = web.AppKey("freshdesk_config", dict)
_SEARCH_TAG = re.compile(r"^\"?tag:'([^']{1,64})'\"?$")
_DEFAULT_WINDOW_DAYS = 30


def _error(status: int, code: str, message: str) -> dict[str, Any]:
    return {"code": code, "message": message}


def invalid(err: SandboxInvalid) -> web.Response:
    return web.json_response({"description": "Validation failed", "errors": err.errors}, status=400)


def not_found() -> web.Response:
    return web.json_response(_error(404, "not_found", "The requested resource does not exist."), status=404)


def as_int(value: Any) -> int | None:
    return int(value) if isinstance(value, (str, int)) and str(value).isdigit() else None


async def read_json(request: web.Request) -> dict[str, Any]:
    try:
        data = json.loads(await request.read() or b"{}")
    except ValueError:
        raise SandboxInvalid("body", "Request body is not valid JSON", "invalid_json") from None
    if not isinstance(data, dict):
        raise SandboxInvalid("body", "Request body must be a JSON object", "invalid_json")
    return data


# --------------------------------------------------------------------------- auth and rate limits


@web.middleware
async def _receive_body(request: web.Request, handler: Callable) -> web.StreamResponse:
    """Read the whole body first: an injected delay then models a request that arrived and is processed
    while the client gives up (the "unknown outcome" case)."""
    if request.method in ("POST", "PUT"):
        await request.read()
    return await handler(request)


@web.middleware
async def _api_guard(request: web.Request, handler: Callable) -> web.StreamResponse:
    """Basic auth (API key as user name) and a per-minute rate limit with Freshdesk's headers."""
    if not request.path.startswith("/api/v2/"):
        return await handler(request)
    config = request.app[CONFIG]
    user = ""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            user = base64.b64decode(token, validate=True).decode().partition(":")[0]
        except (binascii.Error, ValueError):
            user = ""
    if not hmac.compare_digest(user.encode(), config["api_key"].encode()):
        body = _error(401, "invalid_credentials", "Authentication failed: check the API key.")
        return web.json_response(body, status=401)
    now = request.app[STATE].clock()
    window = config["window"]
    if now - window["start"] >= 60:
        window.update(start=now, used=0)
    total = config["rate_limit_per_minute"]
    headers = {"X-Ratelimit-Total": str(total), "X-Ratelimit-Used-CurrentRequest": "1"}
    if window["used"] >= total:
        retry = max(1, int(60 - (now - window["start"])))
        headers.update({"Retry-After": str(retry), "X-Ratelimit-Remaining": "0"})
        return web.json_response(_error(429, "rate_limited", "Too many requests."), status=429, headers=headers)
    window["used"] += 1
    if request.method != "GET":
        # Tests read what the client really sent (e.g. that a note says "private": true).
        raw = await request.read()
        config["writes"].append({"method": request.method, "path": request.path, "body": _loads(raw)})
    response = await handler(request)
    response.headers.update(headers)
    response.headers["X-Ratelimit-Remaining"] = str(total - window["used"])
    return response


def _loads(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _page(request: web.Request, items: list[Any]) -> web.Response:
    """Freshdesk paging: page/per_page (max 100) and a Link rel="next" header when more remain."""
    page = max(1, as_int(request.query.get("page")) or 1)
    per_page = min(100, max(1, as_int(request.query.get("per_page")) or 30))
    chunk = items[(page - 1) * per_page: page * per_page]
    headers = {}
    if page * per_page < len(items):
        nxt = request.url.update_query(page=str(page + 1), per_page=str(per_page))
        headers["Link"] = f'<{nxt}>; rel="next"'
    return web.json_response(chunk, headers=headers)


# --------------------------------------------------------------------------- API handlers


async def me(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return web.json_response(state.agents[state.keys["deskhand"]])


async def list_agents(request: web.Request) -> web.Response:
    return _page(request, list(request.app[STATE].agents.values()))


async def show_agent(request: web.Request) -> web.Response:
    agent = request.app[STATE].agents.get(as_int(request.match_info["id"]) or -1)
    return web.json_response(agent) if agent else not_found()


async def list_contacts(request: web.Request) -> web.Response:
    state = request.app[STATE]
    contacts = list(state.contacts.values())
    if "email" in request.query:
        # Only the primary address: whether Freshdesk also matches other_emails is unconfirmed.
        wanted = request.query["email"].lower()
        contacts = [c for c in contacts if c["email"].lower() == wanted]
    return _page(request, contacts)


async def show_contact(request: web.Request) -> web.Response:
    contact = request.app[STATE].contacts.get(as_int(request.match_info["id"]) or -1)
    return web.json_response(contact) if contact else not_found()


async def list_groups(request: web.Request) -> web.Response:
    return _page(request, list(request.app[STATE].groups.values()))


async def list_tickets(request: web.Request) -> web.Response:
    state = request.app[STATE]
    q = request.query
    since = q.get("updated_since")
    floor = since or iso(state.clock() - _DEFAULT_WINDOW_DAYS * 86400)  # default window: 30 days
    items = [t for t in state.tickets.values() if (t["updated_at"] if since else t["created_at"]) >= floor]
    if "requester_id" in q:
        items = [t for t in items if str(t["requester_id"]) == q["requester_id"]]
    if "email" in q:
        contact = state.contact_by_email(q["email"])
        items = [t for t in items if contact and t["requester_id"] == contact["id"]]
    key = q.get("order_by", "created_at")
    key = key if key in ("created_at", "updated_at", "due_by", "status") else "created_at"
    items.sort(key=lambda t: (t[key], t["id"]), reverse=q.get("order_type", "desc") != "asc")
    return _page(request, [state.public(t) for t in items])


async def search_tickets(request: web.Request) -> web.Response:
    """Only `tag:'x'`; tickets become searchable search_lag_s after creation (index lag)."""
    state, config = request.app[STATE], request.app[CONFIG]
    match = _SEARCH_TAG.match(request.query.get("query", ""))
    if not match:
        return invalid(SandboxInvalid("query", "The sandbox only supports tag:'value' queries", "invalid_value"))
    tag, cutoff = match.group(1), state.clock() - config["search_lag_s"]
    hits = [state.public(t) for t in state.tickets.values() if tag in t["tags"] and t["_created_ts"] <= cutoff]
    return web.json_response({"total": len(hits), "results": hits[:30]})


async def show_ticket(request: web.Request) -> web.Response:
    state = request.app[STATE]
    ticket = state.ticket(as_int(request.match_info["id"]) or -1)
    return web.json_response(state.public(ticket)) if ticket else not_found()


async def create_ticket(request: web.Request) -> web.Response:
    state = request.app[STATE]
    try:
        fields = await read_json(request)
        state.check_ticket_fields(fields, creating=True)
    except SandboxInvalid as err:
        return invalid(err)
    ticket = state.create_ticket(fields)
    if TASK_TAG not in ticket["tags"]:
        automation.fire(request.app, "ticket_creation", ticket)
    return web.json_response(state.public(ticket), status=201)


async def update_ticket(request: web.Request) -> web.Response:
    state = request.app[STATE]
    ticket = state.ticket(as_int(request.match_info["id"]) or -1)
    if ticket is None:
        return not_found()
    try:
        fields = await read_json(request)
        state.check_ticket_fields(fields, creating=False)
    except SandboxInvalid as err:
        return invalid(err)
    for tag in state.update_ticket(ticket, fields):
        automation.fire_tag(request.app, ticket, tag)
    return web.json_response(state.public(ticket))


async def list_conversations(request: web.Request) -> web.Response:
    state = request.app[STATE]
    tid = as_int(request.match_info["id"]) or -1
    return _page(request, state.conversations[tid]) if tid in state.tickets else not_found()


async def _post_entry(request: web.Request, *, note: bool) -> web.Response:
    state = request.app[STATE]
    ticket = state.ticket(as_int(request.match_info["id"]) or -1)
    if ticket is None:
        return not_found()
    try:
        data = await read_json(request)
        body = data.get("body")
        if not isinstance(body, str) or not body.strip():
            raise SandboxInvalid("body", "It should be a/an String", "missing_field")
        private = data.get("private", True)  # Freshdesk's default for notes is private
        if note and not isinstance(private, bool):
            raise SandboxInvalid("private", "It should be a/an Boolean", "datatype_mismatch")
        user_id = state.agent_id(data["user_id"]) if "user_id" in data else state.keys["deskhand"]
    except SandboxInvalid as err:
        return invalid(err)
    entry = state.add_conversation(
        ticket, user_id=user_id, body_html=body, incoming=False, private=bool(private) if note else False,
        source=2 if note else 0,
    )
    return web.json_response(entry, status=201)


async def post_reply(request: web.Request) -> web.Response:
    return await _post_entry(request, note=False)


async def post_note(request: web.Request) -> web.Response:
    return await _post_entry(request, note=True)


def make_freshdesk_app(
    *,
    api_key: str,
    latency_ms: float = 0,
    deskhand_webhook_url: str | None = None,
    webhook_secret: str | None = None,
    clock: Callable[[], float] = time.time,
    search_lag_s: float = 120.0,
    rate_limit_per_minute: int = 400,
    delivery_attempts: int = 3,
    retry_delay_s: float = 0.05,
) -> web.Application:
    """The sandbox app; with deskhand_webhook_url set, the Deskhand automation rules are installed."""
    app = web.Application(middlewares=[_receive_body, sandbox_middleware, _api_guard])
    config: dict[str, Any] = {
        "api_key": api_key,
        "search_lag_s": search_lag_s, "rate_limit_per_minute": rate_limit_per_minute,
        "window": {"start": clock(), "used": 0}, "clock_offset": 0.0, "writes": [],
    }
    app[CONFIG] = config
    app[STATE] = FreshdeskState(clock=lambda: clock() + config["clock_offset"]).seed()
    automation.install(app, state=app[STATE], webhook_url=deskhand_webhook_url, secret=webhook_secret,
                       attempts=delivery_attempts, retry_delay_s=retry_delay_s)
    install_sandbox_controls(app, latency_ms=latency_ms, error_body=_error)
    r = app.router
    r.add_get("/api/v2/agents/me", me)
    r.add_get("/api/v2/agents", list_agents)
    r.add_get("/api/v2/agents/{id}", show_agent)
    r.add_get("/api/v2/contacts", list_contacts)
    r.add_get("/api/v2/contacts/{id}", show_contact)
    r.add_get("/api/v2/groups", list_groups)
    r.add_get("/api/v2/tickets", list_tickets)
    r.add_post("/api/v2/tickets", create_ticket)
    r.add_get("/api/v2/search/tickets", search_tickets)
    r.add_get("/api/v2/tickets/{id}", show_ticket)
    r.add_put("/api/v2/tickets/{id}", update_ticket)
    r.add_get("/api/v2/tickets/{id}/conversations", list_conversations)
    r.add_post("/api/v2/tickets/{id}/reply", post_reply)
    r.add_post("/api/v2/tickets/{id}/notes", post_note)
    from connectors.sandbox import freshdesk_controls  # imports this module: keep the import late

    freshdesk_controls.install(app)
    app.on_cleanup.append(automation.close)
    return app


async def start_freshdesk(**kw: Any) -> SandboxServer:
    """Start the sandbox on 127.0.0.1 with an ephemeral port (see make_freshdesk_app for options)."""
    host, port = kw.pop("host", "127.0.0.1"), kw.pop("port", 0)
    return await start_app(make_freshdesk_app(**kw), host=host, port=port)
