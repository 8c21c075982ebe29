"""Benchmarks; the sandbox upstreams run in a child process so they never share Deskhand's event loop."""

from __future__ import annotations

import asyncio
import multiprocessing
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass
class Url:
    """Where one sandbox listens (the shape SandboxServer exposes to the benchmark)."""

    url: str


@dataclass
class RemoteSandbox:
    """Sandbox store + Zendesk served by a child process; settings point Deskhand at them."""

    settings: Any
    store: Url
    helpdesk: Url
    today: date
    process: Any
    conn: Any

    async def close(self) -> None:
        """Ask the child to stop its servers, then reap it."""
        await stop_child(self.conn, self.process, "stop")


async def stop_child(conn: Any, process: Any, message: Any) -> None:
    """Send a child its stop message over its pipe, wait up to 10 s, then terminate it if it lingers."""
    try:
        conn.send(message)
    except (BrokenPipeError, OSError):
        pass
    await asyncio.to_thread(process.join, 10)
    if process.is_alive():
        process.terminate()


def _child(conn, database: str, latency_ms: float, base: Any) -> None:
    asyncio.run(_serve(conn, database, latency_ms, base))


async def _serve(conn, database: str, latency_ms: float, base: Any) -> None:
    from bot.sandbox_env import start_sandbox

    env = await start_sandbox(helpdesk="zendesk", database=database, latency_ms=latency_ms, base=base)
    conn.send((env.settings, env.store.url, env.helpdesk.url, env.today))
    try:
        await asyncio.to_thread(conn.recv)  # any message (or the parent vanishing) means stop
    except EOFError:
        pass
    finally:
        await env.close()


async def start_remote_sandbox(*, database: str, latency_ms: float, base: Any) -> RemoteSandbox:
    """Start the sandboxes in a fresh interpreter and wait until they listen."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_child, args=(child, database, latency_ms, base), daemon=True)
    process.start()
    ready = await asyncio.to_thread(parent.poll, 60)
    if not ready:
        process.terminate()
        raise TimeoutError("sandbox process did not start within 60 s")
    settings, store_url, desk_url, today = parent.recv()
    return RemoteSandbox(settings, Url(store_url), Url(desk_url), today, process, parent)
