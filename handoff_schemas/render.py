"""Render a handoff ticket as an internal note: readable first, machine-readable JSON last."""

from __future__ import annotations


from handoff_schemas.v1 import HandoffTicket, Money, OrderState

JSON_FENCE = "```json"


def _money(m: Money | None) -> str:
    return f"{m.currency} {m.amount}" if m else "-"


def _order_line(o: OrderState) -> str:
    parts = [f"#{o.number}: {o.fulfillment.replace('_', ' ')} (WooCommerce status '{o.woo_status}')",
             f"shipment {o.shipment_stage.replace('_', ' ')}", f"total {_money(o.total)}",
             f"placed {o.created_at.date().isoformat()}"]
    if o.completed_at:
        parts.append(f"completed {o.completed_at.date().isoformat()}")
    if o.refunded:
        parts.append(f"refunded {_money(o.refunded)}")
    line = "- " + ", ".join(parts)
    for t in o.tracking:
        line += f"\n  - tracking {t.provider + ' ' if t.provider else ''}{t.number}"
        line += f" (shipped {t.shipped_on})" if t.shipped_on else ""
    for item in o.line_items:
        attrs = ", ".join(f"{k} {v}" for k, v in item.attributes.items())
        line += f"\n  - {item.quantity} x {item.name}{f' ({attrs})' if attrs else ''}"
    return line


def _bullets(title: str, items: tuple[str, ...] | list[str]) -> list[str]:
    return [f"**{title}**", *(f"- {i}" for i in items), ""] if items else []


def render_note(ticket: HandoffTicket) -> str:
    """Markdown internal note for agents, ending with the ticket as a ```json block."""
    r = ticket.routing
    c = ticket.customer
    out = [
        f"**Deskhand handoff** · queue **{r.queue}** · priority {r.priority} · rule `{r.rule}`",
        "",
        *_bullets("Why a person is needed", ticket.reasons),
    ]
    who = f"{c.name or 'Requester'} ({c.helpdesk} user {c.helpdesk_user_id})"
    if c.verified:
        how = "verified email" if c.match == "verified_email" else c.match.replace("_", " ")
        who += f", verified via {how}: {', '.join(c.verified_emails) or '-'}"
    else:
        who += f", NOT verified ({c.unverified_reason or 'no verified email'}): no order details shared"
    out += ["**Customer**", who, ""]
    if ticket.orders:
        out += ["**Orders**", *(_order_line(o) for o in ticket.orders), ""]
    elif ticket.order_numbers:
        out += ["**Order numbers mentioned**", ", ".join(f"#{n}" for n in ticket.order_numbers), ""]
    if ticket.requested_change:
        ch = ticket.requested_change
        text = ch.type.replace("_", " ")
        if ch.item:
            text += f": {ch.item}"
        if ch.from_ or ch.to:
            text += f" ({ch.from_ or '?'} → {ch.to or '?'})"
        if ch.detail:
            text += f"; {ch.detail}"
        out += ["**Requested change**", text, ""]
    if ticket.evaluation:
        ev = ticket.evaluation
        clause = f" per {ev.clause_id}" if ev.clause_id else ""
        out += ["**Policy check** (advice for you, not promised to the customer)",
                f"{ev.result.upper()}{clause}: {ev.why}", ""]
    for snip in ticket.policy:
        quoted = "\n".join(f"> {line}" for line in snip.text.splitlines())
        out += [f"**Policy {snip.clause_id} {snip.title}** (version {snip.version})", quoted, ""]
    s = ticket.summary
    out += ["**Summary**", f"Problem: {s.problem}"]
    out += [f"Next step: {s.next_step}"] if s.next_step else []
    out += [""]
    out += _bullets("Facts", s.facts) + _bullets("What the bot did", s.bot_actions)
    out += _bullets("Open questions", s.open_questions)
    if ticket.intents:
        scores = ", ".join(
            f"{i.name} {i.confidence:.2f}{' (handed off)' if i.handed_off else ''}" for i in ticket.intents
        )
        out += ["**Intents**", scores, ""]
    if ticket.suggested_reply:
        reply = "\n".join(f"> {line}" if line else ">" for line in ticket.suggested_reply.splitlines())
        out += ["**Suggested reply** (not sent)", reply, ""]
    out += [f"Routing: {r.why}" if r.why else f"Routing rule: {r.rule}",
            f"Run {ticket.run_id} · source {ticket.source_helpdesk} ticket {ticket.source_ticket_id}", ""]
    # Every JSON line starts with a brace, a space or a quote, so the fence cannot be closed early.
    payload = ticket.model_dump_json(by_alias=True, indent=2)  # pydantic's encoder: same JSON, a fraction of the time
    out += [JSON_FENCE, payload, "```"]
    return "\n".join(out) + "\n"


def parse_note(note: str) -> HandoffTicket:
    """Read the machine-readable block back out of a rendered note; raises ValueError if absent."""
    # The block is always last, so search from the end: nothing earlier can impersonate it.
    start = note.rfind("\n" + JSON_FENCE + "\n")
    end = note.rstrip().rfind("\n```")
    if start < 0 or end <= start:
        raise ValueError("no handoff JSON block at the end of the note")
    return HandoffTicket.model_validate_json(note[start + len(JSON_FENCE) + 2 : end])
