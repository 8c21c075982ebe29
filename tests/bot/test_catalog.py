"""Catalog cache: real SQLite FTS over the sandbox catalog, refresh, staleness and fallbacks."""

from __future__ import annotations

import asyncio
import sqlite3
from decimal import Decimal

import aiohttp
import pytest
import sqlite_utils

from connectors.base import Product
from connectors.errors import TransientError
from connectors.http import RetryPolicy
from connectors.sandbox.server import add_fault, calls
from connectors.sandbox.woocommerce_server import start_woocommerce
from connectors.woocommerce import WooCommerce

from bot.catalog import PRODUCTS, CatalogCache, ensure_catalog_schema, fts_query


def open_db(path) -> sqlite_utils.Database:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    return sqlite_utils.Database(conn)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class FakeStore:
    """A scripted catalog at the edge of the unit: pages of products, or an outage."""

    def __init__(self, products: list[Product]) -> None:
        self.products = products
        self.fail = False
        self.pages_read = 0

    async def list_products(self, page: int, per_page: int) -> list[Product]:
        if self.fail:
            raise TransientError("down", vendor="fake")
        self.pages_read += 1
        return self.products[(page - 1) * per_page : page * per_page]

    async def search_products(self, query: str, *, limit: int = 5) -> list[Product]:
        return []


def product(pid: int, name: str, **kw) -> Product:
    return Product(id=pid, name=name, sku=kw.pop("sku", f"SKU-{pid}"), price=Decimal("10.00"), currency="EUR",
                   in_stock=True, stock_status="instock", **kw)


@pytest.fixture
async def shop():
    srv = await start_woocommerce(consumer_key="ck", consumer_secret="cs")
    yield srv
    await srv.close()


async def test_refresh_from_the_sandbox_and_search(tmp_path, shop):
    async with aiohttp.ClientSession() as session:
        wc = WooCommerce(session, url=shop.url, consumer_key="ck", consumer_secret="cs", retry=RetryPolicy(attempts=1))
        cache = CatalogCache(open_db(tmp_path / "c.db"), wc)
        assert cache.is_stale() and cache.is_empty()
        assert await cache.refresh() >= 24
        assert not cache.is_stale() and not cache.is_empty()

    def names(q, n=3):
        return [p.name for p in cache.search(q, n)]

    assert names("are the willow sneakers back in 39 yet")[0] == "Willow Sneakers"
    assert names("acacia serving board")[0] == "Acacia Serving Board"
    assert names("stoneware set")[0] == "Stoneware Dinner Set"
    assert names("botas Oakridge")[0] == "Oakridge Boots"
    assert names("JO-CST-SKL")[0] == "Cast Iron Skillet"
    assert set(names("Outerwear", 5)[:2]) == {"Harbor Rain Jacket", "Rowan Wool Coat"}  # category match
    assert "Willow Sneakers" in names("boots shoes sneakers", 5)  # OR'ed tokens
    assert names("sneaker")[0] == "Willow Sneakers"  # porter stemming
    assert cache.search("", 3) == [] and cache.search("the and of", 3) == []
    sneakers = cache.search("willow", 1)[0]
    assert (("Shoe size", "39"), ("Colour", "Chalk")) in sneakers.unavailable_variants
    assert sneakers.price == Decimal("89.00") and sneakers.attributes[0][0] == "Shoe size"
    assert cache.get(sneakers.id) == sneakers
    board = cache.search("acacia", 1)[0]
    assert not board.in_stock and board.stock_status == "outofstock"


async def test_fts_query_is_operator_safe():
    assert fts_query('linen "shirt" OR NEAR(x) -boots*') == '"linen" OR "shirt" OR "near" OR "boots"'
    assert fts_query("the and") == ""


async def test_search_survives_operators_in_customer_text(tmp_path):
    store = FakeStore([product(1, "Linen Shirt"), product(2, "Wool Coat")])
    cache = CatalogCache(open_db(tmp_path / "c.db"), store)
    await cache.refresh()
    for text in ('shirt"', "coat AND", "NOT shirt", "shirt*", "(coat", "col:umn", "^shirt"):
        cache.search(text, 3)  # must never raise an FTS syntax error
    assert [p.name for p in cache.search("NOT shirt", 3)] == ["Linen Shirt"]


async def test_refresh_replaces_the_copy_and_pages(tmp_path):
    items = [product(i, f"Item {i}") for i in range(1, 251)]
    store = FakeStore(items)
    cache = CatalogCache(open_db(tmp_path / "c.db"), store)
    assert await cache.refresh() == 250 and store.pages_read == 3
    store.products = [product(1, "Renamed Lamp"), product(999, "Brand New Vase")]
    assert await cache.refresh() == 2
    assert cache.db[PRODUCTS].count == 2
    assert [p.name for p in cache.search("lamp vase", 5)] in (["Renamed Lamp", "Brand New Vase"],
                                                               ["Brand New Vase", "Renamed Lamp"])
    assert cache.search("item", 5) == []  # removed products leave the index too


async def test_staleness_and_lookup_fallbacks(tmp_path):
    clock = Clock()
    store = FakeStore([product(1, "Linen Shirt")])
    cache = CatalogCache(open_db(tmp_path / "c.db"), store, max_age_s=60, clock=clock)
    assert [p.name for p in await cache.lookup("shirt")] == ["Linen Shirt"]
    reads = store.pages_read
    clock.now += 30
    await cache.lookup("shirt")
    assert store.pages_read == reads  # fresh: no refresh
    clock.now += 61
    assert cache.is_stale()
    store.fail = True
    assert [p.name for p in await cache.lookup("shirt")] == ["Linen Shirt"]  # stale copy beats nothing
    empty = CatalogCache(open_db(tmp_path / "other.db"), store)
    with pytest.raises(TransientError):
        await empty.lookup("shirt")


async def test_schema_is_idempotent_and_survives_reopen(tmp_path):
    path = tmp_path / "c.db"
    cache = CatalogCache(open_db(path), FakeStore([product(7, "Cast Iron Skillet")]))
    await cache.refresh()
    ensure_catalog_schema(cache.db)
    reopened = CatalogCache(open_db(path), FakeStore([]))
    assert not reopened.is_stale() and [p.id for p in reopened.search("skillet", 2)] == [7]


async def test_threads_share_one_connection_safely(tmp_path):
    cache = CatalogCache(open_db(tmp_path / "c.db"), FakeStore([product(i, f"Mug {i}") for i in range(1, 40)]))
    await cache.refresh()
    results = await asyncio.gather(*(asyncio.to_thread(cache.search, "mug", 5) for _ in range(20)), cache.refresh())
    assert all(len(r) == 5 for r in results[:-1])


async def test_live_refresh_failure_is_typed(tmp_path, shop):
    add_fault(shop.app, path_prefix="/wp-json/wc/store/v1/products", status=503, count=None)
    async with aiohttp.ClientSession() as session:
        wc = WooCommerce(session, url=shop.url, consumer_key="ck", consumer_secret="cs", retry=RetryPolicy(attempts=2))
        cache = CatalogCache(open_db(tmp_path / "c.db"), wc)
        with pytest.raises(TransientError):
            await cache.refresh()
    assert cache.is_empty() and calls(shop.app)["GET /wp-json/wc/store/v1/products"] == 2
