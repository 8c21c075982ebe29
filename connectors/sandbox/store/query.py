"""WooCommerce list semantics over the sample store: the fuzzy order search, filters, sorting, paging."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

# Statuses `status=any` leaves out, as WooCommerce does.
_HIDDEN_STATUSES = {"trash", "auto-draft", "draft", "checkout-draft"}
_BILLING_INDEX = ("first_name", "last_name", "company", "address_1", "address_2", "city", "state", "postcode",
                  "country", "email", "phone")
_SHIPPING_INDEX = ("first_name", "last_name", "company", "address_1", "address_2", "city", "state", "postcode",
                   "country", "phone")


def _like(haystack: str, needle: str) -> bool:
    # MySQL's default collation compares case-insensitively.
    return needle.casefold() in haystack.casefold()


def address_index(address: dict[str, Any] | None, keys: Sequence[str]) -> str:
    """The space-joined address index WooCommerce stores for search."""
    return " ".join(str((address or {}).get(k) or "") for k in keys)


def order_matches_search(order: dict[str, Any], term: str, *, extra_fields: Iterable[str] = ()) -> bool:
    """HPOS `search`: billing email prefix, address-index and item-name substrings, exact numeric id."""
    term = term.strip()
    if not term:
        return True
    billing = order.get("billing") or {}
    if str(billing.get("email") or "").casefold().startswith(term.casefold()):
        return True
    if _like(address_index(billing, _BILLING_INDEX), term):
        return True
    if _like(address_index(order.get("shipping"), _SHIPPING_INDEX), term):
        return True
    if any(_like(str(item.get("name") or ""), term) for item in order.get("line_items") or []):
        return True
    if term.isdigit() and int(term) == order.get("id"):
        return True
    # Some stores widen search with the woocommerce_shop_order_search_fields filter (e.g. the note).
    return any(_like(str(order.get(f) or ""), term) for f in extra_fields)


def parse_wp_date(value: str | None, *, gmt: bool, utc_offset_seconds: float) -> datetime | None:
    """A query date as UTC; site-local unless dates_are_gmt, as WordPress reads them."""
    if not value:
        return None
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is not None:
        return dt.astimezone(timezone.utc)
    if gmt:
        return dt.replace(tzinfo=timezone.utc)
    return datetime.fromtimestamp(dt.replace(tzinfo=timezone.utc).timestamp() - utc_offset_seconds, timezone.utc)


def gmt_of(obj: dict[str, Any], key: str) -> datetime | None:
    """The `<key>_gmt` field of a stored object as an aware UTC datetime."""
    value = obj.get(f"{key}_gmt")
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc) if value else None


@dataclass(frozen=True)
class OrderQuery:
    """Parsed `GET /orders` parameters."""

    customer: int | None = None
    search: str = ""
    statuses: tuple[str, ...] = ("any",)
    after: datetime | None = None
    before: datetime | None = None
    modified_after: datetime | None = None
    modified_before: datetime | None = None
    include: tuple[int, ...] = ()
    orderby: str = "date"
    order: str = "desc"
    search_extra_fields: tuple[str, ...] = ()

    def matches(self, o: dict[str, Any]) -> bool:
        """True when the order passes every filter."""
        if self.customer is not None and o.get("customer_id") != self.customer:
            return False
        if "any" in self.statuses:
            if o.get("status") in _HIDDEN_STATUSES:
                return False
        elif o.get("status") not in self.statuses:
            return False
        if self.include and o["id"] not in self.include:
            return False
        created, modified = gmt_of(o, "date_created"), gmt_of(o, "date_modified")
        for bound, value, after in (
            (self.after, created, True),
            (self.before, created, False),
            (self.modified_after, modified, True),
            (self.modified_before, modified, False),
        ):
            if bound is not None and (value is None or (value <= bound if after else value >= bound)):
                return False
        return not self.search or order_matches_search(o, self.search, extra_fields=self.search_extra_fields)

    def run(self, orders: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Filter and sort."""
        hits = [o for o in orders if self.matches(o)]
        keys = {
            "date": lambda o: (o.get("date_created_gmt") or "", o["id"]),
            "modified": lambda o: (o.get("date_modified_gmt") or "", o["id"]),
            "id": lambda o: o["id"],
            "include": lambda o: self.include.index(o["id"]) if o["id"] in self.include else 0,
            "title": lambda o: o["id"],
            "slug": lambda o: o["id"],
        }
        hits.sort(key=keys.get(self.orderby, keys["date"]), reverse=self.order == "desc")
        return hits


def customer_matches(c: dict[str, Any], *, email: str = "", role: str = "customer", search: str = "") -> bool:
    """`GET /customers` filters: exact email (case-insensitive), role (all = any), substring search."""
    if email and str(c.get("email") or "").casefold() != email.strip().casefold():
        return False
    if role != "all" and c.get("role") != role:
        return False
    if search:
        fields = (c.get("email"), c.get("first_name"), c.get("last_name"), c.get("username"))
        if not any(_like(str(f or ""), search) for f in fields):
            return False
    return True


def product_matches(p: dict[str, Any], *, search: str = "", skus: Sequence[str] = (), stock: Sequence[str] = (),
                    type_: str = "", parents: Sequence[int] = ()) -> bool:
    """Store API product filters; variations appear only when type=variation is asked for."""
    if type_ == "variation":
        if p.get("type") != "variation":
            return False
    elif p.get("type") == "variation" or (type_ and p.get("type") != type_):
        return False
    if parents and p.get("parent") not in parents:
        return False
    if skus and str(p.get("sku") or "").casefold() not in {s.casefold() for s in skus}:
        return False
    if stock and stock_status(p) not in stock:
        return False
    if search:
        words = search.split()
        text = " ".join(str(p.get(k) or "") for k in ("name", "sku", "short_description", "description"))
        if not all(_like(text, w) for w in words):
            return False
    return True


def stock_status(p: dict[str, Any]) -> str:
    """instock / outofstock / onbackorder from the Store API flags."""
    if p.get("is_on_backorder"):
        return "onbackorder"
    return "instock" if p.get("is_in_stock") else "outofstock"


def paginate(items: list[Any], page: int, per_page: int) -> tuple[list[Any], int, int]:
    """(slice, total, total_pages) as WordPress computes them."""
    total = len(items)
    pages = (total + per_page - 1) // per_page if total else 0
    start = (page - 1) * per_page
    return items[start : start + per_page], total, pages
