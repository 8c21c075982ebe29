"""Offline language identification (en, es, de, fr, nl, it, pt) from function words and letters."""

from __future__ import annotations

import re

from bot.understanding.text import fold

# Frequent words that are (mostly) specific to one language; folded (lower-case, no accents).
# Words shared by several of our languages ("de", "en", "in", "die", "is") are left out on purpose.
_WORDS: dict[str, str] = {
    "en": "the and you your my i i'm it's is are was were have has had what where when which how why can could "
    "would should will please thanks thank hi hello order ordered from with this that there not don't didn't "
    "doesn't isn't haven't just still yet back get got any size do does did for of to on at be been an",
    "es": "el los las un una unos unas y o que por para con mi mis tu su sus es esta este esto estan esta "
    "hola gracias pedido pedi quiero quisiera puedo puede podeis tengo tiene teneis hace hice como cuando donde "
    "cual pero muy ya todavia aun sigue llega llegado envio talla no si del al le lo me nos saludo saludos",
    "de": "der das und ich ist nicht mit mein meine meiner meinen sie ein eine einen wir ihr bitte danke hallo "
    "bestellung bestellt habe haben wurde werden kann konnen mochte wie wann wo warum auch noch schon aber "
    "auf fur von zu bei nach dem den des im ist sind gruße grusse vielen tag guten paket nichts keine",
    "fr": "le la les un une des et ou je j'ai mon ma mes vous votre vos nous est pas ne que qui pour avec dans "
    "sur bonjour merci commande colis j'ai avez pouvez puis-je peut comment quand pourquoi combien mais "
    "tres deja encore toujours rien aussi c'est il elle du au aux cette ce taille livraison",
    "nl": "het een ik ik ben mijn je jij jullie u uw wij we niet met van voor op aan bij naar maar ook nog al "
    "graag bedankt hoi hallo bestelling besteld heb hebben kan kunnen wil wilt wat waar wanneer hoe waarom "
    "dat deze die dit zijn is te zo pakket levering maat groet goedemiddag goedemorgen zou",
    "it": "il lo gli una e che per con mio mia sono ho hai ciao grazie ordine vorrei posso quando dove come "
    "perche ancora gia anche non della del taglia spedizione",
    "pt": "o os as um uma e que para com meu minha eu sou tenho obrigado obrigada ola pedido quero posso "
    "quando onde como porque ainda ja tambem nao do da encomenda tamanho envio",
}
_LEXICON: dict[str, dict[str, float]] = {}
for _lang, _blob in _WORDS.items():
    for _w in set(_blob.split()):
        _LEXICON.setdefault(_w, {})[_lang] = 1.0
# A word listed for several languages counts less for each of them.
for _w, _langs in _LEXICON.items():
    for _lang in _langs:
        _langs[_lang] = 1.0 / len(_langs)

# Letters and digraphs that point at one language.
_LETTER_HINTS: tuple[tuple[re.Pattern[str], str, float], ...] = (
    (re.compile(r"[ñ¿¡]"), "es", 2.0),
    (re.compile(r"[ß]|[äöü]"), "de", 1.5),
    (re.compile(r"[çœêèàùâî]"), "fr", 1.0),
    (re.compile(r"\b\w*ij\w*\b", re.IGNORECASE), "nl", 0.7),
    (re.compile(r"[ãõ]"), "pt", 2.0),
)
_TOKEN = re.compile(r"[a-zß']+")


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the message language; `default` when there is too little to tell."""
    folded = fold(text)
    scores: dict[str, float] = {}
    for token in _TOKEN.findall(folded):
        for lang, weight in _LEXICON.get(token.strip("'"), {}).items():
            scores[lang] = scores.get(lang, 0.0) + weight
    for pattern, lang, weight in _LETTER_HINTS:
        hits = len(pattern.findall(text))
        if hits:
            scores[lang] = scores.get(lang, 0.0) + weight * min(hits, 3)
    if not scores:
        return default
    best = max(sorted(scores), key=lambda lang: scores[lang])
    if scores[best] < 1.0:
        return default
    # English wins ties: most short mixed messages in our stores are English.
    if scores.get("en", 0.0) >= scores[best]:
        return "en"
    return best
