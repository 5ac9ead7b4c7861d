"""The patterns behind ``needs_live_data``: which questions need live or local data, by kind.

Patterns run on the lower-cased question with single spaces. English words use ``\\b``; Korean
has no word boundaries that regex understands, so Korean patterns match word stems ("열어", "닫").

Beyond fixed phrasings ("is the pharmacy open now"), the rules generalise over *concepts*
(docs/answers-honesty.md): a place or scheduled service (a clinic, a church's mass, a market, a
subway line) together with a time (tonight, this Sunday, 점심시간에도, 공휴일에) and a question
about it operating ("running", "open", "해요", "다녀요"), or a named or possessive place ("my
dentist's", "the eye doctor on Grand Avenue", "우리 동네 내과") with its number or address.
"""

from __future__ import annotations

import re
from typing import Literal

LiveLocalKind = Literal[
    "weather",
    "opening_hours",
    "nearby",
    "transit",
    "contact",
    "prices",
    "news",
    "date",
    "queue",
]
LIVE_LOCAL_KINDS: tuple[LiveLocalKind, ...] = (
    "weather",
    "opening_hours",
    "nearby",
    "transit",
    "contact",
    "prices",
    "news",
    "date",
    "queue",
)

# --- Vocabulary ---------------------------------------------------------------------------------

_PLACE_EN = (
    r"(?:pharmacy|pharmacies|drugstore|hospital|clinic|doctor'?s office|bank|post office|store|"
    r"shop|supermarket|market|mall|restaurant|cafe|library|office|center|centre|dmv|museum|"
    r"gym|station|church|embassy|consulate|court|school|daycare|food bank|laundromat|"
    r"food pantry|urgent care|emergency room|er|walk[ -]in clinic|city hall|town hall|"
    # People who work in one place: "my dentist's number" is that office's number.
    r"doctors?|dentist|pediatrician|eye doctor|optometrist|vet|chiropractor|"
    # Chains people name instead of the kind of shop.
    r"cvs|walgreens|rite aid|costco|walmart|target|kroger)"
)
_PLACE_KO = (
    r"(?:약국|병원|의원|치과|한의원|보건소|은행|우체국|주민센터|행정복지센터|동사무소|구청|"
    r"시청|군청|구민회관|마트|시장|가게|식당|편의점|도서관|센터|사무소|출입국|대사관|경찰서|"
    r"복지관|경로당|지하철역|기차역|전철역|정류장|터미널|세탁소|학교|공단|도청|"
    r"소아과|내과|외과|안과|이비인후과|피부과|산부인과|가정의학과|비뇨기과|응급실|민원실|"
    r"성당|교회|목욕탕|사우나|미용실|농협|새마을금고|신협|문화센터|노인정)"
)
_WHEN_EN = (
    r"(?:now|right now|today|tonight|tomorrow|this (?:morning|afternoon|evening|week|weekend)|"
    r"on (?:sundays?|saturdays?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|"
    r"holidays?|christmas|new year'?s?|chuseok)|at night|late|on the weekend)"
)
_DAY_EN = r"(?:sun|mon|tues|wednes|thurs|fri|satur)days?"
_HOLIDAY_EN = (
    r"(?:christmas(?: eve| day)?|new year'?s(?: eve| day)?|thanksgiving|easter|"
    r"(?:memorial|labor|columbus|veterans|presidents'?|independence) day|the holidays?|"
    r"(?:a|the) (?:holiday|federal holiday)|chuseok)"
)
_WHEN_WIDE_EN = (
    rf"(?:{_WHEN_EN}|\b(?:this|next|on|over) (?:{_DAY_EN}|{_HOLIDAY_EN})\b|\b{_DAY_EN}\b|"
    rf"\b{_HOLIDAY_EN}\b|\b(?:during|at|over) lunch|\blunch ?time\b|\bafter (?:midnight|dark)|"
    r"\bovernight\b|\ball night\b|\btomorrow\b|\bthis week\b)"
)
_EVENT_EN = (
    r"(?:mass|church|services?|worship|confession|bingo|(?:farmers )?market|flu shots?|"
    r"vaccines?|covid (?:shots?|tests?)|story ?time|classes?|food distribution|walk[ -]ins?)"
)
_VEHICLE_EN = r"(?:bus|buses|train|trains|subway|metro|ktx|srt|flight|plane|ferry|shuttle|tram)"
_LINE_EN = (
    r"(?:(?:red|blue|green|orange|yellow|purple|silver|brown|pink|gold) line|line \d+|"
    r"\d+[a-z]? (?:line|bus|train)|number \d+[a-z]?(?: bus| train)?|route \d+)"
)
_VEHICLE_KO = r"(?:버스|지하철|전철|기차|열차|ktx|srt|itx|비행기|여객선|셔틀)"
_LINE_KO = r"(?:\d+ ?호선|[가-힣]{2,4}선(?= ?(?:지금|오늘|내일|아직|은|이|도|제대로|정상)))"
_WHEN_KO = (
    r"(?:지금|오늘|내일|모레|이번 ?주말?|주말|평일|공휴일|휴일|명절|설날|추석|연휴|"
    r"밤|야간|새벽|점심 ?시간|저녁|아침|오전|오후|[월화수목금토일]요일|크리스마스|아직)"
)
# A place or service operating: "해요", "여나요", "진료해요", "업무 봐요", "장 서요".
_OPERATE_KO = (
    r"(?:(?<!야 )(?<!얼마 )해요|하나요|하는지|할까요|해\?|하죠|"
    r"열어|열었|여나요|여는지|열까|문 (?:열|닫)|"
    r"닫아|닫나|쉬어|쉬나|쉬는지|진료|업무|일해|일하|운영|장 ?(?:서|열)|미사|예배|접종|"
    r"(?:맞을|받을|갈|볼) 수 있)"
)
# Korean words for a phone number that are not a place's: 계좌번호 is an account number.
_NUMBER_KO = (
    r"(?:전화 ?번호|연락처|(?<!계좌)(?<!비밀)(?<!주민)(?<!카드)(?<!인증)번호|주소|팩스|이메일)"
)
_LOCATED_EN = (
    r"(?:(?:on|at) (?:\w+ ){1,2}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|drive)\b|"
    r"by my (?:house|home|place)|downtown|in (?:my|our|this) (?:town|city|neighbou?rhood))"
)
_NOT_PERSON = r"(?!(?:you|i|we|he|she|they|there)\b)"

TIME_ANCHOR = re.compile(r"\b(?:today|now|tonight|tomorrow|currently)\b|오늘|지금|내일|현재")
"""A question tied to now or a named day is live even when it also looks definitional."""

BENIGN_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"\bwhat (?:is|are) (?:an?|the (?:meaning|definition))\b",
        r"\bwhat does\b.*\bmean\b",
        r"\bmade of\b|\bhow does\b.*\bwork\b|\bwhat are\b.*\bfor\??$|\bexplain\b|\bhistory of\b",
        r"\btime ?zone\b",
        # How to use a timetable or a service is general; how to *call* one place is not.
        r"\bhow (?:do|can|should) (?:i|you) (?:read|use|apply|sign up|open an?|renew|save)\b",
        r"\b(?:normal|usual|typical|standard) (?:business|opening|office) hours\b",
        # "환율이 뭐예요" defines; "전화번호가 뭐예요" asks for one office's number.
        r"(?<!번호)(?<!연락처)(?<!주소)(?:이|가|란)\s?(?:뭐예요|뭔가요|무엇인가요|뭐에요)",
        r"무슨 뜻|뜻이 뭐",
        r"원리|어떻게 작동|시차|표준시",
        r"(?:보는|읽는|타는|쓰는|만드는|신청하는) ?(?:법|방법)",
    )
)

_KIND_PATTERN_TEXT: tuple[tuple[LiveLocalKind, tuple[str, ...]], ...] = (
    (
        "weather",
        (
            r"\b(?:what'?s|what is|how'?s|how is) the weather\b",
            r"\bweather\b.{0,25}\b(?:today|tomorrow|tonight|now|this week(?:end)?|outside|"
            r"forecast|like in)\b",
            r"\b(?:today'?s|tomorrow'?s|weekend) weather\b|\bforecast\b",
            r"\b(?:will|is) it (?:going to |gonna )?(?:rain|snow|be (?:hot|cold|sunny|windy))",
            r"\bis it (?:raining|snowing|cold|hot) (?:now|outside|today|there)\b",
            r"\b(?:do i need|should i (?:bring|wear|take)) an? (?:umbrella|coat|jacket|sweater)\b",
            r"\b(?:temperature|air quality|fine dust|uv index|pollen count)\b.{0,15}\b"
            r"(?:today|now|outside|tomorrow|right now)\b",
            r"\bhow (?:hot|cold|warm) is it\b",
            r"날씨.{0,8}(?:어때|어떄|어떤가|어떻|알려|좋|괜찮|추워|더워|맑)",
            r"(?:오늘|내일|모레|지금|이번 ?주|주말|밖에|밖은).{0,8}"
            r"(?:날씨|기온|몇 ?도|미세먼지|춥|추워|덥|더워|쌀쌀|비|눈)",
            r"비.{0,3}(?:와요|오나요|올까|오려나|온대|오고 있|와\?|오니)",
            r"눈.{0,3}(?:와요|오나요|올까|온대|오니)",
            r"우산.{0,6}(?:가져|챙겨|필요|들고)",
            r"일기 ?예보|기상 ?예보",
        ),
    ),
    (
        "transit",
        (
            rf"\b(?:when|what time)\b.{{0,30}}\b{_VEHICLE_EN}\b.{{0,30}}\b(?:come|comes|coming|"
            r"arrive|arrives|arriving|leave|leaves|leaving|depart|departs|get here|run)\b",
            rf"\b{_VEHICLE_EN}\b.{{0,20}}\b(?:come|coming|arrive|arriving|leave|leaving|depart)\b"
            rf".{{0,10}}\b(?:when|what time)\b",
            rf"\b(?:next|last|first) {_VEHICLE_EN}\b",
            rf"\b{_VEHICLE_EN} (?:schedule|timetable|times)\b",
            rf"\bis (?:the |my )?(?:\d{{1,4}}[a-z]? )?{_VEHICLE_EN}\b.{{0,15}}"
            r"\b(?:late|delayed|running|on time|cancel+ed)\b",
            rf"\bhow long (?:until|till|before) (?:the |my )?{_VEHICLE_EN}\b",
            rf"\bwhich {_VEHICLE_EN}\b.{{0,20}}\b(?:go|goes|take|get)\b",
            r"\b(?:traffic|roads?) (?:now|today|right now|like)\b|\bis there (?:a )?traffic\b",
            # A line or vehicle running (at a time): "is the red line working right now",
            # "does the number 7 bus still run after midnight", "are the buses on a sunday
            # schedule today".
            rf"\b(?:{_VEHICLE_EN}|{_LINE_EN})\b.{{0,20}}\b(?:running|run|runs|working|operating|"
            rf"in service|on (?:an? |the )?\w+ schedule)\b(?=.*(?:{_WHEN_WIDE_EN}|\bstill\b))",
            rf"\b(?:{_LINE_EN})\b.{{0,20}}\b(?:running|working|operating|delayed|closed)\b",
            rf"{_VEHICLE_KO}.{{0,10}}(?:언제 (?:와|오|도착|출발|떠나)|몇 분 (?:후|뒤|남)|도착|"
            r"시간표|배차|몇 시에 (?:와|오|있|출발|떠나)|몇 ?시(?:예요|에요|야|인가요)|"
            r"지연|늦|끊겼|운행)",
            # "지하철 2호선 지금 다녀요", "공휴일에도 마을버스 다녀요", "1호선 지금 운행해요".
            rf"(?:{_VEHICLE_KO}|{_LINE_KO}).{{0,12}}(?:다녀|다니나|다니는지|다닐까|다니죠|운행|"
            r"끊기|지연|제대로 (?:가|와|다))",
            r"(?:막차|첫차)",
            r"몇 번 버스|몇 호선.{0,6}(?:타|가)",
            r"(?:길|차|도로).{0,6}(?:막혀|막히|밀려)|교통 ?상황",
        ),
    ),
    (
        "date",
        (
            r"\bwhat (?:day|date) is (?:it|today)\b|\bwhat'?s (?:the date|today'?s date)\b",
            r"\bwhat time is it\b|\bwhat'?s the time\b",
            # "지금 몇 시예요" asks the clock; "점심시간이 보통 몇 시예요" asks a custom.
            r"오늘.{0,4}(?:며칠|몇 ?월 ?며칠|무슨 ?요일|날짜)|지금 몇 ?시|"
            r"(?:^|현재 |이제 )몇 ?시(?:예요|에요|야|인가요)",
        ),
    ),
    (
        # Asked *where*, a place open at a time is a nearby question, before its hours.
        "nearby",
        (
            rf"{_PLACE_KO}.{{0,6}}(?:어디 있|어디에 있|어디예요|어딨|어디에요|어디야|찾아)",
            rf"{_WHEN_KO}.{{0,12}}(?:하는|여는|문 연|연|진료하는|갈 수 있는) [가-힣 ]{{1,12}}"
            r"어디",
            rf"{_WHEN_KO}.{{0,12}}어디(?:서|에서)? ?(?:받|맞|해|하|사|살|가|있|열|찾)",
            rf"\bwhere(?:'s| is| are| can i| do i| could i)\b.{{0,40}}{_WHEN_WIDE_EN}",
            r"\bis there (?:a|an|any)\b.{0,30}\bopen\b",
        ),
    ),
    (
        "opening_hours",
        (
            rf"\b(?:is|are)\b.{{0,40}}\b{_PLACE_EN}\b.{{0,20}}\b(?:open|closed)\b",
            rf"\b(?:is|are)\b.{{0,40}}\b(?:open|closed)\b.{{0,10}}\b{_WHEN_EN}",
            r"\bwhat time\b.{0,40}\b(?:open|opens|close|closes|closing|opening)\b",
            r"\bwhen (?:does|do|is)\b.{0,40}\b(?:open|close|closing|opening)\b",
            r"\b(?:opening|business|office|working|visiting) hours\b",
            r"\b(?:still open|open late|open 24 hours|open (?:right )?now|open today)\b",
            r"\buntil what time\b",
            # A place or anything named operating at a time: "does the library on oak street
            # open on sundays", "is the food pantry at st anne's giving out food tomorrow".
            # Not "how is the stock market doing today" nor "how is my mother doing".
            rf"(?<!how )\b(?:is|are|does|do|will)\b {_NOT_PERSON}.{{0,50}}\b(?:open|opens|closed|"
            r"closes|working|work|serving|taking|giving|seeing|holding)\b"
            rf".{{0,40}}{_WHEN_WIDE_EN}",
            # "how busy is the dmv on mondays" is a queue question, asked below.
            rf"(?<!busy )(?<!crowded )\b(?:is|are) (?:the|a|an|my|our) [\w' ]{{1,30}} on "
            rf"(?:{_WHEN_WIDE_EN})",
            # A named place ("is st marys open", "is trader joe's open"), not "is the window open".
            r"\b(?:is|are) (?:the )?(?:(?:st\.?|saint) \w+|[\w ]{0,20}\w's)(?: \w+)? "
            r"(?:open|closed)(?:\?|$)",
            # A scheduled service's time: "what time is mass at st marys tomorrow".
            rf"\b(?:what time|when)\b.{{0,25}}\b{_EVENT_EN}\b.{{0,40}}"
            rf"(?:{_WHEN_WIDE_EN}|\bat (?!night\b|home\b|all\b)[a-z])",
            rf"\bcan i (?:get|go|see|do)\b.{{0,40}}{_WHEN_WIDE_EN}",
            rf"\bhours (?:for|of|at) (?:the|my|our)\b|\b{_PLACE_EN}'?s? hours\b",
            r"문.{0,2}(?:열|닫|여는|연 )|영업 ?시간|운영 ?시간|진료 ?시간|영업(?:해|하나|중)",
            r"몇 ?시(?:까지|부터|에 (?:열|닫|문))|쉬는 ?날|휴무|"
            r"오늘.{0,4}(?<!얼마 )(?:해요|하나요|하는지)",
            rf"{_PLACE_KO}.{{0,10}}(?:열어|열었|닫았|닫아|여나요|하나요\?|해요\?)",
            # A place at a time, operating: "구청 민원실 점심시간에도 일해요", "보건소에서 오늘
            # 독감 주사 맞을 수 있어요", "오늘 대학병원 외래 진료 받을 수 있어요".
            rf"{_PLACE_KO}.{{0,20}}{_WHEN_KO}.{{0,14}}{_OPERATE_KO}",
            rf"{_WHEN_KO}.{{0,15}}{_PLACE_KO}.{{0,14}}{_OPERATE_KO}",
            # A scheduled service's time: "수요예배 몇 시에 시작해요", "한글교실 언제 해요".
            r"(?:미사|예배|법회|장날|접종|배식|교실|강좌|프로그램|진료).{0,6}"
            r"(?:몇 ?시(?!간)|언제 (?:해|하|있|시작))",
        ),
    ),
    (
        "queue",
        (
            r"\bhow long is the (?:wait|line|queue)\b|\bwait(?:ing)? times?\b",
            # "how long do i wait between advil and tylenol" is a dosing question.
            r"\bhow (?:many people|long) .{0,20}\b(?:line|queue|waiting|wait)\b"
            r"(?! (?:between|after|before|to take))",
            r"\bhow (?:busy|crowded) is\b",
            rf"\bis (?:it|the (?:\w+ ){{0,2}}{_PLACE_EN}) (?:busy|crowded)\b",
            r"대기 ?(?:시간|인원|번호|자|몇)|몇 명.{0,4}기다|얼마나 기다",
            r"줄이 (?:길|많)|붐벼|붐비|혼잡",
            rf"{_PLACE_KO}.{{0,10}}{_WHEN_KO}.{{0,6}}사람.{{0,3}}(?:많|적|없)",
        ),
    ),
    (
        "prices",
        (
            r"\bexchange rates?\b|\b(?:stock|share) (?:price|market)\b|\bstocks? today\b",
            r"\bprice of (?:gold|oil|gas|bitcoin|silver|rice|eggs)\b|\bgas prices?\b",
            r"\bhow much is (?:the |a |one )?(?:dollar|won|euro|yen|bitcoin|gold)\b",
            r"\b(?:dollar|won|euro|yen) (?:rate|today|now)\b",
            r"\bhow much (?:is|are|does|do)\b.{0,40}\b(?:today|now|right now|these days)\b",
            # "손주가" (a grandchild) is not "주가" (a share price).
            r"환율|(?<!손)주가|주식.{0,4}(?:시세|가격|얼마)|금값|금 ?시세|기름값",
            r"휘발유.{0,3}(?:값|가격)|유가|비트코인|시세|코스피|코스닥",
            r"(?:오늘|요즘|지금).{0,10}(?:가격|값|얼마)",
            r"달러.{0,4}(?:얼마|몇 ?원)",
        ),
    ),
    (
        "news",
        (
            r"\b(?:today'?s|latest|breaking|current) (?:news|headlines)\b",
            r"\b(?:news|headlines)\b.{0,15}\b(?:today|now|this morning|tonight)\b",
            r"\bwhat (?:happened|is happening|'?s happening|'?s going on)\b.{0,20}"
            r"\b(?:today|now|in the world|in the news|yesterday)\b",
            r"\bwho won\b.{0,40}\b(?:today|yesterday|last night|tonight|this week)\b",
            r"\b(?:score|result)s? (?:of|for) (?:the |last night'?s |today'?s )?"
            r"(?:game|match)\b",
            r"(?:오늘|최근|요즘|지금|어제).{0,6}(?:뉴스|소식|무슨 일)|속보|뉴스 (?:알려|뭐|있)",
            r"누가 이겼|경기 결과|몇 대 몇|선거 결과",
        ),
    ),
    (
        "contact",
        (
            r"\b(?:phone|telephone|contact|fax) number (?:of|for)\b",
            rf"\b(?:number|address|email) (?:of|for) (?:the |my |our )?"
            rf"[\w' -]{{0,30}}{_PLACE_EN}\b",
            rf"\b{_PLACE_EN}'?s? (?:phone number|number|address|email)\b",
            r"\b(?:what'?s|what is|give me|tell me|find)\b.{0,20}\baddress (?:of|for)\b",
            rf"\bhow (?:do|can) i (?:call|contact|reach|phone)\b.{{0,30}}\b{_PLACE_EN}\b",
            # A place named first, its number asked after: "my doctors office on elm street
            # what number do i call", "the eye doctor on grand avenue what's their number".
            rf"\b{_PLACE_EN}\b.{{0,40}}\b(?:what(?:'s| is)? (?:the |their |its )?(?:phone )?"
            r"(?:number|address)|(?:their|its) (?:phone )?(?:number|address))\b",
            rf"\bwhat number (?:do|should|can) i (?:call|dial)\b.{{0,10}}\b(?:for|to reach) "
            rf"(?:my|our|the) [\w' ]{{0,20}}{_PLACE_EN}\b",
            rf"{_LOCATED_EN}.{{0,30}}\b(?:phone|number|address)\b",
            rf"{_PLACE_KO}.{{0,12}}{_NUMBER_KO}.{{0,10}}"
            r"(?:알려|뭐|몇 번|어떻게 (?:돼|되)|가르쳐|좀|있어|알아|찾아|\?|$)",
            r"(?:전화 ?번호|연락처|주소).{0,4}(?:알려 ?줘|알려 ?주|가르쳐)",
            # "다니는 병원에 전화하려면 몇 번이에요", "구청 민원실 몇 번으로 전화해요".
            rf"{_PLACE_KO}.{{0,15}}(?:전화하려면|전화하려고|전화 ?(?:걸|하)).{{0,10}}몇 ?번",
            rf"{_PLACE_KO}.{{0,10}}몇 ?번(?:으로|에|을|를)? ?(?:전화|걸)",
        ),
    ),
    (
        "nearby",
        (
            r"\b(?:nearest|closest)\b|\bnear (?:me|here|my (?:house|home|place))\b",
            r"\b(?:around|close to) (?:here|me)\b|\bnearby\b|\bin my (?:area|neighbou?rhood)\b",
            r"\bclose ?by\b|\bin (?:my|our|this) (?:town|city)\b",
            rf"\bwhere(?:'s| is| are| can i find)\b.{{0,10}}\b(?:a|an|the)\b.{{0,20}}"
            rf"\b{_PLACE_EN}\b.{{0,10}}(?:\?|$)",
            rf"(?:가까운|근처|주변|이 동네|우리 동네|여기서|동네).{{0,12}}{_PLACE_KO}",
            # A neighbourhood place the rules have no word for: "동네 목욕탕 어디 있어요".
            r"(?:우리 동네|동네|근처|집 앞|집 근처) [가-힣 ]{1,12}"
            r"어디(?: 있|에 있|예요|에요|야|서)",
        ),
    ),
)
KIND_PATTERNS: tuple[tuple[LiveLocalKind, tuple[re.Pattern[str], ...]], ...] = tuple(
    (kind, tuple(re.compile(text) for text in texts)) for kind, texts in _KIND_PATTERN_TEXT
)
"""Checked in this order; the first match decides the kind (weather and transit before
opening hours, since "when does the bus leave" is about transit, not a shop's hours; a *where*
question before opening hours, since "밤에 여는 약국 어디 있어요" asks for a place). A kind may
appear twice."""
