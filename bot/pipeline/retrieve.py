"""retrieve: fetch only the facts the message needs: own orders, catalog matches, policy clauses."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from typing import Protocol, Sequence

from connectors.base import Order, Product, Store
from connectors.errors import ConnectorError

from bot.records import Evidence, Identity, PolicyClause, Understanding
from bot.taxonomy import INTENTS

log = logging.getLogger("deskhand.retrieve")

# Intents whose handling needs the requester's own orders.
ORDER_INTENTS = frozenset(
    name for name, s in INTENTS.items() if s.answer_class in ("order_help", "exception") and name != "account/help"
) | {"meta/human_request"}
PRODUCT_INTENTS = frozenset(n for n, s in INTENTS.items() if s.answer_class == "product")

# Which policy documents speak to which intents; retrieval ranks clauses inside them.
POLICY_DOCS: dict[str, tuple[str, ...]] = {
    "shipping/policy": ("shipping",),
    "return/policy": ("returns", "refunds", "exchanges"),
    "store/policy": ("store",),
    "order/change": ("exchanges",),
    "order/cancel": ("cancellations",),
    "return/request": ("returns",),
    "return/status": ("returns", "refunds"),
    "refund/request": ("refunds", "returns"),
    "refund/status": ("refunds",),
    "shipping/address_change": ("shipping", "cancellations"),
    "shipping/delivery_issue": ("shipping",),
    "order/damaged": ("returns",),
    "order/wrong_item": ("returns",),
    "billing/payment_issue": ("store", "refunds"),
    "discount/request": ("store",),
    "account/privacy": ("privacy",),
}


class ProductSearch(Protocol):
    """The catalog cache (or the store itself) as seen by retrieve."""

    async def search(self, query: str, limit: int = 5) -> Sequence[Product]: ...


class ClauseSource(Protocol):
    """The policy book as seen by retrieve."""

    clauses: dict[str, PolicyClause]

    def search(self, text: str, limit: int = 3) -> Sequence[PolicyClause]: ...


@dataclass(frozen=True)
class RetrieveDeps:
    """Where retrieve gets its facts."""

    store: Store
    catalog: ProductSearch
    policies: ClauseSource
    order_limit: int = 20


def resolve_order(orders: Sequence[Order], typed: Sequence[str]) -> tuple[Order | None, str]:
    """A typed number resolves only among the requester's own orders; anything else is 'not_found'."""
    if typed:
        wanted = {t.lstrip("#").strip() for t in typed}
        for order in orders:
            if order.number in wanted or str(order.id) in wanted:
                return order, "found"
        return None, "not_found"
    if not orders:
        return None, "no_orders"
    return orders[0], "found"  # newest order when the customer named none


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def pick_clauses(policies: ClauseSource, intents: Sequence[str], text: str, per_intent: int = 2) -> tuple[PolicyClause, ...]:
    """Best clauses from the documents each intent maps to, ranked by shared words with the message."""
    words = _words(text)
    chosen: dict[str, PolicyClause] = {}
    for intent in intents:
        docs = POLICY_DOCS.get(intent)
        if not docs:
            continue
        candidates = [c for c in policies.clauses.values() if c.policy in docs]
        ranked = list(policies.search(text, per_intent, documents=docs)) or sorted(  # FTS first; word overlap if it finds nothing
            candidates,
            key=lambda c: (-(len(words & _words(c.title)) * 3 + len(words & _words(c.text))),
                           docs.index(c.policy), c.id),
        )
        for clause in ranked[:per_intent]:
            chosen.setdefault(clause.id, clause)
    return tuple(chosen.values())


def product_query(understanding: Understanding) -> str:
    """What to search the catalog for: named products first, else the message itself."""
    ents = understanding.entities
    if ents.products:
        return " ".join(ents.products)
    return understanding.cleaned_text[:200]


def narrow(found: Sequence[Product], understanding: Understanding) -> tuple[Product, ...]:
    """Keep the products whose name holds every word of a product the customer named, when any do."""
    for named in understanding.entities.products:
        words = _words(named)
        exact = tuple(p for p in found if words and words <= _words(p.name))
        if exact:
            return exact
    return tuple(found)


async def retrieve(identity: Identity | None, understanding: Understanding, deps: RetrieveDeps) -> Evidence:
    """Gather evidence concurrently; an upstream failure is recorded, never guessed around."""
    intents = understanding.intent_names
    wants_orders = bool(ORDER_INTENTS & set(intents)) or bool(understanding.entities.order_numbers)
    wants_products = bool(PRODUCT_INTENTS & set(intents))
    failures: list[str] = []

    async def orders() -> tuple[Order, ...] | None:
        if not (wants_orders and identity and identity.verified):
            return None
        try:
            return tuple(await deps.store.orders_for(identity.verified_emails, limit=deps.order_limit,
                                                     focus=understanding.entities.order_numbers))
        except ConnectorError as err:
            log.warning("order lookup failed", extra={"error": type(err).__name__})
            failures.append(f"store: {type(err).__name__}")
            return None

    async def products() -> tuple[Product, ...]:
        if not wants_products:
            return ()
        try:
            return narrow(await deps.catalog.search(product_query(understanding), limit=5), understanding)
        except ConnectorError as err:
            failures.append(f"catalog: {type(err).__name__}")
            return ()

    owned, found_products = await asyncio.gather(orders(), products())
    clauses = pick_clauses(deps.policies, intents, understanding.cleaned_text)

    if not wants_orders:
        lookup, order = "none_referenced", None
    elif identity is None or not identity.verified:
        lookup, order = "unverified", None
    elif owned is None:
        lookup, order = "unavailable", None
    else:
        order, lookup = resolve_order(owned, understanding.entities.order_numbers)
    return Evidence(
        orders=owned or (),
        order=order,
        order_lookup=lookup,  # type: ignore[arg-type]
        products=found_products,
        clauses=clauses,
        failures=tuple(failures),
    )
