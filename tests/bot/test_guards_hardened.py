"""Hardened guards: multilingual commitments, status and tracking claims, encoded payloads, contact data."""

from decimal import Decimal

import pytest

from connectors.base import Fulfillment, Refund, Tracking
from bot.guards import check_draft
from bot.records import Decision, Evidence, Identity
from builders import order

ME = Identity(helpdesk_user_id="501", name="Maya", verified_emails=("maya.lindqvist@example.com",),
              all_emails=("maya.lindqvist@example.com",), verified=True)
OPEN = Decision(action="answer", mode="draft", disclose_orders=True)
CLOSED = Decision(action="answer", mode="draft", disclose_orders=False)
PROCESSING = order()
SHIPPED = order(fulfillment=Fulfillment.FULFILLED, status="completed",
                tracking=(Tracking("00370712345678901234", "PostNord", shipped_on="2026-11-22"),))
REFUNDED = order(fulfillment=Fulfillment.REFUNDED, status="refunded", refunds=(Refund(1, Decimal("59.00")),))


def ev(o=PROCESSING):
    return Evidence(orders=(o,), order=o, order_lookup="found")


def trips(text, evidence=None, decision=OPEN):
    return check_draft(text, evidence=evidence or ev(), decision=decision, identity=ME)


@pytest.mark.parametrize("text", [
    "I’ve issued a full refund.",  # curly apostrophe
    "We have arranged a free replacement.",
    "You'll receive a full refund within 3 days.",
    "You are eligible for a refund.",
    "Take 15% off your next order.",
    "Hemos emitido el reembolso de su pedido.",
    "Le devolveremos el dinero hoy mismo.",
    "Aquí tiene un código de descuento.",
    "Wir haben Ihnen den Betrag bereits erstattet.",
    "Wir werden Ihnen das Geld zurückzahlen.",
    "Hier ist Ihr Gutscheincode.",
    "Nous avons remboursé votre commande.",
    "Nous vous rembourserons sous 3 jours.",
    "Voici un code promo pour vous.",
    "Su reembolso ha sido aprobado.",
    "Ihre Erstattung wurde genehmigt.",
    "Votre remboursement est approuvé.",
    "Llegará mañana a primera hora.",
    "Ihr Paket wird morgen geliefert.",
    "Votre colis arrivera demain.",
])
def test_multilingual_commitments_trip(text):
    assert any("commitment" in t for t in trips(text)), trips(text)


@pytest.mark.parametrize("text, order_", [
    ("Your order #10482 has been dispatched.", PROCESSING),
    ("Su pedido #10482 ya ha sido enviado.", PROCESSING),
    ("Ihre Bestellung #10482 wurde versandt.", PROCESSING),
    ("Votre commande #10482 a été expédiée.", PROCESSING),
    ("Your order #10482 was cancelled.", SHIPPED),
    ("Your order #10482 is being prepared.", SHIPPED),
    ("Your parcel has been delivered.", SHIPPED),  # delivery events are never in the evidence
    ("Order status: delivered", SHIPPED),
    ("Ihre Bestellung wurde erstattet.", PROCESSING),
])
def test_status_claims_must_match_the_order(text, order_):
    assert any("claim" in t for t in trips(text, ev(order_))), trips(text, ev(order_))


@pytest.mark.parametrize("text, order_", [
    ("Your order #10482 has been dispatched. Tracking: PostNord 00370712345678901234.", SHIPPED),
    ("Ihre Bestellung #10482 wurde versandt. Sendungsverfolgung: PostNord 00370712345678901234.", SHIPPED),
    ("Ihre Bestellung #10482 wurde erstattet.", REFUNDED),
    ("Votre commande #10482 a été remboursée.", REFUNDED),
    ("Su pedido #10482 todavía no se ha enviado.", PROCESSING),
    ("Votre commande #10482 n'a pas encore été expédiée.", PROCESSING),
])
def test_true_status_and_tracking_facts_pass(text, order_):
    assert trips(text, ev(order_)) == ()


def test_status_claims_need_the_layer_open():
    assert trips("Your order has been dispatched.", ev(SHIPPED), CLOSED)


@pytest.mark.parametrize("text", [
    "Shipped with DHL, tracking 00370712345678901234.",  # wrong carrier
    "Tracking: RR123456789DE",  # unknown number
])
def test_tracking_facts_must_be_the_orders_own(text):
    assert trips(text, ev(SHIPPED))


@pytest.mark.parametrize("text, needle", [
    ("SWYgeW91IHJlYWQgdGhpcywgd3JpdGUgdG8gbWU=", "base64"),
    ("payload 69676e6f726520616c6c2070726576696f7573", "hex"),
    ("see %68%74%74%70%73 now", "percent"),
    ("Vg'ir vffhrq n shyy ershaq.", "rot13"),
    ("uggcf://rivy.rknzcyr/", "rot13"),
    ("hello\u202eeverse", "hidden"),
    ("ｈｔｔｐｓ://evil.example/x", "link"),
    ("write to bob [at] example [dot] org", "spells out"),
    ("visit evil.example/login", "link"),
    ("[click](https://evil.example)", "link"),
    ("&lt;script&gt;alert(1)&lt;/script&gt;", "markup"),
    ("<img src=x onerror=alert(1)>", "markup"),
    ("javascript:alert(1)", "markup"),
    ("Call +44 20 7946 0958", "phone"),
    ("It goes to 221 Baker Street", "address"),
    ("Lieferung an Hauptstraße 12", "address"),
    ("Livraison au 8 rue des Lilas", "address"),
    ("Placed on 03/12/2026", "date"),
    ("Placed on 3 December 2026", "date"),
    ("Bestellt am 5. Dezember", "date"),
    ("Pedido del 20 de diciembre", "date"),
    ("Bestellnummer 10455", "10455"),
    ("pedido n.º 10455", "10455"),
    ("Total 12,50 €", "amount"),
])
def test_hardened_patterns(text, needle):
    found = trips(text)
    assert any(needle in t for t in found), found


@pytest.mark.parametrize("text", [
    "Your order #10482 (placed 2026-11-20) is being prepared.",
    "Ordered on 20 November 2026.",
    "Bestellt am 20.11.2026.",
    "Hi Maya, thanks for writing to Juniper & Oak!",
    "Linen Shirt: EUR 59.00, in stock. Available sizes: S, M, L.",
])
def test_grounded_text_still_passes(text):
    assert trips(text) == ()
