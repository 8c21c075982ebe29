"""Rules for things that went wrong: delivery problems, damage, wrong or missing items, payment trouble."""

from __future__ import annotations

from bot.understanding.rules import Rule, rule

_FINE = r"\b(?:fine|ok|okay|intact|undamaged|unharmed|in one piece|perfect condition|no damage|survived)\b"
_PACKAGING = r"\b(?:box|boxes|packaging|outer box|envelope|mailer|carton|packing)\b"
# A question about how well a product wears ("less likely to chip", "any guarantee against the sole coming away"),
# not a report that the customer's item broke.
DURABILITY_QUESTION = (r"\b(?:less|more|least|most|un)?likely to\b|\bprone to\b|\bguarantee(?:d)? against\b|\bwarranty (?:against|for|on|cover)|"
                       r"\b(?:chip|scratch|crack|stain|rust|shatter|tear|fade)[- ]?(?:proof|resistant)\b|\bresistant to\b|\bhold up\b|\bstand up to\b|"
                       r"\b(?:do|does|will|would|can) (?:they|it|these|those|the \w+)\b[^.?!]{0,30}\b(?:ever |eventually )?(?:chip|crack|rust|stain|fade|peel|bobble|pill|shrink|warp|scratch)\b")
# "10718 was split into two parcels": a delivery in parts, not a broken item.
_SPLIT_PARCELS = r"\bsplit (?:into|in|across|between|over) (?:two|2|three|3|several|separate|multiple|different)\b|\bsplit (?:delivery|shipment|order|parcels?)\b"

DELIVERY: tuple[Rule, ...] = (
    # "I paid for express but it's been 4 days now": the service paid for did not arrive on time
    rule("shipping/delivery_issue", 0.85, r"\b(?:paid|pay|paying)\s+(?:extra\s+)?(?:for\s+)?(?:express|next[- ]day|priority|premium|faster|tracked|24h|48h)\b[^.?!]{0,40}\b(?:but|and)\b[^.?!]{0,30}\b(?:\d+|two|three|four|five|six|seven|several) (?:days|working days|business days|weeks)\b",
         negatable=False, veto=r"\bif\b|\bwould\b"),
    # "left in a 'safe place' ... where has it gone?"
    rule("shipping/delivery_issue", 0.85, r"\b(?:left|put|delivered)\s+(?:in|at)\s+(?:a|the|my)\s+['\"]?safe\s+place\b[^.?!]{0,80}\b(?:no|not|isn'?t|wasn'?t|nothing|never|but)\b"
         r"|\bwhere (?:has|did) (?:it|my parcel|the parcel|my order|the order) (?:gone|go|end up|ended up)\b", negatable=False,
         context=r"#?\b\d{4,}\b|\b(?:order|parcel|package|delivery|courier)\b",
         veto=r"\b(?:section|page|button|tab|menu|option|setting|link|feature)\b"),
    rule("shipping/delivery_issue", 0.85, r"\btoujours pas\s+(?:ete\s+)?(?:arrive|recu|livre)e?s?\b|\btodavia no (?:ha )?(?:llegado|recibido)\b|\bimmer noch nicht (?:angekommen|da|geliefert)\b|\bnog steeds niet (?:aangekomen|ontvangen|bezorgd)\b", negatable=False),
    rule("shipping/delivery_issue", 0.9, r"\b(?:says|said|shows|showed|showing|marked|marks|states|status is|claims?|listed|updated to)\s+(?:as\s+)?(?:it(?:'s| was| has been| is)?\s+|that it (?:was|has been)\s+)?(?:was\s+|has been\s+)?['\"]?delivered\b",
         veto=r"\bdelivered to (?:you|your|the warehouse)\b|\bmy return\b", negatable=False,
         unless=r"\b(?:did|has|have) my return\b|\bmy return(?:ed)? parcel\b"),
    rule("shipping/delivery_issue", 0.9, r"\bdelivered\b[^.?!]{0,40}\b(?:but|yet|however)\b[^.?!]{0,40}\b(?:not|nothing|never|no|isn't|wasn't|haven't|hasn't|didn't|missing)\b", negatable=False,
         veto=r"\bdelivered to (?:you|your|the warehouse)\b|\breturn\b"),
    rule("shipping/delivery_issue", 0.85, r"\bnever\s+(?:arrived|came|got (?:it|here|to me|my (?:parcel|order|package|delivery))|received (?:it|my|the|them)|turned up|showed up|been delivered|reached me)\b", negatable=False,
         veto=r"\b(?:e-?mail|confirmation|link|code|reset|verification|message|reply|refund|money|invoice|receipt)\b"),
    rule("shipping/delivery_issue", 0.55, r"\b(?:hasn't|has not|hasnt|haven't|have not|havent|didn't|did not|not|still not)\s+(?:yet\s+)?(?:arrived|turned up|shown up|come|been delivered|received (?:it|my order|the parcel|my parcel|the package))\b",
         negatable=False, veto=r"\b(?:refund|money|return|confirmation|email)\b"),
    rule("shipping/delivery_issue", 0.6, r"\bstill\s+(?:isn't|is not|not|hasn't|has not|hasnt|isnt|no sign)\b[^.?!]{0,20}?\b(?:here|arrived|come|turned up|shown up|of (?:it|my|the))\b", negatable=False,
         veto=r"\b(?:refund|money|card|bank)\b"),
    rule("shipping/delivery_issue", 0.85, r"\b(?:parcel|package|delivery|shipment|it|order|box)(?:'s)?\s+(?:is|was|has been|been|got|seems|appears to be|must be|went|has gone|have gone)?\s*(?:\w+\s+)?(?:lost|stolen|misplaced)\b|\b(?:it's|it is|its|is it)\s+lost\b|\blost (?:in the post|in transit|parcel|package|my parcel)\b",
         veto=r"\blost (?:the|my) (?:receipt|care label|label|password|tag|login)\b|\bif\s+(?:an?\s+|the\s+|my\s+|your\s+)?(?:item|items|something|product|products|order|orders|parcel|parcels|package|it|they|delivery)\b|\bwhat happens (?:if|when)\b|\binsured\b", negatable=False),
    rule("shipping/delivery_issue", 0.8, r"\b(?:parcel|package|delivery|shipment)\s+(?:is|was|has gone|went)\s+missing\b(?!\s+(?:the|a|an|one|two|three|some|my|items?|\w+ of))", negatable=False),
    rule("shipping/delivery_issue", 0.9, r"\b(?:held|stuck|sitting|waiting|detained|holding|hold|retained)\b[^.?!]{0,30}?\b(?:customs|douane|aduanas?|zoll)\b|\bcustoms\b[^.?!]{0,25}\b(?:holding|hold|held|won't release|want(?:s)? me to pay)\b",
         veto=r"\bwill i\b|\bwould i\b|\bif i order\b|\bdo i have to pay\b[^.?!]{0,20}\bif\b", negatable=False),
    rule("shipping/delivery_issue", 0.9, r"\b(?:returned|retuned|sent|going|being sent|went|came|gone|go)\s+back\s+to\s+(?:the\s+)?(?:sender|you|your warehouse|the warehouse|depot)\b|\bret(?:u)?r?ned to sender\b|\breturn(?:ed)? to sender\b|\b(?:was|been|being|got|is)\s+(?:returned|retuned|sent back)\s+to\s+(?:the\s+)?(?:sender|you|your warehouse|the warehouse|the depot|depot)\b",
         veto=r"\b(?:i|we)\s+(?:sent|posted|returned|dropped|shipped)\b|\bmy (?:return|exchange)\b|\b(?:exchange|return) parcel\b|\bi'll\b", negatable=False),
    rule("shipping/delivery_issue", 0.85, r"\btracking\b[^.?!]{0,40}?\b(?:hasn't|has not|hasnt|not|no|hadn't|isn't|won't|didn't|doesn't)\s+(?:been\s+)?(?:moved|move|updated|update|changed|change|moving|updating)|\bno (?:tracking )?updates? (?:for|since|in)\b|\bhasn't (?:moved|updated|changed) (?:since|in|for)\b|\bstuck (?:at|in) (?:the\s+)?(?:depot|hub|sorting|transit|warehouse|distribution)",
         negatable=False,
         veto=r"\bsince (?:yesterday|this morning|last night|earlier(?: today)?|lunch ?time|breakfast|\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm|o'?clock))\b"
              r"|\bfor (?:a few|a couple of|an?|one|two|three|\d) hours?\b"),  # quiet since this morning: a status question
    rule("shipping/delivery_issue", 0.85, r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|many|a|over a|more than a)\s+(?:business\s+|working\s+)?(?:days?|weeks?)\s+(?:late|overdue|delayed|behind)\b|\b(?:is|it's|its|now|very|so|really|running|order|parcel|delivery|package)\s+(?:\w+\s+)?(?:late|overdue|delayed)\b",
         unless=r"\b(?:was|were)\s+(?:\d+|one|two|three|four|five|six|a|a few|several)\s+(?:days?|weeks?)\s+late\b",
         veto=r"\b(?:arrived|came|come|got it|received it|turned up)\b[^.?!]{0,20}\blate\b|\blate (?:last|at night|yesterday)|\btoo late\b|\bit's late\b|\blate fee\b|\b(?:was|were)\s+(?:\w+\s+)?late\b"),
    rule("shipping/delivery_issue", 0.8, r"\b(?:was|were)\s+due\s+(?:on|last|by|yesterday|\w+day|(?:\d+|two|three|four|five) days ago)\b|\b(?:says|shows|status|just says)\s+['\"]?(?:delayed|exception|held|undeliverable|returning to sender|delivery failed|failed)\b|\b(?:been|is|still)\s+['\"]?out for delivery['\"]?\s+(?:for|since)\b(?!\s+(?:\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm|o'?clock)?|this morning|early|first thing|lunch(?:time)?|breakfast)\b)|\bnone of (?:my|the) neighbou?rs\b|\b(?:courier|driver|carrier|dhl|dpd|ups)\s+(?:says|said|claims|claimed)\s+(?:they|it was|he|she)\s+(?:left|delivered|handed)\b|\bbezorgd\b[^.?!]{0,40}\b(?:maar|niets|niet)\b",
         negatable=False, veto=r"\bdelivered to (?:you|your|the warehouse)\b"),
    rule("shipping/delivery_issue", 0.8, r"\b(?:well\s+|way\s+|long\s+)?(?:past|beyond|after)\s+(?:the\s+)?(?:estimated\s+|expected\s+|promised\s+)?(?:delivery|arrival)\s+(?:date|estimate|window|time)\b|\blater than (?:promised|estimated|expected|you said)\b|\bwaiting ages\b", negatable=False),
    rule("shipping/delivery_issue", 0.8, r"\bshould have (?:arrived|been delivered|come|got here|been here)\b|\b(?:was|were) (?:supposed|due|meant|expected) to (?:arrive|be delivered|come|be here)\b[^.?!]{0,40}\b(?:last|ago|yesterday|already|days|week)\b|\b(?:supposed|due|meant) to (?:arrive|come) (?:last|yesterday|on)\b"),
    rule("shipping/delivery_issue", 0.75, r"\b(?:it's|it has|its|has been|been|waiting)\s+(?:over\s+|nearly\s+|almost\s+|more than\s+|for\s+)?(?:two|three|four|five|six|\d+|a few|several)\s+weeks\b|\b(?:waiting|been)\s+(?:nearly|almost|over|more than)?\s*a month\b|\bno sign of (?:it|my|the)\b",
         negatable=False, unless=r"\b(?:refund\w*|money|return|returned|sent (?:it|them) back|dropped (?:it|them) off)\b"),
    rule("shipping/delivery_issue", 0.85, r"\bdelivered\s+to\s+(?:the\s+|a\s+|my\s+)?(?:wrong|another|different|someone else'?s?|neighbou?rs?|next door|the neighbours?|a neighbou?r|an address)\b|\b(?:wrong|different) (?:house|address|door|flat)\b[^.?!]{0,20}\bdelivered|\b(?:left|dropped)\s+(?:it\s+|my parcel\s+|the parcel\s+|the package\s+)?(?:outside|on the doorstep|in the rain|at the door|by the door|on the porch|in a bush)\b"),
    rule("shipping/delivery_issue", 0.75, r"\b(?:courier|driver|carrier|postman|postwoman|delivery guy|dhl|dpd|ups|gls|postnl|royal mail|evri|hermes|fedex)\b\s+(?:[\w'-]+\s+){0,3}?(?:didn't|did not|never|refused to|lost|left it|says it was|claims|has no idea|can't find|couldn't find|tried to deliver|says they tried)\b|\b(?:missed|failed) delivery\b|\bno delivery attempt\b|\bnever attempted\b|\bnever (?:got|had|received) a delivery attempt\b|\bnobody (?:knocked|rang)\b",
         veto=r"\b(?:i'm|i am|im|this is) (?:the|a|your)\b|\bif i'm not\b|\bwhat happens\b|\bdelivered to (?:you|your|the warehouse)\b", negatable=False),
    # es / de / fr / nl
    rule("shipping/delivery_issue", 0.9, r"\b(?:pone|aparece|figura|marca|dice|indica)\s+(?:como\s+|que\s+)?(?:esta\s+)?entregado|\bnunca (?:llego|me llego|recibi)|\b(?:perdido|extraviado|robado)\b|\b(?:retenido|parado|atascado|bloqueado)\b[^.?!]{0,25}\b(?:aduanas?|almacen|reparto)|\b(?:lleva|llevo|llevan)\b[^.?!]{0,20}\b(?:dias|semanas)\b[^.?!]{0,20}\b(?:parado|sin moverse|en aduanas?|retenido)|\bdevuelto al remitente|\b(?:dias|semanas) de retraso\b|\bcon retraso\b",
         negatable=False),
    rule("shipping/delivery_issue", 0.55, r"\bno (?:me )?ha llegado\b|\btodavia no (?:ha llegado|llega)\b", negatable=False, veto=r"\b(?:correo|e-?mail|mensaje|confirmacion|reembolso|dinero)\b"),
    rule("shipping/delivery_issue", 0.9, r"\bzugestellt\b[^.?!]{0,60}\b(?:aber|jedoch|nichts|nie|nicht)\b|\bnie (?:angekommen|erhalten)\b|\bverloren(?: gegangen)?\b|\bverschwunden\b|\b(?:beim|im) zoll\b|\bzoll\b[^.?!]{0,20}\b(?:fest|hangt|steckt)\b|\b(?:steckt|hangt)\b[^.?!]{0,60}\bfest\b|\bzuruck an (?:den )?absender|\b(?:tage|wochen)\s+(?:zu spat|uberfallig|verspatet)|\bverspat\w*|\bsendungsverfolgung\b[^.?!]{0,40}\b(?:nicht|keine)\s+(?:aktualisiert|bewegung)",
         negatable=False),
    rule("shipping/delivery_issue", 0.55, r"\b(?:nicht|noch nicht) (?:angekommen|erhalten|geliefert)\b", negatable=False, veto=r"\b(?:erstattung|geld|e-?mail|bestatigung)\b"),
    rule("shipping/delivery_issue", 0.8, r"\bkommt\b[^.?!]{0,20}\bnicht an\b|\bseit\s+(?:\w+\s+){1,2}(?:tagen|wochen)\s+unterwegs\b|\bunterwegs\b[^.?!]{0,30}\bkommt nicht\b", negatable=False),
    rule("shipping/delivery_issue", 0.9, r"\b(?:indique|marque|affiche|dit)\b[^.?!]{0,20}\blivree?\b[^.?!]{0,40}\b(?:mais|rien|pas)\b|\bjamais (?:recu|arrive)\b|\b(?:colis|commande)\b[^.?!]{0,20}\b(?:perdu|egare|vole)\b|\b(?:bloque|retenu)\b[^.?!]{0,20}\b(?:douane|entrepot)\b|\bretourne a l'expediteur\b|\ben retard\b|\bde retard\b",
         negatable=False),
    rule("shipping/delivery_issue", 0.55, r"\bn'ai (?:toujours )?rien recu\b|\bpas (?:encore )?(?:recu|arrive)\b", negatable=False,
         veto=r"\brembours|\b(?:de |d')?(?:mail|e-?mail|courriel|confirmation|message|numero de suivi)\b"),
    rule("shipping/delivery_issue", 0.9, r"\b(?:staat|aangegeven|gemarkeerd|zegt)\b[^.?!]{0,20}\bbezorgd\b[^.?!]{0,40}\b(?:maar|niets|niet)\b|\bnooit (?:ontvangen|aangekomen|bezorgd)\b|\b(?:kwijt|zoekgeraakt|verloren|gestolen)\b|\b(?:douane|inklaring)\b|\bretour afzender\b|\bteruggestuurd naar\b|\b(?:te laat|vertraagd|vertraging)\b",
         negatable=False, veto=r"\bwachtwoord\b"),
    rule("shipping/delivery_issue", 0.55, r"\bniet (?:aangekomen|ontvangen|bezorgd)\b", negatable=False, veto=r"\bterugbetaling|restitutie|geld\b"),
    # "Nobody mentioned customs charges when I ordered": a parcel of theirs held for charges they did not expect.
    rule("shipping/delivery_issue", 0.85, r"\b(?:nobody|no one|noone|you never|never|wasn't|weren't|not)\s+(?:\w+\s+)?(?:told|mentioned|said|warned|informed)\b[^.?!]{0,40}\b(?:customs|import) (?:charges?|fees?|duty|duties|tax)"
         r"|\b(?:customs|import) (?:charges?|fees?|duty|duties|tax)\b[^.?!]{0,40}\b(?:nobody|no one|never|wasn't|weren't|not)\s+(?:\w+\s+)?(?:told|mentioned|said|warned|informed)\b"),
    # Left at the wrong door: "left my parcel at number 21 instead of 12", "it ended up at a neighbour's".
    rule("shipping/delivery_issue", 0.88, r"\b(?:left|delivered|dropped(?: off)?|put|posted|handed)\s+(?:my|the|our)\s+(?:parcel|package|order|delivery|box|shopping)\s+(?:at|to|with|through)\b[^.?!]{0,40}\binstead of\b"
         r"|\b(?:parcel|package|order|delivery|it)\s+(?:\w+\s+)?(?:ended up|went|was left|got left|was delivered|got delivered|was dropped|turned up)\s+(?:at|to|with|next door)\s*(?:a|the|my|some)?\s*(?:neighbou?r|next door|wrong|random|different)",
         veto=r"\b(?:if|what happens|what if|do you|can you leave|could you leave|please leave)\b"),
)

_ELSEWHERE = r"\bmy old\b|\bfrom (?:an)?other (?:shop|store|brand|website|site)\b|\belsewhere\b|\bnot from you\b"
_PACKAGING_ONLY = (r"\b(?:box|packaging|envelope|outer box|mailer|carton)\s+(?:was|is|arrived|came|got|looked)\s+(?:[\w'-]+\s+)?"
                   r"(?:scuffed|dented|crushed|squashed|damaged|torn|battered|wet|ripped|bashed|open|opened)")
_DAMAGE_WORDS = (r"(?:damaged|broken|cracked|smashed|shattered|chipped|dented|torn|ripped|scratched|stained|faulty|defective|bent|warped|"
                 r"leaking|leaky|mouldy|moldy|split|snapped|crushed|in pieces|falling apart|coming apart|coming away|coming off|"
                 r"peeling|rusty|rusted|frayed|bobbled|pilled|shrunk|not working|scuffed|unusable|ruined|wobbly|melted|misshapen|deformed|mouldy|moldy|in (?:two|three|several|many) pieces)")

DAMAGED: tuple[Rule, ...] = (
    # "Is it normal for a €95 pair of boots to come apart at the heel after two weeks?": a complaint put as a question
    rule("order/damaged", 0.85, r"\b(?:is|was) (?:it|that|this) (?:normal|acceptable|ok|okay|expected)\b[^.?!]{0,60}\b(?:to |should )?(?:come apart|fall apart|break|snap|crack|peel|rip|tear|leak|fade|shrink|rust|split|stop working|go bobbly|pill)\b",
         context=r"#?\b\d{4,}\b|\bafter (?:only |just )?(?:a|one|two|three|a few|\d+)\b|\balready\b|\bmy\b"),
    # "why is the total higher than the basket showed?" (billing, kept here beside the other money problems)
    rule("billing/payment_issue", 0.85, r"\b(?:total|charge|amount|price|bill)\b[^.?!]{0,25}\b(?:higher|more|different|bigger|larger)\s+than\s+(?:what\s+)?(?:the\s+)?(?:basket|cart|checkout|quoted|shown|advertised|listed|it (?:said|showed)|i was (?:quoted|shown))\b"),
    # A defect after little use: "they faded after one wash", "rusted after the first go"
    rule("order/damaged", 0.88, r"\b(?:faded|fade|rusted|rusts|went rusty|shrank|shrunk|peeled|peeling|cracked|split|broke|snapped|leaked|leaks|fell apart|came apart|"
         r"came (?:clean )?off|wore through|frayed|pilled|bobbled|discolou?red|tore|ripped|stopped working|warped|chipped|lost (?:all )?(?:the |its |their )?colou?r)\b"
         r"[^.?!]{0,20}\b(?:after|within)\s+(?:only\s+|just\s+)?(?:one|1|two|2|three|3|a single|the first|a few|first|one single)\s+"
         r"(?:wash|washes|washing|use|uses|wear|wears|go|time|times|day|days|week|weeks|cycle|cycles)\b", negatable=False,
         veto=r"^\W*(?:do|does|will|would|can|could|should|is|are)\b|\bif\b|\bin case\b"),  # "do they fade after a few washes?" asks
    rule("order/damaged", 0.88, r"\b(?:aangekomen|geleverd|binnengekomen)\b[^.?!]{0,10}$|\b(?:met|vol)\s+(?:een\s+)?(?:grote\s+)?(?:barst|scheur|deuk|kras|breuk)\b|\bkapot\b|\bgebroken\b|\bbeschadigd\b",
         context=r"\b(?:barst|scheur|deuk|kras|breuk|kapot|gebroken|beschadigd)\b"),
    # A fastening that will not do its job ("the zip won't stay up").
    rule("order/damaged", 0.85, r"\b(?:zip|zipper|strap|clasp|buckle|button|popper|lid|handle|catch)\b[^.?!]{0,30}?\b(?:won't|will not|doesn't|does not|keeps?)\s+(?:stay(?:ing)? (?:up|closed|shut|on|done up|fastened)|close|zip|fasten|sliding|slipping|falling|coming (?:undone|open|down))\b",
         veto=r"\bif\b|\bwill (?:the|it)\b|\bdoes (?:the|it)\b|" + DURABILITY_QUESTION, negatable=False),
    rule("order/damaged", 0.9, rf"\b(?:arrived|came|come|delivered|turned up|showed up|was|were|is|are|got it|received it|it's|its|they're|theyre|already|now|completely|totally|has|have|got)\s+(?:[\w'-]+\s+){{0,2}}?{_DAMAGE_WORDS}\b",
         veto=rf"(?:{_PACKAGING}[^.?!]*{_FINE})|(?:{_FINE}[^.?!]*{_PACKAGING})|\bif\b|\bwill it\b|\bwould it\b|\bwebsite\b|\blink\b|\bcode\b|\bcard\b|\blabel\b|{_PACKAGING_ONLY}|{_ELSEWHERE}|{_SPLIT_PARCELS}|{DURABILITY_QUESTION}", negatable=False),
    rule("order/damaged", 0.9, r"\b(?:belt|tie|loop|hanger|ribbon|bobble|pompom|pom-pom|pom pom|tassel|toggle|hood|cuff|collar|drawstring|zip|zipper|button|buttons|strap|straps|handle|handles|seam|seams|sole|soles|stitching|heel|heels|lid|hinge|buckle|clasp|lining|leg|legs|base|spout|rim|glaze|coating|enamel|non-stick|nonstick|thread|hem|pocket|lace|laces|wheel|knob|plug|cord|switch|element|glass|print|colour|color|dye)\b[^.?!]{0,50}?\b(?:broke|broken|came off|came loose|come loose|came apart|come off|coming off|coming away|coming apart|came away|fell off|falling off|snapped|ripped|split|torn|cracked|chipped|peeling|peeled|loose|bust|busted|gave way|fell apart|detached|unravell?ing|unstitched|leaks?|leaking|faded|ran|bled|washed out|rubbed off)\b",
         veto=r"\bwill (?:the|it)\b|\bdoes (?:the|it)\b|\bif\b|\bcolou?r (?:is|was) (?:way )?off\b|\blabel\b|" + DURABILITY_QUESTION, negatable=False),
    rule("order/damaged", 0.85, r"\b(?:a|with a|has a|have a|got a|there's a|there is a|small|big|large|huge|massive|tiny|visible|with|has|have)\s+(?:[\w-]+\s+)?(?:crack|cracks|chip|chips|hole|holes|tear|rip|dent|stain|stains|snag|pulled thread|ladder|defect|fault|flaw)\b|\b(?:a|with a|has a|have a|got a|there's a|there is a)\s+(?:[\w-]+\s+)?(?:scratch|scratches|mark|marks|leak|split|pull|pulls|snags|bobbles)\s+(?:in|on|down|along|across|at|running|inside|near|all over|right|through)\b",
         veto=_PACKAGING + r"[^.?!]*(?:fine|intact|ok)|\bif\b|\bwill it\b", negatable=False),
    rule("order/damaged", 0.8, r"\b(?:stopped working|doesn't work|does not work|won't turn on|will not turn on|won't heat|doesn't heat|isn't working|not working properly|no longer works|broke after|broke down|fell apart|falling apart|came apart|coming apart|started to (?:peel|rust|crack|leak|fray|fall apart)|is peeling|is rusting|has rusted|is leaking|leaks|shrank|has shrunk|bobbled after|(?:zip|it|they|this|that|handle|strap)\s+broke)\b",
         veto=DURABILITY_QUESTION + r"|\b(?:link|code|coupon|voucher|website|site|page|password|login|log in|app|card|payment|checkout|e-?mail|tracking|discount|reset|colou?r|style|look)\b|\bdoesn't work (?:in|with|for|on) (?:our|my|the|me|us)\b"
              + r"|" + _ELSEWHERE + r"|\bfrom (?:an)?other brand\b"
              + r"|\bthe (?:one|ones|pair|size|sizes|colou?r)\s+(?:that|which)\s+(?:doesn't|don't|does not|do not)\s+(?:work|fit)\b",
         unless=r"^\W*(?:it|this|that|the thing)\s+(?:still\s+)?(?:doesn't|does not|isn't|won't|is not)\s+(?:work|working)\W*$", negatable=False),
    rule("order/damaged", 0.8, r"\b(?:another|third|second|fourth|one more|yet another|a|one)\s+(?:broken|cracked|chipped|smashed|damaged|faulty|defective|leaking)\s+(?:[\w-]+\s+)?(?:mug|mugs|plate|plates|bowl|bowls|glass|glasses|jar|vase|lamp|kettle|item|one|product|pair)\b",
         veto=r"\b(?:refund|replacement|money back|credit)\s+for\b|\bfor the broken\b|\bsent back\b|\breturned\b|\breturn\b|" + _ELSEWHERE, negatable=False),
    rule("order/damaged", 0.85, r"\b(?:it|they|the\s+[\w'-]+(?:\s+[\w'-]+)?|handle|lid|glass|plate|mug|bowl|jar|zip|strap)\s+(?:just\s+|completely\s+|suddenly\s+)?(?:shattered|snapped|broke|cracked|split|exploded|melted|burst|fell apart)\b",
         veto=r"\bif\b|\bwill\b|\bwould\b|\blabel\b|\bbox\b", negatable=False),
    rule("order/damaged", 0.9, r"\b(?:llego|ha llegado|vino|venia|esta|estaba|estan|estaban|se ha|se|vinieron|llegaron)\s+(?:\w+\s+)?(?:roto|rota|rotos|rotas|danado|danada|danados|danadas|rajado|rajada|defectuoso|defectuosa|estropeado|estropeada|manchado|manchada|descosido)\b|\bcon (?:el|la|los|las|un|una) \w+ (?:roto|rota|rotos|rotas|danad[oa]s?|rajad[oa]s?|suelt[oa]s?)\b|\b(?:se rompio|se ha roto|se despego|se descosio|agujero|mancha|desconchad\w*|grieta)\b",
         negatable=False),
    rule("order/damaged", 0.9, r"\b(?:kaputt|beschadigt|defekt|zerbrochen|gebrochen|gerissen|gesprungen|zerkratzt|undicht|abgebrochen|abgefallen|ein loch|einen riss|einen sprung|einen fleck|flecken|risse|kratzer|locher|blattert ab|lost sich)\b", negatable=False),
    rule("order/damaged", 0.9, r"\b(?:est|sont|etait|etaient|arrive|arrivee|arrives|arrivees|recu|recue|venu|venue)\s+(?:\w+\s+)?(?:casse|cassee|casses|cassees|abime|abimee|abimes|abimees|endommage|endommagee|endommages|defectueux|defectueuse|fissure|fissuree|ebreche|ebrechee|dechire|dechiree|troue|trouee|tache|tachee)\b|\b(?:un trou|une tache|une fissure|ne fonctionne plus|fuit|s'est casse\w*)\b", negatable=False),
    rule("order/damaged", 0.9, r"\b(?:kapot|kapotte|beschadigd|beschadigde|gebroken|defect|defecte|gescheurd|gescheurde|gebarsten|een barst|een deuk|een vlek|gat in|lekt|is stuk|zijn stuk)\b", negatable=False),
)

_NOT_ITEM = r"\bwrong\s+(?:address|adress|house|flat|amount|price|total|charge|e-?mail|number|card|password|postcode|way|time|day|link|person|door)\b"

WRONG_ITEM: tuple[Rule, ...] = (
    # "It came today without the lid for the largest pan. Could you send the missing lid?"
    rule("order/wrong_item", 0.85, r"\b(?:came|arrived|was delivered|turned up|showed up)\b[^.?!]{0,25}\bwithout (?:the|a|an|its|their|any)\b|\bsend (?:me |us )?(?:the |a )?missing\b",
         veto=r"\bif\b|\bwithout (?:the|a|an|any) (?:box|packaging|receipt|invoice|note|instructions|delay|problem|issue|fuss)\b"),
    # "still not right - the replacement pair is also a 38"
    rule("order/wrong_item", 0.85, r"\b(?:replacement|new one|second one|exchange|swap|resent (?:one|pair|item))\b[^.?!]{0,30}\b(?:is|was|are|were) also\b|\bstill (?:not (?:right|the right \w+)|the wrong)\b",
         veto=r"\bif\b"),
    # "came in a pack of 2, the site said 3"
    rule("order/wrong_item", 0.8, r"\b(?:came|arrived|was|were|is|are|got|received)\b[^.?!]{0,50}\b(?:the|your) (?:site|website|listing|product page|page|description|photos?|picture|ad|advert) (?:said|says|showed|shows|stated|states|promised)\b",
         veto=r"\bif\b|\bdoes\b|\bis it\b"),
    # "the lid does not fit - it is clearly from a smaller model"
    rule("order/wrong_item", 0.85, r"\b(?:is|it'?s|are|they'?re|was|were)\s+(?:clearly |obviously |definitely )?(?:from|for|meant for|part of)\s+(?:a |an |the )?(?:different|smaller|bigger|larger|other|wrong|another)\s+(?:model|size|set|product|version|item)\b",
         veto=r"\bif\b|\bwould\b"),
    # a mismatched pair: "a 40 on the left foot and a 41 on the right", "two different sizes in the box"
    rule("order/wrong_item", 0.88, r"\b(?:\d{2}|size \w+|an? \w+)\s+on the left\b[^.?!]{0,30}\b(?:\d{2}|size \w+|an? \w+)\s+on the right\b|\b(?:two|2) different sizes\b|\bmismatched (?:pair|shoes|sizes)\b|\bodd (?:pair|shoes)\b",
         negatable=False),
    # a set with a part missing: "the pestle's in the box but there's no mortar"
    rule("order/wrong_item", 0.85, r"\b(?:in the (?:box|parcel|package)|arrived|came|here)\b[^.?!]{0,20}\bbut (?:there'?s|there is|there was|there were) no\s+\w+",
         negatable=False, veto=r"\b(?:e-?mail|message|link|tracking (?:number|code|link)|confirmation|text|sms|notification)\b"),
    # "one shoe's a 41 and the other's a 40": a pair in two sizes
    rule("order/wrong_item", 0.85, r"\bone(?: \w+)?(?:'s| is)\s+(?:a\s+|an?\s+)?(?:size\s+|eu\s+)?\d{2}\b[^.?!]{0,25}\bthe other(?: one)?(?:'s| is)\s+(?:a\s+|an?\s+)?(?:size\s+|eu\s+)?\d{2}\b", negatable=False),
    rule("order/wrong_item", 0.85, r"\b(?:has|have|had|there (?:are|were|was|is)|only|contains?|came with|got)\s+(?:only\s+)?(?:\d+|one|two|three|four|five|six)\b[^.?!]{0,40}?\bshould (?:be|have been|have|contain|have had)\s+(?:\d+|two|three|four|five|six|eight|ten|twelve)\b"
                                   r"|\b(?:came|arrived|turned up|was delivered|got here)\s+without\s+(?:the|my|a|an|any)\b[^.?!]{0,50}?\b(?:packing slip|invoice|i ordered|i paid for|in the order|on the order|listed|that'?s on|that was on)\b",
         negatable=False),
    # Counts that do not match ("she ordered 6 mugs and there's 4"), an item said not to be in the box, the order saying otherwise.
    rule("order/wrong_item", 0.85, r"\b(?:ordered|paid for|bought)\s+(?:\d+|two|three|four|five|six|eight|ten|twelve)\b[^.?!]{0,40}?\b(?:there'?s|theres|there are|there were|but (?:only )?(?:got|received)|and (?:only )?(?:got|received)|only)\s+(?:only\s+)?(?:\d+|one|two|three|four|five)\b"
         r"|\b(?:isn't|isnt|aren't|arent|wasn't|wasnt|weren't|werent)\s+(?:even\s+)?(?:in|included in)\s+(?:the|my)\s+(?:box|parcel|package|delivery)\b"
         r"|\b(?:received|got|sent|came)\b[^.?!]{0,60}\bbut (?:my|the) (?:order|confirmation|invoice|order confirmation)\b[^.?!]{0,20}\b(?:says|said|shows|showed|was for|is for)\b",
         veto=r"\bif\b|\bwill\b", negatable=False),
    rule("order/wrong_item", 0.9, r"\bj'ai commande\b[^.?!]{0,60}\b(?:mais|et)\s+(?:j'ai recu|on m'a envoye|vous m'avez envoye|c'est|il y a)\b|\b(?:mauvaise|mauvais) (?:taille|couleur|article|produit|modele|coloris)\b|\bpas ce que j'ai commande\b", negatable=False),
    rule("order/wrong_item", 0.85, r"(?:^|[.!?\n]\s*|\s-+\s*)(?:the\s+)?wrong\s+(?:colou?r|size|item|items|product|order|thing|one|model|style)\b(?!\s+(?:chosen|picked|selected|by me))|\b(?:messed|mixed) up (?:my|the) order\b", negatable=False,
         veto=r"\b(?:i|we)\s+(?:ordered|picked|chose|selected|put)\s+the wrong\b"),
    rule("order/wrong_item", 0.85, r"\bnone of the\b[^.?!]{0,30}\b(?:i ordered|i paid for|i chose)\b|\btwo of the same\b|\b(?:items?|contents|products?|what (?:i got|arrived|came))\b[^.?!]{0,40}\b(?:don't|do not|doesn't|does not|didn't)\s+match\s+(?:my|the)\s+(?:order|confirmation|invoice|packing slip)\b|\b(?:i'?m|i am)\s+missing\b|\bmissing\s+(?:the|a|an|my|one|two)\s+[\w -]{1,30}?\s+from\s+(?:my|the)\s+(?:order|parcel|box|delivery)\b|\bmixed up my order\b", negatable=False,
         veto=r"\b(?:amount|total|price|charge|charged)\b|\b(?:i|we) (?:\w+ )?ordered two of the same\b"),
    rule("order/wrong_item", 0.85, r"\b(?:order|parcel|delivery|it)\s+(?:has been|was|is|came|arrived|has come)\s+(?:\w+\s+)?wrong\b", negatable=False,
         veto=r"\b(?:address|adress|amount|total|price|charge|spel\w*|written|typed|name)\b"),
    rule("order/wrong_item", 0.85, r"\b(?:is|was|are|were)\s+(?:the|a|in the|in a)\s+wrong\s+(?:colou?r|size|item|product|one|model|style|version)\b|\btwo (?:left|right)\b|\bmismatched (?:pair|shoes|sizes)\b|\b(?:parcel|box|package|delivery|order)\s+(?:was|is)\s+missing\s+(?:the|a|an|one|two|some|my)\b",
         veto=r"\b(?:i|we)\s+(?:ordered|picked|chose|selected|put)\b", negatable=False),
    rule("order/wrong_item", 0.9, r"\b(?:sent|send|gave|delivered|shipped|packed|posted)\s+(?:me\s+|us\s+)?(?:the\s+|a\s+|an\s+)?(?:completely\s+)?wrong\b|\b(?:got|received|recieved|receive|get|arrived with|came with|came in|opened)\s+(?:the\s+|a\s+|an\s+)?(?:completely\s+)?wrong\b",
         veto=_NOT_ITEM + r"|\bsent (?:it |them )?to the wrong\b"),
    rule("order/wrong_item", 0.85, r"\b(?:the|a|an)\s+wrong\s+[\w-]+\s+(?:arrived|came|was sent|was delivered|turned up|has arrived|has been sent|have been sent|has been delivered|was in the (?:box|parcel))\b|\b(?:got|sent|made|packed)\s+(?:my|the)\s+order\s+wrong\b", veto=_NOT_ITEM, negatable=False),
    rule("order/wrong_item", 0.9, r"\bwrong\s+(?:item|items|product|products|colou?r|size|thing|things|one|ones|order|model|shoes|parcel|package|article|version|style|pair)\s+(?:was\s+|were\s+|has been\s+|have been\s+)?(?:sent|arrived|delivered|came|received|in (?:the|my) (?:box|parcel|package))\b",
         veto=_NOT_ITEM),
    rule("order/wrong_item", 0.85, r"\b(?:different|another|other)\s+(?:[\w-]+\s+){0,2}?(?:to|from|than)\s+(?:the ones?|what)\s+(?:that\s+)?i\s+(?:ordered|bought|paid for|asked for|chose|selected|picked)\b", negatable=False),
    rule("order/wrong_item", 0.85, r"\b(?:not|isn't|is not|wasn't|was not|aren't|are not|weren't|completely different (?:to|from))\s+(?:\w+\s+)?(?:what|the (?:one|item|product)s?)\s+(?:that\s+)?i\s+(?:ordered|bought|paid for|asked for|chose|selected|picked)\b", negatable=False),
    rule("order/wrong_item", 0.85, r"\b(?:this|that|it)\s+(?:isn't|is not|wasn't|was not|'s not)\s+my\s+(?:order|parcel|package|stuff)\b|\bsomeone else'?s?\s+(?:order|name|parcel|package|items|stuff)\b|\bfor someone else\b|\bisn't mine\b|\bnot mine\b",
         negatable=False, veto=r"\b(?:card|account|details|used|placed|e-?mail|address|login)\b"),
    rule("order/wrong_item", 0.85, r"\b(?:is|are|was|were)\s+missing\b|\bmissing\s+(?:from|in)\s+(?:my|the)\s+(?:order|parcel|package|box|delivery)|\byou\s+(?:forgot|left out|missed)\s+(?:the|my|to (?:include|send|pack))\b|\bforgot to (?:include|send|pack)\b|\b(?:left out|forgotten) (?:of|from) (?:the|my) (?:order|parcel|box|package)\b|\bnot (?:in|included in) (?:the|my) (?:box|parcel|package|order|delivery)\b|\b(?:wasn't|weren't|was not|were not) (?:even )?(?:in|included in) (?:the|my) (?:box|parcel|package)\b|\b(?:there (?:was|were|are) )?only\s+(?:had\s+|got\s+|received\s+|came with\s+|contained\s+|included\s+|arrived with\s+)?(?:\d+|one|two|three|four|five|half)\s+(?:of\s+(?:the|my)|in the box|in the parcel)\b|\b(?:but|and)\s+(?:there\s+(?:are|were|was)\s+)?only\s+(?:\d+|one|two|three|four|five)\b|\bonly\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:were|was)\s+in\s+the\s+(?:box|parcel|package)|\b(?:delivery|parcel|box|order) only had\b|\b(?:came|arrived) with only (?:one|1|half|a single)\b|\bonly one (?:boot|shoe|sock|glove|earring|sandal|trainer|slipper)\b|\bpacking (?:slip|list|note)\b[^.?!]{0,40}\b(?:lists?|says|shows)\b",
         veto=r"\b(?:parcel|package|delivery|shipment|order)\s+(?:is|was|has gone|went)\s+missing\b|\bout of stock\b|\bcancel+ed\b|\bcare label\b|\bmissing (?:out|a digit)|\bdigit\b", negatable=False),
    rule("order/wrong_item", 0.85, r"\b(?:ordered|asked for|paid for|bought|chose|selected)\b[^.?!]{0,50}?\b(?:but|and|yet)\s+(?:i\s+|you\s+)?(?:got|received|recieved|was sent|were sent|came|arrived|sent me|(?:it's|its|they're|it is|it was|they were)\s+(?:the wrong|a different|not|in the wrong))\b|\b(?:got|received|recieved|was sent|were sent|you sent|you've sent)\b[^.?!]{0,40}?(?:\b(?:but|when|while|whereas)\s+|,\s*)(?:i\s+)?(?:had\s+)?(?:ordered|asked for|paid for|chose|wanted)\b",
         veto=r"\b(?:charged|payment|refund)\b|\b(?:my|her|his) (?:style|taste|thing)\b|\bfor me\b|\bsuit\b", negatable=False),
    rule("order/wrong_item", 0.85, r"\b(?:received|got|sent|arrived|came|in (?:my|the) (?:box|parcel|package)|(?:parcel|box|package|delivery) (?:had|contained))\b[^.?!]{0,60}?(?:,|\bbut\b|\bwhen\b|\bwhile\b|\bwhereas\b)\s*(?:i\s+)?(?:had\s+)?(?:ordered|paid for|asked for|chose|selected)\b|\b(?:asked for|ordered|paid for)\b[^.?!]{0,40}\bbut (?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:came|arrived|was sent|turned up|was delivered|was in)\b|\bandere?\b[^.?!]{0,30}\bdan ik\b[^.?!]{0,10}\bbesteld\b",
         veto=r"\b(?:charged|payment|refund|too (?:small|big|tight|large)|express|late|days? after|delivery date|on time|got (?:carried away|confused|excited|distracted))\b", negatable=False),
    rule("order/wrong_item", 0.85, r"\b(?:got|received|recieved|was sent|were sent|sent me|you sent|arrived|came|delivered|found|there was|there were)\b[^.?!]{0,60}?\binstead of\b",
         veto=r"\b(?:refund|credit|replacement)s?\s+instead\b|\binstead of (?:a |an |the )?(?:refund|replacement|store credit|credit)\b|\b(?:can|could|would|please|i'd like|want)\b[^.?!]{0,30}\b(?:change|swap|switch|make)\b|\binstead of (?:my|the|our|a|your) (?:home|house|flat|address|door|doorstep|work|office)\b", negatable=False),
    rule("order/wrong_item", 0.9, r"\b(?:talla|color|producto|articulo|pedido|modelo)\s+(?:equivocad[oa]|incorrect[oa]|erronea?o?)\b|\b(?:enviado|mandado|recibido|llego|enviasteis|mandasteis)\b[^.?!]{0,30}\b(?:equivocad[oa]|incorrect[oa])\b|\bno es lo que (?:pedi|compre|he pedido)\b|\b(?:llegado|recibido|enviado|mandado|llego)\b[^.?!]{0,40}\bde otr[oa] (?:color|talla|modelo)\b|\b(?:falta|faltan|faltaba|faltaban)\b", negatable=False),
    rule("order/wrong_item", 0.9, r"\bfalsche[nmrs]?\s+(?:artikel|farbe|gro(?:ß|ss)e|produkt|ware|paket|sache|modell)\b|\bnicht (?:das|die|den|was),? was ich bestellt\b|\b(?:fehlt|fehlen|fehlte|fehlten)\b", negatable=False),
    rule("order/wrong_item", 0.9, r"\b(?:mauvais|mauvaise|mauvaises)\s+(?:article|taille|couleur|produit|colis|pointure|modele)\b|\b(?:pas|n'est pas) ce que j'ai commande\b|\b(?:il manque|manque|manquant|manquante|manquants)\b", negatable=False),
    rule("order/wrong_item", 0.9, r"\bverkeerde?\s+(?:artikel|maat|kleur|product|pakket|bestelling|item)\b|\bniet wat ik (?:besteld|gekocht)\b|\b(?:ontbreekt|ontbreken|ontbrak)\b|\bterwijl ik\b[^.?!]{0,20}\bbesteld\b", negatable=False),
    # "It's green but I'm sure I picked black": what came is not what was chosen.
    rule("order/wrong_item", 0.88, r"\b(?:is|are|was|were|came|arrived|came in|arrived in)\s+(?:in\s+)?(?:a\s+)?[a-z-]+\s+but\s+i(?:'m| am)?\s+"
         r"(?:(?:sure|certain|positive|100% sure)(?: that)?\s+i\s+|definitely\s+|know\s+i\s+|clearly\s+)?(?:picked|chose|ordered|selected|went for|clicked|asked for|paid for)\b"),
)

BILLING: tuple[Rule, ...] = (
    # "my refund was processed but it's only €18 and the item was €45": short-refunded
    rule("billing/payment_issue", 0.85, r"\brefund\w*\b[^?!]{0,60}\b(?:only|just|short by|less than|missing)\s+(?:[€£$]\s?\d|\d+(?:[.,]\d+)?\s?(?:€|eur|euro|pounds?|dollars?))"
         r"|\brefund\w*\b[^?!]{0,60}\b(?:[€£$]\s?\d+(?:[.,]\d+)?|\d+\s?(?:€|eur|euros?))\s+(?:less|short)\b"
         r"|\brefund\w*\b[^?!]{0,40}\b(?:(?:was|is|came to) (?:only|just)|wasn'?t the full|not the full|isn'?t the full)\b", negatable=False),
    rule("billing/payment_issue", 0.8, r"\b(?:a\s+)?(?:charge|payment|transaction|debit)s?\s+(?:from you|from your (?:shop|store|site)|to your (?:shop|store|site))\b|\b(?:charge|payment|transaction|debit)\b[^.?!]{0,30}\b(?:don't|do not|didn't) recogni[sz]e\b", negatable=False),
    rule("billing/payment_issue", 0.8, r"\b(?:took|taken|charged|paid)\s+(?:payment\s+|me\s+)?for\s+[\w -]{1,30}?\s+but\b[^.?!]{0,30}\b(?:went|was sent|came|got|received|arrived|standard|never)\b", negatable=False),
    rule("billing/payment_issue", 0.85, r"\b(?:billed|invoiced)\s+(?:me\s+)?(?:for|twice|double|wrongly|incorrectly|too much)\b|\b(?:charge|total|price|amount|payment)\b[^.?!]{0,20}\b(?:didn't|did not|doesn't|does not|hasn't)\s+(?:include|reflect|apply|show|take off|deduct)\b|\bextra\s+[€$£]?\s?\d+(?:[.,]\d+)?\s*(?:€|eur|euros?)?\s+on my (?:bill|card|statement|invoice)\b|\b(?:charged|paid) (?:the )?full price\b[^.?!]{0,40}\b(?:sale|discount|offer|reduced)\b",
         veto=r"\bwhat i was charged for\b|\bbreakdown\b", negatable=False),
    rule("billing/payment_issue", 0.9, r"\bcharged\s+(?:me\s+|us\s+)?(?:[\w-]+\s+)?(?:twice|double|two times|three times|\d times|more than once|too much|extra|again|the wrong|wrong|for|incorrectly|full|the full|more|[€$£]\s?\d|\d)",
         veto=r"\b(?:will|would|am|do|does|are|is|get)\s+(?:i|you|we|it)\s+(?:be\s+)?(?:charged?|charging)\b|\bwill i be charged\b|\bcharged if\b|\bif i\b|\bfees? on top\b|\bwhat i was charged for\b|\bbreakdown\b", negatable=False),
    rule("billing/payment_issue", 0.9, r"\b(?:double|duplicate|twice|multiple|two|three|2|3)\s+(?:pending\s+)?(?:charges?|payments?|transactions?|debits?)\b|\b(?:paid|payment went through|charged|debited|taken|billed)\s+(?:[\w'-]+\s+){0,3}?(?:twice|two times|double)\b|\b(?:been|was|were|got)\s+(?:\w+\s+)?charged\b",
         veto=r"\bwill i\b|\bwould i\b|\bif i\b|\bcharged for (?:shipping|delivery|postage|customs)\?|\bwhat i was charged for\b|\bbreakdown\b", negatable=False),
    rule("billing/payment_issue", 0.9, r"\b(?:payment|payments|card|transaction|checkout|paypal|apple pay|klarna|bank transfer)\s+(?:[\w'-]+\s+){0,2}?(?:failed|fails|failing|declined|rejected|didn't go through|did not go through|won't go through|keeps failing|kept failing|error|errors|bounced|not going through|not working|isn't working|doesn't work|won't work)\b",
         veto=r"\b(?:discount|coupon|code|voucher|promo)\b", negatable=False),
    rule("billing/payment_issue", 0.9, r"\b(?:money|payment|amount|funds|the money|it)\s+(?:has\s+|was\s+|were\s+|had\s+|is\s+)?(?:still\s+)?(?:been\s+)?(?:taken|deducted|debited|withdrawn|left my account|gone from my account|came out of my account)\b|\bpending (?:charges?|payments?|transactions?)\b",
         veto=r"\bwill\b|\bwhen (?:is|will|do)\b", negatable=False),
    rule("billing/payment_issue", 0.9, r"\b(?:amount|total|price|charge|sum|it)\s+(?:[\w'-]+\s+){0,6}?(?:doesn't|does not|didn't|did not|don't|do not)\s+match\b|\b(?:card|bank|statement|account|paypal)\s+(?:[\w'-]+\s+)?(?:shows|says|showed|said|has)\s+(?:[€$£]\s?\d|\d+[.,]\d\d|(?:a different|more|higher|two|three|double)\b)|\b(?:amount|total|charge|price)\b[^.?!]{0,40}\b(?:looks|is|was|seems)\s+(?:\w+\s+)?different\b|\bhigher than (?:the|my) (?:order )?(?:total|confirmation|price)\b|\b(?:took|taken|take|charged|debited)\s+(?:[€$£]?\s?\d+(?:[.,]\d+)?\s*(?:€|eur|euros?)?\s+)?(?:more|extra)\s+than\b",
         negatable=False),
    rule("billing/payment_issue", 0.9, r"\b(?:overcharged|over-charged|wrong amount|incorrect amount|wrong total|charged incorrectly|billing (?:error|issue|problem|mistake)|payment (?:problem|issue))\b", negatable=False),
    rule("billing/payment_issue", 0.85, r"\b(?:paid|payment)\b[^.?!]{0,50}?\b(?:but|and)\b[^.?!]{0,50}?\b(?:awaiting payment|not paid|unpaid|payment pending|no order|order failed|failed|didn't get an? (?:order )?confirmation|never got an? (?:order )?confirmation|says failed|pending payment)\b",
         veto=r"\b(?:discount|coupon|code|voucher)\b", negatable=False),
    rule("billing/payment_issue", 0.9, r"\b(?:cobrado|cobrasteis|cobraron|cobrais)\s+(?:\w+\s+){0,3}?(?:dos veces|doble|de mas|mas)\b|\b(?:cobro|cargo|pago) (?:doble|duplicado)\b|\bel pago (?:ha fallado|fallo|no (?:funciona|pasa|se ha procesado))|\bimporte (?:incorrecto|erroneo|distinto)|\b(?:pago|tarjeta) rechazad[oa]", negatable=False),
    rule("billing/payment_issue", 0.85, r"\b(?:wurde|wurden|bin|wurde ich|habe)\b[^.?!]{0,60}\b(?:belastet|abgebucht|berechnet)\b", negatable=False),
    rule("billing/payment_issue", 0.9, r"\b(?:doppelt|zweimal|zu viel|mehrfach)\s+(?:\w+\s+)?(?:abgebucht|belastet|berechnet|bezahlt|gezahlt|abgezogen)\b|\b(?:zahlung|bezahlung|kartenzahlung)\s+(?:\w+\s+)?(?:fehlgeschlagen|abgelehnt|nicht (?:moglich|durchgegangen|funktioniert))|\b(?:falscher|zu hoher|anderer) betrag\b|\bbetrag\b[^.?!]{0,30}\b(?:stimmt nicht|falsch)\b", negatable=False),
    rule("billing/payment_issue", 0.9, r"\b(?:debite|preleve|facture|paye)e?s?\s+(?:\w+\s+)?(?:deux fois|en double|trop)\b|\bpaiement\s+(?:\w+\s+)?(?:refuse|echoue|a echoue|n'est pas passe|rejete)\b|\bmontant\s+(?:\w+\s+)?(?:incorrect|errone|different)\b|\bj'ai (?:quand meme )?ete debite\b", negatable=False),
    rule("billing/payment_issue", 0.9, r"\b(?:dubbel|twee keer|2 keer|te veel)\s+(?:\w+\s+)?(?:afgeschreven|betaald|gerekend|afgeboekt|in rekening)\b|\bbetaling\s+(?:\w+\s+)?(?:mislukt|geweigerd|ging niet door|niet gelukt)\b|\b(?:verkeerd|onjuist|ander) bedrag\b|\bgeld afgeschreven\b", negatable=False),
    # "gift wrap €3.50 on my receipt but I never ticked gift wrap": charged for an extra never chosen.
    rule("billing/payment_issue", 0.88, r"\b(?:never|didn'?t|did not|never even)\s+(?:tick|ticked|choose|chose|select|selected|add|added|ask for|asked for|want|wanted|order|ordered|opt for|opted for|sign up for|signed up for)\b[^.?!]{0,30}"
         r"\b(?:gift ?wrap\w*|express|next[- ]day|insurance|premium|priority|subscription|membership|extended warranty|protection|upgrade)\b",
         context=r"\b(?:charged|charge|receipt|invoice|paid|bill|billed|on it|added|total)\b|[€£$]\s?\d", negatable=False),
    # A gift card that was not taken off the total: the card paid in full and the balance is untouched.
    rule("billing/payment_issue", 0.88, r"\bgift ?cards?\b[^.?!]{0,80}\b(?:still (?:shows|has|says)|full balance|whole balance|entire balance|"
         r"(?:was|wasn'?t|were|weren'?t|not|never|didn'?t|did not) (?:\w+ )?(?:applied|used|deducted|taken off|accepted|go through|work)|"
         r"took (?:the|my) (?:whole|full|entire)|(?:whole|full|entire) (?:balance|amount|card)|"
         r"(?:is|was|gets|got|keeps being|keeps getting) (?:\w+ )?(?:rejected|declined|refused)|(?:says|said|shows) (?:it'?s |it is )?(?:invalid|not valid|inactive))\b"
         r"|\b(?:the )?(?:whole|full|entire) (?:[€£$]\s?\d+(?:[.,]\d+)?|amount|total|balance) (?:was|were|got|has been) (?:taken|charged|debited|deducted)\b",
         negatable=False, veto=r"\bgift ?cards? (?:expire|valid|balance check)\b|\bhow (?:do|can) i (?:use|check)\b"),
)
