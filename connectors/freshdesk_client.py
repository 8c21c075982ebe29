"""Small async Freshdesk API v2 client on the shared aiohttp transport.

Freshdesk specifics handled here, once: Basic auth with the API key as user name and "X" as the
password, the `/api/v2` prefix, `Link: <...>; rel="next"` paging, the `X-Ratelimit-Remaining`
header (last value exposed), and both error shapes (`{"description", "errors": [{field, message,
code}]}` and `{"code", "message"}`) turned into readable messages on the mapped ConnectorError.
"""

from __future__ import annotations

import json
import re
from typing import Any, Mapping

import aiohttp
from multidict import CIMultiDictProxy

from connectors.errors import BadResponseError, ConnectorError, ValidationError
from connectors.http import HttpTransport, JsonResponse, Params, RetryPolicy

VENDOR = "freshdesk"
PER_PAGE = 100
_NEXT = re.compile(r'<[^>]*>\s*;\s*rel="?next"?', re.IGNORECASE)
_ID = re.compile(r"[0-9]{1,20}")


def api_root(base_url: str) -> str:
    """https://x.freshdesk.com (or a sandbox URL) → .../api/v2."""
    root = base_url.rstrip("/")
    return root if root.endswith("/api/v2") else root + "/api/v2"


def error_detail(data: Any) -> str:
    """One readable line from either Freshdesk error shape; empty when there is nothing useful."""
    if not isinstance(data, Mapping):
        return ""
    parts: list[str] = []
    head = data.get("description") or data.get("message")
    if isinstance(head, str) and head:
        parts.append(head[:120])
    errors = data.get("errors")
    if isinstance(errors, list):
        for item in errors[:5]:
            if not isinstance(item, Mapping):
                continue
            field = str(item.get("field") or "-")[:40]
            message = str(item.get("message") or "")[:120]
            code = str(item.get("code") or "")[:40]
            parts.append(f"{field}: {message}" + (f" ({code})" if code else ""))
    elif isinstance(data.get("code"), str) and data.get("description") is None:
        parts.append(f"code {data['code'][:40]}")
    return "; ".join(parts)


def has_next_page(headers: Mapping[str, str]) -> bool:
    """True when the Link header announces a next page."""
    return bool(_NEXT.search(headers.get("Link", "") or ""))


def numeric_id(value: str | int, what: str = "id") -> str:
    """A Freshdesk id as path text; refuses anything that is not digits (no path tricks)."""
    text = str(value).strip()
    if not _ID.fullmatch(text):
        raise ValidationError(f"{VENDOR}: {what} must be numeric", vendor=VENDOR)
    return text


class _Transport(HttpTransport):
    """The shared transport, plus rate-limit bookkeeping and Freshdesk's error details."""

    rate_limit_remaining: int | None = None

    def _decode(self, where: str, status: int, headers: CIMultiDictProxy[str], body: bytes) -> JsonResponse:
        remaining = headers.get("X-Ratelimit-Remaining")
        if remaining is not None and remaining.strip().isdigit():
            self.rate_limit_remaining = int(remaining)
        try:
            return super()._decode(where, status, headers, body)
        except ConnectorError as err:
            if status < 400:
                raise
            try:
                detail = error_detail(json.loads(body)) if body.strip() else ""
            except ValueError:
                detail = ""
            if detail and err.args:
                # Same exception type and attributes (retry_after, status), clearer message.
                err.args = (f"{err.args[0]}: {detail}",) + tuple(err.args[1:])
            raise


class FreshdeskClient:
    """Typed calls to the Freshdesk API v2; every failure is a connectors.errors exception."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        base_url: str,
        api_key: str,
        timeout: float = 15.0,
        retry: RetryPolicy = RetryPolicy(),
        per_page: int = PER_PAGE,
    ) -> None:
        self.per_page = per_page
        self._http = _Transport(
            session,
            vendor=VENDOR,
            base_url=api_root(base_url),
            # API key as user name, "X" as password (Freshdesk ignores it); aiohttp 3.14 deprecates BasicAuth.
            headers={"Authorization": aiohttp.encode_basic_auth(api_key, "X")},
            timeout=timeout,
            retry=retry,
        )

    @property
    def rate_limit_remaining(self) -> int | None:
        """The last X-Ratelimit-Remaining value Freshdesk sent (None before the first call)."""
        return self._http.rate_limit_remaining

    async def call(self, method: str, path: str, *, params: Params | None = None, body: Any = None) -> Any:
        """One request; returns the decoded JSON body."""
        resp = await self._http.request(method, path, params=params, json_body=body)
        return resp.data

    async def get_all(self, path: str, params: Params | None = None, *, max_pages: int = 10) -> list[Any]:
        """Every item of a paged list, following rel="next" up to max_pages pages."""
        items: list[Any] = []
        for page in range(1, max_pages + 1):
            resp = await self._http.get(path, {**(params or {}), "per_page": self.per_page, "page": page})
            if not isinstance(resp.data, list):
                raise BadResponseError(f"{VENDOR}: GET /{path} did not return a list", vendor=VENDOR)
            items.extend(resp.data)
            if not has_next_page(resp.headers):
                break
        return items

    # ------------------------------------------------------------------ reads

    async def me(self) -> dict[str, Any]:
        """The agent whose API key this is (GET /agents/me)."""
        return await self.call("GET", "agents/me")

    async def ticket(self, ticket_id: str | int) -> dict[str, Any]:
        """One ticket (GET /tickets/{id})."""
        return await self.call("GET", f"tickets/{numeric_id(ticket_id, 'ticket id')}")

    async def conversations(self, ticket_id: str | int) -> list[dict[str, Any]]:
        """Every reply and note of a ticket, oldest first."""
        return await self.get_all(f"tickets/{numeric_id(ticket_id, 'ticket id')}/conversations")

    async def contact(self, contact_id: str | int) -> dict[str, Any]:
        """One contact (GET /contacts/{id})."""
        return await self.call("GET", f"contacts/{numeric_id(contact_id, 'contact id')}")

    async def groups(self) -> list[dict[str, Any]]:
        """Every agent group."""
        return await self.get_all("groups")

    async def tickets(self, params: Params, *, max_pages: int = 3) -> list[dict[str, Any]]:
        """GET /tickets with filters such as requester_id and updated_since."""
        return await self.get_all("tickets", params, max_pages=max_pages)

    async def search_tickets(self, query: str) -> list[dict[str, Any]]:
        """First page of GET /search/tickets; the query is wrapped in the double quotes Freshdesk wants."""
        data = await self.call("GET", "search/tickets", params={"query": f'"{query}"'})
        results = data.get("results") if isinstance(data, Mapping) else None
        return list(results) if isinstance(results, list) else []

    # ------------------------------------------------------------------ writes

    async def update_ticket(self, ticket_id: str | int, fields: Mapping[str, Any]) -> dict[str, Any]:
        """PUT /tickets/{id}; note that `tags` REPLACES the list, so callers merge first."""
        return await self.call("PUT", f"tickets/{numeric_id(ticket_id, 'ticket id')}", body=dict(fields))

    async def create_ticket(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """POST /tickets."""
        return await self.call("POST", "tickets", body=dict(fields))

    async def reply(self, ticket_id: str | int, html: str, *, user_id: str | None = None) -> dict[str, Any]:
        """Public reply, emailed to the requester; user_id posts it as that agent."""
        body: dict[str, Any] = {"body": html}
        if user_id:
            body["user_id"] = int(numeric_id(user_id, "user id"))
        return await self.call("POST", f"tickets/{numeric_id(ticket_id, 'ticket id')}/reply", body=body)

    async def note(self, ticket_id: str | int, html: str, *, user_id: str | None = None) -> dict[str, Any]:
        """Private note; `private: true` is always sent explicitly."""
        body: dict[str, Any] = {"body": html, "private": True}
        if user_id:
            body["user_id"] = int(numeric_id(user_id, "user id"))
        return await self.call("POST", f"tickets/{numeric_id(ticket_id, 'ticket id')}/notes", body=body)
