"""deskhand lookup / check over real HTTP to the sandbox store."""

import json

from bot.cli import main


def test_lookup_json_keeps_only_own_orders(capsys):
    assert main(["lookup", "--sandbox", "--email", "ann@example.com", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    numbers = {o["number"] for o in data["orders"]}
    assert numbers == {"10501", "10470"}  # not Ann Lee's (.com.au), Jo Ann's, ann+shop's or the tote's
    assert {o["matched_by"] for o in data["orders"]} == {"guest_billing_email", "customer_id"}
    assert all({"number", "status", "fulfillment", "matched_by"} <= set(o) for o in data["orders"])


def test_lookup_two_emails_sees_both_sets(capsys):
    assert main(["lookup", "--sandbox", "--email", "tom.okafor@example.com", "--email", "t.okafor@example.org", "--json"]) == 0
    numbers = {o["number"] for o in json.loads(capsys.readouterr().out)["orders"]}
    assert {"10493", "10467", "10421"} <= numbers


def test_check_reports_bad_credentials(monkeypatch, capsys):
    import asyncio

    from connectors.sandbox.store import load_sample_store
    from connectors.sandbox.woocommerce_server import start_woocommerce

    async def serve():
        return await start_woocommerce(store=load_sample_store(), consumer_key="ck_right", consumer_secret="cs_right")

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(serve())
    try:
        import threading
        t = threading.Thread(target=loop.run_forever, daemon=True)
        t.start()
        monkeypatch.setenv("DESKHAND_WOOCOMMERCE__URL", server.url)
        monkeypatch.setenv("DESKHAND_WOOCOMMERCE__CONSUMER_KEY", "ck_right")
        monkeypatch.setenv("DESKHAND_WOOCOMMERCE__CONSUMER_SECRET", "cs_right")
        assert main(["check"]) == 0
        assert "OK   woocommerce" in capsys.readouterr().out
        monkeypatch.setenv("DESKHAND_WOOCOMMERCE__CONSUMER_SECRET", "cs_wrong")
        assert main(["check"]) == 1
        assert "FAIL woocommerce: AuthError" in capsys.readouterr().out
    finally:
        loop.call_soon_threadsafe(loop.stop)
        t.join(5)
        loop.run_until_complete(server.close())
        loop.close()
