"""decide: table tests over every intent and the order states that matter, plus adversarial cases."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.pipeline.decide import DecideConfig, decide
from bot.policies import load_policies
from bot.records import Entities, Evidence, Identity, IntentHit, PolicyClause, Understanding
from bot.routing import load_routing, parse_routing
from bot.taxonomy import INTENT_NAMES, INTENTS
from connectors.base import Fulfillment, LineItem, Order, Product

ROOT = Path(__file__).resolve().parents[3]
BOOK = load_policies(ROOT / "config" / "policies")
ROUTING_TEXT = (ROOT / "config" / "routing.toml").read_text(encoding="utf-8")
CONFIG = DecideConfig(routing=load_routing(ROOT / "config" / "routing.toml"), policies=BOOK)
TODAY = date(2024, 10, 20)

VERIFIED = Identity("u-41", "Robin", ("robin@example.com",), ("robin@example.com",), True)
UNVERIFIED = Identity("u-42", "Robin", (), ("robin@example.com",), False, unverified_reason="no verified email")
PRODUCT = Product(7, "Fern Midi Dress", "FMD", Decimal("95.00"), "EUR", True, "instock")


def make_order(fulfillment=Fulfillment.PROCESSING, number="40712", oid=712, completed=None):
    return Order(
        id=oid, number=number, status=fulfillment.value.replace("_", "-"), fulfillment=fulfillment, currency="EUR",
        total=Decimal("95.00"), created_at=datetime(2024, 10, 15, 8, tzinfo=timezone.utc),
        completed_at=datetime(completed.year, completed.month, completed.day, tzinfo=timezone.utc) if completed else None,
        billing_email="robin@example.com", matched_by="billing_email",
        line_items=(LineItem("Fern Midi Dress", 1, Decimal("95.00"), sku="FMD-S", attributes=(("pa_size", "S"),)),),
    )


ORDERS = {
    "processing": make_order(Fulfillment.PROCESSING),
    "fulfilled": make_order(Fulfillment.FULFILLED, completed=date(2024, 10, 17)),
    "unknown": replace(make_order(Fulfillment.UNKNOWN), status="partially-shipped"),
}


def clauses_for(*docs: str) -> tuple[PolicyClause, ...]:
    return tuple(c for c in BOOK.clauses.values() if c.policy in docs)


ALL_CLAUSES = tuple(BOOK.clauses.values())


def evidence(state: str, **over) -> Evidence:
    """Evidence as retrieve would build it for a verified requester in a given order state."""
    if state == "none":
        base = Evidence(order_lookup="no_orders", products=(PRODUCT,), clauses=ALL_CLAUSES)
    else:
        o = ORDERS[state]
        base = Evidence(orders=(o,), order=o, order_lookup="found", products=(PRODUCT,), clauses=ALL_CLAUSES)
    return replace(base, **over)


def understand(*intents, confidence=0.9, language="en", sentiment="neutral", **entities) -> Understanding:
    return Understanding(
        intents=tuple(IntentHit(i, confidence) for i in intents), entities=Entities(**entities),
        language=language, sentiment=sentiment, confidence=confidence,
    )


def run(identity, u, ev, config=CONFIG, today=TODAY, channel="email"):
    return decide(identity, u, ev, config, today=today, channel=channel)


def config_with(**autonomy: str) -> DecideConfig:
    """The sample config with some intents' autonomy changed, bypassing the validator on purpose."""
    data = tomllib.loads(ROUTING_TEXT)
    data["autonomy"]["intents"].update({k.replace("__", "/"): v for k, v in autonomy.items()})
    return DecideConfig(routing=parse_routing(data), policies=BOOK)


# ------------------------------------------------------------------ every intent x order state

STATES = ("processing", "fulfilled", "unknown", "none")
ORDER_INTENTS = ("order/status", "order/details", "refund/status", "return/status")
AUTO = {"product/question", "product/availability", "shipping/policy"}  # sample autonomy


def expected(intent: str, state: str) -> tuple[str, str]:
    """(action, reason fragment) the design asks for, written from the taxonomy table."""
    cls = INTENTS[intent].answer_class
    if cls in ("exception", "escalation"):
        return "handoff", "at once" if cls == "escalation" else "needs a human"
    if intent == "other/thanks":
        return "ignore", "nothing to answer"
    if intent == "other/unclear":
        return "ask", "clarifying question"
    if intent in ORDER_INTENTS and state == "unknown":
        return "handoff", "unknown order status"
    if intent in ORDER_INTENTS and state == "none":
        return "handoff", "no orders found"
    return ("answer" if intent in AUTO else "draft"), ""


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("intent", INTENT_NAMES)
def test_every_intent_in_every_order_state(intent, state):
    d = run(VERIFIED, understand(intent), evidence(state))
    action, why = expected(intent, state)
    assert d.action == action
    assert why in " | ".join(d.reasons)
    if action == "handoff":
        assert d.handoff_intents == (intent,) and d.mode == "draft"
    if action in ("answer", "draft"):
        assert d.answer_intents == (intent,) and d.handoff_intents == ()
    assert (d.route is None) is (action == "ignore")
    assert (d.mode == "auto") is (action == "answer")
    changes = intent in ("order/change", "order/cancel", "return/request", "refund/request",
                         "shipping/address_change", "order/damaged", "order/wrong_item")
    assert (d.evaluation is not None) is changes and (d.change is not None) is changes
    if intent == "meta/legal_or_fraud":
        assert d.answer_intents == () and not d.disclose_orders
    if intent in ORDER_INTENTS and state in ("processing", "fulfilled"):
        assert d.disclose_orders


@pytest.mark.parametrize("intent", ORDER_INTENTS + ("order/change", "order/cancel"))
def test_unverified_requester_gets_no_order_data(intent):
    ev = Evidence(order_lookup="unverified", clauses=ALL_CLAUSES)
    d = run(UNVERIFIED, understand(intent), ev)
    assert d.action == "handoff" and intent in d.handoff_intents
    assert not d.disclose_orders
    if intent in ORDER_INTENTS:
        assert d.reasons[0].startswith("identity not verified")
    else:
        assert d.evaluation.result == "unclear" and d.evaluation.why == "no verified order to check against"
        assert dict(d.evaluation.facts).keys() == {"today"}


def test_unverified_identity_never_opens_orders_even_if_evidence_has_them():
    d = run(UNVERIFIED, understand("order/status"), evidence("processing"))
    assert d.action == "handoff" and not d.disclose_orders
    assert d.route.rule == "order-help"
    assert run(None, understand("order/status"), evidence("processing")).disclose_orders is False


def test_someone_elses_order_number_looks_exactly_like_a_missing_one():
    own = make_order(Fulfillment.PROCESSING)
    foreign = make_order(Fulfillment.FULFILLED, number="40999", oid=999)
    u = understand("order/status", order_numbers=("40999",))
    missing = run(VERIFIED, u, Evidence(orders=(own,), order=None, order_lookup="not_found"))
    # A faulty retriever that hands over another customer's order must not leak it.
    leaked = run(VERIFIED, u, Evidence(orders=(own,), order=foreign, order_lookup="found"))
    no_orders = run(VERIFIED, u, Evidence(order_lookup="no_orders"))
    assert missing == leaked == no_orders
    assert missing.action == "handoff" and not missing.disclose_orders
    assert missing.reasons == ("order not found among the requester's own orders (order/status)",)


def test_where_is_my_order_and_can_i_change_the_size():
    u = understand("order/status", "order/change", order_numbers=("40712",), sizes=("M",), products=("fern dress",))
    d = run(VERIFIED, u, evidence("processing"))
    assert d.action == "handoff" and d.mode == "draft"
    assert d.answer_intents == ("order/status",) and d.handoff_intents == ("order/change",)
    assert d.disclose_orders
    assert d.reasons == ("order/change needs a human: changes fulfillment",)
    assert (d.change.type, d.change.item, d.change.from_value, d.change.to_value) == (
        "size_change", "Fern Midi Dress", "S", "M")
    assert (d.evaluation.result, d.evaluation.clause_id) == ("eligible", "exchanges.2")
    assert (d.route.queue, d.route.create_task, d.route.rule) == ("exchanges", True, "order-change")


def test_same_question_after_dispatch_is_ineligible_but_still_answers_the_status():
    u = understand("order/status", "order/change", sizes=("M",))
    d = run(VERIFIED, u, evidence("fulfilled"))
    assert d.answer_intents == ("order/status",) and d.evaluation.result == "ineligible"


def test_unknown_status_with_a_change_hands_everything_off():
    d = run(VERIFIED, understand("order/status", "order/cancel"), evidence("unknown"))
    assert d.handoff_intents == ("order/status", "order/cancel") and d.answer_intents == ()
    assert "unknown order status (order/status)" in d.reasons
    assert d.evaluation.result == "unclear" and d.route.queue == "cancellations"


def test_escalation_hands_off_but_safe_parts_are_still_answered():
    d = run(VERIFIED, understand("account/privacy", "order/status"), evidence("processing"))
    assert d.action == "handoff"
    assert d.handoff_intents == ("account/privacy",) and d.answer_intents == ("order/status",)
    assert d.reasons == ("account/privacy needs a human at once: sensitive request",)
    assert d.route.queue == "privacy"


def test_legal_or_fraud_gets_no_draft_of_substance():
    u = understand("order/details", "meta/legal_or_fraud", "product/question", order_numbers=("40712",))
    d = run(VERIFIED, u, evidence("processing"))
    assert d.action == "handoff" and d.answer_intents == () and not d.disclose_orders
    assert d.handoff_intents == ("meta/legal_or_fraud",)
    assert d.route.queue == "escalations" and d.route.priority == "urgent"


# ------------------------------------------------------------------ confidence, unclear, thanks


def test_low_confidence_asks_one_question():
    d = run(VERIFIED, understand("product/question", confidence=0.3), evidence("none"))
    assert d.action == "ask" and d.answer_intents == () and d.handoff_intents == ()
    assert d.reasons[0] == "low confidence (0.30 < 0.50)"
    assert d.route is not None


def test_low_confidence_with_an_exception_hands_off_and_answers_nothing():
    d = run(VERIFIED, understand("order/status", "refund/request", confidence=0.3), evidence("fulfilled"))
    assert d.action == "handoff" and d.answer_intents == () and d.handoff_intents == ("refund/request",)
    assert any(r.startswith("low confidence") for r in d.reasons)


def test_low_confidence_on_one_safe_part_drops_only_that_part():
    u = Understanding(intents=(IntentHit("shipping/policy", 0.9), IntentHit("product/question", 0.2)),
                      confidence=0.8)
    d = run(VERIFIED, u, evidence("none"))
    assert d.answer_intents == ("shipping/policy",)
    assert "product/question below the confidence threshold (0.20)" in d.reasons


@pytest.mark.parametrize(
    ("intents", "action"),
    [
        ((), "ask"),
        (("other/unclear",), "ask"),
        (("other/thanks", "other/unclear"), "ask"),
        (("made/up",), "ask"),
        (("other/thanks",), "ignore"),
        (("other/thanks", "order/status"), "draft"),
        (("other/unclear", "shipping/policy"), "answer"),
    ],
)
def test_unclear_and_thanks(intents, action):
    d = run(VERIFIED, understand(*intents), evidence("processing"))
    assert d.action == action
    assert "other/thanks" not in d.answer_intents


def test_unknown_intent_is_named_in_reasons():
    d = run(VERIFIED, understand("made/up"), evidence("none"))
    assert d.reasons[0] == "unknown intent 'made/up' treated as unclear"


# ------------------------------------------------------------------ missing facts


@pytest.mark.parametrize("intent", ["shipping/policy", "return/policy", "store/policy"])
def test_missing_policy_content_hands_off(intent):
    d = run(VERIFIED, understand(intent), evidence("none", clauses=()))
    assert d.action == "handoff" and d.reasons == (f"missing policy content ({intent})",)


def test_clauses_from_the_wrong_document_do_not_count():
    d = run(VERIFIED, understand("shipping/policy"), evidence("none", clauses=clauses_for("privacy")))
    assert d.reasons == ("missing policy content (shipping/policy)",)
    fake = PolicyClause("shipping.77", "Free everything", "All free.", "shipping", "x")
    d = run(VERIFIED, understand("shipping/policy"), evidence("none", clauses=(fake,)))
    assert d.action == "handoff", "a clause that is not in the policy book is not policy content"


def test_upstream_unavailable_for_orders():
    ev = Evidence(order_lookup="unavailable", failures=("store: ServerError",), clauses=ALL_CLAUSES)
    d = run(VERIFIED, understand("order/status", "shipping/policy"), ev)
    assert d.action == "handoff" and d.handoff_intents == ("order/status",)
    assert d.answer_intents == ("shipping/policy",)
    assert d.reasons == ("upstream unavailable: store: ServerError (order/status)",)
    assert not d.disclose_orders


def test_upstream_unavailable_for_catalog_and_policies():
    ev = Evidence(failures=("catalog: TimeoutError",))
    d = run(VERIFIED, understand("product/availability", "return/policy"), ev)
    assert d.handoff_intents == ("product/availability", "return/policy")
    assert all(r.startswith("upstream unavailable: catalog: TimeoutError") for r in d.reasons)


def test_no_product_match_hands_off():
    d = run(VERIFIED, understand("product/question"), evidence("none", products=()))
    assert d.action == "handoff" and d.reasons == ("no product match (product/question)",)


def test_several_orders_and_none_named_is_ambiguous():
    a, b = make_order(number="1", oid=1), make_order(number="2", oid=2)
    d = run(VERIFIED, understand("order/status"), Evidence(orders=(a, b), order_lookup="none_referenced"))
    assert d.reasons == ("ambiguous order: several orders and none named (order/status)",)


def test_missing_eligibility_clause_is_unclear_not_a_crash():
    cfg = replace(CONFIG, eligibility=CONFIG.rules.model_copy(update={"clauses": {"cancel": "cancellations.99"}}))
    d = run(VERIFIED, understand("order/cancel"), evidence("processing"))
    assert d.evaluation.result == "eligible"
    d = run(VERIFIED, understand("order/cancel"), evidence("processing"), config=cfg)
    assert d.evaluation.result == "unclear" and d.evaluation.why == "policy clause cancellations.99 missing"


# ------------------------------------------------------------------ autonomy


def test_customer_risk_auto_needs_a_verified_requester_and_an_own_order():
    cfg = config_with(order__status="auto")
    assert run(VERIFIED, understand("order/status"), evidence("processing"), config=cfg).action == "answer"
    d = run(UNVERIFIED, understand("order/status"), Evidence(order_lookup="unverified"), config=cfg)
    assert d.action == "handoff" and d.mode == "draft"


def test_auto_is_withheld_outside_auto_languages():
    d = run(VERIFIED, understand("shipping/policy", language="de"), evidence("none"))
    assert d.action == "draft" and d.mode == "draft"
    assert d.reasons == ("auto-send withheld: language 'de' is reviewed before sending",)


def test_auto_needs_every_answered_intent_to_be_auto():
    d = run(VERIFIED, understand("shipping/policy", "return/policy"), evidence("none"))
    assert d.action == "draft" and d.answer_intents == ("shipping/policy", "return/policy")


def test_config_that_slipped_past_the_validator_still_cannot_auto_send_an_exception():
    cfg = config_with(refund__request="auto", meta__legal_or_fraud="auto")
    for intent in ("refund/request", "meta/legal_or_fraud"):
        d = run(VERIFIED, understand(intent), evidence("fulfilled"), config=cfg)
        assert d.action == "handoff" and d.mode == "draft"


def test_observe_records_only():
    cfg = config_with(product__size_fit="observe")
    d = run(VERIFIED, understand("product/size_fit"), evidence("none"), config=cfg)
    assert (d.action, d.mode, d.answer_intents) == ("observe", "observe", ("product/size_fit",))
    d = run(VERIFIED, understand("product/size_fit", "order/change"), evidence("processing"), config=cfg)
    assert d.action == "handoff" and d.mode == "draft" and d.answer_intents == ()
    assert "observe mode, recorded only: product/size_fit" in d.reasons


def test_unsupported_language_is_drafted_in_english_for_review():
    d = run(VERIFIED, understand("shipping/policy", language="pl"), evidence("none"))
    assert d.action == "draft" and d.mode == "draft" and d.answer_intents == ("shipping/policy",)
    assert d.reasons[0] == "language 'pl' is not a store language: drafted in English for review"


# ------------------------------------------------------------------ routing and purity


def test_route_uses_verified_order_facts_and_customer_tags():
    big = replace(make_order(Fulfillment.FULFILLED, completed=date(2024, 10, 17)), total=Decimal("320.00"))
    vip = replace(VERIFIED, customer_tags=("vip",))
    u = understand("refund/request", sentiment="angry")
    d = run(vip, u, Evidence(orders=(big,), order=big, order_lookup="found"), channel="chat")
    assert (d.route.rule, d.route.priority) == ("large-return-or-refund", "urgent")
    assert "vip" in d.route.tags and "angry-customer" in d.route.tags
    # Without a verified order the total is unknown, so the large-order rule cannot fire.
    d = run(UNVERIFIED, u, Evidence(order_lookup="unverified"))
    assert d.route.rule == "return-or-refund"


def test_decide_is_pure_and_uses_only_the_given_date():
    u = understand("return/request")
    ev = evidence("fulfilled")
    first = run(VERIFIED, u, ev)
    assert run(VERIFIED, u, ev) == first
    assert first.evaluation.result == "eligible"
    later = run(VERIFIED, u, ev, today=date(2024, 12, 1))
    assert later.evaluation.result == "ineligible"


# ------------------------------------------------------------------ invariants under random input

_identity = st.sampled_from([VERIFIED, UNVERIFIED, None])
_evidence = st.builds(
    Evidence,
    orders=st.sampled_from([(), (ORDERS["processing"],), (ORDERS["unknown"], ORDERS["fulfilled"])]),
    order=st.sampled_from([None, ORDERS["processing"], ORDERS["fulfilled"], make_order(number="9", oid=9)]),
    order_lookup=st.sampled_from(["found", "not_found", "none_referenced", "unverified", "unavailable", "no_orders"]),
    products=st.sampled_from([(), (PRODUCT,)]),
    clauses=st.sampled_from([(), ALL_CLAUSES]),
    failures=st.sampled_from([(), ("store: ServerError",)]),
)
_understanding = st.builds(
    Understanding,
    intents=st.lists(st.sampled_from(INTENT_NAMES + ("made/up",)), max_size=4).map(
        lambda names: tuple(IntentHit(n, 0.9) for n in names)),
    language=st.sampled_from(["en", "de", "pl"]),
    sentiment=st.sampled_from(["neutral", "angry"]),
    confidence=st.floats(0, 1),
)
_config = st.sampled_from([CONFIG, config_with(order__status="auto", refund__request="auto")])


@settings(max_examples=300, deadline=None)
@given(_identity, _understanding, _evidence, _config)
def test_invariants_hold_for_any_input(identity, u, ev, cfg):
    d = run(identity, u, ev, config=cfg)
    names = set(u.intent_names)
    escalating = {n for n in names if n in INTENTS and INTENTS[n].escalates}
    assert escalating <= set(d.handoff_intents)
    assert not set(d.answer_intents) & set(d.handoff_intents)
    if escalating:
        assert d.action == "handoff" and d.mode != "auto"
    if "meta/legal_or_fraud" in names:
        assert d.answer_intents == () and not d.disclose_orders
    if d.disclose_orders:
        assert identity is not None and identity.verified
    if d.mode == "auto":
        assert d.action == "answer" and not d.handoff_intents
        assert all(INTENTS[n].risk in ("public", "customer") for n in d.answer_intents)
    if d.action == "answer":
        assert d.mode == "auto"
    assert (d.route is None) is (d.action == "ignore")
