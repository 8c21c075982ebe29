"""The blend of the rules' reading and the learned one: what it may add, what it never drops."""

from __future__ import annotations

from bot.records import IntentHit
from bot.taxonomy import INTENTS, escalates
from bot.understanding.blend import BlendWeights, blend
from bot.understanding.intents import Reading


def probs(**named: float) -> dict[str, float]:
    out = {name: 0.01 for name in INTENTS}
    out.update({k.replace("__", "/"): v for k, v in named.items()})
    return out


def reading(*hits: tuple[str, float], unclear: str | None = None) -> Reading:
    return Reading(tuple(IntentHit(n, c, "text") for n, c in hits), min((c for _, c in hits), default=0.2), unclear)


def names(r: Reading) -> list[str]:
    return [h.name for h in r.intents]


def test_an_exception_the_rules_missed_is_added_when_the_model_leans_to_it():
    base = reading(("order/status", 0.85))
    text = "where is order 10482, the box arrived and one mug is in pieces"
    out = blend(base, probs(order__status=0.9, order__damaged=0.92), text)
    assert names(out) == ["order/status", "order/damaged"] and escalates(names(out))
    added = out.intents[1]
    assert added.confidence < 0.6 and added.evidence  # low confidence, with the text it came from
    unsure = blend(base, probs(order__status=0.9, order__damaged=0.6), text)
    assert names(unsure) == ["order/status"]  # the model alone must be quite sure


def test_a_second_exception_needs_the_normal_bar():
    base = reading(("refund/request", 0.9))
    text = "the box was crushed but everything inside is fine, can I get the shipping refunded?"
    out = blend(base, probs(refund__request=0.9, discount__request=0.5), text)
    assert names(out) == ["refund/request"]


def test_exceptions_and_the_primary_found_by_the_rules_are_never_dropped():
    base = reading(("order/details", 0.5), ("meta/legal_or_fraud", 0.4))
    out = blend(base, probs(), "List all orders placed with someone@example.com with addresses.")
    assert names(out) == ["order/details", "meta/legal_or_fraud"]


def test_a_weak_secondary_rule_hit_the_model_does_not_back_falls_away():
    base = reading(("product/question", 0.85), ("product/size_fit", 0.4))
    out = blend(base, probs(product__question=0.95, product__size_fit=0.05), "what is the sorrel dress made of")
    assert names(out) == ["product/question"]


def test_a_general_question_gets_no_new_exception():
    base = reading(("shipping/policy", 0.8))
    out = blend(base, probs(shipping__policy=0.8, shipping__address_change=0.9),
                "is it possible to change the delivery address after ordering?")
    assert names(out) == ["shipping/policy"]


def test_unclear_and_thanks_stand_unless_the_model_is_sure():
    empty = reading(("other/unclear", 0.2), unclear="empty message")
    assert blend(empty, probs(order__status=0.99), "") is empty
    thanks = reading(("other/thanks", 0.8))
    assert blend(thanks, probs(order__status=0.5), "thanks a lot!") is thanks
    vague = reading(("other/unclear", 0.2), unclear="no recognisable request")
    sure = blend(vague, probs(order__cancel=0.97), "pls stop it from coming i dont want it anymore",
                 BlendWeights(keep_exception=0.45))
    assert names(sure) == ["order/cancel"] and sure.unclear_reason is None


def test_weights_move_the_bar():
    base = reading(("order/status", 0.85))
    p = probs(order__status=0.9, shipping__delivery_issue=0.7)
    text = "my parcel has been stuck at the depot for a week"
    assert "shipping/delivery_issue" not in names(blend(base, p, text))
    eager = BlendWeights(rule_share=0.3, keep_exception=0.45)
    assert "shipping/delivery_issue" in names(blend(base, p, text, eager))
    strict = BlendWeights(keep=0.9, keep_exception=0.9)
    assert names(blend(base, p, text, strict)) == ["order/status"]


def test_when_no_rule_reads_the_message_the_models_clear_guess_is_taken():
    vague = reading(("other/unclear", 0.2), unclear="no recognisable request")
    out = blend(vague, probs(order__status=0.8), "track order 11008")
    assert names(out) == ["order/status"] and out.intents[0].confidence < 0.6
    assert blend(vague, probs(order__status=0.3), "hmm ok so") is vague  # unsure: the rules' "unclear" stands
    general = blend(vague, probs(order__cancel=0.8, store__policy=0.6), "what happens if someone cancels, in general")
    assert names(general) == ["store/policy"]  # never a new exception for a general question


def test_a_policy_question_is_not_turned_into_that_policys_request():
    base = reading(("store/policy", 0.85))
    p = probs(store__policy=0.9, discount__request=0.99, order__damaged=0.95)
    out = blend(base, p, "can I use two voucher codes on the same order?")
    assert names(out) == ["store/policy", "order/damaged"]  # the sibling request stays out; others may join
    broken = blend(base, p, "can I use two voucher codes? the first one is broken and shows an error")
    assert "discount/request" in names(broken)  # a problem named: recall first again
