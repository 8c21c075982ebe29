"""Offline understanding of a customer message: intents, entities, language, sentiment, confidence."""

from __future__ import annotations

import re

from bot.records import Understanding
from bot.understanding.blend import blend
from bot.understanding.clean import clean, quoted_part
from bot.understanding.followup import in_context
from bot.understanding.entities import extract_entities
from bot.understanding.hybrid import read
from bot.understanding.intents import Reading, rule_hits, resolve
from bot.understanding.model import default_model
from bot.understanding.ovr import default_ovr
from bot.understanding.language import detect_language
from bot.understanding.sentiment import detect_sentiment

__all__ = ["understand", "clean", "warm_up"]

# Requests sit at the top; past this many characters a message is read no further (keeps time bounded).
MAX_READ = 6000
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|wg|tr|rv|sv|antw)\s*:\s*)+", re.IGNORECASE)


def understand(text: str, *, subject: str | None = None, channel: str = "email") -> Understanding:
    """Read one customer message offline; deterministic and free of network calls."""
    cleaned = clean(text or "")
    reading = in_context(_read(cleaned, subject), cleaned, quoted_part(text or ""))
    language = detect_language(cleaned or (subject or ""))
    entities = extract_entities(_with_subject(cleaned, subject), language=language)
    return Understanding(
        intents=reading.intents,
        entities=entities,
        language=language,
        sentiment=detect_sentiment(cleaned),
        confidence=reading.confidence,
        source="offline",
        fallback_reason=None,
        cleaned_text=cleaned,
    )


def warm_up() -> None:
    """Load the bundled models once, so the first message pays nothing extra."""
    default_model()
    default_ovr()


def _read(cleaned: str, subject: str | None) -> Reading:
    """Intents from the body; the subject only helps when the body alone says nothing (or is empty)."""
    body = cleaned[:MAX_READ]
    learned = default_ovr()
    probabilities = learned.probabilities(body) if learned is not None and body.strip() else None
    reading = read(body, default_model(), learned=probabilities)
    if probabilities is not None:
        reading = blend(reading, probabilities, body)
    if reading.unclear_reason and subject:
        topic = _REPLY_PREFIX.sub("", subject).strip()
        if topic != subject.strip() and re.match(r"(?i)your\b", topic):
            topic = ""  # "Re: Your return label": our own subject, answered with nothing
        subject_hits = rule_hits(topic) if topic else []
        if subject_hits:
            reading = resolve(subject_hits, topic)
            reading = Reading(reading.intents, round(reading.confidence * 0.8, 3))
    return reading


def _with_subject(cleaned: str, subject: str | None) -> str:
    """Entities may sit in the subject line ("Order 10311 - wrong size")."""
    topic = _REPLY_PREFIX.sub("", subject or "").strip()
    return f"{topic}\n{cleaned}" if topic else cleaned
