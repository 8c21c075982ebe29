"""Webhook health in the running service: silent sources, disabled store webhooks, scheduled reconciliation.

WooCommerce delivers at most once and silently disables a webhook after repeated failures; Zendesk and
Freshdesk drop deliveries behind circuit breakers. So the service watches its own inputs: a loop that,
every `check_every_seconds`, flags sources that went quiet, asks the store which of Deskhand's webhooks
it has disabled or paused, and (every `reconcile_every_minutes`) polls orders modified since the last
successful poll into the order-state cache. Findings are written to the state file, so `deskhand status`
in another process prints them; the watermark is there too, so a restart continues where it stopped.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Sequence

from bot.metrics import Metrics
from bot.order_cache import OrderStateCache, ReconcileSource, reconcile
from bot.state import State

log = logging.getLogger("deskhand.monitor")

TABLE = "monitor_health"
FLAGGED_STATUSES = frozenset({"disabled", "paused"})


@dataclass(frozen=True)
class DisabledWebhook:
    """A store webhook Deskhand depends on that the store stopped delivering."""

    id: int
    topic: str
    status: str


@dataclass(frozen=True)
class Health:
    """What the monitor last found; persisted as JSON rows in the state file."""

    checked_at: float | None = None
    silent: tuple[str, ...] = ()
    disabled_webhooks: tuple[DisabledWebhook, ...] = ()
    webhooks_error: str | None = None  # the store's webhook list could not be read
    last_reconcile_at: float | None = None  # last successful poll (monitor clock)
    reconcile_watermark: str | None = None  # newest order modification seen (store time, ISO UTC)
    reconcile_error: str | None = None  # the last poll failed; it is retried next tick
    reconciled_orders: int = 0  # orders read by polls so far
    caught_up: int = 0  # order changes no webhook had reported, picked up by polls
    reconcile_failures: int = 0
    check_every_s: float | None = None

    @property
    def problems(self) -> tuple[str, ...]:
        """One short phrase per thing that needs a human."""
        out = [f"silent webhook source {s}" for s in self.silent]
        out += [f"store webhook {h.id} ({h.topic}) {h.status}" for h in self.disabled_webhooks]
        if self.webhooks_error:
            out.append(f"store webhooks unreadable ({self.webhooks_error})")
        if self.reconcile_error:
            out.append(f"reconcile failing ({self.reconcile_error})")
        return tuple(out)


def ensure_schema(state: State) -> None:
    """Create the key/value table the monitor writes (idempotent)."""
    with state.write() as db:
        db.conn.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (name TEXT PRIMARY KEY, value TEXT, updated_at REAL)")


def load_health(state: State) -> Health:
    """Read the persisted findings; an empty Health when the monitor never ran against this file."""
    if not state.query("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)):
        return Health()
    rows = {r["name"]: json.loads(r["value"]) for r in state.query(f"SELECT name, value FROM {TABLE}")}
    checks, rec = rows.get("checks", {}), rows.get("reconcile", {})
    return Health(
        checked_at=checks.get("checked_at"),
        silent=tuple(checks.get("silent", ())),
        disabled_webhooks=tuple(DisabledWebhook(**h) for h in checks.get("disabled_webhooks", ())),
        webhooks_error=checks.get("webhooks_error"),
        check_every_s=checks.get("check_every_s"),
        last_reconcile_at=rec.get("last_ok_at"),
        reconcile_watermark=rec.get("watermark"),
        reconcile_error=rec.get("error"),
        reconciled_orders=rec.get("orders", 0),
        caught_up=rec.get("caught_up", 0),
        reconcile_failures=rec.get("failures", 0),
    )


def _put(state: State, name: str, value: dict[str, Any]) -> None:
    with state.write() as db:
        db.conn.execute(
            f"INSERT INTO {TABLE} (name, value, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (name, json.dumps(value, default=str), state.clock()),
        )


def _get(state: State, name: str) -> dict[str, Any]:
    rows = state.query(f"SELECT value FROM {TABLE} WHERE name = ?", (name,))
    return json.loads(rows[0]["value"]) if rows else {}


def is_deskhand_webhook(hook: Any, own_url: str | None) -> bool:
    """Order webhooks, or any webhook delivering to this service's WooCommerce route."""
    topic, url = str(hook.topic or ""), str(hook.delivery_url or "")
    mine = bool(own_url) and url.rstrip("/").startswith(own_url.rstrip("/") + "/webhooks/woocommerce")
    return mine or topic.startswith("order.")


@dataclass
class Monitor:
    """The health loop; tick() does one pass and never raises for an upstream failure."""

    state: State
    metrics: Metrics
    expected_sources: Sequence[str]
    store: ReconcileSource | None = None
    orders: OrderStateCache | None = None
    own_url: str | None = None
    check_every_s: float = 60.0
    silent_after_s: float = 3600.0
    reconcile_every_s: float = 900.0
    first_lookback: timedelta = timedelta(hours=24)
    clock: Callable[[], float] | None = None  # defaults to the state's clock, which stamps deliveries
    _task: asyncio.Task | None = field(default=None, repr=False)
    _flagged_topics: set[str] = field(default_factory=set, repr=False)
    _flagged: set[DisabledWebhook] = field(default_factory=set, repr=False)
    _silent: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        ensure_schema(self.state)

    def now(self) -> float:
        """The monitor's clock (injectable)."""
        return (self.clock or self.state.clock)()

    # ------------------------------------------------------------------ loop

    def start(self) -> asyncio.Task:
        """Run the loop as a task of the current event loop."""
        self._task = asyncio.create_task(self.run(), name="deskhand-monitor")
        return self._task

    async def stop(self) -> None:
        """Cancel the loop and wait for it."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def run(self) -> None:
        """tick() every check_every_s until cancelled; a bug in one pass is logged, not fatal."""
        while True:
            # Sleep first: a service that just started has nothing to report yet, and short-lived
            # runs (demo, tests) make no extra store calls.
            await asyncio.sleep(self.check_every_s)
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception as err:  # the loop must outlive anything one pass does
                log.error("monitor pass failed", extra={"error": type(err).__name__})

    async def tick(self) -> Health:
        """One pass: silent sources, store webhooks, and the reconcile poll when it is due."""
        now = self.now()
        silent = await asyncio.to_thread(self._silent_sources, now)
        disabled, hooks_error = await self._store_webhooks()
        checks = {"checked_at": now, "silent": list(silent), "check_every_s": self.check_every_s,
                  "disabled_webhooks": [asdict(h) for h in disabled], "webhooks_error": hooks_error}
        await asyncio.to_thread(_put, self.state, "checks", checks)
        rec = await asyncio.to_thread(_get, self.state, "reconcile")
        # Due on schedule, or at once after a failed poll (the failure is retried on the next tick).
        due = rec.get("last_ok_at") is None or rec.get("error") or now - rec["last_ok_at"] >= self.reconcile_every_s
        if due and self.store is not None and self.orders is not None:
            await self._reconcile(self.store, self.orders, now, rec)
        return await asyncio.to_thread(load_health, self.state)

    # ------------------------------------------------------------------ checks

    def _silent_sources(self, now: float) -> tuple[str, ...]:
        """Expected sources with no genuine delivery for longer than silent_after_s."""
        watch = _get(self.state, "watching")
        if "since" not in watch:  # a source never heard from is measured from when watching began
            watch = {"since": now}
            _put(self.state, "watching", watch)
        last = {r["source"]: r["last_delivery_at"] for r in self.state.query(
            "SELECT source, last_delivery_at FROM webhook_sources")}
        silent = []
        for source in self.expected_sources:
            quiet_for = now - (last.get(source) or watch["since"])
            is_silent = quiet_for > self.silent_after_s
            self.metrics.source_silent.labels(source).set(int(is_silent))
            if is_silent:
                silent.append(source)
        for source in set(silent) - self._silent:  # warn on the change, not on every pass
            log.warning("webhook source silent", extra={"source": source})
        for source in self._silent - set(silent):
            log.info("webhook source delivering again", extra={"source": source})
        self._silent = set(silent)
        return tuple(silent)

    async def _store_webhooks(self) -> tuple[tuple[DisabledWebhook, ...], str | None]:
        if self.store is None:
            return (), None
        try:
            hooks = await self.store.webhooks_status()
        except Exception as err:  # ConnectorError or anything odd: reported, retried next tick
            self.metrics.monitor_errors.labels("store_webhooks").inc()
            log.warning("store webhooks check failed", extra={"error": type(err).__name__})
            return (), type(err).__name__
        flagged = tuple(DisabledWebhook(int(h.id), str(h.topic), str(h.status)) for h in hooks
                        if is_deskhand_webhook(h, self.own_url) and str(h.status) in FLAGGED_STATUSES)
        topics = {h.topic for h in flagged}
        for topic in self._flagged_topics - topics:
            self.metrics.store_webhook_disabled.labels(topic).set(0)
        for topic in topics:
            self.metrics.store_webhook_disabled.labels(topic).set(1)
        self._flagged_topics = topics
        for hook in set(flagged) - self._flagged:  # warn on the change, not on every pass
            log.warning("store webhook %s (%s) is %s: WooCommerce will not deliver it", hook.id, hook.topic, hook.status)
        self._flagged = set(flagged)
        return flagged, None

    async def _reconcile(self, store: ReconcileSource, orders: OrderStateCache, now: float,
                         rec: dict[str, Any]) -> None:
        """Poll orders modified since the watermark; the watermark moves only after a successful pass."""
        since = (datetime.fromisoformat(rec["watermark"]) if rec.get("watermark")
                 else datetime.fromtimestamp(now, tz=timezone.utc) - self.first_lookback)
        rec = {**rec, "last_attempt_at": now}  # kept for the record; scheduling uses last_ok_at
        try:
            result = await reconcile(store, orders, since, check_webhooks=False)
        except Exception as err:  # upstream down or a bad page: count it, keep the watermark, retry next tick
            self.metrics.reconcile_failures.inc()
            self.metrics.monitor_errors.labels("reconcile").inc()
            log.warning("reconcile failed; retrying next check", extra={"error": type(err).__name__})
            rec.update(error=type(err).__name__, failures=rec.get("failures", 0) + 1)
        else:
            self.metrics.reconcile_orders.inc(result.checked)
            self.metrics.reconcile_caught_up.inc(len(result.missed))
            self.metrics.reconcile_last_success.set(now)
            if result.missed:
                log.warning("reconcile caught up on missed order events", extra={"count": len(result.missed)})
            rec.update(watermark=result.watermark.astimezone(timezone.utc).isoformat(), last_ok_at=now, error=None,
                       orders=rec.get("orders", 0) + result.checked,
                       caught_up=rec.get("caught_up", 0) + len(result.missed))
        await asyncio.to_thread(_put, self.state, "reconcile", rec)


def expected_sources(helpdesk: str, woocommerce_secret: str | None) -> tuple[str, ...]:
    """The configured help desk always; WooCommerce when its webhook secret is set."""
    return (helpdesk,) + (("woocommerce",) if woocommerce_secret else ())


def monitor_from_settings(settings: Any, state: State, metrics: Metrics, *, store: ReconcileSource | None,
                          orders: OrderStateCache | None, clock: Callable[[], float] | None = None) -> Monitor:
    """A Monitor configured from Settings.monitoring (used by bot.wiring)."""
    m = settings.monitoring
    return Monitor(
        state=state, metrics=metrics, store=store, orders=orders, own_url=settings.service.public_url,
        expected_sources=expected_sources(settings.service.helpdesk, settings.woocommerce.webhook_secret),
        check_every_s=m.check_every_seconds, silent_after_s=m.silent_after_minutes * 60,
        reconcile_every_s=m.reconcile_every_minutes * 60, first_lookback=timedelta(hours=m.reconcile_lookback_hours),
        clock=clock,
    )


