"""Sentiment from a small multilingual lexicon."""

import pytest

from bot.understanding.sentiment import detect_sentiment

CASES = [
    ("Where is my order?", "neutral"),
    ("thanks so much, lovely service!", "positive"),
    ("Unfortunately the mug arrived broken.", "negative"),
    ("This is unacceptable. Final warning before I call my lawyer.", "angry"),
    ("CANCEL MY ORDER NOW, THIS IS RIDICULOUS", "angry"),
    ("Leider ist die Tasse kaputt.", "negative"),
    ("", "neutral"),
]


@pytest.mark.parametrize("text, sentiment", CASES)
def test_sentiment(text, sentiment):
    assert detect_sentiment(text) == sentiment
