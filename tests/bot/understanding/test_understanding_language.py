"""Language identification without a network."""

import pytest

from bot.understanding.language import detect_language

CASES = [
    ("Where is my order? I ordered it last week.", "en"),
    ("¿Dónde está mi pedido? Lo hice hace una semana.", "es"),
    ("Hola, quiero devolver las botas, me quedan pequeñas.", "es"),
    ("Wo bleibt meine Bestellung? Ich habe vor einer Woche bestellt.", "de"),
    ("Bitte löschen Sie mein Kundenkonto.", "de"),
    ("Où est ma commande ? Je l'ai passée il y a une semaine.", "fr"),
    ("Bonjour, je voudrais retourner la veste.", "fr"),
    ("Waar is mijn bestelling? Ik heb vorige week besteld.", "nl"),
    ("Hoi! Wat zijn de verzendkosten naar België?", "nl"),
    ("", "en"),
    ("?", "en"),
    ("ok", "en"),
]


@pytest.mark.parametrize("text, language", CASES)
def test_detect_language(text, language):
    assert detect_language(text) == language
