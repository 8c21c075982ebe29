"""Rules for money and returns: refund and return status/requests, return policy, discounts, store policy."""

from __future__ import annotations

from bot.understanding.rules import Rule, rule

_GENERIC = r"\b(?:usually|normally|generally|typically|in general|on average|tend to)\b"
_PRICE_DROP = (r"\b(?:reduced|price (?:drop|dropped|went down|has dropped|was reduced|is lower)|went on sale|on sale|cheaper now|now \d+\s?% off|"
               r"\d+\s?% off|marked down|lower price|sale price|price cut|dropped in price|baisse|a baisse|rebajad\w*|reduziert|goedkoper|afgeprijsd)\b")
_DIFFERENCE = r"\b(?:(?:refund|back|return)\s+(?:me\s+)?the difference|the difference (?:back|refunded)|(?:rembourser|rembourse) la difference)\b"
# Chasing a refund already promised: the timescale or "where things are" with it.
_REFUND_CHASE = (r"\bwhere (?:things|it|we|matters) (?:are|is|stands?) (?:with|on) (?:my|the|our) refund\b|"
                 r"\brefund\b[^.?!]{0,40}\b(?:was|were|is) (?:supposed|meant|due|expected) to (?:take|be|arrive|come|land)\b")
_HYPOTHETICAL = r"\b(?:if|in case|might|may need|maybe|possibly|thinking (?:of|about)|considering|before (?:i|ordering|buying)|would i|do i get|will i get|policy)\b"

REFUND_STATUS: tuple[Rule, ...] = (
    # "I can see the refund was issued on Monday - will it go back on my card?": about a refund already under way.
    rule("refund/status", 0.85, r"\brefund\b(?:[^.?!]|\.\d){0,40}\b(?:was|has been|had been|got|is being)\s+(?:issued|processed|sent|approved|actioned|initiated|paid out)\b",
         context=r"\?|\bjust checking\b|\bwhen\b|\bhow long\b", negatable=False),
    # "the money still isn't back on my card", "until now the money is not back"
    rule("refund/status", 0.88, r"\b(?:money|refund|amount|payment|sum)\b[^.?!]{0,30}\b(?:still\s+)?(?:isn'?t|is not|not|hasn'?t|has not|never)\s+(?:yet\s+|still\s+)?(?:back|been (?:returned|credited|refunded)|come back|arrived|showing|shown)\b"
         r"|\b(?:on|in) my (?:bank|account|card|statement)\b[^.?!]{0,30}\b(?:still nothing|nothing yet|i see (?:still )?nothing|no (?:money|refund))\b", negatable=False),
    rule("refund/status", 0.92, r"\bwhere(?:'s|s|\s+is|\s+are)?\s+(?:my|the|our)\s+(?:[\w'-]+\s+){0,2}?(?:refund|money|reimbursement|credit)\b", negatable=False),
    rule("refund/status", 0.9, r"\b(?:haven't|have not|havent|not|never|still not|still haven't|didn't|did not|yet to|no)\s+(?:yet\s+)?(?:received|got|gotten|seen|had|get|receive|see)\s+(?:back\s+)?(?:my\s+|the\s+|a\s+|any\s+|your\s+)?(?:refund|money back|money|reimbursement)\b",
         negatable=False),
    rule("refund/status", 0.9, r"\brefund\b[^.?!]{0,50}?\b(?:hasn't|has not|hasnt|still hasn't|not yet|still not|never|isn't|is not|didn't|did not|hasn't yet|still isn't)\b[^.?!]{0,20}?\b(?:arrived|come|shown|appeared|gone|been|reached|landed|through|processed|received|showing|there|on my|in my|back)\b|\brefund\s+(?:is\s+)?(?:still\s+)?(?:not|isn't)\s+(?:on|in|showing|there|back)\b",
         negatable=False),
    rule("refund/status", 0.85, r"\b(?:when|how long|how many days)\b[^.?!]{0,40}?\b(?:my|the|this|that|your)\s+refund\b|\bhow long\b[^.?!]{0,30}\buntil\b[^.?!]{0,30}\b(?:shows?|appears?|arrives?|lands?|reach(?:es)?|comes? through|is back)\b[^.?!]{0,20}\b(?:card|account|bank|statement)\b|\bwhen (?:will|do|should|can) i (?:get|see|expect|receive) (?:my|the) (?:money|refund)\b|\bwhen do i get my refund\b",
         veto=_GENERIC + r"|\bif\b", negatable=False),
    rule("refund/status", 0.7, r"\brefund\b[^.?!]{0,40}?\b(?:was|has been|had been|been|got|is|were)\s+(?:already\s+)?(?:approved|processed|issued|confirmed|sent|authori[sz]ed|initiated|completed|done|on (?:its|the) way|put through)\b|\b(?:saying|said|says|confirming|confirmed)\b[^.?!]{0,30}\b(?:refunded|processed|refund)\b",
         negatable=False, veto=r"\bwhat\b[^.?!]*\bpolicy\b"),
    rule("refund/status", 0.85, r"\b(?:nothing|not|still nothing|no money|nothing yet|nothing has)\s+(?:has\s+|is\s+)?(?:\w+\s+)?(?:on|in|showing on|back on|back in|appeared on|appeared in|reached|hit|shown on|arrived in|arrived on)\s+my\s+(?:card|account|bank|statement|bank account|credit card|paypal)\b|\b(?:card|bank|statement|account)\s+(?:still\s+)?(?:shows|says|has)\s+nothing\b|\bstill nothing on\b|\b(?:still\s+)?waiting (?:for|on) (?:my|the|a|this) refund\b|\b(?:still\s+)?no (?:sign of (?:my|the|a)\s+)?refund\b(?!\s+(?:policy|if|for (?:sale|personali)))",
         negatable=False),
    rule("refund/status", 0.85, r"\b(?:has|have|did)\s+(?:my|the)\s+(?:refund|money)\s+(?:been\s+|already\s+)?(?:processed|issued|sent|gone through|go through|come through|returned|refunded)\b|\bdid you (?:process|issue|send|do)\s+(?:my|the)\s+refund\b|\b(?:status|update|news)\s+(?:of|on|about|regarding)\s+(?:my|the)\s+refund\b|\brefund(?:ed)? yet\b|\bhas my money been\b|\bprocess(?:ed)? my refund yet\b|\brefund\?\?|^\W*refund\?",
         negatable=False),
    rule("refund/status", 0.88, r"\b(?:has|have|did)\s+(?:my|the)\s+refund\b[^.?!]{0,30}?\b(?:been processed|gone through|go through|come through|processed|been issued|been sent|arrived|cleared)\b|\b(?:you said|you'd|you would|you promised|you told me|you confirmed)\b[^.?!]{0,30}\brefund|\b(?:can't|cannot|can not|don't|do not)\s+see\s+(?:it|the refund|anything|the money)\s+(?:on|in)\s+my\s+(?:statement|account|card|bank)",
         context=r"\brefund", negatable=False),
    rule("refund/status", 0.85, r"\b(?:when|how long|how many days)\b[^.?!]{0,50}\b(?:money|refund|it)\b[^.?!]{0,30}\b(?:be\s+)?back\s+(?:in|on|to)\s+my\s+(?:account|card|bank|paypal)\b", veto=_GENERIC, negatable=False),
    rule("refund/status", 0.85, _REFUND_CHASE, negatable=False),
    rule("refund/status", 0.85, r"\b(?:was|has|is|were)\s+my\s+refund\b|\bmy refund\s+(?:been\s+)?(?:sent|paid|issued|returned)\s+to\b", negatable=False),
    rule("refund/status", 0.8, r"\b(?:nothing|not|never)\s+(?:has\s+)?(?:appeared|arrived|come through|shown up|showed up|turned up|landed|reached me)\b", context=r"\brefund", negatable=False,
         veto=r"\b(?:order|parcel|package|delivery|shipment|boots?|coat|item)\b|#?\d{4,}"),
    rule("refund/status", 0.9, r"\b(?:donde|cuando)\b[^.?!]{0,30}\b(?:reembolso|devolucion del dinero|mi dinero)\b|\b(?:no|todavia no|aun no)\s+(?:he recibido|me ha llegado|veo|tengo)\s+(?:el|mi)\s+(?:reembolso|dinero)\b|\breembolso\b[^.?!]{0,30}\b(?:todavia|aun) no\b", negatable=False),
    rule("refund/status", 0.9, r"\bwo (?:bleibt|ist) (?:meine|die|mein) (?:ruck)?(?:erstattung|gutschrift|geld)\b|\b(?:noch )?(?:keine|nicht) (?:ruck)?erstattung\b|\b(?:ruck)?erstattung\b[^.?!]{0,30}\bnoch (?:nicht|nichts|immer nicht)\b|\bwann (?:bekomme|erhalte) ich (?:mein geld|die (?:ruck)?erstattung)\b|\bnoch kein geld\b", negatable=False),
    rule("refund/status", 0.9, r"\bremboursement\b[^.?!]{0,80}\b(?:toujours rien|toujours pas|pas encore|n'ai (?:toujours )?pas|ne vois (?:toujours )?rien|ou en est|quand)\b|\bje ne vois (?:toujours )?rien sur mon compte\b|\b(?:toujours pas|pas encore|jamais)\s+(?:recu|vu|eu)\b[^.?!]{0,20}\b(?:mon|le|du)\s+remboursement\b|\bquand (?:serai-je|vais-je etre) rembourse", negatable=False),
    rule("refund/status", 0.88, r"\bwanneer\b[^.?!]{0,30}\b(?:geld terug|terugbetaling|restitutie|terugbetaald)\b", negatable=False),
    rule("refund/status", 0.9, r"\b(?:terugbetaling|restitutie|geld)\b[^.?!]{0,40}\b(?:nog steeds niet|nog niet|niet ontvangen)\b|\bwaar blijft (?:mijn|de) (?:terugbetaling|restitutie|geld)\b|\bnog (?:steeds )?geen (?:terugbetaling|restitutie|geld)\b", negatable=False),
)

RETURN_STATUS: tuple[Rule, ...] = (
    # "has my swap parcel got to you?", "my exchange parcel - have you got it yet? posted it a week ago"
    rule("return/status", 0.88, r"\b(?:swap|exchange|return|returns|returned)\s+(?:parcel|package|item|box)\b[^.?!]{0,40}\b(?:got to you|reached you|arrived|have you (?:got|received|had)|did you (?:get|receive))\b"
         r"|\b(?:has|have|did)\s+(?:my\s+)?(?:swap|exchange|return|returns)\s+(?:parcel|package|item|box)?\s*(?:got to you|reached you|arrive|arrived|come in)\b"
         r"|\bhas it been (?:checked|booked|logged|processed) in\b"),
    # "I have sent back the loafers 10 days ago. You have them already received?"
    rule("return/status", 0.85, r"\b(?:sent|posted|shipped|mailed|dropped off|returned)\s+(?:[\w'-]+\s+){0,4}?back\b|\b(?:sent|posted|shipped|mailed)\s+(?:it|them|the \w+)\s+back\b",
         context=r"\b(?:receiv\w*|got (?:it|them)|arriv\w*|reach(?:ed)? you|gone through|heard|processed|made it)\b", veto=_HYPOTHETICAL),
    rule("return/status", 0.88, r"\b(?:rucksendung|retoure|ruckversand)\b[^.?!]{0,60}\b(?:bei ihnen|bei euch|angekommen|eingetroffen|zugestellt)\b"),
    rule("return/status", 0.9, r"\b(?:has|have|did|is)\b[^.?!]{0,50}?\b(?:return|returned|exchange|parcel back|sent back|send back)\b[^.?!]{0,30}?\b(?:received|reached|arrived|arrive|reach|got there|get there|get to you|got to you|reach you|reached you|make it back|been processed|processed|checked in|logged)\b",
         veto=r"\brefund\b|\bhow long\b"),
    rule("return/status", 0.9, r"\b(?:did|have|has)\s+(?:you|u|the warehouse|your warehouse|your team|you guys)\s+(?:\w+\s+)?(?:get|got|receive|received)\s+(?:my|the)\s+(?:\w+\s+)?(?:return|returns|exchange|parcel|package|item|items|returned)\b|\b(?:reached|arrived at|got to|get to)\s+(?:your|the)\s+(?:warehouse|returns centre|returns center|returns department)\b|\bconfirm (?:you've|you have) (?:got|received) (?:it|my return|the return|them)\b|\byou should have (?:my return|it|them) by now\b",
         veto=r"\brefund\b"),
    rule("return/status", 0.9, r"\b(?:status|update|news|progress)\s+(?:of|on|for|about|regarding)\s+(?:my|the)\s+(?:return|exchange)\b|\b(?:my|the)\s+return\s+(?:still\s+)?(?:says|shows|status)\b|\bawaiting (?:return|parcel|item|returned item)\b|\bin transit to (?:the )?warehouse\b|\breturn(?:s)? (?:portal|page|tracking) (?:still )?(?:says|shows)\b|\bwhat's happening with my (?:return|exchange)\b|\bcheck(?: on)? (?:the status of )?(?:my|the) return\b|\bany (?:news|update) on (?:my|the) (?:return|exchange)\b",
         veto=r"\brefund\b"),
    rule("return/status", 0.85, r"\b(?:has|have|did)\s+(?:it|they|them|the parcel|the package)\s+(?:been\s+|already\s+)*(?:checked in|received|processed|arrived|got there|reached (?:you|your warehouse))\b",
         context=r"\breturn|\b(?:sent|posted|dropped)\s+(?:it|them|\w+)\s+(?:back|off)\b", veto=r"\brefund\b"),
    rule("return/status", 0.85, r"\b(?:when|if|whether|once)\s+(?:it|they)\s+(?:arrives?|gets?|reach(?:es)?|lands?|turns? up)\s+(?:at\s+|to\s+|with\s+)?(?:your end|you|your warehouse|the warehouse|your returns)\b",
         context=r"\breturn|\b(?:sent|posted|dropped)\s+(?:it|them|\w+)\s+(?:back|off)\b", veto=r"\brefund\b"),
    rule("return/status", 0.9, r"\b(?:ha llegado|habeis recibido|recibisteis|os ha llegado)\b[^.?!]{0,40}\b(?:devolvi|devuelto|devolucion)\b"),
    rule("return/status", 0.88, r"\b(?:return|returned|returning)\s+(?:[\w'-]+\s+)?(?:has|have|was|were)\s+(?:been\s+|already\s+)*(?:received|processed|checked in|arrived|delivered|logged)\b|\b(?:did|have|has)\s+(?:you|your team|the warehouse)\s+(?:\w+\s+)?(?:get|got|receive|received)\s+(?:the|my)\s+[\w' -]{1,30}?\s+(?:i|we)\s+(?:sent|posted|returned|dropped off)(?:\s+back)?\b|\b(?:avez-vous|vous avez)\s+(?:bien\s+)?recu\s+le colis que je vous ai (?:renvoye|retourne)\b",
         veto=r"\brefund\b"),
    rule("return/status", 0.85, r"\b(?:new|replacement|exchanged?)\s+(?:size|one|item|colou?r|pair|[\w-]+)\s+(?:be\s+)?(?:sent|shipped|dispatched|posted)\b", context=r"\b(?:exchange|return|sent (?:it|them) back)\b", veto=r"\brefund\b"),
    rule("return/status", 0.85, r"\breturn\b[^.?!]{0,20}\b(?:made it|got|arrived|reached)\b[^.?!]{0,15}\b(?:back\s+)?(?:to you|there|ok|okay|safely)\b", veto=r"\brefund\b"),
    rule("return/status", 0.85, r"\bmy return\b[^.?!]{0,30}\b(?:says|shows|portal|status|updated)\b", veto=r"\brefund\b"),
    rule("return/status", 0.85, r"\bmy (?:return|returned parcel|exchange)\b[^.?!]{0,40}\b(?:in transit|been|still|lost|stuck|delayed)\b", veto=r"\brefund\b"),
    rule("return/status", 0.9, r"\b(?:habeis|han|habeis)\s+recibido\s+(?:ya\s+)?(?:mi|la)\s+devolucion\b|\bestado de (?:mi|la) devolucion\b|\bdevolucion\b[^.?!]{0,30}\b(?:recibido|llegado)\b"),
    rule("return/status", 0.9, r"\b(?:retour\w*|rucksendung\w*)\b[^.?!]{0,40}\b(?:angekommen|erhalten|eingegangen|bearbeitet)\b|\b(?:habt ihr|haben sie)\b[^.?!]{0,30}\b(?:retoure|rucksendung)\b", veto=r"erstattung"),
    rule("return/status", 0.9, r"\b(?:avez-vous|vous avez)\s+(?:bien\s+)?recu\s+(?:mon|le|ma)\s+(?:retour|colis|renvoi)\b|\bstatut de mon retour\b|\bmon retour\b[^.?!]{0,30}\b(?:recu|arrive)\b"),
    rule("return/status", 0.9, r"\b(?:retour|retourzending|retourpakket)\b[^.?!]{0,30}\b(?:ontvangen|aangekomen|binnen|verwerkt)\b|\b(?:hebben|heeft) jullie\b[^.?!]{0,30}\bretour\b"),
)

RETURN_REQUEST: tuple[Rule, ...] = (
    # "the trousers from 12101 need to go back too, they're too long"
    rule("return/request", 0.85, r"\b(?:needs?|has|have|will have|going) to (?:go|be sent|be returned|come) back\b",
         veto=r"\bif\b|\bpolicy\b|\bwould\b|\bmight\b|\bdo(?:es)? (?:it|they|i)\b"),
    rule("return/request", 0.9, r"\b(?:want|wanna|like|love|need|wish|going|hoping|trying|planning|intend|have)\s+to\s+(?:[\w'-]+\s+)?(?:return|send\s+(?:[\w'-]+\s+){0,4}?back|send back|give\s+(?:[\w'-]+\s+){0,2}back|bring\s+(?:[\w'-]+\s+){0,2}back)\b",
         veto=_HYPOTHETICAL + r"|\bor do i\b|\bdo i have to return\b|\breturn to\b|\breturn the favou?r|\bsomething\b|\banything\b|\bhow (?:many|long|much)\b|\bdo (?:i|we) have to\b"),
    rule("return/request", 0.8, r"\b(?:return|returns|returning)\s+(?:label|slip|form|number|authori[sz]ation|code|request|instructions|sticker)\b",
         veto=r"\bdo you (?:include|provide|send)\b|\bis there a\b|\bpolicy\b|\bif\b|\bnever used\b|\bcharged for\b"
              r"|\b(?:is|are) (?:the |your )?return (?:labels?|slips?) (?:free|paid|charged|prepaid)\b|\bdo you charge for (?:it|the (?:return )?label)\b"),
    rule("return/request", 0.85, r"\b(?:start|open|initiate|begin|arrange|book|set up|register|raise|create|submit|log|make|do)\s+(?:a\s+|the\s+|my\s+)?(?:return|returns|exchange)\b(?!\s+(?:policy|window))|\b(?:arrange|book)\s+(?:a\s+)?(?:collection|pick ?up|courier)\s+(?:for|of)\s+(?:my|the)\s+return",
         veto=r"\bif\b|\bcan i (?:still )?(?:start|make) a return (?:after|on sale|for sale)|\bhow (?:do|does) (?:returns|exchanges)\b"
              r"|\b(?:do|does|are|is) (?:returns?|exchanges?|the (?:return )?label)\s+(?:cost|free|paid|charged)\b|\blabel free\b"),
    rule("return/request", 0.85, r"\b(?:can|could|may|how (?:do|can|should|would) i(?: go about)?|how to|where do i|where can i|can you tell me how to)\s+(?:i\s+)?(?:please\s+)?(?:return|returning|send\s+(?:[\w'-]+\s+){0,3}?back|sending\s+(?:[\w'-]+\s+){0,3}?back)\s+(?:the|my|this|these|those|them|it|both|everything|all)\b",
         unless=r"\babout to (?:order|buy)|\bbefore (?:i )?(?:order|buy)|\bthinking of (?:buying|ordering)|\bplanning to (?:buy|order)",
         veto=_HYPOTHETICAL + r"|\bthe ones? that\b|\bsomething\b|\bsale items\b|\bfree of charge\b|\bfor free\b|\bwithout\b|\bafter\b|\btoo late\b|\bstill\b[^.?!]{0,20}\b(?:after|within)\b|\bdays\b"
              r"|\b(?:in|at|to) (?:a |the |your |one of your )?(?:store|shop|branch|showroom)s?\b|\bin person\b"),
    rule("return/request", 0.85, r"\b(?:i'?m|i am|we'?re|we are)\s+(?:[\w'-]+\s+)?(?:returning|sending (?:[\w'-]+\s+){0,3}?back|not keeping)\b|\b(?:i'?ll|i will|i'm going to|gonna)\s+(?:[\w'-]+\s+)?(?:return|send (?:[\w'-]+\s+){0,3}?back)\b|\b(?:please|pls|kindly) (?:accept|take) (?:[\w'-]+\s+){0,2}back\b",
         veto=_HYPOTHETICAL + r"|\breturning customer\b"),
    rule("return/request", 0.85, r"\bhow (?:(?:do|can|should) i|to) (?:return|send|post|get) (?:it|them|this|these|that|those) (?:back|returned)?\b|\b(?:can|could|may) i (?:bring|take|send) (?:[\w'-]+\s+){0,3}?back\b|\binstructions to return\b", veto=_HYPOTHETICAL + r"|\bsomething\b|\bthe ones? that\b|\bfree of charge\b|\bfor free\b|\b(?:i'?ve|ive|i have|already|been)\s+(?:been\s+)?(?:worn|used|washed|opened)\b|\b(?:send|bring|take)\s+returns\b",
         unless=r"\babout to (?:order|buy)|\bbefore (?:i )?(?:order|buy)|\bthinking of (?:buying|ordering)|\bplanning to (?:buy|order)"),
    rule("return/request", 0.8, r"(?:^|[.!?]\s*|\b(?:i'm|im|i am)\s+)(?:sending|returning)\s+(?:back\s+)?(?:the|my|these|this|them|it|both|everything)\b", veto=_HYPOTHETICAL),
    rule("return/request", 0.9, r"\b(?:quiero|quisiera|me gustaria|necesito|deseo|voy a)\s+(?:\w+\s+)?devolver\b|\bdevolver(?:lo|la|los|las)\b|\b(?:hacer|tramitar|iniciar|solicitar) (?:una|la) devolucion\b|\betiqueta de devolucion\b"),
    rule("return/request", 0.9, r"\b(?:mochte|will|wurde gerne|mochten|werde|wollen)\b[^.?!]{0,50}\b(?:zuruckschicken|zurucksenden|zuruckgeben|retournieren|zuruckbringen)\b|\b(?:rucksendeetikett|retourenschein|retourenlabel|rucksendeschein)\b|\b(?:retoure|rucksendung) (?:anmelden|starten|beantragen)\b"),
    rule("return/request", 0.9, r"\b(?:je voudrais|je veux|j'aimerais|je souhaite|je vais|souhaiterais)\s+(?:\w+\s+)?(?:retourner|renvoyer|rendre|vous renvoyer|vous retourner)\b|\betiquette de retour\b|\b(?:faire|effectuer|demander) un retour\b"),
    rule("return/request", 0.9, r"\b(?:wil|zou graag|wil graag|ga|willen)\b[^.?!]{0,40}\b(?:retourneren|terugsturen|terugbrengen|retour doen|retour sturen)\b|\b(?:retourlabel|retouretiket)\b|\bretour (?:aanmelden|aanvragen)\b"),
)

RETURN_POLICY: tuple[Rule, ...] = (
    rule("return/policy", 0.85, r"\b(?:can|could|may)\s+(?:i|we)\s+(?:return|exchange|bring back|take back)\s+(?:it|them|this|these|items?|things|orders?)?\s*(?:in|at|to)\s+(?:a |the |your |one of your )?(?:stores?|shops?|branch\w*|showroom)\b|\breturn (?:it |them )?in person\b", negatable=False),
    rule("return/policy", 0.88, r"\bcuanto (?:tiempo )?(?:tardais|tardan|tarda|se tarda|tardareis) en (?:devolver|reembolsar|hacer el reembolso)\b|\bcombien de temps\b[^.?!]{0,30}\brembours\w*", negatable=False),
    rule("return/policy", 0.88, r"\byou\s+(?:refund|accept|take back|allow|give|do)\b[^.?!]{0,60}\b(?:returns?|refunds?|exchanges?|back)\b[^?!]{0,40}\b(?:is (?:that|this|it) (?:right|true|correct|still the case)|true)\b", negatable=False),
    rule("return/policy", 0.9, r"\b(?:can|could|may)\s+(?:i|you|we)\s+(?:still\s+)?(?:return|send back|exchange|send)\s+(?:[\w'-]+\s+){0,4}?(?:i'?ve|ive|i have|that i'?ve|that have been|that's been|already|once)\s+(?:been\s+)?(?:worn|used|washed|opened|tried on|unpacked)\b", negatable=False),
    rule("return/policy", 0.85, r"\bhow (?:many days|much time|long)\b[^.?!]{0,20}\b(?:do i have|have i got|would i have|i have|do i get)\b[^.?!]{0,30}\b(?:if|to|for)\b[^.?!]{0,30}\b(?:send (?:it|them) back|return|exchange|swap)", negatable=False),
    rule("return/policy", 0.9, r"\b(?:return|returns|refund|refunds|exchange|exchanges)\s+(?:and\s+(?:exchanges?|refunds?)\s+)?(?:policy|policies|window|period|time ?frame|timeframe|conditions|rules|terms|deadline|limit|allowance)\b", negatable=False),
    rule("return/policy", 0.9, r"\bhow\s+(?:long|many days|much time)\s+(?:do|does|have|will|would)\s+(?:i|we|you|customers|one|people)\s+(?:have|get|got)?\s*(?:to|for)\s+(?:return|send|exchange|ship|bring|swap)\b|\bhow\s+(?:long|many days)\s+(?:is|are)\s+(?:the|your)\s+return", negatable=False),
    rule("return/policy", 0.85, r"\bis it (?:ok|okay|fine|a problem|an issue|alright)\s+(?:that|if)\s+(?:i've|i have|i|they've|it's been|it has been)\s+(?:already\s+)?(?:washed|worn|wore|used|opened|tried|removed|cut|lost|thrown)\b|\bhow many days (?:do|does|will) (?:refunds?|returns?|exchanges?|it) (?:usually |normally |generally )?take\b", negatable=False),
    rule("return/policy", 0.85, r"\bhow\s+long\s+(?:does|do|will|would|should)\s+(?:it|a|the|refunds?|returns?|exchanges?)\s+(?:[\w'-]+\s+){0,4}?(?:take|to get)\b",
         context=r"\b(?:refund|return|exchange|money back)", unless=r"\bmy refund\b|\bthe refund (?:you|was|has|for)\b|\b(?:approved|issued|processed|promised|you said|you told|confirmed|on its way)\b",
         veto=r"\bshipping\b|\bdelivery\b|\bship\b|\bdeliver\b|\bpost\b", negatable=False),
    rule("return/policy", 0.85, r"\b(?:can|could|may|do|are|is)\s+(?:gifts?|sale\s+items?|sale\s+[\w-]+|items?|things|products?|goods|purchases|underwear|swimwear|earrings|jewellery|personali[sz]ed\s+[\w-]+|opened\s+[\w-]+|worn\s+[\w-]+|used\s+[\w-]+|discounted\s+[\w-]+|clearance\s+[\w-]+|reduced\s+[\w-]+|customi[sz]ed\s+[\w-]+|shoes|bedding)\s+(?:[\w'-]+\s+){0,6}?(?:be\s+)?(?:returned|exchanged|refunded|returnable|refundable|exchangeable|sent back|return|exchange)\b",
         negatable=False),
    rule("return/policy", 0.85, r"\b(?:can|could|may)\s+(?:i|we|you|one)\s+(?:still\s+|also\s+)?(?:return|exchange|send back|swap|refund)\s+(?:something|anything|things|items?|stuff|sale\s+items?|gifts?|a gift|an item|underwear|[\w-]+\s+items)\b|\b(?:exchange|swap)\s+instead\s+of\s+(?:a\s+|getting\s+a\s+)?refund\b|\brefund\s+instead\s+of\s+(?:an\s+)?exchange\b|\bexchanges? or (?:is it )?refunds? only\b|\bdo you (?:offer|accept|allow|do|take) (?:returns|exchanges|refunds)\b",
         negatable=False),
    rule("return/policy", 0.85, r"\bif\b[^.?!]{0,80}?\b(?:can|could|may|do|will|would)\s+(?:i|we|he|she|they|you)\b[^.?!]{0,30}?\b(?:return|exchange|send\s+(?:[\w'-]+\s+){0,2}back|swap|refund|get a refund|get (?:my )?money back)\b|\bif\b[^.?!]{0,80}?\bhow (?:do|can|would|should) i\s+(?:go about\s+)?(?:return|send)|\b(?:can|could)\s+(?:i|we|he|she)\s+(?:return|exchange|send\s+(?:[\w'-]+\s+){0,2}back|swap)\b[^.?!]{0,40}?\bif\b",
         negatable=False, veto=r"\bif not\b|\bif it hasn't\b|\bif possible\b|\bif you can\b|\bif so\b|\bif (?:yes|you do|you have|that's)\b|\bif (?:it is|it's) (?:in stock|available|possible|ok|okay|not too late|still)\b|\bif it does\b|#?\b\d{4,}\b|\bmy order\b"),
    rule("return/policy", 0.85, r"\bdoes it matter (?:that|if)\b[^.?!]{0,50}\b(?:tags?|labels?|worn|washed|used|opened|packaging|box)\b|\b(?:without|lost)\s+(?:the\s+|my\s+)?(?:tags|labels|receipt|original (?:packaging|box)|box)\b[^.?!]{0,30}\?|\bdo i need (?:the\s+)?(?:original\s+)?(?:packaging|box|receipt|tags)\b|\b(?:include|send|keep|enclose|need)\s+(?:the\s+|a\s+|my\s+)?(?:original\s+)?(?:receipt|packaging|box|tags|labels)\s+(?:when|if|to)\s+(?:returning|i return|return|sending)\b|\bis it too late to (?:return|exchange|send)\b|\btoo late (?:to return|for a return)\b|\b(?:after|within) \d+ days\b[^.?!]{0,20}\?",
         negatable=False),
    rule("return/policy", 0.85, r"\b(?:are|is)\s+returns?\s+(?:free|paid|free of charge|charged)\b|\b(?:free|paid)\s+returns?\b|\bdo i (?:have to|need to) pay (?:for )?(?:the\s+)?return|\bwho pays (?:for )?(?:the\s+)?return|\b(?:(?:is|are) (?:the |your )?)?return (?:shipping|postage|labels?|slips?) (?:free|cost|costs|paid|prepaid|charged)\b|\bdo you charge for (?:the )?return|\brestocking fee\b|\bsend (?:\w+\s+){0,2}back (?:free of charge|for free)\b|\bpay for (?:the\s+)?(?:return\s+)?(?:postage|shipping) (?:back|to return)\b|\bdo you (?:also )?refund (?:the )?(?:original |return |outbound )?(?:shipping|delivery|postage)\b",
         negatable=False),
    rule("return/policy", 0.85, r"\b(?:accept|take back|allow|do)\s+(?:a\s+|the\s+)?returns?\b|\bcondition\b[^.?!]{0,40}\breturn", question=True, veto=r"\bmy return\b"),
    rule("return/policy", 0.85, r"\bhow (?:long|soon|quickly)\b[^.?!]{0,50}\b(?:money back|refunds?|reimburs\w*)\b(?=[^.?!]*\b(?:usually|normally|generally|typically|on average)\b)|\bif (?:it's|it is) too late\b[^.?!]{0,40}\b(?:how|can|what)\b|\bdoes it matter (?:that|if)\b(?=[^.?!]*\b(?:return|send|back|tried|worn|wore|used|opened|washed|tags?|labels?|box)\b)|\b(?:will|would|do)\s+i\s+(?:also\s+)?get\s+(?:the\s+|my\s+)?(?:shipping|postage|delivery|delivery charge|shipping cost|original shipping)\b[^.?!]{0,20}\b(?:refunded|back)\b|\bif (?:it|it's|it has)\b[^.?!]{0,30}\b(?:already\s+)?(?:been\s+)?(?:sent|shipped|dispatched)\b[^.?!]{0,40}\b(?:what should i do|what do i do|what happens|what now)\b", negatable=False),
    rule("return/policy", 0.85, r"\bif\s+(?:an?\s+|the\s+|my\s+)?(?:item|items|something|product|products|order|it|they)\s+(?:arrives?|is|are|gets?|turns? out|comes?|breaks?|stops?|goes)\b[^.?!]{0,30}\b(?:damaged|faulty|broken|defective|wrong|working|cracked)\b|\bwhat happens if\b[^.?!]{0,50}\b(?:faulty|damaged|broken|defective|stops working|wrong)\b", negatable=False),
    rule("return/policy", 0.85, r"\b(?:time limit|deadline|limit|window)\s+(?:on|for)\s+(?:returns?|exchanges?|refunds?|returning|exchanging)\b", negatable=False),
    rule("return/policy", 0.85, r"\bpolicy (?:on|for|about|regarding) (?:returning|returns?|exchanges?|exchanging|refunds?)\b|\b(?:is it possible|am i able|are we able|is it ok|is it okay)\s+to\s+(?:return|exchange|send back)\s+(?:something|anything|items?|sale\b|personali[sz]ed|worn|used|opened|gifts?|[\w-]+ items)|\bthe ones? (?:that|which) (?:doesn't|don't|does not|do not) fit\b|\bhow do (?:returns|exchanges|refunds) work\b|\bwhat(?:'s| is)? (?:your|the) (?:return|refund|exchange|returns) (?:policy|process)\b|\bdo i have to return (?:it|them) and (?:re-?order|buy)\b|\bor do i have to return\b", negatable=False),
    rule("return/policy", 0.9, r"\bpolitica de devoluci\w*|\bplazo (?:de|para) devol\w*|\b(?:se puede|puedo|se pueden)\s+(?:devolver|cambiar)\s+(?:articulos|productos|algo|las rebajas|ropa interior|un regalo)|\bcuantos dias tengo para devolver|\bcuanto tiempo (?:tengo|hay|tiene uno|se tiene)\b[^.?!]{0,20}\bdevol\w*|\bsi no me (?:queda|vale|sirve)n?\b[^.?!]{0,40}\b(?:cambiar|devolver)\b|\bdevoluciones (?:son )?gratis|\bdevolucion gratuita", negatable=False),
    rule("return/policy", 0.9, r"\bruckgabe(?:recht|frist|bedingungen|richtlinien)?\b|\bumtausch(?:recht|frist)\b|\bwiderruf(?:srecht|sfrist)?\b|\bwie lange (?:habe ich|kann ich)\b[^.?!]{0,40}\b(?:zuruck|umtauschen|retour|rucksend|ruckgabe)|\bwenn\b[^.?!]{0,30}\bnicht passt\b[^.?!]{0,40}\b(?:umtauschen|zuruckschicken|zuruckgeben)\b|\b(?:umtauschen|zuruckschicken|zuruckgeben)\b[^.?!]{0,30}\bwenn\b|\bkostenlose? (?:rucksendung|retoure)\b|\bruckporto\b|\bkostenlos\w* (?:zuruck\w+|retour\w*|umtausch\w*)\b|\bwie (?:viel zeit|lange)\b[^.?!]{0,20}\b(?:habe ich|hab ich|hat man)\b[^.?!]{0,30}\b(?:dafur|zuruck\w*|umtausch\w*|ruckgabe|retour\w*)|\bkann ich (?:sale-artikel|reduzierte|artikel|ware|sale artikel)\b[^.?!]{0,30}\b(?:zuruckgeben|umtauschen|zuruckschicken)",
         negatable=False),
    rule("return/policy", 0.9, r"\bpolitique de (?:retour|remboursement|echange)\b|\bdelai (?:de|pour) (?:retour|retourner|retractation|renvoyer)\b|\bcombien de (?:temps|jours)\b[^.?!]{0,30}\b(?:retourner|renvoyer|echanger|retour)\b|\bfrais de retour\b|\b(?:puis-je|peut-on|est-il possible de)\s+(?:retourner|echanger|renvoyer)\s+(?:un article|des articles|les articles|un produit|les soldes|un cadeau)|\bretours?\s+(?:sont\s+|est\s+)?(?:gratuits?|payants?)\b|\bsi\b[^.?!]{0,30}\bne (?:me )?va pas\b[^.?!]{0,40}\b(?:echanger|retourner|renvoyer)\b"
         r"|\b(?:articles?|produits?|vetements?) (?:soldes?|en solde|en promotion)\b[^.?!]{0,40}\b(?:retourner|echanger|renvoyer|rembours\w*)\b"
         r"|\b(?:on peut|peut-on|je peux|puis-je) (?:les |le |la |l')?(?:retourner|echanger|renvoyer)\s*\?", negatable=False),
    # nl: "hoeveel dagen heb ik om iets terug te sturen?", "is retourneren gratis?"
    rule("return/policy", 0.9, r"\bhoeveel (?:dagen|tijd|weken)\b[^.?!]{0,40}\b(?:terug\w*|retour\w*|ruil\w*)|\bis (?:het )?(?:retourneren|terugsturen|ruilen) gratis\b|\bgratis (?:retour\w*|terugsturen)\b"
         r"|\b(?:mag|kan) ik\b[^.?!]{0,40}\b(?:terugsturen|retourneren|ruilen)\b[^.?!]{0,40}\?", negatable=False),
    rule("return/policy", 0.9, r"\b(?:retourbeleid|retourvoorwaarden|retourtermijn|retourperiode|ruilbeleid|ruiltermijn)\b|\bhoe lang heb ik\b[^.?!]{0,40}\b(?:retourneren|terugsturen|ruilen)\b|\bgratis (?:retourneren|retour)\b|\bkan ik (?:artikelen|sale|iets|kleding)\b[^.?!]{0,30}\b(?:retourneren|ruilen|terugsturen)\b|\b(?:kan|mag)\s+ik\b[^.?!]{0,40}\b(?:ruilen|retourneren|terugsturen)\b[^.?!]{0,20}\bals\b", negatable=False),
)

REFUND_REQUEST: tuple[Rule, ...] = (
    # "can that be taken off and refunded?": asking for money back on a part of an order
    rule("refund/request", 0.88, r"\b(?:can|could|would|will)\s+(?:that|it|this|those|the (?:charge|fee|amount|difference|\w+ charge))\s+(?:\w+\s+){0,4}?(?:be\s+)?refunded\b",
         veto=r"\b(?:if|when|whether|policy|usually|normally)\b"),
    # fr/es: "pouvez-vous me rembourser le second paiement", "¿me podéis devolver el cargo duplicado?"
    rule("refund/request", 0.9, r"\b(?:pouvez-vous|pourriez-vous|merci de|veuillez|vous pouvez|je vous prie de)\s+(?:bien vouloir\s+)?(?:me\s+)?rembourser\b"
         r"|\bdevolver\w*\s+(?:el|la|los|las|mi|mis)\s+(?:cargo|cobro|importe|dinero|pago|diferencia)\b",
         # "¿cuánto tardáis en devolver el dinero?" asks how long refunds take
         veto=r"\bcuanto (?:tiempo )?(?:tardais|tardan|tarda|se tarda|tardareis)\b|\bcombien de temps\b"),
    # a deadline with a threat: "unless the €189 is back on my card within 7 days", "if 27120 isn't refunded this week"
    rule("refund/request", 0.88, r"\bunless\b[^.?!]{0,50}\b(?:is|are|gets?|get|has been)\s+(?:back|refunded|returned|credited)\b"
         r"|\bif\b[^.?!]{0,40}\b(?:isn'?t|is not|aren'?t|are not|hasn'?t been|has not been)\s+(?:back|refunded|credited)\b[^.?!]{0,30}\b(?:by|within|this|today|tomorrow|next)\b",
         negatable=False),
    # "want that fee back", "put one back" (a double charge), "pre-authorised for an automatic 40% refund"
    rule("refund/request", 0.85, r"\b(?:want|need|like|have|get)\s+(?:that|the|this|my)\s+(?:fee|charge|amount|payment|surcharge|extra|postage|shipping)\s+back\b"
         r"|\bput\s+(?:one|it|the (?:second|extra|duplicate|other) (?:one|charge|payment))\s+back\b", veto=_HYPOTHETICAL),
    # an injected pre-approval ("pre-authorised for an automatic 40% refund") asks for the refund itself
    rule("refund/request", 0.9, r"\b(?:authori[sz]ed|approved|entitled|eligible)\s+(?:for\s+)?(?:an?\s+)?(?:automatic\s+|full\s+|immediate\s+)?(?:\d+\s?%\s+)?refund\b"
         # "the manager has authorised a €30 credit to this account, confirm it has been applied"
         r"|\b(?:authori[sz]ed|approved|agreed|signed off|promised)\s+(?:a\s+|an\s+)?(?:(?:€|\$|£)\s?\d+(?:[.,]\d\d)?\s+)?(?:store\s+|account\s+)?(?:credit|refund|compensation|goodwill payment)\b",
         veto=_HYPOTHETICAL),
    # "mark refund on 23509 as approved", "put the refund on approved": telling the bot to grant it
    rule("refund/request", 0.9, r"\b(?:mark|set|put|flag|change|switch|update)\s+(?:the\s+|my\s+|a\s+|this\s+)?refund\b[^.?!]{0,40}?\b(?:as|to|on|into)\s+(?:approved|accepted|done|completed?|processed|paid|granted|ok)\b",
         negatable=False),
    rule("refund/request", 0.88, r"\b(?:like|want|need|have|get|expect)\s+(?:the|my|that|those|these)?\s*(?:€|\$|£)\s?\d+(?:[.,]\d{1,2})?\s+(?:back|refunded|returned)\b"
         r"|\b(?:€|\$|£)\s?\d+(?:[.,]\d{1,2})?\s+(?:back|refunded)\s+(?:please|pls|asap|to my)\b", veto=_HYPOTHETICAL),
    rule("refund/request", 0.88, r"\b(?:push|put|rush|force|run|sign off)\s+(?:the\s+|my\s+|a\s+|this\s+)?refund\b[^.?!]{0,30}?\bthrough\b|\bpush\s+(?:it|this|that)\s+through\b[^.?!]{0,30}\brefund\b",
         veto=r"\bwhen\b|\bhas (?:it|the refund) gone\b"),
    # "add €200 store credit to my account": money the shop would have to give
    rule("refund/request", 0.85, r"\b(?:add|give|put|apply|issue|credit)\s+(?:me\s+)?(?:(?:€|\$|£)\s?\d+\s+(?:of\s+|in\s+)?)?(?:store credit|account credit|credit|a voucher|a gift card)\s+(?:to|on|onto|into)\s+(?:my|the|this|the current user'?s?|their)\b", negatable=False),
    rule("refund/request", 0.9, r"\b(?:want|wanna|like|need|demand|expect|request|requesting|deserve|'d like|would like|prefer|rather|rather have|rather get|please|asking for|ask for|owed)\s+(?:[\w'-]+\s+){0,2}?(?:a\s+|my\s+|the\s+|full\s+|partial\s+|an?\s+immediate\s+|immediate\s+)*(?:refund|money back|reimbursement|credit note|compensation)\b",
         veto=_HYPOTHETICAL + r"|" + _PRICE_DROP + r"|\brefund (?:was|is|has been) (?:approved|processed|issued)"),
    rule("refund/request", 0.9, r"\b(?:can|could|may)\s+(?:i|we)\s+(?:just\s+|please\s+|not\s+just\s+)?(?:get|have|receive|be given)\s+(?:a\s+|my\s+|the\s+|full\s+|partial\s+)*(?:refund|money back)\b|\b(?:can|could|would)\s+you\s+(?:just\s+|please\s+)?refund\b",
         veto=_HYPOTHETICAL + r"|" + _PRICE_DROP),
    rule("refund/request", 0.85, r"\b(?:can|could|may)\s+i\s+(?:have|get)\s+(?:that|it|this|the money|my money)\s+back\b", veto=_HYPOTHETICAL),
    rule("refund/request", 0.85, r"\b(?:appreciate it|be grateful|would be great|be great)\s+if you (?:could|would|can)\s+(?:please\s+)?(?:refund|reimburse)\b"),
    rule("refund/request", 0.85, r"\b(?:if|unless)\s+(?:i|we)\s+(?:don't|do not|haven't|have not|can't|cannot)\s+(?:get|have|receive|see)\s+(?:a\s+|my\s+|the\s+|full\s+)?(?:refund|money back|my money)\b|\bunless you refund\b", negatable=False),
    rule("refund/request", 0.88, r"\b(?:refund|reimburse|repay)\s+(?:me|us|my|the|it|that|this|those|these|them|€|\$|£|\d+|everything|in full|the full|my money|the shipping|the delivery|the postage|the extra)\b",
         veto=_PRICE_DROP + r"|\b(?:do|will|would) you refund\b|\bwhen something\b|\byou said\b|\byou'd\b|\byou would\b|\byou promised\b|\b(?:did|have|has) you refund|\brefund (?:was|is|has been)\b|\bpolicy\b|\busually\b|\bif\b|\bwhen (?:will|do) you refund\b"),
    rule("refund/request", 0.9, r"\b(?:issue|process|give|send|approve|authori[sz]e|make|do)\s+(?:me\s+|us\s+)?(?:a\s+|the\s+|my\s+)?(?:full\s+|partial\s+|complete\s+)?refund\b|\bmark\s+(?:[\w#'-]+\s+){0,3}?(?:as\s+)?refunded\b",
         veto=r"\bdid you\b|\bhave you\b|\bwhen\b|\bif\b|\busually\b"),
    rule("refund/request", 0.88, r"\b(?:give|send|pay|transfer)\s+(?:me\s+)?(?:back\s+)?(?:my|the|our)\s+money\s+back\b|\bmoney back\b|\b(?:i'?d like|i want|want|i would like|i need)\s+(?:that|it|this|my money|the money)\s+back\b|\bi want my money\b",
         veto=r"\bmoney back guarantee\b|\b(?:got|received|had) (?:my )?money back\b|\bwhere\b|\bwhen\b|\byet\b|\bhow long\b|\bafter a return\b|" + _HYPOTHETICAL),
    rule("refund/request", 0.85, r"\brefund\s+(?:please|pls|plz|asap|now|immediately|straight away)\b|^\W*(?:full\s+)?refund\W*$", veto=_HYPOTHETICAL),
    rule("refund/request", 0.88, r"\b(?:i'?d like|i want|please have|have|want|like|need|get)\s+(?:that|it|this|the\s+[\w'-]+|those|them)\s+(?:[\w'-]+\s+){0,2}?refunded\b|\brefunded (?:please|pls|asap|now|immediately)\b|\brather than (?:a\s+)?replacements?\b|\b(?:rather have|prefer|want) (?:the|my) money\b|\bnot (?:a\s+)?(?:voucher|store credit|credit note|gift card)\b|\b(?:rather than|instead of) (?:a\s+)?(?:voucher|store credit|credit note)\b|\b(?:money|refund) (?:than|instead of|rather than) (?:a\s+)?(?:replacement|new one|exchange)\b|\binstead of (?:a\s+)?(?:replacement|new one)s?\b",
         veto=_PRICE_DROP + r"|" + _HYPOTHETICAL),
    rule("refund/request", 0.45, r"\bstore credit\b|\bcredit note\b|\brefund\b", veto=_HYPOTHETICAL + r"|" + _PRICE_DROP + r"|" + _REFUND_CHASE + r"|\brefund (?:was|is|has been)\b|\b(?:got|received|had) (?:my|the) refund\b|\brefund (?:came|arrived|went|has come|has arrived) through\b|\bdo you refund\b"),
    rule("refund/request", 0.9, r"\b(?:quiero|quisiera|solicito|me gustaria|exijo|necesito|pido)\s+(?:\w+\s+)?(?:el\s+|un\s+)?(?:reembolso|que me devuelvan|mi dinero|la devolucion del dinero)\b|\bdevuelvan(?:me)? (?:el|mi) dinero\b|\breembolsar(?:me|nos)\b"),
    rule("refund/request", 0.9, r"\b(?:mochte|will|fordere|verlange|hatte gerne|bitte um)\b[^.?!]{0,40}\b(?:geld zuruck|erstattung|ruckerstattung|gutschrift)\b|\berstatten sie\b|\bmein geld zuruck\b|\bgeld\b[^.?!]{0,40}\bzuruck\b"),
    rule("refund/request", 0.9, r"\b(?:je veux|je voudrais|je souhaite|j'exige|j'aimerais|je demande)\s+(?:\w+\s+){0,2}(?:rembours\w*|mon argent)\b|\bremboursez(?:-moi)?\b"),
    rule("refund/request", 0.9, r"\b(?:kan|mag|kunnen) (?:ik|we|wij) (?:mijn |ons |het )?geld (?:terug|terugkrijgen|terug krijgen)\b|\b(?:wil|graag|eis|zou graag|willen)\b[^.?!]{0,40}\b(?:geld terug|terugbetaling|restitutie|terugbetaald)\b|\b(?:betaal|stort)\s+(?:\w+\s+)?terug\b"),
)

DISCOUNT: tuple[Rule, ...] = (
    # A bare "code" is a discount code once the message talks of discounts, promotions or a code that failed.
    rule("discount/request", 0.85, r"\b(?:send|give|get|have|email|dm|text)\s+(?:me|us)\s+(?:a|one|the|that)\s+code\b|\b(?:can|could|may)\s+(?:i|we)\s+(?:get|have)\s+(?:a|one|the|that)\s+code\b",
         context=r"\b(?:discount|promo|coupon|voucher|offer|deal|sale|student|% off|off your|newsletter|first order)\b"),
    rule("discount/request", 0.88, r"\b(?:code|coupon|voucher|promo)\b[^.?!]{0,30}\b(?:says|said|shows|showing|is|was|has)\s+(?:it(?:'s| is| has)?\s+)?(?:expired|invalid|not valid|no longer valid|ended)\b"
         r"|\bsend (?:me|us) (?:a )?(?:new|fresh|another|replacement) (?:one|code)\b|\b(?:mine|my (?:code|voucher|coupon)) (?:has |had |just )?expired\b"
         r"|\b(?:put|add|apply|use)\s+(?:it|the code|that code|my code|the discount)\s+(?:on|to|against)\s+(?:my order|the order|order|#?\d{4,})\b",
         context=r"\b(?:code|coupon|voucher|discount|promo)\b"),
    rule("discount/request", 0.85, r"\b(?:list|give me|send me|tell me|share|show me|what are)\s+(?:me\s+)?(?:every|all|any|the|your)\s+(?:the\s+)?(?:active|current|valid|working|live)?\s*(?:discount|promo|coupon|voucher)\s+codes?\b"),
    rule("discount/request", 0.85, r"\b(?:get|have|give me|refund(?: me)?|pay(?: me)?|claim)\s+(?:back\s+)?the\s+(?:price\s+)?difference\b|\b(?:price\s+)?difference\s+back\b"
                                   r"|\b(?:do|sell|let me have|give)\s+(?:it|them|one|me one)\s+(?:to me\s+)?for the same(?: price)?\b|\bprice[- ]?match(?:ing)?\b(?![^.?!]*\bpolicy\b)",
         # "do you price match?" asks whether the shop does it (store/policy), not for a match on an item
         veto=r"\b(?:do|does|would|will)\s+(?:you|u|your (?:shop|store|team))\s+(?:ever\s+|still\s+|usually\s+)?(?:offer\s+|do\s+|have\s+)?(?:a\s+)?price[- ]?match"
              r"|\bpolicy (?:on|for|about|regarding) price[- ]?match"),
    rule("discount/request", 0.9, r"\b(?:discount|promo|promotional|coupon|voucher|offer|sale|welcome)\s+codes?\b|\bpromo\b",
         context=r"\b(?:any|got|have|give|get|send|generate|create|include|post|can i|could i|is there|do you have|chance|another|new one|apply|for me|honou?r)\b",
         veto=r"\b(?:two|2|multiple|more than one|several|combine|stack|together|both|how do|work on sale|on sale items|with sale)\b|\b(?:one|the same|a single) order\b|\bcan i use\b|\b(?:was accepted|was applied|final charge|charged)\b|\b(?:be )?returned\b|\breturnable\b"
              r"|\b(?:bought|paid|ordered|purchased) (?:\w+ )?(?:with|using) (?:a|the|my) (?:discount|promo|coupon|voucher)"),  # describes a past purchase
    rule("store/policy", 0.85, r"\b(?:discount|student discount|coupon|voucher|promo|loyalty|price match) (?:policy|terms|rules|conditions)\b"),
    rule("discount/request", 0.9, r"\b(?:bulk|trade|wholesale|volume|student|students|nhs|military|senior|loyalty|first[- ]time|first order|multi-?buy|staff|employee|charity|teacher|birthday|returning customer|repeat customer|group|business|quantity)\s+(?:discounts?|pricing|rates?|price|codes?)\b|\bdiscounts?\s+(?:for|on|if)\s+(?:buying|i buy|ordering|i order|\d+|bulk|multiple|a bulk|two|three|four|several|a large|large|students?)\b",
         # "did the total include the multi-buy discount?" asks about the order's sums, not for a discount
         veto=r"\bpolicy\b|\b(?:did|does|was|were|has|have)\b[^.?!]{0,40}\b(?:include|included|apply|applied|take|taken|deduct|deducted|count|counted)\b"),
    rule("discount/request", 0.85, r"\b(?:any|a|some|get a|give me a|chance of a|is there a|do you offer a|do you do a|can i have a|could i have a|can i get a|could i get a|possible to get a)\s+(?:[\w'-]+\s+)?(?:discount|reduction|deal)\b",
         veto=r"\b(?:two|2|multiple|more than one|combine|stack)\b[^.?!]*\bcodes?\b|\bpolicy\b|\btogether\b|\bcombine\b|\bstack\b|\bwith (?:a|my|the) gift card\b|\bcan i use\b|\b(?:bought|paid|purchased|ordered) with a\b|\b(?:be )?returned\b"),
    rule("discount/request", 0.9, r"\b(?:code|coupon|voucher|discount|promo)\b[^.?!]{0,40}?\b(?:didn't|did not|doesn't|does not|wasn't|won't|isn't|failed to|never|not)\s+(?:[\w'-]+\s+)?(?:work|working|apply|applied|accepted|go through|valid|recogni[sz]ed)\b|\bapply\s+(?:it|the code|my code|the discount|the coupon|the voucher|my voucher|my discount|my coupon)\s+(?:afterwards|retroactively|now|after|to my order|to order|to the order)\b|\bforgot to (?:use|apply|enter|add)\s+(?:my|the|a)\s+(?:\w+\s+)?(?:code|coupon|voucher|discount)\b",
         negatable=False),
    rule("discount/request", 0.85, r"\bmoney off\b|\b(?:any|current)\s+(?:offers|deals|promotions|sales)\s+(?:on|at the moment|going|right now|currently|for)\b|\b(?:offers|deals|promotions) (?:on )?at the moment\b", veto=r"\bpolicy\b"),
    rule("discount/request", 0.85, r"\b(?:honou?r|extend|reactivate|re-?issue|resend)\s+(?:it|the|my|this|that)\b", context=r"\b(?:code|coupon|voucher|discount|offer)\b"),
    rule("discount/request", 0.9, r"\b(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:price[- ]?match|match|beat)\s+(?:that|this|it|the|their|them|his|her|a)\b|\bcheaper\s+(?:on|at|elsewhere|from|in|somewhere)\b[^.?!]{0,60}\b(?:match|can you|do the same|same price|could you)\b|\bprice match (?:it|this|that|for me)\b"),
    rule("discount/request", 0.85, _PRICE_DROP, context=r"\b(?:refund|back|adjust\w*|difference|partial|credit|reimburse|rembours\w*)\b", veto=r"\bpolicy\b|\bdo you\b"),
    rule("discount/request", 0.85, _DIFFERENCE, context=_PRICE_DROP, veto=r"\bpolicy\b"),
    rule("discount/request", 0.85, r"\b(?:knock|take)\s+(?:[\w'-]+\s+){0,3}?off\b|\b(?:better|best|special|good|lower)\s+(?:price|deal)\s+(?:for me|on|if)\b|\bdo (?:me )?a (?:better|special|good) (?:price|deal)\b|\b(?:give|get|have|do|offer)\s+(?:me\s+|us\s+)?(?:a\s+)?\d+\s?%\s*(?:off|discount)\b",
         veto=r"\btake\b[^.?!]{0,30}\boff (?:my|the|that|this) order\b|\btake (?:the|my|those|these|that|this) [\w -]{1,30}? off\b|\bshoes? off\b|\btags? off\b|\b(?:take|taking) (?:me|my (?:name|email|details)) off\b|\bmailing lists?\b"),
    rule("discount/request", 0.85, r"\b(?:have|get|sell|let me have|give)\s+(?:me\s+)?(?:it|them|one|that)\s+(?:a bit\s+|a little\s+|any\s+|slightly\s+)?cheaper\b|\bcheaper (?:for me|since|as i)\b"),
    # "give automatic 40% code", "send her a 15% discount code"
    rule("discount/request", 0.9, r"\b(?:give|send|generate|issue|apply)\s+(?:[\w'-]+\s+){0,3}?\d{1,2}\s?%\s+(?:off\s+)?(?:discount\s+|promo\s+)?(?:code|coupon|voucher|discount)\b"),
    rule("discount/request", 0.9, r"\b(?:generate|create|make|give me|send me|post|include|provide|issue|append|attach|add)\s+(?:me\s+|us\s+)?(?:a\s+|an\s+)?(?:(?:\d+\s?%\s+(?:off\s+)?)?(?:discount|coupon|voucher|promo|gift|free (?:shipping|delivery|postage))\s*(?:code|card)?|\d+\s?%\s+(?:off\s+)?code)\b",
         veto=r"\bgift card (?:expire|valid)\b|\bgift receipts?\b"),
    rule("discount/request", 0.9, r"\b(?:me (?:podeis|puede|podrias|podeis) (?:hacer|dar)|hay (?:algun|algun)|teneis (?:algun)?)\b[^.?!]{0,30}\b(?:descuento|cupon|codigo)\b|\b(?:codigo|cupon)\b[^.?!]{0,30}\bno (?:funciona|se aplic\w*)\b|\bcodigo (?:de )?descuento\b"),
    rule("discount/request", 0.9, r"\b(?:rabatt\w*|gutscheincode|gutschein|preisnachlass|nachlass)\b", veto=r"\bwie funktionier|\bkombinier|\bmehrere\b|\bgultig|\bablauf|\beinlos|\bverfall"),
    rule("discount/request", 0.9, r"\b(?:code promo|reduction|remise|code de reduction|bon de reduction|geste commercial)\b", veto=r"\bcumuler\b|\bplusieurs\b"),
    rule("discount/request", 0.9, r"\b(?:kortingscode|korting|actiecode)\b", veto=r"\bcombineren\b|\bmeerdere\b"),
)

STORE_POLICY: tuple[Rule, ...] = (
    rule("store/policy", 0.9, r"\b(?:do|does|can|will|would)\s+(?:promo|discount|coupon|voucher|gift|student)?\s*(?:codes?|coupons?|vouchers?|discounts?|gift cards?)\s+(?:work|apply|count|stack|combine|be used|be combined)\s+(?:on|with|for|together|in)\b"),
    rule("store/policy", 0.85, r"\b(?:warranty|warrantee|guarantee|guaranteed|guaranty|garantie|garantia|gewahrleistung)\b",
         veto=r"\bregister\b|\bfor (?:the|my) (?:warranty|guarantee)\b|\bmoney back guarantee\b|\bregistrar\b|\bregistrieren\b", negatable=False),
    rule("store/policy", 0.9, r"\b(?:pay|paying|payment|checkout|check out)\s+(?:by|with|via|using|through|in|on|per)\s+(?:an?\s+)?(?:paypal|klarna|afterpay|clearpay|apple\s*pay|google\s*pay|bank transfer|transfer|invoice|card|credit card|debit card|cash|ideal|bancontact|sofort|giropay|instal(?:l)?ments?|amex|american express|visa|mastercard|crypto|bitcoin|gift ?cards?|vouchers?|cheque|check)\b|\bpay (?:in|over) (?:\d|three|four|instal)|\bpay later\b|\bbuy now,? pay later\b|\bsplit (?:the )?payment\b",
         veto=r"\b(?:failed|declined|charged|twice|didn't|error)\b"),
    # "no paypal at checkout??": which ways to pay are offered, not a failed payment.
    rule("store/policy", 0.85, r"\bno (?:paypal|klarna|afterpay|clearpay|apple\s*pay|google\s*pay|amex|ideal|bancontact)\b(?:\s+(?:option|at (?:the )?checkout|on (?:the|your) site))?|\b(?:paypal|klarna|afterpay|clearpay|apple\s*pay|google\s*pay|amex)\s+(?:isn't|is not|not)\s+(?:an?\s+)?(?:option|offered|available)\b",
         veto=r"\b(?:failed|declined|charged|twice|error|took|taken|refund)\b"),
    rule("store/policy", 0.88, r"\bdo (?:you|u) (?:take|accept|support)\s+(?:[\w-]+\s+){0,2}?(?:cards?|card payments?|payments?|pay)\b"),
    rule("store/policy", 0.9, r"\bdo (?:you|u) (?:take|accept|support|allow|do)\s+(?:paypal|klarna|afterpay|clearpay|apple\s*pay|google\s*pay|bank transfer|amex|american express|visa|mastercard|crypto|bitcoin|cards?|credit cards?|debit cards?|cash|ideal|bancontact|cheques?|gift ?cards?|vouchers?)\b|\bpayment (?:methods|options|types)\b|\b(?:ways|methods|options) (?:to|of) pay\b"),
    rule("store/policy", 0.85, r"\bgift ?(?:cards?|vouchers?|certificates?)\b", context=r"\b(?:expire|expiry|valid|validity|use|used|buy|sell|balance|in store|online|lose|left ?over|remain\w*|rest of|spend)\b",
         veto=r"\b(?:generate|create|give me|send me)\b"),
    rule("store/policy", 0.88, r"\bpolicy (?:on|for|about|regarding) (?:price|prices|price drops?|price changes|sales|discounts?|coupons?|vouchers?|gift cards?|warranty|payments?|promotions?)\b|\bdo you refund if\b[^.?!]{0,40}\b(?:sale|cheaper|price)\b"),
    rule("store/policy", 0.9, r"\bprice[- ]?match(?:ing)?\s+(?:policy|guarantee|promise)\b|\bprice (?:promise|guarantee)\b|\bdo you (?:price[- ]?match|match (?:prices|competitors?|other))\b|\bdo you match prices\b|\bmatch prices if\b"),
    rule("store/policy", 0.85, r"\b(?:use|combine|stack|apply)\s+(?:two|2|multiple|more than one|several|a|the|my)?\s*(?:discount |promo |coupon |voucher |birthday )?(?:codes?|coupons?|vouchers?|discounts?)\s+(?:on|with|together|at once|on one|on sale|on the same|and)\b|\bhow do (?:your\s+|the\s+)?(?:discount |promo |coupon |gift )?(?:codes|coupons|vouchers|cards) work\b|\buse (?:more than one|two|multiple|several)\b|\b(?:codes?|coupons?|vouchers?) (?:on|with|for) sale (?:items|prices)\b|\bcombine (?:a )?(?:discount|code|voucher)s? with\b",
         veto=r"\bforgot\b|\bdidn't\b|\bafterwards\b"),
    rule("store/policy", 0.85, r"\b(?:loyalty (?:scheme|program|programme|points|card)|rewards? (?:scheme|program|programme|points)|gift wrap(?:ping)?(?![^.?!]*\b(?:charged|paid|without|didn't|missing)\b)|terms and conditions|terms & conditions|t&cs|terms of (?:sale|service)|privacy policy|opening hours|physical (?:store|shop)|showroom)\b|\bprices? (?:include|including|inclusive of|incl\.?) (?:vat|tax)\b|\bdo you charge vat\b|\bdo you sell gift\b"),
    rule("store/policy", 0.9, r"\b(?:formas?|metodos?) de pago\b|\b(?:aceptais|aceptan|puedo pagar)\b[^.?!]{0,20}\b(?:paypal|tarjeta|transferencia|bizum|contra ?reembolso)\b|\btarjetas? regalo\b|\bcheques? regalo\b"),
    rule("store/policy", 0.9, r"\bzahlungs(?:arten|methoden|moglichkeiten)\b|\b(?:kann ich|akzeptiert ihr|akzeptieren sie|nehmt ihr)\b[^.?!]{0,25}\b(?:paypal|rechnung|uberweisung|kreditkarte|klarna|vorkasse)\b|\bgutschein\w*\b[^.?!]{0,30}\b(?:gultig|ablauf|verfall|einlosen)\b|\b(?:auf|per) rechnung\b"),
    rule("store/policy", 0.9, r"\b(?:moyens?|modes?) de paiement\b|\bpayer (?:par|avec|en)\s+(?:paypal|virement|carte|cheque|plusieurs fois)\b|\bacceptez-vous\b|\bcartes? cadeaux?\b|\bbons? d'achat\b"),
    rule("store/policy", 0.9, r"\bbetaal(?:methoden|mogelijkheden|opties)\b|\b(?:betalen|betaal)\s+(?:met|via|per|achteraf)\b|\b(?:cadeaubon|cadeaukaart)\w*\b"),
)
