"""Length-preserving text folding and sentence spans shared by the understanding modules."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character lower-cased and stripped of accents, always exactly one character long."""
    if ch in _PUNCT:
        return _PUNCT[ch]
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low.isascii() or low == "ß":
        return low
    base = unicodedata.normalize("NFD", low)[0]
    return base if len(base) == 1 else low


def fold(text: str) -> str:
    """Lower-case, accent-free copy of `text` with the SAME length, so match offsets map back."""
    return "".join(_fold_char(c) for c in text)


# A sentence ends at . ! ? (or their run) followed by space, or at a line break; "ord. no." style
# abbreviations split too, which only makes the context windows a little narrower. Clauses joined by
# " - ", ", also" or ", and if/can/where ..." are separate requests, so they split as well.
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"')\]]*\s+|\n+|(?<=[;])\s+|\s+-+\s+|,\s*(?=(?:and\s+)?(?:also|plus)\b)"
    r"|,?\s+(?=and\s+(?:if|also|can|could|would|will|where|when|what|how|is|are|do|does|i'd|please|has|have)\b)"
    r"|,\s*(?=(?:will|would|do|does|can|could|is|are|should|how|what|when|where)\s+(?:i|it|you|yours|we|they|these|those|the|there)\b)"
)


_CONDITION = re.compile(r"^\W*(?:and\s+|but\s+|also\s+|so\s+)?(?:if|si|wenn|falls|als|once|in case)\b")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        _append(text, start, m.start(), spans)
        start = m.end()
    _append(text, start, len(text), spans)
    return _keep_conditions_whole(text, spans)


def _keep_conditions_whole(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'If it doesn't fit, can I send it back?' is one thought: do not split after an if-clause's comma."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            prev_start, prev_end = merged[-1]
            if text[prev_end:start].strip() == "," and _CONDITION.match(text[prev_start:prev_end]):
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    return merged


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def enclosing(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence span that contains offset `pos` (or the nearest one before it)."""
    best = (0, 0)
    for start, end in spans:
        if start <= pos:
            best = (start, end)
        else:
            break
    return best
