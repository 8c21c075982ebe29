"""Freshdesk webhook intake: shared secret (header or Basic password), rotation, ids-only body."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.errors import BadWebhookError, ForgedWebhookError, WebhookError
from connectors.freshdesk_webhook import AUTOMATION_RULES, SCENARIOS, body_template, rule_for_tag, verify_and_parse

SECRET = "s3cret-for-tests-7f0d1c"
OLD = "previous-secret-2b9a44"
BODY = b'{"ticket_id": "1042", "event": "message", "updated_at": "2031-03-04T05:06:07Z"}'


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_secret_header_accepted_and_parsed():
    event = verify_and_parse({"X-Deskhand-Secret": SECRET}, BODY, [SECRET])
    assert (event.helpdesk, event.ticket_id, event.kind, event.actor_id) == ("freshdesk", "1042", "message", None)
    assert event.dedupe_key == "freshdesk:" + hashlib.sha256(BODY).hexdigest()
    assert event.received_at is not None


def test_header_name_is_case_insensitive():
    assert verify_and_parse({"x-deskhand-secret": SECRET}, BODY, [SECRET]).ticket_id == "1042"


def test_basic_auth_password_accepted_whatever_the_user():
    assert verify_and_parse(basic("freshdesk", SECRET), BODY, [SECRET]).kind == "message"


def test_previous_secret_accepted_during_rotation():
    assert verify_and_parse({"X-Deskhand-Secret": OLD}, BODY, [SECRET, OLD]).ticket_id == "1042"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Deskhand-Secret": ""},
        {"X-Deskhand-Secret": SECRET + "x"},
        {"X-Deskhand-Secret": SECRET[:-1]},
        {"X-Other": SECRET},
        basic(SECRET, "wrong"),  # the secret as user name does not count
        {"Authorization": "Basic !!!not-base64!!!"},
        {"Authorization": f"Bearer {SECRET}"},
        {"Authorization": "Basic " + base64.b64encode(SECRET.encode()).decode()},  # no colon
    ],
)
def test_forged_or_missing_secret_rejected(headers):
    with pytest.raises(ForgedWebhookError):
        verify_and_parse(headers, BODY, [SECRET])


@pytest.mark.parametrize("secrets", [[], [""], ()])
def test_fails_closed_without_a_configured_secret(secrets):
    with pytest.raises(ForgedWebhookError):
        verify_and_parse({"X-Deskhand-Secret": ""}, BODY, secrets)


def test_secret_checked_before_the_body():
    with pytest.raises(ForgedWebhookError):
        verify_and_parse({"X-Deskhand-Secret": "nope"}, b"not json", [SECRET])


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b'"1042"',
        b'{"event": "message"}',
        b'{"ticket_id": "{{ticket.id}}", "event": "message"}',
        b'{"ticket_id": "12a", "event": "message"}',
        b'{"ticket_id": "1042; DROP", "event": "message"}',
        b'{"ticket_id": true, "event": "message"}',
        b'{"ticket_id": -1, "event": "message"}',
        b'{"ticket_id": "1042", "event": "refund"}',
        b'{"ticket_id": "1042"}',
        b'{"ticket_id": "1042", "event": "approve", "actor_id": "alex"}',
        b'{"ticket_id": "1042", "event": "message", "updated_at": 5}',
        b"[" * 5000 + b"]" * 5000,
    ],
)
def test_malformed_body_is_bad_webhook(body):
    with pytest.raises(BadWebhookError):
        verify_and_parse({"X-Deskhand-Secret": SECRET}, body, [SECRET])


def test_numeric_ids_and_empty_or_unrendered_actor():
    body = b'{"ticket_id": 7, "event": "approve", "actor_id": 80000000012}'
    assert verify_and_parse({"X-Deskhand-Secret": SECRET}, body, [SECRET]).actor_id == "80000000012"
    for actor in ('""', '"{{ticket.agent.id}}"', "null"):
        body = b'{"ticket_id": "7", "event": "approve", "actor_id": %s}' % actor.encode()
        assert verify_and_parse({"X-Deskhand-Secret": SECRET}, body, [SECRET]).actor_id is None


def test_extra_keys_are_ignored_and_never_trusted():
    body = b'{"ticket_id": "9", "event": "discard", "email": "someone@example.com", "body": "ignore"}'
    event = verify_and_parse({"X-Deskhand-Secret": SECRET}, body, [SECRET])
    assert (event.ticket_id, event.kind) == ("9", "discard")


def test_redelivery_dedupes_but_a_new_update_does_not():
    other = BODY.replace(b"05:06:07", b"05:06:08")
    a = verify_and_parse({"X-Deskhand-Secret": SECRET}, BODY, [SECRET])
    b = verify_and_parse({"X-Deskhand-Secret": SECRET}, BODY, [SECRET])
    c = verify_and_parse({"X-Deskhand-Secret": SECRET}, other, [SECRET])
    assert a.dedupe_key == b.dedupe_key != c.dedupe_key


def test_error_messages_carry_no_payload_values():
    body = b'{"ticket_id": "someone@example.com", "event": "message"}'
    with pytest.raises(BadWebhookError) as info:
        verify_and_parse({"X-Deskhand-Secret": SECRET}, body, [SECRET])
    assert "example.com" not in str(info.value)


def test_rule_templates_render_to_valid_bodies():
    assert {r.event for r in AUTOMATION_RULES} == {"message", "approve", "discard", "ask_again"}
    for rule in AUTOMATION_RULES:
        rendered = rule.body.replace("{{ticket.id}}", "55").replace("{{ticket.updated_at}}", "2031-01-01T00:00:00Z")
        rendered = rendered.replace("{{ticket.agent.id}}", "")
        event = verify_and_parse({"X-Deskhand-Secret": SECRET}, rendered.encode(), [SECRET])
        assert (event.ticket_id, event.kind) == ("55", rule.event)
        assert json.loads(rendered).keys() <= {"ticket_id", "event", "actor_id", "updated_at"}
    for scenario in SCENARIOS:
        assert rule_for_tag(scenario.tag) is not None
    assert "actor_id" in body_template("approve", with_actor=True)


header_names = st.sampled_from(["X-Deskhand-Secret", "x-deskhand-secret", "Authorization", "Content-Type", "X"])
header_values = st.one_of(
    st.text(max_size=60),
    st.just(SECRET),
    st.builds(lambda s: "Basic " + s, st.text(max_size=40)),
    st.builds(lambda u, p: basic(u, p)["Authorization"], st.text(max_size=10), st.sampled_from([SECRET, "x", ""])),
)


@settings(max_examples=300, deadline=None)
@given(headers=st.dictionaries(header_names, header_values, max_size=3), body=st.binary(max_size=200))
def test_fuzz_arbitrary_headers_and_bytes_only_raise_webhook_errors(headers, body):
    try:
        event = verify_and_parse(headers, body, [SECRET, OLD])
    except (ForgedWebhookError, BadWebhookError):
        return
    assert event.ticket_id.isdigit()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
body_dicts = st.fixed_dictionaries(
    {},
    optional={
        "ticket_id": json_values | st.from_regex(r"[0-9]{1,25}", fullmatch=True),
        "event": json_values | st.sampled_from(["message", "approve", "discard", "ask_again"]),
        "actor_id": json_values,
        "updated_at": json_values,
    },
)


@settings(max_examples=300, deadline=None)
@given(data=body_dicts)
def test_fuzz_authenticated_json_bodies_only_raise_bad_webhook(data):
    body = json.dumps(data).encode()
    try:
        event = verify_and_parse({"X-Deskhand-Secret": SECRET}, body, [SECRET])
    except WebhookError as err:
        assert isinstance(err, BadWebhookError)
        return
    assert event.ticket_id.isdigit() and event.kind in {"message", "approve", "discard", "ask_again"}
