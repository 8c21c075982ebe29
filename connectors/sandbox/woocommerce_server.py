"""Sandbox WooCommerce: REST v3 (read-only key), Store API, Shipment Tracking route, signed webhooks."""

from __future__ import annotations

import base64
import json
import secrets as _secrets
import warnings
from typing import Any, Awaitable, Callable, Sequence
from urllib.parse import urlencode

from aiohttp import web

from connectors.sandbox.server import SandboxServer, install_sandbox_controls, start_app
from connectors.sandbox.store import SampleStore, load_store
from connectors.sandbox.store.query import (
    OrderQuery,
    customer_matches,
    paginate,
    parse_wp_date,
    product_matches,
)

STORE = web.AppKey("wc_store", SampleStore)
CREDENTIALS = web.AppKey("wc_credentials", tuple)
TRACKING_EXTENSION = web.AppKey("wc_tracking_extension", bool)
SEARCH_EXTRA_FIELDS = web.AppKey("wc_search_extra_fields", tuple)
WRITE_ATTEMPTS = "write_attempts"  # a plain string key, as the brief asks: app["write_attempts"]
V3 = "/wp-json/wc/v3"
STORE_API = "/wp-json/wc/store/v1"
TRACKING_NS = "/wp-json/wc-shipment-tracking/v3"
_WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WriteCounter:
    """A mutable count that compares equal to an int (app state cannot be reassigned once serving)."""

    def __init__(self) -> None:
        self.value = 0

    def __eq__(self, other: object) -> bool:
        return self.value == other

    def __int__(self) -> int:
        return self.value

    __index__ = __int__
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return str(self.value)


def wc_error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> web.Response:
    """A WordPress REST error response."""
    return web.json_response({"code": code, "message": message, "data": {"status": status}}, status=status,
                             headers=headers)


def _credentials(request: web.Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("basic "):
        try:
            key, _, secret = base64.b64decode(header[6:].strip()).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return ("", "")
        return key, secret
    if "consumer_key" in request.query:
        return request.query.get("consumer_key", ""), request.query.get("consumer_secret", "")
    return None


@web.middleware
async def _wc_auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Read-only consumer key: bad keys get WooCommerce's 401s; every write attempt is counted."""
    path = request.path
    if not path.startswith("/wp-json/"):
        return await handler(request)
    is_write = request.method in _WRITE_METHODS
    if is_write:
        request.app[WRITE_ATTEMPTS].value += 1
    if not (path.startswith(V3) or path.startswith(TRACKING_NS)):
        if is_write:
            return wc_error(405, "rest_no_route", "No route was found matching the URL and request method.")
        return await handler(request)
    creds = _credentials(request)
    key, secret = request.app[CREDENTIALS]
    if creds is None:
        return wc_error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
    if not _secrets.compare_digest(creds[0].encode(), key.encode()):
        return wc_error(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.")
    if not _secrets.compare_digest(creds[1].encode(), secret.encode()):
        return wc_error(401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.")
    if is_write:
        return wc_error(401, "woocommerce_rest_authentication_error",
                        "The API key provided does not have write permissions.")
    return await handler(request)


class _BadParam(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _int(request: web.Request, name: str, default: int, lo: int = 1, hi: int | None = None) -> int:
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _BadParam(name) from None
    if value < lo or (hi is not None and value > hi):
        raise _BadParam(name)
    return value


def _list(request: web.Request, name: str) -> list[str]:
    values = request.query.getall(name, []) + request.query.getall(f"{name}[]", [])
    return [v.strip() for raw in values for v in raw.split(",") if v.strip()]


def _paged(request: web.Request, items: list[Any]) -> web.Response:
    page = _int(request, "page", 1)
    per_page = _int(request, "per_page", 10, 1, 100)
    chunk, total, pages = paginate(items, page, per_page)
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
    links = []
    base = request.url.with_query(None)
    query = {k: v for k, v in request.query.items() if k not in ("consumer_key", "consumer_secret")}
    if page > 1:
        links.append(f'<{base}?{urlencode({**query, "page": page - 1})}>; rel="prev"')
    if page < pages:
        links.append(f'<{base}?{urlencode({**query, "page": page + 1})}>; rel="next"')
    if links:
        headers["Link"] = ", ".join(links)
    return web.json_response(chunk, headers=headers, dumps=lambda o: json.dumps(o, ensure_ascii=False))


def _bad_params(handler: Handler) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except _BadParam as err:
            return wc_error(400, "rest_invalid_param", f"Invalid parameter(s): {err.name}")
        except ValueError:
            return wc_error(400, "rest_invalid_param", "Invalid parameter(s).")
    return wrapped


def _links(request: web.Request, kind: str, obj_id: int) -> dict[str, Any]:
    site = request.app[STORE].site_url
    return {"self": [{"href": f"{site}{V3}/{kind}/{obj_id}"}], "collection": [{"href": f"{site}{V3}/{kind}"}]}


# ---------------------------------------------------------------------------------------------- v3 routes


async def _customers(request: web.Request) -> web.Response:
    store = request.app[STORE]
    q = request.query
    hits = [c for c in store.customers
            if customer_matches(c, email=q.get("email", ""), role=q.get("role", "customer"), search=q.get("search", ""))]
    hits.sort(key=lambda c: str(c.get("first_name", "")) + str(c.get("last_name", "")), reverse=q.get("order") == "desc")
    return _paged(request, hits)


async def _customer(request: web.Request) -> web.Response:
    customer = request.app[STORE].customer(int(request.match_info["id"]))
    if customer is None:
        return wc_error(404, "woocommerce_rest_invalid_id", "Invalid resource ID.")
    return web.json_response(customer)


async def _orders(request: web.Request) -> web.Response:
    store = request.app[STORE]
    q = request.query
    gmt = q.get("dates_are_gmt", "").lower() in ("1", "true", "yes")
    offset = store.utc_offset.total_seconds()

    def date(name: str) -> Any:
        return parse_wp_date(q.get(name), gmt=gmt, utc_offset_seconds=offset)

    query = OrderQuery(
        customer=_int(request, "customer", 0, 0) if "customer" in q else None,
        search=q.get("search", ""),
        statuses=tuple(_list(request, "status")) or ("any",),
        after=date("after"),
        before=date("before"),
        modified_after=date("modified_after"),
        modified_before=date("modified_before"),
        include=tuple(int(i) for i in _list(request, "include")),
        orderby=q.get("orderby", "date"),
        order=q.get("order", "desc"),
        search_extra_fields=request.app[SEARCH_EXTRA_FIELDS],
    )
    return _paged(request, query.run(store.orders))


def _order_or_404(request: web.Request) -> dict[str, Any] | web.Response:
    order = request.app[STORE].order(int(request.match_info["id"]))
    if order is None:
        return wc_error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
    return order


async def _order(request: web.Request) -> web.Response:
    order = _order_or_404(request)
    return order if isinstance(order, web.Response) else web.json_response(order)


async def _order_notes(request: web.Request) -> web.Response:
    order = _order_or_404(request)
    if isinstance(order, web.Response):
        return order
    notes = request.app[STORE].notes.get(order["id"], [])
    kind = request.query.get("type", "any")
    if kind in ("customer", "internal"):
        notes = [n for n in notes if bool(n.get("customer_note")) == (kind == "customer")]
    return web.json_response(notes)


async def _order_refunds(request: web.Request) -> web.Response:
    order = _order_or_404(request)
    if isinstance(order, web.Response):
        return order
    return _paged(request, request.app[STORE].refunds(order["id"]))


async def _webhooks(request: web.Request) -> web.Response:
    hooks = [{**h, "_links": _links(request, "webhooks", h["id"])} for h in request.app[STORE].webhooks]
    status = request.query.get("status", "all")
    if status != "all":
        hooks = [h for h in hooks if h.get("status") == status]
    return _paged(request, hooks)


async def _webhook(request: web.Request) -> web.Response:
    wid = int(request.match_info["id"])
    hook = next((h for h in request.app[STORE].webhooks if h["id"] == wid), None)
    if hook is None:
        return wc_error(404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.")
    return web.json_response({**hook, "_links": _links(request, "webhooks", wid)})


async def _set_webhook_status(request: web.Request) -> web.Response:
    """Sandbox control: WooCommerce disables or pauses a webhook on its own; tests make it do so."""
    wid = int(request.match_info["id"])
    hook = next((h for h in request.app[STORE].webhooks if h["id"] == wid), None)
    try:
        status = (await request.json())["status"]
    except (ValueError, KeyError, TypeError):
        return web.json_response({"error": "body must be {\"status\": ...}"}, status=400)
    if hook is None or status not in ("active", "paused", "disabled"):
        return web.json_response({"error": "unknown webhook or status"}, status=404 if hook is None else 400)
    hook["status"] = status
    return web.json_response(hook)


async def _trackings(request: web.Request) -> web.Response:
    store = request.app[STORE]
    order = store.order(int(request.match_info["id"]))
    if order is None:
        return wc_error(404, "woocommerce_rest_order_invalid_id", "Invalid order ID.")
    site = store.site_url
    items = [
        {**t, "_links": {"self": [{"href": f"{site}{TRACKING_NS}/orders/{order['id']}/shipment-trackings/{t['tracking_id']}"}],
                         "up": [{"href": f"{site}{V3}/orders/{order['id']}"}]}}
        for t in store.tracking.get(order["id"], [])
    ]
    return web.json_response(items)


async def _index(request: web.Request) -> web.Response:
    namespaces = ["oembed/1.0", "wp/v2", "wc/v3", "wc/store/v1"]
    if request.app[TRACKING_EXTENSION]:
        namespaces.append("wc-shipment-tracking/v3")
    store = request.app[STORE]
    return web.json_response({"name": "Juniper & Oak", "url": store.site_url, "home": store.site_url,
                              "namespaces": namespaces, "authentication": {}, "routes": {}})


async def _no_route(request: web.Request) -> web.Response:
    return wc_error(404, "rest_no_route", "No route was found matching the URL and request method.")


# ---------------------------------------------------------------------------------------------- Store API


async def _products(request: web.Request) -> web.Response:
    q = request.query
    parents = [int(p) for p in _list(request, "parent")]
    hits = [p for p in request.app[STORE].products
            if product_matches(p, search=q.get("search", ""), skus=_list(request, "sku"),
                               stock=_list(request, "stock_status"), type_=q.get("type", ""), parents=parents)]
    order_key = {"id": lambda p: p["id"], "title": lambda p: p["name"],
                 "price": lambda p: int(p["prices"]["price"])}.get(q.get("orderby", ""), lambda p: p["id"])
    hits.sort(key=order_key, reverse=q.get("order", "desc" if "orderby" not in q else "asc") == "desc")
    return _paged(request, hits)


async def _product(request: web.Request) -> web.Response:
    store = request.app[STORE]
    ident = request.match_info["ident"]
    product = store.product(int(ident)) if ident.isdigit() else store.product_by_slug(ident)
    if product is None:
        return wc_error(404, "woocommerce_rest_product_invalid_id", "Invalid product ID.")
    return web.json_response(product, dumps=lambda o: json.dumps(o, ensure_ascii=False))


# ---------------------------------------------------------------------------------------------- app


def make_woocommerce_app(
    store: SampleStore | None = None,
    *,
    consumer_key: str = "ck_sandbox_read",
    consumer_secret: str = "cs_sandbox_read",
    latency_ms: float = 0,
    tracking_extension: bool = True,
    search_extra_fields: Sequence[str] = (),
) -> web.Application:
    """The sandbox WooCommerce app; app["write_attempts"] counts every POST/PUT/PATCH/DELETE."""
    app = web.Application()
    install_sandbox_controls(app, latency_ms=latency_ms)
    app.middlewares.append(_wc_auth)
    app[STORE] = store if store is not None else load_store()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        app[WRITE_ATTEMPTS] = WriteCounter()
    app[CREDENTIALS] = (consumer_key, consumer_secret)
    app[TRACKING_EXTENSION] = tracking_extension
    app[SEARCH_EXTRA_FIELDS] = tuple(search_extra_fields)
    r = app.router
    r.add_get("/wp-json/", _index)
    r.add_get(f"{V3}/customers", _bad_params(_customers))
    r.add_get(f"{V3}/customers/{{id:\\d+}}", _customer)
    r.add_get(f"{V3}/orders", _bad_params(_orders))
    r.add_get(f"{V3}/orders/{{id:\\d+}}", _order)
    r.add_get(f"{V3}/orders/{{id:\\d+}}/notes", _order_notes)
    r.add_get(f"{V3}/orders/{{id:\\d+}}/refunds", _bad_params(_order_refunds))
    r.add_get(f"{V3}/webhooks", _bad_params(_webhooks))
    r.add_get(f"{V3}/webhooks/{{id:\\d+}}", _webhook)
    r.add_post("/_sandbox/webhooks/{id:\\d+}/status", _set_webhook_status)
    if tracking_extension:
        r.add_get(f"{TRACKING_NS}/orders/{{id:\\d+}}/shipment-trackings", _trackings)
    r.add_get(f"{STORE_API}/products", _bad_params(_products))
    r.add_get(f"{STORE_API}/products/{{ident}}", _product)
    r.add_route("*", "/wp-json/{tail:.*}", _no_route)
    return app


async def start_woocommerce(host: str = "127.0.0.1", port: int = 0, **kw: Any) -> SandboxServer:
    """Start the sandbox WooCommerce on host:port (0 = free port); kw go to make_woocommerce_app."""
    return await start_app(make_woocommerce_app(kw.pop("store", None), **kw), host, port)


# Deliveries live in their own module; re-exported here so one import serves the sandbox.
from connectors.sandbox.woocommerce_delivery import (  # noqa: E402
    Delivery,
    deliver_order_webhook,
    deliver_ping,
    php_json_encode,
)

__all__ = ["Delivery", "deliver_order_webhook", "deliver_ping", "make_woocommerce_app", "php_json_encode",
           "start_woocommerce", "wc_error"]
