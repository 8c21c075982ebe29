"""Guards on every draft, in code: facts must come from evidence, no commitments, no one else's data."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from bot.records import Decision, Evidence, Identity

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
ORDER_NUMBER = re.compile(r"(?:#|\b(?:order|bestellung|pedido|commande|bestelling)\s*(?:no\.?|nr\.?|n[º°o]\.?)?\s*#?)\s*(\d{3,})", re.I)
BARE_NUMBER = re.compile(r"\b\d{5,}\b")
AMOUNT = re.compile(r"(?:€|EUR|USD|\$|£|GBP)\s?(\d+(?:[.,]\d{1,2})?)|(\d+(?:[.,]\d{1,2})?)\s?(?:€|EUR)\b")
DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
LINK = re.compile(r"https?://[^\s)>\]]+|!\[[^\]]*\]\([^)]*\)")
HTML = re.compile(r"<\s*/?\s*(script|iframe|img|a|style|object|embed)\b", re.I)

# Promises only a human may make in this phase (refunds, credits, replacements, dates, approvals).
COMMITMENTS = re.compile(
    r"\b(?:"
    r"(?:i|we)(?:'ve| have| will|'ll)?\s+(?:issued|processed|approved|refunded|cancell?ed|credited|changed|exchanged|updated|sent you)"
    r"|(?:refund|credit|cancellation|exchange|replacement|return|discount)\s+(?:has been|is|was|will be)\s+(?:approved|issued|processed|confirmed|sent|granted)"
    r"|(?:will|shall)\s+(?:refund|credit|replace|reimburse|cancel|ship you|send you a (?:new|replacement))"
    r"|(?:will|should)\s+(?:arrive|be delivered)\s+(?:by|on|tomorrow|today|within)"
    r"|guarantee[ds]?|approved|discount code|coupon code|promo code|voucher code"
    r"|full refund|store credit|free replacement"
    r"|reembols(?:ado|aremos)|aprobad[oa]|erstattet|genehmigt|rembours[ée]e?|approuv[ée]e?"
    r")\b",
    re.I,
)


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


def check_draft(text: str, *, evidence: Evidence, decision: Decision, identity: Identity | None) -> tuple[str, ...]:
    """Every reason this text must not reach a customer; empty when it may."""
    trips: list[str] = []
    # Quoted policy clauses are evidence themselves: check only what the draft says on its own.
    for clause in evidence.clauses:
        text = text.replace(clause.text.strip(), " ")
    own_numbers = {o.number for o in evidence.orders} | {str(o.id) for o in evidence.orders}
    disclosed = own_numbers if decision.disclose_orders else set()

    for number in ORDER_NUMBER.findall(text) + BARE_NUMBER.findall(text):
        if number not in disclosed:
            trips.append(f"order number {number} is not one of the requester's disclosed orders")
    own_emails = {e.lower() for e in (identity.all_emails if identity else ())}
    for email in EMAIL.findall(text):
        if email.lower() not in own_emails:
            trips.append("text names an email address that is not the requester's")
    known = _known_amounts(evidence) if decision.disclose_orders else {p.price.quantize(Decimal("0.01")) for p in evidence.products}
    for symbol_first, symbol_last in AMOUNT.findall(text):
        value = _amount(symbol_first or symbol_last)
        if value is not None and value not in known:
            trips.append(f"amount {value} is not in the evidence")
    known_dates = _known_dates(evidence) if decision.disclose_orders else set()
    for date in DATE.findall(text):
        if date not in known_dates:
            trips.append(f"date {date} is not in the evidence")
    for tracking_number in re.findall(r"\b[A-Z]{2}\d{9}[A-Z]{2}\b|\b1Z[0-9A-Z]{16}\b", text):
        if not any(tracking_number == t.number for o in evidence.orders for t in o.tracking) or not decision.disclose_orders:
            trips.append("tracking number not in the evidence")
    commitment = COMMITMENTS.search(text)
    if commitment:
        trips.append(f"commitment '{commitment.group(0)}' needs a human decision")
    if HTML.search(text):
        trips.append("markup in the text")
    for link in LINK.findall(text):
        if not any(link.startswith(p.permalink) for p in evidence.products if p.permalink):
            trips.append("link not in the evidence")
    if len(text) > 4000:
        trips.append("text too long")
    return tuple(dict.fromkeys(trips))
