"""identify: only verified help-desk identities open the current-customer layer."""

import pytest

from bot.pipeline.identify import identify
from builders import message, requester, ticket


@pytest.mark.parametrize(
    "emails, kwargs, tags, spoof, expected, reason",
    [
        ((("maya.lindqvist@example.com", True),), {}, (), False, ("maya.lindqvist@example.com",), None),
        ((("eve.morgan@example.com", False),), {}, (), False, (), "no verified email identity"),
        ((("a@example.com", True), ("b@example.org", True)), {}, (), False, ("a@example.com", "b@example.org"), None),
        ((("a@example.com", False), ("b@example.org", True)), {}, (), False, ("b@example.org",), None),
        ((("a@example.com", True),), {}, ("POTENTIAL_MESSAGE_SPOOFING",), False, (), "spoofed"),
        ((("a@example.com", True),), {}, (), True, (), "spoofed"),
        ((("a@example.com", True),), {"role": "agent"}, (), False, (), "not an end-user"),
        ((("chat@example.com", False),), {"authenticated_by_store": True}, (), False, ("chat@example.com",), None),
        ((), {}, (), False, (), "no email identity"),
        ((("  Maya@Example.com ", True),), {}, (), False, ("maya@example.com",), None),
    ],
)
def test_identify_table(emails, kwargs, tags, spoof, expected, reason):
    t = ticket(message("hi", spoof=spoof), req=requester(*emails, **kwargs), tags=tags)
    ident = identify(t)
    assert ident.verified_emails == expected
    assert ident.verified is bool(expected)
    if reason:
        assert reason in ident.unverified_reason
    else:
        assert ident.unverified_reason is None
