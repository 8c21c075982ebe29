"""act: plan the help-desk writes for a run (pure) and commit them with the run in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from connectors.base import HelpDeskWrite, TaskRequest

from bot.outbox import OutboxItem, enqueue
from bot.records import Composition, Decision, RunContext
from bot.state import State, dumps, insert_row

BASE_TAG = "deskhand"


@dataclass(frozen=True)
class WritePlan:
    """Everything one run will write: outbox items plus the draft and handoff it records."""

    items: tuple[OutboxItem, ...] = ()
    draft_text: str | None = None
    draft_key: str | None = None
    handoff: dict[str, Any] | None = None
    public_reply: bool = False
    tags: tuple[str, ...] = field(default_factory=tuple)


def intent_tags(decision: Decision) -> tuple[str, ...]:
    """Tags that let agents filter by what the bot saw: dh_order_status, dh_handoff, ..."""
    tags = [BASE_TAG]
    for name in decision.answer_intents + decision.handoff_intents:
        tags.append("dh_" + name.replace("/", "_"))
    if decision.hands_off:
        tags.append("dh_handoff")
    if decision.mode == "draft" and decision.action != "ignore":
        tags.append("dh_draft")
    return tuple(dict.fromkeys(tags))


def plan_writes(ctx: RunContext, *, run_key: str, handoff: dict[str, Any] | None, handoff_note: str | None) -> WritePlan:
    """Decide which writes the outcome needs; keys derive from the message so re-runs are no-ops."""
    decision: Decision = ctx.decision  # type: ignore[assignment]
    comp: Composition = ctx.composition  # type: ignore[assignment]
    ticket = ctx.ticket
    if decision.mode == "observe":
        return WritePlan()
    items: list[OutboxItem] = []

    def add(kind: str, write) -> None:
        items.append(OutboxItem(f"{run_key}:{kind}", ticket.helpdesk, ticket.id, write))

    tags = intent_tags(decision)
    public = (decision.mode == "auto" and not decision.hands_off and not comp.guard_trips
              and decision.action in ("answer", "ask"))
    route = decision.route
    routed = route is not None and decision.hands_off
    # Group, priority and tags ride on the run's one note or reply: a single ticket update.
    routing = dict(
        group_id=route.group_id if routed else None,
        queue=route.queue if routed else None,
        priority=route.priority if routed else None,
        add_tags=tags + (route.tags if route else ()),
    )
    draft_text: str | None = None
    if decision.action == "ignore":
        add("routing", HelpDeskWrite(kind="routing", idempotency_key=f"{run_key}:routing", **routing))
    elif public:
        add("reply", HelpDeskWrite(kind="reply", idempotency_key=f"{run_key}:reply", body=comp.customer_text, **routing))
    else:
        # One coherent response: a handoff note carries the suggested reply for the same ticket.
        body = handoff_note if handoff_note is not None else comp.note_text
        add("note", HelpDeskWrite(kind="note", idempotency_key=f"{run_key}:note", body=body, **routing))
        draft_text = None if comp.guard_trips else comp.customer_text

    if handoff is not None and route is not None and route.create_task:
        add("task", TaskRequest(
            external_id=f"deskhand-{run_key.replace(':', '-')}",
            linked_ticket_id=ticket.id,
            requester_id=ticket.requester.id,
            subject=f"[Deskhand handoff] {route.queue}: ticket #{ticket.id}",
            body=handoff_note or "",
            group_id=route.group_id,
            queue=route.queue,
            priority=route.priority,
            tags=("deskhand", "deskhand_task", f"dh_source_{ticket.id}") + route.tags,
        ))
    return WritePlan(items=tuple(items), draft_text=draft_text, draft_key=f"{run_key}:note" if draft_text else None,
                     handoff=handoff, public_reply=public, tags=tags)


def commit_run(state: State, *, inbox_id: int, ctx: RunContext, plan: WritePlan, run_row: dict[str, Any],
               message_id: str | None, claim: Callable[[Any, str], list[dict[str, Any]]] | None = None,
               ) -> tuple[int, list[dict[str, Any]]]:
    """Write the run, its outbox rows, draft and handoff, and close the inbox row, atomically.

    With `claim`, the ticket's due outbox rows are claimed for sending in the same transaction (one
    fsync for both) and returned; the caller sends them.
    """
    ticket = ctx.ticket
    now = state.clock()
    claimed: list[dict[str, Any]] = []
    with state.write() as db:
        existing = list(db.query("SELECT id FROM runs WHERE inbox_id = ?", (inbox_id,)))
        if existing:  # a crash after commit: the work is already recorded
            run_id = existing[0]["id"]
        else:
            run_id = insert_row(db, "runs", {**run_row, "inbox_id": inbox_id, "finished_at": now})
            for item in plan.items:
                enqueue(db, item, run_id, now)
            if plan.draft_text is not None:
                # A newer draft supersedes an older one still waiting on the same ticket.
                db.conn.execute(
                    "UPDATE drafts SET status = 'superseded', decided_at = ? WHERE helpdesk = ? AND ticket_id = ?"
                    " AND status = 'pending'", (now, ticket.helpdesk, ticket.id),
                )
                insert_row(db, "drafts", {
                    "run_id": run_id, "helpdesk": ticket.helpdesk, "ticket_id": ticket.id,
                    "text": plan.draft_text, "intents": run_row.get("intents"), "status": "pending",
                    "created_at": now, "outbox_id": plan.draft_key,
                })
            if plan.handoff is not None:
                insert_row(db, "handoffs", {
                    "run_id": run_id, "helpdesk": ticket.helpdesk, "ticket_id": ticket.id,
                    "queue": (ctx.decision.route.queue if ctx.decision and ctx.decision.route else None),
                    "payload": dumps(plan.handoff), "created_at": now,
                })
            if message_id:
                db.conn.execute(
                    "INSERT OR IGNORE INTO processed_messages (helpdesk, ticket_id, message_id, run_id) VALUES (?, ?, ?, ?)",
                    (ticket.helpdesk, ticket.id, message_id, run_id),
                )
        db.conn.execute("UPDATE inbox SET status = 'done', finished_at = ? WHERE id = ?", (now, inbox_id))
        if claim is not None and plan.items:
            claimed = claim(db, ticket.id)
    return run_id, claimed
