"""Catalog cache: the public Store API catalog copied into SQLite with full-text search."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, Callable, Iterator, Protocol, Sequence

import sqlite_utils

from connectors.base import Product

log = logging.getLogger("deskhand.catalog")

PRODUCTS = "catalog_products"
META = "catalog_meta"
FTS_COLUMNS = ("name", "sku", "categories_text", "attributes_text", "short_description")
# bm25 weights per FTS column: a hit in the name counts most, the description least.
_WEIGHTS = "10.0, 6.0, 4.0, 2.0, 1.0"
MAX_PAGES = 50
PER_PAGE = 100
_STOPWORDS = frozenset(
    "a an and any are as at be by can do does for from get got have how i im in is it its me my of on or "
    "the this to what when where which will with you your yet still back also there their them they".split()
)
_TOKEN = re.compile(r"\w+", re.UNICODE)


class CatalogSource(Protocol):
    """What the cache needs from a store: paged listing (and live search as a fallback)."""

    async def list_products(self, page: int, per_page: int) -> Sequence[Product]: ...

    async def search_products(self, query: str, *, limit: int = 5) -> Sequence[Product]: ...


_LOCKS_GUARD = threading.Lock()


def connection_lock(db: sqlite_utils.Database) -> threading.RLock:
    """The lock every cache sharing this connection (catalog, order state) takes around its statements."""
    with _LOCKS_GUARD:
        lock = getattr(db, "_deskhand_write_lock", None)
        if lock is None:
            lock = threading.RLock()
            db._deskhand_write_lock = lock  # type: ignore[attr-defined]
        return lock


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """BEGIN IMMEDIATE … COMMIT under the connection's lock; joins a transaction already open."""
    with connection_lock(db):
        conn = db.conn
        if conn.in_transaction:
            yield db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def ensure_catalog_schema(db: sqlite_utils.Database) -> None:
    """Create the catalog tables and their FTS index if missing (idempotent)."""
    with write_transaction(db):
        if PRODUCTS not in db.table_names():
            db[PRODUCTS].create(
                {"id": int, "name": str, "sku": str, "price": str, "currency": str, "in_stock": int,
                 "stock_status": str, "permalink": str, "short_description": str, "categories": str,
                 "attributes": str, "unavailable_variants": str, "low_stock_remaining": int,
                 "categories_text": str, "attributes_text": str, "refreshed_at": float},
                pk="id",
            )
        if f"{PRODUCTS}_fts" not in db.table_names():
            db[PRODUCTS].enable_fts(list(FTS_COLUMNS), tokenize="porter unicode61 remove_diacritics 2",
                                    create_triggers=True)
        if META not in db.table_names():
            db[META].create({"key": str, "value": str}, pk="key")


def _row(p: Product, now: float) -> dict[str, Any]:
    return {
        "id": p.id, "name": p.name, "sku": p.sku, "price": str(p.price), "currency": p.currency,
        "in_stock": int(p.in_stock), "stock_status": p.stock_status, "permalink": p.permalink,
        "short_description": p.short_description, "categories": json.dumps(list(p.categories)),
        "attributes": json.dumps([[n, list(v)] for n, v in p.attributes]),
        "unavailable_variants": json.dumps([[list(pair) for pair in v] for v in p.unavailable_variants]),
        "low_stock_remaining": p.low_stock_remaining,
        "categories_text": " ".join(p.categories),
        "attributes_text": " ".join(f"{n} {' '.join(v)}" for n, v in p.attributes),
        "refreshed_at": now,
    }


def _product(row: dict[str, Any]) -> Product:
    return Product(
        id=row["id"], name=row["name"], sku=row["sku"] or "", price=Decimal(row["price"]),
        currency=row["currency"] or "", in_stock=bool(row["in_stock"]), stock_status=row["stock_status"] or "",
        permalink=row["permalink"] or "", short_description=row["short_description"] or "",
        categories=tuple(json.loads(row["categories"] or "[]")),
        attributes=tuple((n, tuple(v)) for n, v in json.loads(row["attributes"] or "[]")),
        low_stock_remaining=row["low_stock_remaining"],
        unavailable_variants=tuple(tuple((a, b) for a, b in v) for v in json.loads(row["unavailable_variants"] or "[]")),
    )


def fts_query(text: str) -> str:
    """Customer words as an FTS5 OR-query of quoted tokens (no operators get through)."""
    tokens = [t for t in (m.group(0).casefold() for m in _TOKEN.finditer(text)) if t not in _STOPWORDS]
    unique = list(dict.fromkeys(t for t in tokens if len(t) > 1 or t.isdigit()))[:24]
    return " OR ".join(f'"{t}"' for t in unique)


class CatalogCache:
    """Products in SQLite with FTS; refresh() replaces the copy from the live catalog."""

    def __init__(self, db: sqlite_utils.Database, store: CatalogSource, max_age_s: float = 3600,
                 clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.store = store
        self.max_age_s = max_age_s
        self.clock = clock
        ensure_catalog_schema(db)

    # ------------------------------------------------------------------ freshness

    def refreshed_at(self) -> float | None:
        """When the last complete refresh finished (epoch seconds), or None."""
        with connection_lock(self.db):
            rows = list(self.db.query(f"SELECT value FROM {META} WHERE key = 'refreshed_at'"))
        return float(rows[0]["value"]) if rows else None

    def is_stale(self) -> bool:
        """True when never refreshed or older than max_age_s."""
        at = self.refreshed_at()
        return at is None or self.clock() - at > self.max_age_s

    def is_empty(self) -> bool:
        """True when no product is cached."""
        with connection_lock(self.db):
            return self.db[PRODUCTS].count == 0

    async def refresh(self) -> int:
        """Pull the whole public catalog (paged) and replace the cached copy; returns the product count."""
        products: dict[int, Product] = {}
        for page in range(1, MAX_PAGES + 1):
            batch = await self.store.list_products(page, PER_PAGE)
            for p in batch:
                products[p.id] = p
            if len(batch) < PER_PAGE:
                break
        now = self.clock()
        # Network first, then one short write transaction: never hold a transaction across I/O.
        with write_transaction(self.db):
            table = self.db[PRODUCTS]
            table.upsert_all([_row(p, now) for p in products.values()], pk="id")
            keep = list(products) or [-1]
            self.db.execute(f"DELETE FROM {PRODUCTS} WHERE id NOT IN ({','.join('?' * len(keep))})", keep)
            self.db[META].upsert({"key": "refreshed_at", "value": repr(now)}, pk="key")
        log.info("catalog refreshed products=%d", len(products))
        return len(products)

    # ------------------------------------------------------------------ reads

    def search(self, query: str, limit: int = 5) -> list[Product]:
        """Cached products matching any word of the query by name, SKU, category or attribute, best first."""
        match = fts_query(query)
        if not match or limit <= 0:
            return []
        sql = (
            f"SELECT p.* FROM {PRODUCTS}_fts f JOIN {PRODUCTS} p ON p.rowid = f.rowid "
            f"WHERE {PRODUCTS}_fts MATCH ? ORDER BY bm25({PRODUCTS}_fts, {_WEIGHTS}), p.id LIMIT ?"
        )
        with connection_lock(self.db):
            rows = list(self.db.query(sql, [match, int(limit)]))
        return [_product(r) for r in rows]

    def get(self, product_id: int) -> Product | None:
        """One cached product by id."""
        with connection_lock(self.db):
            rows = list(self.db.query(f"SELECT * FROM {PRODUCTS} WHERE id = ?", [product_id]))
        return _product(rows[0]) if rows else None

    async def lookup(self, query: str, limit: int = 5) -> list[Product]:
        """Search, refreshing first when stale; a failed refresh serves the last good copy if there is one."""
        if self.is_stale():
            try:
                await self.refresh()
            except Exception as err:  # noqa: BLE001 - any upstream failure: stale beats nothing
                if self.is_empty():
                    raise
                log.warning("catalog refresh failed, serving stale copy: %s", type(err).__name__)
        return self.search(query, limit)
