"""Rules for public questions: shipping policy and the four product intents."""

from __future__ import annotations

from bot.understanding.rules import Rule, rule

_SIZE = r"(?:xs|s|m|l|xl|xxl|xxxl|small|medium|large|extra large|size|sizes|\d{1,2}(?:[.,]5)?|petite|plus|tall|a size|an? (?:small|medium|large|xs|s|m|l|xl|xxl))"
_COLOUR = (r"(?:black|white|grey|gray|navy|blue|red|green|pink|beige|brown|cream|oat|sage|olive|charcoal|mustard|khaki|"
           r"yellow|orange|purple|ecru|rust|natural|stone|other colou?rs|another colou?r|a different colou?r|different colou?rs)")
_MY_ORDER = r"\bmy\s+(?:order|parcel|package|delivery)\b|\border\s*(?:no\.?|number)?\s*#?\d{4,}|#\d{4,}|\b\d{5,}\b"
_SIZE_TALK = r"\b(?:size|sizes|sizing|talla|taille|gro(?:ß|ss)e|maat|pointure|fit)\b"

SHIPPING_POLICY: tuple[Rule, ...] = (
    rule("shipping/policy", 0.85, r"\bhow\s+(?:quickly|fast|soon|long)\s+(?:do|does|will|would)\s+(?:you|orders?|it)\s+(?:usually\s+|normally\s+|typically\s+)?(?:dispatch|ship|send|post|process|get dispatched|get shipped|go out)\b", veto=r"\bmy\b"),
    rule("shipping/policy", 0.85, r"\bwhat happens (?:if|when)\b[^.?!]{0,50}\b(?:parcel|package|delivery|courier|not in|not home|lost|customs)\b|\b(?:orders?|parcels?|deliveries|packages?)\s+(?:are\s+)?insured\b|\bif i'?m not (?:in|home)\b"),
    rule("shipping/policy", 0.85, r"\b(?:faster|quicker|sooner)\s+if\s+i\s+pay\b|\bpay\s+(?:extra|more)\s+(?:for|to get)\s+(?:it\s+)?(?:faster|quicker|sooner|express|next[- ]day)\b"),
    rule("shipping/policy", 0.85, r"\b(?:latest|last day|last date|cut-?off)\b[^.?!]{0,40}\b(?:order|ship|deliver|delivery|arrive|post|dispatch)\b", veto=r"\bmy (?:latest|last) order\b"),
    rule("shipping/policy", 0.88, r"\bcombien (?:coute|coutent|ca coute)\b[^.?!]{0,30}\b(?:livraison|envoi|frais de port|expedition)\b|\b(?:prices?|price) (?:include|including|inclusive of) (?:postage|shipping|delivery)\b"),
    rule("shipping/policy", 0.9, r"\bdo\s+(?:you|u|ya|y'all)\s+(?:guys\s+)?(?:also\s+|even\s+|still\s+|currently\s+)?(?:ship|deliver|send|post|offer (?:shipping|delivery)|do (?:shipping|delivery))\s+(?:to|internationally|abroad|worldwide|overseas|outside|in|on|within|into|across)\b|\bdo you ship\b"),
    rule("shipping/policy", 0.85, r"\b(?:can|could)\s+(?:you|u)\s+(?:ship|deliver|send|post)\s+(?:orders?\s+|items?\s+|things?\s+)?to\s+(?!my\b|me\b|her\b|his\b|our\b|the\s+(?:new|wrong|other|right)\b)",
         veto=r"\binstead\b|" + _MY_ORDER),
    rule("shipping/policy", 0.88, r"\b(?:shipping|delivery|postage|postal|courier|freight|p&p|carriage|verzend|versand)\s+(?:costs?|fees?|charges?|prices?|rates?|options?|methods?|times?|time|cost|policy|services?|zones?|countries|days?|speed|estimates?|prices)\b|\bhow much (?:is|does|would|will|for|to)\s+(?:the\s+|it cost to\s+)?(?:shipping|delivery|postage|ship|deliver|send it)\b|\b(?:shipping|delivery|postage) to (?:the\s+)?[a-z]+\s*\?|\bcost to (?:ship|deliver|send)\b",
         veto=r"\b(?:charged|charge me|paid|refund|refunded|upgrade|switch|change|past|late|overdue|waiting|beyond|says|said|shows)\b|\bi chose\b"),
    rule("shipping/policy", 0.85, r"\bfree\s+(?:shipping|delivery|postage)\b|\b(?:shipping|delivery|postage)\s+(?:is\s+)?free\b|\bis (?:shipping|delivery|postage) free\b", veto=r"\b(?:charged|paid|threshold|even though|refund)\b"),
    rule("shipping/policy", 0.88, r"\bhow\s+(?:long|many days|quickly|fast|soon)\s+(?:does|do|will|would|is|are)\s+(?:it\s+)?(?:usually\s+)?(?:standard\s+|express\s+|the\s+|your\s+|international\s+)?(?:shipping|delivery|postage|express|standard|courier|it (?:usually )?take|orders?\s+(?:usually\s+)?take|take|delivery take)\b",
         veto=r"\b(?:refund|return|exchange|restock|money back|my order|my parcel|my refund)\b", unless=r"\brefund|\bmoney back\b"),
    rule("shipping/policy", 0.85, r"\b(?:express|next[- ]day|same[- ]day|overnight|priority|tracked|standard|saturday|weekend|international)\s+(?:delivery|shipping|service|post|option|options)\b",
         veto=r"\b(?:paid|charged|refund|upgrade|switch|change|chose|i picked|was supposed|took|payment|went)\b|" + _MY_ORDER),
    rule("shipping/policy", 0.88, r"\b(?:import|customs)\s+(?:duties|duty|fees?|charges?|tax|taxes|vat)\b|\bduties\b|\bduty\b(?!\s+free)|\bcustoms\b[^.?!]{0,20}\bon top\b|\bimport tax\b|\bextra vat\b|\b(?:vat|tax) (?:on top|extra)\b",
         veto=r"\b(?:held|stuck|sitting|holding|waiting|detained|release|want(?:s)? me to pay|asking me|they want|i was told|already paid)\b"),
    rule("shipping/policy", 0.85, r"\bif\s+(?:i|we)\s+(?:order|buy|place\s+(?:an?\s+)?order|purchase|checkout)\b[^.?!]{0,60}?\b(?:ship|arrive|deliver|get here|be here|dispatched|sent|reach|have it)\b"),
    rule("shipping/policy", 0.8, r"\b(?:arrive|get here|be here|be delivered|reach (?:me|us)|get to me|deliver it)\s+(?:by|before|in time for|for|on)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|then|the weekend|christmas|next week|\w+day)\b|\bby (?:tomorrow|then|friday|saturday|thursday|monday)\b[^.?!]{0,20}\?",
         veto=_MY_ORDER + r"|\b(?:it|they)\s+(?:was|were)\b|\bwill (?:it|my)\b", unless=_MY_ORDER + r"|\bdelivery estimate\b"),
    rule("shipping/policy", 0.85, r"\bwhich (?:carrier|courier|delivery company|shipping company|postal service)s?\b|\b(?:do|can) you deliver on (?:saturdays?|sundays?|weekends?)\b|\bcan i (?:collect|pick (?:it )?up)\b[^.?!]{0,30}\b(?:instead|from|in store)\b|\bdo you (?:do|offer|have) (?:international|worldwide|express|free|next[- ]day|click and collect)\b|\bcheapest (?:delivery|shipping)\b|\b(?:ship|deliver)(?:ping)? internationally\b",
         veto=_MY_ORDER),
    rule("shipping/policy", 0.88, r"\b(?:haceis|hacen|realizais|realizan|enviais|envian|mandais)\s+(?:envios?\s+)?(?:a|al|hacia)\b|\b(?:gastos|coste|costes|precio) de envio\b|\bcuanto (?:cuesta|vale|tarda|tardan)\b[^.?!]{0,30}\b(?:envio|llegar|entrega)\b|\benvio (?:gratis|gratuito|express|urgente)\b|\bplazo de entrega\b",
         veto=r"\bmi pedido\b"),
    rule("shipping/policy", 0.88, r"\b(?:liefert|versendet|verschickt|liefern)\s+(?:ihr|sie)\s+(?:auch\s+)?(?:nach|in|ins)\b|\b(?:versandkosten|lieferkosten|versandgebuhr\w*|lieferzeit|lieferzeiten)\b|\bwie (?:lange|schnell) dauert (?:der versand|die lieferung)\b|\b(?:kostenloser|gratis) versand\b|\bexpressversand\b|\bzollgebuhren\b",
         veto=r"\bmeine bestellung\b|\bhangt\b|\bsteckt\b"),
    rule("shipping/policy", 0.88, r"\b(?:livrez|expediez|envoyez)[- ]vous\b|\bfrais de (?:port|livraison|envoi|douane)\b|\bdelais? de livraison\b|\bcombien de temps\b[^.?!]{0,30}\b(?:livraison|livrer)\b|\blivraison (?:gratuite|express|offerte)\b",
         veto=r"\bma commande\b"),
    rule("shipping/policy", 0.88, r"\b(?:verzendkosten|bezorgkosten|verzendtijd|levertijd)\b|\b(?:leveren|verzenden|versturen|sturen) jullie (?:ook )?(?:naar|in)\b|\bhoe lang duurt (?:de )?(?:levering|verzending|bezorging)\b|\bgratis (?:verzending|bezorging|verzonden)\b",
         veto=r"\bmijn bestelling\b"),
)

QUESTION: tuple[Rule, ...] = (
    # Last resort: a direct question about a thing ("is the fly on the Tarn 2 silicone or PU coated?") asks
    # about a product when nothing else in the message was read and no order, money or person is in sight.
    rule("product/question", 0.45, r"(?:^|[.!?\n]\s*)(?:(?:hi|hello|hey|also|and|so|quick question)\W+)?(?:what(?:'s| is| are| does| do)|which|is|are|does|do|will|would|can|could|"
         r"how (?:big|small|long|wide|tall|heavy|warm|thick|deep|much does|much do|many|loud|bright|strong|durable|well))\s+(?:the|your|this|these|that|those|its|their)\s+[^.?!]{2,120}\?",
         veto=r"\b(?:orders?|ordered|parcels?|packages?|deliver\w*|ship\w*|dispatch\w*|track\w*|courier|refund\w*|return\w*|exchang\w*|account|password|login|"
              r"invoice|receipt|charg\w*|payment|paid|pay|code|discount|voucher|coupon|cancel\w*|shop|store|office|team|person|someone|human|staff|website|site|app|"
              r"newsletter|e-?mail|address|policy|warranty|guarantee|prices?|cost|sale|tax|vat|"
              # size and stock questions have rules of their own; a weak guess must not pre-empt them
              r"fit|fits|cut|sizes?|sized|stretch\w*|slim|regular|snug|tight|loose|come up|half|eu|uk|us|back|restock\w*|stock|available|"
              r"come in|comes in|pack|you|actually)\b", negatable=False, name="question:about-a-thing"),
    # Will the product stand up to normal use? ("going to survive my tumble dryer")
    rule("product/question", 0.85, r"\b(?:survive|cope with|stand up to|hold up (?:in|to))\s+(?:the\s+|my\s+|a\s+)?(?:tumble ?dryer|dryer|dishwasher|washing machine|wash|washes|oven|microwave|freezer|rain|daily use)\b"),
    rule("product/question", 0.88, r"\bmade (?:of|from|out of|with|in)\b|\bwhat(?:'s| is| are)?\s+(?:it|they|the\s+[\w' -]{1,40}?)\s+made\b|\b(?:material|materials|fabric|composition|lining|lined)\b|\b100\s?% (?:merino|cotton|wool|linen|silk|cashmere)\b|\b(?:pure|real)\s+(?:wool|cotton|linen|merino|leather|wood|silk)\b|\b(?:wool|cotton|linen|merino) or (?:a )?blend\b",
         question=True, veto=r"\bsaid\b|\bwas supposed\b|\bfalse\b|\blabel says\b|\bfor the (?:same|price)\b"),
    rule("product/question", 0.88, r"\b(?:is|are|does|do|can|will|would)\s+(?:it|they|the\s+[\w' -]{1,40}?|this|these|that|those|your\s+[\w -]{1,30}?)\s+(?:[\w'-]+\s+){0,2}?(?:vegan|waterproof|water[- ]?resistant|water[- ]?proof|windproof|breathable|machine[- ]?washable|washable|dishwasher[- ]?safe|microwave[- ]?safe|oven[- ]?(?:safe|proof)|freezer[- ]?safe|induction|pre-?seasoned|seasoned|lined|organic|recycled|sustainable|handmade|hand made|non[- ]?stick|cordless|wireless|electric|rechargeable|dimmable|portable|adjustable|removable|reversible|detachable|foldable|stackable|pre-?washed|pre-?shrunk|colou?rfast|safe (?:for|in) (?:the )?(?:dishwasher|microwave|oven|freezer|kids|children|babies|food|induction)|food[- ]safe|bpa[- ]free|hypoallergenic|itchy|scratchy|soft|heavy|lightweight|warm|thick|thin|see[- ]through|sheer|stretchy|insulated|padded|fair ?trade|compatible|suitable|genuine|pure|solid|durable|shed|pill|fade|stainless|real leather|leather|cotton|wool|metal|plastic|oak|glass|ceramic)\b",
         question=True, veto=r"\b(?:size|fit|fits|true to size|run|runs|come up|in stock|available|back in)\b"),
    rule("product/question", 0.85, r"\b(?:is|are)\s+(?:it|they|the\s+[\w' -]{1,40}?|this|these)\s+(?:made\s+(?:of|from)\s+|real\s+|pure\s+|100\s?%\s+)?(?:soy|wax|beeswax|bamboo|ceramic|porcelain|stoneware|glass|steel|stainless steel|iron|cast iron|copper|brass|aluminium|wood|wooden|oak|walnut|ash|pine|marble|jute|hemp|silk|cashmere|alpaca|mohair|merino|wool|polyester|nylon|acrylic|viscose|leather|suede|canvas|denim|fleece|down|feather|linen|cotton|fabric|paper|plastic|metal)\b",
         question=True, veto=r"\b(?:size|fit|in stock|available)\b"),
    rule("product/question", 0.88, r"\b(?:can|could|does|do|will)\s+(?:it|they|i|you|the\s+[\w' -]{1,40}?|this|these)\s+(?:[\w'-]+\s+){0,2}?(?:go in(?:to)?|be (?:put|used|washed|tumble[- ]dried|ironed|dry[- ]cleaned|frozen|microwaved|cleaned)|put (?:it|them) in|use (?:it|them) on|work (?:on|with)|fit (?:in|on) (?:a|an|the|my) (?:standard|oven|dishwasher|drawer|cupboard)|handle|survive|withstand)\b",
         question=True, veto=r"\b(?:size|fit me|true to size|order|parcel|delivery|refund|return|gift ?cards?|vouchers?|codes?|coupons?)\b"),
    rule("product/question", 0.85, r"\b(?:can|could)\s+(?:i|you|we)\s+use\s+(?:the|it|them|this|these|your)\b[^.?!]{0,30}\b(?:on|in|with|under)\s+(?:a|an|the|my)\s+(?:[\w-]+\s+)?(?:hob|stove|cooker|oven|induction|dishwasher|microwave|freezer|gas|aga|grill|fire|bbq|barbecue|campfire|hotplate)\b"),
    rule("product/question", 0.88, r"\bhow\s+(?:do|should|can|would)\s+(?:i|you|we|one)\s+(?:best\s+)?(?:wash|clean|care for|look after|season|store|iron|dry|maintain|oil|treat|assemble)\b|\b(?:best way to|how to)\s+(?:wash|clean|care for|look after|season|iron|dry|maintain|oil)\b|\bcare (?:instructions|label|guide|tips|advice|info|information|details)\b|\bhow (?:i|we) (?:must|should|have to|can) (?:wash|clean|dry|iron)\b|\bwashing (?:instructions|temperature)\b|\bneed (?:oiling|seasoning|ironing)\b",
         veto=r"\blost (?:the|my) care label\b(?![^.?!]*\?)"),
    rule("product/question", 0.85, r"\b(?:dimensions|capacity|how many (?:litres|liters|ml|cups|people|servings|pieces|in a set|in the set|per set|per pack)|weigh|weight|come as a set|set of \d+ or \d+|sold (?:individually|as a set|singly)|come with (?:a|the)|include (?:a|the) (?:lid|case|box)|does it have (?:a|pockets|a hood|a lid)|have (?:pockets|a hood|a lid|a zip)|where (?:is|are) (?:it|they|the \w+|your \w+) made|country of origin|manufactured|thread count|gsm|tog|togs|denier|fill power|come in a (?:gift )?(?:box|bag|tin|case|set|pack))\b|\bhow (?:big|heavy|deep|wide|tall|large) is the\b|\bhow many litres\b",
         question=True, veto=_SIZE_TALK),
    rule("product/question", 0.8, r"\b(?:does|do|is|are)\s+(?:it|they|the\s+[\w' -]{1,40}?)\s+(?:have|has|come with|include|got)\s+(?:a|an|any)\s+[\w -]{2,30}", question=True,
         veto=r"\b(?:size|sizes|stock|order|parcel|refund|return|discount|code|warranty|guarantee|problem|issue|fault|hole|crack|stain)\b"),
    rule("product/question", 0.85, r"\best(?:-il|-elle)?\s+en\s+(?:coton|laine|lin|cuir|bois|soie|cachemire|polyester|metal|verre|ceramique|bambou|daim)\b|\b(?:esta|es) (?:hech[oa] )?de (?:algodon|lana|lino|cuero|madera|seda)\b|\bist (?:der|die|das|es)\b[^.?!]{0,20}\baus\s+(?:baumwolle|wolle|leinen|leder|holz|seide)\b", question=True),
    rule("product/question", 0.85, r"\b(?:what|which) (?:colou?rs?|finishes|patterns|styles|materials) does (?:it|the\s+[\w' -]{1,30}?) come in\b|\bdifference between (?:the\s+)?\w+", question=True),
    rule("product/question", 0.88, r"\b(?:de que esta hech[oa]|material|tejido|composicion)\b|\b(?:sirve|vale|apto|apta)\s+(?:para\s+)?(?:induccion|lavavajillas|microondas|horno)\b|\bse puede (?:lavar|meter|poner)\b|\bcomo (?:lavo|lavar|limpiar|cuido)\b",
         question=True),
    rule("product/question", 0.88, r"\b(?:aus|aus reiner|reine|reiner)\s+(?:wolle|baumwolle|leinen|leder|merino)\b|\b(?:material|stoff|zusammensetzung)\b|\b(?:spulmaschinen|mikrowellen|ofen|induktions)(?:fest|geeignet|tauglich)\b|\b(?:kann man|darf man|kann ich)\b[^.?!]{0,30}\b(?:waschen|in die spulmaschine|in den trockner|in den ofen|spulmaschine)\b|\b(?:wasserdicht|wasserfest|gefuttert)\b",
         question=True),
    rule("product/question", 0.88, r"\b(?:en quoi|fait en|fabrique en|composition|matiere|tissu)\b|\b(?:impermeable|doublee|lavable|compatible induction|lave-vaisselle|micro-ondes)\b|\bcomment (?:laver|entretenir|nettoyer)\b|\bva au (?:four|lave-vaisselle|micro-ondes|congelateur)\b", question=True),
    rule("product/question", 0.88, r"\b(?:gemaakt van|materiaal|stof)\b|\b(?:vaatwasser|magnetron|oven|inductie)\w*\b|\b(?:waterdicht|gevoerd|wasbaar)\b|\bhoe (?:was|reinig|onderhoud)\b|\b(?:is|zijn)\s+(?:de|het|deze|dit)\s+\w+\s+(?:van|uit)\s+(?:wol|katoen|linnen|leer|hout|zijde|kasjmier|glas|keramiek|bamboe)\b", question=True),
)

AVAILABILITY: tuple[Rule, ...] = (
    rule("product/availability", 0.88, r"\ben rupture(?: de stock)?\b|\bexiste(?:-t-(?:il|elle)|nt)? en (?:xs|s|m|l|xl|xxl|taille|\d{2}|noir|blanc|bleu|rouge|vert|gris|beige)\b|\bde nouveau (?:en stock|disponible)\b"),
    # "will the carbon poles be back before summer?", "is the cream throw coming back?"
    rule("product/availability", 0.85, r"\b(?:will|when will|is|are|when (?:is|are))\s+(?:the|your|this|these|that|those|it|they)\b[^.?!]{0,50}?\b(?:be back|coming back|come back|back on (?:the )?(?:site|shelves))\b"
         r"(?!\s+(?:from|to (?:me|you)|in touch|with))",
         veto=r"\b(?:refund\w*|money|parcel|package|order|return\w*|courier|driver|delivery|reply|answer|team|office|staff|someone)\b"),
    rule("product/availability", 0.9, r"\b(?:in stock|back in stock|out of stock|sold out|soldout|restock\w*|re-stock\w*|back in (?:xs|s|m|l|xl|xxl|\d\d|size|stock|black|white|grey|navy|green|blue)|available|avaliable|availible|availabe|availability|stock levels?)\b",
         veto=r"\brestocking fee|\b(?:cancel+ed|removed|refunded)\b[^.?!]{0,40}(?:out of stock|sold out)|(?:out of stock|sold out)\b[^.?!]{0,40}\b(?:cancel+ed|refund)|\b(?:express|delivery|shipping|option|options|service|refund|discount|payment|invoice|collection|pickup|tracking|someone|agent|person|anyone|you|slot|slots)\s+(?:[\w'-]+\s+)?available\b|\bavailable\s+(?:for|to)\s+(?:delivery|collection|pickup|chat|talk|call|help)\b|\bwhen it'?s available\b(?=[^.?!]*\bsize chart\b)",
         negatable=False),
    rule("product/availability", 0.9, rf"\b(?:do|does|did|will|would|can|could)\s+(?:you|u|ya)\s+(?:still\s+|currently\s+|now\s+)?(?:have|stock|sell|carry|get|make|do)\s+(?:the\s+|any\s+|it\s+|them\s+|this\s+|that\s+|more\s+)?(?:[\w'-]+\s+){{0,4}}?(?:in|in a|in an|in size|in the|in sizes?)\s+(?:{_SIZE}|{_COLOUR})\b"),
    rule("product/availability", 0.85, r"\b(?:is|are)\s+(?:the\s+|it\s+|they\s+|this\s+)?(?:[\w'-]+\s+){0,4}?back\s+(?:yet|in stock|now|already|in)\b|\bdo you (?:still )?have (?:the|a|an|any)\s+(?:size\s+)?(?:\d\d|xs|s|m|l|xl|xxl|small|medium|large)\b|\b(?:haben sie|habt ihr)\b[^.?!]{0,30}\bnoch\b[^.?!]{0,10}\b(?:da|auf lager|vorratig)\b|\b(?:is|are|will)\s+(?:the\s+|it\s+|they\s+|this\s+)?(?:[\w'-]+\s+){0,4}?(?:coming|come) back\b|\bunavailable\b|\b(?:volvereis|volveran|volvera|vuelve|vuelven) a (?:tener|estar)\b",
         veto=r"\b(?:refund|money|parcel|package|order|return|delivery|courier|sent)\b"),
    rule("product/availability", 0.85, r"\b(?:do|does)\s+(?:you|u)\s+still\s+(?:sell|stock|have|make|do|carry)\b|\b(?:getting|get|have|receive|receiving)\s+(?:any\s+)?more\s+(?:in|of|stock)\b|\bare you getting more\b|\bgetting more (?:in|of)\b"),
    rule("product/availability", 0.85, r"\bdo you (?:sell|stock|do|carry|make)\s+(?:replacement|spare|extra|separate|individual)\b|\bdiscontinued\b|\bno longer (?:sold|available|made|stocked|in the range)\b|\bstop(?:ped)? (?:selling|making|stocking)\b|\bhave you (?:got|any)\s+(?:the\s+|any\s+)?[\w' -]{1,30}?\s+in\s+(?:xs|s|m|l|xl|xxl|\d\d|size|[a-z]+)\b"),
    rule("product/availability", 0.85, r"\b(?:have|stock|sell|do)\s+(?:it|them|the\s+[\w' -]{1,30}?|this|these)\s+in\s+(?:any\s+)?(?:other|another|different|more)\s+(?:colou?rs?|sizes?|shades|finishes)\b"),
    rule("product/availability", 0.88, rf"\b(?:does|do|is|are|will)\s+(?:it|they|the\s+[\w' -]{{1,40}}?|this|these)\s+(?:[\w'-]+\s+)?(?:come|comes|coming|available|made|offered|sold)\s+in\s+(?:{_SIZE}|{_COLOUR}|other|another|different|a (?:bigger|smaller|larger))\b"),
    rule("product/availability", 0.85, r"\b(?:any|are there any|is there any|got any|have you got any|have you any)\s+(?:[\w'-]+\s+){0,3}?(?:left|remaining)\b|\b(?:xs|xxl|xl|\d\d)\s+left\b|\bwhen will (?:the|it|they|this|that|you)\s+(?:[\w'-]+\s+){0,6}?(?:be\s+)?back\b|\bis (?:the|it|this)\s+(?:[\w'-]+\s+){0,4}?still (?:available|for sale|being made|sold)\b",
         veto=r"\brefund\b|\bmoney\b|\bsent (?:it|them) back\b"),
    rule("product/availability", 0.9, r"\b(?:teneis|tienen|tenes|hay|queda|quedan|os queda|os quedan)\b[^.?!]{0,40}\b(?:en (?:la |el )?(?:talla )?(?:xs|s|m|l|xl|\d\d)|en stock|disponible)\b|\bagotad[oa]s?\b|\bdisponibles?\b|\b(?:reponer|reposicion|volvera a estar)\b|\b(?:teneis|tienen|hay)\b[^.?!]{0,40}\ben (?:color )?(?:negro|blanco|gris|azul|rojo|verde|marron|beis|beige|rosa|amarillo|crema|morado|naranja)\b"),
    rule("product/availability", 0.9, r"\b(?:(?:auf|am) lager|vorratig|lieferbar|verfugbar|ausverkauft|wieder (?:da|erhaltlich|verfugbar|lieferbar)|nachschub)\b|\bhabt ihr\b[^.?!]{0,30}\bin (?:gro(?:ß|ss)e|\w+)\b"),
    rule("product/availability", 0.9, r"\b(?:en stock|disponible|epuise|rupture de stock|reassort|de nouveau disponible|existe (?:encore|toujours|aussi|en))\b|\bne (?:la|le|les) trouve plus\b|\bavez-vous\b[^.?!]{0,30}\ben (?:taille )?(?:xs|s|m|l|xl|\d\d)\b"),
    # "only goes down to S, she's an XS": the size range on offer, not a change to an order.
    rule("product/availability", 0.85, r"\b(?:only|just)\s+(?:goes|go|comes|come|starts|runs)\s+(?:down|up)\s+to\b|\b(?:doesn't|does not|don't|do not)\s+(?:come|go)\s+(?:down\s+|up\s+)?(?:in|to)\s+(?:an?\s+)?(?:xxs|xs|xxl|xl|size \w+)\b"),
    rule("product/availability", 0.9, r"\b(?:op voorraad|beschikbaar|leverbaar|uitverkocht|weer binnen)\b|\bhebben jullie\b[^.?!]{0,30}\bin (?:maat )?\w+\b"),
)

SIZE_FIT: tuple[Rule, ...] = (
    rule("product/size_fit", 0.85, r"\beine (?:nummer|gro(?:ss|ß)e) (?:gro(?:ss|ß)er|kleiner)\b|\bfallt (?:\w+ )?(?:klein|gro(?:ss|ß)|normal|weit|eng)\b|\bwelche gro(?:ss|ß)e\b|\bgro(?:ss|ß)entabelle\b", question=False),
    rule("product/size_fit", 0.9, r"\b(?:what|which)\s+size\b", veto=r"\b(?:did|have)\s+i\s+(?:order|pick|choose|chose|get|buy)\b|\bsizes? (?:do you have|are (?:available|left|in stock))\b|\bwhat sizes do you\b"),
    rule("product/size_fit", 0.88, r"\b(?:size|sizing)\s+(?:guide|chart|table|advice|help|info|information|up|down|recommendations?)\b|\bsize (?:up|down)\b", veto=r"\bnext size\b|\bswap\b|\bexchange\b"),
    rule("product/size_fit", 0.85, r"\bsizing\b", question=True, veto=r"\b(?:off|wrong|terrible|awful|completely)\b"),
    rule("product/size_fit", 0.88, r"\b(?:run|runs|running|come up|comes up|coming up|fit|fits|fitting|cut|sized|sizes up)\s+(?:[\w'-]+\s+)?(?:small|big|large|true to size|tts|tight|loose|narrow|wide|short|long|generous|slim|snug|roomy|oversized|baggy|true)\b",
         veto=r"\btoo\s+(?:small|big|tight|large|loose|long|short)\b|\b(?:box|parcel|package)\b|\b(?:i|we|they|who) run (?:a|an|the|our|my)\b"),
    rule("product/size_fit", 0.88, r"\b(?:true to size|tts|between (?:two )?sizes|in between sizes|between (?:an? )?(?:xs|s|m|l|xl|\d\d) and (?:an? )?(?:xs|s|m|l|xl|xxl|\d\d))\b"),
    rule("product/size_fit", 0.88, r"\bhow\s+(?:long|wide|big|short|tight|loose)\s+(?:are|is)\s+(?:the\s+)?(?:sleeves?|legs?|arms?|[\w' -]{1,30}?\s+in\s+(?:size|xs|s|m|l|xl|an?\s)|(?:[\w'-]+\s+){0,3}in size)\b|\b(?:chest|waist|hip|bust|inside leg|inseam|sleeve|shoulder|leg|back)\s+(?:measurement|measurements|size|length|width)\b|\b(?<!to a )(?<!to )\d{2,3}\s?(?:cm|inch|inches|in|\")?\s+(?:chest|waist|hips?|bust|inside leg|inseam|foot)\b|\bmeasurements? (?:on|of|for) the\s+(?:size\s+)?(?:xs|s|m|l|xl|xxl|\d\d)\b|\b(?:length|inside leg|inseam) (?:on|of) the\b|\bwhat(?:'s| is) the length\b",
         veto=r"\b(?:board|pan|pot|bowl|mug|jar|box|bag|tote|vase|kettle|casserole|skillet)\b"),
    rule("product/size_fit", 0.85, r"\b(?:is|are|would|will)\s+(?:the\s+)?(?:xs|s|m|l|xl|\d\d|size \w+|it|they|one)\s+(?:much\s+|a lot\s+|any\s+|a bit\s+)?(?:roomier|bigger|smaller|looser|tighter|longer|shorter|wider|narrower)\b", question=True),
    rule("product/size_fit", 0.85, r"\bone size(?: fits all)?\b|\bone-size\b|\bhow much (?:shorter|longer|bigger|smaller|tighter|looser|wider|narrower)\b|\bhow (?:long|big|wide) (?:is|are) the (?:xs|s|m|l|xl|xxl|size \w+|\d\d)\b|\b(?:stretch|give)\s+(?:much|a bit|at all|out)\b"),
    rule("product/size_fit", 0.85, r"\b(?:room|space)\s+(?:is there\s+)?(?:in|around|across)\s+the\s+(?:shoulders|chest|toe|toes|waist|hips|arms|body|foot)\b|\b(?:long|short|tight|loose|wide|narrow|roomy|baggy|generous|snug)\s+in\s+the\s+(?:leg|legs|arms|sleeves|body|waist|shoulders|chest|foot|toe|toes|hips|calf|calves)\b"),
    rule("product/size_fit", 0.75, r"\b(?:i'?m|i am|im)\s+\d{3}\s?cm\b|\b\d{3}\s?cm\s+(?:tall|and)\b|\b\d\s?(?:ft|foot|')\s?\d{1,2}\b|\b\d{2,3}\s?kg\b|\b(?:my|a) (?:chest|waist|hips?|foot) (?:is|of|measures)\b"),
    rule("product/size_fit", 0.45, r"\b(?:usually|normally|typically|generally)\s+(?:wear|take|am|buy|get|order|an?|a size|size)\b|\b(?:i'?m|i am|im)\s+(?:usually\s+)?(?:a|an)\s+(?:size\s+)?(?:xs|s|m|l|xl|xxl|\d{1,2}(?:[.,]5)?|uk \d+|eu \d+|small|medium|large)\b"),
    rule("product/size_fit", 0.88, r"\b(?:would|will|should)\s+(?:a|an|the|size)?\s*(?:xs|s|m|l|xl|xxl|\d\d|small|medium|large)\s+(?:fit|be (?:too )?(?:big|small|tight|loose))\b|\b(?:should|shall|would)\s+i\s+(?:get|go for|order|take|buy|pick|choose|size)\s+(?:a|an|the)?\s*(?:size\s+)?(?:xs|s|m|l|xl|xxl|\d\d|small|medium|large|up|down|bigger|smaller)\b|\bhow\s+(?:does|do|will|would)\s+(?:it|they|the\s+[\w' -]{1,30}?)\s+fit\b|\bthe fit\b|\bfit (?:wise|like)\b|\b(?:fitted|slim fit|regular fit|relaxed fit|oversized|boxy|cropped) or\b|\bor (?:fitted|loose|oversized|relaxed)\b|\b(?:fit|suit) (?:wide|narrow|high) (?:feet|calves|shoulders|arches)\b|\bwide feet\b|\bwould (?:it|they) fit (?:a|someone|me)\b|\bfit close to\b"),
    rule("product/size_fit", 0.88, r"\bje fais du\b|\bje prends plutot\b|\bquelle (?:taille|pointure)\b|\btaille (?:petit|grand|normalement)\b|\b(?:que|cual) talla\b|\btallaje\b|\b(?:talla|tallan) (?:grande|pequen[oa])\b|\bwelche gro(?:ß|ss)e\b|\b(?:fallt|fallen)\b[^.?!]{0,30}\b(?:gro(?:ß|ss)|klein|normal|eng|weit)\s+aus\b|\bgro(?:ß|ss)entabelle\b|\bwelke maat\b|\b(?:valt|vallen)\b[^.?!]{0,20}\b(?:groot|klein|ruim|krap)\b|\bmaattabel\b|\bnormaal (?:een |maat )?\d\d\b"),
)

_NOT_SIZE_RECO = r"\b(?:size|sizes|sizing|talla|taille|gro(?:ß|ss)e|maat)\b|\bwhat do you suggest (?:i|we) do\b|\bsuggest (?:i|we) do\b"
_NOT_PRODUCT_NEED = (r"\b(?:receipt|invoice|refund|label|replacement|copy|tracking|code|discount|coupon|voucher|password|reset|confirmation|"
                     r"response|reply|answer|update|person|human|agent|manager|callback|call|number|someone|answer|help with|sizes?)\b")

RECOMMENDATION: tuple[Rule, ...] = (
    rule("product/recommendation", 0.9, r"\b(?:recommend|recommendation|recommendations|suggest|suggestion|suggestions|advise|inspiration)\b",
         veto=_NOT_SIZE_RECO + r"|\b(?:photos?|pictures?|images?|description|website|listing|name)\s+(?:\w+\s+)?suggest(?:s|ed)?\b|\bsuggests\b"),
    rule("product/recommendation", 0.85, r"\b(?:any|some|got any)\s+ideas\b|\bideas\s*\?", veto=_NOT_SIZE_RECO + r"|\bwhy\b"),
    rule("product/recommendation", 0.85, r"\b(?:looking for|searching for|need|want|after|shopping for)\s+(?:a|an|some|something)\s+(?:[\w'-]+\s+){0,4}?(?:gift|present|for (?:my|a|an|the)|that|to go with|under|around|below|for under)\b",
         veto=_NOT_PRODUCT_NEED),
    rule("product/recommendation", 0.85, r"\b(?:gift|present|presents|gifts)\s+(?:ideas?|suggestions?)\b|\b(?:good|nice|best)\s+(?:gift|present)\b|\bwhat\s+(?:should|could|would|can|do)\s+(?:i|we)\s+(?:get|buy|give|gift|pick|choose)\b|\bhelp me (?:find|choose|pick)\b",
         veto=_NOT_SIZE_RECO),
    rule("product/recommendation", 0.85, r"\b(?:which|what)\s+(?:of your\s+)?(?:[\w'-]+\s+){0,3}?(?:is|are|would be|would|will|do you think|is the)\s+(?:the\s+)?(?:best|\w+est|better|good|ideal|suitable|right)\b",
         veto=_NOT_SIZE_RECO + r"|\bway to\b|\bcheapest (?:delivery|shipping)\b|\bfastest (?:delivery|shipping)\b|\b(?:delivery|shipping|postage|return|refund)\b"),
    rule("product/recommendation", 0.85, r"\b(?:what|which)\s+(?:one\s+)?would you\s+(?:pick|choose|go for|get|buy)\b|\bpoint me (?:to|towards|in the direction of)\b", veto=_NOT_SIZE_RECO),
    rule("product/recommendation", 0.88, r"\b(?:what|which)\s+(?:[\w'-]+\s+){0,3}?(?:would|will|could|should|do you think would|might)\s+(?:go|look|work|pair|match)\s+(?:well\s+)?(?:with|for)\b|\bwhat\s+(?:goes|go|would go|works|pairs|matches)\s+(?:well\s+)?with\b"),
    rule("product/recommendation", 0.85, r"\b(?:essentials|must-haves|bestsellers?|best sellers?|most popular|favourites|favorites|starter (?:set|kit))\b|\b(?:anything|something) similar (?:to|like)\b|\balternatives? to\b|\bif not,? (?:what|which)\s+(?:[\w'-]+\s+){0,2}(?:do you have|would you|are|is|ones?|would)\b"),
    rule("product/recommendation", 0.8, r"\bwhat\s+(?:[\w'-]+\s+){0,2}?(?:do you have|have you got|would you suggest|can you suggest|can you offer|do you sell)\b|\blooking for\s+(?:[\w'-]+\s+){0,3}?(?:shoes|boots|trainers|sneakers|jacket|coat|dress|trousers|jumper|gift|present|pan|pans|knife|knives|bedding|towels|mug|mugs|something|anything|ideas)\b",
         veto=r"\b(?:payment|delivery|shipping|sizes|colou?rs|discount|offers|codes|options|policy|hours|order|refund|tracking|return)\b"),
    rule("product/recommendation", 0.6, r"\b(?:budget|under|below|less than|max|maximum|up to|around|about)\s+(?:is\s+)?(?:of\s+)?[€$£]\s?\d+|\b\d+\s?(?:€|eur|euros?|pounds?|dollars?)\s+(?:budget|max)\b|\bbudget (?:is|of|around|about)\b",
         veto=r"\b(?:charged|paid|refund|total|card|shipping|order)\b"),
    rule("product/recommendation", 0.9, r"\b(?:recomendais|recomiendas|recomienda|recomendarme|recomendacion|aconsejais|aconsejas|sugerencia)\b|\bbusco un regalo\b|\bregalo para\b|\b(?:empfehlen|empfehlung|empfiehlst|empfiehlt|vorschlag)\b|\b(?:suche|suchen) (?:ein|eine|einen) (?:geschenk|\w+ fur)\b|\bgeschenk(?:idee)? fur\b|\b(?:recommander|recommandez|conseillez|conseiller|suggerez|suggestion|idee cadeau|idees? de cadeau)\b|\bje cherche un cadeau\b|\bcadeau pour\b|\b(?:aanraden|aanbevelen|aanbeveling|advies|adviseren|suggestie)\b|\braden\b[^.?!]{0,30}\baan\b|\braad\b[^.?!]{0,30}\baan\b|\b(?:zoek|op zoek naar) een cadeau\b|\bcadeau (?:voor|als)\b",
         veto=_NOT_SIZE_RECO + r"|\bparler\b"),
)
