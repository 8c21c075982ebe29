"""Templates: every language has every key with the same slots, and every rendered text passes the guards."""

from decimal import Decimal

import pytest

from connectors.base import Fulfillment, Product, Refund, Tracking

from bot.guards import check_draft
from bot.pipeline.compose import ComposeConfig, compose
from bot.records import Decision, Evidence, Identity, IntentHit, PolicyClause, RouteChoice, RunContext, Understanding
from bot.templates import LANGUAGES, TEMPLATES, render, slots_of
from builders import message, order, ticket

MAYA = Identity(helpdesk_user_id="501", name="Maya Lindqvist", verified_emails=("maya.lindqvist@example.com",),
                all_emails=("maya.lindqvist@example.com",), verified=True)
OPEN = Decision(action="answer", mode="draft", disclose_orders=True)
SLOTS = dict(name="Maya", store="Juniper & Oak", number="10482", date="2026-11-20", items="1 × Linen Shirt",
             total="EUR 59.00", tracking="PostNord 00370712345678901234", text="Policy text.", product="Linen Shirt",
             price="EUR 59.00", stock="in stock", sizes="S, M, L", queue="exchanges", change="size change")


def test_the_four_store_languages_exist():
    assert set(LANGUAGES) >= {"en", "es", "de", "fr"}


@pytest.mark.parametrize("lang", [lang for lang in TEMPLATES if lang != "en"])
def test_every_language_has_every_key_and_the_same_slots(lang):
    assert set(TEMPLATES[lang]) == set(TEMPLATES["en"])
    for key in TEMPLATES["en"]:
        assert slots_of(lang, key) == slots_of("en", key), key
        assert TEMPLATES[lang][key].strip(), key


@pytest.mark.parametrize("lang", [lang for lang in TEMPLATES if lang != "en"])
def test_translations_are_not_copies_of_english(lang):
    same = {k for k in TEMPLATES["en"] if TEMPLATES[lang][k] == TEMPLATES["en"][k]}
    assert same <= {"policy", "product", "stock.instock"}, same


def test_unknown_language_falls_back_to_english():
    assert render("xx", "closing") == TEMPLATES["en"]["closing"]


def _evidence(state: Fulfillment) -> Evidence:
    o = order(fulfillment=state,
              refunds=(Refund(1, Decimal("59.00")),) if state == Fulfillment.REFUNDED else (),
              tracking=(Tracking("00370712345678901234", "PostNord", shipped_on="2026-11-21"),)
              if state == Fulfillment.FULFILLED else ())
    product = Product(id=101, name="Linen Shirt", sku="JO-LS", price=Decimal("59.00"), currency="EUR",
                      in_stock=True, stock_status="instock")
    return Evidence(orders=(o,), order=o, order_lookup="found", products=(product,))


@pytest.mark.parametrize("lang", TEMPLATES)
@pytest.mark.parametrize("state", list(Fulfillment))
def test_rendered_templates_pass_the_guards_for_the_true_status(lang, state):
    ev = _evidence(state)
    keys = [k for k in TEMPLATES[lang] if not k.startswith("status.")] + [f"status.{state.value}"]
    for key in keys:
        if (key == "refunds" and state != Fulfillment.REFUNDED) or (key == "tracking" and state != Fulfillment.FULFILLED):
            continue
        text = render(lang, key, **SLOTS)
        assert check_draft(text, evidence=ev, decision=OPEN, identity=MAYA) == (), (key, text)


CLAIMS = [Fulfillment.FULFILLED, Fulfillment.CANCELLED, Fulfillment.REFUNDED, Fulfillment.PROCESSING]


@pytest.mark.parametrize("lang", TEMPLATES)
@pytest.mark.parametrize("claimed", CLAIMS)
def test_a_status_sentence_for_the_wrong_status_trips(lang, claimed):
    actual = Fulfillment.ON_HOLD
    text = render(lang, f"status.{claimed.value}", **SLOTS)
    assert check_draft(text, evidence=_evidence(actual), decision=OPEN, identity=MAYA), text


def _context(lang: str, decision: Decision, evidence: Evidence, intents: tuple[str, ...]) -> RunContext:
    und = Understanding(intents=tuple(IntentHit(i, 0.9) for i in intents), language=lang, cleaned_text="...")
    return RunContext(ticket=ticket(message("...")), identity=MAYA, understanding=und, evidence=evidence,
                      decision=decision)


CLAUSE = PolicyClause(id="shipping.1", title="Delivery", text="Orders over EUR 75 ship free within the EU.",
                      policy="shipping", version="v1")


@pytest.mark.parametrize("lang", TEMPLATES)
@pytest.mark.parametrize("intents, state", [
    (("order/status",), Fulfillment.FULFILLED),
    (("order/status", "order/details"), Fulfillment.PROCESSING),
    (("refund/status",), Fulfillment.REFUNDED),
    (("return/status",), Fulfillment.FULFILLED),
    (("product/size_fit",), Fulfillment.PROCESSING),
    (("shipping/policy",), Fulfillment.PROCESSING),
    (("account/help",), Fulfillment.PROCESSING),
])
def test_composed_answers_are_clean_in_every_language(lang, intents, state):
    ev = _evidence(state)
    ev = Evidence(orders=ev.orders, order=ev.order, order_lookup="found", clauses=(CLAUSE,),
                  products=ev.products if intents[0].startswith("product") else ())
    decision = Decision(action="answer", mode="draft", answer_intents=intents, disclose_orders=True)
    comp = compose(_context(lang, decision, ev, intents), ComposeConfig(languages=tuple(TEMPLATES)))
    assert comp.language == lang and comp.guard_trips == (), comp.customer_text


@pytest.mark.parametrize("lang", TEMPLATES)
def test_handoff_and_ask_texts_are_clean_in_every_language(lang):
    route = RouteChoice(rule="r1", queue="exchanges")
    ev = _evidence(Fulfillment.PROCESSING)
    handoff = Decision(action="handoff", mode="draft", handoff_intents=("order/change",), route=route,
                       disclose_orders=True)
    ask = Decision(action="ask", mode="draft")
    for decision in (handoff, ask):
        comp = compose(_context(lang, decision, ev, ("order/change",)), ComposeConfig(languages=tuple(TEMPLATES)))
        assert comp.guard_trips == (), comp.customer_text


def test_language_not_configured_answers_in_english_and_tells_the_agent():
    decision = Decision(action="ask", mode="draft")
    comp = compose(_context("de", decision, Evidence(), ("other/unclear",)), ComposeConfig(languages=("en",)))
    assert comp.language == "en" and "customer wrote in 'de'" in comp.note_text
