"""PII canaries end to end: planted in a message, an order and the requester; never in logs or metric labels.

The sandbox store and help desk run on loopback with the real service. Canary values go into the
customer's message, their order (billing and shipping address, phone, customer note), a guest order
billed to a second verified address, and the help-desk identity (name, phone, extra verified email).
Every logger, Deskhand's and the libraries', writes JSON at DEBUG to a file; /metrics is scraped over
HTTP. The oracle looks for each canary and its normalised forms (lower case, digits only, URL-encoded).
"""

import copy
import json
import logging
import re
from urllib.parse import quote

import aiohttp
import pytest
from aiohttp import web

from connectors.sandbox.server import add_fault, calls
from connectors.sandbox.woocommerce_server import STORE
from connectors.sandbox.freshdesk_server import STATE as FRESHDESK
from connectors.sandbox.zendesk_world import WORLD

from bot.demo import play
from bot.demo_script import Conversation
from bot.logs import setup_logging
from bot.redact import luhn_ok
from bot.sandbox_env import start_sandbox
from bot.wiring import build_runtime

OWNER = "sofia.garcia@example.com"
EMAIL = "quill.canary.4471@canary-mail.example"
NAME = "Quintessa Canarybird"
PHONE = "+44 20 7946 0958"
STREET = "1729 Kanarienvogel Allee"
CITY = "Vogelsang-Warsin"
CARD = "4539 1488 0343 6467"
CANARIES = (EMAIL, NAME, PHONE, STREET, CITY, CARD)


def forms(canary: str) -> set[str]:
    """The canary as it could appear after a library or our code touched it."""
    out = {canary, canary.lower(), quote(canary), quote(canary, safe=""), json.dumps(canary)[1:-1]}
    digits = re.sub(r"\D", "", canary)
    if len(digits) >= 8:
        out |= {digits, digits[-8:]}
    out |= {w for w in re.findall(r"[A-Za-z]{6,}", canary) if "canar" in w.lower() or "kanar" in w.lower()}
    return out


def hits(text: str) -> list[str]:
    low = text.lower()
    return sorted({f for c in CANARIES for f in forms(c) if f.lower() in low})


def plant(env) -> None:
    """Put the canaries in the sandbox store and help desk (in-process, before the service starts)."""
    store = env.store.app[STORE]
    owned = [o for o in store.orders if o["billing"].get("email", "").lower() == OWNER]
    assert owned
    for order in owned:
        for part in ("billing", "shipping"):
            order[part].update(address_1=STREET, city=CITY, phone=PHONE, first_name=NAME.split()[0],
                               last_name=NAME.split()[1])
        order["customer_note"] = f"Card {CARD}, call {PHONE}, or mail {EMAIL}; leave it at {STREET}."
    guest = copy.deepcopy(owned[0])
    guest.update(id=max(o["id"] for o in store.orders) + 1, customer_id=0)
    guest["number"] = str(guest["id"])
    guest["billing"]["email"] = EMAIL
    store.orders.append(guest)
    if env.helpdesk_kind == "zendesk":
        account = env.helpdesk.app[WORLD].account
        uid = account.find_user(OWNER)
        account.users[uid].update(name=NAME, phone=PHONE, notes=f"Lives at {STREET}, {CITY}")
        account.identities[uid].append({**account.identities[uid][0], "id": account.next_id("identity"),
                                        "value": EMAIL, "primary": False, "verified": True})
    else:
        contact = env.helpdesk.app[FRESHDESK].contact_by_email(OWNER)
        contact.update(name=NAME, phone=PHONE, mobile=PHONE, address=f"{STREET}, {CITY}")
        contact["other_emails"].append(EMAIL)


@pytest.fixture
def log_file(tmp_path):
    """`setup_logging` at DEBUG into a file, as `deskhand serve` would log; the root logger restored after."""
    path = tmp_path / "deskhand.log"
    stream = open(path, "w", encoding="utf-8")
    root = logging.getLogger()
    saved = root.level, root.handlers[:]
    setup_logging("DEBUG", stream=stream)
    yield path
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]
    stream.close()


def test_library_log_lines_are_json_and_redacted(log_file):
    # connectors.* and aiohttp.* are not under "deskhand": they must still go through the formatter.
    logging.getLogger("connectors.http").info("GET wc/v3/orders?search=%s", quote(EMAIL))
    logging.getLogger("aiohttp.server").error("Error handling request", exc_info=ValueError(f"bad {PHONE} {CARD}"))
    logging.getLogger("deskhand.pipeline").warning(f"failed for {EMAIL}", extra={"address": STREET, "error": CARD})
    lines = [json.loads(line) for line in log_file.read_text(encoding="utf-8").splitlines()]
    assert [line["logger"] for line in lines] == ["connectors.http", "aiohttp.server", "deskhand.pipeline"]
    assert lines[1]["exception"] == "ValueError" and lines[2]["error"] == "[card]" and "address" not in lines[2]
    assert hits(log_file.read_text(encoding="utf-8")) == []


def test_canaries_are_what_the_test_claims():
    assert luhn_ok(re.sub(r"\D", "", CARD))
    assert hits(f"x {EMAIL.upper()} y") and hits(quote(EMAIL)) and hits("4539148803436467") and not hits("order 10482")


@pytest.mark.parametrize("helpdesk", ["zendesk", "freshdesk"])
async def test_no_canary_reaches_logs_or_metric_labels(helpdesk, tmp_path, log_file):
    env = await start_sandbox(helpdesk=helpdesk, database=tmp_path / "deskhand.db")
    plant(env)
    runtime = await build_runtime(env.settings, today=lambda: env.today)
    runner = web.AppRunner(runtime.service.make_app(), access_log=logging.getLogger("aiohttp.access"))
    await runner.setup()
    await web.TCPSite(runner, env.settings.service.host, env.settings.service.port).start()
    try:
        # One store failure on the way, so upstream-error and retry paths log too.
        add_fault(env.store.app, path_prefix="/wp-json/wc/v3/orders", status=503, count=1)
        async with aiohttp.ClientSession() as http:
            status = await play(Conversation(
                "status", OWNER, f"Where is my order? This is {NAME}, {STREET}, {CITY}. Phone {PHONE}, "
                f"or write to {EMAIL}.", channel="email"), env, runtime, http)
            change = await play(Conversation(
                "change", OWNER, f"Please change the delivery address of my order to {STREET} 2, {CITY}, "
                f"and refund card {CARD}. Call {PHONE}.", channel="email"), env, runtime, http)
            async with http.get(f"{env.deskhand_url}/metrics") as resp:
                metrics = await resp.text()
        store_calls = calls(env.store.app)
    finally:
        await runner.cleanup()
        await runtime.close()
        await env.close()
    logging.getLogger("deskhand.privacy-test").warning("end of run")  # proves the capture reached the file

    # The canaries really travelled: both runs finished, the orders carrying them were read from the
    # store, and the address change became a handoff.
    assert status.run["outcome"] in ("answer", "draft", "handoff") and change.handoff is not None
    assert store_calls.get("GET /wp-json/wc/v3/orders", 0) >= 2
    text = log_file.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert any("end of run" in line for line in lines)
    assert any("upstream error" in line for line in lines)
    assert all(isinstance(json.loads(line), dict) for line in lines)  # JSON, one object a line
    assert hits(text) == [], [line for line in lines if hits(line)][:5]

    labels = [line.split("{", 1)[1].rsplit("}", 1)[0] for line in metrics.splitlines()
              if not line.startswith("#") and "{" in line]
    assert labels, "metrics exposed no labels at all"
    assert hits("\n".join(labels)) == []
    assert hits(metrics) == []
    print(f"\nPII canaries ({helpdesk}): {len(CANARIES)} planted, {len(lines)} log lines, {len(labels)} labelled series, 0 hits")
