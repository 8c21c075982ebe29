"""Lexicon sentiment: positive, neutral, negative or angry, in the languages we serve."""

from __future__ import annotations

import re

from bot.records import Sentiment
from bot.understanding.text import fold

_ANGRY = re.compile(
    r"\b(?:unacceptable|ridiculous|outrageous|disgraceful|disgusting|appalling|pathetic|useless|joke|scam|"
    r"furious|livid|fed up|sick of|done with (?:this|you)|final warning|last chance|worst|never (?:again|ordering)|"
    r"lawyer|solicitor|chargeback|sue|suing|wtf|ffs|damn|bloody|bullshit|"
    r"inaceptable|vergonzoso|indignante|estafa|harto|harta|"
    r"unverschamt|frechheit|inakzeptabel|katastrophe|betrug|"
    r"inadmissible|scandaleux|honteux|inacceptable|arnaque|"
    r"belachelijk|schandalig|onacceptabel|oplichting|waardeloos)\b"
)
_NEGATIVE = re.compile(
    r"\b(?:disappoint\w*|unhappy|not happy|not impressed|annoy\w*|frustrat\w*|upset|angry|poor|terrible|awful|"
    r"bad|horrible|broken|damaged|missing|wrong|late|still (?:nothing|not|no|hasn't|haven't|isn't|waiting)|"
    r"never (?:arrived|received|got)|complain\w*|problem|issue|worried|concerned|unfortunately|sadly|"
    r"second time|again\?|no one|nobody|waiting|error|fail\w*|"
    r"decepcionad[oa]|molest[oa]|mal|roto|rota|problema|todavia no|"
    r"enttauscht|argerlich|leider|kaputt|problem|immer noch nicht|"
    r"decu|decue|mecontent\w*|probleme|malheureusement|toujours (?:rien|pas)|"
    r"teleurgesteld|jammer|helaas|kapot|nog steeds niet)\b"
)
_POSITIVE = re.compile(
    r"\b(?:thanks?|thank you|thx|cheers|great|perfect|love|lovely|brilliant|amazing|awesome|excellent|wonderful|"
    r"happy|pleased|delighted|appreciate\w*|fantastic|beautiful|sorted|helpful|"
    r"gracias|genial|perfecto|encanta|danke|super|toll|prima|merci|parfait|genial|bedankt|fijn|geweldig)\b"
)
_POSITIVE_EMOJI = re.compile("[\U0001F600-\U0001F60F\U0001F642\U0001F64F\U0001F44D\u2764\U0001F970\U0001F60A]")
_NEGATIVE_EMOJI = re.compile("[\U0001F620-\U0001F624\U0001F92C\U0001F61E\U0001F61F\U0001F641\u2639]")


def detect_sentiment(text: str) -> Sentiment:
    """How the customer sounds; shouting, threats and insults read as angry."""
    if not text.strip():
        return "neutral"
    folded = fold(text)
    angry = len(_ANGRY.findall(folded)) + len(_NEGATIVE_EMOJI.findall(text))
    negative = len(_NEGATIVE.findall(folded))
    positive = len(_POSITIVE.findall(folded)) + len(_POSITIVE_EMOJI.findall(text))
    letters = [c for c in text if c.isalpha()]
    shouting = [w for w in re.findall(r"\b[A-Z]{4,}\b", text) if w not in _ACRONYMS]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7:
        angry += 2  # the whole message in capitals
    elif shouting and (angry or negative):
        angry += 1
    if re.search(r"[!?]{3,}", text):
        negative += 1
    if angry >= 2 or (angry and negative):
        return "angry"
    if angry or negative > positive:
        return "negative"
    if positive:
        return "positive"
    return "neutral"


_ACRONYMS = {"GDPR", "DSGVO", "RGPD", "PAYPAL", "SYSTEM", "NOTICE", "EMAIL", "DHL", "HTML", "VAT", "FYI", "ASAP"}
