"""The bundled "Juniper & Oak" sample store: JSON in WooCommerce REST v3 / Store API shapes, and its loader."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent
SITE_URL = "https://juniper-oak.example.com"
# Fixed "today" for the sample data, so eligibility windows in tests and demos never drift.
TODAY = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
# Site timezone of the sample store (CET in November): local dates are GMT + 1 h.
SITE_UTC_OFFSET = timedelta(hours=1)

# Keys a Store API variation shares with its parent; the JSON keeps variations short and the
# loader fills these in so the server answers full Store API shapes.
_VARIATION_DEFAULTS: dict[str, Any] = {
    "short_description": "",
    "description": "",
    "on_sale": False,
    "price_html": "",
    "average_rating": "0",
    "review_count": 0,
    "images": [],
    "categories": [],
    "tags": [],
    "brands": [],
    "attributes": [],
    "variations": [],
    "grouped_products": [],
    "has_options": False,
    "sold_individually": False,
    "extensions": {},
}


def _load(name: str, directory: Path) -> Any:
    with open(directory / name, encoding="utf-8") as fh:
        return json.load(fh)


def _expand_variation(variation: dict[str, Any], parent: dict[str, Any]) -> dict[str, Any]:
    full = {**copy.deepcopy(_VARIATION_DEFAULTS), **variation}
    full["name"] = parent["name"]
    full["slug"] = f"{parent['slug']}-{variation['id']}"
    full["permalink"] = f"{parent['permalink']}?variation_id={variation['id']}"
    currency = {k: v for k, v in parent["prices"].items() if k.startswith("currency_")}
    full["prices"] = {**variation["prices"], "price_range": None, **currency}
    full["add_to_cart"] = {
        "text": "Add to cart",
        "description": f"Add &ldquo;{parent['name']}&rdquo; to your cart",
        "url": full["permalink"],
        "minimum": 1,
        "maximum": 9999,
        "multiple_of": 1,
    }
    return full


@dataclass
class SampleStore:
    """Mutable in-memory copy of the sample data; every load() returns a fresh, independent copy."""

    products: list[dict[str, Any]]  # Store API objects, parents and variations (type == "variation")
    customers: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    tracking: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    notes: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    webhooks: list[dict[str, Any]] = field(default_factory=list)
    site_url: str = SITE_URL
    utc_offset: timedelta = SITE_UTC_OFFSET

    @classmethod
    def load(cls, directory: Path | str = DATA_DIR) -> SampleStore:
        """Read the JSON files of a store directory (the bundled one by default)."""
        d = Path(directory)
        raw_products = _load("products.json", d)
        parents = {p["id"]: p for p in raw_products if p.get("type") != "variation"}
        products = [
            _expand_variation(p, parents[p["parent"]]) if p.get("type") == "variation" else p for p in raw_products
        ]
        return cls(
            products=products,
            customers=_load("customers.json", d),
            orders=_load("orders.json", d),
            tracking={int(k): v for k, v in _load("tracking.json", d).items()},
            notes={int(k): v for k, v in _load("notes.json", d).items()},
            webhooks=_load("webhooks.json", d),
        )

    # ------------------------------------------------------------------ lookups

    def order(self, order_id: int) -> dict[str, Any] | None:
        """One order by id, or None."""
        return next((o for o in self.orders if o["id"] == order_id), None)

    def customer(self, customer_id: int) -> dict[str, Any] | None:
        """One customer by id, or None."""
        return next((c for c in self.customers if c["id"] == customer_id), None)

    def product(self, product_id: int) -> dict[str, Any] | None:
        """One Store API product or variation by id, or None."""
        return next((p for p in self.products if p["id"] == product_id), None)

    def product_by_slug(self, slug: str) -> dict[str, Any] | None:
        """One Store API product by slug, or None."""
        return next((p for p in self.products if p.get("slug") == slug), None)

    def refunds(self, order_id: int) -> list[dict[str, Any]]:
        """Refund objects (REST v3 shape) derived from the order's refunds[] summary."""
        order = self.order(order_id)
        if order is None:
            return []
        return [
            {
                "id": r["id"],
                "date_created": order["date_modified"],
                "date_created_gmt": order["date_modified_gmt"],
                "amount": r["total"].lstrip("-"),
                "reason": r.get("reason", ""),
                "refunded_by": 1,
                "refunded_payment": True,
                "meta_data": [],
                "line_items": [],
            }
            for r in order.get("refunds", [])
        ]

    # ------------------------------------------------------------------ edits for tests and demos

    def touch_order(self, order_id: int, *, status: str, at: datetime) -> dict[str, Any]:
        """Change an order's status as the shop would, bumping date_modified; returns the order."""
        order = self.order(order_id)
        if order is None:
            raise KeyError(order_id)
        gmt = at.astimezone(timezone.utc).replace(tzinfo=None)
        order["status"] = status
        order["date_modified_gmt"] = gmt.strftime("%Y-%m-%dT%H:%M:%S")
        order["date_modified"] = (gmt + self.utc_offset).strftime("%Y-%m-%dT%H:%M:%S")
        if status == "completed" and not order.get("date_completed_gmt"):
            order["date_completed_gmt"] = order["date_modified_gmt"]
            order["date_completed"] = order["date_modified"]
        return order


def load_store() -> SampleStore:
    """A fresh copy of the bundled Juniper & Oak store."""
    return SampleStore.load()


load_sample_store = load_store

__all__ = ["DATA_DIR", "SITE_URL", "SITE_UTC_OFFSET", "TODAY", "SampleStore", "load_sample_store", "load_store"]
