"""Fault injection, latency and call counting for sandbox servers: one implementation, shared.

The machinery lives in connectors/sandbox/server.py (used by every sandbox); this module is the
entry point under its agreed name. Control endpoints (no auth): ``POST /_sandbox/faults`` with JSON
``{"path_prefix", "method"?, "status"?, "retry_after"?, "count"?, "delay_ms"?, "bad_json"?}``
(count 0/null: until cleared; a rule with only delay_ms slows requests and lets them through),
``DELETE /_sandbox/faults``, ``GET /_sandbox/calls`` ({"GET /route/{id}": n}), ``DELETE /_sandbox/calls``.
"""

from __future__ import annotations

from typing import Any, Callable

from aiohttp import web

from connectors.sandbox.server import Fault, add_fault, calls, default_error_body, install_sandbox_controls

__all__ = ["Fault", "add_fault", "calls", "install_faults", "zendesk_error_body"]

_ERROR_NAMES = {429: "TooManyRequests", 500: "InternalServerError", 502: "BadGateway", 503: "ServiceUnavailable"}


def zendesk_error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """Zendesk's error shape: {"error": Name, "description": text}."""
    return {"error": _ERROR_NAMES.get(status, "SandboxFault"), "description": message}


def install_faults(
    app: web.Application,
    *,
    latency_ms: float = 0,
    error_body: Callable[[int, str, str], dict[str, Any]] = default_error_body,
) -> None:
    """Add the fault/latency/call-count middleware (outermost) and its control routes to an app."""
    install_sandbox_controls(app, latency_ms=latency_ms, error_body=error_body)
