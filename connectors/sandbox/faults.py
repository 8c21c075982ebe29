"""Fault injection, latency and call counting for any aiohttp sandbox server.

Control endpoints (no auth): ``POST /_sandbox/faults`` with JSON
``{"path_prefix", "method"?, "status"?, "retry_after"?, "count"?, "delay_ms"?, "bad_json"?, "body"?}``
arms a rule for the next `count` matching requests (0 = until cleared); ``DELETE /_sandbox/faults``
clears rules; ``GET /_sandbox/calls`` returns per-endpoint counts; ``DELETE /_sandbox/calls`` resets
them. A rule with only `delay_ms` slows requests down and then lets them through (client timeouts).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

CONTROL_PREFIX = "/_sandbox/"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class FaultRule(BaseModel):
    """One armed fault."""

    model_config = ConfigDict(extra="forbid")

    path_prefix: str = "/"
    method: str | None = None
    status: int | None = Field(None, ge=100, le=599)
    retry_after: str | None = None
    count: int = Field(1, ge=0)
    delay_ms: int = Field(0, ge=0, le=60_000)
    bad_json: bool = False
    body: Any = None  # vendor-shaped error body; a generic one is used when omitted

    def matches(self, request: web.Request) -> bool:
        """True when this rule applies to the request."""
        if self.method and self.method.upper() != request.method:
            return False
        return request.path.startswith(self.path_prefix)


_ERROR_NAMES = {429: "TooManyRequests", 500: "InternalServerError", 502: "BadGateway", 503: "ServiceUnavailable"}


@dataclass
class Faults:
    """Armed rules, call counts and base latency of one sandbox app."""

    latency_ms: int = 0

    def __post_init__(self) -> None:
        self.rules: list[FaultRule] = []
        self.calls: Counter[str] = Counter()

    def arm(self, rule: FaultRule) -> None:
        """Add a rule; the oldest matching rule fires first."""
        self.rules.append(rule)

    def clear(self) -> None:
        """Drop every armed rule."""
        self.rules.clear()

    def _take(self, request: web.Request) -> FaultRule | None:
        for rule in self.rules:
            if rule.matches(request):
                if rule.count > 0:
                    rule.count -= 1
                    if rule.count == 0:
                        self.rules.remove(rule)
                return rule
        return None

    @staticmethod
    def endpoint(request: web.Request) -> str:
        """`METHOD /route/{pattern}` so calls for different ids count as one endpoint."""
        resource = request.match_info.route.resource
        path = resource.canonical if resource is not None else request.path
        return f"{request.method} {path}"

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Count, delay and fail requests as armed; control endpoints pass untouched."""
        if request.path.startswith(CONTROL_PREFIX):
            return await handler(request)
        self.calls[self.endpoint(request)] += 1
        if self.latency_ms:
            await asyncio.sleep(self.latency_ms / 1000)
        rule = self._take(request)
        if rule is None:
            return await handler(request)
        if rule.delay_ms:
            await asyncio.sleep(rule.delay_ms / 1000)
        if rule.status is None and not rule.bad_json:
            return await handler(request)
        return _fault_response(rule)


_KEY = web.AppKey("sandbox_faults", Faults)


def _fault_response(rule: FaultRule) -> web.Response:
    status = rule.status or 200
    headers = {"Retry-After": rule.retry_after} if rule.retry_after is not None else {}
    if rule.bad_json:
        return web.Response(status=status, text='{"truncated": ', content_type="application/json", headers=headers)
    body = rule.body if rule.body is not None else {
        "error": _ERROR_NAMES.get(status, "SandboxFault"),
        "description": "injected by the sandbox",
    }
    return web.json_response(body, status=status, headers=headers)


async def _arm(request: web.Request) -> web.Response:
    faults = request.app[_KEY]
    try:
        rule = FaultRule.model_validate(json.loads(await request.read()))
    except (ValueError, ValidationError) as err:
        return web.json_response({"error": "bad fault rule", "detail": str(err)[:500]}, status=400)
    faults.arm(rule)
    return web.json_response({"armed": rule.model_dump(), "rules": len(faults.rules)}, status=201)


async def _clear(request: web.Request) -> web.Response:
    request.app[_KEY].clear()
    return web.json_response({"rules": 0})


async def _calls(request: web.Request) -> web.Response:
    faults = request.app[_KEY]
    return web.json_response({"calls": dict(faults.calls), "total": sum(faults.calls.values())})


async def _reset_calls(request: web.Request) -> web.Response:
    request.app[_KEY].calls.clear()
    return web.json_response({"calls": {}, "total": 0})


def install_faults(app: web.Application, *, latency_ms: int = 0) -> Faults:
    """Add the fault middleware (outermost) and its control routes to an app not yet started."""
    faults = Faults(latency_ms=latency_ms)
    app[_KEY] = faults
    app.middlewares.insert(0, faults.middleware)
    app.router.add_post("/_sandbox/faults", _arm)
    app.router.add_delete("/_sandbox/faults", _clear)
    app.router.add_get("/_sandbox/calls", _calls)
    app.router.add_delete("/_sandbox/calls", _reset_calls)
    return faults


def faults_of(app: web.Application) -> Faults:
    """The Faults object installed on an app."""
    return app[_KEY]
