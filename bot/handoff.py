"""Build the versioned handoff ticket from a run's records, and its readable note."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from connectors.base import Fulfillment, Order

from handoff_schemas import (
    ConversationSummary,
    CustomerIdentity,
    HandoffTicket,
    IntentScore,
    LineItemInfo,
    Money,
    OrderState,
    PolicyEvaluation,
    PolicySnippet,
    RequestedChange,
    RoutingInfo,
    TrackingInfo,
)
from handoff_schemas.render import render_note

from bot.records import Decision, RunContext

_STAGE = {
    Fulfillment.AWAITING_PAYMENT: "not_dispatched",
    Fulfillment.PROCESSING: "not_dispatched",
    Fulfillment.ON_HOLD: "not_dispatched",
    Fulfillment.FULFILLED: "dispatched",
    Fulfillment.CANCELLED: "cancelled",
}
_NEXT_STEP = {
    "eligible": "Check stock for the requested change, then confirm it with the customer.",
    "ineligible": "Explain the options the policy allows; no change has been promised.",
    "unclear": "Check the order and policy facts below before answering; nothing has been promised.",
}


def order_state(order: Order) -> OrderState:
    """The handoff's view of one owned order."""
    return OrderState(
        number=order.number,
        woo_status=order.status,
        fulfillment=order.fulfillment.value,
        shipment_stage=_STAGE.get(order.fulfillment, "unknown"),
        total=Money.of(order.total, order.currency),
        created_at=order.created_at,
        completed_at=order.completed_at,
        matched_by=order.matched_by,
        shipping_method=order.shipping_method,
        refunded=Money.of(order.refunded_total, order.currency) if order.refunds else None,
        tracking=tuple(TrackingInfo(number=t.number, provider=t.provider, link=t.link, shipped_on=t.shipped_on)
                       for t in order.tracking),
        line_items=tuple(
            LineItemInfo(name=i.name, quantity=i.quantity, sku=i.sku, total=Money.of(i.total, order.currency),
                         attributes={k.removeprefix("pa_"): v for k, v in i.attributes})
            for i in order.line_items
        ),
    )


def _summary(ctx: RunContext, decision: Decision) -> ConversationSummary:
    u, ev = ctx.understanding, ctx.evidence
    text = (u.cleaned_text if u else "").strip()
    problem = text if len(text) <= 400 else text[:397] + "…"
    facts: list[str] = []
    if ev and ev.order and decision.disclose_orders:
        facts.append(f"order #{ev.order.number} is {ev.order.fulfillment.value.replace('_', ' ')}"
                     f" (WooCommerce '{ev.order.status}')")
    elif ev:
        facts.append(f"order lookup: {ev.order_lookup.replace('_', ' ')}")
    if ev and ev.failures:
        facts.append("unreachable: " + ", ".join(ev.failures))
    actions = []
    if decision.answer_intents:
        actions.append("drafted an answer for: " + ", ".join(decision.answer_intents))
    actions.append("told the customer a specialist will confirm; promised nothing")
    questions = []
    if decision.change and decision.change.to_value:
        questions.append(f"is '{decision.change.to_value}' available for {decision.change.item or 'the item'}?")
    if ctx.identity and not ctx.identity.verified:
        questions.append("confirm the customer's identity before sharing order details")
    result = decision.evaluation.result if decision.evaluation else "unclear"
    return ConversationSummary(problem=problem or "(empty message)", facts=tuple(facts), bot_actions=tuple(actions),
                               open_questions=tuple(questions), next_step=_NEXT_STEP[result])


def build_handoff(ctx: RunContext, *, run_key: str, now: datetime | None = None) -> tuple[dict[str, Any], str]:
    """The handoff ticket as JSON-ready data plus the internal note that renders it."""
    decision: Decision = ctx.decision  # type: ignore[assignment]
    identity, u, ev, comp = ctx.identity, ctx.understanding, ctx.evidence, ctx.composition
    ticket = ctx.ticket
    disclosed = ev.order if ev and ev.order and decision.disclose_orders else None
    match = "none"
    if identity and identity.verified:
        match = "store_login" if ticket.requester.authenticated_by_store and not any(
            e.verified for e in ticket.requester.emails) else "verified_email"
    handed = set(decision.handoff_intents)
    route = decision.route
    change = decision.change
    clause_ids = [decision.evaluation.clause_id] if decision.evaluation and decision.evaluation.clause_id else []
    clauses = sorted(ev.clauses if ev else (), key=lambda c: c.id not in clause_ids)
    handoff = HandoffTicket(
        run_id=run_key,
        source_helpdesk=ticket.helpdesk,
        source_ticket_id=ticket.id,
        created_at=now or datetime.now(timezone.utc),
        channel=ticket.channel,
        language=u.language if u else "en",
        customer=CustomerIdentity(
            helpdesk=ticket.helpdesk, helpdesk_user_id=ticket.requester.id, name=ticket.requester.name,
            verified=bool(identity and identity.verified),
            verified_emails=identity.verified_emails if identity else (), match=match,
            unverified_reason=identity.unverified_reason if identity else "identity not checked",
        ),
        order_numbers=(disclosed.number,) if disclosed else (),
        orders=(order_state(disclosed),) if disclosed else (),
        requested_change=RequestedChange(type=change.type, item=change.item, from_=change.from_value,
                                         to=change.to_value, detail=change.detail) if change else None,
        policy=tuple(PolicySnippet(clause_id=c.id, title=c.title, text=c.text, policy=c.policy, version=c.version)
                     for c in clauses[:3]),
        evaluation=PolicyEvaluation(result=decision.evaluation.result, rule=decision.evaluation.rule,
                                    why=decision.evaluation.why, clause_id=decision.evaluation.clause_id,
                                    facts=dict(decision.evaluation.facts)) if decision.evaluation else None,
        summary=_summary(ctx, decision),
        intents=tuple(IntentScore(name=i.name, confidence=round(min(1.0, max(0.0, i.confidence)), 3),
                                  handed_off=i.name in handed) for i in (u.intents if u else ())),
        reasons=decision.reasons,
        routing=RoutingInfo(queue=route.queue if route else "general", rule=route.rule if route else "none",
                            priority=route.priority if route else "normal", group_id=route.group_id if route else None,
                            tags=route.tags if route else (), create_task=bool(route and route.create_task),
                            why=route.why if route else "no routing rule matched"),
        suggested_reply="" if (comp is None or comp.guard_trips) else comp.customer_text,
    )
    return handoff.model_dump(mode="json", by_alias=True), render_note(handoff)
