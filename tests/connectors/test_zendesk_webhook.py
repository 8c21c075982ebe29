"""Zendesk webhook signature checks, replay window, payload parsing and a fuzz battery."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.base import TicketEvent
from connectors.errors import BadWebhookError, ForgedWebhookError
from connectors.zendesk_webhook import STATIC_TEST_SECRET, sign, verify_and_parse

SECRET = "sandbox-secret-7f3a9c"
OLD_SECRET = "sandbox-secret-previous-11aa"
TS = "2025-02-03T10:20:30Z"
NOW = datetime(2025, 2, 3, 10, 20, 30, tzinfo=timezone.utc).timestamp()
BODY = b'{"ticket_id": "4242", "event": "message", "updated_at": "2025-02-03T10:20:29Z"}'


def headers(body: bytes = BODY, *, secret: str = SECRET, ts: str = TS, **extra: str) -> dict[str, str]:
    return {
        "x-zendesk-webhook-signature": sign(secret, ts, body),
        "x-zendesk-webhook-signature-timestamp": ts,
        "x-zendesk-webhook-id": "01JSANDBOXWEBHOOK0000000000",
        **extra,
    }


# ----------------------------------------------------------------------------- published vectors

VECTOR_A = (STATIC_TEST_SECRET, "2021-03-25T05:09:27Z", b'{"event":"ticket.updated","id":123}',
            "S/RDdU2ERmj7LHDDoWJ2onPYH+t7/f2+LTM4dL7UiLM=")
# Constructed delivery from the reference pack (values as published there).
VECTOR_B = (STATIC_TEST_SECRET, "2021-03-25T05:09:27Z",
            b'{"ticket_id":"4017","requester_email":"automationsqa@z3nmail.com","event":"ticket.updated"}',
            "IIV4TUc0xRF1AD4h9FK4iDsluiEpoE/S8WORwcK0R8o=")
# Zendesk event-connectors page: published value reproduces only as BODY + TIMESTAMP.
VECTOR_C = ("HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=", "2021-07-25T10:00:00Z", b'{"say": "hello"}',
            "tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw=")


@pytest.mark.parametrize("vector", [VECTOR_A, VECTOR_B], ids=["A", "B"])
def test_vectors_a_and_b_match_timestamp_plus_body(vector):
    secret, ts, body, expected = vector
    assert sign(secret, ts, body) == expected
    signed_at = datetime.fromisoformat(ts).timestamp()
    hdrs = {"X-Zendesk-Webhook-Signature": expected, "X-Zendesk-Webhook-Signature-Timestamp": ts}
    # The signature is accepted; the body is not Deskhand's shape, so it is Bad, not Forged.
    with pytest.raises(BadWebhookError):
        verify_and_parse(hdrs, body, [secret], now=signed_at)


def test_vector_c_only_reproduces_as_body_plus_timestamp_and_is_refused():
    secret, ts, body, published = VECTOR_C
    assert sign(secret, ts, body) == "Rry/4TtIdFyawtXXp8QdI6tlAUUQ/5kL1OTp5qo/ZIk="
    reversed_order = hmac.new(secret.encode(), body + ts.encode(), hashlib.sha256).digest()
    assert base64.b64encode(reversed_order).decode() == published
    hdrs = {"x-zendesk-webhook-signature": published, "x-zendesk-webhook-signature-timestamp": ts}
    with pytest.raises(ForgedWebhookError):
        verify_and_parse(hdrs, body, [secret], now=datetime.fromisoformat(ts).timestamp())


# ----------------------------------------------------------------------------- accepted deliveries

def test_valid_delivery_parses_to_event():
    event = verify_and_parse(headers(), BODY, [SECRET], now=NOW)
    assert isinstance(event, TicketEvent)
    assert (event.helpdesk, event.ticket_id, event.kind, event.actor_id) == ("zendesk", "4242", "message", None)
    assert event.dedupe_key == "zendesk:" + hashlib.sha256(BODY).hexdigest()
    assert event.received_at == datetime.fromtimestamp(NOW, tz=timezone.utc)


def test_header_names_are_case_insensitive():
    hdrs = {k.upper(): v for k, v in headers().items()}
    assert verify_and_parse(hdrs, BODY, [SECRET], now=NOW).ticket_id == "4242"


def test_approve_event_carries_actor():
    body = b'{"ticket_id": "77", "event": "approve", "actor_id": "9001", "updated_at": "x"}'
    event = verify_and_parse(headers(body), body, [SECRET], now=NOW)
    assert (event.kind, event.actor_id) == ("approve", "9001")


def test_message_event_carries_the_requester_hint_and_junk_hints_are_dropped():
    body = b'{"ticket_id": "77", "event": "message", "requester_id": "5150", "updated_at": "x"}'
    assert verify_and_parse(headers(body), body, [SECRET], now=NOW).requester_hint == "5150"
    for junk in (b'"{{ticket.requester.id}}"', b'"-1"', b'"12a"', b'""', b"null"):
        body = b'{"ticket_id": "77", "event": "message", "requester_id": ' + junk + b"}"
        event = verify_and_parse(headers(body), body, [SECRET], now=NOW)
        assert (event.ticket_id, event.requester_hint) == ("77", None)


def test_unrendered_actor_placeholder_means_unknown_actor():
    body = b'{"ticket_id": 77, "event": "discard", "actor_id": "{{current_user.id}}"}'
    event = verify_and_parse(headers(body), body, [SECRET], now=NOW)
    assert (event.ticket_id, event.kind, event.actor_id) == ("77", "discard", None)


def test_redelivery_dedupes_but_new_update_does_not():
    first = verify_and_parse(headers(), BODY, [SECRET], now=NOW)
    again = verify_and_parse(headers(ts="2025-02-03T10:21:00Z"), BODY, [SECRET], now=NOW)
    newer = BODY.replace(b"10:20:29Z", b"10:20:59Z")
    other = verify_and_parse(headers(newer), newer, [SECRET], now=NOW)
    assert first.dedupe_key == again.dedupe_key != other.dedupe_key


def test_either_of_two_secrets_is_accepted_during_rotation():
    for secret in (SECRET, OLD_SECRET):
        event = verify_and_parse(headers(secret=secret), BODY, [SECRET, OLD_SECRET], now=NOW)
        assert event.ticket_id == "4242"
    with pytest.raises(ForgedWebhookError):
        verify_and_parse(headers(secret=OLD_SECRET), BODY, [SECRET], now=NOW)


# ----------------------------------------------------------------------------- refused deliveries

@pytest.mark.parametrize("offset", [301, -301, 86_400, -86_400])
def test_stale_or_future_timestamp_is_forged(offset):
    with pytest.raises(ForgedWebhookError):
        verify_and_parse(headers(), BODY, [SECRET], now=NOW + offset)


@pytest.mark.parametrize("offset", [300, -300, 0])
def test_timestamp_at_window_edge_is_accepted(offset):
    assert verify_and_parse(headers(), BODY, [SECRET], now=NOW + offset).ticket_id == "4242"


def _hex_signature() -> str:
    return hmac.new(SECRET.encode(), TS.encode() + BODY, hashlib.sha256).hexdigest()


def _dotted_signature() -> str:
    mac = hmac.new(SECRET.encode(), TS.encode() + b"." + BODY, hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda h: h.pop("x-zendesk-webhook-signature"), id="no-signature"),
        pytest.param(lambda h: h.pop("x-zendesk-webhook-signature-timestamp"), id="no-timestamp"),
        pytest.param(lambda h: h.update({"x-zendesk-webhook-signature": _hex_signature()}), id="hex-digest"),
        pytest.param(lambda h: h.update({"x-zendesk-webhook-signature": _dotted_signature()}), id="dot-separator"),
        pytest.param(lambda h: h.update({"x-zendesk-webhook-signature": "!!!"}), id="not-base64"),
        pytest.param(lambda h: h.update({"x-zendesk-webhook-signature": "é" * 44}), id="non-ascii"),
        pytest.param(lambda h: h.update({"x-zendesk-webhook-signature-timestamp": "1738578030"}), id="unix-ts"),
        pytest.param(lambda h: h.update({"x-zendesk-webhook-signature-timestamp": "2025-02-03T10:20:30"}),
                     id="naive-ts"),
        pytest.param(lambda h: h.update({"X-Zendesk-Webhook-Signature": "AAAA"}), id="duplicate-header"),
    ],
)
def test_malformed_signature_headers_are_forged(mutate):
    hdrs = headers()
    mutate(hdrs)
    with pytest.raises(ForgedWebhookError):
        verify_and_parse(hdrs, BODY, [SECRET], now=NOW)


def test_tampered_body_is_forged():
    with pytest.raises(ForgedWebhookError):
        verify_and_parse(headers(), BODY.replace(b"4242", b"4243"), [SECRET], now=NOW)


@pytest.mark.parametrize("secrets", [[], [""], ()])
def test_no_secret_configured_fails_closed(secrets):
    with pytest.raises(ForgedWebhookError):
        verify_and_parse(headers(secret=""), BODY, secrets, now=NOW)


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"event": "message"}',
        b'{"ticket_id": "{{ticket.id}}", "event": "message"}',
        b'{"ticket_id": "-4", "event": "message"}',
        b'{"ticket_id": true, "event": "message"}',
        b'{"ticket_id": "12", "event": "ticket.updated"}',
        b'{"ticket_id": "12", "event": 5}',
        b"\xff\xfe",
    ],
)
def test_signed_but_malformed_body_is_bad(body):
    with pytest.raises(BadWebhookError):
        verify_and_parse(headers(body), body, [SECRET], now=NOW)


# ----------------------------------------------------------------------------- fuzz

_header_names = st.sampled_from(
    ["x-zendesk-webhook-signature", "x-zendesk-webhook-signature-timestamp", "X-Zendesk-Webhook-Signature",
     "content-type", "x-zendesk-webhook-id"]
) | st.text(max_size=12)
_header_values = st.text(max_size=60) | st.sampled_from([TS, sign(SECRET, TS, BODY), "", "Z", "T"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hdrs=st.dictionaries(_header_names, _header_values, max_size=6), body=st.binary(max_size=200),
       now=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_fuzz_only_declared_errors(hdrs, body, now):
    try:
        result = verify_and_parse(hdrs, body, [SECRET], now=now)
    except (ForgedWebhookError, BadWebhookError):
        return
    assert isinstance(result, TicketEvent)


@settings(max_examples=200, deadline=None)
@given(payload=st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["ticket_id", "event", "actor_id", "x"]) | st.text(max_size=5), children, max_size=4),
    max_leaves=8,
))
def test_fuzz_validly_signed_bodies_only_parse_or_bad(payload):
    body = json.dumps(payload).encode()
    try:
        event = verify_and_parse(headers(body), body, [SECRET], now=NOW)
    except BadWebhookError:
        return
    assert event.ticket_id.isdigit() and event.kind in {"message", "approve", "discard", "ask_again"}
