"""HelpDesk and Store Protocols and the frozen records they return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar, Literal, Mapping, Protocol, Sequence

# --------------------------------------------------------------------------- help desk records


@dataclass(frozen=True)
class EmailIdentity:
    """One email address of a requester and whether the help desk verified it."""

    address: str
    verified: bool
    primary: bool = False


@dataclass(frozen=True)
class Requester:
    """The person who opened the ticket, as re-read from the help-desk API."""

    id: str
    name: str
    emails: tuple[EmailIdentity, ...] = ()
    role: str = "end-user"
    # Messaging users signed in through the store's JWT count as verified.
    authenticated_by_store: bool = False
    tags: tuple[str, ...] = ()

    @property
    def verified_emails(self) -> tuple[str, ...]:
        """Addresses the help desk marked verified, primary first."""
        ordered = sorted(self.emails, key=lambda e: not e.primary)
        return tuple(e.address for e in ordered if e.verified)


AuthorRole = Literal["end-user", "agent", "bot", "system"]


@dataclass(frozen=True)
class Message:
    """One comment / conversation entry on a ticket."""

    id: str
    author_id: str
    author_role: AuthorRole
    body: str
    public: bool
    created_at: datetime
    # Zendesk flags mail whose sender it could not authenticate (POTENTIAL_MESSAGE_SPOOFING).
    spoof_flagged: bool = False


@dataclass(frozen=True)
class Ticket:
    """A help-desk ticket with its requester and conversation, oldest message first."""

    helpdesk: str
    id: str
    subject: str
    channel: str  # "email" | "chat" | "web" | "api" | ...
    status: str
    requester: Requester
    messages: tuple[Message, ...] = ()
    tags: tuple[str, ...] = ()
    group_id: str | None = None
    priority: str | None = None
    external_id: str | None = None

    @property
    def customer_messages(self) -> tuple[Message, ...]:
        """Messages written by the requester, oldest first."""
        return tuple(m for m in self.messages if m.author_role == "end-user")

    @property
    def latest_customer_message(self) -> Message | None:
        """The newest message written by the requester."""
        msgs = self.customer_messages
        return msgs[-1] if msgs else None

    @property
    def spoof_flagged(self) -> bool:
        """True when the help desk doubts the sender of the latest customer message."""
        latest = self.latest_customer_message
        return "potential_message_spoofing" in {t.lower() for t in self.tags} or bool(
            latest and latest.spoof_flagged
        )

    @property
    def agent_replied_publicly(self) -> bool:
        """True once a human agent has posted a public reply on this ticket."""
        return any(m.author_role == "agent" and m.public for m in self.messages)


EventKind = Literal["message", "approve", "discard", "ask_again"]


@dataclass(frozen=True)
class TicketEvent:
    """What a verified webhook delivery asks Deskhand to do; ids only, the rest is re-read."""

    helpdesk: str
    ticket_id: str
    kind: EventKind
    dedupe_key: str
    actor_id: str | None = None  # the agent who applied an approval macro, when known
    received_at: datetime | None = None
    # The requester id the signed delivery named: lets an adapter read identities in parallel with
    # the ticket. Only a hint; the ticket itself says who the requester is.
    requester_hint: str | None = None


WriteKind = Literal["note", "reply", "routing"]


@dataclass(frozen=True)
class HelpDeskWrite:
    """One write to an existing ticket; idempotency_key makes a retry a no-op."""

    kind: WriteKind
    idempotency_key: str
    body: str = ""
    author_id: str | None = None  # post as this agent where the API allows it
    group_id: str | None = None
    queue: str | None = None  # group name, resolved by the adapter when group_id is not configured
    priority: str | None = None  # "low" | "normal" | "high" | "urgent"
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    custom_fields: Mapping[str, str] = field(default_factory=dict)
    # True only when no earlier attempt of this write can have reached the help desk, so the
    # adapter may skip its "already posted?" lookup; the outbox sets it, everyone else leaves it.
    first_attempt: bool = False


@dataclass(frozen=True)
class TaskRequest:
    """A separate handoff ticket linked to the original; external_id makes creation idempotent."""

    external_id: str
    linked_ticket_id: str
    requester_id: str
    subject: str
    body: str  # readable internal note
    group_id: str | None = None
    queue: str | None = None  # group name, resolved by the adapter when group_id is not configured
    priority: str | None = None
    tags: tuple[str, ...] = ()
    custom_fields: Mapping[str, str] = field(default_factory=dict)
    first_attempt: bool = False  # as HelpDeskWrite.first_attempt: skip the "already created?" search


@dataclass(frozen=True)
class WriteReceipt:
    """What the help desk answered for a write: the id it created or found."""

    id: str
    created: bool = True


# --------------------------------------------------------------------------- store records


class Fulfillment(StrEnum):
    """Where an order stands, independent of the store's own status vocabulary."""

    AWAITING_PAYMENT = "awaiting_payment"
    PROCESSING = "processing"  # paid, not yet fulfilled
    ON_HOLD = "on_hold"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    FAILED = "failed"
    UNKNOWN = "unknown"


MatchedBy = Literal["customer_id", "billing_email", "guest_billing_email"]


@dataclass(frozen=True)
class LineItem:
    """One ordered product with its variation attributes (size, colour)."""

    name: str
    quantity: int
    total: Decimal
    sku: str = ""
    product_id: int = 0
    variation_id: int = 0
    attributes: tuple[tuple[str, str], ...] = ()

    def attribute(self, name: str) -> str | None:
        """Value of one variation attribute, matched loosely on its name (pa_size ~ size)."""
        wanted = name.lower().removeprefix("pa_")
        for key, value in self.attributes:
            if key.lower().removeprefix("pa_") == wanted:
                return value
        return None


@dataclass(frozen=True)
class Refund:
    """One refund on an order; amount is positive."""

    id: int
    amount: Decimal
    reason: str = ""


@dataclass(frozen=True)
class Tracking:
    """A shipment tracking entry (Shipment Tracking extension)."""

    number: str
    provider: str = ""
    link: str = ""
    shipped_on: str = ""  # YYYY-MM-DD


@dataclass(frozen=True)
class Order:
    """A WooCommerce order the verified requester owns, with how ownership was established."""

    id: int
    number: str
    status: str  # raw store status, an open set
    fulfillment: Fulfillment
    currency: str
    total: Decimal
    created_at: datetime
    billing_email: str
    matched_by: MatchedBy
    customer_id: int = 0
    modified_at: datetime | None = None
    paid_at: datetime | None = None
    completed_at: datetime | None = None
    shipping_total: Decimal = Decimal("0")
    shipping_method: str = ""
    line_items: tuple[LineItem, ...] = ()
    refunds: tuple[Refund, ...] = ()
    tracking: tuple[Tracking, ...] = ()
    customer_note: str = ""  # untrusted free text

    @property
    def refunded_total(self) -> Decimal:
        """Sum of refunds as a positive amount."""
        return sum((r.amount for r in self.refunds), Decimal("0"))


@dataclass(frozen=True)
class Product:
    """A public catalog product from the Store API."""

    id: int
    name: str
    sku: str
    price: Decimal
    currency: str
    in_stock: bool
    stock_status: str  # instock | outofstock | onbackorder
    permalink: str = ""
    short_description: str = ""  # merchant HTML stripped to text; untrusted
    categories: tuple[str, ...] = ()
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ("Size", ("S", "M"))
    low_stock_remaining: int | None = None
    # Variations that are out of stock, as attribute tuples, when the store exposes them.
    unavailable_variants: tuple[tuple[tuple[str, str], ...], ...] = ()


# --------------------------------------------------------------------------- protocols


class HelpDesk(Protocol):
    """A help desk Deskhand lives in."""

    kind: ClassVar[str]

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> TicketEvent:
        """Verify and parse one delivery; raises ForgedWebhookError or BadWebhookError."""
        ...

    async def check(self) -> None:
        """One cheap authenticated call; raises AuthError when credentials are wrong."""
        ...

    async def get_ticket(self, ticket_id: str, *, requester_hint: str | None = None) -> Ticket:
        """Ticket with requester, verified identities and messages, re-read from the API."""
        ...

    async def post(self, ticket_id: str, write: HelpDeskWrite) -> WriteReceipt:
        """Apply a note, reply or routing change; idempotent on write.idempotency_key."""
        ...

    async def create_task(self, task: TaskRequest) -> WriteReceipt:
        """Create (or find) the linked handoff ticket keyed by task.external_id."""
        ...


class Store(Protocol):
    """A shop whose orders and catalog Deskhand reads (never writes)."""

    kind: ClassVar[str]

    async def check(self) -> None:
        """One cheap authenticated call."""
        ...

    async def orders_for(self, emails: Sequence[str], *, limit: int = 20, focus: Sequence[str] = ()) -> Sequence[Order]:
        """Registered and guest orders whose owner is one of `emails`, newest first.

        `focus`: order numbers the customer typed; shipment tracking is fetched only for the order
        they name (the newest order when they name none), since no answer talks about the others.
        """
        ...

    async def search_products(self, query: str, *, limit: int = 5) -> Sequence[Product]:
        """Public catalog search (Store API, no credentials)."""
        ...
