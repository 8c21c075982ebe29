"""PII canaries never survive redaction; logs keep only allowlisted fields."""

import io
import json
import logging

import pytest

from bot.logs import setup_logging
from bot.redact import email_hash, luhn_ok, redact

CANARIES = [
    ("card 4111 1111 1111 1111 please", "4111"),
    ("card 4111-1111-1111-1111", "1111-1111"),
    ("mail me at canary.person@example.com", "canary.person"),
    ("call +49 30 1234 5678", "1234 5678"),
    ("ring 020 7946 0958", "7946"),
    ("IBAN DE89 3704 0044 0532 0130 00", "3704"),
]


@pytest.mark.parametrize("text, secret", CANARIES)
def test_canaries_redacted(text, secret):
    assert secret not in redact(text)


def test_order_numbers_and_amounts_stay():
    assert redact("order #10482 cost EUR 59.00") == "order #10482 cost EUR 59.00"


def test_non_luhn_long_number_is_not_a_card():
    assert not luhn_ok("4111111111111112")
    assert luhn_ok("4111111111111111")


def test_known_values_replaced():
    assert redact("ship to 12 Canary Lane, Dublin", known=["12 Canary Lane"]) == "ship to [redacted], Dublin"


def test_email_hash_is_stable_and_opaque():
    assert email_hash(" Ann@Example.com") == email_hash("ann@example.com")
    assert "ann" not in email_hash("ann@example.com")


def test_json_logs_drop_unlisted_fields_and_redact():
    buf = io.StringIO()
    setup_logging(stream=buf)
    log = logging.getLogger("deskhand.test")
    log.warning("failed for canary.person@example.com", extra={"ticket_id": "42", "email": "x@example.com",
                                                               "address": "1 Secret Rd"})
    line = json.loads(buf.getvalue().strip())
    assert line["ticket_id"] == "42"
    assert "email" not in line and "address" not in line
    assert "canary.person" not in buf.getvalue()
