"""Handoff ticket, schema version 1: everything an agent needs to act without re-asking the customer.

Within v1 only additive, optional changes are allowed; the committed JSON Schema file and an
old example file in the tests keep that promise checked.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = 1
FulfillmentState = Literal[
    "awaiting_payment", "processing", "on_hold", "fulfilled", "cancelled", "refunded", "failed", "unknown"
]
ShipmentStage = Literal["not_dispatched", "dispatched", "delivered", "returned", "cancelled", "unknown"]
Priority = Literal["low", "normal", "high", "urgent"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Money(_Part):
    """An amount as a decimal string plus its ISO 4217 currency code (never a float)."""

    amount: str = Field(pattern=r"^-?\d+(\.\d+)?$", examples=["89.00"])
    currency: str = Field(pattern=r"^[A-Z]{3}$", examples=["EUR"])

    @field_validator("amount", mode="before")
    @classmethod
    def _decimal_as_text(cls, value: Any) -> Any:
        if isinstance(value, float):
            raise ValueError("give money as a string or Decimal, not a float")
        return str(value) if isinstance(value, (Decimal, int)) and not isinstance(value, bool) else value

    @classmethod
    def of(cls, amount: Decimal | str | int, currency: str) -> "Money":
        """Money from a Decimal (or decimal text) and a currency code."""
        return cls(amount=str(amount), currency=currency.upper())


class CustomerIdentity(_Part):
    """Who the requester is and how the bot tied them to store orders."""

    helpdesk: str = Field(description="zendesk | freshdesk")
    helpdesk_user_id: str
    name: str = ""
    verified: bool = Field(description="True only when the help desk verified the email(s) below")
    verified_emails: tuple[str, ...] = ()
    match: Literal["verified_email", "store_login", "none"] = Field(
        description="how the requester was matched to store orders; none = no order lookup was allowed"
    )
    unverified_reason: str | None = None


class TrackingInfo(_Part):
    """One shipment tracking entry."""

    number: str
    provider: str = ""
    link: str = ""
    shipped_on: str = Field("", description="YYYY-MM-DD when known")


class LineItemInfo(_Part):
    """One ordered product with its variation attributes."""

    name: str
    quantity: int = Field(ge=0)
    sku: str = ""
    total: Money | None = None
    attributes: dict[str, str] = Field(default_factory=dict, description="e.g. {\"size\": \"L\"}")


class OrderState(_Part):
    """An order of the verified requester and where it stands."""

    number: str
    woo_status: str = Field(description="raw WooCommerce status, an open set")
    fulfillment: FulfillmentState
    shipment_stage: ShipmentStage = "unknown"
    total: Money
    created_at: AwareDatetime
    completed_at: AwareDatetime | None = None
    matched_by: Literal["customer_id", "billing_email", "guest_billing_email"]
    shipping_method: str = ""
    refunded: Money | None = None
    tracking: tuple[TrackingInfo, ...] = ()
    line_items: tuple[LineItemInfo, ...] = ()


class RequestedChange(_Part):
    """The change the customer asks for, e.g. {"type": "size_change", "from": "L", "to": "M"}."""

    type: str = Field(description="size_change | colour_change | item_change | cancel | return | refund | ...")
    item: str | None = None
    from_: str | None = Field(None, alias="from")
    to: str | None = None
    detail: str = ""


class PolicySnippet(_Part):
    """A policy clause quoted for the agent, pinned to the document version it came from."""

    clause_id: str = Field(examples=["exchanges.2"])
    title: str
    text: str
    policy: str
    version: str = Field(description="short sha256 of the policy document")


class PolicyEvaluation(_Part):
    """Whether the request fits a machine-checkable rule; advice for the agent, never a promise."""

    result: Literal["eligible", "ineligible", "unclear"]
    rule: str
    why: str
    clause_id: str | None = None
    facts: dict[str, str] = Field(default_factory=dict)


class ConversationSummary(_Part):
    """The case in a few lines."""

    problem: str
    facts: tuple[str, ...] = ()
    bot_actions: tuple[str, ...] = Field((), description="what the bot already did or told the customer")
    open_questions: tuple[str, ...] = ()
    next_step: str = ""


class IntentScore(_Part):
    """One intent with the classifier's confidence and whether it was handed off."""

    name: str
    confidence: float = Field(ge=0.0, le=1.0)
    handed_off: bool = False


class RoutingInfo(_Part):
    """Where routing sent the case and the rule that chose it."""

    queue: str
    rule: str
    priority: Priority = "normal"
    group_id: str | None = None
    tags: tuple[str, ...] = ()
    create_task: bool = False
    why: str = ""


class HandoffTicket(_Part):
    """A structured handoff from Deskhand to a human team (schema version 1)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, title="Deskhand handoff ticket v1"
    )

    schema_version: Literal[1] = 1
    run_id: str
    source_helpdesk: str
    source_ticket_id: str
    created_at: AwareDatetime
    channel: str = ""
    language: str = "en"
    customer: CustomerIdentity
    order_numbers: tuple[str, ...] = ()
    orders: tuple[OrderState, ...] = ()
    requested_change: RequestedChange | None = None
    policy: tuple[PolicySnippet, ...] = ()
    evaluation: PolicyEvaluation | None = None
    summary: ConversationSummary
    intents: tuple[IntentScore, ...] = ()
    reasons: tuple[str, ...] = Field((), description="why automation stopped")
    routing: RoutingInfo
    suggested_reply: str = Field("", description="a draft for the agent; never sent without approval")

    @property
    def handed_off_intents(self) -> tuple[str, ...]:
        """Names of the intents a human must decide."""
        return tuple(i.name for i in self.intents if i.handed_off)
