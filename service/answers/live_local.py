"""Questions that need live or local data, and the honest referral that answers them.

The bundled model cannot see today's weather, a bus's arrival, a pharmacy's hours or a shop's
phone number, but it answers anyway, with invented numbers. The pipeline asks
``needs_live_data`` before the model; a match is answered with ``referral``: first the honest
sentence (modu cannot see live or local information), then where to find it, naming only
numbers vetted in ``data/referrals.json``.

The line (see ``docs/answers-honesty.md``): a question matches when it asks for a *current*
state (weather now or on a named day, whether a place is open, when a bus comes, today's price
or news, how long a queue is) or for *one specific place's* contact or location (the nearest
pharmacy, the district office's phone number). General knowledge is answerable and must not
match: what weather is, how low-floor buses kneel, what pharmacies do, where one applies for a
benefit in general, which time zone a city is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from service.answers.sources import Source

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


@dataclass(frozen=True)
class LiveLocalMatch:
    """A question that needs live or local data: which kind, and the words that showed it."""

    kind: LiveLocalKind
    cue: str
    """The matched words, as they appear in the question (lower-cased for English)."""


@dataclass(frozen=True)
class Referral:
    """The honest answer to a live/local question, in plain spoken sentences."""

    text: str
    numbers: tuple[str, ...]
    """The phone numbers named in ``text``, each vetted in ``data/referrals.json``."""
    sources: tuple[Source, ...]
    """Where those numbers and named sites come from."""


# --- What counts as live or local -------------------------------------------------------------
# Patterns run on the lower-cased question with single spaces. English words use \b; Korean has
# no word boundaries that regex understands, so Korean patterns match word stems ("열어", "닫").

_PLACE_EN = (
    r"(?:pharmacy|pharmacies|drugstore|hospital|clinic|doctor'?s office|bank|post office|store|"
    r"shop|supermarket|market|mall|restaurant|cafe|library|office|center|centre|dmv|museum|"
    r"gym|station|church|embassy|consulate|court|school|daycare|food bank|laundromat)"
)
_PLACE_KO = (
    r"(?:약국|병원|의원|치과|한의원|보건소|은행|우체국|주민센터|행정복지센터|동사무소|구청|"
    r"시청|군청|구민회관|마트|시장|가게|식당|편의점|도서관|센터|사무소|출입국|대사관|경찰서|"
    r"복지관|경로당|지하철역|기차역|전철역|정류장|터미널|세탁소|학교|공단|도청)"
)
_WHEN_EN = (
    r"(?:now|right now|today|tonight|tomorrow|this (?:morning|afternoon|evening|week|weekend)|"
    r"on (?:sundays?|saturdays?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|"
    r"holidays?|christmas|new year'?s?|chuseok)|at night|late|on the weekend)"
)
_VEHICLE_EN = r"(?:bus|buses|train|subway|metro|ktx|srt|flight|plane|ferry|shuttle|tram)"
_VEHICLE_KO = r"(?:버스|지하철|전철|기차|열차|ktx|srt|itx|비행기|여객선|셔틀)"

TIME_ANCHOR = re.compile(r"\b(?:today|now|tonight|tomorrow|currently)\b|오늘|지금|내일|현재")
"""A question tied to now or a named day is live even when it also looks definitional."""

BENIGN_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"\bwhat (?:is|are) (?:an?|the (?:meaning|definition))\b",
        r"\bwhat does\b.*\bmean\b",
        r"\bmade of\b|\bhow does\b.*\bwork\b|\bwhat are\b.*\bfor\b|\bexplain\b|\bhistory of\b",
        r"\btime ?zone\b",
        # "환율이 뭐예요" defines; "전화번호가 뭐예요" asks for one office's number.
        r"(?<!번호)(?<!연락처)(?<!주소)(?:이|가|란)\s?(?:뭐예요|뭔가요|무엇인가요|뭐에요)",
        r"무슨 뜻|뜻이 뭐",
        r"원리|어떻게 작동|시차|표준시",
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
            r"\bdo i need an? (?:umbrella|coat|jacket)\b",
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
            rf"{_VEHICLE_KO}.{{0,10}}(?:언제 (?:와|오|도착|출발|떠나)|몇 분 (?:후|뒤|남)|도착|"
            r"시간표|배차|몇 시에 (?:와|오|있|출발|떠나)|지연|늦|끊겼|운행)",
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
            r"오늘.{0,4}(?:며칠|몇 ?월 ?며칠|무슨 ?요일|날짜)|지금 몇 ?시|몇 ?시예요|몇 ?시야",
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
            r"문.{0,2}(?:열|닫|여는|연 )|영업 ?시간|운영 ?시간|진료 ?시간|영업(?:해|하나|중)",
            r"몇 ?시(?:까지|부터|에 (?:열|닫|문))|쉬는 ?날|휴무|오늘.{0,4}(?:해요|하나요|하는지)",
            rf"{_PLACE_KO}.{{0,10}}(?:열어|열었|닫았|닫아|여나요|하나요\?|해요\?)",
        ),
    ),
    (
        "queue",
        (
            r"\bhow long is the (?:wait|line|queue)\b|\bwait(?:ing)? times?\b",
            r"\bhow (?:many people|long) .{0,20}\b(?:line|queue|waiting|wait)\b",
            r"\bhow (?:busy|crowded) is\b",
            rf"\bis (?:it|the (?:\w+ ){{0,2}}{_PLACE_EN}) (?:busy|crowded)\b",
            r"대기 ?(?:시간|인원|번호|자|몇)|몇 명.{0,4}기다|얼마나 기다",
            r"줄이 (?:길|많)|붐벼|붐비|혼잡",
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
            r"환율|주가|주식.{0,4}(?:시세|가격|얼마)|금값|금 ?시세|기름값",
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
            rf"{_PLACE_KO}.{{0,12}}(?:전화 ?번호|연락처|번호|주소|팩스|이메일).{{0,10}}"
            r"(?:알려|뭐|몇 번|어떻게 (?:돼|되)|가르쳐|좀|있어|찾아|\?|$)",
            r"(?:전화 ?번호|연락처|주소).{0,4}(?:알려 ?줘|알려 ?주|가르쳐)",
        ),
    ),
    (
        "nearby",
        (
            r"\b(?:nearest|closest)\b|\bnear (?:me|here|my (?:house|home|place))\b",
            r"\b(?:around|close to) (?:here|me)\b|\bnearby\b|\bin my (?:area|neighbou?rhood)\b",
            rf"\bwhere(?:'s| is| are| can i find)\b.{{0,10}}\b(?:a|an|the)\b.{{0,20}}"
            rf"\b{_PLACE_EN}\b.{{0,10}}(?:\?|$)",
            rf"(?:가까운|근처|주변|이 동네|우리 동네|여기서|동네).{{0,12}}{_PLACE_KO}",
            rf"{_PLACE_KO}.{{0,6}}(?:어디 있|어디에 있|어디예요|어딨|어디에요|어디야|찾아)",
        ),
    ),
)
KIND_PATTERNS: tuple[tuple[LiveLocalKind, tuple[re.Pattern[str], ...]], ...] = tuple(
    (kind, tuple(re.compile(text) for text in texts)) for kind, texts in _KIND_PATTERN_TEXT
)
"""Checked in this order; the first match decides the kind (weather and transit before
opening hours, since "when does the bus leave" is about transit, not a shop's hours)."""


# --- Referral data --------------------------------------------------------------------------


class VettedNumber(BaseModel):
    """A phone number a referral may name, with who answers it and where that is stated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name_ko: str
    name_en: str
    sources: tuple[Source, ...]


class ReferralEntry(BaseModel):
    """One referral: the spoken text in Korean and English, and the sources for named sites."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ko: str
    en: str
    sources: tuple[Source, ...] = ()


class CountryReferrals(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    numbers: dict[str, VettedNumber]
    referrals: dict[LiveLocalKind, ReferralEntry]

    @model_validator(mode="after")
    def _complete_and_vetted(self) -> CountryReferrals:
        missing = set(LIVE_LOCAL_KINDS) - set(self.referrals)
        if missing:
            raise ValueError(f"referrals missing for kinds: {sorted(missing)}")
        for kind, entry in self.referrals.items():
            for text in (entry.ko, entry.en):
                # Every run of 3+ digits is a number the person may dial: it must be vetted.
                for digits in re.findall(r"\d{3,}", text):
                    if digits not in self.numbers:
                        raise ValueError(f"{kind}: unvetted number {digits} in {text!r}")
        return self


class ReferralData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    countries: dict[str, CountryReferrals]

    @model_validator(mode="after")
    def _has_fallback(self) -> ReferralData:
        if FALLBACK_COUNTRY not in self.countries:
            raise ValueError(f"no {FALLBACK_COUNTRY!r} entry for other countries")
        return self

    def country(self, code: str) -> CountryReferrals:
        return self.countries.get(code.upper(), self.countries[FALLBACK_COUNTRY])

    def entry(self, code: str, kind: LiveLocalKind) -> ReferralEntry:
        return self.country(code).referrals[kind]

    def numbers(self, code: str) -> dict[str, VettedNumber]:
        return self.country(code).numbers


FALLBACK_COUNTRY = "default"


@cache
def load_referrals() -> ReferralData:
    """The referral data, read and validated once (on first use, not at import)."""
    path = resources.files("service.answers.data").joinpath("referrals.json")
    return ReferralData.model_validate_json(path.read_text(encoding="utf-8"))


_SPACES = re.compile(r"\s+")


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", text.lower()).strip()


def needs_live_data(text: str, language: str | None = None) -> LiveLocalMatch | None:
    """The kind of live or local data the question needs, or ``None`` when it needs none.

    ``language`` is a hint only: both languages' patterns run, since people mix them
    ("KTX 몇 시에 와요?", an English speaker naming a 구청).
    """
    del language  # both pattern sets are cheap and mixed-language questions are common
    question = _normalise(text)
    if not question:
        return None
    if any(p.search(question) for p in BENIGN_PATTERNS) and not TIME_ANCHOR.search(question):
        return None
    for kind, patterns in KIND_PATTERNS:
        for pattern in patterns:
            found = pattern.search(question)
            if found:
                return LiveLocalMatch(kind=kind, cue=found.group(0).strip())
    return None


def referral(match: LiveLocalMatch, *, country: str, language: str) -> Referral:
    """The referral for ``match`` in ``language`` ("ko" or "en"; others get English) for a
    person in ``country`` (ISO code; countries without their own entry get the generic one)."""
    data = load_referrals()
    entry = data.entry(country, match.kind)
    text = entry.ko if language == "ko" else entry.en
    registry = data.numbers(country)
    numbers = tuple(number for number in registry if _names_number(text, number))
    sources = list(entry.sources)
    for number in numbers:
        sources.extend(s for s in registry[number].sources if s not in sources)
    return Referral(text=text, numbers=numbers, sources=tuple(sources))


def referral_numbers(country: str) -> frozenset[str]:
    """Every phone number the referrals for ``country`` may name."""
    return frozenset(load_referrals().numbers(country))


def _names_number(text: str, number: str) -> bool:
    # A number is named when it stands alone: "131" must not be found inside "1313".
    return re.search(rf"(?<!\d){re.escape(number)}(?!\d)", text) is not None
