"""HTTP plumbing of the Zendesk sandbox: envelopes, URLs, pagination, auth and error middlewares."""

from __future__ import annotations

import base64
import json
from typing import Any, Awaitable, Callable

from aiohttp import web

from connectors.sandbox.zendesk_state import SandboxError
from connectors.sandbox.zendesk_world import world

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def api_base(request: web.Request) -> str:
    """Absolute /api/v2 base for links in responses."""
    # Built from the Host the client used, so zenpy follows the links back here.
    return f"{request.scheme}://{request.host}/api/v2"


def public(obj: dict[str, Any], url: str) -> dict[str, Any]:
    """An object as the API shows it: its url first, internal keys dropped."""
    return {"url": url, **{k: v for k, v in obj.items() if not k.startswith("_")}}


def ticket_json(request: web.Request, ticket: dict[str, Any]) -> dict[str, Any]:
    """A ticket as the API shows it."""
    return public(ticket, f"{api_base(request)}/tickets/{ticket['id']}.json")


def user_json(request: web.Request, user: dict[str, Any]) -> dict[str, Any]:
    """A user as the API shows it."""
    return public(user, f"{api_base(request)}/users/{user['id']}.json")


async def read_json(request: web.Request) -> dict[str, Any]:
    """Request body as a JSON object, or a 400 in Zendesk's shape."""
    try:
        data = json.loads(await request.read() or b"{}")
    except ValueError:
        raise SandboxError(400, "InvalidJSON", "request body is not JSON") from None
    if not isinstance(data, dict):
        raise SandboxError(400, "InvalidJSON", "request body must be a JSON object")
    return data


def as_id(text: str) -> int:
    """A numeric path id; anything else is a 404 as in Zendesk."""
    try:
        return int(text)
    except ValueError:
        raise SandboxError(404, "RecordNotFound", "Not found") from None


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"i:{index}".encode()).decode()


def _uncursor(text: str | None) -> int:
    try:
        return max(0, int(base64.urlsafe_b64decode(text.encode()).decode()[2:])) if text else 0
    except (ValueError, UnicodeDecodeError):
        raise SandboxError(400, "InvalidPaginationParameter", "bad cursor") from None


def paginate(request: web.Request, key: str, items: list[dict[str, Any]]) -> web.Response:
    """Cursor pagination when page[size]/page[after] is asked for, else offset pagination."""
    q = request.query
    cap = world(request).max_page_size
    try:
        if "page[size]" in q or "page[after]" in q:
            size = max(1, min(int(q.get("page[size]", "100")), cap))
            start = _uncursor(q.get("page[after]"))
            chunk, end = items[start:start + size], min(start + size, len(items))
            more = end < len(items)
            nxt = str(request.url.update_query({"page[after]": _cursor(end)})) if more else None
            return web.json_response({
                key: chunk,
                "meta": {"has_more": more, "after_cursor": _cursor(end), "before_cursor": _cursor(start)},
                "links": {"next": nxt, "prev": None},
            })
        per_page = max(1, min(int(q.get("per_page", "100")), cap))
        page = max(1, int(q.get("page", "1")))
    except ValueError:
        raise SandboxError(400, "InvalidPaginationParameter", "bad page parameter") from None
    start = (page - 1) * per_page
    chunk = items[start:start + per_page]
    nxt = str(request.url.update_query({"page": page + 1, "per_page": per_page})) if start + per_page < len(items) else None
    prev = str(request.url.update_query({"page": page - 1, "per_page": per_page})) if page > 1 else None
    return web.json_response({key: chunk, "next_page": nxt, "previous_page": prev, "count": len(items)})


@web.middleware
async def errors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except SandboxError as err:
        return web.json_response({"error": err.error, "description": err.description}, status=err.status)


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/api/"):
        return await handler(request)
    w = world(request)
    expected = base64.b64encode(f"{w.email}/token:{w.api_token}".encode()).decode()
    if request.headers.get("Authorization", "") != f"Basic {expected}":
        return web.json_response({"error": "Couldn't authenticate you"}, status=401)
    return await handler(request)


@web.middleware
async def deliveries_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    finally:
        w = world(request)
        w.deliverer.spawn(w.automation.take_pending())
