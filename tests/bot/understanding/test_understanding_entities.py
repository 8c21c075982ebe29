"""Order numbers, sizes, colours, products and typed emails, in the forms customers write them."""

import pytest

from bot.understanding.entities import extract_entities

ORDER_FORMS = [
    ("where is #10482", ("10482",)),
    ("about order 10482 please", ("10482",)),
    ("order no. 10482 is late", ("10482",)),
    ("Order number: 10482", ("10482",)),
    ("ord. no. 10482", ("10482",)),
    ("Bestellung 10482 ist kaputt", ("10482",)),
    ("Bestellnummer 10482", ("10482",)),
    ("mi pedido nº 10482", ("10482",)),
    ("ma commande n°10482", ("10482",)),
    ("commande n° 10482", ("10482",)),
    ("bestelling 10482", ("10482",)),
    ("wheres my oder?? its been a week. 10482", ("10482",)),  # bare number, order context
    ("I ordered the same thing twice (10619 and 10620)", ("10619", "10620")),
    ("the jacket costs 10482 pesos", ()),  # no order context: a bare number is not an order
    ("call me on 07700 900482 about my order", ()),  # phone number
    ("my order was €104.82", ()),  # a price
    ("I ordered it in 2024", ()),  # a year
]


@pytest.mark.parametrize("text, numbers", ORDER_FORMS)
def test_order_numbers(text, numbers):
    assert extract_entities(text).order_numbers == numbers


SIZES = [
    ("can I get it in XL?", ("XL",)),
    ("size M please", ("M",)),
    ("swap it for a medium", ("M",)),
    ("I need a large instead", ("L",)),
    ("from S to M", ("S", "M")),
    ("is there an xxl", ("XXL",)),
    ("the boots in 39 please", ("EU 39",)),
    ("I'm a 42 in most brands", ("EU 42",)),
    ("je fais du 38,5", ("EU 38.5",)),
    ("pedí el 38 y necesito el 39", ("EU 38", "EU 39")),
    ("usually a UK 12", ("UK 12",)),
    ("I'm 175 cm tall and it costs €40", ()),  # heights and prices are not sizes
    ("I'm happy with it", ()),  # "I'm" is not size M
    ("the box is small", ()),
]


@pytest.mark.parametrize("text, sizes", SIZES)
def test_sizes(text, sizes):
    assert extract_entities(text).sizes == sizes


COLOURS = [
    ("swap sage for black", "en", ("sage", "black")),
    ("in gray please", "en", ("grey",)),
    ("la quiero en negro o azul marino", "es", ("black", "navy")),
    ("lieber in Grün als in Weiß", "de", ("green", "white")),
    ("en bleu marine", "fr", ("navy",)),
    ("de zwarte of de witte", "nl", ("black", "white")),
    ("la robe rose", "fr", ("pink",)),
    ("a rose for my mum", "en", ()),
    ("the stoneware bowls", "en", ()),
]


@pytest.mark.parametrize("text, language, colours", COLOURS)
def test_colours(text, language, colours):
    assert extract_entities(text, language=language).colours == colours


def test_products_are_noun_phrases_as_written():
    e = extract_entities("Is the acacia serving board back? Also the Harbor jacket and the botas Oakridge")
    assert e.products == ("acacia serving board", "Harbor jacket", "botas Oakridge")


def test_sku_is_extracted():
    assert "JO-1042" in extract_entities("the item JO-1042 is broken").products


def test_typed_emails_go_to_emails_only():
    e = extract_entities("my account email is sam.example@example.org, order 12345")
    assert e.emails == ("sam.example@example.org",)
    assert e.order_numbers == ("12345",)  # and nothing of the address leaks into other fields
