"""Guards on every draft, in code: facts must come from evidence, no commitments, no one else's data."""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from connectors.base import Fulfillment, Order

from bot.guard_patterns import (
    ADDRESS, AMOUNT, BARE_DOMAIN, BARE_NUMBER, BASE64, CARRIERS, COMMITMENTS, DAY_MONTH, EMAIL, HEX_RUN,
    HIDDEN_CHARS, HTML, ISO_DATE, LINK, MONTH_DAY, MONTHS, NUMERIC_DATE, ORDER_NUMBER, PERCENT_ENCODED, PHONE,
    REFUND_FACT, SCHEME, SPELLED_EMAIL, STATUS_CLAIMS, TRACKING_SHAPES,
)
from bot.records import Decision, Evidence, Identity

__all__ = ["check_draft", "normalise", "COMMITMENTS", "EMAIL", "ORDER_NUMBER"]

MAX_CHARS = 4000
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """Fold look-alike characters (full-width letters, curly quotes) so patterns see plain text."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES)


def _known_amounts(evidence: Evidence) -> set[Decimal]:
    amounts: set[Decimal] = set()
    for order in evidence.orders:
        amounts |= {order.total, order.shipping_total, order.refunded_total}
        amounts |= {r.amount for r in order.refunds}
        amounts |= {i.total for i in order.line_items}
    amounts |= {p.price for p in evidence.products}
    return {a.quantize(Decimal("0.01")) for a in amounts}


def _known_dates(evidence: Evidence) -> set[str]:
    dates: set[str] = set()
    for order in evidence.orders:
        for stamp in (order.created_at, order.paid_at, order.completed_at, order.modified_at):
            if stamp is not None:
                dates.add(stamp.strftime("%Y-%m-%d"))
        dates |= {t.shipped_on for t in order.tracking if t.shipped_on}
    return dates


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _date_trips(text: str, known: set[str]) -> list[str]:
    """Every date the text states, in any common written form, must be one of the known dates."""
    trips = [f"date {d} is not in the evidence" for d in ISO_DATE.findall(text) if d not in known]
    for a, b, year in NUMERIC_DATE.findall(text):
        y = int(year) + (2000 if len(year) == 2 else 0)
        readings = {_iso(y, int(b), int(a)), _iso(y, int(a), int(b))} - {None}
        if readings and not readings & known:
            trips.append(f"date {a}/{b}/{year} is not in the evidence")
    known_md = {(int(k[5:7]), int(k[8:10])): k[:4] for k in known}
    spelled = [(m.group(2), m.group(1), m.group(3)) for m in DAY_MONTH.finditer(text)]
    spelled += [(m.group(1), m.group(2), m.group(3)) for m in MONTH_DAY.finditer(text)]
    for month_name, day, year in spelled:
        key = (MONTHS[month_name.lower()], int(day))
        if key not in known_md or (year and known_md[key] != year):
            trips.append(f"date {day} {month_name} is not in the evidence")
    return trips


def _talked_about(evidence: Evidence, decision: Decision) -> tuple[Order, ...]:
    if not decision.disclose_orders:
        return ()
    return (evidence.order,) if evidence.order is not None else evidence.orders


def _status_trips(text: str, evidence: Evidence, decision: Decision) -> list[str]:
    """A stated order status (shipped, cancelled, refunded ...) must be the status of the order discussed."""
    orders = _talked_about(evidence, decision)
    trips: list[str] = []
    for state, pattern in STATUS_CLAIMS:
        found = pattern.search(text)
        if found is None:
            continue
        if state is None or not any(o.fulfillment == state for o in orders):
            trips.append(f"status claim '{found.group(0)}' is not supported by the order")
    refund = REFUND_FACT.search(text)
    if refund and not any(o.refunds or o.fulfillment == Fulfillment.REFUNDED for o in orders):
        trips.append(f"refund claim '{refund.group(0)}' is not supported by the order")
    return trips


def _tracking_trips(text: str, evidence: Evidence, decision: Decision) -> list[str]:
    """Tracking numbers and carriers must be those of the requester's own disclosed shipments."""
    tracking = [t for o in _talked_about(evidence, decision) for t in o.tracking]
    numbers = {t.number for t in tracking}
    trips = ["tracking number not in the evidence" for n in TRACKING_SHAPES.findall(text) if n not in numbers]
    providers = {t.provider.casefold() for t in tracking if t.provider}
    for carrier in CARRIERS.findall(text):
        if carrier.casefold() not in providers:
            trips.append(f"carrier {carrier} is not in the evidence")
    return trips


def _decodes_to_text(token: str) -> bool:
    try:
        raw = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in raw)
    return bool(raw) and printable / len(raw) > 0.85


def _encoded_trips(text: str) -> list[str]:
    """Payloads a reader would have to decode: base64, hex, percent-encoding, ROT13, hidden characters."""
    trips: list[str] = []
    if HIDDEN_CHARS.search(text):
        trips.append("hidden or direction-changing characters in the text")
    for token in BASE64.findall(text):
        mixed = re.search(r"[a-z]", token) and re.search(r"[A-Z]", token) and re.search(r"\d", token)
        if mixed or _decodes_to_text(token):
            trips.append("encoded payload (base64) in the text")
            break
    if any(re.search(r"[a-fA-F]", h) for h in HEX_RUN.findall(text)):
        trips.append("encoded payload (hex) in the text")
    if PERCENT_ENCODED.search(text):
        trips.append("encoded payload (percent-encoding) in the text")
    rot = codecs.encode(text, "rot13")
    if COMMITMENTS.search(rot) or re.search(r"https?://|www\.", rot, re.I):
        trips.append("encoded payload (rot13) in the text")
    return trips


def check_draft(text: str, *, evidence: Evidence, decision: Decision, identity: Identity | None) -> tuple[str, ...]:
    """Every reason this text must not reach a customer; empty when it may."""
    trips: list[str] = []
    if len(text) > MAX_CHARS:
        trips.append("text too long")
    trips += _encoded_trips(text)
    text = normalise(HIDDEN_CHARS.sub("", text))
    # Quoted policy clauses are evidence themselves: check only what the draft says on its own.
    for clause in evidence.clauses:
        text = text.replace(normalise(clause.text.strip()), " ")
    own_numbers = {o.number for o in evidence.orders} | {str(o.id) for o in evidence.orders}
    disclosed = own_numbers if decision.disclose_orders else set()
    shown_tracking = {t.number for o in _talked_about(evidence, decision) for t in o.tracking}

    for number in ORDER_NUMBER.findall(text) + BARE_NUMBER.findall(text):
        if number not in disclosed and number not in shown_tracking:
            trips.append(f"order number {number} is not one of the requester's disclosed orders")
    own_emails = {e.lower() for e in (identity.all_emails if identity else ())}
    for email in EMAIL.findall(text):
        if email.lower() not in own_emails:
            trips.append("text names an email address that is not the requester's")
    if SPELLED_EMAIL.search(text):
        trips.append("text spells out an email address")
    known = _known_amounts(evidence) if decision.disclose_orders else {p.price.quantize(Decimal("0.01")) for p in evidence.products}
    for symbol_first, symbol_last in AMOUNT.findall(text):
        value = _amount(symbol_first or symbol_last)
        if value is not None and value not in known:
            trips.append(f"amount {value} is not in the evidence")
    trips += _date_trips(text, _known_dates(evidence) if decision.disclose_orders else set())
    trips += _tracking_trips(text, evidence, decision)
    trips += _status_trips(text, evidence, decision)
    commitment = COMMITMENTS.search(text)
    if commitment:
        trips.append(f"commitment '{commitment.group(0)}' needs a human decision")
    if HTML.search(text) or SCHEME.search(text):
        trips.append("markup in the text")
    permalinks = [p.permalink for p in evidence.products if p.permalink]
    for link in LINK.findall(text):
        if not any(link.startswith(p) for p in permalinks):
            trips.append("link not in the evidence")
    hosts = {re.sub(r"^https?://", "", p).split("/")[0].lower() for p in permalinks}
    for domain in BARE_DOMAIN.findall(_without_links(text)):
        if domain.split("/")[0].lower() not in hosts:
            trips.append("link not in the evidence")
    if _contact_trips(text, shown_tracking):
        trips.append("text contains a phone number or postal address")
    return tuple(dict.fromkeys(trips))


def _without_links(text: str) -> str:
    return EMAIL.sub(" ", LINK.sub(" ", text))


def _contact_trips(text: str, tracking: set[str]) -> bool:
    """Phone numbers and postal addresses never come from the evidence Deskhand keeps."""
    scrubbed = ISO_DATE.sub(" ", NUMERIC_DATE.sub(" ", text))
    for number in tracking:
        scrubbed = scrubbed.replace(number, " ")
    if ADDRESS.search(scrubbed):
        return True
    return any(len(re.sub(r"\D", "", m.group(0))) >= 8 for m in PHONE.finditer(scrubbed))
