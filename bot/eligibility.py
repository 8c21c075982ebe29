"""Machine-checkable policy rules: is a requested change eligible for review? Pure functions."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field

from bot.policies import PolicyBook
from bot.records import Eligibility, PolicyEvaluation, RequestedChange, Understanding
from connectors.base import Fulfillment, LineItem, Order

# Which structured change an exception intent asks for, before entities refine it.
INTENT_CHANGE: dict[str, str] = {
    "order/change": "item_change",
    "order/cancel": "cancel",
    "shipping/address_change": "address_change",
    "return/request": "return",
    "refund/request": "refund",
    "order/damaged": "damaged_item",
    "order/wrong_item": "wrong_item",
}
BEFORE_DISPATCH_CHANGES = frozenset({"size_change", "colour_change", "item_change", "quantity_change"})
NOT_DISPATCHED = frozenset({Fulfillment.AWAITING_PAYMENT, Fulfillment.PROCESSING, Fulfillment.ON_HOLD})
CANCELLABLE = frozenset({Fulfillment.AWAITING_PAYMENT, Fulfillment.PROCESSING})
CLOSED = frozenset({Fulfillment.CANCELLED, Fulfillment.REFUNDED, Fulfillment.FAILED})

_DEFAULT_CLAUSES = {
    "size_change": "exchanges.2",
    "colour_change": "exchanges.3",
    "item_change": "exchanges.3",
    "quantity_change": "exchanges.3",
    "address_change": "shipping.9",
    "cancel": "cancellations.1",
    "return": "returns.1",
    "damaged_item": "returns.8",
    "wrong_item": "returns.8",
    "refund": "refunds.1",
}


class EligibilityConfig(BaseModel):
    """Windows (in days) and the policy clause each rule stands on; ops may change them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    change_window_days: int = Field(30, ge=0, le=365)  # from order creation
    return_window_days: int = Field(30, ge=0, le=365)  # from date_completed
    fault_report_days: int = Field(14, ge=0, le=365)  # from date_completed
    clauses: dict[str, str] = Field(default_factory=lambda: dict(_DEFAULT_CLAUSES))

    def clause_for(self, change_type: str) -> str | None:
        """Clause id backing the rule for this change type (config first, then the default)."""
        return self.clauses.get(change_type, _DEFAULT_CLAUSES.get(change_type))


def change_type_for(intents: Iterable[str]) -> str | None:
    """The change type of the first intent (primary first) that asks for one."""
    for name in intents:
        if name in INTENT_CHANGE:
            return INTENT_CHANGE[name]
    return None


def evaluate(
    change: RequestedChange | None,
    intents: Iterable[str],
    order: Order | None,
    book: PolicyBook,
    today: date,
    rules: EligibilityConfig,
) -> PolicyEvaluation | None:
    """Check a requested change against the rules; None when nothing is asked to change."""
    kind = change.type if change is not None else change_type_for(intents)
    if kind is None:
        return None
    clause_id = rules.clause_for(kind)
    rule = _rule_name(kind)
    facts = _facts(order, today)
    if clause_id is None:
        return PolicyEvaluation(rule, "unclear", f"no rule for change type '{kind}'", None, facts)
    if book.get(clause_id) is None:
        return PolicyEvaluation(rule, "unclear", f"policy clause {clause_id} missing", clause_id, facts)

    def result(res: Eligibility, why: str, *extra: tuple[str, str]) -> PolicyEvaluation:
        return PolicyEvaluation(rule, res, why, clause_id, facts + extra)

    if order is None:
        return result("unclear", "no verified order to check against")
    state = order.fulfillment
    if state == Fulfillment.UNKNOWN:
        return result("unclear", "unknown order status: a person must check it")

    if kind == "address_change":
        if state in NOT_DISPATCHED:
            return result("eligible", f"order is {state.value} and not dispatched yet")
        if state == Fulfillment.FULFILLED:
            return result("ineligible", "order already dispatched: only the carrier may redirect it")
        return result("ineligible", f"order is {state.value}: nothing left to change")

    if kind in BEFORE_DISPATCH_CHANGES:
        window = rules.change_window_days
        age = (today - _day(order.created_at)).days
        limit = ("window_days", str(window))
        if state in NOT_DISPATCHED:
            if age <= window:
                return result("eligible", f"order not dispatched yet and placed {age} day(s) ago", limit)
            return result("ineligible", f"order placed {age} days ago, more than {window}", limit)
        if state == Fulfillment.FULFILLED:
            return result("ineligible", "order already dispatched: it can no longer be changed", limit)
        return result("ineligible", f"order is {state.value}: nothing left to change", limit)

    if kind == "cancel":
        if state in CANCELLABLE:
            return result("eligible", f"order is {state.value} and not dispatched yet")
        if state == Fulfillment.ON_HOLD:
            return result("unclear", "order on hold: a person checks whether a payment is on its way")
        if state == Fulfillment.FULFILLED:
            return result("ineligible", "order already dispatched: it can be returned instead")
        return result("ineligible", f"order is already {state.value}")

    if kind in ("return", "damaged_item", "wrong_item"):
        window = rules.return_window_days if kind == "return" else rules.fault_report_days
        limit = ("window_days", str(window))
        if state != Fulfillment.FULFILLED:
            if state in CLOSED:
                return result("ineligible", f"order is {state.value}", limit)
            return result("ineligible", "order not dispatched yet: nothing to return", limit)
        if order.completed_at is None:
            return result("unclear", "order has no completion date to count the window from", limit)
        age = (today - _day(order.completed_at)).days
        if age <= window:
            return result("eligible", f"completed {age} day(s) ago, within {window} days", limit)
        return result("ineligible", f"completed {age} days ago, more than {window}", limit)

    return result("unclear", f"{kind.replace('_', ' ')} requests are decided by a person")


def _rule_name(kind: str) -> str:
    if kind in BEFORE_DISPATCH_CHANGES:
        return "change-before-dispatch"
    return {
        "address_change": "address-change-before-dispatch",
        "cancel": "cancel-before-dispatch",
        "return": "return-window",
        "damaged_item": "fault-report-window",
        "wrong_item": "fault-report-window",
    }.get(kind, f"{kind.replace('_', '-')}-review")


def _day(moment: datetime) -> date:
    return moment.date()


def _facts(order: Order | None, today: date) -> tuple[tuple[str, str], ...]:
    if order is None:
        return (("today", today.isoformat()),)
    facts = [
        ("order", order.number),
        ("status", order.status),
        ("fulfillment", order.fulfillment.value),
        ("created", _day(order.created_at).isoformat()),
    ]
    if order.completed_at is not None:
        facts.append(("completed", _day(order.completed_at).isoformat()))
    facts.append(("today", today.isoformat()))
    return tuple(facts)


# --------------------------------------------------------------------------- requested change


def requested_change(understanding: Understanding, order: Order | None) -> RequestedChange | None:
    """The structured change the message asks for, using the order's line items where known."""
    kind = change_type_for(understanding.intent_names)
    if kind is None:
        return None
    ents = understanding.entities
    if kind == "item_change" and ents.sizes:
        return _attribute_change("size_change", "size", [_size(s) for s in ents.sizes], ents.products, order)
    if kind == "item_change" and ents.colours:
        return _attribute_change("colour_change", "colour", list(ents.colours), ents.products, order)
    item = _match_item(order, ents.products, None)
    name = item.name if item else (ents.products[0] if ents.products else None)
    detail = "cancel the whole order" if kind == "cancel" else ""
    return RequestedChange(type=kind, item=name, detail=detail)


def _attribute_change(
    kind: str, attribute: str, named: list[str], products: tuple[str, ...], order: Order | None
) -> RequestedChange:
    named = list(dict.fromkeys(v for v in named if v))  # dedupe, keep order
    item = _match_item(order, products, attribute)
    current = _current(item, attribute)
    if current is not None:
        norm = _size(current) if attribute == "size" else current
        targets = [v for v in named if v.casefold() != norm.casefold()]
        to = targets[0] if targets else None
        detail = "" if to else f"{attribute} named is the one already ordered"
        return RequestedChange(kind, item.name if item else None, norm, to, detail)
    # Without the ordered value we cannot tell which named value is the new one.
    name = item.name if item else (products[0] if products else None)
    if len(named) == 1:
        return RequestedChange(kind, name, None, named[0])
    return RequestedChange(kind, name, None, None, f"{attribute}s named: {', '.join(named)}")


def _current(item: LineItem | None, attribute: str) -> str | None:
    if item is None:
        return None
    if attribute == "colour":
        return item.attribute("colour") or item.attribute("color")
    return item.attribute(attribute)


def _size(value: str) -> str:
    # "eu 39" and "39" name the same shoe size; letter sizes are upper case.
    return re.sub(r"^EU\s*", "", value.strip().upper())


def _tokens(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def _match_item(order: Order | None, products: tuple[str, ...], attribute: str | None) -> LineItem | None:
    if order is None or not order.line_items:
        return None
    items = order.line_items
    best, best_score = None, 0
    for named in products:
        wanted = _tokens(named)
        for item in items:
            score = len(wanted & (_tokens(item.name) | _tokens(item.sku)))
            if score > best_score:
                best, best_score = item, score
    if best is not None:
        return best
    if attribute is not None:
        having = [i for i in items if _current(i, attribute) is not None]
        if len(having) == 1:
            return having[0]
    return items[0] if len(items) == 1 else None
