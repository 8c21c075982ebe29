"""WooCommerce Store connector: a verified requester's own orders (read-only key) and the public catalog."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
import time
from datetime import datetime, timezone
from typing import Any, Callable, ClassVar, Iterable, Sequence

import aiohttp

from connectors.base import Fulfillment, MatchedBy, Order, Product
from connectors.errors import AuthError, ConnectorError, NotFoundError
from connectors.http import HttpTransport, JsonResponse, Params, RetryPolicy
from connectors.woocommerce_parse import (
    OrderSnapshot,
    WebhookInfo,
    objs,
    parse_customer,
    parse_order,
    parse_order_snapshot,
    parse_product,
    parse_tracking,
    parse_webhook_info,
    variation_labels,
)

log = logging.getLogger(__name__)

VENDOR = "woocommerce"
TRACKING_NAMESPACE = "wc-shipment-tracking/v3"
# Precedence when one order is reached by several paths: the account link is the strongest.
_MATCH_RANK: dict[MatchedBy, int] = {"customer_id": 0, "billing_email": 1, "guest_billing_email": 2}
# Orders that may carry a shipment: tracking is fetched for these only, newest first, bounded.
_SHIPPED_HINTS = ("ship", "deliver", "dispatch", "transit", "pickup")
MAX_TRACKING_LOOKUPS = 5


def same_email(a: str, b: str) -> bool:
    """Exact address equality after trim and casefold; no dot or plus normalisation."""
    return a.strip().casefold() == b.strip().casefold()


def order_by_number(orders: Iterable[Order], typed: str) -> Order | None:
    """Resolve a typed order number ("#10482", "order no. 10482") among the given owned orders only."""
    wanted = {t.lstrip("0") for t in re.findall(r"\d+", typed or "")}
    loose = (typed or "").strip().lstrip("#").strip().casefold()
    hits = []
    for order in orders:
        number = order.number.strip().lstrip("#").casefold()
        digits = "".join(re.findall(r"\d+", number)).lstrip("0")
        if number == loose or (digits and digits in wanted):
            hits.append(order)
    # Two owned orders answering to one phrase is ambiguous: better to ask than to guess.
    unique = {o.id: o for o in hits}
    return next(iter(unique.values())) if len(unique) == 1 else None


def _maybe_shipped(order: Order) -> bool:
    if order.fulfillment is Fulfillment.FULFILLED:
        return True
    return order.fulfillment is Fulfillment.UNKNOWN and any(h in order.status.lower() for h in _SHIPPED_HINTS)


class WooCommerce:
    """Reads a WooCommerce store through REST v3 (read-only key) and the public Store API."""

    kind: ClassVar[str] = VENDOR

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        url: str,
        consumer_key: str,
        consumer_secret: str,
        query_string_auth: bool = False,
        timeout: float = 10,
        max_pages: int = 3,
        retry: RetryPolicy = RetryPolicy(),
        fetch_tracking: bool = True,
        customer_cache_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not consumer_key or not consumer_secret:
            raise AuthError(f"{VENDOR}: consumer key and consumer secret are both required", vendor=VENDOR)
        root = url.rstrip("/") + "/wp-json/"
        common: dict[str, Any] = {"vendor": VENDOR, "base_url": root, "timeout": timeout, "retry": retry,
                                  "read_only": True}
        if query_string_auth:
            # Only for hosts that strip Authorization: keys then show up in access logs.
            self._api = HttpTransport(session, params={"consumer_key": consumer_key,
                                                       "consumer_secret": consumer_secret}, **common)
        else:
            self._api = HttpTransport(session, auth=(consumer_key, consumer_secret), **common)
        self._public = HttpTransport(session, **common)
        self.max_pages = max(1, max_pages)
        self.fetch_tracking = fetch_tracking
        # Which customer accounts hold an email changes rarely; remembering it for a few minutes
        # saves a call per ticket. Orders themselves are always read fresh.
        self._customer_ids: dict[str, tuple[float, list[int]]] = {}
        self._customer_cache_s = customer_cache_s
        self._clock = clock
        self._namespaces: frozenset[str] | None = None
        self._probe_lock = asyncio.Lock()

    # ------------------------------------------------------------------ health

    async def check(self) -> None:
        """One cheap authenticated call; an AuthError names the key at fault, never its value."""
        try:
            await self._api.get("wc/v3/orders", {"per_page": 1})
        except AuthError as err:
            message = str(getattr(err, "vendor_message", "")).lower()
            if "secret" in message:
                which = "the consumer secret was refused"
            elif "key" in message and "permission" not in message:
                which = "the consumer key was refused"
            else:
                which = "the credentials were refused or lack read access"
            raise AuthError(f"{VENDOR}: {which} (HTTP {err.status})", vendor=VENDOR, status=err.status) from err

    async def namespaces(self) -> frozenset[str]:
        """REST namespaces the store exposes (probed once): tells whether Shipment Tracking exists."""
        async with self._probe_lock:  # concurrent tracking lookups share one probe
            if self._namespaces is None:
                data = (await self._public.get("")).data
                found = data.get("namespaces") if isinstance(data, dict) else None
                self._namespaces = frozenset(str(n) for n in found or [])
        return self._namespaces

    async def webhooks_status(self) -> list[WebhookInfo]:
        """(id, status, topic, delivery_url) for every configured webhook, for health checks."""
        items = await self._pages("wc/v3/webhooks", {"per_page": 100})
        return [parse_webhook_info(i) for i in items]

    # ------------------------------------------------------------------ orders

    async def orders_for(self, emails: Sequence[str], *, limit: int = 20, focus: Sequence[str] = ()) -> list[Order]:
        """Registered and guest orders whose owner is one of the verified `emails`, newest first."""
        # One query per distinct address (compared casefolded); sent as typed, minus surrounding space.
        wanted: dict[str, str] = {}
        for email in emails:
            if email and email.strip():
                wanted.setdefault(email.strip().casefold(), email.strip())
        if not wanted or limit <= 0:
            return []
        per_page = min(100, max(10, limit))
        found = await asyncio.gather(*(self._orders_for_email(e, per_page) for e in wanted.values()))
        best: dict[int, Order] = {}
        for order in (o for batch in found for o in batch):
            kept = best.get(order.id)
            if kept is None or _MATCH_RANK[order.matched_by] < _MATCH_RANK[kept.matched_by]:
                best[order.id] = order
        newest = sorted(best.values(), key=lambda o: (o.created_at, o.id), reverse=True)[:limit]
        return await self._with_tracking(newest, focus) if self.fetch_tracking else newest

    async def _orders_for_email(self, email: str, per_page: int) -> list[Order]:
        by_account, by_search = await asyncio.gather(
            self._account_orders(email, per_page), self._search_orders(email, per_page)
        )
        return by_account + by_search

    async def _customer_ids_for(self, email: str) -> list[int]:
        """Ids of the accounts whose email is exactly `email` (cached for customer_cache_s)."""
        key = email.casefold()
        hit = self._customer_ids.get(key)
        if hit is not None and self._clock() - hit[0] < self._customer_cache_s:
            return hit[1]
        customers = await self._api.get("wc/v3/customers", {"email": email, "role": "all", "per_page": 10})
        ids = [c.id for c in (parse_customer(x) for x in objs(customers.data, "customers")) if same_email(c.email, email)]
        if self._customer_cache_s > 0:
            if len(self._customer_ids) >= 10_000:
                self._customer_ids.clear()  # a crude bound; refilled on demand
            self._customer_ids[key] = (self._clock(), ids)
        return ids

    async def _account_orders(self, email: str, per_page: int) -> list[Order]:
        ids = await self._customer_ids_for(email)
        batches = await asyncio.gather(
            *(self._pages("wc/v3/orders", {"customer": cid, "per_page": per_page}) for cid in ids)
        )
        out = []
        for cid, batch in zip(ids, batches):
            for item in batch:
                # Belt and braces: the account filter is the server's, the ownership rule is ours.
                if item.get("customer_id") == cid:
                    out.append(parse_order(item, matched_by="customer_id"))
        return out

    async def _search_orders(self, email: str, per_page: int) -> list[Order]:
        items = await self._pages("wc/v3/orders", {"search": email, "per_page": per_page})
        out = []
        for item in items:
            billing = item.get("billing") if isinstance(item.get("billing"), dict) else {}
            # `search` is fuzzy (email prefix, address and item-name substrings): keep exact owners only.
            if not same_email(str(billing.get("email") or ""), email):
                continue
            guest = not item.get("customer_id")
            out.append(parse_order(item, matched_by="guest_billing_email" if guest else "billing_email"))
        return out

    async def changed_orders(self, since: datetime, *, max_pages: int | None = None) -> list[OrderSnapshot]:
        """Orders modified after `since` (UTC), oldest change first, for reconciliation polling."""
        stamp = since.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        params = {"modified_after": stamp, "dates_are_gmt": "true", "orderby": "modified", "order": "asc",
                  "per_page": 100}
        items = await self._pages("wc/v3/orders", params, max_pages=max_pages)
        return [parse_order_snapshot(i) for i in items]

    async def order_snapshot(self, order_id: int) -> OrderSnapshot | None:
        """Current status of one order by id (for re-reading a webhook hint); None when it is gone."""
        try:
            resp = await self._api.get(f"wc/v3/orders/{int(order_id)}")
        except NotFoundError:
            return None
        return parse_order_snapshot(resp.data)

    async def tracking_for(self, order_id: int) -> tuple:
        """Shipment Tracking entries of one order; empty when the extension is absent."""
        if TRACKING_NAMESPACE not in await self.namespaces():
            return ()
        try:
            resp = await self._api.get(f"{TRACKING_NAMESPACE}/orders/{int(order_id)}/shipment-trackings")
        except NotFoundError:
            return ()
        return tuple(parse_tracking(t) for t in objs(resp.data, "shipment trackings"))

    async def _with_tracking(self, orders: list[Order], focus: Sequence[str] = ()) -> list[Order]:
        wanted = {str(f).lstrip("#").strip() for f in focus}
        named = [o for o in orders if o.number in wanted or str(o.id) in wanted] if wanted else orders[:1]
        shipped = [o for o in named if _maybe_shipped(o)][:MAX_TRACKING_LOOKUPS]
        if not shipped:
            return orders
        try:
            found = await asyncio.gather(*(self.tracking_for(o.id) for o in shipped))
        except ConnectorError as err:
            # Tracking is optional garnish: the orders themselves are still correct without it.
            log.warning("woocommerce tracking lookup failed: %s", type(err).__name__)
            return orders
        extra = {o.id: t for o, t in zip(shipped, found)}
        return [dataclasses.replace(o, tracking=extra[o.id]) if extra.get(o.id) else o for o in orders]

    async def _pages(self, path: str, params: Params, *, max_pages: int | None = None) -> list[dict[str, Any]]:
        """First page, then the rest concurrently, never more than max_pages in total."""
        transport = self._api
        limit = max(1, max_pages or self.max_pages)
        first = await transport.get(path, {**params, "page": 1})
        items = list(objs(first.data, path))
        pages = min(limit, _total_pages(first))
        if pages > 1:
            rest = await asyncio.gather(*(transport.get(path, {**params, "page": p}) for p in range(2, pages + 1)))
            for resp in rest:
                items.extend(objs(resp.data, path))
        return [dict(i) for i in items]

    # ------------------------------------------------------------------ catalog (public Store API)

    async def search_products(self, query: str, *, limit: int = 5) -> list[Product]:
        """Public catalog search, with out-of-stock variants of the hits in one extra call."""
        if not query.strip() or limit <= 0:
            return []
        resp = await self._public.get("wc/store/v1/products", {"search": query.strip(), "per_page": min(100, limit)})
        return await self._products(objs(resp.data, "products"))

    async def list_products(self, page: int = 1, per_page: int = 100) -> list[Product]:
        """One page of the public catalog (parents only), for the catalog cache."""
        resp = await self._public.get("wc/store/v1/products",
                                      {"page": max(1, page), "per_page": min(100, max(1, per_page)),
                                       "orderby": "id", "order": "asc"})
        return await self._products(objs(resp.data, "products"))

    async def product(self, product_id: int) -> Product | None:
        """One public product by id, or None."""
        try:
            resp = await self._public.get(f"wc/store/v1/products/{int(product_id)}")
        except NotFoundError:
            return None
        found = await self._products([resp.data])
        return found[0] if found else None

    async def _products(self, items: list) -> list[Product]:
        labels = {int(i["id"]): variation_labels(i) for i in items if i.get("variations")}
        unavailable: dict[int, list] = {}
        if labels:
            resp = await self._public.get(
                "wc/store/v1/products",
                {"type": "variation", "parent": ",".join(str(p) for p in labels),
                 "stock_status": "outofstock", "per_page": 100},
            )
            for var in objs(resp.data, "variations"):
                parent = int(var.get("parent") or 0)
                combo = labels.get(parent, {}).get(int(var.get("id") or 0))
                if combo:
                    unavailable.setdefault(parent, []).append(combo)
        return [parse_product(i, unavailable=unavailable.get(int(i.get("id") or 0), ())) for i in items]


def _total_pages(resp: JsonResponse) -> int:
    return max(1, resp.header_int("X-WP-TotalPages", 1))
