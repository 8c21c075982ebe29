"""WooCommerce webhook verification: raw-byte HMAC, rotation, unsigned ping, dedupe keys, fuzzing."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.base import Fulfillment
from connectors.errors import BadWebhookError, ForgedWebhookError, IgnoredWebhook, WebhookError
from connectors.sandbox.server import start_app
from connectors.sandbox.store import load_store
from connectors.sandbox.woocommerce_server import deliver_order_webhook, deliver_ping, php_json_encode
from connectors.woocommerce_webhook import parse_woocommerce_webhook, verify_signature, woocommerce_signature

FIX = Path(__file__).parent / "fixtures" / "woocommerce" / "webhook_order_updated"
BODY = (FIX / "body.json").read_bytes()
DELIVERY = json.loads((FIX / "headers.json").read_text())
HEADERS, SECRET = DELIVERY["headers"], DELIVERY["secret"]


def signed(body: bytes, secret: str = SECRET, **extra: str) -> dict[str, str]:
    return {**HEADERS, "X-WC-Webhook-Signature": woocommerce_signature(secret, body), **extra}


# ------------------------------------------------------------------------------------- published vectors


def test_woocommerce_unit_test_vector_empty_secret():
    # woocommerce/woocommerce tests/legacy/unit-tests/webhooks/crud.php::test_generate_signature
    assert woocommerce_signature("", b"secret") == "GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs="


def test_reference_pack_self_made_vector():
    body = b'{"id":123,"status":"processing","billing":{"email":"ann@example.com"}}'
    assert woocommerce_signature("wc_test_secret", body) == "YLD1KOugQghVnhqQbWCsO0N0X787e9aWuFY6ouJBobQ="
    event = parse_woocommerce_webhook(
        {"X-WC-Webhook-Signature": "YLD1KOugQghVnhqQbWCsO0N0X787e9aWuFY6ouJBobQ=", "X-WC-Webhook-Topic": "order.updated"},
        body, ["wc_test_secret"])
    assert event.order_id == 123 and event.status == "processing"
    # No webhook id and no modified date: the body hash is the dedupe key.
    assert event.dedupe_key == "woocommerce:sha256:" + hashlib.sha256(body).hexdigest()


# ------------------------------------------------------------------------------------- the golden delivery


def test_golden_delivery_verifies_over_raw_php_bytes():
    assert b"\\/" in BODY and b"\\u00f6" in BODY and not BODY.endswith(b"\n")
    event = parse_woocommerce_webhook(HEADERS, BODY, [SECRET])
    assert (event.webhook_id, event.topic, event.order_id, event.status) == ("77", "order.updated", 3101, "completed")
    assert event.fulfillment is Fulfillment.FULFILLED
    assert event.modified_gmt == datetime(2026, 3, 5, 8, 0, tzinfo=timezone.utc)
    assert event.dedupe_key == "woocommerce:77:order.updated:3101:2026-03-05T08:00:00"


def test_reserialised_json_fails_verification():
    parsed = json.loads(BODY)
    for reencoded in (json.dumps(parsed).encode(), json.dumps(parsed, separators=(",", ":")).encode(),
                      json.dumps(parsed, separators=(",", ":"), ensure_ascii=False).encode()):
        assert reencoded != BODY
        with pytest.raises(ForgedWebhookError):
            parse_woocommerce_webhook(HEADERS, reencoded, [SECRET])


def test_php_encoder_reproduces_the_golden_bytes():
    assert php_json_encode(json.loads(BODY)) == BODY


# ------------------------------------------------------------------------------------- rejections


@pytest.mark.parametrize("secrets", [["wrong"], ["wrong", "also-wrong"]])
def test_wrong_secret_is_forged(secrets):
    with pytest.raises(ForgedWebhookError) as info:
        parse_woocommerce_webhook(HEADERS, BODY, secrets)
    assert info.value.http_status == 401


def test_missing_or_empty_signature_is_forged():
    headers = {k: v for k, v in HEADERS.items() if k != "X-WC-Webhook-Signature"}
    with pytest.raises(ForgedWebhookError):
        parse_woocommerce_webhook(headers, BODY, [SECRET])
    with pytest.raises(ForgedWebhookError):
        parse_woocommerce_webhook({**headers, "X-WC-Webhook-Signature": "  "}, BODY, [SECRET])


def test_no_configured_secret_fails_closed():
    for secrets in ([], [""], ["", ""]):
        with pytest.raises(ForgedWebhookError):
            parse_woocommerce_webhook(HEADERS, BODY, secrets)


def test_one_byte_changes_are_rejected():
    tampered = BODY.replace(b'"completed"', b'"cancelled"')
    with pytest.raises(ForgedWebhookError):
        parse_woocommerce_webhook(HEADERS, tampered, [SECRET])
    flipped_sig = HEADERS["X-WC-Webhook-Signature"][:-2] + ("A=" if HEADERS["X-WC-Webhook-Signature"][-2] != "A" else "B=")
    with pytest.raises(ForgedWebhookError):
        parse_woocommerce_webhook({**HEADERS, "X-WC-Webhook-Signature": flipped_sig}, BODY, [SECRET])
    with pytest.raises(ForgedWebhookError):
        parse_woocommerce_webhook(HEADERS, BODY, [SECRET[:-1]])


def test_rotation_accepts_current_and_previous_only_while_listed():
    old, new = "rotated_old_secret", "rotated_new_secret"
    assert parse_woocommerce_webhook(signed(BODY, old), BODY, [new, old]).order_id == 3101
    assert parse_woocommerce_webhook(signed(BODY, new), BODY, [new, old]).order_id == 3101
    with pytest.raises(ForgedWebhookError):
        parse_woocommerce_webhook(signed(BODY, old), BODY, [new])


def test_secret_with_html_entities_signs_in_decoded_form():
    stored = "a&amp;b&lt;c"  # what the admin form may have stored
    assert parse_woocommerce_webhook(signed(BODY, "a&b<c"), BODY, [stored]).order_id == 3101


def test_header_names_are_case_insensitive():
    lowered = {k.lower(): v for k, v in HEADERS.items()}
    assert parse_woocommerce_webhook(lowered, BODY, [SECRET]).order_id == 3101


# ------------------------------------------------------------------------------------- ping, topics, bodies


@pytest.mark.parametrize("body", [b"webhook_id=77", b"webhook_id=1\n"])
def test_unsigned_ping_is_ignored(body):
    with pytest.raises(IgnoredWebhook) as info:
        parse_woocommerce_webhook({"Content-Type": "application/x-www-form-urlencoded"}, body, [SECRET])
    assert info.value.http_status == 200


@pytest.mark.parametrize("body", [b"webhook_id=abc", b"webhook_id=7&x=1", b"hello", b"", b'{"id": 1}'])
def test_other_unsigned_requests_are_forged(body):
    with pytest.raises(ForgedWebhookError):
        parse_woocommerce_webhook({}, body, [SECRET])


def test_non_order_topics_are_ignored_after_verification():
    with pytest.raises(IgnoredWebhook):
        parse_woocommerce_webhook(signed(BODY, **{"X-WC-Webhook-Topic": "product.updated"}), BODY, [SECRET])
    with pytest.raises(ForgedWebhookError):  # but never before the signature is checked
        parse_woocommerce_webhook({**HEADERS, "X-WC-Webhook-Topic": "product.updated",
                                   "X-WC-Webhook-Signature": "bad"}, BODY, [SECRET])


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1,2]", b'{"status":"processing"}', b'{"id":"x","status":"processing"}', b'{"id":-4,"status":"x"}',
     b'{"id":5,"status":"processing","date_modified_gmt":"last tuesday"}', b'{"id":5}', b"\xff\xfe"],
)
def test_signed_but_malformed_is_bad_request(body):
    with pytest.raises(BadWebhookError) as info:
        parse_woocommerce_webhook(signed(body), body, [SECRET])
    assert info.value.http_status == 400


def test_missing_topic_is_bad_request():
    headers = {k: v for k, v in HEADERS.items() if k != "X-WC-Webhook-Topic"}
    with pytest.raises(BadWebhookError):
        parse_woocommerce_webhook(headers, BODY, [SECRET])


def test_deleted_order_carries_only_an_id():
    body = b'{"id":3101}'
    event = parse_woocommerce_webhook(signed(body, **{"X-WC-Webhook-Topic": "order.deleted"}), body, [SECRET])
    assert event.order_id == 3101 and event.status is None and event.fulfillment is None


def test_same_event_twice_has_the_same_dedupe_key_and_a_new_state_a_new_one():
    first = parse_woocommerce_webhook(signed(BODY, **{"X-WC-Webhook-Delivery-ID": "a" * 32}), BODY, [SECRET])
    again = parse_woocommerce_webhook(signed(BODY, **{"X-WC-Webhook-Delivery-ID": "b" * 32}), BODY, [SECRET])
    assert first.dedupe_key == again.dedupe_key  # the delivery id is not part of it
    newer = BODY.replace(b'"date_modified_gmt":"2026-03-05T08:00:00"', b'"date_modified_gmt":"2026-03-05T09:30:00"')
    assert parse_woocommerce_webhook(signed(newer), newer, [SECRET]).dedupe_key != first.dedupe_key


# ------------------------------------------------------------------------------------- fuzzing


@settings(max_examples=300, deadline=None)
@given(
    headers=st.dictionaries(st.sampled_from(["X-WC-Webhook-Signature", "X-WC-Webhook-Topic", "X-WC-Webhook-ID",
                                             "x-wc-webhook-signature", "Content-Type"]), st.text(max_size=60)),
    body=st.binary(max_size=200),
)
def test_fuzz_only_declared_errors(headers, body):
    try:
        parse_woocommerce_webhook(headers, body, [SECRET])
    except WebhookError:
        pass


@settings(max_examples=200, deadline=None)
@given(order_id=st.integers(min_value=1, max_value=10**9), status=st.text(min_size=1, max_size=20).filter(str.strip),
       note=st.text(max_size=40))
def test_fuzz_round_trip_signed_payloads(order_id, status, note):
    body = php_json_encode({"id": order_id, "status": status, "customer_note": note, "link": "https://x.example/a/b"})
    event = parse_woocommerce_webhook(signed(body), body, [SECRET])
    assert event.order_id == order_id and event.status == status.strip()
    with pytest.raises(ForgedWebhookError):
        verify_signature(signed(body), body + b" ", [SECRET])


# ------------------------------------------------------------------------------------- over HTTP


async def test_sandbox_deliveries_verify_at_a_real_receiver():
    seen: list = []

    async def receiver(request: web.Request) -> web.Response:
        try:
            seen.append(parse_woocommerce_webhook(request.headers, await request.read(), ["hook-secret"]))
        except WebhookError as err:
            seen.append(type(err).__name__)
            return web.Response(status=err.http_status)
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/hook", receiver)
    srv = await start_app(app)
    order = load_store().order(10482)
    try:
        async with aiohttp.ClientSession() as session:
            good = await deliver_order_webhook(session, srv.url + "/hook", order, "hook-secret", webhook_id=31)
            forged = await deliver_order_webhook(session, srv.url + "/hook", order, "not-the-secret")
            ping = await deliver_ping(session, srv.url + "/hook", 31)
    finally:
        await srv.close()
    assert (good.status, forged.status, ping) == (200, 401, 200)
    assert b"\\/" in good.body and b"Lindqvist" in good.body
    event = seen[0]
    assert (event.order_id, event.status, event.webhook_id) == (10482, "processing", "31")
    assert seen[1:] == ["ForgedWebhookError", "IgnoredWebhook"]
