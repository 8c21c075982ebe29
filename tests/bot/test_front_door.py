"""The front door: webhooks acknowledged on their own thread and loop still reach the workers."""

from __future__ import annotations

import asyncio
import socket
import threading

import aiohttp

from bot.front_door import FrontDoor
from bot.sandbox_env import start_sandbox
from bot.wiring import build_runtime


async def test_webhooks_on_the_front_door_loop_wake_the_workers_and_stop_frees_the_port(tmp_path):
    env = await start_sandbox(helpdesk="zendesk", database=tmp_path / "deskhand.db")
    runtime = await build_runtime(env.settings, today=lambda: env.today)
    service = runtime.service
    service.poll_interval = 30.0  # only a wake-up from the front door can get the run going in time
    await service.start_workers()
    door = FrontDoor(service.make_app(with_workers=False), env.settings.service.host, env.settings.service.port)
    door.start()
    try:
        assert door._thread is not None and door._thread is not threading.current_thread()
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{env.helpdesk.url}/_sandbox/customer_message",
                                 json={"email": "maya.lindqvist@example.com", "body": "Where is my order 10482?"}) as r:
                assert r.status == 201
                ticket_id = str((await r.json())["ticket_id"])
            for _ in range(200):  # the sandbox delivers the webhook after answering; wait for the run
                if runtime.state.query("SELECT 1 FROM runs WHERE ticket_id = ?", (ticket_id,)):
                    break
                await asyncio.sleep(0.05)
            assert await service.drain(timeout=20)
            async with http.get(f"http://{env.settings.service.host}:{door.port}/healthz") as r:
                assert r.status == 200 and (await r.json())["inbox"] == 0
        runs = runtime.state.query("SELECT outcome FROM runs WHERE ticket_id = ?", (ticket_id,))
        assert [r["outcome"] for r in runs] == ["draft"]  # order status is drafted for an agent by default
        sent = runtime.state.query("SELECT status FROM outbox WHERE ticket_id = ?", (ticket_id,))
        assert sent and {r["status"] for r in sent} == {"done"}
    finally:
        await door.stop()
        await runtime.close()
        await env.close()
    with socket.socket() as probe:  # nothing listens on the port once stop() returned
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # old connections may sit in TIME_WAIT
        probe.bind((env.settings.service.host, env.settings.service.port))


async def test_a_port_already_taken_fails_start_loudly(tmp_path):
    from aiohttp import web

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        door = FrontDoor(web.Application(), "127.0.0.1", port)
        try:
            door.start()
        except OSError:
            pass
        else:  # pragma: no cover - the assertion below explains the failure
            await door.stop()
            raise AssertionError("start() must raise when the port is taken")
