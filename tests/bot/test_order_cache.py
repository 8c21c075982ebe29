"""Order-state cache: webhook events and polled snapshots, duplicates, stale news, drift."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timezone

import aiohttp
import sqlite_utils

from connectors.base import Fulfillment
from connectors.sandbox.store import load_store
from connectors.http import RetryPolicy
from connectors.sandbox.woocommerce_server import STORE, php_json_encode, start_woocommerce
from connectors.woocommerce import WooCommerce
from connectors.woocommerce_parse import OrderSnapshot, fulfillment_for
from connectors.woocommerce_webhook import parse_woocommerce_webhook, woocommerce_signature

from bot.catalog import CatalogCache
from bot.order_cache import CHANGES, OrderStateCache, reconcile

SECRET = "order-cache-test-secret"


def open_db(path) -> sqlite_utils.Database:
    return sqlite_utils.Database(sqlite3.connect(str(path), isolation_level=None, check_same_thread=False))


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=timezone.utc)


def event(order: dict, *, topic: str = "order.updated", webhook_id: int = 31):
    body = php_json_encode(order)
    headers = {"X-WC-Webhook-Signature": woocommerce_signature(SECRET, body), "X-WC-Webhook-Topic": topic,
               "X-WC-Webhook-ID": str(webhook_id)}
    return parse_woocommerce_webhook(headers, body, [SECRET])


def snapshot(order_id: int, status: str, when: datetime | None) -> OrderSnapshot:
    return OrderSnapshot(order_id, str(order_id), status, fulfillment_for(status), when)


def test_webhook_events_update_state_once(tmp_path):
    cache = OrderStateCache(open_db(tmp_path / "s.db"), clock=lambda: 1000.0)
    store = load_store()
    first = event(store.order(10482))
    assert cache.apply(first) is True
    assert cache.apply(first) is False  # the same delivery again
    assert cache.apply(event(store.order(10482))) is False  # a re-send: new delivery, same event
    state = cache.get(10482)
    assert (state.status, state.fulfillment, state.source) == ("processing", "processing", "webhook")
    assert state.modified_gmt == datetime(2026, 11, 18, 9, 15, 10, tzinfo=timezone.utc)

    shipped = store.touch_order(10482, status="completed", at=at(20, 9))
    assert cache.apply(event(shipped)) is True
    assert cache.get(10482).fulfillment == Fulfillment.FULFILLED.value
    assert cache.db[CHANGES].count == 2


def test_out_of_order_and_stale_news_is_ignored(tmp_path):
    cache = OrderStateCache(open_db(tmp_path / "s.db"))
    assert cache.apply(snapshot(1, "completed", at(20)))
    assert cache.apply(snapshot(1, "processing", at(19))) is False  # older than what we know
    assert cache.apply(snapshot(1, "completed", at(20))) is False  # nothing new
    assert cache.apply(snapshot(1, "refunded", None)) is False  # undated news cannot beat dated news
    assert cache.get(1).status == "completed"
    # Same timestamp, different status (two changes within one second): the later report wins.
    assert cache.apply(snapshot(1, "refunded", at(20))) is True
    assert cache.get(1).status == "refunded"


def test_deletions_carry_no_state(tmp_path):
    cache = OrderStateCache(open_db(tmp_path / "s.db"))
    deleted = event({"id": 10482}, topic="order.deleted")
    assert deleted.status is None and cache.apply(deleted) is False and cache.get(10482) is None


def test_changes_since_answers_has_my_order_changed(tmp_path):
    cache = OrderStateCache(open_db(tmp_path / "s.db"))
    cache.apply(snapshot(5, "pending", at(10)))
    cache.apply(snapshot(5, "processing", at(11)))
    cache.apply(snapshot(5, "completed", at(14)))
    cache.apply(snapshot(6, "cancelled", at(15)))
    since = cache.changes_since(5, at(10, 18))
    assert [(c.status, c.modified_gmt) for c in since] == [("processing", at(11)), ("completed", at(14))]
    assert cache.changes_since(5, at(14)) == []
    assert cache.changes_since(404, at(1)) == []


def test_drift_flags_orders_the_webhooks_missed(tmp_path):
    cache = OrderStateCache(open_db(tmp_path / "s.db"))
    cache.apply(snapshot(1, "processing", at(18)))
    cache.apply(snapshot(2, "completed", at(18)))
    fresh = [snapshot(1, "completed", at(19)), snapshot(2, "completed", at(18)), snapshot(3, "pending", at(19))]
    assert cache.drift(fresh) == [1, 3]
    for snap in fresh:
        cache.apply(snap, source="poll")
    assert cache.drift(fresh) == [] and cache.get(1).source == "poll"


async def test_shares_a_connection_with_the_catalog_across_threads(tmp_path):
    db = open_db(tmp_path / "shared.db")

    class Empty:
        async def list_products(self, page, per_page):
            return []

        async def search_products(self, query, *, limit=5):
            return []

    catalog = CatalogCache(db, Empty())
    cache = OrderStateCache(db)
    snaps = [snapshot(i, "processing", at(1 + i % 20, i % 24)) for i in range(200)]
    results = await asyncio.gather(*(asyncio.to_thread(cache.apply, s) for s in snaps),
                                   *(catalog.refresh() for _ in range(3)))
    assert all(results[:200]) and cache.db[CHANGES].count == 200
    assert OrderStateCache(open_db(tmp_path / "shared.db")).get(7).status == "processing"  # committed, durable


async def test_reconcile_catches_changes_the_webhooks_missed(tmp_path):
    srv = await start_woocommerce(consumer_key="ck", consumer_secret="cs")
    try:
        store = srv.app[STORE]
        cache = OrderStateCache(open_db(tmp_path / "s.db"))
        cache.apply(event(store.order(10501)))  # this one arrived by webhook
        async with aiohttp.ClientSession() as session:
            wc = WooCommerce(session, url=srv.url, consumer_key="ck", consumer_secret="cs",
                             retry=RetryPolicy(attempts=1))
            first = await reconcile(wc, cache, at(19, 12))
            assert first.checked == 2 and first.missed == (10493,)  # 10501 was already known
            assert first.watermark == datetime(2026, 11, 19, 21, 11, tzinfo=timezone.utc)
            assert first.inactive_webhooks == ()

            store.touch_order(10482, status="completed", at=at(20, 8))  # shipped; the webhook never came
            store.webhooks[0]["status"] = "disabled"  # WooCommerce gave up on the delivery URL
            second = await reconcile(wc, cache, first.watermark)
            assert second.missed == (10482,) and second.watermark == at(20, 8)
            assert [h.id for h in second.inactive_webhooks] == [31]
            assert cache.get(10482).status == "completed" and cache.get(10482).source == "poll"

            quiet = await reconcile(wc, cache, second.watermark)
            # The overlap re-reads the last change; it is known, so nothing is reported twice.
            assert quiet.checked == 1 and quiet.missed == () and quiet.watermark == second.watermark
    finally:
        await srv.close()
