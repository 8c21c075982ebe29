"""Rules for requests made indirectly: paraphrases, sarcasm, non-native phrasing and implied exceptions."""

from __future__ import annotations

from bot.understanding.rules import Rule, rule

# Message-level context: the customer is talking about an order or parcel of theirs.
_ORDERISH = r"\b(?:orders?|ordered|placed|parcel|package|delivery|deliver|shipment|dispatch\w*|ship\w*|#?\d{4,})\b"
_HYPOTHETICAL = r"^\W*(?:what if|if)\b(?!\s+(?:not|it hasn't|it has not|it's not|it isn't))|\bin general\b|\bdo you\b|\bwould i be able\b|\bjust so i know\b|\bfor later\b"
_SIZES = r"\b(?:xs|xxl|xl|small|medium|large|size|colou?r|navy|black|white|grey|gray|sage|oat|cream|brown|blue|green)\b"

IMPLIED: tuple[Rule, ...] = (
    # A parcel that has stopped moving or never turned up, said without the usual keywords.
    rule("shipping/delivery_issue", 0.85,
         r"\b(?:hasn't|has not|haven't|have not|not)\s+(?:moved|budged|changed|updated|progressed)\s+(?:since|in|for)\b"
         r"|\b(?:said|says|shows|showing|stuck on|stuck at)\s+['\"]?(?:in transit|on its way|out for delivery|with the carrier)['\"]?\s+(?:ever since|since|for (?:(?:over|more than|nearly|almost|about)\s+)?(?:\w+\s+)?(?:days|weeks|ages|a week))\b"
         r"|\bstuck\b[^.?!]{0,40}\b(?:since|for (?:(?:over|more than|nearly|almost|about)\s+)?(?:\w+\s+)?(?:days|weeks|ages|a week))\b"
         r"|\b(?:sitting|sat|waiting|stuck)\s+(?:at|in)\s+(?:the\s+|a\s+)?(?:local\s+)?(?:depot|hub|sorting (?:centre|center|office)|distribution centre|post office)\b"
         r"|\b(?:said|says|shown|showing|stuck on)\s+['\"][^'\"]{2,30}['\"]\s+(?:for|since)\s+(?:\w+\s+){0,2}(?:days|weeks|ages|a week)\b"
         r"|\bnothing (?:has\s+)?(?:turned up|shown up|showed up|come|arrived)\b|\band nothing since\b"
         r"|\b(?:courier|carrier|driver)\b[^.?!]{0,30}\b(?:never (?:got|received|collected)|says you never)\b",
         # a return stuck at "received" is a return question; "sold out" for weeks is about stock
         veto=r"\b(?:refund|money|card|bank|e-?mail|reply|answer|confirmation|code|link)\b|\breturns? (?:page|portal)\b|\binspect\w*"
              r"|\bmy return\b|\breturn(?:ed)? (?:parcel|package|for|of)\b|\bsold out\b|\bout of stock\b|\bunavailable\b"
              # quiet since this morning is a status question; days of silence are the problem
              r"|\bsince (?:yesterday|this morning|last night|earlier(?: today)?|lunch ?time|breakfast|\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm|o'?clock))\b|\bfor (?:a few|a couple of|an?|one|two|three|\d) hours?\b", negatable=False,
         name="implied:parcel-stopped"),
    # Moving house, an old address, or "it needs to come to me" about an order.
    rule("shipping/address_change", 0.85,
         r"\b(?:i|we)\s+(?:have\s+|'ve\s+|just\s+|recently\s+)*(?:moved|relocated)\b(?!\s+(?:in|into|to (?:a|the) (?:new )?(?:job|team|role))\b)"
         r"|\b(?:previous|old|former)\s+(?:address|flat|house|place|home|apartment|street)\b"
         r"|\b(?:don't|do not|no longer)\s+live\s+(?:there|at (?:that|this|the))\b"
         r"|\bnot (?:going to be|be|gonna be) (?:at|home at) (?:that|this|the|my) address\b"
         r"|\bchange(?:d)? (?:my )?(?:home|house|flat|apartment)\b",
         context=_ORDERISH, veto=r"\b(?:account|profile|saved|default|e-?mail|login|for next time|future orders)\b|" + _HYPOTHETICAL,
         name="implied:moved"),
    rule("shipping/address_change", 0.85,
         r"\b(?:prefer|rather|more sense|better)\b[^.?!]{0,30}\b(?:deliver(?:y|ed)?|send|sent|ship(?:ped)?)\s+(?:it\s+|them\s+)?to\s+(?:my|her|his|their|our)\s+(?!account)\w+"
         r"|\b(?:deliver|send|ship)\w*\s+(?:it\s+|them\s+)?to\s+(?:her|his|their)\s+(?:place|house|flat|home|address)\b"
         r"|\b(?:needs?|has|have|must|should)\s+to\s+(?:come|go|be (?:sent|delivered|shipped))\s+to\s+(?:me|my new|the new|my office|my work)\b"
         r"|\bmust go to (?:the|my) new\b|\bgo there instead\b"
         r"|\bshould\s+(?:go|come|be (?:sent|delivered))\s+to\s+(?:my|the|her|his|our|\d)"
         r"|\bkeeps?\s+(?:sending|shipping|delivering)\b[^.?!]{0,40}\bto\b"
         r"|\b(?:could|can|should)\s+(?:it|they|#?\d{4,}|(?:my|the) (?:current |open |existing )?(?:order|parcel|package)(?:\s+#?\d{4,})?)\s+(?:go|be sent|be delivered|come)\s+to\s+(?!you\b)",
         context=_ORDERISH, veto=r"\bdo you\b|\bcan you ship\b|\baccount\b|\bsaved\b|" + _HYPOTHETICAL,
         name="implied:deliver-elsewhere"),
    # Calling an order off without the word "cancel".
    rule("order/cancel", 0.88,
         r"\bcall(?:ing)?\s+(?:the\s+(?:whole\s+)?(?:thing|order)|it|everything|this|that|the lot)\s+off\b"
         r"|\b(?:won't|will not|wouldn't) be needing\b"
         r"|\b(?:not|rather not|won't|will not)\s+go(?:ing)?\s+ahead\s+with\b"
         r"|\b(?:don't|do not)\s+(?:send|ship|dispatch)\s+(?:#?\d{4,}|order)\b|\b(?:don't|do not) bother (?:sending|shipping|posting|with)\b"
         r"|\bannulat\w*\b",
         unless=r"\bmissing\b|\bonly (?:\d+|one|two) (?:in|came|arrived)\b|\breplacement\b",
         negatable=False, name="implied:call-off"),
    rule("order/cancel", 0.8,
         r"\b(?:no longer|don't|do not|not)\s+(?:need|want|require)\w*\s+(?:the\s+|my\s+|this\s+|that\s+)?(?:order|it|them)\b(?:\s+(?:i placed|any ?more|after all))?",
         context=r"\b(?:order|placed|ordered|#?\d{4,}|stop|hasn't shipped|not shipped|before it)\b",
         veto=r"\b(?:refund|replacement|return|exchange|arrived|received|delivered|came|got it|wore|worn|doesn't fit|too)\b|\bsend(?:ing)?\s+(?:[\w'-]+\s+){0,3}?back\b|\bgo back\b",
         negatable=False, name="implied:no-longer-need"),
    # Sending something back, in chat shorthand or non-native phrasing.
    rule("return/request", 0.85,
         r"\b(?:arrange|organi[sz]e)\s+(?:for\s+(?:me|us)\s+to\s+)?(?:send|return|post)\w*\b"
         r"|\bsend(?:ing)?\s+(?:em|'em)\s+back\b"
         r"|\b(?:i'?ll|i will|i'm|i am|im|we'll|gonna|going to)\s+(?:be\s+|just\s+|probably\s+|definitely\s+)*(?:send(?:ing)?|giv(?:e|ing)|post(?:ing)?)\s+(?:[\w'-]+\s+){0,3}?back\b"
         r"|\b(?:want|wish|like|need)\s+(?:to\s+)?(?:send|give|bring)\s+(?:it|them|this|these|that)\s+back\b"
         r"|\b(?:i'?ll|i will|i'm|i am|im|we'll|we're)\s+(?:be\s+|just\s+|probably\s+|definitely\s+)*returning\s+(?:it|them|this|these|the|both|all)\b"
         r"|\b(?:they're|they are|it's|it is|they)\s+(?:all\s+)?going back\b",
         veto=r"\bif (?:it|they|something|an item|the)\b[^.?!]{0,20}\b(?:doesn't|don't|does not|do not|isn't|aren't|won't)\b|\bwould (?:i|that)\b|\bcould i\b"
              r"|\bin general\b|\bfor later\b|\bjust so i know\b|\bmoney\b|\brefund\b",
         name="implied:send-back"),
    # Money back, said indirectly.
    rule("refund/request", 0.85,
         r"\bgive\s+(?:me\s+)?back\s+(?:the|my)\b|\bgive me my money\b|\b(?:want|like|need)\s+back\s+(?:the|my)\s+(?:money|[\w-]+\s+(?:charge|fee|cost))\b"
         r"|\bmy money again\b|\b(?:be|get|getting|being)\s+reimbursed\b|\bout (?:the|of) (?:money|pocket)\b|\bjust out the money\b"
         r"|\b(?:shouldn't|should not|don't think i should)\s+(?:have to\s+)?pay\b"
         r"|\bmoney for (?:that|the|this|those|these) [\w -]{1,20}back\b|\bwant the rest\b|\bonly refunded (?:half|part|some)\b"
         r"|\b(?:i'?d like|i want|i would like|give me|can i have|could i have)\s+(?:the|my)\s+(?:[\w-]+\s+){0,2}?(?:cost|fee|charge|postage|money|payment)\s+back\b",
         veto=r"\bif i\b|\bwould i\b|\bin general\b|\busually\b", negatable=False, name="implied:money-back"),
    # A refund the shop already made, asked about in non-native or sarcastic phrasing.
    rule("refund/status", 0.88,
         r"\b(?:you|u)\s+['\"]?(?:have\s+|had\s+|'ve\s+|already\s+)*(?:make|made|issue|issued|process|processed|send|sent|do|did|done)\s+['\"]?(?:the|my|a)\s+refund\b"
         r"|\b(?:wait|waiting|await|awaiting)\s+(?:for\s+)?(?:the|my)\s+refund\b",
         negatable=False, name="implied:refund-made"),
    # A return already on its way back, asked about without the usual wording.
    rule("return/status", 0.85,
         r"\b(?:you|u)\s+(?:have\s+)?(?:already\s+)?(?:received|got|get)\s+(?:it|them)\b|\b(?:it's|it has|they've|they have) been received\b"
         r"|\bwhat'?s happening with (?:it|them|my return)\b|\b(?:not|no) (?:have\s+)?(?:any\s+)?news\b"
         r"|\b(?:haven't|have not|not) heard (?:anything|back|a thing)\b|\b(?:exchange|return) (?:i|we) (?:arranged|started|requested|booked)\b",
         context=r"\b(?:sen[dt](?:ed)?|posted|mailed|dropped (?:it |them )?off|returned|used|went)\b[^.?!]{0,40}\b(?:back|label)\b|\breturn (?:label|parcel)\b|\bmy return\b",
         negatable=False, name="implied:return-sent"),
    rule("return/status", 0.88,
         r"\b(?:you|u)\s+(?:have\s+|'ve\s+)?(?:already\s+)?(?:received|got)\s+my\s+(?:return|returned|exchange)\b|\bdropped off (?:the|my) return\b"
         r"|\bmy return(?:ed)?(?: parcel)?\b[^.?!]{0,60}\b(?:status|checked|processed)\b|\b(?:received|got)\s+(?:my|the)\s+returned\b",
         negatable=False, name="implied:my-return"),
    rule("refund/status", 0.88, r"\brefund (?:has )?(?:landed|went through|came through|gone through|arrived)\b|\brefund\b[^.?!]{0,40}\b(?:has|have) been (?:paid out|paid|sent|issued|processed)\b|\bconfirm (?:that )?(?:the|my) refund (?:for|went|has|was|of|on)\b", negatable=False,
         name="implied:refund-paid"),
    rule("meta/legal_or_fraud", 0.85,
         r"\b(?:on crutches|a&e|emergency room|sprained|concussion|broke my (?:toe|foot|finger|wrist|tooth)|fell on my (?:foot|toe|hand|head|child|son|daughter))\b",
         negatable=False, name="implied:injury"),
    rule("meta/legal_or_fraud", 0.88,
         r"\b(?:bank|card company|credit card company|card issuer|paypal)\b[^.?!]{0,40}\b(?:investigat\w+|disput\w+|revers(?:ing|ed|e)|open(?:ed)? a (?:claim|case))\b",
         negatable=False, name="implied:bank-dispute"),
    # Charges queried without the usual vocabulary.
    rule("billing/payment_issue", 0.85,
         r"\b(?:correct|explain|check|fix|query)\s+(?:the|this|that|my)\s+(?:charge|amount|total|payment|bill|invoice)\b"
         r"|\b(?:where|why)\b[^.?!]{0,30}\bextra\b[^.?!]{0,20}\b(?:eur|euros?|€|\d)"
         r"|\btak(?:e|en|ing)\s+(?:my\s+)?(?:money|payment)\s+(?:twice|two times|double)\b",
         veto=r"\bif\b|\bwill i\b", negatable=False, name="implied:charge"),
    # Asking for a better price without the word "discount".
    rule("discount/request", 0.85,
         r"\b(?:make|give|do|offer)\s+(?:me\s+|us\s+)?(?:the\s+)?(?:same|that|their|this|a lower|the lower|a better|better)\s+price\b"
         r"|\bmatch(?:ing)?\s+(?:it|that|the lower price|their price|the price)\b"
         r"|\b(?:knock|take)\s+(?:something|some|a bit|a little|\d+\s*%?)\s+off\b|\bsomething off\b"
         r"|\b(?:any chance of|(?:could|can|would|will) you (?:do|give|offer|let me have|waive)(?: me| us)?)\s+(?:a\s+)?free (?:shipping|delivery|postage)\b"
         r"|\bany chance of (?:a|some)\b[^.?!]{0,20}\b(?:code|discount|voucher|coupon)\b",
         veto=r"\bprice match (?:promise|policy|guarantee)\b|\bdo you (?:do|offer|have)\b|\bas a rule\b|\bpolicy\b"
              r"|\boff (?:the|a|my|your|their|our) (?:[\w-]+ )?(?:list|registry|site|website|shelf|menu|rack)\b",
         name="implied:better-price"),
    # A parcel stuck for days, in the other languages we serve.
    rule("shipping/delivery_issue", 0.85,
         r"\bstaat al (?:een|twee|drie|\d+) (?:dag|dagen|week|weken)\b|\bal (?:een|twee|drie|\d+) (?:dagen|week|weken) (?:op|in|bij)\b"
         r"|\bseit (?:einer|zwei|drei|\d+) (?:woche|wochen|tagen)\b[^.?!]{0,30}\b(?:im|in|auf|beim)\b"
         r"|\bdepuis (?:une|deux|trois|\d+) (?:semaines?|jours)\b[^.?!]{0,30}\b(?:bloque|en transit|au depot|en attente)\b"
         r"|\b(?:lleva|desde hace) (?:una|dos|tres|\d+) (?:semanas?|dias)\b[^.?!]{0,30}\b(?:en|parado|sin)\b",
         context=r"\b(?:pakket|bestelling|paket|sendung|bestellung|colis|commande|pedido|paquete|envio|tracking|sorteercentrum)\b",
         negatable=False, name="implied:stuck-multilingual"),
    # Wanting a person, said sarcastically or indirectly.
    rule("meta/human_request", 0.85,
         r"\banother (?:bot|robot|chatbot|automated|script|template|canned)\b"
         r"|\b(?:anybody|anyone)\s+(?:actually\s+(?:there|working|employed|alive|reading)|working|employed|alive|reading|awake)\b"
         r"|\b(?:someone|somebody)\s+(?:real|in charge|senior|from (?:your|the) (?:staff|team))\b"
         r"|\b(?:person|human) real\b"
         r"|\b(?:speak|talk|chat)\s+(?:to|with)\s+(?:one of your|someone (?:from|on|in) your|a member of (?:your|the))\s+(?:team|staff)\b"
         r"|\b(?:a|an actual|a real)\s+person\s+(?:to\s+)?(?:please\s+)?(?:answer|reply|respond|look at|read)\b"
         r"|\b(?:someone|somebody|anyone|anybody) from (?:your |the )?(?:customer service|support|staff|team)\b"
         r"|\b(?:a )?call (?:back )?from (?:someone|somebody|a person|your team|a manager|one of you)\b"
         r"|\bwho (?:do|can|should) i (?:speak|talk|complain|write) to\b|\bwho can i (?:phone|call|contact)\b"
         r"|\b(?:discuss|talk about|speak about|go through)\b[^.?!]{0,30}\bwith (?:someone|somebody|a person|one of your team|a member of (?:your )?staff)\b",
         veto=r"\bsomeone else\b", negatable=False, name="implied:person"),
    # Changing an unshipped item, said as "I want a medium ... change it".
    rule("order/change", 0.8,
         r"\b(?:change|swap|switch)\s+(?:it|them)\b(?!\s+(?:to|for)\s+(?:my|the)\s+(?:address|account|e-?mail))",
         context=_SIZES, unless=r"\b(?:address|account|password|e-?mail|delivery method)\b|" + _HYPOTHETICAL,
         veto=r"\bback\b", name="implied:change-it"),
    # "make it an S rather than the M" on an existing order.
    rule("order/change", 0.85,
         r"\b(?:an?\s+|the\s+)?(?:xs|s|m|l|xl|xxl|small|medium|large|\d\d|black|white|grey|gray|navy|sage|oat|cream|brown|blue|green)\s+(?:rather than|instead of)\s+(?:the\s+|an?\s+)?(?:xs|s|m|l|xl|xxl|small|medium|large|\d\d|black|white|grey|gray|navy|sage|oat|cream|brown|blue|green)\b",
         context=r"\b(?:my order|the order|order\s*#?\d+|#?\d{4,}|ordered|shipped|gone out)\b",
         veto=r"\b(?:sent|got|received|arrived|came|delivered)\b", name="implied:rather-than"),
    rule("order/change", 0.85,
         r"\bswap (?:it|them|\w+) (?:in|into|onto)\b[^.?!]{0,30}\border\b"
         r"|\bmake\s+(?:the|my|it|them)\b[^.?!]{0,40}\binstead of\b"
         r"|\b(?:one|half a|a) size (?:up|down|bigger|smaller)\b",
         context=r"\b(?:my order|the order|order\s*#?\d+|#?\d{4,}|(?:just |i )placed|hasn't shipped|not (?:sent|shipped) yet|before it)\b",
         veto=r"\b(?:sent|got|received|arrived|came|delivered)\b|\bshould i\b|\bdo i\b", name="implied:make-it-instead"),
    # "instead of the six I ordered I got two".
    rule("order/wrong_item", 0.85,
         r"\binstead of\b[^.?!]{0,50}\b(?:i|we)\s+(?:got|received|was sent|were sent|have|found)\b"
         r"|\binstead of the\b[^.?!]{0,40}\bi ordered\b"
         r"|\b(?:marked|labell?ed|tagged)\s+(?:as\s+)?(?:(?:a\s+)?size\s+)?\w+\s+but\s+(?:measures|fits|is (?:more like|actually|really))\b"
         r"|\bthe one (?:that )?(?:came|arrived|you sent)\b[^.?!]{0,30}\b(?:isn't|is not|wasn't|was not)\b"
         r"|(?<!if )\b(?:it's|it is|its|they're|they are)\s+(?:a|in a)\s+different\s+(?:pattern|colou?r|size|style|model|design|print|shade)\b(?! i need)"
         r"|\bbut the (?:label|tag|packing slip|bag|box)\b[^.?!]{0,20}\bsays\b"
         r"|\b(?:isn't|is not|wasn't|was not|aren't|not)\s+the\s+(?:[\w-]+\s+){1,5}?(?:that\s+)?i\s+(?:ordered|picked|chose|bought|selected|paid for)\b"
         r"|\b(?:that|which) i (?:never|didn't|did not) order(?:ed)?\b"
         r"|\bonly\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|half)\s+(?:\w+\s+)?(?:in|of) (?:my|the) (?:set|pack|box|parcel|order|delivery)\b"
         r"|\bgot (?:an?|the)\s+\w+\s+when i(?:'d| had)?\s+(?:ordered|picked|chose)\b"
         r"|\b(?:is|are|was|were|came)\s+(?:in\s+)?\w+\s+(?:and|but|when|though|whereas)\s+i\s+(?:\w+\s+)?(?:picked|chose|ordered|selected|wanted)\b"
         r"|\b(?:got|received|was sent)\s+(?:an?|the)\s+\w+(?:\s+one)?\s+(?:and|but|though|whereas)\s+(?:i'?m\s+(?:sure|positive|certain)\s+)?i\s+(?:definitely\s+|actually\s+)?(?:picked|chose|ordered|selected)\s+(?!it\b|on\b|last\b|from\b|yesterday\b)\w+"
         r"|\bwhat (?:arrived|came|i got|i received|turned up)\s+(?:is|was|are|were)\b[^.?!]{0,40}\b(?:i (?:picked|ordered|chose|selected)|not what)\b",
         veto=r"\b(?:refund|replacement|credit)\b", negatable=False, name="implied:instead-got"),
    # Goods that smell or were soaked arrive damaged.
    rule("order/damaged", 0.8, r"\b(?:smells?|stinks?|reeks?)\s+(?:like|of)\s+(?:mou?ld|damp|mildew|smoke|chemicals|petrol|cigarettes)\b",
         veto=r"\bif\b|\bdoes it\b|\bwill it\b", negatable=False, name="implied:smell"),
    # Damage said without a verb next to it ("three of the glasses broken", "mine has rust spots").
    rule("order/damaged", 0.85,
         r"\b(?:one|two|three|four|five|six|\d|some|all|half|most|several) of (?:the|my|them)\b[^.?!]{0,20}\b(?:broken|smashed|cracked|chipped|shattered|damaged|dented|torn|stained)\b"
         r"|\barrived with\b[^.?!]{0,40}\b(?:broken|smashed|cracked|chipped|shattered|damaged|dented|torn|stained)\b"
         r"|\bmine (?:has|is|was|came|arrived|already)\b[^.?!]{0,30}\b(?:rust\w*|crack\w*|chipped|broken|dented|torn|stain\w*|peel\w*|warp\w*|faded|shrunk|split)\b"
         r"|\b(?:rust|mou?ld|mildew)\s+(?:spots?|patches|marks|stains)\b",
         veto=r"\bif\b|\bwill it\b|\bwould it\b|\bnormal\b", negatable=False, name="implied:damage-noun"),
    # Identity misuse ("opened a credit account in my name").
    rule("meta/legal_or_fraud", 0.85,
         r"\b(?:someone|somebody|they)\b[^.?!]{0,60}\b(?:in my name|my identity|identity theft)\b|\bidentity (?:theft|fraud)\b|\bstolen identity\b"
         r"|\b(?:someone|somebody)\b[^.?!]{0,30}\busing my (?:account|card|details|e-?mail|address)\b"
         r"|\b(?:someone|somebody)\b[^.?!]{0,40}\b(?:ordering|buying|ordered|bought)\b[^.?!]{0,30}\b(?:on|with) my (?:card|account|paypal|details)\b"
         r"|\b(?:e-?mail|text|sms|call|message)\s+from\s+['\"]?you['\"]?\s+asking\b|\b(?:strange|suspicious|dodgy|fake|weird) (?:link|e-?mail|text|message)\b"
         r"|\bclaim(?:ing|ed|s)? to be (?:you|from you|from your|your)\b|\bpretend(?:ing|ed)? to be (?:you|from you|your)\b"
         r"|\b(?:order|orders|purchase)\b[^.?!]{0,60}\bi (?:\w+ )?(?:didn't|did not|never) (?:place|make|buy|order)\b",
         negatable=False, name="implied:identity"),
    # Broken-to-bits idioms ("the plates make a lovely mosaic now", "smashed to smithereens").
    rule("order/damaged", 0.8, r"\b(?:mosaic|jigsaw|shards|smithereens|in bits|into bits|confetti)\b",
         context=r"\b(?:plates?|mugs?|bowls?|glass(?:es)?|tumblers?|vase|jar|dinner set|board|lid|dish(?:es)?|packaging|box|arrived|came)\b",
         veto=r"\bif\b|\bpattern\b|\bprint\b|\bdesign\b", negatable=False, name="implied:in-bits"),
    rule("account/privacy", 0.88,
         r"\b(?:don't|do not|never)\s+share\s+my\s+(?:details|data|information|info|e-?mail|address)\b|\bopt (?:me )?out of (?:all )?(?:data|marketing|sharing|tracking)\b"
         r"|\b(?:data|information|info|details)\s+(?:that\s+)?you(?:'ve| have)?\s+got\s+(?:on|about)\s+me\b|\bwho you(?:'ve| have)? shared\b|\bunsubscribe me\b|\bstop (?:sending me|texting|emailing|messaging) (?:me )?(?:texts|messages|e-?mails|marketing|newsletters)\b|\bnever signed up\b|\bdelet(?:ed|ing)\s+(?:my|all my)\s+(?:account|data|details|information)\b",
         negatable=False, name="implied:privacy"),
    rule("billing/payment_issue", 0.85, r"\b(?:payment|card|transaction|direct debit)\b[^.?!]{0,40}\bbounced\b|\bonly (?:half|part) of what i paid\b",
         negatable=False, name="implied:bounced"),
    rule("order/status", 0.85, r"\bwhen\b[^.?!]{0,30}\b(?:might|may|could)\s+(?:reach|arrive|get to|be delivered)\b"
         r"|\bwhen'?s\s+(?:#?\d{4,}|my order|my parcel|it)\s+(?:due|arriving|coming|getting here)\b", veto=r"\brefund|\bif i\b",
         name="implied:when-might"),
    rule("product/availability", 0.85,
         r"\bavez-vous encore\b|\bvous (?:reste|restent)\b|\b(?:tienen|teneis) todavia\b|\bhabt ihr noch\b|\bhebben jullie nog\b"
         r"|\b(?:is|are)\s+(?:the\s+)?(?:[\w'-]+\s+){0,4}?back\s*\?",
         veto=r"\b(?:refund|money|return\w*|parcel|order)\b", name="implied:still-have"),
    rule("refund/status", 0.88, r"\b(?:ruck)?erstattung\b[^.?!]{0,40}\b(?:schon|bereits)\b|\b(?:schon|bereits)\b[^.?!]{0,40}\b(?:ruck)?erstattung\b",
         negatable=False, name="implied:refund-de"),
    rule("shipping/policy", 0.85, r"\bhow much (?:is|for|does)\s+(?:express|standard|next[- ]day|delivery|shipping|postage)\b", name="implied:how-much-express"),
    rule("return/policy", 0.85, r"\b(?:las )?devoluciones (?:son|es|estan)\b|\bdevoluci\w+ gratuit\w+", name="implied:returns-es"),
    rule("store/policy", 0.8, r"\btrade accounts?\b", name="implied:trade"),
    # Questions customers ask about products, policies and accounts in their own words.
    rule("product/size_fit", 0.85, r"\b(?:is|are|would|will)\s+(?:the\s+|an?\s+)?(?:xs|s|m|l|xl|xxl|\d\d|size \w+)\s+(?:any\s+)?better\b", name="implied:size-better"),
    rule("product/recommendation", 0.85,
         r"\bwhich\s+(?:[\w-]+\s+){0,2}?(?:to buy|should i (?:buy|get|choose|go for))\b"
         r"|\b(?:something|smth|sth)\s+(?:nice|good|special|cosy|cozy|warm|lovely|useful)\s+for\b"
         r"|\b(?:gift|present|bday)\s+for\s+(?:my|a|her|him|them)\b|\bwhat would you (?:put together|pick|choose|get|buy|go for)\b",
         veto=r"\b(?:order|ordered|parcel|arrive\w*|late|delivery|was|were|return\w*|refund)\b", negatable=False, name="implied:what-to-buy"),
    rule("account/help", 0.85, r"\b(?:can't|cannot|don't) remember\s+(?:my\s+)?(?:password|login|username)\b|\blogs?\s+me\s+out\b|\blogging me out\b|\b(?:site|website|app)\b[^.?!]{0,30}\bkeeps?\s+(?:crashing|freezing|logging)\b",
         name="implied:site-trouble"),
    rule("shipping/policy", 0.88, r"\b(?:whether|if)\s+(?:you|u)\s+(?:deliver|ship|send|post)\s+(?:there|to|internationally|abroad|outside)\b", name="implied:deliver-there"),
    rule("store/policy", 0.85, r"\bdo you (?:ever\s+)?(?:do|offer|have)\s+(?:a\s+)?price[- ]match(?:ing|es)?\b|\b(?:a|any) (?:physical )?(?:shop|store) (?:i|we) can visit\b|\bonline only\b|\bwhen do you (?:charge|take (?:the )?(?:payment|money))\b",
         name="implied:store-rules"),
    rule("return/policy", 0.85, r"\bwithout (?:a|the) receipt\b|\bwould i be able to (?:send|return|exchange)\b", question=True, name="implied:return-rules"),
    rule("shipping/policy", 0.85, r"\b(?:parcels|orders|deliveries) (?:be )?delivered to\b", name="implied:delivery-rules"),
    rule("product/question", 0.85,
         r"\bhow many\b[^.?!]{0,20}\b(?:in a|per) (?:set|pack|box)\b|\b(?:is|are) (?:it|this|that|some|a bit of|the)?[\w ]{0,25}\bnormal (?:on|for|with|in)\b",
         question=True, veto=r"\b(?:order|parcel|delivery|refund|tracking|arrive\w*|charged?)\b", name="implied:product-normal"),
    rule("return/policy", 0.88, r"\bhow long\s+(?:i|we|you)(?:'d| would| will|'ll)?\s+(?:have|get)\s+to\s+(?:send|return|bring|exchange)\b", name="implied:how-long-to-return"),
)
