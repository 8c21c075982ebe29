"""Sandbox-only control endpoints of the Zendesk sandbox (no auth, prefixed /_sandbox/)."""

from __future__ import annotations

from typing import Any, Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, ValidationError

from connectors.sandbox.people import PEOPLE
from connectors.sandbox.zendesk_state import SPOOF_FLAG, SPOOF_TAG, SandboxError, user_id_for
from connectors.sandbox.zendesk_triggers import Update
from connectors.sandbox.zendesk_world import ZendeskWorld, world

_CHANNELS = {"email": "email", "chat": "chat", "web": "web", "messaging": "native_messaging"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CustomerMessage(_Model):
    """A shopper writes in (new ticket, or a comment on ticket_id)."""

    email: str
    body: str
    subject: str | None = None
    ticket_id: int | None = None
    channel: Literal["email", "chat", "web", "messaging"] = "email"
    spoofed: bool = False
    external_id: str | None = None  # set for messaging users signed in by the store's JWT


class AgentReply(_Model):
    """A human agent comments on a ticket."""

    ticket_id: int
    body: str
    public: bool = True
    agent_key: str | None = None
    agent_id: int | None = None


class ApplyMacro(_Model):
    """An agent applies a macro (e.g. "Deskhand: send draft")."""

    ticket_id: int
    macro_id: int | None = None
    title: str | None = None
    agent_id: int | None = None
    agent_key: str | None = None


async def _body(request: web.Request, model: type[_Model]) -> Any:
    try:
        return model.model_validate_json(await request.read() or b"{}")
    except ValidationError as err:
        raise SandboxError(400, "InvalidValue", str(err)[:400]) from None


def _agent(agent_id: int | None, agent_key: str | None) -> int:
    if agent_id is not None:
        return agent_id
    try:
        return user_id_for(agent_key or "alex")
    except ValueError:
        raise SandboxError(404, "RecordNotFound", "unknown agent_key") from None


def _world(request: web.Request) -> ZendeskWorld:
    return world(request)


async def customer_message(request: web.Request) -> web.Response:
    msg: CustomerMessage = await _body(request, CustomerMessage)
    w = _world(request)
    account = w.account
    uid = account.end_user_for(msg.email, external_id=msg.external_id)
    via = _CHANNELS[msg.channel]
    if msg.ticket_id is None:
        data = {"subject": msg.subject or msg.body[:60], "comment": {"body": msg.body, "public": True}}
        ticket = account.create_ticket(data, actor_id=uid, channel=via)
        comment = account.comments[ticket["id"]][0]
        if msg.spoofed:
            _flag_spoof(account, ticket, comment)
        w.automation.run(ticket["id"], Update("Create", uid, True))
    else:
        ticket = account.ticket(msg.ticket_id)
        comment = account.add_comment(ticket["id"], author_id=uid, body=msg.body, public=True, channel=via,
                                      spoofed=msg.spoofed)
        w.automation.run(ticket["id"], Update("Change", uid, True))
    return web.json_response({"ticket_id": ticket["id"], "comment_id": comment["id"], "user_id": uid}, status=201)


def _flag_spoof(account: Any, ticket: dict[str, Any], comment: dict[str, Any]) -> None:
    comment["metadata"]["flags"] = [SPOOF_FLAG]
    account.add_tags(ticket, [SPOOF_TAG])


async def agent_reply(request: web.Request) -> web.Response:
    msg: AgentReply = await _body(request, AgentReply)
    w = _world(request)
    agent = _agent(msg.agent_id, msg.agent_key)
    if w.account.role_of(agent) not in ("agent", "admin"):
        raise SandboxError(403, "Forbidden", "not an agent")
    comment = w.account.add_comment(msg.ticket_id, author_id=agent, body=msg.body, public=msg.public)
    w.automation.run(msg.ticket_id, Update("Change", agent, msg.public))
    return web.json_response({"ticket_id": msg.ticket_id, "comment_id": comment["id"]}, status=201)


async def apply_macro(request: web.Request) -> web.Response:
    msg: ApplyMacro = await _body(request, ApplyMacro)
    w = _world(request)
    macro = w.automation.find_macro(macro_id=msg.macro_id, title=msg.title)
    ticket = w.automation.apply_macro(msg.ticket_id, macro, _agent(msg.agent_id, msg.agent_key))
    return web.json_response({"ticket_id": ticket["id"], "tags": ticket["tags"]})


async def ticket_dump(request: web.Request) -> web.Response:
    w = _world(request)
    try:
        tid = int(request.match_info["id"])
    except ValueError:
        raise SandboxError(404, "RecordNotFound", "Not found") from None
    ticket = w.account.ticket(tid)
    dump = {k: v for k, v in ticket.items() if not k.startswith("_")}
    dump["comments"] = w.account.comments[tid]
    return web.json_response({"ticket": dump})


async def clock(request: web.Request) -> web.Response:
    w = _world(request)
    try:
        data = (await request.json()) or {}
        w.account.offset_s += float(data.get("advance_seconds", 0))
    except (ValueError, TypeError, AttributeError):
        raise SandboxError(400, "InvalidValue", "advance_seconds must be a number") from None
    return web.json_response({"now": w.account.now(), "offset_s": w.account.offset_s})


async def deliveries(request: web.Request) -> web.Response:
    w = _world(request)
    if request.query.get("wait"):
        await w.deliverer.drain(timeout=10.0)
    return web.json_response({"deliveries": w.deliverer.log})


async def people(request: web.Request) -> web.Response:
    """Sample people with their sandbox ids (same shape as the Freshdesk sandbox)."""
    users = _world(request).account.users
    out = [{"key": p.key, "id": user_id_for(p.key), "name": p.name, "role": users[user_id_for(p.key)]["role"]}
           for p in PEOPLE]
    return web.json_response(out)


def add_routes(app: web.Application) -> None:
    """Register the /_sandbox/ control endpoints."""
    r = app.router
    r.add_post("/_sandbox/customer_message", customer_message)
    r.add_post("/_sandbox/agent_reply", agent_reply)
    r.add_post("/_sandbox/apply_macro", apply_macro)
    r.add_get("/_sandbox/tickets/{id}", ticket_dump)
    r.add_post("/_sandbox/clock", clock)
    r.add_get("/_sandbox/deliveries", deliveries)
    r.add_get("/_sandbox/people", people)
