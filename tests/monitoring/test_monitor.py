"""The webhook-health monitor against the sandbox WooCommerce over real HTTP, with an injected clock."""

import json
import logging
import re
from datetime import timedelta

import aiohttp
import pytest
from aiohttp import web

from connectors.http import NO_RETRY
from connectors.sandbox.server import FAULTS, add_fault
from connectors.sandbox.store import TODAY, load_store
from connectors.sandbox.woocommerce_server import STORE, deliver_order_webhook, start_woocommerce
from connectors.woocommerce import WooCommerce
from connectors.woocommerce_webhook import parse_woocommerce_webhook

from bot.cli import main
from bot.metrics import Metrics
from bot.monitor import Monitor, load_health
from bot.order_cache import OrderStateCache
from bot.service import Service, StoreWebhooks
from bot.state import State, connect

T0 = TODAY.timestamp()  # the sample store's "now": its orders were modified in the day before
SECRET = "wc-monitor-secret"
OWN_URL = "http://deskhand.test"


@pytest.fixture
async def world(tmp_path):
    now = [T0]
    srv = await start_woocommerce(store=load_store(), consumer_key="ck", consumer_secret="cs")
    state = State.open(tmp_path / "deskhand.db", clock=lambda: now[0])
    orders = OrderStateCache(connect(tmp_path / "deskhand.db"), clock=lambda: now[0])
    async with aiohttp.ClientSession() as session:
        store = WooCommerce(session, url=srv.url, consumer_key="ck", consumer_secret="cs", retry=NO_RETRY)
        metrics = Metrics()
        monitor = Monitor(state=state, metrics=metrics, expected_sources=("zendesk", "woocommerce"), store=store,
                          orders=orders, own_url=OWN_URL, silent_after_s=3600, reconcile_every_s=900,
                          first_lookback=timedelta(hours=24))
        yield now, srv, state, orders, metrics, monitor, session
    state.close()
    await srv.close()


def gauge(metrics: Metrics, line_start: str) -> float | None:
    for line in metrics.render().decode().splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    return None


async def set_status(session, srv, hook_id: int, status: str) -> None:
    async with session.post(f"{srv.url}/_sandbox/webhooks/{hook_id}/status", json={"status": status}) as resp:
        assert resp.status == 200


async def test_a_disabled_store_webhook_is_reported_and_cleared(world, caplog):
    now, srv, state, orders, metrics, monitor, session = world
    srv.app[STORE].webhooks += [
        # Someone else's webhook, disabled: not Deskhand's business.
        {"id": 40, "status": "disabled", "topic": "product.updated", "delivery_url": "https://erp.example/hook"},
        # Not an order topic, but it delivers to this service: ours.
        {"id": 41, "status": "paused", "topic": "customer.updated", "delivery_url": f"{OWN_URL}/webhooks/woocommerce"},
    ]
    health = await monitor.tick()
    assert [h.id for h in health.disabled_webhooks] == [41]

    await set_status(session, srv, 31, "disabled")
    with caplog.at_level(logging.WARNING, logger="deskhand.monitor"):
        health = await monitor.tick()
    assert [(h.id, h.topic, h.status) for h in health.disabled_webhooks] == [
        (31, "order.updated", "disabled"), (41, "customer.updated", "paused")]
    assert gauge(metrics, 'deskhand_store_webhook_disabled{topic="order.updated"}') == 1.0
    assert any("31 (order.updated) is disabled" in r.getMessage() for r in caplog.records)
    assert "store webhook 31 (order.updated) disabled" in health.problems

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="deskhand.monitor"):
        await monitor.tick()
    assert not caplog.records  # still disabled: the gauge says so, the log said it once

    await set_status(session, srv, 31, "active")
    await set_status(session, srv, 41, "active")
    health = await monitor.tick()
    assert health.disabled_webhooks == ()
    assert gauge(metrics, 'deskhand_store_webhook_disabled{topic="order.updated"}') == 0.0
    assert load_health(state).disabled_webhooks == ()  # persisted for `deskhand status`


async def test_a_silent_source_is_reported_after_the_threshold_and_cleared_by_a_delivery(world, caplog):
    now, srv, state, orders, metrics, monitor, session = world
    state.accept_event("zendesk", "k1", "1", "message", None)  # the help desk delivered at T0
    assert (await monitor.tick()).silent == ()

    now[0] = T0 + 3599
    assert (await monitor.tick()).silent == ()  # quiet, but not yet for longer than the threshold
    now[0] = T0 + 3601
    with caplog.at_level(logging.WARNING, logger="deskhand.monitor"):
        health = await monitor.tick()
    assert health.silent == ("zendesk", "woocommerce")
    assert gauge(metrics, 'deskhand_webhook_source_silent{source="woocommerce"}') == 1.0
    assert sum("webhook source silent" in r.getMessage() for r in caplog.records) == 2

    # One genuine, signed WooCommerce delivery over HTTP to the real route clears that source.
    service = Service(state=state, helpdesk=None, pipeline=None, relay=None,  # type: ignore[arg-type]
                      store_webhooks=StoreWebhooks(parse=lambda h, b: parse_woocommerce_webhook(h, b, (SECRET,)),
                                                   apply=orders.apply))
    app = service.make_app()
    app.on_startup.clear()
    app.on_shutdown.clear()
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/webhooks/woocommerce"
        forged = await deliver_order_webhook(session, url, srv.app[STORE].order(10482), "not-the-secret")
        assert forged.status == 401
        assert (await monitor.tick()).silent == ("zendesk", "woocommerce")  # a forgery is not a delivery
        genuine = await deliver_order_webhook(session, url, srv.app[STORE].order(10482), SECRET)
        assert genuine.status == 200
    finally:
        await runner.cleanup()
    health = await monitor.tick()
    assert health.silent == ("zendesk",)
    assert gauge(metrics, 'deskhand_webhook_source_silent{source="woocommerce"}') == 0.0


async def test_a_source_never_heard_from_is_silent_only_after_watching_that_long(world):
    now, srv, state, orders, metrics, monitor, session = world
    assert (await monitor.tick()).silent == ()  # just started: nothing is late yet
    now[0] = T0 + 3601
    assert (await monitor.tick()).silent == ("zendesk", "woocommerce")


async def test_reconcile_failure_is_counted_and_retried_next_tick(world):
    now, srv, state, orders, metrics, monitor, session = world
    add_fault(srv.app, path_prefix="/wp-json/wc/v3/orders", status=503, count=None)
    health = await monitor.tick()
    assert health.reconcile_error == "TransientError" and health.reconcile_failures == 1
    assert health.reconcile_watermark is None and orders.get(10493) is None
    assert gauge(metrics, "deskhand_reconcile_failures_total") == 1.0

    now[0] = T0 + 60
    assert (await monitor.tick()).reconcile_failures == 2  # retried on the next tick, still down
    srv.app[FAULTS].clear()
    now[0] = T0 + 120
    health = await monitor.tick()
    assert health.reconcile_error is None and health.last_reconcile_at == T0 + 120
    assert health.reconciled_orders == 2 and health.caught_up == 2  # 10493 and 10501 changed in the last day
    assert orders.get(10493).source == "poll"
    assert gauge(metrics, "deskhand_reconcile_orders_total") == 2.0
    now[0] = T0 + 180
    assert (await monitor.tick()).last_reconcile_at == T0 + 120  # healthy again: next poll in 15 min
    now[0] = T0 + 120 + 900
    assert (await monitor.tick()).last_reconcile_at == T0 + 1020


async def test_the_watermark_survives_a_restart(world):
    now, srv, state, orders, metrics, monitor, session = world
    first = await monitor.tick()
    assert first.caught_up == 2
    srv.app[STORE].touch_order(10482, status="completed", at=TODAY + timedelta(minutes=5))
    # A new process: a new Monitor on the same state file continues from the stored watermark.
    again = Monitor(state=state, metrics=Metrics(), expected_sources=("zendesk",), store=monitor.store,
                    orders=orders, reconcile_every_s=900)
    now[0] = T0 + 901
    health = await again.tick()
    assert health.reconciled_orders == 2 + 1 + 1  # 10482, plus the newest change re-read by the 1 s overlap
    assert health.caught_up == 3 and orders.get(10482).status == "completed"


async def test_status_command_prints_the_findings(world, tmp_path, monkeypatch, capsys):
    now, srv, state, orders, metrics, monitor, session = world
    await set_status(session, srv, 32, "disabled")
    now[0] = T0 + 7200
    await monitor.tick()
    monkeypatch.setenv("DESKHAND_SERVICE__DATABASE", str(tmp_path / "deskhand.db"))
    monkeypatch.setenv("DESKHAND_WOOCOMMERCE__WEBHOOK_SECRET", SECRET)
    assert main(["status"]) == 1
    out = capsys.readouterr().out
    assert "health: ATTENTION (woocommerce silent; zendesk silent; store webhook 32 disabled)" in out
    assert "silent sources: woocommerce, zendesk" in out
    assert "store webhooks disabled: 32 order.created disabled" in out
    # The CLI reads the real clock; the monitor's injected one stamped 2026-11-20 14:00.
    assert re.search(r"reconcile: last 2026-11-20 14:00 UTC \(\d+ min ago\), 2 orders read, 2 missed order events", out)
    assert len(out.strip().splitlines()) <= 12
    assert main(["status", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["disabled_webhooks"] == [{"id": 32, "topic": "order.created", "status": "disabled"}]
    assert report["caught_up"] == 2 and report["last_reconcile_at"] == T0 + 7200 and not report["healthy"]
