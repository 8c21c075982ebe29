"""The aiohttp service: verify webhooks, store them durably, answer fast; workers do the rest."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from aiohttp import web

from connectors.base import HelpDesk
from connectors.errors import WebhookError

from bot.crashpoints import crash_point
from bot.metrics import Metrics
from bot.outbox import OutboxRelay
from bot.retry import ParkPolicy
from bot.runner import Pipeline, process_safely
from bot.state import State, on_loop

log = logging.getLogger("deskhand.service")

JSON_SOURCES = ("zendesk", "freshdesk")


@dataclass
class StoreWebhooks:
    """How the WooCommerce webhook route verifies and records order events."""

    parse: Callable[[Any, bytes], Any]  # (headers, body) -> OrderWebhookEvent; raises WebhookError
    apply: Callable[[Any], bool]  # event -> False when duplicate / stale


@dataclass
class Service:
    """The web app plus its inbox workers and outbox relay."""

    state: State
    helpdesk: HelpDesk
    pipeline: Pipeline
    relay: OutboxRelay
    metrics: Metrics = field(default_factory=Metrics)
    store_webhooks: StoreWebhooks | None = None
    monitor: Any = None  # bot.monitor.Monitor: webhook health and the reconcile poll, run with the workers
    workers: int = 4
    max_body_bytes: int = 262_144
    poll_interval: float = 0.25
    inbox_policy: ParkPolicy = field(default_factory=ParkPolicy)  # retry / park rules for inbox events
    # One token per accepted event wakes one idle worker (an Event would wake all of them, and
    # each would open a write transaction to find the inbox already claimed).
    _wake: asyncio.Queue = field(default_factory=asyncio.Queue)
    _outbox_wake: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task] = field(default_factory=list)
    _stopping: bool = False
    _in_flight: int = 0
    _worker_loop: asyncio.AbstractEventLoop | None = None
    _rejected: Counter = field(default_factory=Counter)  # refusals not yet written (see _count_rejected)
    _rejected_flushed_at: float = 0.0

    async def _count_rejected(self, source: str) -> None:
        """Refusals reach the state file at most once a second, so a forgery flood costs no fsync each."""
        self._rejected[source] += 1
        now = time.monotonic()
        if now - self._rejected_flushed_at < 1.0:
            return
        self._rejected_flushed_at = now
        pending, self._rejected = self._rejected, Counter()
        for name, count in pending.items():
            await on_loop(self.state.record_rejected, name, count)

    def _wake_workers(self) -> None:
        """Wake an idle inbox worker; safe from the front door's thread (bot/front_door.py)."""
        loop = self._worker_loop
        if loop is None or loop.is_closed():
            return  # no workers yet: they look at the inbox when they start
        try:
            here = asyncio.get_running_loop()
        except RuntimeError:
            here = None
        if here is loop:
            self._wake.put_nowait(None)
        else:
            loop.call_soon_threadsafe(self._wake.put_nowait, None)

    # ------------------------------------------------------------------ web

    def make_app(self, *, with_workers: bool = True) -> web.Application:
        """Routes: webhooks per source, health, metrics; with_workers=False when the workers run elsewhere."""
        app = web.Application(client_max_size=self.max_body_bytes)
        app.router.add_post("/webhooks/woocommerce", self.woocommerce_webhook)
        app.router.add_post("/webhooks/{source}", self.helpdesk_webhook)
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics_view)
        if with_workers:
            app.on_startup.append(self._on_startup)
            app.on_shutdown.append(self._on_shutdown)
        return app

    async def _read_body(self, request: web.Request) -> bytes:
        if request.content_length is not None and request.content_length > self.max_body_bytes:
            raise web.HTTPRequestEntityTooLarge(max_size=self.max_body_bytes, actual_size=request.content_length)
        return await request.read()

    async def helpdesk_webhook(self, request: web.Request) -> web.Response:
        """Verify, store, acknowledge: no upstream call happens before the 2xx."""
        source = request.match_info["source"]
        if source != self.helpdesk.kind:
            return web.json_response({"error": "unknown webhook source"}, status=404)
        body = await self._read_body(request)
        if "json" not in (request.content_type or ""):
            self.metrics.webhooks.labels(source, "bad_content_type").inc()
            return web.json_response({"error": "expected application/json"}, status=415)
        try:
            event = self.helpdesk.parse_webhook(request.headers, body)
        except WebhookError as err:
            result = "forged" if err.http_status == 401 else "malformed"
            self.metrics.webhooks.labels(source, result).inc()
            await self._count_rejected(source)
            return web.json_response({"error": result}, status=err.http_status)
        fresh = await on_loop(
            self.state.accept_event, source, event.dedupe_key, event.ticket_id, event.kind, event.actor_id,
            event.requester_hint,
        )
        crash_point("after_inbox_commit")
        self.metrics.webhooks.labels(source, "accepted" if fresh else "duplicate").inc()
        if fresh:
            self._wake_workers()  # the run may start while the fsync below is under way
        # The 2xx tells the help desk not to resend: only once the event is on disk (a duplicate too,
        # since its original may still be waiting for the same fsync). The fsync runs right here, on the
        # front door's thread without the state lock: the workers' loop goes on, and no thread hand-off
        # (each may wait out the GIL's switch interval) sits between the disk and the acknowledgement.
        self.state.sync_now()
        return web.json_response({"status": "accepted" if fresh else "duplicate"}, status=202 if fresh else 200)

    async def woocommerce_webhook(self, request: web.Request) -> web.Response:
        """Order events update the order-state cache; the unsigned activation ping gets exactly 200."""
        if self.store_webhooks is None:
            return web.json_response({"error": "store webhooks not configured"}, status=404)
        body = await self._read_body(request)
        try:
            event = self.store_webhooks.parse(request.headers, body)
        except WebhookError as err:
            if err.http_status == 200:
                self.metrics.webhooks.labels("woocommerce", "ping").inc()
                return web.Response(status=200, text="ok")
            self.metrics.webhooks.labels("woocommerce", "forged" if err.http_status == 401 else "malformed").inc()
            await self._count_rejected("woocommerce")
            return web.json_response({"error": "rejected"}, status=err.http_status)
        fresh = await on_loop(self.store_webhooks.apply, event)
        await on_loop(self.state.record_delivery, "woocommerce")
        self.metrics.webhooks.labels("woocommerce", "accepted" if fresh else "duplicate").inc()
        return web.json_response({"status": "accepted" if fresh else "duplicate"}, status=200)

    async def healthz(self, request: web.Request) -> web.Response:
        """Liveness plus backlog figures."""
        rows = await asyncio.to_thread(
            self.state.query,
            "SELECT (SELECT COUNT(*) FROM inbox WHERE status IN ('pending','running')) AS inbox,"
            " (SELECT COUNT(*) FROM outbox WHERE status IN ('pending','sending')) AS outbox,"
            " (SELECT COUNT(*) FROM outbox WHERE status='parked') + (SELECT COUNT(*) FROM inbox WHERE status='parked') AS parked",
        )
        return web.json_response({"status": "ok", **rows[0]})

    async def metrics_view(self, request: web.Request) -> web.Response:
        """Prometheus text format."""
        await asyncio.to_thread(self.metrics.refresh_depths, self.state)
        return web.Response(body=self.metrics.render(), content_type="text/plain", charset="utf-8")

    # ------------------------------------------------------------------ workers

    async def _on_startup(self, app: web.Application) -> None:
        await self.start_workers()

    async def _on_shutdown(self, app: web.Application) -> None:
        await self.stop_workers()

    async def start_workers(self) -> None:
        """Recover rows a crash left in flight, then start the inbox workers and the relay."""
        await on_loop(self.state.requeue_running)
        await on_loop(self.relay.recover)
        self._worker_loop = asyncio.get_running_loop()
        self.pipeline.on_run = self.metrics.record_run
        self._stopping = False
        self._tasks = [asyncio.create_task(self._inbox_worker(i)) for i in range(self.workers)]
        self._tasks.append(asyncio.create_task(self._relay_loop()))
        if self.monitor is not None:  # stop_workers cancels it with the rest
            self._tasks.append(self.monitor.start())

    async def stop_workers(self, drain_timeout: float = 10.0) -> None:
        """Graceful stop: no new claims, wait for in-flight runs, then cancel."""
        self._stopping = True
        pending, self._rejected = self._rejected, Counter()
        for name, count in pending.items():  # refusals still buffered by _count_rejected
            await on_loop(self.state.record_rejected, name, count)
        for _ in range(self.workers):
            self._wake.put_nowait(None)
        self._outbox_wake.set()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + drain_timeout
        while self._in_flight and loop.time() < deadline:
            await asyncio.sleep(0.05)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def _inbox_worker(self, index: int) -> None:
        while not self._stopping:
            rows = await on_loop(self.state.claim_inbox, 1)
            if not rows:
                # Worker 0 also polls, for rows whose retry time has come; the rest sleep until woken.
                try:
                    await asyncio.wait_for(self._wake.get(), self.poll_interval if index == 0 else None)
                except asyncio.TimeoutError:
                    pass
                continue
            row = rows[0]
            self._in_flight += 1
            try:
                outcome = await process_safely(self.pipeline, row, policy=self.inbox_policy)
                if outcome in ("approved", "rejected"):
                    self.metrics.approvals.labels(outcome).inc()
                # Send this run's writes at once instead of waiting for the relay's next pass; the
                # claim is atomic, so the relay loop never sends the same row too.
                await self._send_now(row)
            finally:
                self._in_flight -= 1

    async def _send_now(self, row: dict[str, Any]) -> None:
        try:
            await self.relay.send_ticket(row["ticket_id"])
        except Exception:  # rows stay queued for the relay loop
            log.exception("direct send failed")
            self._outbox_wake.set()

    async def _relay_loop(self) -> None:
        while not self._stopping:
            try:
                sent = await self.relay.send_due(limit=50)
            except Exception:  # the relay must survive anything; rows stay queued
                log.exception("relay pass failed")
                sent = 0
            if sent:
                continue
            self._outbox_wake.clear()
            try:
                await asyncio.wait_for(self._outbox_wake.wait(), self.poll_interval)
            except asyncio.TimeoutError:
                pass

    async def drain(self, timeout: float = 30.0) -> bool:
        """Wait until the inbox and outbox have nothing due (demo and tests)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            rows = await on_loop(
                self.state.query,
                "SELECT (SELECT COUNT(*) FROM inbox WHERE status IN ('pending','running')) +"
                " (SELECT COUNT(*) FROM outbox WHERE status IN ('pending','sending')) AS n",
            )
            if rows[0]["n"] == 0 and not self._in_flight:
                return True
            self._wake.put_nowait(None)
            self._outbox_wake.set()
            await asyncio.sleep(0.05)
        return False
