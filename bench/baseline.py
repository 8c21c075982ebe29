"""The script a store would otherwise write: zenpy + the official woocommerce client, one ticket at a time."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator, Sequence
from urllib.parse import urlsplit


@dataclass
class BaselineResult:
    """Wall time and per-ticket latencies of the sequential baseline."""

    tickets: int
    seconds: float
    latencies: list[float] = field(default_factory=list)

    @property
    def tickets_per_second(self) -> float:
        """Throughput of the sequential script."""
        return self.tickets / self.seconds if self.seconds else 0.0


@contextmanager
def _zenpy_pointed_at(url: str) -> Iterator[None]:
    """zenpy only talks to *.zendesk.com; its documented override points it at the sandbox for this block."""
    parts = urlsplit(url)
    saved = {k: os.environ.get(k) for k in ("ZENPY_FORCE_NETLOC", "ZENPY_FORCE_SCHEME")}
    os.environ["ZENPY_FORCE_NETLOC"], os.environ["ZENPY_FORCE_SCHEME"] = parts.netloc, parts.scheme
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _handle_one(zd, wc, ticket_id: int) -> None:
    """The lookups and writes a hand-written integration does for one ticket, strictly in order."""
    ticket = zd.tickets(id=ticket_id)
    requester_id = ticket.requester_id
    identities = list(zd.users.identities(id=requester_id))
    verified = [i.value for i in identities if getattr(i, "type", "") == "email" and getattr(i, "verified", False)]
    orders: list[dict] = []
    if verified:
        email = verified[0]
        customers = wc.get("customers", params={"email": email, "role": "all"}).json()
        if customers:
            orders = wc.get("orders", params={"customer": customers[0]["id"], "per_page": 20}).json()
        guest = wc.get("orders", params={"search": email, "per_page": 20}).json()
        known = {o["id"] for o in orders}
        orders += [o for o in guest if o["id"] not in known]
    from zenpy.lib.api_objects import Comment

    summary = f"Orders found: {len(orders)}" if verified else "Requester email not verified."
    ticket.comment = Comment(body=summary, public=False)
    zd.tickets.update(ticket)
    zd.tickets.add_tags(ticket_id, ["bench_baseline"])


def run_baseline(*, zendesk_url: str, email: str, api_token: str, store_url: str, consumer_key: str,
                 consumer_secret: str, ticket_ids: Sequence[int]) -> BaselineResult:
    """Handle every ticket sequentially (blocking: run it in a thread)."""
    from woocommerce import API
    from zenpy import Zenpy

    with _zenpy_pointed_at(zendesk_url):
        zd = Zenpy(subdomain="sandbox", email=email, token=api_token)
        wc = API(url=store_url, consumer_key=consumer_key, consumer_secret=consumer_secret, version="wc/v3",
                 timeout=30, query_string_auth=True)
        # Real stores sit behind TLS (key in the query string); the sandbox is plain HTTP on loopback,
        # where the client would otherwise switch to OAuth 1.0a signing the sandbox does not emulate.
        wc.is_ssl = True
        latencies: list[float] = []
        start = time.perf_counter()
        for ticket_id in ticket_ids:
            t0 = time.perf_counter()
            _handle_one(zd, wc, int(ticket_id))
            latencies.append(time.perf_counter() - t0)
        return BaselineResult(len(ticket_ids), time.perf_counter() - start, latencies)
