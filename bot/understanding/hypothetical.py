"""Exception cues inside a hypothetical or general question become the matching policy question."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.taxonomy import INTENTS
from bot.understanding.rules import Hit
from bot.understanding.text import enclosing, sentence_spans

# Which policy answers "what if ..." about each exception.
POLICY_FOR = {
    "order/cancel": "store/policy",
    "shipping/address_change": "shipping/policy",
    "shipping/delivery_issue": "shipping/policy",
    "order/change": "return/policy",
    "order/damaged": "return/policy",
    "order/wrong_item": "return/policy",
    "return/request": "return/policy",
    "refund/request": "return/policy",
    "billing/payment_issue": "store/policy",
    "discount/request": "store/policy",
}
# Said this way, the sentence is about the rules, whoever's order it mentions.
_STRONG = re.compile(
    r"\bwhat happens (?:if|when)\b|\bwhat if\b|\bin general\b|\bgenerally\b|\bhypothetically\b|\bjust so i know\b|"
    r"\bfor (?:future reference|later)\b|\bbefore i (?:order|buy|place|purchase)\b|\bin case\b|"
    r"\b(?:thinking (?:about|of)|considering|trying to decide (?:whether|if) to) (?:get|getting|buy|buying|order|ordering)\b|"
    r"\b(?:with|from|at) (?:an)?other (?:shop|store|company|retailer|website)\b"
    r"|^\W*(?:are|is|would|will|do|does)\b[^.?!]{0,60}\b(?:covered by|under) (?:your|the) (?:\w+ )?(?:policy|warranty)\b"
    r"|\bi'?m considering (?:a few|some|a couple|buying|getting|ordering)\b|\bdon'?t want to (?:get|be) stuck with\b"
    r"|\bhaven'?t (?:decided|made up my mind)\b|\bnot (?:decided|sure) yet\b|\bundecided\b"
    r"|\bjust asking about\b|\babout the policy\b|\bas a rule\b|\bnot (?:ordering|returning anything) yet\b"

    r"|^\W*(?:\w+,\s*)?if (?:something|an item|a product|anything|items|things|a parcel|an order) (?:is|was|were|gets|got|has been|had been|arrives)\b"
)
# Said this way, it is about the rules only when nothing points at the customer's own order
# ("is it possible to add a mug to order 17415?" is a request).
_WEAK = re.compile(r"^\W*(?:\w+,\s*)?(?:if(?! it'?s (?:ok|okay|alright|all right|fine)\b)(?! (?:it|the order|my order|the parcel|that) (?:hasn'?t|has not|hasnt|isn'?t|is not) (?:gone|been sent|been shipped|shipped|left|been dispatched|dispatched|out)\b)(?! (?:it'?s )?(?:not too late|still possible|possible)\b)|what if|do you|does your|how much (?:does|would|will|is) it(?: cost)?)\b|\bparcels (?:be )?delivered to\b|\bis it possible to\b"
                   # "can I swap a tent for a bigger one?": an indefinite thing, no order of theirs in sight
                   r"|^\W*(?:\w+,\s*)?(?:can|could|may) (?:i|we|you) (?:swap|exchange|change|switch|trade) (?:a|an|any)\b"
                   r"|\b(?:can|could) (?:i|we) (?:have|get) (?:the |my )?(?:stuff|things|items|orders?|parcels?|packages?|deliveries) (?:delivered|sent) to an?\b")
# Nothing bought yet: whatever is asked is asked about the rules.
_NOT_YET_BOUGHT = re.compile(r"\bif\b[^.?!]{0,40}\b(?:goes|go|went|gets|is|are)\s+(?:on sale|reduced|cheaper|down in price)\b|\bif (?:the )?price (?:drops|goes down|is reduced)\b|\b(?:asking |just checking )?before i (?:order|buy|place|purchase|check out)\b|\bhaven'?t (?:ordered|bought) (?:yet|anything)\b")
_PRICE_TALK = re.compile(r"\b(?:the )?(?:price )?difference\b|\bprice (?:drop|drops|goes down|went down)\b|\bgoes on sale\b|\bprice[- ]?match")
# Anywhere in the message, these say the customer is only asking about the rules.
_ABOUT_POLICY = re.compile(r"\bhaven'?t (?:ordered|bought|placed (?:an|the|my) order)(?: (?:it|anything|them))? yet\b|\bjust asking about the policy\b|\bi'?m not asking for (?:one|it|that|a \w+) (?:right )?now\b|\bnot ordering yet\b")
_PERSONAL = re.compile(
    r"#?\b\d{4,}\b|\bmy (?:order|parcel|package|delivery|refund|item|purchase)\b|\bi (?:ordered|received|bought|got|paid)\b|\bmine\b"
)


# "Do you have a student discount?", "can both go on one order?": how a scheme works, not a request for one.
_SCHEME_QUESTION = re.compile(
    r"\b(?:do|does|would|will) (?:you|u|your (?:shop|store|company|site))(?: guys)? (?:have|offer|do|give|run|provide)\b[^.?!]{0,30}"
    r"\b(?:student|trade|teacher|nhs|military|senior|pensioner|business|charity|staff|key ?worker|blue light|loyalty|wholesale|corporate|"
    r"multi-?buy|bulk|first[- ]time|first order|birthday|group|volume|quantity)s?\b"
    r"|\bcan (?:i|we|you) (?:use|combine|stack|put)\b[^.?!]{0,30}\b(?:two|2|multiple|both|more than one|several)\b[^.?!]{0,20}\b(?:codes?|coupons?|vouchers?|discounts?)\b"
    r"|\bcan (?:both|they both|the two) (?:go|be used|be combined|be applied)\b"
    # "how do price adjustments work?", "can I use my student discount on top of sale prices?",
    # "is student discount a permanent thing?"
    r"|\bhow (?:do|does)\s+(?:your\s+|the\s+)?(?:price adjustments?|price match(?:ing|es)?|discounts?|student discounts?|promo codes?|vouchers?|coupons?|loyalty points?)\s+(?:thing\s+|scheme\s+|system\s+|programme\s+|program\s+|promise\s+)?work\b"
    r"|\bcan (?:i|we|you) (?:use|combine|stack|put|apply)\s+(?:my\s+|a\s+|the\s+)?(?:\w+\s+)?(?:discount|code|voucher|coupon)\s+(?:on top of|with|on|against)\s+(?:the\s+)?(?:sale|sale prices|reduced|offers?|promotions?|clearance)\b"
    r"|\bis (?:the |your )?(?:\w+ )?discount (?:a )?(?:permanent|always|only|ongoing|year[- ]round|still)\b"
    r"|\bif i (?:find|see|found|saw|spot) (?:it|them|the [\w ]{1,30}?|something|an item) cheaper\b[^.?!]{0,40}\b(?:would|will|do|can) (?:you|u)\b"
)
# ... unless the customer is buying now and asks it for this purchase.
_BUYING_NOW = re.compile(
    r"\bi'?m (?:ordering|buying|getting|about to (?:order|buy))\b|\b(?:this|my|the|next|our) (?:\w+ )?(?:order|basket|cart|purchase)\b(?! (?:as a rule|in general))|\bsomething off\b|"
    r"\bi (?:want|would like|'d like) to (?:order|buy)\b|\bcan i (?:get|have)\b|\bfor me\b|#?\b\d{4,}\b|\bany chance\b"
    # asking for codes themselves ("any discount codes for students?") wants one, whatever the scheme
    r"|\b(?:any|some)\s+(?:\w+\s+)?(?:discount|promo|voucher|coupon)\s+codes?\b"
    r"|\b(?:could|would|can) (?:really |definitely |certainly )?(?:use|do with) (?:one|it|that)\b"
    r"|\bi'?d (?:love|really like) (?:the|a|to (?:get|buy|order))\b|\b(?:beyond|over|out of) my budget\b|\bcan'?t (?:quite )?afford\b"
)


def scheme_question(folded: str) -> bool:
    """The message asks whether or how a discount scheme works, with no purchase it wants it for."""
    return bool(_SCHEME_QUESTION.search(folded)) and not _BUYING_NOW.search(folded)


_ASIDE = re.compile(r"\bi'?m not asking (?:to|for)\b|\bjust (?:curious|wondering)\b|\bnot (?:complaining|saying (?:anything|it'?s))\b|\bjust want(?:ed)? to know\b|\b(?:can|could|do|will|are|would) (?:parcels|orders|deliveries) (?:be )?delivered\b|\b(?:parcels|orders|deliveries) be delivered\b")


def sounds_general(folded: str) -> bool:
    """The whole message reads as a question about the rules rather than a request about an order."""
    return bool(_STRONG.search(folded) or _ABOUT_POLICY.search(folded) or _ASIDE.search(folded) or scheme_question(folded))


def general_questions(hits: list[Hit], folded: str, set_aside: set[str] | None = None) -> list[Hit]:
    """Hits of exception intents in a general or hypothetical sentence, relabelled as the policy they ask about.

    When that sentence is (nearly) the whole message, the exception is also added to `set_aside`: no model
    may bring back a request the message only asks about.
    """
    spans = sentence_spans(folded)
    out: list[Hit] = []
    for hit in hits:
        if hit.intent == "return/policy" and _PRICE_TALK.search(folded) and _NOT_YET_BOUGHT.search(folded):
            hit = replace(hit, intent="store/policy")  # "if it goes on sale, do you refund the difference?"
        policy = POLICY_FOR.get(hit.intent)
        if policy is not None and INTENTS[hit.intent].escalates:
            start, end = enclosing(spans, hit.start)
            sentence = folded[start:max(end, hit.end)]
            before = [s for s in spans if s[1] <= start]
            lead = folded[before[-1][0]:before[-1][1]] if before else ""  # "before I order, what if ...? can I swap it?"
            number = re.search(r"#?\b\d{4,}\b", sentence)
            strong = _STRONG.search(sentence) or _STRONG.search(lead) or _ABOUT_POLICY.search(folded)
            if hit.intent == "discount/request":  # "cheaper at another shop, will you match it?" is a request
                strong = _ABOUT_POLICY.search(folded) or re.search(r"\bas a rule\b|\bjust asking about\b", folded) \
                    or (_SCHEME_QUESTION.search(sentence) and scheme_question(folded)) \
                    or _NOT_YET_BOUGHT.search(folded)
            weak = _WEAK.search(sentence) and not _PERSONAL.search(folded) and hit.intent != "discount/request"
            if (strong and not number) or weak:
                if set_aside is not None and len(sentence.strip()) >= 0.6 * len(folded.strip()):
                    set_aside.add(hit.intent)
                # "do you refund the difference if it goes on sale?" is the price policy, not the returns one
                hit = replace(hit, intent="store/policy" if _PRICE_TALK.search(sentence) else policy)
        out.append(hit)
    return out


# "Last spring a carafe arrived in pieces and you sorted it quickly": a past episode, closed, told as
# background to today's question. Its problem words are not today's problem.
_PAST_EPISODE = re.compile(
    r"\b(?:last (?:time|week|year|spring|summer|autumn|fall|winter|month|christmas|order)|previously|once before|"
    r"in the past|a while (?:back|ago)|(?:a|one|two|three|a few|several) (?:years?|months?) ago|the other time|"
    r"back in (?:january|february|march|april|may|june|july|august|september|october|november|december|\d{4}))\b")
_CLOSED = re.compile(
    r"\b(?:you|they|your (?:team|colleague|staff))\s+(?:\w+\s+)?(?:sorted|resolved|fixed|refunded|replaced|dealt with|"
    r"handled|took care of|were (?:great|brilliant|quick|lovely|fantastic|very helpful))\b|\bno complaints\b|"
    r"\bthanks? (?:you )?(?:so much |again )?for (?:sorting|handling|processing|dealing with|fixing|resolving|issuing|the quick|being so (?:quick|fast|prompt|helpful))\b|"
    r"\ball (?:sorted|resolved|good)\b|\bwhich was (?:great|brilliant|fine)\b|\bpart of why\b")


def past_episodes(hits: list[Hit], folded: str, dropped_out: set[str] | None = None) -> list[Hit]:
    """Drop exception hits in a sentence that tells of a past problem the shop already put right."""
    spans = sentence_spans(folded)
    out: list[Hit] = []
    for hit in hits:
        if INTENTS[hit.intent].escalates:
            start, end = enclosing(spans, hit.start)
            sentence = folded[start:max(end, hit.end)]
            if _PAST_EPISODE.search(sentence) and _CLOSED.search(sentence):
                if dropped_out is not None:
                    dropped_out.add(hit.intent)
                continue
        out.append(hit)
    return out


# "Please cancel my order 11913? actually no wait, just tell me when it ships": taken back at once.
_RETRACTED = re.compile(r"^\W{0,3}(?:\w+\W+){0,4}?(?:actually,? no|no,? wait|wait,? no|scratch that|never ?mind|forget (?:that|it|i asked)|ignore that|on second thought)\b")


def retracted(hits: list[Hit], folded: str, dropped_out: set[str] | None = None) -> list[Hit]:
    """Drop exception hits the customer takes back in the words right after them."""
    out: list[Hit] = []
    for hit in hits:
        if INTENTS[hit.intent].escalates and _RETRACTED.search(folded[hit.end : hit.end + 40]):
            if dropped_out is not None:
                dropped_out.add(hit.intent)
            continue
        out.append(hit)
    return out
