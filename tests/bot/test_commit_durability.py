"""Durability by group commit: promises wait for an fsync of the WAL; bookkeeping never does."""

from __future__ import annotations

import asyncio
import os
import threading
from dataclasses import replace

import pytest

from bot.outbox import OutboxRelay
from bot.runner import process_safely
from bot.state import State
from bot.wal_sync import WalSync
from test_runner import MISSION, FakeHelpDesk, make  # noqa: F401  (make is a fixture)
from builders import message, order, ticket


class GatedFsync:
    """An fsync that counts calls and, while closed, blocks like a slow disk."""

    def __init__(self) -> None:
        self.calls = 0
        self.open = threading.Event()
        self.open.set()

    def __call__(self, fd: int) -> None:
        self.open.wait(10)
        self.calls += 1
        os.fsync(fd)


def gate(state: State) -> GatedFsync:
    fsync = GatedFsync()
    state.wal.close()
    state.wal = WalSync(state.wal.wal.with_name(state.wal.wal.name[:-4]), fsync=fsync)
    return fsync


def test_the_state_connection_commits_at_normal_and_plain_connections_at_full(tmp_path):
    state = State.open(tmp_path / "s.db")
    assert state.db.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: synced() does the fsync


async def test_synced_waits_for_the_fsync_of_the_wal(tmp_path):
    state = State.open(tmp_path / "s.db")
    fsync = gate(state)
    state.accept_event("zendesk", "k1", "42", "message", None)
    fsync.open.clear()
    waiting = asyncio.create_task(state.synced())
    await asyncio.sleep(0.2)
    assert not waiting.done()  # the disk has not confirmed yet
    fsync.open.set()
    await asyncio.wait_for(waiting, 5)
    assert fsync.calls >= 1


async def test_many_waiters_share_few_fsyncs(tmp_path):
    state = State.open(tmp_path / "s.db")
    fsync = gate(state)
    fsync.open.clear()
    waiters = []
    for i in range(200):
        state.accept_event("zendesk", f"k{i}", str(i), "message", None)
        waiters.append(asyncio.create_task(state.synced()))
    await asyncio.sleep(0.05)
    fsync.open.set()
    await asyncio.wait_for(asyncio.gather(*waiters), 10)
    assert fsync.calls <= 5  # one in flight when the gate closed, then one for everyone queued behind it


async def test_a_failed_fsync_reaches_every_waiter(tmp_path):
    state = State.open(tmp_path / "s.db")
    state.accept_event("zendesk", "k1", "42", "message", None)

    def broken(fd: int) -> None:
        raise OSError(5, "I/O error")

    state.wal.close()
    state.wal = WalSync(tmp_path / "s.db", fsync=broken)
    with pytest.raises(OSError):
        await state.synced()


async def test_a_run_claims_its_writes_in_its_own_commit_and_sends_them_after_the_fsync(make):
    state, desk, store, pipeline = make([ticket(message(MISSION))], [order()])
    pipeline.relay = OutboxRelay(state, desk)
    fsync = gate(state)
    state.accept_event("zendesk", "k1", "42", "message", None)
    row = state.claim_inbox()[0]
    seen: list[str] = []
    state.db.conn.set_trace_callback(seen.append)
    fsync.open.clear()
    run = asyncio.create_task(process_safely(pipeline, row))
    for _ in range(500):  # until the run has committed and claimed its writes
        if state.query("SELECT 1 FROM outbox WHERE status = 'sending'"):
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)
    assert desk.posted == []  # claimed, but not on disk yet: nothing may leave
    fsync.open.set()
    assert await asyncio.wait_for(run, 10) == "handoff"
    assert len(desk.posted) == 2  # the note on the ticket and the handoff task
    assert state.query("SELECT COUNT(*) AS n FROM outbox WHERE status != 'done'")[0]["n"] == 0
    # The run, its rows and their claim are one transaction; the two done markers are one each.
    assert seen.count("COMMIT") == 3
    rows = state.query("SELECT attempts FROM outbox")
    assert rows and all(r["attempts"] == 1 for r in rows)


async def test_without_a_relay_a_run_only_queues_its_writes(make):
    state, desk, store, pipeline = make([ticket(message(MISSION))], [order()])
    state.accept_event("zendesk", "k1", "42", "message", None)
    assert await process_safely(pipeline, state.claim_inbox()[0]) == "handoff"
    assert desk.posted == []
    assert {r["status"] for r in state.query("SELECT status FROM outbox")} == {"pending"}


async def test_a_bug_while_sending_puts_claimed_rows_back_with_their_attempt_counted(make):
    class Broken(FakeHelpDesk):
        async def post(self, ticket_id, write):
            raise RuntimeError("bug in an adapter")

    state, _, store, pipeline = make([ticket(message(MISSION))], [order()])
    broken = Broken([ticket(message(MISSION))])
    pipeline = replace(pipeline, helpdesk=broken, relay=OutboxRelay(state, broken))
    state.accept_event("zendesk", "k1", "42", "message", None)
    assert await process_safely(pipeline, state.claim_inbox()[0]) == "handoff"  # the run itself is recorded
    rows = state.query("SELECT kind, status, attempts FROM outbox")
    # The note goes back in the queue, not stuck in 'sending', its attempt still counted so the resend
    # looks first; the task ticket beside it went out through the working create_task.
    assert {(r["kind"], r["status"], r["attempts"]) for r in rows} == {("note", "pending", 1), ("task", "done", 1)}


async def test_finding_nothing_to_send_takes_no_write_lock(make):
    state, desk, store, pipeline = make([ticket(message(MISSION))], [order()])
    relay = OutboxRelay(state, desk)
    seen: list[str] = []
    state.db.conn.set_trace_callback(seen.append)
    assert await relay.send_ticket("42") == 0
    assert not any(s.startswith("BEGIN") for s in seen)


def test_closing_the_state_flushes_the_wal(tmp_path):
    state = State.open(tmp_path / "s.db")
    fsync = gate(state)
    state.accept_event("zendesk", "k1", "42", "message", None)
    state.close()
    assert fsync.calls >= 1


async def test_a_signed_webhook_is_acknowledged_only_after_its_event_is_on_disk(tmp_path):
    import json
    from datetime import datetime, timezone

    import aiohttp

    from bot.front_door import FrontDoor
    from bot.sandbox_env import start_sandbox
    from bot.wiring import build_runtime
    from connectors.zendesk_webhook import sign

    env = await start_sandbox(helpdesk="zendesk", database=tmp_path / "deskhand.db")
    runtime = await build_runtime(env.settings, today=lambda: env.today)
    fsync = gate(runtime.state)
    # As `deskhand serve` runs it: webhooks on the front door's own thread, where the fsync blocks.
    door = FrontDoor(runtime.service.make_app(with_workers=False), "127.0.0.1", 0)
    door.start()
    try:
        body = json.dumps({"ticket_id": "4242", "event": "message", "updated_at": "2026-11-20T10:00:00Z"}).encode()
        ts = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        headers = {"Content-Type": "application/json", "x-zendesk-webhook-id": "01JTESTWEBHOOK",
                   "x-zendesk-webhook-signature-timestamp": ts,
                   "x-zendesk-webhook-signature": sign(env.settings.zendesk.webhook_secret, ts, body)}
        fsync.open.clear()
        async with aiohttp.ClientSession() as http:
            post = asyncio.create_task(http.post(f"http://127.0.0.1:{door.port}/webhooks/zendesk",
                                                 data=body, headers=headers))
            for _ in range(500):  # until the event is stored
                if runtime.state.query("SELECT 1 FROM inbox"):
                    break
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.2)
            assert not post.done()  # stored, but the disk has not confirmed: no 2xx yet
            fsync.open.set()
            resp = await asyncio.wait_for(post, 10)
            assert resp.status == 202 and fsync.calls >= 1
    finally:
        fsync.open.set()
        await door.stop()
        await runtime.close()
        await env.close()
