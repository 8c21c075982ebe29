"""Zendesk Support API v2 over aiohttp: the calls a ticket run makes, with no thread per call.

zenpy (see zendesk_transport.py) stays for the admin side (`deskhand zendesk setup`); on the hot
path every blocking zenpy call held a worker thread for its whole round trip, and at tens of
tickets in flight those threads fought the event loop for the GIL.
"""

from __future__ import annotations

from typing import Any, Mapping

import aiohttp

from connectors.errors import BadResponseError, ConnectorError, TransientError
from connectors.http import NO_RETRY, HttpTransport, JsonResponse

VENDOR = "zendesk"


class ZendeskApi:
    """JSON calls against one Zendesk base URL with API-token auth; errors mapped to connectors.errors."""

    def __init__(self, *, base_url: str, email: str, api_token: str, timeout: float,
                 session: aiohttp.ClientSession | None = None, max_connections: int = 32) -> None:
        self._base = base_url.rstrip("/") + "/api/v2/"
        self._auth = (f"{email}/token", api_token)
        self._timeout = timeout
        self._session = session
        self._owns_session = session is None
        self._max_connections = max_connections
        self._http: HttpTransport | None = None

    def _transport(self) -> HttpTransport:
        # Built on first use, inside the running loop, when no session was injected.
        if self._http is None:
            if self._session is None:
                self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self._max_connections))
            # One retry layer: the outbox and the inbox retry, never the transport.
            self._http = HttpTransport(self._session, vendor=VENDOR, base_url=self._base, auth=self._auth,
                                       timeout=self._timeout, retry=NO_RETRY)
        return self._http

    async def close(self) -> None:
        """Close the session this client opened itself (an injected one belongs to the caller)."""
        if self._owns_session and self._session is not None:
            await self._session.close()
        self._session, self._http = (None, None) if self._owns_session else (self._session, self._http)

    async def call(self, op: str, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                   json_body: Any = None, headers: Mapping[str, str] | None = None) -> JsonResponse:
        """One request; 409 (a concurrent update won) counts as transient, as Zendesk advises a retry."""
        try:
            return await self._transport().request(method, path, params=params, json_body=json_body,
                                                   headers=headers)
        except ConnectorError as err:
            if err.status == 409:
                raise TransientError(f"Zendesk {op}: HTTP 409", vendor=VENDOR, status=409) from err
            raise

    async def get_object(self, op: str, path: str, key: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """GET a single record wrapped as {key: {...}}."""
        data = (await self.call(op, "GET", path, params=params)).data
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, dict):
            raise BadResponseError(f"Zendesk {op}: unreadable response", vendor=VENDOR)
        return value

    async def get_pages(self, op: str, path: str, key: str, *, params: Mapping[str, Any] | None = None,
                        include: str | None = None, max_pages: int = 10) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Every page of an offset-paginated list (capped) plus the records sideloaded with `include`."""
        query: dict[str, Any] = dict(params or {})
        if include:
            query["include"] = include
        items: list[dict[str, Any]] = []
        side: list[dict[str, Any]] = []
        page = 1
        for _ in range(max_pages):
            data = (await self.call(op, "GET", path, params={**query, **({"page": page} if page > 1 else {})})).data
            if not isinstance(data, dict) or not isinstance(data.get(key), list):
                raise BadResponseError(f"Zendesk {op}: unreadable response", vendor=VENDOR)
            items += [x for x in data[key] if isinstance(x, dict)]
            if include and isinstance(data.get(include), list):
                side += [x for x in data[include] if isinstance(x, dict)]
            if not data.get("next_page"):
                break
            page += 1
        return items, side
