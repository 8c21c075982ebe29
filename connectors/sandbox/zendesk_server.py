"""A local Zendesk Support API (the parts Deskhand and zenpy use), served by aiohttp on 127.0.0.1."""

from __future__ import annotations

import json
import time
from typing import Any, Awaitable, Callable

from aiohttp import web

from connectors.sandbox import zendesk_control
from connectors.sandbox.faults import install_faults, zendesk_error_body
from connectors.sandbox.server import SandboxServer, start_app
from connectors.sandbox.zendesk_delivery import Deliverer
from connectors.sandbox.zendesk_state import Account, SandboxError, as_int
from connectors.sandbox.zendesk_triggers import Automation, Update
from connectors.sandbox.zendesk_http import (
    api_base,
    as_id,
    auth_middleware,
    deliveries_middleware,
    errors_middleware,
    paginate,
    public,
    read_json,
    ticket_json,
    user_json,
)
from connectors.sandbox.zendesk_world import WORLD, ZendeskWorld, world
from connectors.zendesk_objects import macro_specs, trigger_specs, webhook_spec

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


# ---------------------------------------------------------------------------- users and groups


async def users_me(request: web.Request) -> web.Response:
    """GET users/me.json: the API user."""
    w = world(request)
    return web.json_response({"user": user_json(request, w.account.user(w.account.api_user_id))})


async def users_show(request: web.Request) -> web.Response:
    """GET users/{id}.json."""
    user = world(request).account.user(as_id(request.match_info["id"]))
    return web.json_response({"user": user_json(request, user)})


async def users_show_many(request: web.Request) -> web.Response:
    """GET users/show_many.json?ids=1,2 (unknown ids are skipped)."""
    account = world(request).account
    ids = [as_id(i) for i in request.query.get("ids", "").split(",") if i.strip()]
    users = [user_json(request, account.users[i]) for i in ids if i in account.users]
    return web.json_response({"users": users, "next_page": None, "previous_page": None, "count": len(users)})


async def identities(request: web.Request) -> web.Response:
    """GET users/{id}/identities.json."""
    account = world(request).account
    uid = as_id(request.match_info["id"])
    account.user(uid)
    items = [public(i, f"{api_base(request)}/users/{uid}/identities/{i['id']}.json") for i in account.identities[uid]]
    return paginate(request, "identities", items)


async def groups(request: web.Request) -> web.Response:
    """GET groups.json."""
    items = [public(g, f"{api_base(request)}/groups/{g['id']}.json") for g in world(request).account.groups.values()]
    return paginate(request, "groups", items)


async def ticket_fields(request: web.Request) -> web.Response:
    """GET ticket_fields.json."""
    fields = world(request).account.ticket_fields.values()
    return paginate(request, "ticket_fields", [public(f, f"{api_base(request)}/ticket_fields/{f['id']}.json") for f in fields])


# ---------------------------------------------------------------------------- tickets


def _audit(request: web.Request, ticket: dict[str, Any], comment: dict[str, Any] | None,
           changes: list[dict[str, Any]], custom: dict[str, Any] | None) -> dict[str, Any]:
    w = world(request)
    events = list(changes)
    if comment is not None:
        events.insert(0, {k: comment[k] for k in ("id", "type", "author_id", "body", "html_body", "plain_body",
                                                   "public", "attachments", "audit_id")})
    return {
        "id": (comment or {}).get("audit_id") or w.account.next_id("comment"), "ticket_id": ticket["id"],
        "created_at": ticket["updated_at"], "author_id": w.account.api_user_id,
        "metadata": {"system": {"client": "sandbox"}, "custom": dict(custom or {})},
        "events": events, "via": {"channel": "api", "source": {}},
    }


async def tickets_list(request: web.Request) -> web.Response:
    """GET tickets.json, optionally ?external_id= (not unique in Zendesk)."""
    tickets = world(request).account.tickets.values()
    wanted = request.query.get("external_id")
    items = [ticket_json(request, t) for t in tickets if wanted is None or t.get("external_id") == wanted]
    return paginate(request, "tickets", items)


async def tickets_create(request: web.Request) -> web.Response:
    """POST tickets.json: 201; Idempotency-Key replays the first response for two hours."""
    w = world(request)
    raw = await request.read()
    key = request.headers.get("Idempotency-Key")
    if key is not None:
        if not 0 < len(key) <= 255:
            raise SandboxError(400, "InvalidValue", "Idempotency-Key must be 1-255 characters")
        entry = w.account.remembered(key, raw)
        if entry is not None:
            return web.json_response(entry.payload, status=entry.status, headers={"x-idempotency-lookup": "hit"})
    data = (await read_json(request)).get("ticket")
    if not isinstance(data, dict):
        raise SandboxError(400, "InvalidValue", "ticket is required")
    ticket = w.account.create_ticket(data, actor_id=w.account.api_user_id)
    first = w.account.comments[ticket["id"]][0]
    w.automation.run(ticket["id"], Update("Create", w.account.api_user_id, first["public"]))
    payload = {"ticket": ticket_json(request, ticket), "audit": _audit(request, ticket, first, [], data.get("metadata"))}
    headers = {}
    if key is not None:
        w.account.remember(key, raw, 201, payload)
        headers["x-idempotency-lookup"] = "miss"
    return web.json_response(payload, status=201, headers=headers)


async def tickets_show(request: web.Request) -> web.Response:
    """GET tickets/{id}.json."""
    ticket = world(request).account.ticket(as_id(request.match_info["id"]))
    return web.json_response({"ticket": ticket_json(request, ticket)})


async def tickets_update(request: web.Request) -> web.Response:
    """PUT tickets/{id}.json: fields, tags (replace) and an optional comment; runs triggers."""
    w = world(request)
    ticket = w.account.ticket(as_id(request.match_info["id"]))
    data = (await read_json(request)).get("ticket")
    if not isinstance(data, dict):
        raise SandboxError(400, "InvalidValue", "ticket is required")
    before = {k: ticket.get(k) for k in ("group_id", "priority", "status")}
    w.account.apply_fields(ticket, data)
    changes = [{"type": "Change", "field_name": k, "value": ticket.get(k), "previous_value": v}
               for k, v in before.items() if ticket.get(k) != v]
    comment = None
    if isinstance(data.get("comment"), dict) and str(data["comment"].get("body") or "").strip():
        c = data["comment"]
        author = as_int(c.get("author_id") or w.account.api_user_id, "comment.author_id")
        comment = w.account.add_comment(ticket["id"], author_id=author, body=str(c["body"]),
                                        public=bool(c.get("public", True)), custom=data.get("metadata"))
    else:
        w.account.touch(ticket)
    w.automation.run(ticket["id"], Update("Change", w.account.api_user_id, comment["public"] if comment else None))
    audit = _audit(request, ticket, comment, changes, data.get("metadata"))
    return web.json_response({"ticket": ticket_json(request, ticket), "audit": audit})


async def tags(request: web.Request) -> web.Response:
    """PUT adds, POST sets, DELETE removes tickets/{id}/tags.json; runs triggers."""
    w = world(request)
    ticket = w.account.ticket(as_id(request.match_info["id"]))
    given = (await read_json(request)).get("tags") or []
    if not isinstance(given, list):
        raise SandboxError(400, "InvalidValue", "tags must be a list")
    if request.method == "PUT":
        w.account.add_tags(ticket, given)
    elif request.method == "POST":
        ticket["tags"] = []
        w.account.add_tags(ticket, given)
    else:
        w.account.remove_tags(ticket, given)
    w.account.touch(ticket)
    w.automation.run(ticket["id"], Update("Change", w.account.api_user_id))
    return web.json_response({"tags": ticket["tags"]})


async def comments(request: web.Request) -> web.Response:
    """GET tickets/{id}/comments.json, oldest first, private notes included; ?include=users sideloads authors."""
    account = world(request).account
    ticket = account.ticket(as_id(request.match_info["id"]))
    response = paginate(request, "comments", list(account.comments[ticket["id"]]))
    if "users" not in request.query.get("include", "").split(","):
        return response
    page = json.loads(response.body)
    authors = dict.fromkeys(c["author_id"] for c in page["comments"])
    page["users"] = [user_json(request, account.users[a]) for a in authors if a in account.users]
    return web.json_response(page)


# ---------------------------------------------------------------------------- admin objects


async def webhooks_list(request: web.Request) -> web.Response:
    """GET webhooks (no .json suffix, as in Zendesk)."""
    return paginate(request, "webhooks", list(world(request).automation.webhooks.values()))


async def webhooks_create(request: web.Request) -> web.Response:
    """POST webhooks."""
    hook = world(request).automation.create_webhook((await read_json(request)).get("webhook") or {})
    return web.json_response({"webhook": hook}, status=201)


async def webhooks_show(request: web.Request) -> web.Response:
    """GET webhooks/{id}."""
    return web.json_response({"webhook": world(request).automation.webhook(request.match_info["id"])})


async def webhook_secret(request: web.Request) -> web.Response:
    """GET shows, POST resets webhooks/{id}/signing_secret."""
    automation = world(request).automation
    wid = request.match_info["id"]
    automation.webhook(wid)
    secret = automation.reset_secret(wid) if request.method == "POST" else automation.secrets[wid]
    return web.json_response({"signing_secret": {"secret": secret, "algorithm": "SHA256"}})


def _collection(kind: str) -> tuple[Handler, Handler, Handler]:
    async def listing(request: web.Request) -> web.Response:
        table = getattr(world(request).automation, kind + "s")
        items = [public(o, f"{api_base(request)}/{kind}s/{o['id']}.json") for o in table.values()]
        return paginate(request, kind + "s", items)

    async def create(request: web.Request) -> web.Response:
        automation = world(request).automation
        item = getattr(automation, f"create_{kind}")((await read_json(request)).get(kind) or {})
        return web.json_response({kind: public(item, f"{api_base(request)}/{kind}s/{item['id']}.json")}, status=201)

    async def show(request: web.Request) -> web.Response:
        table = getattr(world(request).automation, kind + "s")
        item = table.get(as_id(request.match_info["id"]))
        if item is None:
            raise SandboxError(404, "RecordNotFound", "Not found")
        return web.json_response({kind: public(item, f"{api_base(request)}/{kind}s/{item['id']}.json")})

    return listing, create, show


# ---------------------------------------------------------------------------- app


def make_zendesk_app(
    *, email: str, api_token: str, latency_ms: int = 0, clock: Callable[[], float] = time.time,
    deskhand_webhook_url: str | None = None, signing_secret: str | None = None, max_page_size: int = 100,
    delivery_timeout_s: float = 10.0,
) -> web.Application:
    """The sandbox app; with deskhand_webhook_url it starts with Deskhand's webhook, triggers and macros."""
    account = Account(api_email=email, clock=clock)
    automation = Automation(account)
    if deskhand_webhook_url:
        hook = automation.create_webhook(webhook_spec(deskhand_webhook_url), secret=signing_secret)
        for spec in trigger_specs(hook["id"]):
            automation.create_trigger(spec)
        for spec in macro_specs():
            automation.create_macro(spec)
    app = web.Application()
    w = ZendeskWorld(account, automation, Deliverer(automation, timeout_s=delivery_timeout_s), email, api_token,
                     max_page_size)
    app[WORLD] = w
    app.middlewares.extend([errors_middleware, auth_middleware, deliveries_middleware])
    install_faults(app, latency_ms=latency_ms, error_body=zendesk_error_body)  # outermost: before auth
    r = app.router
    api = "/api/v2"
    r.add_get(f"{api}/users/me.json", users_me)
    r.add_get(f"{api}/users/show_many.json", users_show_many)
    r.add_get(f"{api}/users/{{id:\\d+}}.json", users_show)
    r.add_get(f"{api}/users/{{id:\\d+}}/identities.json", identities)
    r.add_get(f"{api}/groups.json", groups)
    r.add_get(f"{api}/ticket_fields.json", ticket_fields)
    r.add_get(f"{api}/tickets.json", tickets_list)
    r.add_post(f"{api}/tickets.json", tickets_create)
    r.add_get(f"{api}/tickets/{{id}}.json", tickets_show)
    r.add_put(f"{api}/tickets/{{id}}.json", tickets_update)
    for method in ("PUT", "POST", "DELETE"):
        r.add_route(method, f"{api}/tickets/{{id}}/tags.json", tags)
    r.add_get(f"{api}/tickets/{{id}}/comments.json", comments)
    r.add_get(f"{api}/webhooks", webhooks_list)
    r.add_post(f"{api}/webhooks", webhooks_create)
    r.add_get(f"{api}/webhooks/{{id}}", webhooks_show)
    r.add_get(f"{api}/webhooks/{{id}}/signing_secret", webhook_secret)
    r.add_post(f"{api}/webhooks/{{id}}/signing_secret", webhook_secret)
    for kind in ("trigger", "macro"):
        listing, create, show = _collection(kind)
        r.add_get(f"{api}/{kind}s.json", listing)
        r.add_post(f"{api}/{kind}s.json", create)
        r.add_get(f"{api}/{kind}s/{{id}}.json", show)
    zendesk_control.add_routes(app)

    async def _close(app: web.Application) -> None:
        await w.deliverer.close()

    app.on_cleanup.append(_close)
    return app


class ZendeskSandbox(SandboxServer):
    """A running Zendesk sandbox; `world` gives tests direct access to its state."""

    @property
    def world(self) -> ZendeskWorld:
        """State of the running app."""
        return self.app[WORLD]

    async def drain(self, timeout: float = 10.0) -> int:
        """Wait until pending webhook deliveries are done; returns how many are still in flight."""
        return await self.world.deliverer.drain(timeout)


async def start_zendesk(*, host: str = "127.0.0.1", port: int = 0, **kw: Any) -> ZendeskSandbox:
    """Start the sandbox on an ephemeral port (kwargs as for make_zendesk_app)."""
    server = await start_app(make_zendesk_app(**kw), host=host, port=port)
    return ZendeskSandbox(url=server.url, app=server.app, runner=server.runner)
