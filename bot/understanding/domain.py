"""Words that show a message is about the shop at all; without one, a model guess is noise."""

from __future__ import annotations

import re

from bot.understanding.text import fold

# Stems, matched at the start of a folded word ("deliver" covers delivered/delivery). en, es, de, fr, nl.
_STEMS = (
    # orders, shipping, tracking
    "order ordr oder ord purchas bought buy parcel packag pacakg deliver ship dispatch despatch post courier carrier "
    "track arriv tracking customs duty duties address postcode locker collect pickup pick-up depot warehouse "
    "pedido paquete envio entreg llega direccion bestell paket liefer versand sendung zustell adresse commande colis "
    "livr expedi adresse bestelling pakket lever verzend bezorg adres "
    # money
    "refund money paid pay charg price discount code coupon voucher promo offer sale cheap invoice receipt bill vat "
    "card paypal klarna bank credit debit reembols pago cobr descuent factur erstatt geld zahl rabatt gutschein rechnung "
    "rembours paie prix reduc factur terugbetal betal korting factuur "
    # returns, changes, problems
    "return exchang swap cancel refund damag broke crack chip dent torn ripp stain faulty defect leak missing wrong "
    "late lost stolen size colour color fit small big larg medium tight loose stock restock availab sold "
    "devol cambi cancel talla roto retour umtausch storn gro kaputt taille annul cass maat ruil annuleer kapot "
    # accounts, people, law
    "account login log password passwort contrasena email e-mail profil data gdpr dsgvo rgpd privacy delet "
    "human person agent manager supervisor someone somebody phone call ring lawyer solicitor police fraud scam "
    "chargeback dispute court injur burn hospital konto cuenta compte gegevens datos donnees "
    # catalogue and policy
    "product item warranty guarantee material fabric wash wool cotton linen leather vegan waterproof dishwasher "
    "oven induction recommend suggest gift present polic lamp candle vase throw cushion apron mat towel blanket duvet "
    "mug cup plate bowl glass jar pan pot kettle knife board coat jacket jumper sweater shirt dress trouser chino jean "
    "boot shoe sandal sneaker trainer scarf hat bag tote sock fire smok spark melt shock cut telefon telefoon llam "
    "rappel ruckruf bel manag klant client kunde cliente"
)
_PREFIXES = tuple(sorted(set(_STEMS.split()), key=len, reverse=True))
_WORD = re.compile(r"[a-zß-]+")


def mentions_shop(text: str) -> bool:
    """True when at least one word of `text` belongs to the shop's vocabulary."""
    return any(word.startswith(_PREFIXES) for word in _WORD.findall(fold(text)))
