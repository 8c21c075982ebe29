"""Italian cues for the intents customers write most, so an Italian message is read, not guessed.

The other languages we serve sit beside their English rules, intent by intent; Italian came later and
its cues are kept together here. Text is folded (lower case, accents removed: "è" is "e").
"""

from __future__ import annotations

from bot.understanding.rules import Rule, rule

_ORDER = r"\b(?:ordine|ordinazione|acquisto|pacco|spedizione|#?\d{4,})\b"

ITALIAN: tuple[Rule, ...] = (
    rule("order/status", 0.9, r"\bdov'?e (?:finito |finita )?(?:il mio|la mia|il|l')\s*(?:ordine|pacco|spedizione|acquisto)\b"
         r"|\bquando (?:arriva|arrivera|arriveranno|mi arriva|ricevero|spedite|spedirete|sara spedit[oa]|partira)\b"
         r"|\b(?:e|sono) (?:gia |stat[oa] )?(?:spedit[oa]|partit[oa])\b[^.!]{0,30}\?|\bstato (?:del(?:l'| mio)?|dell'?)\s*(?:ordine|spedizione)\b"),
    rule("order/details", 0.85, r"\b(?:fattura|ricevuta|scontrino|riepilogo (?:dell'?)?ordine)\b|\bcosa ho ordinato\b"),
    rule("order/change", 0.9, r"\b(?:cambiare|modificare|sostituire|aggiungere|togliere)\b[^.?!]{0,50}\b(?:taglia|colore|misura|quantita|articolo|modello|ordine)\b"
         r"|\b(?:ordine|acquisto)\b[^.?!]{0,50}\b(?:cambiare|modificare|aggiungere)\b",
         veto=r"\bindirizzo\b|\b(?:password|account|e-?mail)\b"),
    rule("order/cancel", 0.9, r"\b(?:annullare|cancellare|annullate|cancellate|annullarlo|annullarla|disdire)\b[^.?!]{0,40}" + _ORDER
         + r"|" + _ORDER + r"[^.?!]{0,40}\b(?:annullare|cancellare|annullato|annullata|annullarlo|annullarla)\b"),
    rule("shipping/address_change", 0.9, r"\b(?:cambiare|modificare|aggiornare|correggere)\b[^.?!]{0,30}\bindirizzo\b|\bindirizzo\b[^.?!]{0,30}\b(?:sbagliato|errato|vecchio)\b"),
    rule("shipping/delivery_issue", 0.9, r"\bnon (?:ho|abbiamo) (?:mai |ancora )?ricevuto\b|\brisulta consegnat[oa]\b|\b(?:pacco|ordine|spedizione)\b[^.?!]{0,30}\b(?:pers[oa]|smarrit[oa]|fermo|bloccat[oa])\b"
         r"|\bmai arrivat[oa]\b|\bnon (?:e|sono) (?:mai |ancora )?arrivat[oa]\b[^.?!]{0,40}\b(?:giorni|settimane|settimana)\b"),
    rule("order/damaged", 0.9, r"\b(?:rott[oaie]|danneggiat[oaie]|difettos[oaie]|rovinat[oaie]|graffiat[oaie]|crepat[oaie]|ammaccat[oaie]|strappat[oaie])\b|\bnon funziona(?:no)?\b"),
    rule("order/wrong_item", 0.9, r"\b(?:articolo|taglia|colore|prodotto|modello|misura) sbagliat[oa]\b|\bnon e (?:quello|cio) che ho ordinato\b|\bho ricevuto\b[^.?!]{0,40}\binvece\b|\bmanca(?:no|va)?\b"),
    rule("return/request", 0.88, r"\b(?:vorrei|voglio|devo|vorremmo)\s+(?:restituire|rendere|fare (?:il|un) reso|rimandare)\b|\b(?:richiedere|avviare|aprire) (?:il |un )?reso\b|\betichetta (?:di|per il) reso\b"),
    rule("return/policy", 0.9, r"\bquanti giorni\b[^.?!]{0,40}\b(?:restituire|reso|rendere|cambiare)\b|\b(?:politica|condizioni|termini) di reso\b|\b(?:il )?reso (?:e )?gratuito\b"
         r"|\bsi (?:puo|possono) (?:restituire|cambiare|rendere)\b|\bposso (?:restituire|cambiare|rendere)\b[^.?!]{0,60}\?", negatable=False),
    rule("refund/request", 0.9, r"\b(?:vorrei|voglio|chiedo|richiedo|rivoglio)\s+(?:il |un |indietro i )?(?:rimborso|soldi|miei soldi)\b|\brimborsate?mi\b|\bridatemi i (?:miei )?soldi\b"),
    rule("refund/status", 0.88, r"\brimborso\b[^.?!]{0,50}\b(?:non (?:e|ho)|ancora|quando|arrivat[oa]|ricevut[oa]|accreditat[oa])\b"),
    rule("billing/payment_issue", 0.9, r"\baddebitat[oaie]\b[^.?!]{0,40}\b(?:due volte|doppio|troppo)\b|\b(?:due volte|doppio addebito)\b|\bpagamento\b[^.?!]{0,30}\b(?:rifiutato|fallito|non (?:e )?andato)\b"),
    rule("discount/request", 0.85, r"\b(?:potete|potreste|mi fate|mi fareste|mi date)\b[^.?!]{0,20}\bsconto\b|\bcodice (?:sconto|promozionale)\b[^.?!]{0,40}\b(?:non funziona|scadut[oa]|applicare)\b"),
    rule("meta/human_request", 0.9, r"\b(?:parlare|scrivere) con (?:una persona|un operatore|qualcuno|un essere umano)\b|\bun operatore\b"),
    rule("account/help", 0.88, r"\b(?:accedere|accesso|password|login)\b[^.?!]{0,40}\b(?:non riesco|non funziona|dimenticat[oa]|reimpostare)\b|\bnon riesco ad? accedere\b"),
    rule("account/privacy", 0.9, r"\b(?:cancellare|eliminare)\b[^.?!]{0,20}\b(?:il mio account|i miei dati)\b|\bdati personali\b"),
    rule("product/availability", 0.88, r"\b(?:disponibil[ei]|esaurit[oaie]|di nuovo disponibile|torna(?:no)? disponibil[ei]|in magazzino)\b"),
    rule("product/size_fit", 0.88, r"\bche (?:taglia|misura|numero)\b|\b(?:veste|vestono|calza|calzano) (?:grande|grandi|piccol[oaie]|giust[oa])\b|\btabella (?:delle )?taglie\b"),
    rule("shipping/policy", 0.88, r"\bspedite (?:in|a|verso|anche)\b|\bcosti? di spedizione\b|\bspedizione gratuita\b|\btempi di (?:consegna|spedizione)\b", negatable=False),
    rule("product/recommendation", 0.85, r"\b(?:mi consigliate|cosa consigliate|consiglio|consigliereste|suggerite)\b"),
)
