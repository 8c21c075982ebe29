"""Parse WooCommerce REST v3 and Store API JSON into records; unknown keys are ignored."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping, NamedTuple

from connectors.base import Fulfillment, LineItem, MatchedBy, Order, Product, Refund, Tracking
from connectors.errors import BadResponseError

VENDOR = "woocommerce"

_FULFILLMENT = {
    "pending": Fulfillment.AWAITING_PAYMENT,
    "processing": Fulfillment.PROCESSING,
    "on-hold": Fulfillment.ON_HOLD,
    "completed": Fulfillment.FULFILLED,
    "cancelled": Fulfillment.CANCELLED,
    "refunded": Fulfillment.REFUNDED,
    "failed": Fulfillment.FAILED,
}
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def fulfillment_for(status: str) -> Fulfillment:
    """Core status → Fulfillment; plugin statuses and anything unknown → UNKNOWN (a human decides)."""
    return _FULFILLMENT.get(status.strip().lower(), Fulfillment.UNKNOWN)


def _bad(what: str) -> BadResponseError:
    return BadResponseError(f"{VENDOR}: unexpected response shape ({what})", vendor=VENDOR)


def obj(data: Any, what: str) -> Mapping[str, Any]:
    """The data as a JSON object, or BadResponseError."""
    if not isinstance(data, Mapping):
        raise _bad(f"{what} is not an object")
    return data


def objs(data: Any, what: str) -> list[Mapping[str, Any]]:
    """The data as a list of JSON objects, or BadResponseError."""
    if not isinstance(data, list):
        raise _bad(f"{what} is not a list")
    return [obj(item, what) for item in data]


def _int(value: Any, what: str, default: int | None = None) -> int:
    if value is None or value == "":
        if default is None:
            raise _bad(f"{what} missing")
        return default
    if isinstance(value, bool):
        raise _bad(f"{what} is not an integer")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad(f"{what} is not an integer") from None


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def money(value: Any, what: str = "amount") -> Decimal:
    """A money string (or the JSON number WooCommerce uses for item price) as Decimal."""
    if value is None or value == "":
        return Decimal("0")
    if isinstance(value, bool):
        raise _bad(f"{what} is not a number")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise _bad(f"{what} is not a number") from None
    if not amount.is_finite():
        raise _bad(f"{what} is not finite")
    return amount


def minor_units(value: Any, minor_unit: Any) -> Decimal:
    """A Store API price ("1105" with minor unit 2) as Decimal("11.05")."""
    units = _int(minor_unit, "currency_minor_unit", 2)
    return money(value, "price").scaleb(-units)


def text(value: Any) -> str:
    """Merchant HTML as plain text: tags dropped, entities decoded, whitespace collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", _str(value)))).strip()


def utc(data: Mapping[str, Any], key: str) -> datetime | None:
    """`<key>_gmt` as an aware UTC datetime; the site-local twin only if it carries an offset."""
    for candidate, assume_utc in ((f"{key}_gmt", True), (key, False)):
        raw = data.get(candidate)
        if not raw:
            continue
        try:
            dt = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
        except ValueError:
            raise _bad(f"{candidate} is not a date") from None
        if dt.tzinfo is not None:
            return dt.astimezone(timezone.utc)
        if assume_utc:
            return dt.replace(tzinfo=timezone.utc)
    return None


# --------------------------------------------------------------------------------------------- orders


def parse_line_item(data: Any) -> LineItem:
    """One order line item with variation attributes taken from its visible meta_data."""
    d = obj(data, "line item")
    attributes: list[tuple[str, str]] = []
    for meta in d.get("meta_data") or []:
        if not isinstance(meta, Mapping):
            continue
        key, value = _str(meta.get("key")), meta.get("display_value", meta.get("value"))
        # Leading-underscore meta is internal; non-scalar values are plugin data, not attributes.
        if not key or key.startswith("_") or not isinstance(value, (str, int, float)):
            continue
        attributes.append((key, text(value)))
    return LineItem(
        name=text(d.get("name")),
        quantity=_int(d.get("quantity"), "quantity", 0),
        total=money(d.get("total"), "line total"),
        sku=_str(d.get("sku")),
        product_id=_int(d.get("product_id"), "product_id", 0),
        variation_id=_int(d.get("variation_id"), "variation_id", 0),
        attributes=tuple(attributes),
    )


def parse_refund(data: Any) -> Refund:
    """A refund from an order's refunds[] (negative `total`) or the refunds endpoint (`amount`)."""
    d = obj(data, "refund")
    raw = d["amount"] if "amount" in d else d.get("total")
    # The docs' list example says `refund` where the code emits `reason`.
    reason = d.get("reason") if d.get("reason") is not None else d.get("refund")
    return Refund(id=_int(d.get("id"), "refund id"), amount=abs(money(raw, "refund")), reason=_str(reason))


def parse_tracking(data: Any) -> Tracking:
    """One Shipment Tracking extension entry."""
    d = obj(data, "tracking")
    return Tracking(
        number=_str(d.get("tracking_number")).strip(),
        provider=_str(d.get("tracking_provider") or d.get("custom_tracking_provider")).strip(),
        # A URL has no whitespace; published examples wrap long links across lines.
        link=_SPACE.sub("", _str(d.get("tracking_link") or d.get("custom_tracking_link"))),
        shipped_on=_str(d.get("date_shipped"))[:10],
    )


def parse_order(data: Any, *, matched_by: MatchedBy) -> Order:
    """A REST v3 order; the caller says how ownership was established."""
    d = obj(data, "order")
    order_id = _int(d.get("id"), "order id")
    created = utc(d, "date_created")
    if created is None:
        raise _bad("order without date_created")
    billing = d.get("billing") if isinstance(d.get("billing"), Mapping) else {}
    shipping_lines = [obj(s, "shipping line") for s in d.get("shipping_lines") or []]
    return Order(
        id=order_id,
        number=_str(d.get("number")) or str(order_id),
        status=_str(d.get("status")),
        fulfillment=fulfillment_for(_str(d.get("status"))),
        currency=_str(d.get("currency")),
        total=money(d.get("total"), "order total"),
        created_at=created,
        billing_email=_str(billing.get("email")).strip(),
        matched_by=matched_by,
        customer_id=_int(d.get("customer_id"), "customer_id", 0),
        modified_at=utc(d, "date_modified"),
        paid_at=utc(d, "date_paid"),
        completed_at=utc(d, "date_completed"),
        shipping_total=money(d.get("shipping_total"), "shipping total"),
        shipping_method=", ".join(text(s.get("method_title")) for s in shipping_lines if s.get("method_title")),
        line_items=tuple(parse_line_item(i) for i in d.get("line_items") or []),
        refunds=tuple(parse_refund(r) for r in d.get("refunds") or []),
        customer_note=_str(d.get("customer_note")),
    )


@dataclass(frozen=True)
class OrderSnapshot:
    """Just enough of an order to notice a change (reconciliation, drift checks); no ownership."""

    order_id: int
    number: str
    status: str
    fulfillment: Fulfillment
    modified_gmt: datetime | None


def parse_order_snapshot(data: Any) -> OrderSnapshot:
    """The change-tracking fields of a REST v3 order."""
    d = obj(data, "order")
    order_id = _int(d.get("id"), "order id")
    status = _str(d.get("status"))
    return OrderSnapshot(order_id, _str(d.get("number")) or str(order_id), status, fulfillment_for(status),
                         utc(d, "date_modified"))


# --------------------------------------------------------------------------------------------- customers etc.


@dataclass(frozen=True)
class CustomerRef:
    """A registered customer: WordPress user id, login email and billing email."""

    id: int
    email: str
    billing_email: str
    role: str


def parse_customer(data: Any) -> CustomerRef:
    """A REST v3 customer."""
    d = obj(data, "customer")
    billing = d.get("billing") if isinstance(d.get("billing"), Mapping) else {}
    return CustomerRef(_int(d.get("id"), "customer id"), _str(d.get("email")).strip(),
                       _str(billing.get("email")).strip(), _str(d.get("role")))


class WebhookInfo(NamedTuple):
    """(id, status, topic, delivery_url) of a configured webhook."""

    id: int
    status: str
    topic: str
    delivery_url: str


def parse_webhook_info(data: Any) -> WebhookInfo:
    """A REST v3 webhook object."""
    d = obj(data, "webhook")
    return WebhookInfo(_int(d.get("id"), "webhook id"), _str(d.get("status")), _str(d.get("topic")),
                       _str(d.get("delivery_url")))


@dataclass(frozen=True)
class OrderNote:
    """An order note; untrusted text. customer_visible notes were also emailed to the customer."""

    id: int
    author: str
    created_at: datetime | None
    note: str
    customer_visible: bool


def parse_order_note(data: Any) -> OrderNote:
    """A REST v3 order note."""
    d = obj(data, "order note")
    return OrderNote(_int(d.get("id"), "note id"), _str(d.get("author")), utc(d, "date_created"),
                     text(d.get("note")), bool(d.get("customer_note")))


def parse_error(data: Any) -> tuple[str, str, int | None]:
    """(code, message, status) of a WordPress REST error body."""
    d = obj(data, "error")
    status = d.get("data", {}).get("status") if isinstance(d.get("data"), Mapping) else None
    return _str(d.get("code")), _str(d.get("message")), status if isinstance(status, int) else None


# --------------------------------------------------------------------------------------------- Store API


def variation_labels(data: Any) -> dict[int, tuple[tuple[str, str], ...]]:
    """Variation id → ((attribute label, term name), ...) from a variable product's variations[]."""
    d = obj(data, "product")
    names: dict[tuple[str, str], str] = {}
    for attr in d.get("attributes") or []:
        if isinstance(attr, Mapping):
            for term in attr.get("terms") or []:
                if isinstance(term, Mapping):
                    names[(_str(attr.get("name")), _str(term.get("slug")))] = text(term.get("name"))
    out: dict[int, tuple[tuple[str, str], ...]] = {}
    for var in d.get("variations") or []:
        if not isinstance(var, Mapping):
            continue
        pairs = []
        for a in var.get("attributes") or []:
            if isinstance(a, Mapping) and a.get("value") is not None:
                label, slug = _str(a.get("name")), _str(a.get("value"))
                pairs.append((label, names.get((label, slug), slug)))
        out[_int(var.get("id"), "variation id")] = tuple(pairs)
    return out


def stock_status(d: Mapping[str, Any]) -> str:
    """instock / outofstock / onbackorder from the Store API flags."""
    if d.get("is_on_backorder"):
        return "onbackorder"
    return "instock" if d.get("is_in_stock", True) else "outofstock"


def parse_product(data: Any, *, unavailable: Iterable[tuple[tuple[str, str], ...]] = ()) -> Product:
    """A Store API product; prices are minor-unit strings; descriptions become plain text."""
    d = obj(data, "product")
    prices = d.get("prices") if isinstance(d.get("prices"), Mapping) else {}
    attributes = []
    for attr in d.get("attributes") or []:
        if isinstance(attr, Mapping):
            terms = tuple(text(t.get("name")) for t in attr.get("terms") or [] if isinstance(t, Mapping))
            attributes.append((text(attr.get("name")), terms))
    low = d.get("low_stock_remaining")
    status = stock_status(d)
    return Product(
        id=_int(d.get("id"), "product id"),
        name=text(d.get("name")),
        sku=_str(d.get("sku")),
        price=minor_units(prices.get("price"), prices.get("currency_minor_unit", 2)),
        currency=_str(prices.get("currency_code")),
        in_stock=status != "outofstock",
        stock_status=status,
        permalink=_str(d.get("permalink")),
        short_description=text(d.get("short_description") or d.get("summary")),
        categories=tuple(text(c.get("name")) for c in d.get("categories") or [] if isinstance(c, Mapping)),
        attributes=tuple(attributes),
        low_stock_remaining=low if isinstance(low, int) and not isinstance(low, bool) else None,
        unavailable_variants=tuple(unavailable),
    )
