"""Small builders for records used across tests (no I/O)."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from connectors.base import EmailIdentity, Fulfillment, LineItem, Message, Order, Requester, Ticket

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def requester(*emails: tuple[str, bool], name: str = "Maya Lindqvist", role: str = "end-user", **kw) -> Requester:
    ids = tuple(EmailIdentity(a, v, primary=(i == 0)) for i, (a, v) in enumerate(emails))
    return Requester(id="501", name=name, emails=ids, role=role, **kw)


def message(body: str, *, role: str = "end-user", public: bool = True, id: str = "c1", spoof: bool = False) -> Message:
    return Message(id=id, author_id="501" if role == "end-user" else "900", author_role=role, body=body,
                   public=public, created_at=T0, spoof_flagged=spoof)


def ticket(*messages: Message, req: Requester | None = None, tags=(), helpdesk: str = "zendesk") -> Ticket:
    return Ticket(helpdesk=helpdesk, id="42", subject="Help", channel="email", status="open",
                  requester=req or requester(("maya.lindqvist@example.com", True)), messages=messages, tags=tags)


def order(number: str = "10482", fulfillment: Fulfillment = Fulfillment.PROCESSING, *, status: str = "processing",
          size: str = "L", total: str = "59.00", **kw) -> Order:
    item = LineItem(name="Linen Shirt", quantity=1, total=Decimal(total), sku="JO-LS-WHT-L",
                    attributes=(("pa_size", size), ("pa_color", "white")))
    return Order(id=int(number), number=number, status=status, fulfillment=fulfillment, currency="EUR",
                 total=Decimal(total), created_at=T0, billing_email="maya.lindqvist@example.com",
                 matched_by="customer_id", customer_id=7, line_items=(item,), **kw)
