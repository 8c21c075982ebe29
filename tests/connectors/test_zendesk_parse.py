"""Zendesk JSON to records: identity rule, roles, spoof signal, channels (own fixtures)."""

from __future__ import annotations

import pytest

from connectors.errors import BadResponseError
from connectors.zendesk_parse import (
    author_role,
    email_identities,
    identity_verified,
    parse_message,
    parse_requester,
    parse_ticket,
)

USER = {"id": 501, "name": "Mina Sato", "role": "end-user", "external_id": None, "tags": ["vip"]}
IDENTITIES = [
    {"id": 1, "user_id": 501, "type": "phone_number", "value": "+10000000000", "verified": True, "primary": False},
    {"id": 2, "user_id": 501, "type": "email", "value": "mina.alt@example.org", "verified": True, "primary": False},
    {"id": 3, "user_id": 501, "type": "email", "value": "mina@example.com", "verified": True, "primary": True},
]
TICKET = {
    "id": 3101, "subject": "Zip broke", "status": "open", "via": {"channel": "email", "source": {}},
    "requester_id": 501, "group_id": 88, "priority": "normal", "tags": ["wc_order_5"], "external_id": None,
}
COMMENTS = [
    {"id": 20, "author_id": 9, "body": "Note", "public": False, "created_at": "2025-03-01T10:05:00Z", "metadata": {}},
    {"id": 10, "author_id": 501, "body": "Hello", "public": True, "created_at": "2025-03-01T10:00:00Z",
     "metadata": {"system": {}, "custom": {}}},
]


@pytest.mark.parametrize(
    "identity, expected",
    [
        ({"verified": True}, True),
        ({"verified": False}, False),
        ({"verified": None}, False),
        ({}, False),
        ({"verified": "true"}, False),  # only the JSON boolean counts
        ({"verified": True, "verification_method": "full"}, True),
        ({"verified": True, "verification_method": "none"}, False),
        ({"verified": True, "verification_method": "low"}, False),
        ({"verified": True, "verification_method": "brand_new_value"}, False),
        ({"verification_method": "sso"}, True),
        ({"verified": True, "ownership": "owned"}, True),
        ({"verified": True, "ownership": "shared"}, False),
        ({"verified": True, "ownership": "unknown"}, False),
    ],
)
def test_identity_rule(identity, expected):
    assert identity_verified(identity) is expected


def test_email_identities_only_primary_first():
    emails = email_identities(IDENTITIES)
    assert [(e.address, e.primary) for e in emails] == [("mina@example.com", True), ("mina.alt@example.org", False)]


@pytest.mark.parametrize(
    "external_id, channel, expected",
    [("wc-1", "native_messaging", True), ("wc-1", "messaging", True), ("wc-1", "email", False),
     (None, "native_messaging", False), ("", "native_messaging", False)],
)
def test_store_authentication_rule(external_id, channel, expected):
    requester = parse_requester({**USER, "external_id": external_id}, IDENTITIES, channel)
    assert requester.authenticated_by_store is expected


@pytest.mark.parametrize(
    "author, roles, expected",
    [("9", {"9": "agent"}, "bot"), ("7", {"7": "admin"}, "agent"), ("7", {"7": "agent"}, "agent"),
     ("501", {"501": "end-user"}, "end-user"), ("404", {}, "system")],
)
def test_author_roles(author, roles, expected):
    assert author_role(author, bot_id="9", roles=roles) == expected


@pytest.mark.parametrize(
    "metadata",
    [{"flags": ["POTENTIAL_MESSAGE_SPOOFING"]}, {"system": {"tags": ["potential_message_spoofing"]}},
     {"flags_options": {"POTENTIAL_MESSAGE_SPOOFING": {"trusted": False}}}],
)
def test_spoof_signal_anywhere_in_comment_metadata(metadata):
    comment = {**COMMENTS[1], "metadata": metadata}
    assert parse_message(comment, bot_id="9", roles={"501": "end-user"}).spoof_flagged


def test_ticket_messages_sorted_and_channel_normalised():
    requester = parse_requester(USER, IDENTITIES, "native_messaging")
    ticket = parse_ticket({**TICKET, "via": {"channel": "native_messaging"}}, COMMENTS, requester,
                          bot_id="9", roles={"501": "end-user", "9": "agent"})
    assert ticket.channel == "chat" and ticket.group_id == "88" and ticket.tags == ("wc_order_5",)
    assert [(m.id, m.author_role, m.public) for m in ticket.messages] == [("10", "end-user", True), ("20", "bot", False)]
    assert ticket.messages[0].created_at.tzinfo is not None


@pytest.mark.parametrize(
    "comment",
    [{"id": 1, "body": "x", "created_at": "2025-03-01T10:00:00Z"},
     {"id": 1, "author_id": 2, "body": "x", "created_at": "yesterday"}],
)
def test_malformed_comment_is_bad_response(comment):
    with pytest.raises(BadResponseError):
        parse_message(comment, bot_id=None, roles={})


def test_ticket_without_id_is_bad_response():
    requester = parse_requester(USER, IDENTITIES, "email")
    with pytest.raises(BadResponseError):
        parse_ticket({"subject": "x"}, [], requester, bot_id=None, roles={})
