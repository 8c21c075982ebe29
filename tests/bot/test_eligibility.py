"""Eligibility rules and the structured requested change."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from bot.eligibility import EligibilityConfig, evaluate, requested_change
from bot.policies import load_policies
from bot.records import Entities, IntentHit, RequestedChange, Understanding
from connectors.base import Fulfillment, LineItem, Order

BOOK = load_policies(Path(__file__).resolve().parents[2] / "config" / "policies")
RULES = EligibilityConfig()
TODAY = date(2024, 10, 20)
F = Fulfillment


def order(fulfillment=F.PROCESSING, created=date(2024, 10, 15), completed=None, items=None, status=None):
    return Order(
        id=501, number="30501", status=status or fulfillment.value.replace("_", "-"), fulfillment=fulfillment,
        currency="EUR", total=Decimal("118.00"),
        created_at=datetime(created.year, created.month, created.day, 9, 30, tzinfo=timezone.utc),
        completed_at=(datetime(completed.year, completed.month, completed.day, 16, tzinfo=timezone.utc)
                      if completed else None),
        billing_email="kim@example.com", matched_by="billing_email",
        line_items=items if items is not None else (
            LineItem("Alder Chinos", 1, Decimal("79.00"), sku="AC-32", attributes=(("pa_size", "L"), ("pa_color", "navy"))),
            LineItem("Canvas Tote", 1, Decimal("39.00"), sku="CT-1"),
        ),
    )


def understanding(*intents, sizes=(), colours=(), products=()):
    return Understanding(
        intents=tuple(IntentHit(i, 0.9) for i in intents),
        entities=Entities(sizes=tuple(sizes), colours=tuple(colours), products=tuple(products)),
        confidence=0.9,
    )


SIZE = RequestedChange("size_change", "Alder Chinos", "L", "M")


@pytest.mark.parametrize(
    ("change", "the_order", "result", "clause", "why"),
    [
        (SIZE, order(F.PROCESSING), "eligible", "exchanges.2", "not dispatched yet and placed 5 day(s) ago"),
        (SIZE, order(F.ON_HOLD), "eligible", "exchanges.2", "not dispatched"),
        (SIZE, order(F.AWAITING_PAYMENT), "eligible", "exchanges.2", "not dispatched"),
        (SIZE, order(F.PROCESSING, created=date(2024, 9, 20)), "eligible", "exchanges.2", "30 day(s) ago"),
        (SIZE, order(F.PROCESSING, created=date(2024, 9, 19)), "ineligible", "exchanges.2", "31 days ago, more than 30"),
        (SIZE, order(F.FULFILLED, completed=date(2024, 10, 16)), "ineligible", "exchanges.2", "already dispatched"),
        (SIZE, order(F.CANCELLED), "ineligible", "exchanges.2", "order is cancelled"),
        (SIZE, order(F.UNKNOWN, status="shipped-partially"), "unclear", "exchanges.2", "unknown order status"),
        (SIZE, None, "unclear", "exchanges.2", "no verified order"),
        (RequestedChange("colour_change"), order(F.PROCESSING), "eligible", "exchanges.3", "not dispatched"),
        (RequestedChange("cancel"), order(F.PROCESSING), "eligible", "cancellations.1", "processing"),
        (RequestedChange("cancel"), order(F.AWAITING_PAYMENT), "eligible", "cancellations.1", "awaiting_payment"),
        (RequestedChange("cancel"), order(F.ON_HOLD), "unclear", "cancellations.1", "on hold"),
        (RequestedChange("cancel"), order(F.FULFILLED), "ineligible", "cancellations.1", "returned instead"),
        (RequestedChange("cancel"), order(F.REFUNDED), "ineligible", "cancellations.1", "already refunded"),
        (RequestedChange("cancel"), order(F.UNKNOWN), "unclear", "cancellations.1", "unknown order status"),
        (RequestedChange("return"), order(F.FULFILLED, completed=date(2024, 10, 1)), "eligible", "returns.1",
         "completed 19 day(s) ago, within 30"),
        (RequestedChange("return"), order(F.FULFILLED, completed=date(2024, 9, 19)), "ineligible", "returns.1",
         "31 days ago, more than 30"),
        (RequestedChange("return"), order(F.FULFILLED), "unclear", "returns.1", "no completion date"),
        (RequestedChange("return"), order(F.PROCESSING), "ineligible", "returns.1", "not dispatched yet"),
        (RequestedChange("damaged_item"), order(F.FULFILLED, completed=date(2024, 10, 1)), "ineligible",
         "returns.8", "more than 14"),
        (RequestedChange("address_change"), order(F.PROCESSING, created=date(2024, 6, 1)), "eligible", "shipping.9",
         "not dispatched"),
        (RequestedChange("address_change"), order(F.FULFILLED), "ineligible", "shipping.9", "carrier"),
        (RequestedChange("refund"), order(F.FULFILLED), "unclear", "refunds.1", "decided by a person"),
    ],
)
def test_rules(change, the_order, result, clause, why):
    ev = evaluate(change, (), the_order, BOOK, TODAY, RULES)
    assert (ev.result, ev.clause_id) == (result, clause)
    assert why in ev.why


def test_window_days_are_configurable():
    late = order(F.PROCESSING, created=date(2024, 10, 5))
    assert evaluate(SIZE, (), late, BOOK, TODAY, RULES).result == "eligible"
    strict = EligibilityConfig(change_window_days=7)
    ev = evaluate(SIZE, (), late, BOOK, TODAY, strict)
    assert ev.result == "ineligible" and ("window_days", "7") in ev.facts


def test_facts_record_what_was_checked():
    ev = evaluate(RequestedChange("return"), (), order(F.FULFILLED, completed=date(2024, 10, 1)), BOOK, TODAY, RULES)
    facts = dict(ev.facts)
    assert facts == {"order": "30501", "status": "fulfilled", "fulfillment": "fulfilled", "created": "2024-10-15",
                     "completed": "2024-10-01", "today": "2024-10-20", "window_days": "30"}


def test_missing_policy_clause_makes_the_result_unclear():
    rules = EligibilityConfig(clauses={"size_change": "exchanges.9"})
    ev = evaluate(SIZE, (), order(F.PROCESSING), BOOK, TODAY, rules)
    assert ev.result == "unclear" and ev.why == "policy clause exchanges.9 missing"
    assert ev.clause_id == "exchanges.9"


def test_change_inferred_from_intents_when_none_given():
    ev = evaluate(None, ("order/status", "order/cancel"), order(F.PROCESSING), BOOK, TODAY, RULES)
    assert ev.rule == "cancel-before-dispatch" and ev.result == "eligible"
    assert evaluate(None, ("order/status", "product/question"), order(), BOOK, TODAY, RULES) is None


# ------------------------------------------------------------------ requested_change


def test_size_change_takes_from_the_order_and_to_from_the_customer():
    ch = requested_change(understanding("order/status", "order/change", sizes=("L", "M")), order())
    assert ch == RequestedChange("size_change", "Alder Chinos", "L", "M")


def test_size_change_picks_the_item_the_customer_named():
    items = (
        LineItem("Birch Cardigan", 1, Decimal("69"), attributes=(("size", "S"),)),
        LineItem("Linen Shirt", 1, Decimal("49"), attributes=(("size", "L"),)),
    )
    ch = requested_change(understanding("order/change", sizes=("m",), products=("the linen shirt",)), order(items=items))
    assert (ch.item, ch.from_value, ch.to_value) == ("Linen Shirt", "L", "M")


def test_shoe_sizes_compare_without_the_eu_prefix():
    items = (LineItem("Oakridge Boots", 1, Decimal("149"), attributes=(("pa_shoe-size", "x"), ("size", "42"))),)
    ch = requested_change(understanding("order/change", sizes=("EU 42", "43")), order(items=items))
    assert (ch.from_value, ch.to_value) == ("42", "43")


def test_colour_change_reads_color_attribute():
    ch = requested_change(understanding("order/change", colours=("black",)), order())
    assert ch == RequestedChange("colour_change", "Alder Chinos", "navy", "black")


def test_without_an_order_the_target_is_kept_only_when_unambiguous():
    one = requested_change(understanding("order/change", sizes=("L",), products=("Birch cardigan",)), None)
    assert one == RequestedChange("size_change", "Birch cardigan", None, "L")
    two = requested_change(understanding("order/change", sizes=("XL", "L")), None)
    assert (two.from_value, two.to_value) == (None, None) and "XL, L" in two.detail


def test_same_size_named_as_ordered_leaves_target_open():
    ch = requested_change(understanding("order/change", sizes=("L",)), order())
    assert ch.from_value == "L" and ch.to_value is None and ch.detail


@pytest.mark.parametrize(
    ("intents", "kind"),
    [
        (("order/cancel",), "cancel"),
        (("return/request", "return/policy"), "return"),
        (("refund/request",), "refund"),
        (("shipping/address_change",), "address_change"),
        (("order/damaged", "return/request"), "damaged_item"),
        (("order/change",), "item_change"),
    ],
)
def test_change_type_follows_the_primary_change_intent(intents, kind):
    assert requested_change(understanding(*intents), order()).type == kind


def test_no_change_for_questions():
    assert requested_change(understanding("order/status", "return/policy"), order()) is None
