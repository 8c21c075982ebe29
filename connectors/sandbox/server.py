"""Generic sandbox plumbing: start an app on 127.0.0.1, latency, call counts and fault injection."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CALLS = web.AppKey("sandbox_calls", Counter)
FAULTS = web.AppKey("sandbox_faults", list)
LATENCY_MS = web.AppKey("sandbox_latency_ms", float)
ERROR_BODY = web.AppKey("sandbox_error_body", object)  # callable(status, code, message) -> dict


@dataclass
class SandboxServer:
    """A running sandbox: its base URL, the app (for state inspection) and the runner."""

    url: str
    app: web.Application
    runner: web.AppRunner

    async def close(self) -> None:
        """Stop serving and release the port."""
        await self.runner.cleanup()


async def start_app(app: web.Application, host: str = "127.0.0.1", port: int = 0) -> SandboxServer:
    """Serve `app` on host:port (port 0 picks a free one) and return where it listens."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    real_port = runner.addresses[0][1] if runner.addresses else port
    return SandboxServer(url=f"http://{host}:{real_port}", app=app, runner=runner)


@dataclass
class Fault:
    """One scripted failure for requests whose path starts with path_prefix."""

    path_prefix: str = "/"
    status: int | None = None
    retry_after: str | None = None
    count: int | None = 1  # None (or 0 over HTTP) = until cleared
    delay_ms: float = 0
    bad_json: bool = False
    method: str | None = None
    hits: int = field(default=0)

    def matches(self, request: web.Request) -> bool:
        """True when this fault still applies to the request."""
        if self.count and self.hits >= self.count:
            return False
        if self.method and self.method.upper() != request.method:
            return False
        return request.path.startswith(self.path_prefix)


def default_error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """WordPress-style error JSON; other sandboxes can install their own shape."""
    return {"code": code, "message": message, "data": {"status": status}}


def _route_key(request: web.Request) -> str:
    info = request.match_info
    route = info.route if info is not None else None
    resource = route.resource if route is not None else None
    canonical = resource.canonical if resource is not None else request.path
    return f"{request.method} {canonical}"


@web.middleware
async def sandbox_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Count calls, apply latency and scripted faults before the real handler runs."""
    if request.path.startswith("/_sandbox/"):
        return await handler(request)
    app = request.app
    app[CALLS][_route_key(request)] += 1
    latency = app[LATENCY_MS]
    if latency > 0:
        await asyncio.sleep(latency / 1000)
    fault = next((f for f in app[FAULTS] if f.matches(request)), None)
    if fault is None:
        return await handler(request)
    fault.hits += 1
    if fault.delay_ms:
        # A slow upstream already holds the whole request: it applies it even after the client gave up.
        await request.read()
        await asyncio.sleep(fault.delay_ms / 1000)
    if fault.bad_json:
        return web.Response(status=fault.status or 200, text='{"id": 1, "status": ', content_type="application/json")
    if fault.status is None:
        return await handler(request)
    headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
    body = app[ERROR_BODY](fault.status, "sandbox_fault", "Injected fault.")
    return web.json_response(body, status=fault.status, headers=headers)


async def _post_fault(request: web.Request) -> web.Response:
    try:
        spec = json.loads(await request.read())
        count = spec.get("count", 1)
        fault = Fault(
            path_prefix=str(spec.get("path_prefix", "/")),
            status=int(spec["status"]) if spec.get("status") is not None else None,
            retry_after=str(spec["retry_after"]) if spec.get("retry_after") is not None else None,
            count=int(count) if count else None,  # 0 or null: until cleared
            delay_ms=float(spec.get("delay_ms", 0)),
            bad_json=bool(spec.get("bad_json", False)),
            method=spec.get("method"),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return web.json_response({"error": "bad fault spec"}, status=400)
    request.app[FAULTS].append(fault)
    return web.json_response({"queued": len(request.app[FAULTS])}, status=201)


async def _clear_faults(request: web.Request) -> web.Response:
    request.app[FAULTS].clear()
    return web.json_response({"queued": 0})


async def _get_calls(request: web.Request) -> web.Response:
    return web.json_response(dict(request.app[CALLS]))


async def _reset_calls(request: web.Request) -> web.Response:
    request.app[CALLS].clear()
    return web.json_response({})


def install_sandbox_controls(
    app: web.Application,
    *,
    latency_ms: float = 0,
    error_body: Callable[[int, str, str], dict[str, Any]] = default_error_body,
) -> None:
    """Add the middleware state and /_sandbox/ control routes to an app (before it starts)."""
    app[CALLS] = Counter()
    app[FAULTS] = []
    app[LATENCY_MS] = float(latency_ms)
    app[ERROR_BODY] = error_body
    # Outermost, so counts and faults apply before any auth check of the vendor app; an app may
    # already list it in web.Application(middlewares=[...]), and it must never run twice.
    if sandbox_middleware not in app.middlewares:
        app.middlewares.insert(0, sandbox_middleware)
    app.router.add_post("/_sandbox/faults", _post_fault)
    app.router.add_delete("/_sandbox/faults", _clear_faults)
    app.router.add_get("/_sandbox/calls", _get_calls)
    app.router.add_delete("/_sandbox/calls", _reset_calls)


def add_fault(app: web.Application, **spec: Any) -> None:
    """In-process shortcut for tests: queue a Fault without an HTTP call."""
    app[FAULTS].append(Fault(**spec))


def calls(app: web.Application) -> dict[str, int]:
    """Per-endpoint call counts so far ("GET /wp-json/wc/v3/orders" -> n)."""
    return dict(app[CALLS])
