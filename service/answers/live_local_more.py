"""Live/local questions by their shape, read after the phrase table in ``live_local_rules``.

The phrase table knows how people ask whether a place is open or when a bus comes. Questions
written by someone who never saw it (docs/answers-honesty.md, "Measured") showed four shapes it
had no entry for, and the model then guessed ("472번 버스는 현재 서울에서 오고 있어요", "you can
take bus number 110", "the roads in Minneapolis are icy this morning"):

- **a trip between two places**: "부산역에서 해운대까지 얼마나 걸려요", "how do I go from Incheon
  airport to Itaewon by bus" — routes, times and fares change and depend on the day;
- **a vehicle or line right now**: "472번 버스 지금 어디쯤", "2호선 지연되고 있어요", "the bus is
  not coming";
- **something that changes the roads or the trains**: a rally, a strike, road works, ice, snow
  ("내일 광화문 쪽에 집회 있어서 버스 돌아가요", "are the roads icy this morning");
- **whether a kind of place exists somewhere**: "노원구에 일요일에 하는 치과 있나요", "any food
  pantry open on saturday in jackson heights", "수원 행궁동 근처에 휠체어 들어갈 수 있는 식당".

Each shape needs two signals (a place *and* a question about it; a vehicle *and* now), so
"how does a subway work" or "병원에 가면 무슨 검사를 해요" stay answerable. Same reading as the
phrase table: the lower-cased question with single spaces.
"""

from __future__ import annotations

import re

from service.answers.live_local_rules import (
    _PLACE_EN,
    _PLACE_KO,
    _VEHICLE_EN,
    _VEHICLE_KO,
    LiveLocalKind,
)

_LINE_OR_VEHICLE_KO = rf"(?:{_VEHICLE_KO}|\d+ ?호선|\d+번(?: 버스| 마을버스)?|[가-힣]{{2,4}}선)"
_NOW_KO = r"(?:지금|현재|아직|벌써|오늘|방금|이 시간에)"
_LIVE_STATE_KO = (
    r"(?:어디쯤|어디까지 (?:왔|와)|오고 있|안 ?와|안 ?오|지연|늦어|늦게|멈췄|멈춰|끊겼|"
    r"운행 ?(?:중|안|해|하|돼|되)|사고|통제|우회|돌아가|돌아서)"
)
_DISRUPTION_KO = r"(?:집회|시위|행진|파업|공사|마라톤|축제|행사|폭설|폭우|침수|결빙|빙판|태풍)"
_AFFECTED_KO = (
    r"(?:버스|지하철|전철|도로|길|차|교통|통제|막혀|막히|돌아가|우회|운행|다녀|다니|미끄)"
)
_EXISTS_KO = r"(?:있나요|있을까요|있어요|있는지|있는 데|있는 곳|있을까|있니|있냐|없나요|없을까요)"
_WHERE_KO = (
    r"(?:[가-힣a-z0-9]{2,}(?:에|에서|근처에?|주변에?|쪽에|부근에?|앞에|옆에)|근처에?|주변에?|"
    r"동네에?)"
)

_DISRUPTION_EN = (
    r"(?:protest|rally|march|parade|strike|marathon|road ?works?|construction|festival|"
    r"snowstorm|storm|flood\w*|ice|icy|snow)"
)
_AFFECTED_EN = (
    r"(?:roads?|streets?|highway|traffic|bus|buses|trains?|subway|metro|route|detour\w*|"
    r"closed|closures?|delay\w*|running|slippery|icy|plowed)"
)
_NOW_EN = (
    r"(?:now|right now|today|tonight|this (?:morning|afternoon|evening)|tomorrow|at the "
    r"moment|currently|still)"
)

_SHAPE_TEXT: tuple[tuple[LiveLocalKind, tuple[str, ...]], ...] = (
    (
        "opening_hours",
        (
            # A named shop's hours, with a long address between: "what time does the walgreens
            # pharmacy on northern boulevard in flushing close tonight".
            rf"\bwhat time (?:does|do|is|will)\b.{{0,80}}\b{_PLACE_EN}\b.{{0,60}}"
            r"\b(?:open|opens|close|closes|closing)\b",
        ),
    ),
    (
        "transit",
        (
            # A trip between two places, asked how long, how, or by what.
            r"[가-힣a-z0-9]+ ?에서 [가-힣a-z0-9 ]{1,20}까지.{0,20}"
            r"(?:얼마나|몇 ?분|몇 ?시간|어떻게 (?:가|타)|뭐 ?타|무슨 ?(?:버스|지하철)|몇 ?번|걸려|"
            r"걸리|가는 (?:법|방법|길)|갈 수 있)",
            r"\bfrom (?!time\b|now\b|home to work\b)[a-z][\w' ]{1,30} to [a-z][\w' ]{1,30}"
            r".{0,30}\b(?:how long|how (?:do|can|should) i|which|what (?:bus|train|line|number)|"
            r"by (?:bus|train|subway|metro)|take|get there|cost)\b",
            r"\bhow (?:do|can|should|would) i (?:go|get) (?:from|to) [a-z][\w' ]{1,30}"
            rf"\b(?:by |on the |with )?{_VEHICLE_EN}\b",
            rf"\bhow i (?:go|get) (?:from|to) [a-z][\w' ]{{1,30}}.{{0,20}}\b{_VEHICLE_EN}\b",
            rf"(?=.*\b{_VEHICLE_EN}\b).*\b(?:which|what) (?:number|line)\b",
            rf"\b{_VEHICLE_EN} number\b",
            # "서울역 가는 버스 몇 번 타요": the number after the vehicle.
            r"(?:버스|마을버스|지하철|전철) ?몇 ?번",
            # A vehicle or a line now: where it is, late, stopped, not coming.
            rf"{_LINE_OR_VEHICLE_KO}.{{0,15}}{_LIVE_STATE_KO}",
            rf"{_LIVE_STATE_KO}.{{0,10}}{_LINE_OR_VEHICLE_KO}.{{0,6}}{_NOW_KO}",
            rf"\b{_VEHICLE_EN}\b.{{0,25}}\b(?:not coming|hasn'?t come|isn'?t coming|still not here|"
            r"stuck|broken down|where is it)\b",
            # Something that changes roads or the trains, now or on a day.
            rf"{_DISRUPTION_KO}.{{0,20}}{_AFFECTED_KO}",
            rf"\b{_DISRUPTION_EN}\b.{{0,40}}\b{_AFFECTED_EN}\b(?=.*\b{_NOW_EN}\b)",
            rf"\b{_AFFECTED_EN}\b.{{0,30}}\b{_DISRUPTION_EN}\b(?=.*\b{_NOW_EN}\b)",
            r"(?:도로|길|고속도로).{0,8}(?:얼었|얼어|미끄러|빙판|통제|막혔|막혀|침수)",
        ),
    ),
    (
        "nearby",
        (
            # A kind of place somewhere (a district, a station, near here), asked whether one
            # exists: which ones do is local knowledge that changes.
            rf"{_WHERE_KO}.{{0,30}}{_PLACE_KO}.{{0,20}}{_EXISTS_KO}",
            rf"{_PLACE_KO}.{{0,12}}(?:선생님|의사|약사|곳|데).{{0,8}}{_EXISTS_KO}",
            # Somewhere, a place that does something: "근처에 휠체어 대여해 주는 곳 있어요".
            # Only near here or in a named district: "베트남에서 … 배울 수 있는 데 있어요" asks
            # about a programme, not a place nearby.
            r"(?:[가-힣]{1,5}(?:구|동|역|군|읍|면)에|동네에|근처에|주변에).{0,30}(?:곳|데|가게)"
            rf"(?:이|가|은|는)? ?{_EXISTS_KO}",
            # A place the vocabulary has no word for, by its ending (급식소, 노인복지관, 경로당),
            # somewhere named: "우리 동네에 무료 급식소 있나요".
            r"(?:[가-힣]{1,5}(?:구|동|역|시|군|읍|면)에|동네에|근처에|주변에) .{0,20}"
            rf"[가-힣]{{1,6}}(?:소|관|원|센터|점|당|터|방|과) ?(?:이|가|은|는)? ?{_EXISTS_KO}",
            rf"\b(?:is there|are there|any)\b.{{0,40}}\b{_PLACE_EN}\b.{{0,50}}"
            r"\b(?:in|near|around|by|close to) (?!the (?:house|world|past|us)\b)[a-z]",
            rf"\b{_PLACE_EN}\b.{{0,30}}\b(?:that|who) (?:speaks?|takes?|accepts?)\b.{{0,30}}"
            r"\b(?:in|near|around) [a-z]",
            # Which places have something (an elevator, a ramp, English-speaking staff): which
            # ones do is local knowledge, and a wrong list sends a wheelchair user to stairs.
            rf"\bwhich\b.{{0,25}}\b{_PLACE_EN}(?:e?s)?\b.{{0,40}}"
            r"\b(?:have|has|with|offer|offers|accept|accepts)\b",
            rf"(?:어느|어떤) ?(?:역|{_PLACE_KO})(?:에는|에|이|가|은|는)? .{{0,20}}(?:있|가능)",
            rf"(?:있는|되는|가능한) (?:역|{_PLACE_KO})(?:이|가|을|를|은|는)? ?"
            r"(?:좀 )?(?:어디|알려|찾)",
        ),
    ),
)

SHAPE_PATTERNS: tuple[tuple[LiveLocalKind, tuple[re.Pattern[str], ...]], ...] = tuple(
    (kind, tuple(re.compile(text) for text in texts)) for kind, texts in _SHAPE_TEXT
)
"""Read after ``live_local_rules.KIND_PATTERNS``: only when no phrase matched."""
