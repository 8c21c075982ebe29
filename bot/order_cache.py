"""Order-state cache: last known status per order, fed by webhooks and reconciliation polls."""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable, Protocol, Sequence

import sqlite_utils

from bot.catalog import connection_lock, write_transaction
from connectors.woocommerce_parse import fulfillment_for

STATE = "order_state"
CHANGES = "order_state_changes"


class OrderEvent(Protocol):
    """A webhook event or a polled snapshot: what the cache needs to know about one order."""

    order_id: int
    status: str | None
    modified_gmt: datetime | None


@dataclass(frozen=True)
class OrderState:
    """What Deskhand last heard about an order."""

    order_id: int
    status: str
    fulfillment: str
    modified_gmt: datetime | None
    source: str
    updated_at: float


@dataclass(frozen=True)
class OrderChange:
    """One recorded change of an order's status."""

    order_id: int
    status: str
    fulfillment: str
    modified_gmt: datetime | None
    source: str
    received_at: float


def _iso(dt: datetime | None) -> str | None:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") if dt else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc) if value else None


def ensure_order_cache_schema(db: sqlite_utils.Database) -> None:
    """Create the order-state tables if missing (idempotent)."""
    with write_transaction(db):
        if STATE not in db.table_names():
            db[STATE].create({"order_id": int, "status": str, "fulfillment": str, "modified_gmt": str,
                              "source": str, "updated_at": float}, pk="order_id")
        if CHANGES not in db.table_names():
            db[CHANGES].create({"dedupe_key": str, "order_id": int, "status": str, "fulfillment": str,
                                "modified_gmt": str, "source": str, "received_at": float}, pk="dedupe_key")
            db[CHANGES].create_index(["order_id", "modified_gmt"])


def _dedupe_key(event: OrderEvent) -> str:
    key = getattr(event, "dedupe_key", None)
    if key:
        return str(key)
    raw = f"{event.order_id}|{event.status}|{_iso(event.modified_gmt)}"
    return "snapshot:" + hashlib.sha256(raw.encode()).hexdigest()


class OrderStateCache:
    """Last known status/fulfillment/modified per order id; apply() is idempotent and ignores stale news."""

    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock
        ensure_order_cache_schema(db)

    def apply(self, event: OrderEvent, *, source: str | None = None) -> bool:
        """Record an event; False when it is a duplicate, a deletion we ignore, or older than what we know."""
        if event.status is None:
            return False  # order.deleted carries no state; the reconciler re-reads the order
        key = _dedupe_key(event)
        src = source or ("webhook" if getattr(event, "webhook_id", None) is not None else "poll")
        modified = _iso(event.modified_gmt)
        fulfillment = fulfillment_for(event.status).value
        now = self.clock()
        with write_transaction(self.db):
            if list(self.db.query(f"SELECT 1 FROM {CHANGES} WHERE dedupe_key = ?", [key])):
                return False
            current = self._get(event.order_id)
            if current is not None:
                known = _iso(current.modified_gmt)
                # Deliveries arrive out of order (and carry a payload built at send time): keep the newest.
                if modified is None or (known is not None and modified < known):
                    return False
                if modified == known and current.status == event.status:
                    return False
            self.db[CHANGES].insert({"dedupe_key": key, "order_id": event.order_id, "status": event.status,
                                     "fulfillment": fulfillment, "modified_gmt": modified, "source": src,
                                     "received_at": now})
            self.db[STATE].upsert({"order_id": event.order_id, "status": event.status, "fulfillment": fulfillment,
                                   "modified_gmt": modified, "source": src, "updated_at": now}, pk="order_id")
        return True

    def get(self, order_id: int) -> OrderState | None:
        """What we last heard about one order."""
        with connection_lock(self.db):
            return self._get(order_id)

    def _get(self, order_id: int) -> OrderState | None:
        rows = list(self.db.query(f"SELECT * FROM {STATE} WHERE order_id = ?", [order_id]))
        if not rows:
            return None
        r = rows[0]
        return OrderState(r["order_id"], r["status"], r["fulfillment"], _dt(r["modified_gmt"]), r["source"],
                          r["updated_at"])

    def changes_since(self, order_id: int, ts: datetime) -> list[OrderChange]:
        """Status changes of one order modified after ts (UTC), oldest first."""
        with connection_lock(self.db):
            rows = list(self.db.query(
                f"SELECT * FROM {CHANGES} WHERE order_id = ? AND modified_gmt > ? ORDER BY modified_gmt, received_at",
                [order_id, _iso(ts)],
            ))
        return [OrderChange(r["order_id"], r["status"], r["fulfillment"], _dt(r["modified_gmt"]), r["source"],
                            r["received_at"]) for r in rows]

    def drift(self, snapshots: Iterable[OrderEvent]) -> list[int]:
        """Order ids whose fresh store state is newer than, or differs from, what webhooks told us."""
        drifted = []
        for snap in snapshots:
            known = self.get(snap.order_id)
            if known is None or snap.status != known.status:
                drifted.append(snap.order_id)
            elif snap.modified_gmt and known.modified_gmt and snap.modified_gmt > known.modified_gmt:
                drifted.append(snap.order_id)
        return drifted


class ReconcileSource(Protocol):
    """What reconciliation needs from the store connector."""

    async def changed_orders(self, since: datetime) -> Sequence[Any]: ...

    async def webhooks_status(self) -> Sequence[Any]: ...


async def _no_hooks() -> list[Any]:
    return []


@dataclass(frozen=True)
class Reconciliation:
    """One polling pass: what webhooks missed, where to poll from next, and webhooks that stopped."""

    checked: int
    missed: tuple[int, ...]  # order ids whose latest change no webhook had reported
    watermark: datetime  # the newest modification seen; poll from here next time
    inactive_webhooks: tuple[Any, ...]  # (id, status, topic, delivery_url) with status != "active"


async def reconcile(store: ReconcileSource, cache: OrderStateCache, since: datetime,
                    overlap: timedelta = timedelta(seconds=1), *, check_webhooks: bool = True) -> Reconciliation:
    """Poll orders modified since the watermark, record what webhooks missed, and check webhook health.

    WooCommerce delivers at most once and silently disables failing webhooks, so this pass is the
    safety net; missed orders are applied to the cache with source "poll". The window overlaps the
    previous one a little (second-resolution timestamps); apply() makes the overlap harmless.
    check_webhooks=False skips the webhook list (the monitor reads it on its own, more often).
    """
    snapshots, hooks = await asyncio.gather(store.changed_orders(since - overlap),
                                            store.webhooks_status() if check_webhooks else _no_hooks())
    missed = await asyncio.to_thread(cache.drift, snapshots)
    for snap in snapshots:
        await asyncio.to_thread(cache.apply, snap, source="poll")
    stamps = [s.modified_gmt for s in snapshots if s.modified_gmt is not None]
    return Reconciliation(
        checked=len(snapshots),
        missed=tuple(missed),
        watermark=max([since, *stamps]),
        inactive_webhooks=tuple(h for h in hooks if h[1] != "active"),
    )
