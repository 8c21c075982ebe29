"""The rule engine: negation, question cues, vetoes, sentence evidence and the literal prefilter."""

import re

from bot.taxonomy import INTENTS
from bot.understanding.intents import RULES
from bot.understanding.literals import required_literals
from bot.understanding.rules import is_question, match_rules, rule

REFUND = (rule("refund/request", 0.9, r"\bwant\s+(?:a\s+)?refund\b"),)
WATERPROOF = (rule("product/question", 0.9, r"\bwaterproof\b", question=True),)
DAMAGED = (rule("order/damaged", 0.9, r"\bcrushed\b", veto=r"\bfine\b", negatable=False),)


def test_negation_cancels_a_request():
    assert [h.intent for h in match_rules("I want a refund", REFUND)] == ["refund/request"]
    assert match_rules("I don't want a refund, just a new one", REFUND) == []


def test_question_only_rules_need_a_question():
    assert match_rules("is it waterproof?", WATERPROOF)
    assert match_rules("it said waterproof. It leaked.", WATERPROOF) == []


def test_veto_in_the_same_sentence():
    assert match_rules("The box was crushed but the bowls are fine.", DAMAGED) == []
    hits = match_rules("The box was fine. The lid was crushed.", DAMAGED)
    assert [h.evidence for h in hits] == ["The lid was crushed."]


def test_is_question():
    assert is_question("can you help me?")
    assert is_question("also is it lined")
    assert not is_question("I returned it last week.")


def test_required_literals():
    assert required_literals(r"\bcancel(?:led)?\b") == frozenset({"cancel"})
    assert required_literals(r"\b(?:lost|stolen) parcel\b") == frozenset({" parcel"})
    assert required_literals(r"\b(?:a|b)\b") is None  # nothing long enough to be useful


def test_prefilter_never_hides_a_match():
    # For every rule with literals: wherever the pattern matches, one of its literals is present.
    samples = [
        "where's my order 12345", "please cancel it", "my parcel was stolen from the porch",
        "the mug arrived cracked", "can i pay with paypal", "¿dónde está mi pedido?", "wo bleibt meine bestellung",
        "ou est ma commande", "waar is mijn bestelling", "i want to return the coat", "charged twice",
    ]
    for r in RULES:
        if r.literals is None:
            continue
        for text in samples:
            if r.pattern.search(text):
                assert any(lit in text for lit in r.literals), (r.name, text)


def test_every_rule_compiles_to_a_taxonomy_intent():
    assert RULES and all(isinstance(r.pattern, re.Pattern) for r in RULES)
    assert all(r.intent in INTENTS for r in RULES)
    assert {r.intent for r in RULES} == set(INTENTS) - {"other/thanks", "other/unclear"}
