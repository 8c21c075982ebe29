"""compose: turn a Decision and its evidence into plain, friendly text, then run the guards."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Mapping, Protocol

from connectors.base import Order, Product

from bot.guards import check_draft
from bot.records import Composition, Decision, Evidence, Identity, RequestedChange, RunContext
from bot.templates import render
from bot.taxonomy import INTENTS

log = logging.getLogger("deskhand.compose")


class Drafter(Protocol):
    """A model that rewords the template reply (bot.llm.LLMDrafter implements it)."""

    async def draft(self, *, language: str, template_text: str, facts: Mapping[str, Any],
                    customer_name: str = "") -> str: ...


@dataclass(frozen=True)
class ComposeConfig:
    """Store name, the languages the store answers in, and an optional model drafter."""

    store_name: str = "Juniper & Oak"
    languages: tuple[str, ...] = ("en",)
    drafter: Drafter | None = None


def money(amount: Decimal, currency: str) -> str:
    """EUR 84.90 style, never a float."""
    return f"{currency} {amount.quantize(Decimal('0.01'))}"


def order_date(order: Order) -> str:
    """The order date as YYYY-MM-DD (UTC), unambiguous in every language."""
    return order.created_at.strftime("%Y-%m-%d")


def describe_items(order: Order) -> str:
    """'2 × Linen Shirt (Size L, Colour White)' joined."""
    parts = []
    for item in order.line_items:
        attrs = ", ".join(f"{k.removeprefix('pa_').title()} {v}" for k, v in item.attributes)
        parts.append(f"{item.quantity} × {item.name}" + (f" ({attrs})" if attrs else ""))
    return "; ".join(parts) or "no items"


def describe_change(change: RequestedChange | None, intent: str) -> str:
    """Readable summary of the requested change, with no commitment in it."""
    if change is None:
        return intent.split("/")[-1].replace("_", " ")
    text = change.type.replace("_", " ")
    if change.item:
        text += f" for {change.item}"
    if change.from_value and change.to_value:
        text += f" from {change.from_value} to {change.to_value}"
    elif change.to_value:
        text += f" to {change.to_value}"
    return text


def _order_paragraphs(lang: str, intents: tuple[str, ...], evidence: Evidence) -> list[str]:
    order = evidence.order
    if evidence.order_lookup == "unverified":
        return [render(lang, "unverified")]
    if evidence.order_lookup == "unavailable":
        return [render(lang, "unavailable")]
    if evidence.order_lookup == "not_found":
        return [render(lang, "order_not_found")]
    if evidence.order_lookup == "no_orders" or order is None:
        return [render(lang, "no_orders")]
    out: list[str] = []
    slots = {"number": order.number, "date": order_date(order)}
    if "order/status" in intents or "return/status" in intents:
        out.append(render(lang, f"status.{order.fulfillment.value}", **slots))
        if order.tracking:
            tracking = ", ".join(f"{t.provider} {t.number}".strip() for t in order.tracking)
            out.append(render(lang, "tracking", tracking=tracking))
    if "order/details" in intents:
        out.append(render(lang, "details", items=describe_items(order), total=money(order.total, order.currency), **slots))
    if "refund/status" in intents:
        if order.refunds:
            out.append(render(lang, "refunds", total=money(order.refunded_total, order.currency), **slots))
        else:
            out.append(render(lang, "no_refunds", **slots))
    if "return/status" in intents:
        out.append(render(lang, "return_status", **slots))
    return out


def _product_paragraphs(lang: str, intents: tuple[str, ...], products: tuple[Product, ...]) -> list[str]:
    if not products:
        return [render(lang, "no_product")]
    out = []
    for product in products[:3]:
        stock = render(lang, f"stock.{product.stock_status}") if product.stock_status in ("instock", "outofstock", "onbackorder") else product.stock_status
        out.append(render(lang, "product", product=product.name, price=money(product.price, product.currency), stock=stock))
        sizes = next((values for name, values in product.attributes if name.lower() in ("size", "pa_size")), ())
        if sizes and "product/size_fit" in intents:
            out.append(render(lang, "product_sizes", sizes=", ".join(sizes)))
    return out


LOOKUP_PROBLEMS = ("not_found", "unverified", "unavailable", "no_orders")


def answer_language(detected: str, config: ComposeConfig) -> str:
    """Answer in the customer's language when the store configures it, else English."""
    return detected if detected in config.languages else "en"


def compose(ctx: RunContext, config: ComposeConfig) -> Composition:
    """Build the customer-facing text and the agent note for this run."""
    decision: Decision = ctx.decision  # type: ignore[assignment]
    evidence: Evidence = ctx.evidence or Evidence()
    identity: Identity | None = ctx.identity
    understanding = ctx.understanding
    detected = understanding.language if understanding else "en"
    lang = answer_language(detected, config)
    answer = decision.answer_intents
    citations: list[str] = []
    paragraphs: list[str] = []

    if decision.action == "ask":
        paragraphs.append(render(lang, "ask"))
    elif decision.action == "ignore":
        paragraphs.append(render(lang, "closing"))
    else:
        order_help = tuple(i for i in answer if INTENTS[i].answer_class == "order_help" and i != "account/help")
        if order_help:
            paragraphs += _order_paragraphs(lang, order_help, evidence if decision.disclose_orders or evidence.order_lookup != "found" else _withheld(evidence))
            if decision.disclose_orders and evidence.order:
                citations.append(f"order:{evidence.order.number}")
        if "account/help" in answer:
            paragraphs.append(render(lang, "account_help"))
        product = tuple(i for i in answer if INTENTS[i].answer_class == "product")
        if product:
            paragraphs += _product_paragraphs(lang, product, evidence.products)
            citations += [f"product:{p.id}" for p in evidence.products[:3]]
        if any(INTENTS[i].answer_class == "policy" for i in answer):
            for clause in evidence.clauses[:2]:
                paragraphs.append(render(lang, "policy", text=clause.text.strip()) + f" [{clause.id}]")
                citations.append(f"clause:{clause.id}")
        order_asked = any(INTENTS[i].answer_class == "order_help" for i in decision.handoff_intents)
        if decision.hands_off and not order_help and order_asked and evidence.order_lookup in LOOKUP_PROBLEMS:
            # Say honestly why the order could not be discussed (identical for a foreign and a missing number).
            paragraphs += _order_paragraphs(lang, (), evidence)
        if decision.hands_off:
            queue = (decision.route.queue if decision.route else "support").replace("_", " & ")
            intent = decision.handoff_intents[0] if decision.handoff_intents else ""
            if decision.change is not None or INTENTS.get(intent, None) and INTENTS[intent].answer_class == "exception":
                paragraphs.append(render(lang, "handoff", change=describe_change(decision.change, intent), queue=queue))
            else:
                paragraphs.append(render(lang, "handoff_generic", queue=queue))

    name = (identity.name.split()[0] if identity and identity.name else "")
    greeting = render(lang, "greeting", name=name) if name else render(lang, "greeting_anon")
    body = "\n\n".join([greeting, *paragraphs, render(lang, "signoff", store=config.store_name)])
    trips = check_draft(body, evidence=evidence, decision=decision, identity=identity)
    note = agent_note(ctx, body, citations, lang, detected, trips)
    return Composition(
        customer_text=body, note_text=note, citations=tuple(citations), language=lang, guard_trips=trips
    )


def _withheld(evidence: Evidence) -> Evidence:
    # The decision did not open the current-customer layer: speak as if unverified.
    return Evidence(order_lookup="unverified", products=evidence.products, clauses=evidence.clauses)


def agent_note(ctx: RunContext, body: str, citations: list[str], lang: str, detected: str, trips: tuple[str, ...]) -> str:
    """Internal note: the draft, the evidence it used, and why the bot did what it did."""
    decision = ctx.decision
    u = ctx.understanding
    lines = ["[Deskhand draft] Approve with the macro “Deskhand: send draft”, or discard it.", ""]
    lines.append(body)
    lines += ["", "— Evidence —"]
    lines += [f"• {c}" for c in citations] or ["• none"]
    if u:
        lines.append("• intents: " + ", ".join(f"{i.name} ({i.confidence:.2f})" for i in u.intents))
    if detected != lang:
        lines.append(f"• customer wrote in '{detected}'; answered in '{lang}' (not a configured store language)")
    if decision:
        lines += [f"• reason: {r}" for r in decision.reasons]
    lines += [f"• guard: {t}" for t in trips]
    return "\n".join(lines)


def draft_facts(ctx: RunContext) -> dict[str, Any]:
    """Only what the answer needs: order number, status, item names, dates, tracking status; no PII."""
    decision: Decision = ctx.decision  # type: ignore[assignment]
    evidence = ctx.evidence or Evidence()
    facts: dict[str, Any] = {
        "answer_parts": list(decision.answer_intents),
        "handed_to_colleagues": list(decision.handoff_intents),
    }
    order = evidence.order
    if decision.disclose_orders and order is not None:
        facts["order"] = {
            "number": order.number,
            "status": order.fulfillment.value,
            "placed": order_date(order),
            "items": [item.name for item in order.line_items],
            "shipments": [{"carrier": t.provider, "shipped_on": t.shipped_on} for t in order.tracking],
        }
    if decision.hands_off and decision.route:
        facts["team"] = decision.route.queue
    return facts


async def compose_with_model(ctx: RunContext, config: ComposeConfig) -> Composition:
    """compose(), then let the drafter reword it; any failure or guard trip keeps the template text."""
    base = compose(ctx, config)
    decision: Decision = ctx.decision  # type: ignore[assignment]
    if config.drafter is None or base.guard_trips or decision.action == "ignore":
        return base
    identity = ctx.identity
    name = identity.name.split()[0] if identity and identity.name else ""
    try:
        text = await config.drafter.draft(language=base.language, template_text=base.customer_text,
                                          facts=draft_facts(ctx), customer_name=name)
    except asyncio.CancelledError:
        raise
    except Exception as err:  # the model is optional: the checked template text stands
        log.warning("model draft failed", extra={"error": type(err).__name__})
        return _template_kept(base, f"model draft failed ({type(err).__name__})")
    evidence = ctx.evidence or Evidence()
    trips = check_draft(text, evidence=evidence, decision=decision, identity=identity)
    if trips:
        log.warning("model draft rejected by guards", extra={"trips": len(trips)})
        return _template_kept(base, "model draft rejected by guards: " + "; ".join(trips)[:300])
    detected = ctx.understanding.language if ctx.understanding else "en"
    note = agent_note(ctx, text, list(base.citations), base.language, detected, ())
    return replace(base, customer_text=text, note_text=note + "\n• worded by the model from the template reply; all guards passed")


def _template_kept(base: Composition, reason: str) -> Composition:
    return replace(base, note_text=base.note_text + f"\n• {reason}; the template reply is used")
