"""Parsers accept every WooCommerce shape we model, map statuses, dates and money exactly."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from connectors.base import Fulfillment
from connectors.errors import BadResponseError
from connectors.woocommerce_parse import (
    fulfillment_for,
    minor_units,
    money,
    parse_customer,
    parse_error,
    parse_order,
    parse_order_note,
    parse_order_snapshot,
    parse_product,
    parse_refund,
    parse_tracking,
    parse_webhook_info,
    text,
    variation_labels,
)

FIX = Path(__file__).parent / "fixtures" / "woocommerce"


def load(name: str):
    return json.loads((FIX / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("pending", Fulfillment.AWAITING_PAYMENT),
        ("processing", Fulfillment.PROCESSING),
        ("on-hold", Fulfillment.ON_HOLD),
        ("completed", Fulfillment.FULFILLED),
        ("cancelled", Fulfillment.CANCELLED),
        ("refunded", Fulfillment.REFUNDED),
        ("failed", Fulfillment.FAILED),
        ("Processing ", Fulfillment.PROCESSING),
        ("awaiting-shipment", Fulfillment.UNKNOWN),
        ("ready-for-pickup", Fulfillment.UNKNOWN),
        ("checkout-draft", Fulfillment.UNKNOWN),
        ("trash", Fulfillment.UNKNOWN),
        ("", Fulfillment.UNKNOWN),
    ],
)
def test_status_maps_to_fulfillment_and_unknown_statuses_stay_unknown(status, expected):
    assert fulfillment_for(status) is expected


def test_guest_order_with_variation_meta_and_entities():
    order = parse_order(load("order_retrieve_guest.json"), matched_by="guest_billing_email")
    assert order.id == 3101 and order.number == "3101" and order.customer_id == 0
    assert order.matched_by == "guest_billing_email"
    assert order.fulfillment is Fulfillment.PROCESSING
    # _gmt fields, read as UTC, not the site-local twins an hour later.
    assert order.created_at == datetime(2026, 3, 4, 10, 5, tzinfo=timezone.utc)
    assert order.paid_at == datetime(2026, 3, 4, 10, 6, tzinfo=timezone.utc)
    assert order.completed_at is None
    assert order.total == Decimal("41.15") and isinstance(order.total, Decimal)
    assert order.shipping_total == Decimal("4.95") and order.shipping_method == "Flat rate"
    assert order.billing_email == "greta.holm@example.org"
    mug, poncho = order.line_items
    assert mug.quantity == 2 and mug.total == Decimal("12.00") and mug.attributes == ()
    assert poncho.name == "Rain Poncho \u2013 Colour: Ochre, Size: One Size"
    assert poncho.variation_id == 43
    # Taxonomy (pa_*) and custom attributes are kept; hidden `_` meta is not.
    assert poncho.attributes == (("pa_colour", "ochre"), ("size", "One Size"))
    assert poncho.attribute("colour") == "ochre" and poncho.attribute("Size") == "One Size"


def test_list_with_refunds_plugin_status_and_unknown_keys():
    plugin, completed = (parse_order(o, matched_by="customer_id") for o in load("orders_list.json"))
    assert plugin.status == "shipped-to-locker" and plugin.fulfillment is Fulfillment.UNKNOWN
    assert completed.completed_at == datetime(2026, 3, 6, 9, 0, tzinfo=timezone.utc)
    # Refund totals are negative strings; the docs' example calls the reason "refund".
    assert [(r.id, r.amount, r.reason) for r in completed.refunds] == [
        (3105, Decimal("6.00"), ""),
        (3104, Decimal("4.95"), "Late"),
    ]
    assert completed.refunded_total == Decimal("10.95")


def test_customers_notes_refunds_webhooks_errors_tracking():
    customer = parse_customer(load("customer_retrieve.json"))
    assert (customer.id, customer.email, customer.billing_email, customer.role) == (
        57, "greta@example.org", "greta.holm@example.org", "customer")
    assert [c.role for c in map(parse_customer, load("customers_list.json"))] == ["customer", "subscriber"]

    notes = [parse_order_note(n) for n in load("order_notes_list.json")]
    assert notes[1].customer_visible and notes[1].note == "Your parcel is on its way & should arrive soon."
    assert parse_order_note(load("order_note.json")).created_at == datetime(2026, 3, 5, 8, 0, tzinfo=timezone.utc)

    assert [parse_refund(r).amount for r in load("order_refunds_list.json")] == [Decimal("6.00"), Decimal("4.95")]
    assert parse_refund(load("order_refund.json")).id == 3104

    hook = parse_webhook_info(load("webhook_retrieve.json"))
    assert tuple(hook) == (77, "disabled", "order.updated", "https://bot.example.org/webhooks/woocommerce")

    assert parse_error(load("error_404_no_route.json")) == (
        "rest_no_route", "No route was found matching the URL and request method.", 404)
    assert parse_error(load("error_404_invalid_id.json"))[0] == "woocommerce_rest_shop_order_invalid_id"
    assert parse_error(load("error_401_consumer_key.json"))[2] == 401

    single = parse_tracking(load("shipment_tracking.json"))
    assert single.number == "00370700000000001234" and single.shipped_on == "2026-03-05"
    assert "\n" not in single.link and single.link.endswith("00370700000000001234")
    custom = parse_tracking(load("shipment_trackings_list.json")[1])
    assert (custom.number, custom.provider, custom.link) == ("55", "Local Courier", "https://courier.example.net/t/55")


def test_store_api_products_minor_units_text_and_variants():
    simple = parse_product(load("store_products_list.json")[0])
    assert simple.price == Decimal("6.00") and simple.currency == "EUR"
    assert simple.short_description == "Speckled enamel mug & saucer."
    assert simple.in_stock and simple.stock_status == "instock" and simple.low_stock_remaining == 3

    variable = load("store_product_variable.json")
    labels = variation_labels(variable)
    assert labels == {43: (("Colour", "Ochre"),), 44: (("Colour", "Slate Blue"),)}
    product = parse_product(variable, unavailable=[labels[44]])
    assert product.price == Decimal("18.00")
    assert product.categories == ("Outerwear",)
    assert product.attributes == (("Colour", ("Ochre", "Slate Blue")),)
    assert product.unavailable_variants == ((("Colour", "Slate Blue"),),)

    variation = parse_product(load("store_variation_out_of_stock.json"))
    assert not variation.in_stock and variation.stock_status == "outofstock"


def test_snapshot_for_reconciliation():
    snap = parse_order_snapshot(load("orders_list.json")[1])
    assert (snap.order_id, snap.status, snap.fulfillment) == (3102, "completed", Fulfillment.FULFILLED)
    assert snap.modified_gmt == datetime(2026, 3, 5, 8, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("raw", "minor", "expected"),
    [("1105", 2, Decimal("11.05")), ("0", 2, Decimal("0")), ("12345", 0, Decimal("12345")), ("5", 3, Decimal("0.005"))],
)
def test_minor_units(raw, minor, expected):
    assert minor_units(raw, minor) == expected


def test_money_accepts_strings_and_numbers_but_not_garbage():
    assert money("29.35") == Decimal("29.35")
    assert money(12) == Decimal("12") and money(18.5) == Decimal("18.5")
    assert money(None) == Decimal("0")
    for bad in ("abc", "NaN", True):
        with pytest.raises(BadResponseError):
            money(bad)


def test_html_to_text():
    assert text("<p>Caf&eacute; &amp; <b>bar</b></p>\n<p>two</p>") == "Caf\u00e9 & bar two"


def test_dates_without_gmt_fall_back_only_when_offset_known():
    base = load("order_retrieve_guest.json")
    no_gmt = {**base, "date_created_gmt": None, "date_created": "2026-03-04T11:05:00+01:00"}
    assert parse_order(no_gmt, matched_by="customer_id").created_at == datetime(2026, 3, 4, 10, 5, tzinfo=timezone.utc)
    with pytest.raises(BadResponseError):
        parse_order({**base, "date_created_gmt": None, "date_created": "2026-03-04T11:05:00"}, matched_by="customer_id")


@pytest.mark.parametrize(
    "bad",
    [[], "order", {"status": "processing"}, {"id": "x", "date_created_gmt": "2026-01-01T00:00:00"},
     {"id": 1, "date_created_gmt": "yesterday"}, {"id": 1, "date_created_gmt": "2026-01-01T00:00:00", "total": "1,00"},
     {"id": 1, "date_created_gmt": "2026-01-01T00:00:00", "line_items": ["not an object"]}],
)
def test_wrong_shapes_raise_bad_response(bad):
    with pytest.raises(BadResponseError):
        parse_order(bad, matched_by="customer_id")
