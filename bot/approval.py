"""One-step approval: an agent's macro approves or discards the pending draft; posted exactly once."""

from __future__ import annotations

import logging

from connectors.base import HelpDesk, HelpDeskWrite, Ticket, TicketEvent

from bot.crashpoints import crash_point
from bot.outbox import OutboxItem, enqueue
from bot.state import State, on_loop

log = logging.getLogger("deskhand.approval")


def _decide_draft(state: State, event: TicketEvent, inbox_id: int) -> str:
    now = state.clock()
    with state.write() as db:
        rows = list(db.query(
            "SELECT * FROM drafts WHERE helpdesk = ? AND ticket_id = ? AND status = 'pending' ORDER BY id DESC LIMIT 1",
            (event.helpdesk, event.ticket_id),
        ))
        outcome = "no_pending_draft"
        if rows:
            draft = rows[0]
            status = "approved" if event.kind == "approve" else "rejected"
            # The status guard makes a second delivery of the same approval a no-op.
            changed = db.conn.execute(
                "UPDATE drafts SET status = ?, decided_at = ?, decided_by = ? WHERE id = ? AND status = 'pending'",
                (status, now, event.actor_id, draft["id"]),
            ).rowcount
            if changed and status == "approved":
                key = f"approve:{event.helpdesk}:{draft['id']}"
                enqueue(db, OutboxItem(key, event.helpdesk, event.ticket_id, HelpDeskWrite(
                    kind="reply", idempotency_key=key, body=draft["text"], author_id=event.actor_id,
                    add_tags=("dh_draft_sent",), remove_tags=("deskhand_send",),
                )), draft["run_id"], now)
            outcome = status if changed else "no_pending_draft"
        db.conn.execute("UPDATE inbox SET status = 'done', finished_at = ? WHERE id = ?", (now, inbox_id))
        return outcome


async def handle(state: State, helpdesk: HelpDesk, event: TicketEvent, *, inbox_id: int) -> str:
    """Approve → queue the exact draft text as a public reply (as the agent); discard → record it."""
    outcome = await on_loop(_decide_draft, state, event, inbox_id)
    crash_point("after_approval_commit")
    return outcome


def note_agent_took_over(state: State, ticket: Ticket) -> None:
    """An agent replied publicly: pending drafts are closed as 'agent_replied' and the bot pauses."""
    now = state.clock()
    with state.write() as db:
        db.conn.execute(
            "UPDATE drafts SET status = 'agent_replied', decided_at = ? WHERE helpdesk = ? AND ticket_id = ?"
            " AND status = 'pending'", (now, ticket.helpdesk, ticket.id),
        )
        db["ticket_state"].upsert(
            {"helpdesk": ticket.helpdesk, "ticket_id": ticket.id, "bot_paused": 1,
             "paused_reason": "agent replied publicly", "updated_at": now},
            pk=("helpdesk", "ticket_id"),
        )
