"""Guards: facts must come from evidence; no commitments; no one else's data; no markup or links."""

from decimal import Decimal

import pytest

from connectors.base import Product
from bot.guards import check_draft
from bot.records import Decision, Evidence, Identity, PolicyClause
from builders import order

ME = Identity(helpdesk_user_id="501", name="Maya", verified_emails=("maya.lindqvist@example.com",),
              all_emails=("maya.lindqvist@example.com",), verified=True)
OPEN = Decision(action="answer", mode="draft", disclose_orders=True)
CLOSED = Decision(action="answer", mode="draft", disclose_orders=False)
SHIRT = Product(id=11, name="Linen Shirt", sku="JO-LS", price=Decimal("59.00"), currency="EUR", in_stock=True,
                stock_status="instock", permalink="https://shop.example.com/p/linen-shirt")
CLAUSE = PolicyClause(id="shipping.1", title="Free shipping", text="Orders over EUR 75 ship free.", policy="shipping", version="v")
EV = Evidence(orders=(order(),), order=order(), order_lookup="found", products=(SHIRT,), clauses=(CLAUSE,))


def trips(text, decision=OPEN, evidence=EV):
    return check_draft(text, evidence=evidence, decision=decision, identity=ME)


def test_grounded_text_passes():
    assert trips("Your order #10482 (placed 2026-11-20) is being prepared. Total EUR 59.00. "
                 "Linen Shirt: EUR 59.00. Orders over EUR 75 ship free.") == ()


@pytest.mark.parametrize("text, needle", [
    ("Your order #10999 has shipped.", "10999"),
    ("Order 55555 is yours", "55555"),
    ("Please write to bob@example.com", "email"),
    ("Your total was EUR 12.00", "amount"),
    ("It will arrive on 2026-12-24", "date"),
    ("I've issued a full refund for you.", "commitment"),
    ("Your refund has been approved.", "commitment"),
    ("We will send you a replacement tomorrow.", "commitment"),
    ("Use discount code SAVE20", "commitment"),
    ("Su reembolso ha sido aprobado", "commitment"),
    ("<script>alert(1)</script>", "markup"),
    ("![x](https://attacker.example/?q=data)", "link"),
    ("see https://evil.example/login", "link"),
    ("tracking RR123456789DE", "tracking"),
])
def test_each_guard_trips(text, needle):
    found = trips(text)
    assert any(needle in t for t in found), found


def test_orders_not_disclosed_when_layer_closed():
    assert any("10482" in t for t in trips("Your order #10482 is being prepared.", decision=CLOSED))


def test_own_email_and_product_link_allowed():
    assert trips("We'll reply to maya.lindqvist@example.com. See https://shop.example.com/p/linen-shirt") == ()


def test_quoted_policy_does_not_whitelist_model_text():
    clause = PolicyClause(id="refunds.1", title="", text="Refunds are approved within 5 days.", policy="refunds", version="v")
    ev = Evidence(clauses=(clause,))
    assert trips("Refunds are approved within 5 days.", evidence=ev) == ()
    assert trips("Refunds are approved within 5 days. Your refund has been approved.", evidence=ev)


def test_overlong_text():
    assert any("too long" in t for t in trips("a " * 3000))
