"""The benchmark's load driver, in a process of its own so Deskhand's process runs Deskhand alone.

The driver posts customer messages to the sandbox help desk (which creates the ticket and calls
Deskhand's webhook, signed) and watches Deskhand's state file through a read-only connection for each
ticket's last help-desk write. The parent asks for one level at a time over a pipe and gets back the
latencies; nothing the driver does takes Deskhand's CPU, GIL or state lock.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import sqlite3
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.demo_script import Conversation


@dataclass(frozen=True)
class LevelRequest:
    """Keep `concurrency` conversations in flight until `tickets` are handled, round-robin over `mix`."""

    concurrency: int
    tickets: int
    mix: tuple[tuple[str, Conversation], ...]
    timeout: float = 120.0


@dataclass
class LevelOutcome:
    """What the driver saw: per ticket its latency and type, plus the level's wall time."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    ticket_ids: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0  # the driver's own CPU during the level


class Driver:
    """Parent side: start the child, run levels, stop it."""

    def __init__(self, helpdesk_url: str, database: str, helpdesk_kind: str) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_main, args=(child, helpdesk_url, database, helpdesk_kind), daemon=True)
        self.process.start()

    async def run_level(self, request: LevelRequest) -> LevelOutcome:
        """Drive one level in the child and wait for its outcome (errors there are raised here)."""
        await asyncio.to_thread(self._conn.send, request)
        kind, value = await asyncio.to_thread(self._conn.recv)
        if kind == "error":
            raise RuntimeError(f"load driver failed: {value}")
        return value

    async def close(self) -> None:
        """Stop the child and reap it."""
        from bench import stop_child

        await stop_child(self._conn, self.process, None)


def _main(conn, helpdesk_url: str, database: str, helpdesk_kind: str) -> None:
    asyncio.run(_serve(conn, helpdesk_url, database, helpdesk_kind))


async def _serve(conn, helpdesk_url: str, database: str, helpdesk_kind: str) -> None:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        watcher = Watcher(database, helpdesk_kind)
        while True:
            request = await asyncio.to_thread(conn.recv)
            if request is None:
                return
            try:
                outcome = await _level(http, helpdesk_url, watcher, request)
            except Exception as err:  # reported to the parent, which raises it
                conn.send(("error", f"{type(err).__name__}: {err}"))
                continue
            conn.send(("ok", outcome))


async def _level(http: aiohttp.ClientSession, helpdesk_url: str, watcher: "Watcher", request: LevelRequest) -> LevelOutcome:
    sem = asyncio.Semaphore(request.concurrency)
    outcome = LevelOutcome(seconds=0.0)

    async def one(i: int) -> None:
        kind, conv = request.mix[i % len(request.mix)]
        async with sem:
            payload = {"email": conv.email, "body": conv.body, "channel": conv.channel}
            if conv.subject:
                payload["subject"] = conv.subject
            sent = time.time()
            async with http.post(f"{helpdesk_url}/_sandbox/customer_message", json=payload) as resp:
                resp.raise_for_status()
                ticket_id = str((await resp.json())["ticket_id"])
            end = await asyncio.wait_for(watcher.wait(ticket_id), request.timeout)
            outcome.latencies.append(max(0.0, end - sent))
            outcome.kinds.append(kind)
            outcome.ticket_ids.append(ticket_id)

    cpu0, start = time.process_time(), time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(request.tickets)))
    outcome.seconds = time.perf_counter() - start
    outcome.cpu_seconds = time.process_time() - cpu0
    return outcome


class Watcher:
    """One poller resolves every in-flight ticket: one query per tick, not one per ticket."""

    def __init__(self, database: str, helpdesk_kind: str, interval: float = 0.02) -> None:
        self.database, self.kind, self.interval = database, helpdesk_kind, interval
        self.pending: dict[str, asyncio.Future] = {}
        self.task: asyncio.Task | None = None
        self._reader: sqlite3.Connection | None = None

    def wait(self, ticket_id: str) -> asyncio.Future:
        """A future resolved with the wall time of the ticket's last help-desk write."""
        future = asyncio.get_running_loop().create_future()
        self.pending[ticket_id] = future
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._poll())
        return future

    async def _poll(self) -> None:
        while self.pending:
            for ticket_id, end in self._finished(list(self.pending)[:500]).items():
                future = self.pending.pop(ticket_id, None)
                if future is not None and not future.done():
                    future.set_result(end)
            await asyncio.sleep(self.interval)

    def _finished(self, ticket_ids: list[str]) -> dict[str, float]:
        """Tickets whose run is recorded and whose writes all left the outbox -> time of the last write."""
        if not ticket_ids:
            return {}
        if self._reader is None:  # read-only: a WAL reader never holds Deskhand's write lock
            self._reader = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)
            self._reader.row_factory = sqlite3.Row
        marks = ",".join("?" * len(ticket_ids))
        rows: list[Any] = self._reader.execute(
            "SELECT r.ticket_id AS t, MAX(r.finished_at) AS fin,"
            " (SELECT COUNT(*) FROM outbox o WHERE o.helpdesk = r.helpdesk AND o.ticket_id = r.ticket_id"
            "  AND o.status IN ('pending','sending')) AS open,"
            " (SELECT MAX(done_at) FROM outbox o WHERE o.helpdesk = r.helpdesk AND o.ticket_id = r.ticket_id) AS last"
            f" FROM runs r WHERE r.helpdesk = ? AND r.ticket_id IN ({marks}) GROUP BY r.ticket_id",
            (self.kind, *ticket_ids),
        ).fetchall()
        return {r["t"]: float(r["last"] or r["fin"] or time.time()) for r in rows if not r["open"]}
