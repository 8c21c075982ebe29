"""intake: decide whether a ticket event should start a bot run, and which message it is about."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from connectors.base import Message, Ticket, TicketEvent


@dataclass(frozen=True)
class Intake:
    """Whether to run, on which customer message, and why not when skipping."""

    run: bool
    message: Message | None = None
    skip_reason: str | None = None
    agent_took_over: bool = False


def normalise(text: str) -> str:
    """Compare comment bodies across help desks that re-render them (HTML, whitespace)."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split()).casefold()


def agent_took_over(ticket: Ticket, sent_texts: frozenset[str] = frozenset()) -> bool:
    """A human agent replied publicly with something other than a draft Deskhand posted for them."""
    return any(
        m.author_role == "agent" and m.public and normalise(m.body) not in sent_texts for m in ticket.messages
    )


def intake(event: TicketEvent, ticket: Ticket, *, paused: bool, already_processed,
           sent_texts: frozenset[str] = frozenset()) -> Intake:
    """Only a new end-user message starts a run; agents' and the bot's own comments never do."""
    took_over = agent_took_over(ticket, sent_texts)
    if event.kind != "message" and event.kind != "ask_again":
        return Intake(False, skip_reason=f"{event.kind} events are handled by the approval flow")
    last = ticket.messages[-1] if ticket.messages else None
    latest_customer = ticket.latest_customer_message
    if latest_customer is None:
        return Intake(False, skip_reason="no customer message on the ticket", agent_took_over=took_over)
    if event.kind == "message":
        if last is not None and last.author_role != "end-user":
            return Intake(False, skip_reason=f"latest comment is by {last.author_role}", agent_took_over=took_over)
        if paused or took_over:
            return Intake(False, skip_reason="an agent has replied publicly; bot paused", agent_took_over=True)
    if already_processed(latest_customer.id) and event.kind == "message":
        return Intake(False, skip_reason="message already handled", agent_took_over=took_over)
    return Intake(True, message=unanswered(ticket, latest_customer, already_processed), agent_took_over=took_over)


def unanswered(ticket: Ticket, latest: Message, already_processed) -> Message:
    """The latest customer message, carrying the earlier ones of the same unanswered burst."""
    # Messages pile up behind a backlog, an outage or a crash; the run answers only the latest, so
    # the earlier ones' requests must travel with it or they would never be read.
    burst: list[Message] = []
    for m in reversed(ticket.messages):
        if m.author_role != "end-user" or already_processed(m.id):
            break
        burst.append(m)
    if len(burst) < 2 or burst[0].id != latest.id:
        return latest
    burst.reverse()
    return replace(latest, body="\n\n".join(m.body for m in burst),
                   spoof_flagged=any(m.spoof_flagged for m in burst))
