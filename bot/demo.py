"""`deskhand demo`: sandbox store + sandbox help desk + the real service, scripted conversations."""

from __future__ import annotations

import asyncio
import json
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import aiohttp
from aiohttp import web

from bot.demo_script import CONVERSATIONS, Conversation
from bot.sandbox_env import HelpDeskKind, SandboxEnv, start_sandbox
from bot.wiring import Runtime, build_runtime

APPROVE = {"zendesk": ("/_sandbox/apply_macro", "title"), "freshdesk": ("/_sandbox/apply_scenario", "name")}


@dataclass
class Played:
    """What happened to one scripted conversation."""

    conversation: Conversation
    ticket_id: str
    run: dict[str, Any]
    writes: list[dict[str, Any]]
    handoff: dict[str, Any] | None
    draft_status: str | None


@dataclass
class DemoResult:
    """Every conversation played, for printing and for tests."""

    played: list[Played] = field(default_factory=list)


async def _wait_for_runs(runtime: Runtime, ticket_id: str, count: int, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        rows = await asyncio.to_thread(
            runtime.state.query,
            "SELECT COUNT(*) AS n FROM runs WHERE helpdesk = ? AND ticket_id = ?",
            (runtime.helpdesk.kind, ticket_id),
        )
        if rows[0]["n"] >= count:
            await runtime.service.drain(timeout)
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"no run for ticket {ticket_id} within {timeout}s (is the webhook reaching Deskhand?)")


async def _agent_id(http: aiohttp.ClientSession, env: SandboxEnv) -> str | None:
    async with http.get(f"{env.helpdesk.url}/_sandbox/people") as resp:
        if resp.status != 200:
            return None
        people = await resp.json()
    return next((str(p["id"]) for p in people if p.get("key") == "alex"), None)


async def play(conv: Conversation, env: SandboxEnv, runtime: Runtime, http: aiohttp.ClientSession) -> Played:
    """Send one customer message through the sandbox help desk and collect what Deskhand did."""
    payload = {"email": conv.email, "body": conv.body, "channel": conv.channel, "spoofed": conv.spoofed}
    if conv.subject:
        payload["subject"] = conv.subject
    async with http.post(f"{env.helpdesk.url}/_sandbox/customer_message", json=payload) as resp:
        resp.raise_for_status()
        ticket_id = str((await resp.json())["ticket_id"])
    await _wait_for_runs(runtime, ticket_id, 1)
    if conv.approve:
        path, key = APPROVE[env.helpdesk_kind]
        body = {"ticket_id": ticket_id, key: "Deskhand: send draft", "agent_id": await _agent_id(http, env)}
        async with http.post(f"{env.helpdesk.url}{path}", json=body) as resp:
            resp.raise_for_status()
        await _wait_for_approval(runtime, ticket_id)
    query = runtime.state.query
    run = (await asyncio.to_thread(query, "SELECT * FROM runs WHERE helpdesk=? AND ticket_id=? ORDER BY id LIMIT 1",
                                   (runtime.helpdesk.kind, ticket_id)))[0]
    writes = await asyncio.to_thread(query, "SELECT * FROM outbox WHERE helpdesk=? AND ticket_id=? ORDER BY created_at, id",
                                     (runtime.helpdesk.kind, ticket_id))
    handoffs = await asyncio.to_thread(query, "SELECT payload FROM handoffs WHERE helpdesk=? AND ticket_id=?",
                                       (runtime.helpdesk.kind, ticket_id))
    drafts = await asyncio.to_thread(query, "SELECT status FROM drafts WHERE helpdesk=? AND ticket_id=? ORDER BY id DESC",
                                     (runtime.helpdesk.kind, ticket_id))
    return Played(conv, ticket_id, run, writes, json.loads(handoffs[0]["payload"]) if handoffs else None,
                  drafts[0]["status"] if drafts else None)


async def _wait_for_approval(runtime: Runtime, ticket_id: str, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        rows = await asyncio.to_thread(
            runtime.state.query,
            "SELECT COUNT(*) AS n FROM drafts WHERE helpdesk=? AND ticket_id=? AND status != 'pending'",
            (runtime.helpdesk.kind, ticket_id),
        )
        if rows[0]["n"]:
            await runtime.service.drain(timeout)
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"approval for ticket {ticket_id} never arrived")


def render(played: Played, index: int) -> str:
    """Human-readable block for one conversation."""
    conv, run = played.conversation, played.run
    lines = [f"━━ {index}. {conv.title} ━━", f"Customer ({conv.email}, {conv.channel}, ticket #{played.ticket_id}):"]
    lines += textwrap.indent(conv.body, "  │ ").splitlines()
    intents = json.loads(run.get("intents") or "[]")
    lines.append(f"Intents: {', '.join(intents) or '-'} · language {run.get('language')} · confidence {run.get('confidence') or 0:.2f}")
    reasons = json.loads(run.get("reasons") or "[]")
    lines.append(f"Decision: {run.get('outcome')} ({run.get('action')})" + (f" — {'; '.join(reasons)}" if reasons else ""))
    lines.append("Written to the help desk:")
    for write in played.writes:
        data = json.loads(write["payload"])
        state = f"[{write['status']}]"
        routing = (f"queue={data.get('queue') or '-'} priority={data.get('priority') or '-'} "
                   f"tags={', '.join(data.get('add_tags') or [])}")
        if write["kind"] == "reply":
            lines.append(f"  • PUBLIC REPLY {state}" + (" (approved draft, posted as the agent)" if data.get("author_id") else ""))
            lines += textwrap.indent(data["body"], "      ").splitlines()
        elif write["kind"] == "note":
            lines.append(f"  • internal note {state}")
            lines += textwrap.indent(data["body"], "      ").splitlines()
        if write["kind"] in ("note", "routing") and (data.get("queue") or data.get("add_tags")):
            lines.append(f"  • routing {state}: {routing}")
        if write["kind"] == "task":
            lines.append(f"  • handoff task ticket {state} #{write.get('receipt_id')}: {data.get('subject')}")
    if played.draft_status:
        lines.append(f"Draft status: {played.draft_status}")
    if played.handoff:
        lines.append("Handoff ticket JSON:")
        lines += textwrap.indent(json.dumps(played.handoff, indent=2, ensure_ascii=False), "  ").splitlines()
    return "\n".join(lines)


async def run_demo(helpdesk: HelpDeskKind = "zendesk", *, out: Callable[[str], None] = print,
                   workdir: str | Path | None = None, conversations=CONVERSATIONS) -> DemoResult:
    """Start everything on loopback, play the conversations, print what Deskhand did, stop everything."""
    with tempfile.TemporaryDirectory(prefix="deskhand-demo-") as tmp:
        base = Path(workdir or tmp)
        env = await start_sandbox(helpdesk=helpdesk, database=base / "deskhand.db")
        runtime = await build_runtime(env.settings, today=lambda: env.today)
        runner = web.AppRunner(runtime.service.make_app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, env.settings.service.host, env.settings.service.port)
        await site.start()
        result = DemoResult()
        try:
            out(f"Deskhand demo · help desk: {helpdesk} (sandbox {env.helpdesk.url}) · store: sandbox {env.store.url}\n"
                f"Deskhand listening on {env.deskhand_url} · state file {base / 'deskhand.db'}\n")
            async with aiohttp.ClientSession() as http:
                for index, conv in enumerate(conversations, 1):
                    played = await play(conv, env, runtime, http)
                    result.played.append(played)
                    out(render(played, index) + "\n")
        finally:
            await runner.cleanup()
            await runtime.close()
            await env.close()
        return result
