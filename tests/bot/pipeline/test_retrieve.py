"""retrieve: typed order numbers resolve only among own orders; product matches are narrowed."""

from decimal import Decimal

from connectors.base import Product
from bot.pipeline.retrieve import narrow, resolve_order
from bot.records import Entities, Understanding
from builders import order


def product(id, name):
    return Product(id=id, name=name, sku=str(id), price=Decimal("1"), currency="EUR", in_stock=True, stock_status="instock")


def test_typed_number_resolves_only_among_own_orders():
    mine = (order("10482"), order("10431"))
    assert resolve_order(mine, ["#10431"])[0].number == "10431"
    assert resolve_order(mine, ["10455"]) == (None, "not_found")  # someone else's: same as missing
    assert resolve_order(mine, ["99999"]) == (None, "not_found")
    assert resolve_order(mine, [])[0].number == "10482"  # newest when none typed
    assert resolve_order((), []) == (None, "no_orders")


def test_narrow_keeps_products_named_by_the_customer():
    found = [product(1, "Linen Shirt"), product(2, "Linen Napkins (Set of 4)"), product(3, "Linen Duvet Cover")]
    u = Understanding(intents=(), entities=Entities(products=("linen shirt",)))
    assert [p.id for p in narrow(found, u)] == [1]
    vague = Understanding(intents=(), entities=Entities(products=("something linen-ish",)))
    assert [p.id for p in narrow(found, vague)] == [1, 2, 3]
