"""Extract order numbers, sizes, colours, product mentions and typed emails from customer text."""

from __future__ import annotations

import re

from bot.records import Entities
from bot.understanding.text import fold

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")

# ----------------------------------------------------------------------------- order numbers

# Words that introduce an order number, in the languages we serve (matched on folded text).
_ORDER_WORD = (
    r"(?:orders?|oder|ordr|ord\.?|purchase|bestell(?:ung|nummer|nr\.?)|auftrag(?:snummer)?|pedidos?|"
    r"commandes?|cde|bestelling(?:en)?|bestelnummer|ordernummer|ordine|encomenda)"
)
_NUMBER_WORD = r"(?:number|no\.?|nr\.?|num\.?|n\.?[°ºo]|[°º]|#|id|ref(?:erence)?\.?|nummer|numero|nummero)"
_ORDER_PREFIXED = re.compile(
    rf"\b{_ORDER_WORD}\s*(?:{_NUMBER_WORD}\s*)?(?:is\s+|was\s+|:\s*|-\s*)?#?\s?(\d{{3,10}})\b"
)
_HASH = re.compile(r"(?<![\w&])#\s?(\d{3,10})\b")
# "10619 and 10620" after an order word: the second number is an order too.
_ORDER_LIST = re.compile(r"\b(\d{4,10})\s*(?:,|and|&|y|und|et|en|or|o|oder|ou|of)\s*#?(\d{4,10})\b")
# Bare digits only count when the message talks about an order and they do not look like
# a price, a measurement, a year, a phone number or a postcode.
_BARE = re.compile(r"(?<![\d.,€$£+/:-])(?<![\d] )\b(\d{4,8})\b(?![.,/:]\d)(?! ?\d)")
_ORDER_CONTEXT = re.compile(
    r"\b(?:orders?|ordered|ordering|oder|ordr|ord|parcel|package|delivery|shipment|tracking|bestell\w*|pedido|commande|"
    r"bestelling|colis|paket|pakket|envio|refund|return)\b"
)
_NOT_ORDER_AFTER = re.compile(r"^\s?(?:cm|mm|ml|kg|g|l|%|eur|euro|euros|usd|gbp|days?|hours?|mins?|st|nd|rd|th)\b")


def _order_numbers(folded: str) -> tuple[str, ...]:
    found: list[tuple[int, str]] = []
    for m in _ORDER_PREFIXED.finditer(folded):
        found.append((m.start(1), m.group(1)))
    for m in _HASH.finditer(folded):
        found.append((m.start(1), m.group(1)))
    if found or _ORDER_CONTEXT.search(folded):
        known = {n for _, n in found}
        for m in _ORDER_LIST.finditer(folded):
            if m.group(1) in known or m.group(2) in known or _ORDER_CONTEXT.search(folded[max(0, m.start() - 60) : m.start()]):
                found.append((m.start(1), m.group(1)))
                found.append((m.start(2), m.group(2)))
        for m in _BARE.finditer(folded):
            number = m.group(1)
            if _NOT_ORDER_AFTER.match(folded[m.end() :]) or _looks_like_year(number, folded, m.start()):
                continue
            if _after_phone_word(folded, m.start()):
                continue
            found.append((m.start(1), number))
    return _unique(n for _, n in sorted(found))


def _looks_like_year(number: str, folded: str, start: int) -> bool:
    if len(number) != 4 or not number.startswith(("19", "20")):
        return False
    return not re.search(rf"{_ORDER_WORD}\W{{0,3}}$", folded[max(0, start - 16) : start])


def _after_phone_word(folded: str, start: int) -> bool:
    return bool(re.search(r"(?:phone|mobile|tel|call|ring|whatsapp|postcode|zip|iban|card)\D{0,24}$", folded[max(0, start - 30) : start]))


# ----------------------------------------------------------------------------- sizes

_LETTER_SIZES = {"xxs": "XXS", "xs": "XS", "s": "S", "m": "M", "l": "L", "xl": "XL", "xxl": "XXL", "2xl": "XXL",
                 "xxxl": "XXXL", "3xl": "XXXL"}
_WORD_SIZES = {"extra small": "XS", "x-small": "XS", "small": "S", "medium": "M", "large": "L", "extra large": "XL",
               "x-large": "XL", "xx-large": "XXL"}
# Multi-letter sizes are safe on their own; S/M/L need a size context ("size M", "an S", "from M to L").
_SIZE_SAFE = re.compile(r"(?<![\w-])(xxs|xs|xxl|xxxl|xl|2xl|3xl)(?![\w-])")
_SIZE_CTX = (
    r"(?:size|sizes|sz|in|an?|the|to|from|for|into|instead\s+of|not|or|talla|gro(?:ß|ss)e|taille|maat|tamano|taglia|"
    r"von|auf|en|de|du|le|la|el|una?|naar|in\s+een|een)"
)
_SIZE_LETTER = re.compile(rf"\b{_SIZE_CTX}\s+(s|m|l)\b(?!['’]|\.\w)")
_SIZE_LETTER_AFTER = re.compile(r"\b(s|m|l)\s+(?:size|instead|rather|not|or\s+(?:xs|s|m|l|xl))\b")
_SIZE_PAIR = re.compile(r"\b(xs|s|m|l|xl|xxl)\s*(?:/|or|and|to|->|y|und|ou|of|o)\s*(xs|s|m|l|xl|xxl)\b")
_SIZE_WORD = re.compile(
    r"\b(?:size|a|an|in|the|to|for|in\s+a|in\s+an)\s+(extra\s+small|x-small|small|medium|large|extra\s+large|x-large|xx-large)\b"
    r"(?!\s+(?:box|parcel|package|order|amount|fee|number|business|cafe|shop|kitchen|flat|house))"
)
_SHOE = re.compile(
    r"\b(?:eu|size|sz|in|an?|the|to|from|for|instead\s+of|my|el|la|talla|numero|du|en|le|pointure|gro(?:ß|ss)e|maat|"
    r"schoenmaat|fais|prends|am|i'm|im|a\s+size|in\s+a)\s+(3[6-9]|4[0-6])(?:[.,](5))?\b(?![.,]\d)"
    r"(?!\s?(?:cm|mm|%|€|eur|euros?|days?|hours?|min|inch|\"|in\s+(?:waist|chest|leg|length)|kg|x\b|minutes?))"
)
_SHOE_RANGE = re.compile(r"\b(3[6-9]|4[0-6])(?:[.,](5))?\s*(?:or|and|to|/|y|o|ou|of|oder|und|instead\s+of)\s*(?:an?\s+|the\s+|el\s+|du\s+|een\s+)?(3[6-9]|4[0-6])(?:[.,](5))?\b(?!\s?(?:cm|mm|%|€|eur|euros?|days?|hours?|inch))")
_UK = re.compile(r"\b(uk|us)\s?(\d{1,2})\b")


def _sizes(folded: str) -> tuple[str, ...]:
    found: list[tuple[int, str]] = []
    for m in _SIZE_SAFE.finditer(folded):
        found.append((m.start(), _LETTER_SIZES[m.group(1)]))
    for pattern in (_SIZE_LETTER, _SIZE_LETTER_AFTER):
        for m in pattern.finditer(folded):
            found.append((m.start(1), _LETTER_SIZES[m.group(1)]))
    for m in _SIZE_PAIR.finditer(folded):
        found.append((m.start(1), _LETTER_SIZES[m.group(1)]))
        found.append((m.start(2), _LETTER_SIZES[m.group(2)]))
    for m in _SIZE_WORD.finditer(folded):
        found.append((m.start(1), _WORD_SIZES[re.sub(r"\s+", " ", m.group(1))]))
    for m in _SHOE.finditer(folded):
        found.append((m.start(1), "EU " + m.group(1) + (".5" if m.group(2) else "")))
    for m in _SHOE_RANGE.finditer(folded):
        found.append((m.start(1), "EU " + m.group(1) + (".5" if m.group(2) else "")))
        found.append((m.start(3), "EU " + m.group(3) + (".5" if m.group(4) else "")))
    for m in _UK.finditer(folded):
        found.append((m.start(), f"{m.group(1).upper()} {m.group(2)}"))
    return _unique(s for _, s in sorted(found))


# ----------------------------------------------------------------------------- colours

_COLOURS_EN = (
    "black white grey gray navy blue red green sage beige oat oatmeal cream ivory brown pink yellow orange purple "
    "olive charcoal khaki burgundy tan camel teal mustard rust sand natural lilac lavender mint coral turquoise "
    "maroon silver gold ecru terracotta indigo stone"
)
_COLOUR_ALIASES = {
    "gray": "grey", "oatmeal": "oat",
    # es
    "negro": "black", "negra": "black", "negros": "black", "negras": "black", "blanco": "white", "blanca": "white",
    "gris": "grey", "azul": "blue", "azul marino": "navy", "marino": "navy", "rojo": "red", "roja": "red",
    "verde": "green", "marron": "brown", "amarillo": "yellow", "amarilla": "yellow", "morado": "purple",
    "morada": "purple", "beis": "beige", "crema": "cream", "naranja": "orange", "rosado": "pink",
    # de
    "schwarz": "black", "schwarze": "black", "schwarzen": "black", "schwarzes": "black", "weiß": "white",
    "weiss": "white", "weiße": "white", "weisse": "white", "weißen": "white", "grau": "grey", "graue": "grey",
    "grauen": "grey", "blau": "blue", "blaue": "blue", "blauen": "blue", "dunkelblau": "navy", "marineblau": "navy",
    "rot": "red", "rote": "red", "roten": "red", "grün": "green", "grun": "green", "grune": "green",
    "braun": "brown", "braune": "brown", "gelb": "yellow", "gelbe": "yellow", "lila": "purple",
    # fr
    "noir": "black", "noire": "black", "noirs": "black", "blanc": "white", "blanche": "white", "bleu": "blue",
    "bleue": "blue", "bleu marine": "navy", "rouge": "red", "vert": "green", "verte": "green", "jaune": "yellow",
    "violet": "purple", "creme": "cream", "kaki": "khaki", "marine": "navy",
    # nl
    "zwart": "black", "zwarte": "black", "wit": "white", "witte": "white", "grijs": "grey", "grijze": "grey",
    "blauw": "blue", "blauwe": "blue", "marineblauw": "navy", "donkerblauw": "navy", "rood": "red", "rode": "red",
    "groen": "green", "groene": "green", "bruin": "brown", "bruine": "brown", "geel": "yellow", "gele": "yellow",
    "roze": "pink", "paars": "purple",
}
# Words that are colours only when the message is not English ("rose" is a flower, "rot" a verb).
_COLOUR_NON_EN = {"rosa": "pink", "rose": "pink", "marron": "brown"}
_COLOUR_WORDS = sorted(set(_COLOURS_EN.split()) | set(_COLOUR_ALIASES), key=len, reverse=True)
_COLOUR = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in _COLOUR_WORDS) + r")(?![\w-])")
_COLOUR_NON_EN_RE = re.compile(r"(?<![\w-])(" + "|".join(_COLOUR_NON_EN) + r")(?![\w-])")
# "stone" and "natural" are colours only next to a garment or "colour"; elsewhere they are materials.
_AMBIGUOUS_COLOUR = {"stone", "natural", "sand", "rust", "gold", "silver", "orange", "tan", "mint", "cream", "coral"}
_COLOUR_CONTEXT = re.compile(r"\b(?:colou?rs?|shade|in|the|a|an|to|from|instead|or|and)\s*$")


def _colours(folded: str, language: str) -> tuple[str, ...]:
    found: list[tuple[int, str]] = []
    for m in _COLOUR.finditer(folded):
        word = m.group(1)
        if word in _AMBIGUOUS_COLOUR and not _COLOUR_CONTEXT.search(folded[max(0, m.start() - 12) : m.start()]):
            continue
        found.append((m.start(), _COLOUR_ALIASES.get(word, word)))
    if language != "en":
        for m in _COLOUR_NON_EN_RE.finditer(folded):
            found.append((m.start(), _COLOUR_NON_EN[m.group(1)]))
    return _unique(c for _, c in sorted(found))


# ----------------------------------------------------------------------------- products

_PRODUCT_NOUNS = (
    "t-shirt,shirt,shirts,tee,dress,dresses,skirt,jacket,jackets,coat,coats,jumper,jumpers,sweater,cardigan,hoodie,"
    "chinos,trousers,jeans,shorts,leggings,boots,sneakers,trainers,shoes,sandals,loafers,slippers,scarf,hat,beanie,"
    "gloves,socks,belt,bag,tote,blazer,top,blouse,pyjamas,robe,skillet,frying pan,pan,pans,saucepan,pot,pots,wok,"
    "dutch oven,casserole,mug,mugs,cup,cups,glasses,bowl,bowls,plate,plates,knife,knives,serving board,"
    "chopping board,cutting board,board,bath towels,hand towels,towel,towels,duvet cover,duvet,sheets,pillow,"
    "pillowcase,blanket,throw,napkins,tablecloth,candle,vase,teapot,kettle,pour-over,grinder,jar,jars,tin,set,apron"
)
_NOUN_RE = "|".join(sorted((re.escape(n) for n in _PRODUCT_NOUNS.split(",")), key=len, reverse=True))
_STOP = (
    "the a an my your our their this that these those of for in on and or to with from some any two three four five "
    "six one new old same other i it is are was were have has had got get want need like order which what how "
    "can could would do does did size colour color back still just only also more than wrong right matching "
    "recommend suggest buy bought ordered exchange return swap send sent wear wore love about about good best "
    "nice warm comfortable cheap first second all both"
)
_STOPWORDS = set(_STOP.split())
_PRODUCT = re.compile(rf"(?<![\w-])({_NOUN_RE})(?![\w-])", re.IGNORECASE)
_BEFORE = re.compile(r"(?:[\w'-]+\s+){1,3}$")
_SKU = re.compile(r"\b(?:sku|art(?:icle)?\.?\s*(?:no|nr)?\.?|item\s+(?:no|number|code))\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{2,19})\b", re.IGNORECASE)
_SKU_SHAPE = re.compile(r"\b([A-Z]{2,5}-\d{2,6}(?:-[A-Z0-9]{1,4})?)\b")


def _products(text: str) -> tuple[str, ...]:
    found: list[tuple[int, str]] = []
    for m in _PRODUCT.finditer(text):
        # Look back from the noun for up to three modifier words (cheaper than a leading pattern).
        before = _BEFORE.search(text, max(0, m.start() - 60), m.start())
        words = before.group(0).split() if before else []
        # Keep the modifiers right before the noun ("acacia serving board"), not the verb phrase.
        kept: list[str] = []
        for word in reversed(words):
            bare = word.strip(".,;:!?()'\"").lower()
            if not bare or bare in _STOPWORDS or bare.isdigit() or bare in _SIZE_STOPS:
                break
            kept.append(word.strip(".,;:!?()\"'"))
        if not kept and m.group(1).lower() in ("set", "top", "glass", "board", "tin", "cover", "throw", "jar", "cup", "bag"):
            continue  # too generic on its own
        name = " ".join(list(reversed(kept)) + [m.group(1)])
        found.append((m.start(1) - sum(len(w) + 1 for w in kept), name))
    for m in _PRODUCT_INTL.finditer(text):
        found.append((m.start(), m.group(0).strip()))
    for pattern in (_SKU, _SKU_SHAPE):
        for m in pattern.finditer(text):
            found.append((m.start(1), m.group(1).upper()))
    return _unique(p for _, p in sorted(found))


# es/fr/de/nl product nouns; in es/fr the name usually follows the noun ("botas Oakridge").
_PRODUCT_INTL = re.compile(
    r"(?<![\w-])(botas|zapatillas|zapatos|camisa|chaqueta|vestido|sudadera|jersey|taza|sarten|"
    r"bottes|baskets|chaussures|chemise|veste|robe|pull|tasse|poele|"
    r"stiefel|schuhe|hemd|jacke|kleid|pullover|tasse|pfanne|"
    r"laarzen|schoenen|overhemd|jas|jurk|trui|mok|koekenpan)(?:\s+((?-i:[A-Z])[\w-]+))?(?![\w-])",
    re.IGNORECASE,
)
_SIZE_STOPS = {"xs", "s", "m", "l", "xl", "xxl", "small", "medium", "large", "black", "white", "grey", "navy"}


def _unique(items) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return tuple(seen)


def extract_entities(text: str, *, language: str = "en") -> Entities:
    """Everything the customer named in `text` (already cleaned of quotes and signatures)."""
    emails = tuple(dict.fromkeys(m.group(0) for m in _EMAIL.finditer(text)))
    without_emails = _EMAIL.sub(lambda m: " " * len(m.group(0)), text)
    folded = fold(without_emails)
    return Entities(
        order_numbers=_order_numbers(folded),
        sizes=_sizes(folded),
        colours=_colours(folded, language),
        products=_products(without_emails),
        emails=emails,
    )
