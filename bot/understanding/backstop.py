"""Recall backstop: a clause that names a problem keeps a human in the loop even when no rule knew its wording."""

from __future__ import annotations

import re

from bot.records import IntentHit
from bot.taxonomy import INTENTS
from bot.understanding.patterns_problems import DURABILITY_QUESTION
from bot.understanding.rules import negated
from bot.understanding.text import sentence_spans

WEIGHT = 0.4  # below the rules' weights: a hint for the agent, never the primary reading of a clear message

# (intent, cue) in priority order; cues are folded-text word families, deliberately broad.
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (intent, re.compile(pattern))
    for intent, pattern in (
        ("meta/legal_or_fraud", r"\b(?:lawyer|solicitor|legal action|court|sue|suing|fraud\w*|scam\w*|phishing|chargeback|police|"
                                r"injur\w*|burn(?:ed|t)|hospital(?! bag)|stitches|hacked|unauthori[sz]ed|trading standards|caught fire|"
                                r"without (?:my )?permission|in my name|on crutches|a&e|sprained|disput(?:e|ing)\b[^.?!]{0,20}\b(?:bank|paypal|card)|(?:a|an) (?:allergic )?reaction|rash|allergic|unsafe|"
                                r"not safe|dangerous|electric shock|toxic|poison\w*|(?:didn't|did not|never) (?:make|place|order) (?:it|this|that|them)|"
                                r"(?:an?|the) orders? (?:here |on my account )?(?:that )?i (?:didn't|did not|never) (?:make|place))\b"),
        ("order/damaged", r"\b(?:broken|broke|cracked|chipped|chip|smashed|shattered|dented|torn|ripped|stained|faulty|defective|warped|"
                          r"leak(?:s|ing|ed)?|rust(?:y|ed)?|mou?ldy?|scratched|scuffed|bobbl\w+|pilled|frayed|unravell?\w*|peel(?:ing|ed)|"
                          r"fell apart|came apart|falling apart|in pieces|in bits|damaged|snapped|wobbl\w+|stopped working|doesn't work|"
                          r"defect|dead on arrival|(?:come|coming|came) (?:undone|unstitched|unglued|off|loose|away)|fell off|"
                          r"flak(?:ing|ed|es)|bubbl(?:ing|ed|es)|shr[au]nk|bent|gouge[sd]?|knocked (?:out|off)|a chunk|"
                          r"(?:a|the|an) (?:\w+ )?(?:hole|tear|stain|crack|dent|scratch|chip|mark|snag|ladder)s?|holes in|won't (?:turn on|heat|close|zip|seal|stay (?:closed|on|up))|"
                          r"bleach(?:ed)?|discolou?r\w*|faded|burnt|melted|crushed|squashed|bashed|soggy|soaked|damp|"
                          r"(?:looks?|looked|was|is) (?:used|second-?hand|worn)|loose threads?|pulled threads?|snagged|lopsided|"
                          r"(?:doesn't|does not|won't|will not) (?:close|seal|zip|sit flat|stand (?:up|straight)|stay (?:closed|shut)))\b"),
        ("order/wrong_item", r"\b(?:missing|wrong (?:colou?r|size|item|one|thing|product|pair|model|version|style)|"
                             r"not (?:the|what) (?:[\w-]+ )?i (?:ordered|chose|picked|bought|paid for)|someone else's|mix-?up|mixed up|"
                             r"two different (?:sizes|colou?rs|shoes)|(?:tag|label) says\b[^.?!]{0,20}\bi ordered|doesn't match (?:my|the) order|"
                             r"i (?:ordered|paid for) (?:\d|one|two|three|four|five|six)\b[^.?!]{0,20}\b(?:got|received|came)|"
                             r"compared to what i|than (?:what )?i (?:ordered|picked|chose|'d picked|had picked)|two (?:left|right)\b|"
                             r"(?:sent|got|received) (?:me )?(?:the )?(?:wrong|different)|supposed to be (?:an?|the)\b|mislabell?ed|"
                             r"odd (?:shoes|pair|socks)|only (?:\d+|one|two|three|four|five|six|half) (?:\w+ )?(?:in|of) (?:my|the)|different (?:from|to|than) (?:what|the one)|nowhere (?:in the box|in the parcel))\b"),
        ("shipping/delivery_issue", r"\b(?:(?<!bit )(?<!little )(?<!too )(?<!i'm )(?<!im )late|lost(?! (?:the|my) (?:care )?(?:label|receipt|password|tag|login))|stuck(?! with)|delayed|overdue|"
                                    r"never (?:came|arrived|turned up|showed up)|still not here|no sign of|returned to sender|stolen|"
                                    r"vanished|disappeared|gone missing|in transit for|(?:days|weeks) and (?:nothing|still nothing|no sign)|"
                                    r"at the depot|(?:still )?(?:hasn't|has not|haven't|not) (?:come|arrived|turned up|shown up|showed up|been delivered)|"
                                    r"nowhere to be (?:seen|found)|failed delivery|awaiting collection|undeliverable|(?:held|on hold) at (?:the )?(?:depot|post office|customs)|"
                                    r"(?:haven't|have not|never) (?:got|received|had) (?:it|my (?:order|parcel|package)|the (?:parcel|package)))\b"),
        ("refund/request", r"\b(?:money back|reimburs\w*|compensat\w*|my money|refund (?:me|it|the|my)|be refunded|paid back|goodwill gesture|"
                           r"(?:return|give|send) (?:the|my) money|credit my (?:account|card)|(?:charge|fee|cost|postage|shipping) back|"
                           r"(?:money|cost|amount)\b[^.?!]{0,30}\breturned to me)\b"),
        ("order/cancel", r"\b(?:cancel(?:l?ing)?|forget (?:the|my) order|don't bother (?:sending|shipping)|don't (?:send|ship) (?:it|them|the order)|call (?:it|the order) off|"
                         r"stop (?:the|my) order|no longer (?:want|need|require) (?:the|my|this) order)\b"),
        ("shipping/address_change", r"\b(?:instead of (?:my|the) (?:home|house|flat|address)|address (?:has )?changed|deliver (?:it )?to my neighbou?r|"
                                    r"no longer (?:at|living at|live at)|(?:needs|has) to (?:go|come) to \d|left at the post office)\b"),
        ("order/change", r"\b(?:amend|half a size (?:up|down)|put (?:\w+ )?in with my order|(?:add|drop|remove|take)\b[^.?!]{0,30}\b(?:to|from|off) (?:my|the) order)\b"),
        ("return/request", r"\b(?:(?:bring|take|send|post|give)(?:ing)? (?:it|them|this|these) back|(?:bring|take|send|post)(?:ing)? back (?:the|my)|"
                           r"not keeping (?:it|them|this|these)|(?:don't|do not) want to keep (?:it|them)|(?:be )?returning (?:it|them|these|this))\b"),
        ("billing/payment_issue", r"\b(?:overcharg\w*|charged|double charge\w*|debited|declined|took the money|taken the money|"
                                  r"money (?:was |has been )?taken|shows? (?:as )?unpaid)\b"),
        ("discount/request", r"\b(?:(?:coupon|discount|promo code|voucher|code) for me|give me a (?:code|coupon|discount)|"
                             r"do me a deal|\d+ ?% off\b[^.?!]{0,40}\b(?:can i|could i|can you|could you)|can i have the same)\b"),
        ("meta/human_request", r"\b(?:real person|a human|a manager|supervisor|call me|ring me|phone me|number to call|number i can call|"
                               r"(?:speak|talk) (?:to|with) (?:someone|somebody|a person|one of you)|call back|"
                               r"member of (?:your )?staff|someone who works|staff member|than the (?:chat)?bot|not (?:the|a) (?:chat)?bot)\b"),
    )
)
# Clauses that talk about the shop in general, another shop, or a product's features: no problem of the customer's.
_GENERIC = re.compile(
    r"^\W*(?:\w+,\s*)?(?:and\s+|also\s+|but\s+|so\s+)?(?:if|what if|what happens|in case|do you|does your|is there|are there|"
    r"what(?:'s| is) your|how (?:long|do|does|quickly)|can (?:i|you) (?:still )?(?:return|exchange|cancel)|is it possible|"
    r"does (?:the|it|this)|do (?:the|they|these)|is (?:the|it|this)|are (?:the|they|these)|will (?:the|it)|would (?:the|it)|"
    r"just so i know|just curious|out of curiosity|in general)\b"
    r"|\b(?:policy|policies|usually|normally|in general|generally|hypothetically|ever need|for future reference|before i (?:order|buy))\b"
    r"|\b(?:from|at) (?:an)?other (?:shop|store|brand|website|site)\b|\belsewhere\b|\bmy old\b"
    r"|\b(?:got|received|had) (?:my|the) (?:refund|money)\b|\brefund (?:came|arrived|went) through\b"
    r"|\bthanks? (?:you )?for\b|\b(?:i|we) (?:returned|sent (?:it|them|\w+) back)\b|" + DURABILITY_QUESTION
)
# "never got it" about a confirmation e-mail or receipt is no lost parcel.
_NOT_PARCEL = re.compile(r"\b(?:site|website|shop|range|catalogue)\b[^.?!]{0,40}\b(?:disappeared|vanished|gone)\b|\b(?:confirmation|e-?mails?|receipt|invoice|password|link|code|verification|newsletter|message|reply|text)\b")


# Within a sentence, a comma or a linking word starts a new thought ("do the chinos run small, the pair you sent is a 30").
_SUBCLAUSE = re.compile(r",\s+|;\s+|\s+(?:because|though|although|but|since|so|as|and then)\s+")


def _clauses(folded: str) -> list[tuple[int, int]]:
    """Sentence spans cut further at commas and linking words."""
    spans: list[tuple[int, int]] = []
    for start, end in sentence_spans(folded):
        cut = start
        for m in _SUBCLAUSE.finditer(folded, start, end):
            if m.start() > cut:
                spans.append((cut, m.start()))
            cut = m.end()
        if end > cut:
            spans.append((cut, end))
    return spans


def _sentence(folded: str, pos: int) -> str:
    """The sentence around a position."""
    for start, end in sentence_spans(folded):
        if start <= pos < end:
            return folded[start:end]
    return folded


def names_problem(folded: str) -> bool:
    """True when a problem cue occurs in the text, un-negated, whatever the sentence form."""
    for _, cue in _CUES:
        for found in cue.finditer(folded):
            if not negated(folded, 0, found.start()):
                return True
    return False


def backstop(cleaned: str, folded: str, intents: tuple[IntentHit, ...], covered: list[int]) -> IntentHit | None:
    """An exception intent for the first problem-naming clause no rule covered, when nothing else escalates."""
    if any(INTENTS[i.name].escalates for i in intents if i.name in INTENTS):
        return None
    for start, end in _clauses(folded):
        if any(start <= pos < end for pos in covered):
            continue  # a rule already read this clause
        clause = folded[start:end]
        if _GENERIC.search(clause):
            continue
        for intent, cue in _CUES:
            found = cue.search(clause)
            if found and not negated(folded, start, start + found.start()):
                if intent == "shipping/delivery_issue" and _NOT_PARCEL.search(_sentence(folded, start)):
                    continue
                return IntentHit(intent, WEIGHT, cleaned[start:end].strip()[:240])
    return None
