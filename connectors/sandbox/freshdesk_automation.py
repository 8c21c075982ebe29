"""Emulated Freshdesk automation rules: render the ids-only body and POST it to Deskhand."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from connectors.freshdesk_webhook import AUTOMATION_RULES, rule_for_tag
from connectors.sandbox.freshdesk_state import FreshdeskState, iso


@dataclass
class Automation:
    """Where rules deliver, the delivery log and the background tasks still running."""

    state: FreshdeskState
    webhook_url: str | None
    secret: str | None
    attempts: int = 3
    retry_delay_s: float = 0.05
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    tasks: set[asyncio.Task] = field(default_factory=set)
    session: aiohttp.ClientSession | None = None


AUTOMATION = web.AppKey("freshdesk_automation", Automation)


def install(app: web.Application, **kw: Any) -> None:
    """Attach the rule engine and the delivery log endpoint to the sandbox app."""
    app[AUTOMATION] = Automation(**kw)
    app.router.add_get("/_sandbox/deliveries", _deliveries)


def render(template: str, ticket: dict[str, Any]) -> str:
    """Substitute placeholders as plain text (not JSON-escaped), as the rule editor does; ids only."""
    values = {"ticket.id": ticket["id"], "ticket.updated_at": ticket["updated_at"],
              "ticket.agent.id": ticket.get("responder_id") or ""}
    for name, value in values.items():
        template = template.replace("{{%s}}" % name, str(value))
    return template


def fire(app: web.Application, kind: str, ticket: dict[str, Any]) -> None:
    """Run the ticket_creation or ticket_update (customer reply) rules."""
    for rule in AUTOMATION_RULES:
        if rule.kind == kind and rule.tag is None:
            _schedule(app[AUTOMATION], rule.name, render(rule.body, ticket))


def fire_tag(app: web.Application, ticket: dict[str, Any], tag: str) -> None:
    """Run the approval rule for a tag that was just added, if there is one."""
    rule = rule_for_tag(tag)
    if rule is not None:
        _schedule(app[AUTOMATION], rule.name, render(rule.body, ticket))


def _schedule(auto: Automation, rule: str, body: str) -> None:
    # In the background: the API call that caused the event must not wait for Deskhand.
    if not auto.webhook_url:
        return
    task = asyncio.get_running_loop().create_task(_deliver(auto, rule, body))
    auto.tasks.add(task)
    task.add_done_callback(auto.tasks.discard)


async def _deliver(auto: Automation, rule: str, body: str) -> None:
    """POST one webhook with the shared-secret header; a few quick retries on 5xx or timeouts."""
    if auto.session is None:
        auto.session = aiohttp.ClientSession()
    headers = {"Content-Type": "application/json", "User-Agent": "Freshdesk-Sandbox"}
    if auto.secret:
        headers["X-Deskhand-Secret"] = auto.secret
    for attempt in range(1, auto.attempts + 1):
        record: dict[str, Any] = {"rule": rule, "body": body, "attempt": attempt, "at": iso(auto.state.clock())}
        try:
            async with auto.session.post(auto.webhook_url or "", data=body.encode(), headers=headers,
                                         timeout=aiohttp.ClientTimeout(total=5)) as resp:
                record["status"] = resp.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as err:
            record["status"], record["error"] = None, type(err).__name__
        auto.deliveries.append(record)
        if record["status"] is not None and record["status"] < 500:
            return
        await asyncio.sleep(auto.retry_delay_s)


async def _deliveries(request: web.Request) -> web.Response:
    return web.json_response(request.app[AUTOMATION].deliveries)


async def close(app: web.Application) -> None:
    """Cancel pending deliveries and close the client session (app cleanup)."""
    auto = app[AUTOMATION]
    for task in list(auto.tasks):
        task.cancel()
    await asyncio.gather(*auto.tasks, return_exceptions=True)
    if auto.session is not None:
        await auto.session.close()
