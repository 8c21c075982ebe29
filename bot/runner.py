"""Runs one inbox event through intake → identify → understand → retrieve → decide → compose → act."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import Any, Callable

from connectors.base import HelpDesk, TicketEvent
from connectors.errors import ConnectorError, NotFoundError

from bot import approval
from bot.crashpoints import crash_point
from bot.retry import ParkPolicy
from bot.handoff import build_handoff
from bot.outbox import OutboxRelay
from bot.pipeline.act import commit_run, plan_writes
from bot.pipeline.compose import ComposeConfig, compose_with_model
from bot.pipeline.decide import DecideConfig, decide
from bot.pipeline.identify import identify
from bot.pipeline.intake import intake, normalise
from bot.pipeline.retrieve import RetrieveDeps, retrieve
from bot.pipeline.understand import Understander
from bot.records import RunContext
from bot.state import State, dumps, on_loop
from bot.taxonomy import INTENTS

log = logging.getLogger("deskhand.runner")


@dataclass
class Pipeline:
    """Everything a run needs; built once per process."""

    state: State
    helpdesk: HelpDesk
    retrieve_deps: RetrieveDeps
    understander: Understander
    decide_config: DecideConfig
    compose_config: ComposeConfig
    today: Callable[[], date] = lambda: datetime.now(timezone.utc).date()
    on_run: Callable[[dict[str, Any]], None] | None = None  # metrics hook
    relay: OutboxRelay | None = None  # when set, a run claims and sends its own writes at once


class Trace:
    """Per-stage durations and one-line summaries for the run record."""

    def __init__(self) -> None:
        self.stages: list[dict[str, Any]] = []
        self._start = time.perf_counter()

    def add(self, stage: str, summary: str) -> None:
        """Close the current stage with a short summary."""
        now = time.perf_counter()
        self.stages.append({"stage": stage, "ms": round((now - self._start) * 1000, 2), "summary": summary[:200]})
        self._start = now


async def process(pipeline: Pipeline, row: dict[str, Any]) -> str:
    """Handle one claimed inbox row; returns the outcome. Connector errors propagate for retry."""
    event = TicketEvent(
        helpdesk=row["source"], ticket_id=row["ticket_id"], kind=row["kind"],
        dedupe_key=row["dedupe_key"], actor_id=row["actor_id"], requester_hint=row.get("requester_hint"),
    )
    if event.kind in ("approve", "discard"):
        return await approval.handle(pipeline.state, pipeline.helpdesk, event, inbox_id=row["id"])
    return await run_pipeline(pipeline, event, inbox_id=row["id"])


async def run_pipeline(p: Pipeline, event: TicketEvent, *, inbox_id: int) -> str:
    """The seven stages for one customer message."""
    trace = Trace()
    state = p.state
    try:
        ticket = await p.helpdesk.get_ticket(event.ticket_id, requester_hint=event.requester_hint)
    except NotFoundError:
        await on_loop(state.finish_inbox, inbox_id, "done", "ticket not found")
        return "ticket_not_found"
    paused = await on_loop(state.ticket_paused, ticket.helpdesk, ticket.id)
    if event.kind == "ask_again":
        await on_loop(state.set_paused, ticket.helpdesk, ticket.id, False, "agent asked again")
        paused = False
    processed = set(r["message_id"] for r in await on_loop(
        state.query, "SELECT message_id FROM processed_messages WHERE helpdesk=? AND ticket_id=?",
        (ticket.helpdesk, ticket.id)))
    sent = frozenset(normalise(r["text"]) for r in await on_loop(
        state.query, "SELECT text FROM drafts WHERE helpdesk=? AND ticket_id=? AND status='approved'",
        (ticket.helpdesk, ticket.id)))
    gate = intake(event, ticket, paused=paused, already_processed=processed.__contains__, sent_texts=sent)
    if gate.agent_took_over and event.kind != "ask_again":
        await on_loop(approval.note_agent_took_over, state, ticket)
    trace.add("intake", gate.skip_reason or f"message {gate.message.id if gate.message else '-'}")
    if not gate.run:
        await on_loop(_record_skip, state, inbox_id, ticket, gate.skip_reason or "skipped", trace)
        return "skipped"

    ctx = RunContext(ticket=ticket)
    ctx = replace(ctx, identity=identify(ticket))
    trace.add("identify", "verified" if ctx.identity.verified else f"unverified: {ctx.identity.unverified_reason}")

    message = gate.message
    first = ticket.customer_messages and ticket.customer_messages[0].id == message.id
    understanding = await p.understander.understand(
        message.body, subject=ticket.subject if first else None, channel=ticket.channel
    )
    ctx = replace(ctx, understanding=understanding)
    trace.add("understand", ", ".join(understanding.intent_names) + f" ({understanding.source}, {understanding.language})")

    evidence = await retrieve(ctx.identity, understanding, p.retrieve_deps)
    ctx = replace(ctx, evidence=evidence)
    trace.add("retrieve", f"orders={len(evidence.orders)} lookup={evidence.order_lookup} products={len(evidence.products)} clauses={len(evidence.clauses)}")

    decision = decide(ctx.identity, understanding, evidence, p.decide_config, today=p.today(), channel=ticket.channel)
    ctx = replace(ctx, decision=decision)
    trace.add("decide", f"{decision.action}/{decision.mode}: " + "; ".join(decision.reasons))

    composition = await compose_with_model(ctx, p.compose_config)
    if composition.guard_trips:
        # A tripped guard turns the run into a handoff; the text never reaches the customer.
        decision = replace(
            decision, action="handoff", mode="draft",
            reasons=decision.reasons + tuple(f"guard tripped: {t}" for t in composition.guard_trips),
            handoff_intents=decision.handoff_intents or decision.answer_intents,
        )
    ctx = replace(ctx, composition=composition, decision=decision)
    trace.add("compose", f"{len(composition.customer_text)} chars, {len(composition.guard_trips)} guard trips")

    run_key = f"{ticket.helpdesk}:{ticket.id}:{message.id}"
    handoff, handoff_note = (None, None)
    if decision.hands_off:
        handoff, handoff_note = build_handoff(ctx, run_key=run_key)
    plan = plan_writes(ctx, run_key=run_key, handoff=handoff, handoff_note=handoff_note)
    trace.add("act", f"{len(plan.items)} writes" + (", handoff" if handoff else "") + (", draft" if plan.draft_text else ""))

    run_row = {
        "helpdesk": ticket.helpdesk, "ticket_id": ticket.id, "message_id": message.id,
        "started_at": time.time() - sum(s["ms"] for s in trace.stages) / 1000,
        "outcome": "handoff" if decision.hands_off else decision.action,
        "action": decision.action, "intents": dumps(list(understanding.intent_names)),
        "answer_classes": dumps(sorted({INTENTS[i].answer_class for i in understanding.intent_names})),
        "confidence": understanding.confidence, "language": understanding.language,
        "reasons": dumps(list(decision.reasons)), "trace": dumps(trace.stages),
        "fallback_reason": understanding.fallback_reason,
    }
    crash_point("mid_pipeline")
    _, claimed = await on_loop(commit_run, state, inbox_id=inbox_id, ctx=ctx, plan=plan, run_row=run_row,
                               message_id=message.id, claim=p.relay.claim_within if p.relay else None)
    crash_point("after_run_commit")
    if p.on_run:
        p.on_run({**run_row, "handoff_queue": decision.route.queue if decision.route and decision.hands_off else None})
    if claimed:
        await p.relay.send_claimed(claimed)  # type: ignore[union-attr]  # claimed implies a relay
    return run_row["outcome"]


def _record_skip(state: State, inbox_id: int, ticket, reason: str, trace: Trace) -> None:
    with state.write() as db:
        if not list(db.query("SELECT 1 FROM runs WHERE inbox_id = ?", (inbox_id,))):
            db["runs"].insert({
                "inbox_id": inbox_id, "helpdesk": ticket.helpdesk, "ticket_id": ticket.id,
                "started_at": state.clock(), "finished_at": state.clock(), "outcome": "skipped",
                "action": "none", "reasons": dumps([reason]), "trace": dumps(trace.stages),
            })
        db.conn.execute("UPDATE inbox SET status='done', finished_at=? WHERE id=?", (state.clock(), inbox_id))


async def process_safely(p: Pipeline, row: dict[str, Any], *, policy: ParkPolicy = ParkPolicy()) -> str:
    """process() with retry bookkeeping: upstream trouble delays the event, a bug parks it."""
    try:
        return await process(p, row)
    except ConnectorError as err:
        attempts = row.get("attempts", 0) + 1  # the row was read before claim_inbox() counted this one
        now = p.state.clock()
        # A store or help-desk outage only delays the event; it parks when retried out AND old.
        if not policy.parks(err, attempts, now - (row.get("received_at") or now)):
            await on_loop(p.state.retry_inbox, row["id"], policy.delay(attempts, err), type(err).__name__)
            return "retry"
        await on_loop(p.state.finish_inbox, row["id"], "parked", f"{type(err).__name__}: {err}"[:300])
        return "parked"
    except Exception as err:  # a bug must not kill the worker; the row is parked for a human
        log.exception("run failed", extra={"inbox_id": row["id"]})
        await on_loop(p.state.finish_inbox, row["id"], "parked", f"{type(err).__name__}"[:300])
        return "parked"
