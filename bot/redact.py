"""PII redaction for logs and model prompts: emails, phones, card numbers (Luhn), IBANs, known values."""

from __future__ import annotations

import hashlib
import re
from typing import Iterable

# "@" or its URL encoding: query strings in library log lines carry search=ann%40example.com.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+?(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.I)
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d ()./-]{7,}\d(?!\w)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")


def luhn_ok(digits: str) -> bool:
    """True when the digit string passes the Luhn checksum used by card numbers."""
    total, parity = 0, len(digits) % 2
    for i, ch in enumerate(digits):
        d = int(ch)
        if i % 2 == parity:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def email_hash(address: str) -> str:
    """Stable short hash so logs can correlate a requester without naming them."""
    return "email:" + hashlib.sha256(address.strip().lower().encode()).hexdigest()[:12]


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return "[card]" if 13 <= len(digits) <= 19 and luhn_ok(digits) else match.group(0)


def redact(text: str, known: Iterable[str] = ()) -> str:
    """Replace known values (names, addresses) and PII patterns with placeholders."""
    for value in sorted({k for k in known if k and len(k) >= 4}, key=len, reverse=True):
        text = re.sub(re.escape(value), "[redacted]", text, flags=re.I)
    text = EMAIL.sub("[email]", text)
    text = IBAN.sub("[iban]", text)
    text = CARD.sub(_card, text)
    # Order numbers are 4-6 digits and stay; longer digit runs with separators look like phones.
    return PHONE.sub(lambda m: "[phone]" if len(re.sub(r"\D", "", m.group(0))) >= 8 else m.group(0), text)
