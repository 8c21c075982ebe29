"""Turn rule hits (and the model's opinion) into the ordered intent list of one message."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.records import IntentHit
from bot.understanding import patterns_catalog as cat
from bot.understanding import patterns_implied as implied
from bot.understanding import patterns_italian as italian
from bot.understanding import patterns_money as money
from bot.understanding import patterns_orders as orders
from bot.understanding import patterns_people as people
from bot.understanding import patterns_problems as problems
from bot.understanding.rules import Hit, Rule, match_rules
from bot.understanding.text import fold

RULES: tuple[Rule, ...] = (
    orders.STATUS + orders.DETAILS + orders.CHANGE + orders.CANCEL + orders.ADDRESS
    + problems.DELIVERY + problems.DAMAGED + problems.WRONG_ITEM + problems.BILLING
    + money.REFUND_STATUS + money.RETURN_STATUS + money.RETURN_REQUEST + money.RETURN_POLICY
    + money.REFUND_REQUEST + money.DISCOUNT + money.STORE_POLICY
    + people.ACCOUNT + people.PRIVACY + people.HUMAN + people.LEGAL
    + cat.SHIPPING_POLICY + cat.QUESTION + cat.AVAILABILITY + cat.SIZE_FIT + cat.RECOMMENDATION
    + implied.IMPLIED + italian.ITALIAN
)

WEAK = 0.5  # hits below this only count when nothing stronger fired
_PARCEL = re.compile(r"\b(?:order|parcel|package|delivery|shipment|pedido|bestellung|commande|bestelling|#?\d{4,})\b")
_THANKS = re.compile(
    r"\b(?:thanks?|thank you|thankyou|thx|ty|tysm|cheers|much appreciated|appreciate (?:it|that|your help|the help)|"
    r"gracias|danke|merci|bedankt|dank (?:je|u)|grazie|obrigad[oa]|perfect|great|brilliant|awesome|lovely|wonderful|"
    r"fantastic|(?<!n't )(?<!nt )(?<!not )(?<!never )got it|all sorted|sorted|that's all|that's everything|all good|no worries|ok|okay|super|top|genial|"
    r"perfecto|parfait|prima|toll|received it|vielen dank|dank|(?:was|were|been|so|very|really|super|most|extremely|incredibly) helpful|that helps|that helped|answers my question)\b|[\U0001F44D\U0001F64F\U0001F60A\U0001F642]"
)
_OPEN_ISSUE = re.compile(
    r"\?|\b(?:(?:a|one more|another|quick|have a|got a) question|(?:can|could) you help|help me|need help|problem|issue|wrong|"
    r"still|not|never|(?:haven|hasn|hadn|didn|wasn|weren|won|couldn|wouldn|aren|shouldn)'?t|isn't|doesn't|can't|but|however|though|list|show me|give me|send me|tell me|output|print)\b|\b(?:so|and|but|also|then|well)\W*$"
)
# "oops, wrong chat": nothing was meant for us, so no model should find a request in it.
_SENT_BY_MISTAKE = re.compile(
    r"\bwrong (?:chat|window|tab|thread|conversation|inbox|person|number|shop|store|company)\b|\bsent (?:this |that )?(?:by mistake|in error|to the wrong)\b"
    r"|\bplease ignore (?:this|that|my (?:last|previous))\b|\bignore (?:this|that|my last)(?: message)?\W*$|\bnot meant for you\b")
# Words that carry no request on their own: greetings, fillers, politeness.
_FILLER = re.compile(
    r"\b(?:hi|hello|hey|hiya|dear|good (?:morning|afternoon|evening)|hola|hallo|hoi|bonjour|buenos dias|guten tag|goedemiddag|"
    r"goedemorgen|team|there|all|again|sorry|to whom it may concern|sir|madam|please|pls|ok|okay|so|um|hmm|test|yes|no)\b"
)


@dataclass(frozen=True)
class Reading:
    """The intents of one message and how sure we are overall."""

    intents: tuple[IntentHit, ...]
    confidence: float
    unclear_reason: str | None = None
    # Intents the rules saw and set aside on purpose (a negated cue, a past episode already put right):
    # a learned reading must not bring them back on the strength of the same words.
    suppressed: frozenset[str] = frozenset()


def rule_hits(text: str, folded: str | None = None, negated_out: set[str] | None = None) -> list[Hit]:
    """Every rule that fires on the cleaned text."""
    return match_rules(text, RULES, folded=folded, negated_out=negated_out)


def resolve(hits: list[Hit], text: str, *, extra: dict[str, tuple[float, str, int]] | None = None) -> Reading:
    """Combine rule hits (plus model suggestions in `extra`) into an ordered, de-conflicted intent list."""
    best: dict[str, tuple[float, int, str]] = {}
    strong = any(h.weight >= WEAK for h in hits)
    for h in hits:
        if h.weight < WEAK and strong:
            continue
        current = best.get(h.intent)
        # Noisy-or: two independent cues for the same intent make it surer.
        weight = h.weight if current is None else 1 - (1 - current[0]) * (1 - h.weight)
        start = h.start if current is None else min(current[1], h.start)
        evidence = h.evidence if current is None or h.start < current[1] else current[2]
        best[h.intent] = (min(weight, 0.99), start, evidence)
    for intent, (weight, evidence, start) in (extra or {}).items():
        if intent not in best:
            best[intent] = (weight, start, evidence)
    _deconflict(best)
    if not best or (not strong and not extra and _thanks_only(text)):
        return _no_intent(text)
    # Text order; at the same spot the customer's own request comes before an added meta/* flag.
    ordered = sorted(best.items(), key=lambda kv: (kv[1][1], kv[0].startswith("meta/"), -kv[1][0]))
    intents = tuple(IntentHit(name, round(w, 3), ev) for name, (w, _, ev) in ordered)
    return Reading(intents, _overall(intents))


def _deconflict(best: dict[str, tuple[float, int, str]]) -> None:
    """Pairwise rules where one reading makes another one wrong."""

    def drop(name: str) -> None:
        best.pop(name, None)

    status = best.get("order/status", (0.0,))[0]
    if "shipping/delivery_issue" in best and best["shipping/delivery_issue"][0] < 0.7 and status >= 0.8:
        drop("shipping/delivery_issue")  # "where is my order, still hasn't arrived" asks for status
    if "shipping/delivery_issue" in best and best["shipping/delivery_issue"][0] >= 0.8 and status < 0.85:
        drop("order/status")  # a lost / late / stuck parcel is the problem, not a status question
    if "refund/status" in best:
        said = best["refund/status"][2]
        if best.get("return/status", (0, 0, ""))[2] == said:
            drop("return/status")  # "any news on the refund for the return I sent" asks about money
        if best.get("refund/request", (1.0,))[0] < 0.6 or best.get("refund/request", (0, 0, ""))[2] == said:
            drop("refund/request")
        if "order/status" in best and not _PARCEL.search(fold(best["order/status"][2])):
            drop("order/status")  # "when should I expect it?" after a refund question is about the refund
    if "discount/request" in best and "refund/request" in best:
        if best["refund/request"][0] < 0.9 or "difference" in fold(best["refund/request"][2]):
            drop("refund/request")  # "refund the difference" after a price drop is a price adjustment
    if "order/wrong_item" in best and "order/change" in best and best["order/change"][0] < 0.9:
        drop("order/change")  # sending the right item is part of fixing a wrong item
    if "return/status" in best and "return" in fold(best.get("shipping/delivery_issue", (0, 0, ""))[2]):
        drop("shipping/delivery_issue")  # a returned parcel that is slow is a return question
    if "return/status" in best and best.get("order/status", (0, 0, ""))[2] == best["return/status"][2]:
        drop("order/status")  # "when it arrives at your end" is about the return parcel
    if "order/cancel" in best and best.get("order/change", (1.0,))[0] < 0.8:
        drop("order/change")
    if "order/cancel" in best and "order/status" in best and best["order/status"][0] < 0.8:
        drop("order/status")
    if "order/damaged" in best and "refund/request" in best and best["refund/request"][0] < 0.6:
        drop("refund/request")
    if "return/status" in best and best.get("return/request", (1.0,))[0] < 0.85:
        drop("return/request")  # "return label used on Monday, what's happening?" asks about a return under way
    if "return/request" in best and "return/policy" in best and best["return/policy"][0] < 0.6:
        drop("return/policy")
    if "account/privacy" in best and "account/help" in best and best["account/help"][0] < 0.9:
        if best["account/help"][2] == best["account/privacy"][2]:
            drop("account/help")  # "delete my account" is a privacy request, not account help
    if "product/size_fit" in best and "product/recommendation" in best:
        if best["product/recommendation"][2] == best["product/size_fit"][2] and best["product/recommendation"][0] <= 0.9:
            drop("product/recommendation")


def _thanks_only(text: str) -> bool:
    """A thank-you with nothing open: weak cues ("got my refund today, thanks!") do not make it a request."""
    folded = fold(text)
    return bool(_THANKS.search(folded)) and not _OPEN_ISSUE.search(folded) and len(folded) < 160


def _overall(intents: tuple[IntentHit, ...]) -> float:
    """Overall confidence: the weakest kept intent, lowered a little for long lists."""
    lowest = min(i.confidence for i in intents)
    penalty = 0.04 * max(0, len(intents) - 2)
    return round(max(0.05, min(0.97, lowest - penalty)), 3)


def _no_intent(text: str) -> Reading:
    """Nothing matched: thanks, or something we must ask about."""
    folded = fold(text).strip()
    if not folded:
        return Reading((IntentHit("other/unclear", 0.9, ""),), 0.15, "empty message")
    if _THANKS.search(folded) and not _OPEN_ISSUE.search(folded) and len(folded) < 160:
        return Reading((IntentHit("other/thanks", 0.85, text.strip()[:240]),), 0.8)
    if _SENT_BY_MISTAKE.search(folded) and len(folded) < 100:
        return Reading((IntentHit("other/unclear", 0.8, text.strip()[:240]),), 0.2, "sent by mistake")
    leftover = _FILLER.sub(" ", folded)
    words = re.findall(r"[a-zß']{2,}", leftover)
    reason = "greeting only" if not words else ("gibberish" if _gibberish(words) else "no recognisable request")
    return Reading((IntentHit("other/unclear", 0.7, text.strip()[:240]),), 0.2, reason)


def _gibberish(words: list[str]) -> bool:
    """Keyboard mashing: few vowels or no real words."""
    letters = "".join(words)
    vowels = sum(c in "aeiouy" for c in letters)
    return len(words) <= 2 and (vowels / max(1, len(letters)) < 0.25 or len(set(letters)) <= 3)
