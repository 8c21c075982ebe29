"""The WooCommerce connector against the sandbox store over real HTTP: ownership above all."""

from __future__ import annotations

import copy
from datetime import datetime, timezone

import aiohttp
import pytest

from connectors.base import Fulfillment, Order
from connectors.errors import AuthError, TransientError
from connectors.http import RetryPolicy
from connectors.sandbox.server import add_fault, calls
from connectors.sandbox.store import SampleStore, load_store
from connectors.sandbox.woocommerce_server import STORE, start_woocommerce
from connectors.woocommerce import WooCommerce, order_by_number

CK, CS = "ck_test_read_only", "cs_test_read_only"
ANN_TRAP_ORDERS = {10474, 10476, 10478, 10479, 10480, 10481}  # Ann Lee, Jo Ann, shipping line, note, item, ann+shop


async def _start(**kw):
    return await start_woocommerce(consumer_key=CK, consumer_secret=CS, **kw)


@pytest.fixture
async def shop():
    srv = await _start()
    yield srv
    await srv.close()


@pytest.fixture
async def session():
    async with aiohttp.ClientSession() as s:
        yield s


def client(session, srv, **kw) -> WooCommerce:
    kw.setdefault("retry", RetryPolicy(attempts=1))
    return WooCommerce(session, url=srv.url, consumer_key=CK, consumer_secret=CS, **kw)


def ids(orders) -> list[int]:
    return [o.id for o in orders]


async def test_maya_gets_registered_and_guest_orders_newest_first(shop, session):
    orders = await client(session, shop).orders_for(["maya.lindqvist@example.com"])
    assert ids(orders) == [10482, 10431, 10408]
    newest = orders[0]
    assert newest.status == "processing" and newest.fulfillment is Fulfillment.PROCESSING
    assert newest.matched_by == "customer_id"
    item = newest.line_items[0]
    assert item.name.startswith("Linen Shirt") and item.attribute("size") == "L" and item.attribute("color") == "White"
    guest = orders[2]
    assert guest.customer_id == 0 and guest.matched_by == "guest_billing_email"
    assert not any(o.tracking for o in orders)  # the newest order is in focus and has not shipped
    assert shop.app["write_attempts"] == 0


async def test_tracking_is_read_only_for_the_order_in_focus(shop, session):
    wc = client(session, shop)
    before = calls(shop.app)
    orders = await wc.orders_for(["maya.lindqvist@example.com"], focus=["#10431"])
    tracked = {o.id: bool(o.tracking) for o in orders}
    assert tracked == {10482: False, 10431: True, 10408: False}
    assert orders[1].tracking[0].number  # the completed order the customer named carries its shipment
    reads = {k: v - before.get(k, 0) for k, v in calls(shop.app).items() if "tracking" in k}
    assert sum(reads.values()) == 1


async def test_account_ids_for_an_email_are_cached_orders_are_not(shop, session):
    now = [0.0]
    wc = client(session, shop, customer_cache_s=300, clock=lambda: now[0])

    def customer_calls() -> int:
        return sum(v for k, v in calls(shop.app).items() if k.endswith("/wc/v3/customers"))

    start = customer_calls()
    first = await wc.orders_for(["maya.lindqvist@example.com"])
    again = await wc.orders_for(["MAYA.lindqvist@example.com "])
    assert ids(first) == ids(again) == [10482, 10431, 10408]
    assert customer_calls() - start == 1
    now[0] = 301.0  # past the TTL: the account lookup is fresh again
    await wc.orders_for(["maya.lindqvist@example.com"])
    assert customer_calls() - start == 2
    uncached = client(session, shop, customer_cache_s=0)
    await uncached.orders_for(["maya.lindqvist@example.com"])
    await uncached.orders_for(["maya.lindqvist@example.com"])
    assert customer_calls() - start == 4


async def test_two_verified_emails_see_both_sets(shop, session):
    wc = client(session, shop)
    login_only = await wc.orders_for(["tom.okafor@example.com"])
    billing_only = await wc.orders_for(["t.okafor@example.org"])
    both = await wc.orders_for(["tom.okafor@example.com", "t.okafor@example.org"])
    assert ids(login_only) == [10493, 10467]  # account orders, whatever billing email they used
    assert ids(billing_only) == [10467, 10421]  # billing-email matches, incl. the guest order
    assert ids(both) == [10493, 10467, 10421]
    by_id = {o.id: o for o in both}
    assert by_id[10467].matched_by == "customer_id"  # strongest path wins on de-dup
    assert by_id[10421].matched_by == "guest_billing_email" and by_id[10421].refunded_total > 0
    assert by_id[10493].fulfillment is Fulfillment.UNKNOWN  # plugin status stays unknown


@pytest.mark.parametrize("email", ["ann@example.com", "ANN@Example.com ", "  ann@EXAMPLE.com"])
async def test_ann_sees_only_her_orders_whatever_the_case(shop, session, email):
    orders = await client(session, shop).orders_for([email])
    assert ids(orders) == [10501, 10470]
    assert {o.matched_by for o in orders} == {"guest_billing_email", "customer_id"}
    assert not ANN_TRAP_ORDERS & set(ids(orders))


async def test_lookalikes_never_leak_even_when_search_returns_them(session):
    # This store also searches the customer note, so every trap is in the raw search results.
    srv = await _start(search_extra_fields=("customer_note",))
    try:
        async with session.get(f"{srv.url}/wp-json/wc/v3/orders", params={"search": "ann@example.com", "per_page": 100},
                               headers={"Authorization": aiohttp.encode_basic_auth(CK, CS)}) as resp:
            raw = {o["id"] for o in await resp.json()}
        assert ANN_TRAP_ORDERS - {10481} <= raw  # the fuzzy search really returns other people's orders
        orders = await client(session, srv).orders_for(["ann@example.com"])
        assert set(ids(orders)) == {10501, 10470}
    finally:
        await srv.close()


@pytest.mark.parametrize(
    ("email", "expected"),
    [("ann@example.com.au", [10474]), ("joann@example.com", [10476]), ("ann+shop@example.com", [10481]),
     ("bob.keller@example.org", [10478]), ("ann@example.co", []), ("nn@example.com", []), ("example.com", [])],
)
async def test_each_lookalike_only_sees_their_own(shop, session, email, expected):
    assert ids(await client(session, shop).orders_for([email])) == expected


async def test_subscriber_role_customer_found_with_role_all(shop, session):
    orders = await client(session, shop).orders_for(["lukas.weber@example.com"])
    assert ids(orders) == [10490, 10437] and {o.matched_by for o in orders} == {"customer_id"}


async def test_guest_only_customer(shop, session):
    orders = await client(session, shop).orders_for(["pat.guest@example.org"])
    assert ids(orders) == [10494, 10471, 10460]
    assert {o.matched_by for o in orders} == {"guest_billing_email"}
    assert [o.fulfillment for o in orders] == [Fulfillment.AWAITING_PAYMENT, Fulfillment.FAILED, Fulfillment.FULFILLED]


async def test_no_emails_means_no_calls(shop, session):
    assert await client(session, shop).orders_for(["", "   "]) == []
    assert calls(shop.app) == {}


async def test_typed_order_number_of_someone_else_resolves_like_a_missing_one(shop, session):
    maya = await client(session, shop).orders_for(["maya.lindqvist@example.com"])
    for typed in ("#10482", "10482", "order no. 10482", "Bestellung 10482", " #10482 "):
        assert order_by_number(maya, typed).id == 10482
    # 10470 exists (Ann's), 10999 does not: Maya gets the same answer for both.
    assert order_by_number(maya, "#10470") is None
    assert order_by_number(maya, "#10999") is None
    assert order_by_number(maya, "") is None and order_by_number([], "10482") is None
    # Two of her own orders in one phrase is ambiguous, not a guess.
    assert order_by_number(maya, "10482 or 10431") is None


def test_order_by_number_uses_the_display_number():
    base = Order(id=5, number="JO-10482", status="processing", fulfillment=Fulfillment.PROCESSING, currency="EUR",
                 total=0, created_at=datetime(2026, 11, 1, tzinfo=timezone.utc), billing_email="a@example.com",
                 matched_by="customer_id")
    assert order_by_number([base], "jo-10482") is base and order_by_number([base], "10482") is base
    assert order_by_number([base], "5") is None


async def test_limit_and_bounded_pagination(session):
    store = load_store()
    template = store.order(10482)
    for n in range(60):  # a very loyal customer: 60 more orders on the account
        clone = copy.deepcopy(template)
        clone["id"] = clone["number"] = 20000 + n
        clone["number"] = str(clone["id"])
        clone["date_created_gmt"] = f"2026-10-{1 + n % 28:02d}T{n % 24:02d}:00:00"
        store.orders.append(clone)
    srv = await _start(store=store)
    try:
        wc = client(session, srv, max_pages=2, fetch_tracking=False)
        orders = await wc.orders_for(["maya.lindqvist@example.com"], limit=12)
        assert len(orders) == 12 and orders[0].id == 10482
        assert orders == sorted(orders, key=lambda o: (o.created_at, o.id), reverse=True)
        counted = calls(srv.app)["GET /wp-json/wc/v3/orders"]
        # Customer orders: max 2 pages; search: max 2 pages. Never a walk over the whole store.
        assert counted <= 4
    finally:
        await srv.close()


async def test_query_string_auth(shop, session):
    orders = await client(session, shop, query_string_auth=True).orders_for(["ravi.menon@example.com"])
    assert ids(orders) == [10455] and orders[0].tracking[0].provider == "DHL"
    assert orders[0].line_items[0].attribute("shoe-size") == "42"


async def test_check_names_the_wrong_key_without_printing_it(shop, session):
    await client(session, shop).check()
    bad_key = WooCommerce(session, url=shop.url, consumer_key="ck_wrong", consumer_secret=CS)
    with pytest.raises(AuthError, match="consumer key") as info:
        await bad_key.check()
    assert "ck_wrong" not in str(info.value)
    bad_secret = WooCommerce(session, url=shop.url, consumer_key=CK, consumer_secret="cs_wrong_secret")
    with pytest.raises(AuthError, match="consumer secret") as info:
        await bad_secret.check()
    assert "cs_wrong_secret" not in str(info.value)
    with pytest.raises(AuthError):
        WooCommerce(session, url=shop.url, consumer_key="", consumer_secret=CS)


async def test_upstream_failure_is_an_error_not_an_empty_list(shop, session):
    add_fault(shop.app, path_prefix="/wp-json/wc/v3/orders", status=503, count=None)
    with pytest.raises(TransientError):
        await client(session, shop).orders_for(["maya.lindqvist@example.com"])


async def test_transient_errors_are_retried_inside_the_connector(shop, session):
    add_fault(shop.app, path_prefix="/wp-json/wc/v3/customers", status=429, retry_after="0", count=1)
    wc = client(session, shop, retry=RetryPolicy(attempts=3, backoff=0.001, max_backoff=0.002))
    assert ids(await wc.orders_for(["ravi.menon@example.com"])) == [10455]


async def test_tracking_absent_without_the_extension(session):
    srv = await _start(tracking_extension=False)
    try:
        orders = await client(session, srv).orders_for(["ravi.menon@example.com"])
        assert orders[0].tracking == ()
        assert not any("shipment-trackings" in k for k in calls(srv.app))
    finally:
        await srv.close()


async def test_changed_orders_since_watermark(shop, session):
    wc = client(session, shop)
    changed = await wc.changed_orders(datetime(2026, 11, 19, 12, 0, tzinfo=timezone.utc))
    assert [s.order_id for s in changed] == [10493, 10501]  # oldest change first
    store: SampleStore = shop.app[STORE]
    store.touch_order(10482, status="completed", at=datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc))
    later = await wc.changed_orders(datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc))
    assert [(s.order_id, s.fulfillment) for s in later] == [(10482, Fulfillment.FULFILLED)]
    snap = await wc.order_snapshot(10482)
    assert snap is not None and snap.status == "completed"
    assert await wc.order_snapshot(99999) is None


async def test_webhooks_status(shop, session):
    hooks = await client(session, shop).webhooks_status()
    assert [(h.id, h.status, h.topic) for h in hooks] == [(31, "active", "order.updated"), (32, "active", "order.created")]
    store: SampleStore = shop.app[STORE]
    store.webhooks[0]["status"] = "disabled"
    assert (await client(session, shop).webhooks_status())[0].status == "disabled"


async def test_search_products_with_unavailable_variants(shop, session):
    products = await client(session, shop).search_products("willow sneakers")
    assert [p.name for p in products] == ["Willow Sneakers"]
    sneakers = products[0]
    assert str(sneakers.price) == "89.00" and sneakers.currency == "EUR"
    assert (("Shoe size", "39"), ("Colour", "Chalk")) in sneakers.unavailable_variants
    assert (("Shoe size", "42"), ("Colour", "Chalk")) not in sneakers.unavailable_variants
    board = await client(session, shop).search_products("acacia")
    assert board[0].stock_status == "outofstock" and not board[0].in_stock
    assert await client(session, shop).search_products("   ") == []


async def test_store_api_needs_no_credentials(shop, session):
    anonymous = WooCommerce(session, url=shop.url, consumer_key="ck_wrong", consumer_secret="cs_wrong")
    assert (await anonymous.product(113)).name == "Acacia Serving Board"
    assert await anonymous.product(99999) is None


async def test_list_products_pages_through_the_catalog(shop, session):
    wc = client(session, shop)
    first, second = await wc.list_products(1, 20), await wc.list_products(2, 20)
    assert len(first) == 20 and len(second) == 7
    assert not {p.id for p in first} & {p.id for p in second}
    assert all(p.price > 0 for p in first + second)


async def test_the_connector_never_writes(shop, session):
    wc = client(session, shop)
    await wc.check()
    for email in ("maya.lindqvist@example.com", "ann@example.com", "pat.guest@example.org"):
        await wc.orders_for([email])
    await wc.search_products("linen")
    await wc.webhooks_status()
    await wc.changed_orders(datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert shop.app["write_attempts"] == 0
    assert all(key.split()[0] == "GET" for key in calls(shop.app))
