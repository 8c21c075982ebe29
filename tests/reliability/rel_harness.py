"""Fault-suite plumbing: sandboxes in the test process, Deskhand as a real subprocess, write counting."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from bot.sandbox_env import SandboxEnv, start_sandbox
from bot.settings import Settings
from connectors.freshdesk import task_tag

REPO_ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("service", "woocommerce", "zendesk", "freshdesk")
APPROVE = {"zendesk": ("/_sandbox/apply_macro", "title"), "freshdesk": ("/_sandbox/apply_scenario", "name")}


def write_config(settings: Settings, path: Path) -> Path:
    """The sandbox settings as a TOML file `deskhand serve --config` reads (scalars only)."""
    lines: list[str] = []
    for name in SECTIONS:
        section = getattr(settings, name).model_dump(exclude_none=True)
        lines.append(f"[{name}]")
        for key, value in section.items():
            if isinstance(value, bool):
                lines.append(f"{key} = {'true' if value else 'false'}")
            elif isinstance(value, (int, float)):
                lines.append(f"{key} = {value}")
            elif isinstance(value, str):
                lines.append(f"{key} = {json.dumps(value)}")  # JSON string escapes are valid TOML
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


async def start_world(tmp_path: Path, helpdesk: str) -> SandboxEnv:
    """WooCommerce + help-desk sandboxes in this process; their webhook deliveries retry for ~15 s."""
    env = await start_sandbox(helpdesk=helpdesk, database=tmp_path / "deskhand.db")  # type: ignore[arg-type]
    if helpdesk == "zendesk":
        # Zendesk retries failed deliveries; stretch the sandbox's schedule over a process restart.
        deliverer = env.helpdesk.world.deliverer  # type: ignore[attr-defined]
        deliverer.attempts, deliverer.backoff_s = 40, 0.02
    else:
        from connectors.sandbox.freshdesk_automation import AUTOMATION

        auto = env.helpdesk.app[AUTOMATION]
        auto.attempts, auto.retry_delay_s = 80, 0.2
    return env


def deliveries_in_flight(env: SandboxEnv) -> int:
    """Webhook deliveries the help-desk sandbox is still trying."""
    if env.helpdesk_kind == "zendesk":
        return len(env.helpdesk.world.deliverer._tasks)  # type: ignore[attr-defined]
    from connectors.sandbox.freshdesk_automation import AUTOMATION

    return len(env.helpdesk.app[AUTOMATION].tasks)


@dataclass
class Deskhand:
    """`python3 -m bot.cli --config FILE serve` in a child process."""

    env: SandboxEnv
    config: Path
    log_dir: Path
    proc: asyncio.subprocess.Process | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return self.env.deskhand_url

    async def start(self, crash_at: str | None = None) -> None:
        """Start the service (armed with DESKHAND_CRASH_AT when given) and wait for /healthz."""
        environ = {k: v for k, v in os.environ.items() if not k.startswith("DESKHAND_")}
        if crash_at:
            environ["DESKHAND_CRASH_AT"] = crash_at
        self.starts += 1
        out = open(self.log_dir / f"deskhand-{self.starts}.log", "wb")
        try:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", "--config", str(self.config), "serve",
                cwd=REPO_ROOT, env=environ, stdout=out, stderr=asyncio.subprocess.STDOUT,
            )
        finally:
            out.close()
        await self._wait_ready()

    async def _wait_ready(self, timeout: float = 20.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with aiohttp.ClientSession() as http:
            while loop.time() < deadline:
                if self.proc and self.proc.returncode is not None:
                    raise RuntimeError(f"deskhand exited {self.proc.returncode} at start-up: {self.log()}")
                try:
                    async with http.get(f"{self.url}/healthz") as resp:
                        if resp.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)
        raise TimeoutError(f"deskhand not ready: {self.log()}")

    async def wait_exit(self, timeout: float = 30.0) -> int:
        """The exit code (negative: killed by that signal)."""
        assert self.proc is not None
        try:
            return await asyncio.wait_for(self.proc.wait(), timeout)
        except asyncio.TimeoutError:
            raise TimeoutError(f"deskhand still running after {timeout}s: {self.log()}") from None

    async def stop(self) -> int:
        """Graceful stop (SIGTERM drains in-flight work); SIGKILL if it hangs."""
        if self.proc is None or self.proc.returncode is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.proc.wait(), 15)
        except asyncio.TimeoutError:
            self.proc.kill()
            return await self.proc.wait()

    async def health(self) -> dict[str, Any] | None:
        """/healthz figures, or None while the process is down."""
        try:
            async with aiohttp.ClientSession() as http, http.get(f"{self.url}/healthz") as resp:
                return await resp.json() if resp.status == 200 else None
        except aiohttp.ClientError:
            return None

    def log(self) -> str:
        """The last lines the child printed (for failure messages)."""
        text = "".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("deskhand-*.log")))
        return text[-3000:]


def query(env: SandboxEnv, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    """Read Deskhand's state file from the test process (WAL: safe while the child writes)."""
    conn = sqlite3.connect(env.settings.service.database, timeout=5.0)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


async def wait_until_drained(env: SandboxEnv, deskhand: Deskhand, *, runs: int, timeout: float = 40.0) -> float:
    """Until no delivery is retrying, the backlog is 0 and `runs` runs exist; returns seconds waited."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    calm = 0
    while loop.time() - start < timeout:
        health = await deskhand.health()
        done = (health is not None and health["inbox"] == 0 and health["outbox"] == 0
                and not deliveries_in_flight(env)
                and query(env, "SELECT COUNT(*) AS n FROM runs")[0]["n"] >= runs)
        calm = calm + 1 if done else 0
        if calm >= 3:  # stable across polls: a late delivery or relay pass would show up
            return loop.time() - start
        await asyncio.sleep(0.1)
    raise TimeoutError(f"not drained after {timeout}s: health={await deskhand.health()} {deskhand.log()}")


async def customer_message(http: aiohttp.ClientSession, env: SandboxEnv, conv: dict[str, Any]) -> str:
    """A shopper writes in through the help-desk sandbox; returns the ticket id."""
    async with http.post(f"{env.helpdesk.url}/_sandbox/customer_message", json=conv) as resp:
        resp.raise_for_status()
        return str((await resp.json())["ticket_id"])


async def approve(http: aiohttp.ClientSession, env: SandboxEnv, ticket_id: str) -> None:
    """An agent applies "Deskhand: send draft" on the ticket."""
    path, key = APPROVE[env.helpdesk_kind]
    async with http.get(f"{env.helpdesk.url}/_sandbox/people") as resp:
        agent = next(p["id"] for p in await resp.json() if p["key"] == "alex")
    async with http.post(f"{env.helpdesk.url}{path}", json={"ticket_id": ticket_id, key: "Deskhand: send draft",
                                                               "agent_id": agent}) as resp:
        resp.raise_for_status()


@dataclass
class Tally:
    """What Deskhand meant to write (its outbox) against what the help desk holds."""

    messages: int = 0
    expected: int = 0
    lost: int = 0
    duplicated: int = 0
    parked: int = 0
    stray: int = 0  # writes in the help desk no outbox row accounts for
    per_ticket: dict[str, dict[str, int]] = field(default_factory=dict)

    def line(self, label: str) -> str:
        """One quotable summary line."""
        return (f"{label}: messages={self.messages} writes={self.expected} lost={self.lost} "
                f"duplicated={self.duplicated} stray={self.stray} parked={self.parked}")


def _norm(text: str) -> str:
    return " ".join(str(text or "").split())


def tally(env: SandboxEnv, tickets: list[str]) -> Tally:
    """Count each outbox write's copies in the sandbox help desk, per customer ticket and task."""
    rows = query(env, "SELECT * FROM outbox")
    result = Tally(expected=len(rows))
    result.parked = (query(env, "SELECT COUNT(*) AS n FROM outbox WHERE status='parked'")[0]["n"]
                     + query(env, "SELECT COUNT(*) AS n FROM inbox WHERE status='parked'")[0]["n"])
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    comments = thread(env, tickets)
    for ticket in tickets:
        mine = [r for r in rows if r["ticket_id"] == ticket and r["kind"] in ("note", "reply")]
        theirs = [c for c in comments[ticket] if not c["customer"]]
        customer = sum(1 for c in comments[ticket] if c["customer"])
        result.messages += customer
        copies = Counter(_match(env, c) for c in theirs)
        for row in mine:
            n = copies.pop(_want(env, row), 0)
            result.lost += n == 0
            result.duplicated += max(0, n - 1)
        result.stray += sum(copies.values())
        result.per_ticket[ticket] = {"customer_messages": customer, "bot_writes": len(theirs),
                                     "outbox_writes": len(mine)}
    tasks = _task_counts(env)
    for row in by_kind.get("task", []):
        n = tasks.pop(task_key(env, json.loads(row["payload"])["external_id"]), 0)
        result.lost += n == 0
        result.duplicated += max(0, n - 1)
    result.stray += sum(tasks.values())
    return result


def _want(env: SandboxEnv, row: dict[str, Any]) -> str:
    # Zendesk keeps Deskhand's idempotency key on the comment; Freshdesk only has the text.
    return row["id"] if env.helpdesk_kind == "zendesk" else _norm(json.loads(row["payload"])["body"])


def _match(env: SandboxEnv, comment: dict[str, Any]) -> str:
    if env.helpdesk_kind == "zendesk":
        return comment["key"] or f"<no key> {comment['text']}"
    return _norm(comment["text"])


def thread(env: SandboxEnv, tickets: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each ticket's entries in the help desk: id (as Deskhand names it), key, text, customer?."""
    out: dict[str, list[dict[str, Any]]] = {}
    if env.helpdesk_kind == "zendesk":
        account = env.helpdesk.world.account  # type: ignore[attr-defined]
        for ticket in tickets:
            requester = account.tickets[int(ticket)]["requester_id"]
            out[ticket] = [{"id": str(c["id"]), "key": (c["metadata"].get("custom") or {}).get("deskhand_idempotency_key"),
                            "text": c["body"], "customer": c["author_id"] == requester}
                           for c in account.comments[int(ticket)]]
        return out
    from connectors.sandbox.freshdesk_server import STATE

    state = env.helpdesk.app[STATE]
    for ticket in tickets:
        t = state.tickets[int(ticket)]
        # The ticket's description is the first customer message; conversations follow.
        out[ticket] = [{"id": f"{ticket}:description", "key": None, "customer": True,
                        "text": t.get("description_text") or t.get("description") or ""}]
        out[ticket] += [{"id": str(c["id"]), "key": None, "text": c["body_text"], "customer": bool(c["incoming"])}
                        for c in state.conversations[int(ticket)]]
    return out


def _task_counts(env: SandboxEnv) -> Counter:
    """Handoff task tickets in the help desk, counted per external id."""
    if env.helpdesk_kind == "zendesk":
        account = env.helpdesk.world.account  # type: ignore[attr-defined]
        return Counter(t["external_id"] for t in account.tickets.values() if t.get("external_id"))
    from connectors.sandbox.freshdesk_server import STATE

    state = env.helpdesk.app[STATE]
    counts: Counter = Counter()
    for t in state.tickets.values():
        for tag in t.get("tags") or []:
            if tag.startswith("dh-"):
                counts[tag] += 1
    return counts


def task_key(env: SandboxEnv, external_id: str) -> str:
    """How a task's external id shows in the help desk (Zendesk external_id, Freshdesk dh- tag)."""
    return external_id if env.helpdesk_kind == "zendesk" else task_tag(external_id)
