"""Sandbox-only control endpoints of the Freshdesk sandbox: customers write, agents act, tests look."""

from __future__ import annotations

from aiohttp import web

from connectors.freshdesk_webhook import SCENARIOS
from connectors.sandbox import freshdesk_automation as automation
from connectors.sandbox.freshdesk_server import CONFIG, STATE, as_int, invalid, not_found, read_json
from connectors.sandbox.freshdesk_state import SOURCES, SandboxInvalid, iso, text_to_html


def install(app: web.Application) -> None:
    """Add the /_sandbox/ routes (no auth: they stand for people and tests, not for API clients)."""
    r = app.router
    r.add_post("/_sandbox/customer_message", customer_message)
    r.add_post("/_sandbox/agent_reply", agent_reply)
    r.add_post("/_sandbox/apply_scenario", apply_scenario)
    r.add_get("/_sandbox/tickets/{id}", dump_ticket)
    r.add_post("/_sandbox/clock", advance_clock)
    r.add_get("/_sandbox/people", people)
    r.add_get("/_sandbox/writes", api_writes)


async def customer_message(request: web.Request) -> web.Response:
    """New ticket from a customer, or their reply on an existing ticket."""
    state = request.app[STATE]
    try:
        data = await read_json(request)
        email, body = data.get("email"), data.get("body")
        if not isinstance(email, str) or "@" not in email or not isinstance(body, str) or not body:
            raise SandboxInvalid("email", "email and body are required")
    except SandboxInvalid as err:
        return invalid(err)
    contact = state.ensure_contact(email)
    if data.get("ticket_id") is not None:
        ticket = state.ticket(as_int(data["ticket_id"]) or -1)
        if ticket is None:
            return not_found()
        entry = state.add_conversation(ticket, user_id=contact["id"], body_html=text_to_html(body),
                                       incoming=True, private=False, source=SOURCES.get(data.get("channel"), 1))
        if ticket["status"] in (3, 4):  # a customer reply reopens pending/resolved tickets
            ticket["status"] = 2
        automation.fire(request.app, "ticket_update", ticket)
        return web.json_response({"ticket_id": ticket["id"], "conversation_id": entry["id"],
                                  "contact_id": contact["id"]})
    source = SOURCES.get(data.get("channel") or "email", 1)
    ticket = state.create_ticket({"requester_id": contact["id"], "subject": data.get("subject") or body.strip().split("\n")[0][:60],
                                  "description": text_to_html(body), "source": source})
    automation.fire(request.app, "ticket_creation", ticket)
    return web.json_response({"ticket_id": ticket["id"], "conversation_id": None, "contact_id": contact["id"]})


async def agent_reply(request: web.Request) -> web.Response:
    """A human agent answers (or adds a private note when "private": true)."""
    state = request.app[STATE]
    try:
        data = await read_json(request)
        ticket = state.ticket(as_int(data.get("ticket_id")) or -1)
        agent = state.agent_id(data.get("agent_id") or data.get("agent_key") or "alex")
        if ticket is None or not isinstance(data.get("body"), str):
            raise SandboxInvalid("ticket_id", "ticket_id and body are required")
    except SandboxInvalid as err:
        return invalid(err)
    private = bool(data.get("private", False))
    entry = state.add_conversation(ticket, user_id=agent, body_html=text_to_html(data["body"]), incoming=False,
                                   private=private, source=2 if private else 0)
    if ticket["responder_id"] is None and not private:
        ticket["responder_id"] = agent  # sandbox convenience: the first agent to answer is assigned
    return web.json_response({"ticket_id": ticket["id"], "conversation_id": entry["id"]})


async def apply_scenario(request: web.Request) -> web.Response:
    """Run a scenario automation as an agent: it adds its tag, which fires the tag rule."""
    state = request.app[STATE]
    try:
        data = await read_json(request)
        ticket = state.ticket(as_int(data.get("ticket_id")) or -1)
        scenario = next((s for s in SCENARIOS if s.name == data.get("name")), None)
        state.agent_id(data.get("agent_id") or "alex")
        if ticket is None or scenario is None:
            raise SandboxInvalid("name", "unknown ticket or scenario")
    except SandboxInvalid as err:
        return invalid(err)
    for tag in state.update_ticket(ticket, {"tags": [*ticket["tags"], scenario.tag]}):
        automation.fire_tag(request.app, ticket, tag)
    return web.json_response({"ticket_id": ticket["id"], "tags": ticket["tags"]})


async def dump_ticket(request: web.Request) -> web.Response:
    state = request.app[STATE]
    ticket = state.ticket(as_int(request.match_info["id"]) or -1)
    if ticket is None:
        return not_found()
    return web.json_response({"ticket": state.public(ticket), "conversations": state.conversations[ticket["id"]],
                              "requester": state.contacts.get(ticket["requester_id"])})


async def people(request: web.Request) -> web.Response:
    """Sample people with their sandbox ids (keys from connectors.sandbox.people)."""
    state = request.app[STATE]
    out = []
    for key, uid in state.keys.items():
        record = state.agents.get(uid) or state.contacts.get(uid) or {}
        name = record.get("name") or record.get("contact", {}).get("name")
        out.append({"key": key, "id": uid, "name": name, "role": "agent" if uid in state.agents else "end-user"})
    return web.json_response(out)


async def api_writes(request: web.Request) -> web.Response:
    return web.json_response(request.app[CONFIG]["writes"])


async def advance_clock(request: web.Request) -> web.Response:
    try:
        seconds = float((await read_json(request)).get("advance_seconds", 0))
    except (SandboxInvalid, TypeError, ValueError):
        return web.json_response({"error": "advance_seconds must be a number"}, status=400)
    request.app[CONFIG]["clock_offset"] += seconds
    return web.json_response({"now": iso(request.app[STATE].clock())})
