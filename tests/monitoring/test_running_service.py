"""The monitor inside a running Deskhand: a missed order change is caught up by the scheduled poll."""

import asyncio
from datetime import datetime, timezone

import aiohttp
from aiohttp import web

from connectors.sandbox.woocommerce_server import STORE

from bot.cli import main
from bot.sandbox_env import start_sandbox
from bot.settings import MonitoringSettings, Settings
from bot.wiring import build_runtime


async def wait_for(predicate, timeout: float = 10.0) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if await predicate():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_running_service_reconciles_a_missed_order_and_reports_a_disabled_webhook(tmp_path, monkeypatch, capsys):
    # Shortened intervals: check every 0.1 s, poll every 0.3 s; the sample orders are a week old.
    fast = MonitoringSettings(check_every_seconds=0.1, reconcile_every_minutes=0.005, silent_after_minutes=60)
    env = await start_sandbox(helpdesk="zendesk", database=tmp_path / "deskhand.db",
                              base=Settings(monitoring=fast))
    runtime = await build_runtime(env.settings, today=lambda: env.today)
    runner = web.AppRunner(runtime.service.make_app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, env.settings.service.host, env.settings.service.port).start()
    state = runtime.state
    try:
        async def reconciled_once():
            rows = state.query("SELECT value FROM monitor_health WHERE name='reconcile'") \
                if state.query("SELECT 1 FROM sqlite_master WHERE name='monitor_health'") else []
            return bool(rows) and '"last_ok_at"' in rows[0]["value"]

        assert await wait_for(reconciled_once)  # the first scheduled poll ran on its own

        # The shop ships order 10482 now; WooCommerce never delivers the webhook.
        store = env.store.app[STORE]
        store.touch_order(10482, status="completed", at=datetime.now(timezone.utc))
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{env.store.url}/_sandbox/webhooks/31/status", json={"status": "disabled"}) as resp:
                assert resp.status == 200

            async def picked_up():
                rows = state.query("SELECT status, source FROM order_state WHERE order_id = 10482")
                return rows == [{"status": "completed", "source": "poll"}]

            assert await wait_for(picked_up)
            assert state.query("SELECT COUNT(*) AS n FROM inbox")[0]["n"] == 0  # no webhook was involved

            async def metrics_show_it():
                async with http.get(f"{env.deskhand_url}/metrics") as resp:
                    text = await resp.text()
                return ('deskhand_store_webhook_disabled{topic="order.updated"} 1.0' in text
                        and "deskhand_reconcile_caught_up_total 1.0" in text)

            assert await wait_for(metrics_show_it)
    finally:
        await runner.cleanup()
        await runtime.close()
        await env.close()

    monkeypatch.setenv("DESKHAND_SERVICE__DATABASE", str(tmp_path / "deskhand.db"))
    monkeypatch.setenv("DESKHAND_WOOCOMMERCE__WEBHOOK_SECRET", "set")
    assert main(["status"]) == 1  # a separate process would print the same from the state file
    out = capsys.readouterr().out
    assert "store webhooks disabled: 31 order.updated disabled" in out
    assert "1 missed order events caught up" in out
