"""Malformed or forged deliveries of any kind get 4xx (never 5xx) and leave nothing stored."""

import json
import random

import aiohttp
import pytest
from aiohttp import web

from connectors.freshdesk import Freshdesk
from connectors.woocommerce_webhook import parse_woocommerce_webhook
from connectors.zendesk import Zendesk

from bot.service import Service, StoreWebhooks
from bot.state import State

DELIVERIES_PER_SOURCE = 700
SECRET = "fuzz-secret-0123456789abcdef0123"
HEADER_NAMES = ["x-zendesk-webhook-signature", "x-zendesk-webhook-signature-timestamp", "x-deskhand-secret",
                "authorization", "x-wc-webhook-signature", "x-wc-webhook-topic", "x-wc-webhook-id", "x-wc-webhook-source"]


def random_text(rng, n):
    return "".join(rng.choice("abcXYZ0129+/=:.-_ {}\"'") for _ in range(n))


def delivery(rng):
    body_kind = rng.randrange(5)
    if body_kind == 0:
        body = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
    elif body_kind == 1:
        body = json.dumps({"ticket_id": rng.choice(["1", "", None, 7, "x" * 50]), "event": rng.choice(["message", "approve", "?", 3])}).encode()
    elif body_kind == 2:
        body = b"webhook_id=" + random_text(rng, rng.randrange(0, 8)).encode()
    elif body_kind == 3:
        body = json.dumps({"id": rng.randrange(10**6), "status": "processing"}).encode()
    else:
        body = b"{" * rng.randrange(1, 5000)
    headers = {"content-type": rng.choice(["application/json", "text/plain", "application/x-www-form-urlencoded", ""])}
    for name in rng.sample(HEADER_NAMES, rng.randrange(0, len(HEADER_NAMES))):
        headers[name] = random_text(rng, rng.randrange(0, 90))
    if rng.random() < 0.1:
        headers["x-deskhand-secret"] = SECRET[:-1] + "X"  # nearly right is wrong
    return body, headers


@pytest.fixture
async def service_url(tmp_path):
    state = State.open(tmp_path / "s.db")
    async with aiohttp.ClientSession() as session:
        zendesk = Zendesk(base_url="http://127.0.0.1:9", email="bot@example.org", api_token="t", webhook_secrets=(SECRET,))
        freshdesk = Freshdesk(session, base_url="http://127.0.0.1:9", api_key="k", webhook_secrets=(SECRET,))
        apps = []
        for desk in (zendesk, freshdesk):
            service = Service(state=state, helpdesk=desk, pipeline=None, relay=None, max_body_bytes=4096,
                              store_webhooks=StoreWebhooks(parse=lambda h, b: parse_woocommerce_webhook(h, b, (SECRET,)),
                                                           apply=lambda event: pytest.fail("forged order event applied")))
            app = service.make_app()
            app.on_startup.clear()
            app.on_shutdown.clear()
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port = runner.addresses[0][1]
            apps.append((desk.kind, f"http://127.0.0.1:{port}", runner))
        yield state, session, apps
        for _, _, runner in apps:
            await runner.cleanup()


async def test_fuzzed_deliveries_never_5xx_never_accepted(service_url):
    state, session, apps = service_url
    rng = random.Random(20261127)
    seen: dict[str, dict[int, int]] = {}
    for kind, url, _ in apps:
        for path in (f"/webhooks/{kind}", "/webhooks/woocommerce"):
            source = path.rsplit("/", 1)[1]
            for _ in range(DELIVERIES_PER_SOURCE):
                body, headers = delivery(rng)
                async with session.post(url + path, data=body, headers=headers) as resp:
                    seen.setdefault(source, {}).setdefault(resp.status, 0)
                    seen[source][resp.status] += 1
    for source, statuses in seen.items():
        assert all(400 <= s < 500 or (source == "woocommerce" and s == 200) for s in statuses), (source, statuses)
    assert state.query("SELECT COUNT(*) AS n FROM inbox")[0]["n"] == 0
    # A 200 from the WooCommerce route is only ever the bare activation ping, which stores nothing.
    print("fuzz statuses per source:", seen)
