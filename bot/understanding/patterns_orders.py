"""Rules for an existing order: status, details, changes, cancellations, delivery, damage, wrong items."""

from __future__ import annotations

from bot.understanding.rules import Rule, rule

# Shared fragments (folded text: lower case, no accents, ' for every apostrophe).
PARCEL = r"(?:orders?|oder|ordr|odrer|ord\.?|parcel|parcle|package|pacakge|packet|delivery|shipment|stuff|items?|things|purchase|box|goods)"
NUM = r"(?:#\s?\d{3,}|\d{4,})"
REFUNDISH = r"\b(?:refund\w*|money back|reimburs\w*|reembolso|erstattung|ruckerstattung|rembours\w*|terugbetaling|restitutie|return\w*|devoluci\w*|retour\w*|rucksendung)\b"
NOT_ADDRESS = (r"\b(?:address|adress|pick ?-?up point|parcel ?shop|locker|collection point|delivery (?:method|option|type)|express|"
               r"click (?:and|&) collect|house number|postcode|zip ?code|flat number|account|password|e-?mail|home delivery)\b")

STATUS: tuple[Rule, ...] = (
    rule("order/status", 0.9, rf"\bwhere(?:'s|s|\s+is|\s+are|'re|\s+r|\s+has)?\s+(?:my|our|the|me|ma)\s+(?:(?!refund|return|money|exchange)[\w'-]+\s+){{0,3}}?{PARCEL}\b",
         veto=r"\bwhere (?:is|are) the (?:best|nearest)|where do i find|order history", negatable=False),
    rule("order/status", 0.9, rf"\bwhere(?:'s|s|\s+is)?\s+(?:my\s+)?(?:(?:order|ord|oder)\s*(?:no\.?|number|#)?\s*)?{NUM}", negatable=False),
    rule("order/status", 0.85, r"\b(?:is|are)\s+(?:my|the|our)\s+(?:[\w'-]+\s+)?(?:stuff|order|parcel|package|items?|delivery|things)\s+(?:already\s+|still\s+)?on\s+(?:its|the|their)\s+way\b|\b(?:dispatch|despatch|shipping|ship|delivery|arrival)\s+date\s+(?:for|of|on)\b|\bhow long (?:until|till|before)\s+(?:my|the|it|they|order)\b[^.?!]{0,30}\b(?:gets?|arrives?|comes?|is here|reach)|\b(?:commande|colis)\b[^.?!]{0,30}\b(?:est partie|est en route|a ete expediee|est expediee|est envoyee)\b|\bwhere (?:[\w'-]+\s+){0,3}is (?:going|headed|being delivered)\b", negatable=False),
    rule("order/status", 0.8, r"\bwhen will (?:that|it|this) be\b", context=r"\b(?:arrive|arrives|arriving|delivered|ship|shipped|dispatched|order)\b", veto=r"\brefund|\bback in stock\b"),
    rule("order/status", 0.8, r"\bwill (?:it|my order|they|the parcel|my parcel)\s+(?:definitely\s+|still\s+|actually\s+|really\s+)?(?:come|arrive|be here|get here|be delivered)\s+(?:by|on|before|in time)\b", veto=r"\bif i (?:order|buy)\b"),
    rule("order/status", 0.85, r"\bhow(?:'s|s|\s+is)\s+my\s+(?:order|parcel|package|delivery)\b|\bis everything (?:ok|okay|alright|all right) with (?:my\s+)?(?:order|#?\d{4,})|\bstatus (?:hasn't|has not|hasnt|hasn't been|not) (?:changed|updated|moved)\b", negatable=False),
    rule("order/status", 0.85, r"\b(?:when|wen|whn|how soon)\b[^.?!]{0,60}?(?:\b(?:will|would|does|do|is|are|can|should)\b|'ll\b)[^.?!]{0,40}?\b(?:arrive|arriving|ship|shipped|shipping|dispatch(?:ed)?|sent|posted|delivered|deliver|get here|be here|come|coming|turn up|go out|going out|leave|reach me|expect|expected|be with me|land|get it|receive it|receive my|go|be (?:sent|shipped|ready|dispatched|delivered|here))\b",
         veto=rf"\bif (?:i|we) (?:order|buy|place|purchase)|\bbefore i (?:order|buy)|\bdo you (?:ship|deliver|send|dispatch|post|usually|normally)\b|\busually\b|\bnormally\b|\btypically\b|{REFUNDISH}|\brestock|back in stock|in stock\b|\bcode\b|\bemail\b|\bif it doesn't\b|\bback\b(?! to)"),
    rule("order/status", 0.85, r"\b(?:has|have|is|was|did)\s+(?:my\s+|the\s+|our\s+)?(?:order|it|they|parcel|package|this|that|#?\d{4,})\s*(?:#?\d{3,}\s*)?(?:been\s+|already\s+|actually\s+|yet\s+)*(?:shipped|dispatched|sent|posted|left|gone out|go out|sent out|picked up|handed over|on (?:its|the) way|out for delivery)\b",
         veto=REFUNDISH + r"|\bsent back\b"),
    rule("order/status", 0.85, rf"\b(?:order\s*)?{NUM}\s+(?:has|have|was|is)\s+(?:been\s+|already\s+|actually\s+)*(?:sent|shipped|dispatched|posted|left|on (?:its|the) way)\b|\b(?:tell me|let me know|know|check|see|wondering|confirm)\s+(?:if|whether)\s+(?:it|they|my order)(?:'s| has| have|'ve)\s+(?:been\s+|already\s+)*(?:sent|shipped|dispatched|posted|left)\b", veto=REFUNDISH),
    rule("order/status", 0.85, r"\bwhether\s+(?:it|my order|the order|they|order \d+)(?:'s|\s+has|\s+have|\s+is|'ve)\s+(?:been\s+|already\s+)?(?:sent|shipped|dispatched|posted|left)", veto=REFUNDISH),
    rule("order/status", 0.8, r"\b(?:send|give|get|have|need)\s+(?:me\s+)?(?:the\s+|a\s+|my\s+)?tracking\b(?!\s+(?:says|said|shows|showed))|\b(?:tracking|track)\s*(?:number|no|code|link|info|information|details|id|ref|url)\b|\bhow (?:do|can) i track\b|\btrack my (?:order|parcel|package)",
         veto=r"doesn't exist|does not exist|says delivered|shows delivered|hasn't (?:moved|updated|changed)|has not (?:moved|updated)|not (?:moved|updated|changed)|\bi gave\b|\byou gave\b|\bdelivered\b"),
    rule("order/status", 0.85, rf"\b(?:status|update|updates|news|eta|estimated delivery|delivery date|delivery estimate|progress)\s+(?:of|on|for|about|regarding)\s+(?:my\s+|the\s+|our\s+)?(?:order|orders|parcel|package|delivery|shipment|{NUM})|\border status\b|\bstatus of (?:my|the) order|\b(?:expected|estimated) (?:delivery|arrival)(?: date)?\s+(?:for|of)\s+(?:my|the|order)\b|\bstatus of\s+(?:ord(?:er)?\.?\s*)?{NUM}|\b(?:look into|find out|tell me|check|know|see)\s+where\s+(?:it|my order|the order|the parcel|my parcel|my package|they)\s+(?:is|are|has got to)\b",
         veto=REFUNDISH),
    rule("order/status", 0.8, rf"\bcheck\s+(?:on|up on|the status of|whether|if|where)?\s*(?:my\s+|the\s+)?(?:order|parcel|package|{NUM})", veto=REFUNDISH + r"|\breceived\b",
         unless=r"\b(?:can't|cannot|don't) remember\b|\bwhat i ordered\b|\bhow many\b[^.?!]*\bi ordered\b|\bwhether i ordered\b"),
    rule("order/status", 0.85, rf"\b(?:is|are)\s+(?:my order|my parcel|it|they|{NUM}|order\s*#?\d+)\s+(?:still\s+)?(?:coming|arriving|due|going to arrive|on track)\b", veto=REFUNDISH),
    rule("order/status", 0.78, r"\b(?:haven't|have not|havent|not|never|didn't|did not)\s+(?:yet\s+)?(?:had|received|got|gotten|get|seen)\s+(?:a\s+|any\s+|the\s+|my\s+)?(?:shipping|dispatch|shipment|tracking|despatch)\s+(?:confirmation|email|notification|update|number|info)",
         negatable=False),
    rule("order/status", 0.8, r"\b(?:still\s+)?(?:says|shows|showing|stuck on|status is|been|is|in|at|on)\s+['\"]?(?:processing|pending|on hold|in preparation|being prepared|label created|shipment information received|awaiting dispatch|ready to ship|ready for dispatch)\b",
         veto=REFUNDISH + r"|\bpayment\b"),
    rule("order/status", 0.8, r"\b(?:is|will)\s+(?:it|my order|the order|order \d+|\d+|they)\s+(?:still\s+)?(?:going to|gonna|on track to|on track for|likely to)\s+(?:arrive|be here|make it|get here|be delivered)|\bstill on track\b|\bon track for\b"),
    rule("order/status", 0.75, r"\b(?:has|did)\s+(?:\d+|it|my order|order \d+)\s+(?:already\s+)?(?:left|gone|go out|leave)\b|\bleft (?:your|the) warehouse\b", veto=REFUNDISH),
    rule("order/status", 0.45, r"\b(?:it's|its|it has|it is)\s+(?:been\s+)?(?:a|one|two|three|four|five|six|\d)\s+(?:days?|week)\b|\b(?:ordered|paid)\s+(?:on\s+)?(?:\w+\s+)?(?:ago|last \w+|on \w+day|\w+day)\b|\bstill nothing\b|\bnot (?:arrived|here) yet\b|\bhasn't (?:shipped|arrived|come)\b", negatable=False),
    # es / de / fr / nl
    rule("order/status", 0.9, r"\bdonde (?:esta|estan|anda)\s+(?:mi|mis|el)\s+(?:pedido|paquete|envio|compra)|\bcuando\s+(?:llegara|llega|me llega|recibire|lo recibire|me llegara|enviareis|enviaran|sale|saldra|se enviara|van a enviar|lo envian|estara)\b|\b(?:estado|seguimiento) de(?:l)? (?:mi )?pedido|numero de seguimiento|\bsigue (?:en|sin) (?:['\"]?procesando|preparacion|enviarse|enviar|salir)|\b(?:ya )?(?:ha|han) (?:sido )?(?:enviado|salido)\b|\bsin enviarse\b",
         veto=REFUNDISH),
    rule("order/status", 0.85, r"\b(?:ningun|no he recibido (?:el|ningun))\s+(?:correo|email|e-mail|mensaje)\s+de\s+(?:envio|confirmacion)\b|\b(?:aucun|pas d'|pas de)\s*(?:e-?mail|mail|courriel|message) (?:d'expedition|d'envoi|de confirmation d'envoi)\b|\b(?:keine|noch keine)\s+(?:versandbestatigung|versandmail|sendungsnummer)\b|\bgeen (?:verzendbevestiging|verzendmail)\b", negatable=False),
    rule("order/status", 0.9, r"\bwo\s+(?:ist|bleibt)\s+(?:meine?|die|das|der)\s+(?:bestellung|paket|sendung|lieferung|ware)|\bwann\s+(?:kommt|wird|werde|erhalte|bekomme|kann ich|ist)\b|\b(?:schon|bereits)\s+(?:versendet|verschickt|unterwegs|raus|versandt)|\b(?:sendungsnummer|trackingnummer|tracking-nummer|tracking-link|trackinglink)|\bstatus meiner bestellung|\bbestellstatus\b|\bunterwegs\?",
         veto=REFUNDISH + r"|\bwieder\b"),
    rule("order/status", 0.9, r"\bou (?:en )?est (?:ma|mon) (?:commande|colis|livraison)|\bou en est\b|\bquand (?:vais-je|est-ce que je vais|pourrai-je|allez-vous|sera|arrivera|recevrai|va-t-elle|vont)\b|\b(?:numero|lien|code) de suivi|\b(?:a|ont) (?:deja )?ete (?:expediee?s?|envoyee?s?)|\btoujours en (?:preparation|cours de preparation)|\bstatut de (?:ma|la) commande",
         veto=REFUNDISH),
    rule("order/status", 0.9, r"\bwaar (?:is|blijft) (?:mijn|de) (?:bestelling|pakket|pakketje|order|levering)|\bwanneer (?:komt|wordt|krijg|ontvang|word|gaat|kan ik)\b|\b(?:al|nog niet) verzonden|track (?:&|en) trace|\b(?:trackingcode|trackingnummer|volgcode)\b|\bstatus van (?:mijn|de) bestelling|\bverzendbevestiging|\b(?:al\s+)?onderweg\b",
         veto=REFUNDISH),
)

DETAILS: tuple[Rule, ...] = (
    # "Did the total on order 5577 include the multi-buy discount?": what the order's sums were made of.
    rule("order/details", 0.85, r"\b(?:did|does|was|has)\s+(?:the|my|that|this)\s+(?:total|price|invoice|order|charge|amount|bill)\b[^.?!]{0,40}\b(?:include|included|apply|applied|take into account|count|counted|have)\b"
         r"[^.?!]{0,40}\b(?:discount|code|voucher|coupon|offer|promotion|shipping|delivery|vat|tax|gift wrap)",
         context=r"#?\b\d{4,}\b|\bmy order\b|\bthe order\b|\bconfirmation\b|\binvoice\b|\breceipt\b"),
    rule("order/details", 0.9, r"\bwhat\s+(?:did|have)\s+i\s+(?:actually\s+|even\s+|just\s+)?(?:order|ordered|buy|bought|get|purchase)\b|\b(?:remind me|tell me|show me|confirm|check|know|forgot|forget)\s+(?:of\s+)?what\s+i\s+(?:ordered|bought|purchased|picked|chose)\b"),
    rule("order/details", 0.85, r"\b(?:copy of|send|email|e-mail|resend|re-send|need|get|have|want|request|provide|download|issue|make out)\b[^.?!]{0,40}?\b(?:receipt|invoice|proof of purchase|vat invoice|bill)\b",
         veto=r"\bpay(?:ing|ment)?\s+(?:by|on|via|with|per|using)\s+(?:an?\s+)?invoice|\bon invoice\b|\bwhen returning\b|\bto return\b|\bfor a return\b|\bif i return\b"),
    rule("order/details", 0.85, rf"\b(?:receipt|invoice)\s+(?:for|of)\s+(?:my\s+|the\s+|order\s+|this\s+|that\s+)*(?:order|purchase|{NUM})", veto=r"\bpay(?:ing|ment)?\s+(?:by|on|via)\s+invoice"),
    rule("order/details", 0.85, r"\b(?:which|what)\s+(?:sizes?|colou?rs?|items?|products?|version|one|model)\s+(?:did\s+i|have\s+i|i)\s+(?:order|ordered|pick|picked|choose|chose|select|selected|buy|bought|go for|went for|get|got)\b|\b(?:can't|cant|cannot|don't|dont|do not) remember (?:what|which|if|whether)\b[^.?!]{0,40}\b(?:order|pick|chose|choose|bought|got|went for)"),
    rule("order/details", 0.8, r"\bhow much did i (?:pay|spend)\b|\bwhat (?:was|is) (?:the|my) total (?:on|for|of)\b|\bwhat(?:'s| is| was) in (?:my |the )?(?:last |latest |recent |previous |most recent )?order\b|\b(?:which|what) items (?:were|are) in\b|\bitems in (?:my|the) order\b|\border (?:details|summary|contents|breakdown)\b(?![^.?!]*\b(?:pretending|phishing|scam|fake)\b)|\b(?:breakdown|itemi[sz]ed)\b[^.?!]{0,40}\b(?:order|charged|paid|total)\b|\bhow many\b[^.?!]{0,30}\bdid i (?:order|buy)"),
    rule("order/details", 0.8, r"\b(?:what(?:'s| is|s)?|which|confirm)\s+(?:the\s+)?(?:delivery|shipping|billing)?\s*address\s+(?:you have|is|did)\s+(?:on|for)\s+(?:my|the)\b"),
    rule("order/details", 0.8, r"\b(?:was|were|is|are)\s+(?:the\s+|my\s+)?[\w -]{1,20}?\s+included\s+(?:with|in)\s+(?:my|the)\s+order\b"),
    rule("order/details", 0.8, r"\b(?:resend|re-send|send (?:me )?(?:again|another))\b[^.?!]{0,30}\bconfirmation|\bconfirmation\b[^.?!]{0,30}\b(?:resend|re-send|again)\b|\b(?:does|did) my order (?:include|come with|have)\b"),
    rule("order/details", 0.85, r"\b(?:factura|recibo|ticket de compra|que (?:pedi|compre|he pedido)|detalles? del pedido|cuanto pague)\b"),
    rule("order/details", 0.85, r"\b(?:rechnung|quittung|kaufbeleg|was habe ich (?:bestellt|gekauft))\b|\bbestellbestatigung\b[^.?!]{0,30}\b(?:erneut|nochmal|noch einmal)",
         veto=r"\b(?:auf|per|gegen) rechnung\b|rechnungskauf"),
    rule("order/details", 0.85, r"\b(?:facture|un recu|le recu|justificatif d'achat|ticket de caisse|qu'est-ce que j'ai commande|recapitulatif|detail de (?:ma|la) commande)\b"),
    rule("order/details", 0.85, r"\b(?:factuur|aankoopbewijs|kassabon|wat heb ik (?:besteld|gekocht))\b|\borderbevestiging\b[^.?!]{0,30}\b(?:opnieuw|nogmaals)", veto=r"\bop factuur\b|achteraf"),
)

CHANGE: tuple[Rule, ...] = (
    # "if the rust ones are out of stock, could I have navy instead?"
    rule("order/change", 0.85, r"\b(?:could|can|may)\s+i\s+(?:have|get|take)\s+(?:the\s+|a\s+)?[\w-]+(?:\s+(?:one|ones|pair|version|colou?r|size))?\s+instead\b",
         context=r"#?\b\d{4,}\b|\b(?:order|ordered|exchange|swap|sent (?:\w+ )?back|posted (?:\w+ )?back|return)\w*\b",
         veto=r"\bbefore i (?:order|buy)\b|\bif i (?:order|buy)\b"),
    # "she ordered an L but needs an M - could it be changed before it goes out?"
    rule("order/change", 0.88, r"\b(?:could|can|would|may)\s+(?:it|this|that|the order|her order|his order|my order|our order)\s+(?:please\s+)?be\s+(?:changed|swapped|switched|amended|altered|updated)\b",
         context=r"#?\b\d{4,}\b|\b(?:order|ordered)\b", veto=r"\baddress\b|\be-?mail\b|\bpassword\b|\bdelivery (?:date|day|slot)\b"),
    # "can I still put a second wok inside?", "chuck another tea towel in with it"
    rule("order/change", 0.85, r"\b(?:put|add|include|throw|chuck|pop|slip)\s+(?:in\s+)?(?:a|an|another|one more|a second|an extra|two|2)\s+(?:[\w'-]+\s+){0,5}?(?:in|inside|into|to|in with)\b"
         r"(?:\s+(?:it|that|the order|my order|the parcel|the box|the same (?:order|parcel|box)|#?\d{4,}))?",
         context=r"#?\b\d{4,}\b|\b(?:my|the|this) (?:order|parcel|box)\b|\bwith it\b|\binside\b",
         veto=r"\bbasket\b|\bcart\b|\baccount\b|\baddress\b|\bwishlist\b|\bprofile\b"),
    rule("order/change", 0.85, r"\badd\s+(?:a|an|another|one more|a second|a third|two|three|\d+|the matching)\b[^.?!]{0,40}?\b(?:to|onto|into)\s+(?:my\s+|the\s+|this\s+)?(?:order|#?\d{4,})\b"),
    rule("order/change", 0.85, r"\bstatt\s+(?:der|des|dem|den|die|das|einer?|einem)\b[^.?!]{0,50}\b(?:schicken|senden|liefern|bekommen)\b", negatable=False),
    rule("order/change", 0.85, r"\b(?:take|remove|drop|leave)\s+(?:the|my|those|these|that|this)\s+[\w -]{1,30}?\s+(?:off|out of|out)\s+(?:it|the order|my order|order #?\d{4,}|#?\d{4,})\b",
         veto=r"\bif (?:i|you) (?:return|send)\b"),
    rule("order/change", 0.9, r"\b(?:change|changing|switch|swap|amend|modify|edit|alter|update|adjust|correct)\b(?:(?!address|adress|account|password|e-?mail|delivery|pick ?up|locker)[^.?!]){0,60}?\b(?:size|sizes|colou?r|colou?rs|quantity|qty|model|version|style|variant)\b",
         unless=r"^\W*if\b|\bif (?:the|it|they|something|an item|things)\b[^.?!]{0,30}\b(?:doesn't|don't|does not|do not|are too|is too|aren't|isn't|won't)\b",
         veto=r"\bon my account\b|\bif (?:something|an item|things|items|it doesn't|they don't)|\bor do i have to\b|\bbefore i (?:order|buy)|\bdo you (?:allow|let)|\bhow do exchanges"),
    rule("order/change", 0.85, r"\b(?:change|switch|swap|exchange|trade)\s+(?:(?!address|adress|account|password|e-?mail|delivery|pick ?up|locker)[\w#'-]+\s+){1,8}?(?:from\s+(?:an?\s+)?(?:size\s+)?[\w-]+\s+)?(?:to|into|for)\s+(?:an?\s+|the\s+|size\s+|\d|xs\b|s\b|m\b|l\b|xl\b|xxl\b|small\b|medium\b|large\b|bigger|smaller|larger|another|different|black|white|grey|gray|navy|blue|red|green|pink|beige|brown|cream|oat|sage|olive|charcoal|mustard|khaki|king|queen|double|single)",
         unless=r"^\W*if\b|\bif (?:the|it|they|something|an item|things)\b[^.?!]{0,30}\b(?:doesn't|don't|does not|do not|are too|is too|aren't|isn't|won't)\b",
         veto=NOT_ADDRESS + r"|\bif (?:something|an item|things|items|it doesn't|they don't)|\bor do i have to\b|\bbefore i (?:order|buy)|\brefund\b|\bexchange rate"
              r"|\b(?:swap|exchange|return) (?:parcel|package)\b"),
    rule("order/change", 0.85, r"\b(?:add|adding)\s+(?:a\s+|an\s+|another\s+|one more\s+|the\s+|some\s+|\d+\s+|two\s+)?(?:[\w'-]+\s+){0,3}?(?:to|onto|into)\s+(?:my|the|that|this|an?)\s+(?:existing\s+|current\s+)?(?:order|purchase)|\bstill add\b|\badd\b[^.?!]{0,40}\binstead\b",
         veto=r"\bbasket\b|\bcart\b|\bcode\b|\bdiscount\b"),
    rule("order/change", 0.85, r"\b(?:remove|take|drop|delete)\s+(?:the\s+|a\s+|one\s+|my\s+)?(?:[\w'-]+\s+){0,3}?(?:off|from|out of)\s+(?:my\s+|the\s+|that\s+|this\s+)?order\b", veto=r"\baccount\b|\bdata\b"),
    rule("order/change", 0.85, r"\b(?:want|like|prefer|need|have|get)\s+(?:it|them|one|that|this|these)\s+in\s+(?:an?\s+|the\s+)?(?:size\s+)?(?:xs|s|m|l|xl|xxl|small|medium|large|\d\d|black|white|grey|gray|navy|blue|red|green|pink|beige|brown|cream|oat|sage|olive|charcoal|mustard|khaki|[\w-]+ colou?r)\s+instead\b|\bmake\s+(?:it|them|that|the\s+[\w'-]+(?:\s+[\w'-]+)?)\s+(?:an?\s+)?size\s+(?:xs|s|m|l|xl|xxl|\d\d)\b"),
    rule("order/change", 0.85, r"\bchange (?:my|the) order so\b|\b(?:be|get|have|been)\s+(?:swapped|changed|switched|exchanged)\s+(?:to|for|into)\b|\b(?:can|could|would)\s+you\s+(?:also\s+|please\s+)?add\s+(?:a|an|another|one more|a second|\d+|two|some)\b",
         context=r"\b(?:order|#?\d{4,}|it|them)\b", veto=r"\b(?:address|account|note|gift message|basket|cart)\b"),
    rule("order/change", 0.9, r"\b(?:remplacer|sustituir|reemplazar|ersetzen|vervangen)\b[^.?!]{0,50}\b(?:par|por|durch|door)\b"),
    rule("order/change", 0.75, r"\b(?:i\s+)?(?:meant|wanted|intended|was supposed|was meaning)\s+to\s+(?:choose|order|pick|select|get|buy|click|put)\b"),
    rule("order/change", 0.45, r"\b(?:ordered|picked|chose|chosen|selected|clicked|put)\s+(?:the\s+|a\s+)?wrong\s+(?:[\w'-]+\s+)?(?:size|colou?r|one|item|model|variant|thing)|\bwrong (?:size|colou?r) (?:picked|chosen|selected|by me)|\bby mistake\b", negatable=False,
         veto=r"\baccounts?\b|\bsubscri\w+|\bnewsletters?\b|\be-?mails?\b|\bmailing list\b"),
    rule("order/change", 0.8, r"\b(?:make|have|get)\s+(?:it|them|that|the\s+[\w'-]+)\s+(?:an?\s+)?(?:size\s+)?(?:xs|s|m|l|xl|xxl|small|medium|large|\d\d)\s+instead\b|\b(?:an?\s+)?(?:xs|s|m|l|xl|xxl)\s+(?:and\s+)?not\s+(?:an?\s+)?(?:xs|s|m|l|xl|xxl)\b",
         veto=r"\b(?:got|received|sent me|arrived)\b"),
    rule("order/change", 0.85, r"\b(?:prefer|rather have|'d like|would like)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:version|one|colou?r|size|model)\b[^.?!]{0,40}\b(?:i (?:just |have |already )?ordered|in my order|on my order|from my order)\b|\bmake (?:my|the) order\b|\b(?:need|want|prefer)\s+(?:the\s+|a\s+)?(?:bigger|smaller|larger|different|other)\s+(?:size|colou?r|one|version)\b[^.?!]{0,40}\b(?:i ordered|my order|not the)\b|\b(?:substitute|replace)\b[^.?!]{0,40}\b(?:with|for)\b[^.?!]{0,40}\b(?:order|#?\d{4,})|\b(?:order|#?\d{4,})\b[^.?!]{0,40}\b(?:substitute|replace)\b[^.?!]{0,40}\b(?:with|for)\b|\b(?:in|on) (?:my|the) order be (?:a|an|in)\b",
         veto=r"\b(?:address|refund|return label)\b", unless=r"^\W*if\b"),
    rule("order/change", 0.85, r"\bmake\s+(?:the|my)\s+[\w' -]{1,30}?\s+(?:in|on|from)\s+(?:my order|the order|order\s*#?\d+|#?\d{4,})\s+(?:the|a|an)\s+[\w-]+\s+(?:one|version|colou?r|size)\b"),
    rule("order/change", 0.9, r"\bcambiar\b[^.?!]{0,30}\b(?:talla|color|tamano|numero|modelo)\b|\bcambiar(?:lo|la|los|las)? por\b|\bme equivoque de (?:talla|color|numero|modelo)|\bse puede cambiar\b|\b(?:anadir|quitar)\b[^.?!]{0,30}\bpedido",
         veto=r"\bdireccion\b"),
    rule("order/change", 0.88, r"\bvon\s+[\w-]+\s+auf\s+[\w-]+\s+(?:tauschen|andern|umtauschen|wechseln|umstellen)\b|\b(?:bestellung|auftrag)\b[^.?!]{0,60}\b(?:tauschen|umtauschen|andern)\b", veto=r"\b(?:adresse|lieferadresse|anschrift)\b"),
    rule("order/change", 0.85, r"\b(?:in|auf)\s+[\w-]+\s+(?:statt|anstatt)\s+[\w-]+\b", context=r"\bbestell"),
    rule("order/change", 0.9, r"\b(?:gro(?:ß|ss)e|farbe|menge|anzahl|variante)\b[^.?!]{0,50}\b(?:andern|tauschen|wechseln|umtauschen|anpassen)\b|\b(?:andern|tauschen|umtauschen)\b[^.?!]{0,40}\b(?:gro(?:ß|ss)e|farbe)\b|\b(?:umtauschen|tauschen) (?:gegen|in)\b|\bzur bestellung hinzufugen\b",
         veto=r"\b(?:adresse|anschrift)\b"),
    rule("order/change", 0.9, r"\bchanger\b[^.?!]{0,30}\b(?:taille|couleur|pointure|article|quantite)\b|\bechanger\b[^.?!]{0,40}\bcontre\b|\bmodifier (?:ma|la) commande\b|\b(?:me suis )?trompee? de (?:taille|couleur|pointure)|\bajouter\b[^.?!]{0,30}\bcommande",
         veto=r"\badresse\b"),
    rule("order/change", 0.9, r"\b(?:maat|kleur|aantal)\b[^.?!]{0,40}\b(?:wijzigen|veranderen|aanpassen|omruilen|ruilen)\b|\b(?:wijzigen|veranderen|aanpassen|ruilen|omruilen)\b[^.?!]{0,30}\b(?:maat|kleur)\b|\b(?:ruilen|omruilen) (?:voor|tegen)\b|\bbestelling (?:wijzigen|aanpassen|veranderen)|\btoevoegen aan (?:mijn )?bestelling",
         veto=r"\badres\b"),
)

CANCEL: tuple[Rule, ...] = (
    # "pls stop order 12511 going out": halt it before it ships
    rule("order/cancel", 0.88, r"\bstop (?:my |the |this |that )?(?:order|#?\d{4,}|it|parcel|shipment)\b(?:\s+#?\d{4,})?\s+(?:from\s+)?(?:going out|being (?:sent|shipped|dispatched|posted)|shipping|leaving)\b",
         veto=r"\bif\b|\bcan you\b[^.?!]{0,20}\bafter\b"),
    rule("order/cancel", 0.92, r"\bcancel(?:l?ing|l?ation)?\b(?!\s+(?:policy|policies|fee|fees|window|terms))(?!\s+(?:my\s+|the\s+|a\s+)?(?:account|subscription|newsletter|membership|dispute|chargeback|return|refund|exchange))",
         veto=r"\b(?:was|were|been|got|is|are|being)\s+(?:\w+\s+)?cancel|\bcancel(?:l)?ation (?:policy|fee)"
              r"|\b(?:you|they|your (?:team|colleague))\s+(?:already\s+)?(?:confirmed|processed|accepted|approved|did|made|completed)\s+(?:on \w+\s+)?(?:the|my|our)\s+cancel"
              r"|\bcancel(?:l)?ation\b[^.?!]{0,25}\b(?:went through|has gone through|was (?:processed|confirmed|accepted|done)|is (?:done|confirmed))\b"),
    rule("order/cancel", 0.85, r"\b(?:bestellung|kauf|auftrag)\b[^.?!]{0,30}\bwiderrufen\b"),
    rule("order/cancel", 0.9, r"\b(?:wants?|wanted|like|likes|needs?|have|has|get)\s+(?:it|this|that|the order|my order|them|order\s*#?\d+|\d{4,})\s+cancel+ed|\b(?:can|could)\s+(?:it|this|the order|my order|order\s*#?\d+|#?\d{4,}|they|that|one)\s+(?:still\s+)?be\s+cancel+ed"),
    rule("order/cancel", 0.88, r"\b(?:scrap|void|call off|withdraw|abort|kill)\s+(?:my|the|this|that|it|order)\b|\bbe\s+stopped\s+(?:before|from)\b|\bstop (?:it|the order|my order|the parcel|dispatch|it being sent|it from being sent|the delivery)\b",
         veto=r"\b(?:texts?|sms|e-?mails?|notifications?|messages|updates|newsletters?|alerts|reminders)\b"),
    rule("order/cancel", 0.8, r"\b(?:stop|halt)\s+(?:my|the|this)\s+order\b|\b(?:don't|do not)\s+(?:send|ship|dispatch)\s+(?:it|my order|the order)", negatable=False,
         veto=r"\b(?:texts?|sms|e-?mails?|notifications?|messages|updates|newsletters?|alerts|reminders)\b"),
    rule("order/cancel", 0.92, r"\b(?:cancelar|cancelad|cancelen|cancela|cancelacion|anular|anulad|anulen|anulacion)\b|\bstornier(?!te[nmrs]?\b|t wurde)\w*|\bstorno\b|\bannul(?:er|ez|ation|e)\b|\bannuleer\w*|\bannuleren\b|\bannulering\b"),
)

ADDRESS: tuple[Rule, ...] = (
    rule("shipping/address_change", 0.9, r"\b(?:change|changing|update|updating|correct|correcting|fix|amend|edit|modify|alter|switch)\b[^.?!]{0,30}?\b(?:delivery |shipping |postal |home |street |the |my )?(?:address|adress|addres|postcode|post code|zip ?code|house number|flat number|apartment number|street name|door number)\b",
         unless=r"\b(?:login|log-in|sign-?in|account) e-?mail\b|\bnothing pending\b|\bfor next time\b",
         veto=r"\b(?:saved|default)\s+address|\baddress saved\b|\bsaved in (?:it|my account)\b|\bfor next time\b|\b(?:in|on|from|to)\s+my\s+(?:account|profile)\b|\baddress book\b|\be-?mail address\b|\b(?:login|work|old|personal) e-?mail\b|\bhow (?:do|can) i (?:change|update)\b[^.?!]{0,30}\baccount"),
    rule("shipping/address_change", 0.9, r"\b(?:wrong|incorrect|old|misspelt|misspelled|typo in (?:my|the))\s+(?:delivery |shipping |home )?(?:address|adress|postcode|post code|zip ?code|house number|flat number|street|street name|door number|apartment number)",
         veto=r"\bdelivered\s+to\b|\bleft\s+at\b|\b(?:courier|driver|carrier|postman)\b|\bsent (?:it |them )?to the wrong\b|\b(?:data|account|profile|e-?mail|password|records|systems?)\b|\bcancel\b|\breorder\b"),
    rule("shipping/address_change", 0.85, r"\b(?:spelt|spelled|typed|entered|put|wrote|misspelt|misspelled|gave)\s+(?:in\s+)?(?:you\s+)?(?:my\s+|the\s+)?(?:old\s+)?(?:street|address|postcode|house number|street name|city|town|zip)\b[^.?!]{0,20}?\b(?:wrong|wrongly|incorrectly|by mistake)"),
    rule("shipping/address_change", 0.9, rf"\b(?:send|ship|deliver|redirect|divert|forward|re-route|reroute|post)\s+(?:it|them|my order|the order|the parcel|my parcel|the package|my package|order\s*#?\d+|{NUM}|this|everything|my\s+[\w'-]+)\s+(?:[\w'-]+\s+){{0,2}}?to\s+(?:my\s+|a\s+|the\s+|our\s+)?(?:new|work|office|other|different|parents'?|mum'?s|mom'?s|mother'?s|sister'?s|brother'?s|friend'?s|neighbou?r'?s?|partner'?s|holiday|second|correct|right|updated|alternative)\b|\b(?:deliver|send|ship|leave)\s+(?:it|them|my order|the order|my parcel|the parcel|my package|order\s*#?\d+)\s+(?:to|with|at)\b[^.?!]{0,40}\binstead\b"),
    rule("shipping/address_change", 0.85, r"\b(?:address|adress|postcode|post code|zip ?code|house number|flat number|street name|street)\s+(?:is|was|on (?:the|my) order is)\s+(?:wrong|incorrect|misspelt|misspelled|out of date|outdated)\b|\b(?:change|switch|move|reschedule|rearrange)\s+(?:my\s+|the\s+)?delivery\s+(?:to|date|day|slot|time)\b",
         veto=r"\b(?:e-?mail|password|account|profile)\b"),
    rule("shipping/address_change", 0.85, r"\b(?:redirect|redirected|redirecting|divert|diverted|re-?route|re-?routed|forward(?:ed)? (?:it|my parcel|the parcel))\b|\b(?:sent|delivered|shipped|posted)\s+to\s+(?:my\s+)?(?:new|work|office|parents'?|mum'?s|mom'?s|sister'?s|brother'?s|friend'?s|partner'?s|holiday)\b[^.?!]{0,20}\b(?:instead|please|address|house|flat)\b",
         veto=r"\bdelivered to (?:the )?wrong\b|\bwas delivered\b"),
    rule("shipping/address_change", 0.85, r"\b(?:change|update|correct)\s+(?:it|that|this)\s+(?:on|for)\s+(?:my\s+|the\s+)?(?:order|current order|#?\d{4,})", context=r"\baddress"),
    rule("shipping/address_change", 0.85, r"\b(?:is|it's|its|it is)\s+(?:going|being sent|set to go|addressed)\s+to\s+my\s+old\b|\bmy\s+old\s+(?:flat|address|house|place|home)\b[^.?!]{0,40}\b(?:change|update|instead|send)"),
    rule("shipping/address_change", 0.6, r"\b(?:new|updated|different|correct)\s+address\b|\b(?:i've|i have|we've|we have|just)\s+moved(?:\s+house|\s+flat|\s+home)?\b",
         veto=r"\baccount\b|\bprofile\b|\bmoved into\b|\b(?:she|he|they|who|who's|whos|sister|brother|daughter|son|friend|mum|mom|dad|parents?)\s+(?:has|have|had)?\s*just moved\b"),
    rule("shipping/address_change", 0.85, r"\b(?:pick ?-?up point|pickup location|parcel ?shop|parcel locker|locker|collection point|post office|click (?:and|&) collect|my (?:office|work|workplace))\b",
         context=r"\b(?:instead|switch|change|redirect|send it|deliver it|can (?:it|my order) be|could you (?:deliver|send)|rather)\b", veto=r"\bdo you\b|\bor only\b|\bdropped\b|\breturn\b"),
    rule("shipping/address_change", 0.85, r"\b(?:upgrade|switch|change)\s+(?:[\w'-]+\s+){0,3}?(?:to|for)\s+(?:express|next[- ]day|priority|faster|tracked|standard)\b|\b(?:change|switch)\s+(?:the\s+|my\s+)?(?:delivery|shipping)\s+(?:method|option|type|speed)\b"),
    rule("shipping/address_change", 0.9, r"\bcambiar\b(?:(?!e-?mail|correo)[^.?!]){0,30}\bdireccion(?!\s+de\s+(?:e-?mail|correo))|\bdireccion\b[^.?!]{0,20}\b(?:equivocada|incorrecta|erronea|nueva|antigua)|\bme (?:he mudado|mude)\b|\b(?:a|en) (?:mi )?(?:oficina|trabajo) en (?:vez|lugar) de\b|\ben vez de a casa\b"),
    rule("shipping/address_change", 0.9, r"\b(?:lieferadresse|adresse|anschrift|hausnummer|postleitzahl)\b[^.?!]{0,40}\b(?:andern|korrigieren|anpassen|aktualisieren)\b|\b(?:andern|korrigieren)\b[^.?!]{0,30}\b(?:adresse|anschrift)|\bfalsche (?:adresse|hausnummer|postleitzahl|anschrift)|\b(?:adresse|hausnummer|postleitzahl|anschrift|strasse|straße)\b[^.?!]{0,30}\b(?:vertippt|falsch angegeben|falsch eingegeben|falsch)\b|\bvertippt\b|\b(?:bin|sind) umgezogen\b|\bpackstation\b"),
    rule("shipping/address_change", 0.9, r"\b(?:changer|modifier|corriger)\b[^.?!]{0,30}\badresse|\badresse\b[^.?!]{0,20}\b(?:erronee|incorrecte|fausse|nouvelle)|\b(?:j'ai|nous avons) demenage|\bpoint relais\b|\ba une autre adresse\b",
         veto=r"\b(?:livrez|livrez-vous|expediez|envoyez)[- ]vous\b|\bvous (?:livrez|expediez|envoyez)\b|\best-ce que vous livrez\b"),
    rule("shipping/address_change", 0.9, r"\badres\w*\b[^.?!]{0,30}\b(?:wijzigen|aanpassen|veranderen|corrigeren)\b|\b(?:wijzigen|aanpassen|veranderen|corrigeren)\b[^.?!]{0,30}\badres|\bverkeerd\w* (?:adres|huisnummer|postcode)|\b(?:ben|zijn) verhuisd\b|\b(?:afhaalpunt|pakketpunt|ander adres)\b"),
)
