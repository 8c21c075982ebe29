"""The sandbox WooCommerce behaves like the real API where Deskhand depends on it."""

from __future__ import annotations

import aiohttp
import pytest

from connectors.sandbox.woocommerce_server import start_woocommerce

CK, CS = "ck_srv_test", "cs_srv_test"
V3 = "/wp-json/wc/v3"


@pytest.fixture
async def shop():
    srv = await start_woocommerce(consumer_key=CK, consumer_secret=CS)
    yield srv
    await srv.close()


@pytest.fixture
async def http():
    async with aiohttp.ClientSession(headers={"Authorization": aiohttp.encode_basic_auth(CK, CS)}) as s:
        yield s


async def get(session, url, **params):
    async with session.get(url, params=params) as resp:
        return resp.status, resp.headers, await resp.json()


async def order_ids(session, shop, **params):
    status, _, body = await get(session, f"{shop.url}{V3}/orders", per_page=100, **params)
    assert status == 200
    return [o["id"] for o in body]


async def test_search_is_fuzzy_like_woocommerce(shop, http):
    # Billing email prefix: ann@example.com also hits ann@example.com.au.
    assert 10474 in await order_ids(http, shop, search="ann@example.com")
    # Substring over address indexes (Jo Ann's billing email, Bob's shipping line) and item names.
    hits = set(await order_ids(http, shop, search="ann@example.com"))
    assert {10470, 10501, 10474, 10476, 10478, 10480} <= hits
    # Not the note or an unrelated plus-address, unless the store widens its search fields.
    assert 10479 not in hits and 10481 not in hits
    # A numeric term also matches the order id exactly.
    assert 10455 in await order_ids(http, shop, search="10455")
    assert await order_ids(http, shop, search="Willow") == [10488, 10455]


async def test_filters_sorting_and_dates(shop, http):
    assert await order_ids(http, shop, customer=11) == [10482, 10431]
    assert await order_ids(http, shop, customer=0, search="maya.lindqvist@example.com") == [10408]
    assert set(await order_ids(http, shop, status="on-hold,pending")) == {10486, 10480, 10481, 10494}
    assert await order_ids(http, shop, **{"status[]": "refunded"}) == [10421]
    asc = await order_ids(http, shop, orderby="id", order="asc")
    assert asc == sorted(asc) and len(asc) == 28
    # modified_after is site-local time unless dates_are_gmt (site is GMT+1 in November).
    gmt = await order_ids(http, shop, modified_after="2026-11-19T21:30:00", dates_are_gmt="true")
    local = await order_ids(http, shop, modified_after="2026-11-19T21:30:00")
    assert gmt == [] and local == [10501]


async def test_pagination_headers_and_link(shop, http):
    status, headers, body = await get(http, f"{shop.url}{V3}/orders", per_page=5, page=2)
    assert status == 200 and len(body) == 5
    assert headers["X-WP-Total"] == "28" and headers["X-WP-TotalPages"] == "6"
    assert 'rel="next"' in headers["Link"] and 'rel="prev"' in headers["Link"] and "page=3" in headers["Link"]
    status, _, err = await get(http, f"{shop.url}{V3}/orders", per_page=101)
    assert status == 400 and err["code"] == "rest_invalid_param"


async def test_customers_email_filter_is_exact_and_role_defaults_to_customer(shop, http):
    _, _, found = await get(http, f"{shop.url}{V3}/customers", email="ANN@example.com")
    assert [c["id"] for c in found] == [13]
    _, _, subscriber = await get(http, f"{shop.url}{V3}/customers", email="lukas.weber@example.com")
    _, _, any_role = await get(http, f"{shop.url}{V3}/customers", email="lukas.weber@example.com", role="all")
    assert subscriber == [] and [c["id"] for c in any_role] == [18]


async def test_single_resources_and_404_shapes(shop, http):
    status, _, order = await get(http, f"{shop.url}{V3}/orders/10482")
    assert status == 200 and order["billing"]["email"] == "maya.lindqvist@example.com"
    status, _, err = await get(http, f"{shop.url}{V3}/orders/1")
    assert status == 404 and err == {"code": "woocommerce_rest_shop_order_invalid_id", "message": "Invalid ID.",
                                     "data": {"status": 404}}
    status, _, err = await get(http, f"{shop.url}{V3}/nothing-here")
    assert status == 404 and err["code"] == "rest_no_route"
    _, _, refunds = await get(http, f"{shop.url}{V3}/orders/10421/refunds")
    assert refunds[0]["amount"] == "73.95"
    _, _, notes = await get(http, f"{shop.url}{V3}/orders/10486/notes", type="customer")
    assert len(notes) == 1 and notes[0]["customer_note"] is True
    _, _, trackings = await get(http, f"{shop.url}/wp-json/wc-shipment-tracking/v3/orders/10455/shipment-trackings")
    assert trackings[0]["tracking_provider"] == "DHL"
    _, _, index = await get(http, f"{shop.url}/wp-json/")
    assert "wc-shipment-tracking/v3" in index["namespaces"]


async def test_auth_failures_look_like_woocommerce(shop):
    async with aiohttp.ClientSession() as anon:
        status, _, err = await get(anon, f"{shop.url}{V3}/orders")
        assert status == 401 and err["code"] == "woocommerce_rest_cannot_view"
        status, _, err = await get(anon, f"{shop.url}{V3}/orders", consumer_key="ck_other", consumer_secret=CS)
        assert status == 401 and err["message"] == "Consumer key is invalid."
        status, _, err = await get(anon, f"{shop.url}{V3}/orders", consumer_key=CK, consumer_secret="cs_other")
        assert status == 401 and err["message"] == "Consumer secret is invalid."
        status, _, body = await get(anon, f"{shop.url}{V3}/orders", consumer_key=CK, consumer_secret=CS, per_page=1)
        assert status == 200 and len(body) == 1
        # The Store API is public.
        status, _, products = await get(anon, f"{shop.url}/wp-json/wc/store/v1/products", per_page=3)
        assert status == 200 and len(products) == 3


async def test_every_write_attempt_is_refused_and_counted(shop, http):
    assert shop.app["write_attempts"] == 0
    for method, path in (("PUT", f"{V3}/orders/10482"), ("POST", f"{V3}/orders/10482/refunds"),
                         ("DELETE", f"{V3}/orders/10482"), ("PATCH", f"{V3}/orders/10482"),
                         ("POST", "/wp-json/wc/store/v1/cart/add-item")):
        async with http.request(method, shop.url + path, json={"status": "cancelled"}) as resp:
            assert resp.status in (401, 405)
    assert shop.app["write_attempts"] == 5
    _, _, order = await get(http, f"{shop.url}{V3}/orders/10482")
    assert order["status"] == "processing"


async def test_store_api_products_and_variations(shop):
    async with aiohttp.ClientSession() as anon:
        base = f"{shop.url}/wp-json/wc/store/v1/products"
        _, headers, page = await get(anon, base, per_page=100)
        assert int(headers["X-WP-Total"]) == len(page) >= 24
        assert all(p["type"] != "variation" for p in page)
        _, _, sku = await get(anon, base, sku="JO-CST-SKL")
        assert [p["name"] for p in sku] == ["Cast Iron Skillet"] and sku[0]["prices"]["price"] == "5500"
        _, _, out = await get(anon, base, type="variation", parent="102", stock_status="outofstock")
        assert sorted(v["variation"] for v in out) == ["Shoe size: 39, Colour: Black", "Shoe size: 39, Colour: Chalk",
                                                      "Shoe size: 46, Colour: Black"]
        _, _, one = await get(anon, f"{base}/{out[0]['id']}")
        assert one["parent"] == 102 and one["prices"]["currency_code"] == "EUR" and one["is_in_stock"] is False
        _, _, by_slug = await get(anon, f"{base}/acacia-serving-board")
        assert by_slug["is_in_stock"] is False
        status, _, err = await get(anon, f"{base}/424242")
        assert status == 404 and err["code"] == "woocommerce_rest_product_invalid_id"


async def test_fault_and_call_count_controls_over_http(shop, http):
    async with http.post(f"{shop.url}/_sandbox/faults",
                         json={"path_prefix": f"{V3}/orders", "status": 429, "retry_after": "2", "count": 2}) as resp:
        assert resp.status == 201
    for expected in (429, 429, 200):
        async with http.get(f"{shop.url}{V3}/orders") as resp:
            assert resp.status == expected
            if expected == 429:
                assert resp.headers["Retry-After"] == "2"
    async with http.post(f"{shop.url}/_sandbox/faults", json={"path_prefix": V3, "bad_json": True}) as resp:
        assert resp.status == 201
    async with http.get(f"{shop.url}{V3}/customers") as resp:
        with pytest.raises(ValueError):
            await resp.json()
    async with http.get(f"{shop.url}/_sandbox/calls") as resp:
        counts = await resp.json()
    assert counts == {f"GET {V3}/orders": 3, f"GET {V3}/customers": 1}
    async with http.post(f"{shop.url}/_sandbox/faults", json={"status": "teapot"}) as resp:
        assert resp.status == 400
