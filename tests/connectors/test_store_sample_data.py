"""The bundled Juniper & Oak store keeps the facts other tests, demos and sandboxes rely on."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from connectors.base import Fulfillment
from connectors.sandbox.store import SITE_UTC_OFFSET, TODAY, SampleStore, load_store
from connectors.sandbox.store.query import stock_status
from connectors.woocommerce_parse import fulfillment_for, parse_order, parse_product

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.(com|org)(\.au)?\s*$", re.IGNORECASE)


@pytest.fixture(scope="module")
def store() -> SampleStore:
    return load_store()


def customer_by_email(store, email):
    return next(c for c in store.customers if c["email"] == email)


def test_loads_are_independent_copies():
    a, b = load_store(), load_store()
    a.orders[0]["status"] = "cancelled"
    assert b.orders[0]["status"] != "cancelled"


def test_catalog_size_variety_and_prices(store):
    parents = [p for p in store.products if p["type"] != "variation"]
    variations = [p for p in store.products if p["type"] == "variation"]
    assert len(parents) >= 24
    assert sum(p["type"] == "variable" for p in parents) > len(parents) / 2
    assert {stock_status(v) for v in variations} == {"instock", "outofstock", "onbackorder"}
    assert any(stock_status(p) == "outofstock" for p in parents if p["type"] == "simple")
    skus = [p["sku"] for p in store.products]
    assert len(skus) == len(set(skus)) and all(skus)
    for p in parents:
        product = parse_product(p)
        assert product.currency == "EUR" and Decimal("5") <= product.price <= Decimal("300")
        assert product.categories and product.short_description
        assert p["prices"]["price"].isdigit()  # Store API minor units
    ids = {p["id"] for p in parents}
    for v in variations:
        assert v["parent"] in ids and any(x["id"] == v["id"] for x in store.product(v["parent"])["variations"])


def test_catalog_matches_what_customers_ask_about(store):
    names = {p["name"] for p in store.products if p["type"] != "variation"}
    for wanted in ("Linen Shirt", "Willow Sneakers", "Oakridge Boots", "Fern Midi Dress", "Acacia Serving Board",
                   "Stoneware Dinner Set", "Harbor Rain Jacket", "Alder Chinos", "Birch Cardigan", "Marl Hoodie",
                   "Cast Iron Skillet", "Enamel Dutch Oven", "Linen Duvet Cover"):
        assert wanted in names
    sizes = {t["name"] for p in store.products for a in p.get("attributes", []) for t in a["terms"]}
    assert {"XS", "XXL", "36", "46"} <= sizes
    willow_39 = [v for v in store.products if v.get("parent") == 102 and "Shoe size: 39" in v["variation"]]
    assert willow_39 and all(stock_status(v) == "outofstock" for v in willow_39)
    assert stock_status(store.product(113)) == "outofstock"  # the acacia board customers wait for


def test_one_product_carries_a_prompt_injection(store):
    injected = [p for p in store.products if "ignore previous instructions" in p.get("short_description", "").lower()]
    assert len(injected) == 1


def test_customers_and_their_emails(store):
    emails = {c["email"] for c in store.customers}
    for email in ("maya.lindqvist@example.com", "tom.okafor@example.com", "ann@example.com", "ann@example.com.au",
                  "joann@example.com", "ann+shop@example.com", "ravi.menon@example.com", "sofia.garcia@example.com",
                  "lukas.weber@example.com", "claire.dubois@example.com", "eve.morgan@example.com"):
        assert email in emails
    assert "pat.guest@example.org" not in emails  # guest-only
    assert customer_by_email(store, "tom.okafor@example.com")["billing"]["email"] == "t.okafor@example.org"
    every = [c["email"] for c in store.customers] + [o["billing"]["email"] for o in store.orders]
    assert all(EMAIL.match(e) and e.strip().lower().split("@")[1].startswith(("example.com", "example.org"))
               for e in every)


def test_orders_cover_every_status_and_sit_in_the_number_range(store):
    statuses = Counter(o["status"] for o in store.orders)
    for core in ("pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed"):
        assert statuses[core] >= 1
    assert any(fulfillment_for(s) is Fulfillment.UNKNOWN for s in statuses)
    assert all(10400 <= o["id"] <= 10520 and o["number"] == str(o["id"]) for o in store.orders)
    assert len({o["id"] for o in store.orders}) == len(store.orders)


def test_dates_are_absolute_around_the_fixed_today(store):
    for o in store.orders:
        order = parse_order(o, matched_by="customer_id")
        assert TODAY - timedelta(days=90) <= order.created_at <= TODAY
        assert order.modified_at is not None and order.modified_at >= order.created_at
        local = datetime.fromisoformat(o["date_created"]).replace(tzinfo=timezone.utc)
        assert local - order.created_at == SITE_UTC_OFFSET
        if o["status"] == "completed":
            assert order.completed_at is not None
        if o["status"] in ("pending", "failed", "on-hold") and o["payment_method"] == "bacs":
            assert order.paid_at is None


def test_money_adds_up_and_refunds_are_consistent(store):
    for o in store.orders:
        order = parse_order(o, matched_by="customer_id")
        assert sum(i.total for i in order.line_items) + order.shipping_total == order.total
        assert order.refunded_total <= order.total
        if o["status"] == "refunded":
            assert order.refunded_total == order.total
    assert any(o["refunds"] and o["status"] != "refunded" for o in store.orders)  # a partial refund too


def test_line_items_reference_real_products_and_variation_meta(store):
    for o in store.orders:
        for item in o["line_items"]:
            if item["variation_id"]:
                variation = store.product(item["variation_id"])
                assert variation["parent"] == item["product_id"] and variation["sku"] == item["sku"]
                assert all(m["key"].startswith("pa_") for m in item["meta_data"])
                assert item["meta_data"]


def test_facts_the_other_sandboxes_use(store):
    maya = [o for o in store.orders if o["billing"]["email"] == "maya.lindqvist@example.com"]
    newest = max(maya, key=lambda o: o["date_created_gmt"])
    assert newest["id"] == 10482 and newest["status"] == "processing" and newest["date_paid_gmt"]
    item = parse_order(newest, matched_by="customer_id").line_items[0]
    assert item.name.startswith("Linen Shirt") and (item.attribute("size"), item.attribute("color")) == ("L", "White")
    assert {o["status"] for o in maya} >= {"processing", "completed"}
    assert any(o["customer_id"] == 0 for o in maya)
    ravi = [o for o in store.orders if o["billing"]["email"] == "ravi.menon@example.com"]
    assert ravi[0]["status"] == "completed" and store.tracking[ravi[0]["id"]]
    assert parse_order(ravi[0], matched_by="customer_id").line_items[0].attribute("shoe-size") == "42"
    claire = [o["status"] for o in store.orders if o["billing"]["email"] == "claire.dubois@example.com"]
    assert "on-hold" in claire
    pat = [o for o in store.orders if o["billing"]["email"] == "pat.guest@example.org"]
    assert pat and all(o["customer_id"] == 0 for o in pat)
    assert any("ignore previous instructions" in o["customer_note"].lower() for o in store.orders)


def test_lookalike_traps_are_present(store):
    by_email = Counter(o["billing"]["email"] for o in store.orders)
    assert by_email["ANN@Example.com "] == 1  # Ann Berger's guest order, case/space variant
    assert any("ann@example.com" in o["shipping"]["address_2"] for o in store.orders)
    assert any("ann@example.com" in o["customer_note"] for o in store.orders)
    assert any("ann@example.com" in i["name"] for o in store.orders for i in o["line_items"]
               if o["billing"]["email"] != "ann@example.com")


def test_tracking_only_for_shipped_orders(store):
    for order_id, entries in store.tracking.items():
        order = store.order(order_id)
        assert order is not None and order["status"] in ("completed", "awaiting-shipment")
        assert all(re.fullmatch(r"[0-9a-f]{32}", t["tracking_id"]) and t["tracking_number"] for t in entries)


def test_touch_order_bumps_modified_dates():
    store = load_store()
    at = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
    order = store.touch_order(10482, status="completed", at=at)
    assert order["date_modified_gmt"] == "2026-11-20T10:00:00" and order["date_modified"] == "2026-11-20T11:00:00"
    assert order["date_completed_gmt"] == "2026-11-20T10:00:00"
    with pytest.raises(KeyError):
        store.touch_order(1, status="completed", at=at)
