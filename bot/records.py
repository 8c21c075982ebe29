"""Typed records that flow one way through the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from connectors.base import Order, Product, Ticket

# --------------------------------------------------------------------------- identify


@dataclass(frozen=True)
class Identity:
    """Who the requester is, as far as the current-customer layer is concerned."""

    helpdesk_user_id: str
    name: str
    verified_emails: tuple[str, ...]
    all_emails: tuple[str, ...]
    verified: bool
    # Why the requester counts as unverified, for the handoff and the trace.
    unverified_reason: str | None = None
    customer_tags: tuple[str, ...] = ()


# --------------------------------------------------------------------------- understand


@dataclass(frozen=True)
class IntentHit:
    """One intent found in the message, with the text that made us think so."""

    name: str
    confidence: float
    evidence: str = ""  # the span of customer text that triggered it


@dataclass(frozen=True)
class Entities:
    """Things the customer named."""

    order_numbers: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    colours: tuple[str, ...] = ()
    products: tuple[str, ...] = ()  # product names / SKUs as written
    emails: tuple[str, ...] = ()  # emails typed in the text: never used for lookups


Sentiment = Literal["positive", "neutral", "negative", "angry"]


@dataclass(frozen=True)
class Understanding:
    """What the message asks, primary intent first."""

    intents: tuple[IntentHit, ...]
    entities: Entities = field(default_factory=Entities)
    language: str = "en"
    sentiment: Sentiment = "neutral"
    confidence: float = 0.0
    source: str = "offline"  # "offline" | "llm"
    fallback_reason: str | None = None  # why the LLM path was not used
    cleaned_text: str = ""  # the message without quoted replies and signatures

    @property
    def intent_names(self) -> tuple[str, ...]:
        """Intent names, primary first."""
        return tuple(i.name for i in self.intents)


# --------------------------------------------------------------------------- retrieve


@dataclass(frozen=True)
class PolicyClause:
    """One clause of a store policy document."""

    id: str  # e.g. "exchanges.2"
    title: str
    text: str
    policy: str  # document name, e.g. "exchanges"
    version: str  # hash of the document


OrderLookup = Literal["found", "not_found", "none_referenced", "unverified", "unavailable", "no_orders"]


@dataclass(frozen=True)
class Evidence:
    """Facts fetched for this run; the only things a reply may state."""

    orders: tuple[Order, ...] = ()  # all orders the verified requester owns (bounded)
    order: Order | None = None  # the order the message is about, if resolved
    order_lookup: OrderLookup = "none_referenced"
    products: tuple[Product, ...] = ()
    clauses: tuple[PolicyClause, ...] = ()
    failures: tuple[str, ...] = ()  # upstreams that could not be reached


# --------------------------------------------------------------------------- decide


Action = Literal["answer", "draft", "handoff", "ask", "observe", "ignore"]
Eligibility = Literal["eligible", "ineligible", "unclear"]
Mode = Literal["observe", "draft", "auto"]


@dataclass(frozen=True)
class PolicyEvaluation:
    """Whether the requested change fits a policy rule, with the facts used."""

    rule: str
    result: Eligibility
    why: str
    clause_id: str | None = None
    facts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RequestedChange:
    """The structured change the customer asks for."""

    type: str  # size_change | colour_change | cancel | address_change | return | refund | ...
    item: str | None = None
    from_value: str | None = None
    to_value: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class RouteChoice:
    """Where routing sends the case and which rule chose it."""

    rule: str
    queue: str
    group_id: str | None = None
    priority: str = "normal"
    tags: tuple[str, ...] = ()
    create_task: bool = False
    why: str = ""


@dataclass(frozen=True)
class Decision:
    """The pure outcome of `decide`: what to do, and why."""

    action: Action
    mode: Mode
    reasons: tuple[str, ...] = ()
    answer_intents: tuple[str, ...] = ()  # parts the bot may answer itself
    handoff_intents: tuple[str, ...] = ()  # parts a human must decide
    route: RouteChoice | None = None
    evaluation: PolicyEvaluation | None = None
    change: RequestedChange | None = None
    disclose_orders: bool = False  # current-customer layer open for this run

    @property
    def hands_off(self) -> bool:
        """True when a human must act on this case."""
        return self.action == "handoff" or bool(self.handoff_intents)


# --------------------------------------------------------------------------- compose


@dataclass(frozen=True)
class Composition:
    """Text produced for the help desk, checked by the guards."""

    customer_text: str  # what the customer would read (reply or draft)
    note_text: str  # internal note for agents
    citations: tuple[str, ...] = ()  # clause ids / product ids / order numbers used
    language: str = "en"
    guard_trips: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunContext:
    """Everything one pipeline run has gathered, stage by stage."""

    ticket: Ticket
    identity: Identity | None = None
    understanding: Understanding | None = None
    evidence: Evidence | None = None
    decision: Decision | None = None
    composition: Composition | None = None
