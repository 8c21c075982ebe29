"""A short chase ("It's been two weeks now.") reads in the context of the shop's reply it answers.

Quoted text never drives the reading on its own: a customer quoting our "your refund has been issued"
while asking about a new order is asking about the order. But a bare chase names no topic; the reply
it answers does. Only then, and only from the shop's own words in the quote, is the topic borrowed.
"""

from __future__ import annotations

import re

from bot.records import IntentHit
from bot.understanding.intents import Reading
from bot.understanding.text import fold

_SHORT = 200  # characters of the writer's own text; longer messages say what they are about
_CHASE = re.compile(
    r"\b(?:it'?s|it has|it is|that'?s|that was|now|already)\s+(?:now\s+)?(?:been|over|more than)\b|\bbeen (?:\w+ )?(?:days|weeks|a week|a month)\b"
    r"|\bstill (?:nothing|no sign|not|waiting|haven'?t|hasn'?t|no)\b|\bnothing (?:has )?(?:arrived|come|turned up|showed up|yet)\b|\bnot yet\b"
    r"|\bany (?:news|update|progress)\b|\bhow much longer\b|\bstill waiting\b|\bwhere is it\b|\bhaven'?t (?:received|got|seen) (?:it|anything)\b"
)
# The writer named the topic themselves: their words win.
_OWN_TOPIC = re.compile(
    r"\b(?:refund\w*|money|reimburs\w*|parcel|package|order\w*|deliver\w*|return\w*|tracking|courier|exchange\w*|replacement|"
    r"charge\w*|payment|invoice|account|code|discount)\b|#?\b\d{4,}\b"
)
_TOPICS = (
    ("refund/status", re.compile(r"\brefund\w*\b|\breimburs\w*\b|\bmoney back\b|\bcredited\b")),
    ("return/status", re.compile(r"\breturn (?:label|request|has been|is being)\b|\breturns? (?:team|centre|center)\b")),
    ("shipping/delivery_issue", re.compile(
        r"\bdelay\w*\b|\bshould (?:reach|arrive|be with) you\b|\bon (?:its|the) way\b|\bdispatched\b|\bshipped\b|"
        r"\bwill (?:arrive|reach you|be delivered)\b|\bbusiness days\b|\bworking days\b|\bcourier\b|\bdepot\b|\btracking\b")),
)


def in_context(reading: Reading, cleaned: str, quoted: str) -> Reading:
    """The reading, or the quoted reply's topic when the writer only chased without naming one."""
    if not quoted.strip() or len(cleaned) > _SHORT:
        return reading
    own = fold(cleaned)
    if not _CHASE.search(own) or _OWN_TOPIC.search(own):
        return reading
    theirs = fold(quoted)
    for intent, cue in _TOPICS:
        if cue.search(theirs):
            return Reading((IntentHit(intent, 0.8, cleaned.strip()[:240]),), 0.7)
    return reading
