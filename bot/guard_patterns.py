"""Patterns the draft guards look for, in English, Spanish, German and French."""

from __future__ import annotations

import re

from connectors.base import Fulfillment

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# "bob [at] example [dot] org" and friends: an address spelled out to slip past the pattern above.
SPELLED_EMAIL = re.compile(
    r"\b[\w.+-]+\s*(?:\[at\]|\(at\)|\{at\}|\s+at\s+|\s+arroba\s+)\s*[\w-]+\s*"
    r"(?:\[dot\]|\(dot\)|\{dot\}|\s+dot\s+|\s+punto\s+|\s+point\s+|\s+punkt\s+)\s*[a-z]{2,}\b", re.I)
ORDER_NUMBER = re.compile(
    r"(?:#|\b(?:order|bestellung|bestellnummer|auftrag|pedido|commande|bestelling)"
    r"\s*(?:no\.?|nr\.?|n\.?\s?[º°o]\.?|number|número|numero|numéro|nummer)?\s*[:#]?)\s*(\d{3,})", re.I)
BARE_NUMBER = re.compile(r"\b\d{5,}\b")
AMOUNT = re.compile(
    r"(?:€|EUR|USD|US\$|\$|£|GBP|CHF)\s?(\d+(?:[.,]\d{1,2})?)"
    r"|(\d+(?:[.,]\d{1,2})?)\s?(?:€|EUR|euros?|Euro|USD|GBP|CHF)(?!\w)", re.I)
ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})\b")
MONTHS: dict[str, int] = {}
for _n, _names in enumerate((
    "january enero januar janvier jan", "february febrero februar février fevrier feb", "march marzo märz maerz mars mar",
    "april abril avril apr", "may mayo mai", "june junio juni juin jun", "july julio juli juillet jul",
    "august agosto août aout aug", "september septiembre setiembre septembre sep sept",
    "october octubre oktober octobre oct okt", "november noviembre novembre nov", "december diciembre dezember décembre decembre dec dez",
), start=1):
    for _name in _names.split():
        MONTHS[_name] = _n
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?({_MONTH})\b\.?(?:\s+(?:de\s+)?(\d{{4}}))?", re.I)
MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)

LINK = re.compile(r"(?:https?|ftp)://[^\s)>\]]+|!\[[^\]]*\]\([^)]*\)|\[[^\]]+\]\([^)]*\)|\bwww\.[^\s)>\]]+", re.I)
SCHEME = re.compile(r"\b(?:javascript|data|vbscript|file):", re.I)
BARE_DOMAIN = re.compile(
    r"(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:com|net|org|io|ru|cn|xyz|info|biz|co|me|ly|app|dev|shop|store|site|online"
    r"|top|link|click|example|de|fr|es|uk|eu)\b(?:/[^\s)]*)?", re.I)
HTML = re.compile(
    r"<\s*/?\s*(?:script|iframe|img|a|style|object|embed|svg|form|input|meta|link|base|body|html|details|video"
    r"|audio|source|math|textarea|button|div|span|p|b|i|u)\b|\bon[a-z]+\s*=|&(?:#\d+|#x[0-9a-f]+|lt|gt|quot);", re.I)
HIDDEN_CHARS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=])")
HEX_RUN = re.compile(r"\b[0-9a-fA-F]{32,}\b")
PERCENT_ENCODED = re.compile(r"(?:%[0-9A-Fa-f]{2}){2,}")
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d ()./-]{7,}\d(?!\w)")
ADDRESS = re.compile(
    r"\b\d{1,5}\s+(?:[A-Z][\w'.-]+\s+){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Way|Boulevard|Blvd\.?|Close|Court)\b"
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|weg|gasse|platz|allee|ring)\s+\d{1,4}[a-z]?\b"
    r"|\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|bd|chemin|allée|allee|place|impasse|quai)\s+\w"
    r"|\b(?:calle|c/|avda\.?|avenida|plaza|paseo)\s+[\wÁÉÍÓÚáéíóúñÑ ]{2,40}?,?\s*(?:n[º°o]\.?\s*)?\d{1,4}\b", re.I)
TRACKING_SHAPES = re.compile(r"\b[A-Z]{2}\d{9}[A-Z]{2}\b|\b1Z[0-9A-Z]{16}\b|\bJJD\d{10,}\b")
CARRIERS = re.compile(
    r"\b(DHL|UPS|FedEx|USPS|DPD|GLS|Hermes|Evri|Royal Mail|Correos|SEUR|MRW|Colissimo|Chronopost|La Poste"
    r"|Deutsche Post|PostNL|PostNord|An Post|TNT|Amazon Logistics|InPost)\b", re.I)

# Promises only a human may make in this phase: refunds, credits, replacements, dates, approvals.
COMMITMENTS = re.compile(
    r"\b(?:"
    # English
    r"(?:i|we)(?:'ve| have| will|'ll)?\s+(?:issued|processed|approved|refunded|cancell?ed|credited|changed|exchanged"
    r"|updated|sent you|arranged|authori[sz]ed|waived|booked|scheduled|reimbursed)"
    r"|(?:refund|credit|cancellation|exchange|replacement|return|discount)\s+(?:has been|is|was|will be)\s+"
    r"(?:approved|issued|processed|confirmed|sent|granted)"
    r"|(?:will|shall)\s+(?:refund|credit|replace|reimburse|cancel|ship you|send you a (?:new|replacement)|waive|cover)"
    r"|(?:will|should)\s+(?:arrive|be delivered)\s+(?:by|on|tomorrow|today|within|next)"
    r"|you(?:'ll| will)\s+(?:receive|get)\s+(?:a |an |your )?(?:full |partial )?(?:refund|credit|replacement|voucher|discount|new one)"
    r"|you(?:'re| are)\s+(?:eligible|entitled)\s+(?:for|to)"
    r"|guarantee[ds]?|approved|discount code|coupon code|promo code|voucher code|gift card|free of charge"
    r"|full refund|store credit|free replacement|money[- ]back|compensation"
    # Spanish
    r"|reembols(?:aremos|aré)|aprobad[oa]s?|autorizad[oa]|(?:hemos|he)\s+(?:emitido|procesado|tramitado|aprobado"
    r"|cancelado|anulado|reembolsado|cambiado|abonado)|(?:le |te )?(?:devolveremos|cancelaremos|anularemos"
    r"|cambiaremos|abonaremos|enviaremos (?:un|otro) (?:nuevo|reemplazo|repuesto))|reembolso (?:completo|total)"
    r"|(?:código|cupón|vale) (?:de )?descuento|cupón|reemplazo gratuito|garantizad[oa]|garantizamos"
    r"|llegará (?:mañana|hoy|el|antes|en)|recibirá (?:un|el|su) (?:reembolso|reemplazo|cupón|abono)"
    # German
    r"|genehmigt|bewilligt|(?:wir haben|ich habe)\s+(?:\w+\s+){0,4}(?:erstattet|storniert|genehmigt|gutgeschrieben"
    r"|umgetauscht|ersetzt|veranlasst)|(?:wir|ich)\s+(?:werden|werde)\s+(?:\w+\s+){0,4}(?:erstatten|gutschreiben"
    r"|ersetzen|stornieren|zurückzahlen)|wir erstatten|ich erstatte|gutschein(?:code)?|rabattcode"
    r"|kostenlose[nr]? ersatz|(?:volle|vollständige) (?:rück)?erstattung|gutschrift|garantiert"
    r"|wird\s+(?:\w+\s+){0,2}(?:morgen|heute|bis|am)\s+(?:\w+\s+){0,2}(?:geliefert|zugestellt|ankommen)|kommt morgen an"
    # French
    r"|approuvée?s?|autorisée?|(?:nous avons|j'ai)\s+(?:\w+\s+){0,3}(?:remboursé|annulé|approuvé|validé|émis|crédité"
    r"|échangé|remplacé)|nous (?:vous )?(?:rembourserons|annulerons|créditerons|remplacerons"
    r"|enverrons un (?:nouvel?|remplacement))|remboursement (?:complet|intégral|total)|code promo|bon de réduction"
    r"|un avoir|remplacement gratuit|garantie?s?|sera livrée? (?:demain|aujourd'hui|le|avant)"
    r"|arrivera (?:demain|aujourd'hui|le|avant)"
    r")(?!\w)"
    r"|\b\d{1,2}\s?%\s*(?:off|discount|de descuento|descuento|rabatt|de réduction|de remise)\b",
    re.I,
)

# Stating that a refund happened is a fact when the order shows one, a promise when it does not.
REFUND_FACT = re.compile(
    r"\b(?:(?:has been|was|is|have been)\s+refunded|(?:ha sido|fue|han sido)\s+reembolsad[oa]s?"
    r"|wurde\s+(?:\w+\s+){0,2}(?:rück)?erstattet|(?:a|ont) été remboursée?s?|reembolsad[oa]|erstattet|rembours[ée]e?)\b",
    re.I,
)

# Claims about where an order stands; each must match the order the draft talks about.
STATUS_CLAIMS: tuple[tuple[Fulfillment | None, re.Pattern[str]], ...] = (
    (Fulfillment.FULFILLED, re.compile(
        r"\b(?:(?:has|have)\s+(?:been\s+)?(?:dispatched|shipped)|(?:was|were|is)\s+(?:dispatched|shipped)"
        r"|(?:is|are)\s+on\s+(?:its|the|their)\s+way|in transit"
        r"|(?:ya\s+)?(?:ha|han) sido enviad[oa]s?|fue enviad[oa]|(?<!no )se ha enviado|está en camino|en tránsito"
        r"|wurde\s+(?:bereits\s+)?(?:versandt|verschickt|verschifft)|ist unterwegs|ist versandt"
        r"|(?<!pas )(?<!encore )(?:a|ont) été expédiée?s?|est en route|en cours d'acheminement|en transit"
        r"|(?:status|estado|statut)\s*(?:is|es|ist|est)?\s*:?\s*[\"']?(?:shipped|dispatched|enviad[oa]|versandt|expédiée?))\b",
        re.I)),
    (None, re.compile(  # delivery is never in the evidence: carriers' delivery events are not fetched
        r"\b(?:(?:has|have)\s+been\s+delivered|(?:was|were)\s+delivered|out for delivery"
        r"|(?:ha|han) sido entregad[oa]s?|fue entregad[oa]|en reparto"
        r"|wurde\s+(?:bereits\s+)?(?:zugestellt|geliefert)|ist zugestellt|in zustellung"
        r"|(?:a|ont) été livrée?s?|en cours de livraison"
        r"|(?:status|estado|statut)\s*(?:is|es|ist|est)?\s*:?\s*[\"']?(?:delivered|entregad[oa]|zugestellt|geliefert|livrée?))\b",
        re.I)),
    (Fulfillment.CANCELLED, re.compile(
        r"\b(?:(?:has been|was|is)\s+cancell?ed|(?:ha sido|fue)\s+(?:cancelad[oa]|anulad[oa])"
        r"|wurde\s+storniert|ist storniert|(?:a|ont) été annulée?s?)\b", re.I)),
    (Fulfillment.PROCESSING, re.compile(
        r"\b(?:is being prepared|lo estamos preparando|está en preparación|wird vorbereitet"
        r"|en cours de préparation)\b", re.I)),
)
