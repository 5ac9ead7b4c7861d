"""Abbreviations expanded on first use (S4), from a small dictionary per language.

Only abbreviations in the dictionary are expanded and checked: an unknown acronym (a brand, a
name) cannot be expanded reliably, and guessing would change facts. The expansion goes in
brackets right after the first use — "ATM (automated teller machine)", "KTX(고속철도)" — unless
the text already explains it nearby ("automated teller machine (ATM)").
"""

from __future__ import annotations

import re

ENGLISH: dict[str, str] = {
    "AI": "artificial intelligence",
    "ATM": "automated teller machine",
    "COVID-19": "coronavirus disease 2019",
    "CPR": "cardiopulmonary resuscitation",
    "ER": "emergency room",
    "FAQ": "frequently asked questions",
    "GP": "general practitioner",
    "GPS": "satellite positioning",
    "ICU": "intensive care unit",
    "ID": "identification",
    "KRW": "Korean won",
    "KTX": "Korea Train eXpress",
    "NHIS": "National Health Insurance Service",
    "OTP": "one-time password",
    "PDF": "Portable Document Format",
    "PIN": "personal identification number",
    "QR": "quick response",
    "SMS": "text message",
    "SNS": "social networking service",
    "SRT": "Super Rapid Train",
    "SSN": "Social Security number",
    "URL": "web address",
    "USB": "universal serial bus",
    "USD": "US dollars",
    "VAT": "value-added tax",
}

KOREAN: dict[str, str] = {
    "AI": "인공지능",
    "ARS": "자동 응답 전화",
    "ATM": "현금 자동 인출기",
    "CCTV": "폐쇄회로 텔레비전",
    "COVID-19": "코로나19",
    "CPR": "심폐소생술",
    "FAQ": "자주 묻는 질문",
    "GPS": "위성 위치 확인 시스템",
    "ICU": "중환자실",
    "ID": "아이디",
    "KRW": "원화",
    "KTX": "고속철도",
    "NHIS": "국민건강보험공단",
    "OTP": "일회용 비밀번호",
    "PDF": "문서 파일",
    "PIN": "개인 비밀번호",
    "QR": "정보무늬",
    "SMS": "문자 메시지",
    "SNS": "소셜 미디어",
    "SRT": "수서고속철도",
    "URL": "인터넷 주소",
    "USB": "이동식 저장 장치",
    "USD": "미국 달러",
    "VAT": "부가가치세",
}

ABBREVIATION = re.compile(r"(?<![A-Za-z0-9-])([A-Z][A-Z0-9]*[A-Z](?:-[0-9]+)?)(s?)(?![A-Za-z0-9])")
"""An all-caps token of two or more letters, maybe with a number ("COVID-19") or plural "s"."""

_NEARBY = 60
"""Characters either side of a first use searched for an explanation already given."""


def dictionary_for(language: str) -> dict[str, str]:
    return KOREAN if language == "ko" else ENGLISH


def _explained_nearby(text: str, start: int, end: int, expansion: str) -> bool:
    window = text[max(0, start - _NEARBY) : end + _NEARBY].casefold()
    return expansion.casefold() in window


def expand_first_uses(texts: list[str], language: str, seen: set[str] | None = None) -> list[str]:
    """Each known abbreviation expanded where it first appears across ``texts`` (in order).

    ``seen`` carries the abbreviations already used earlier in the same answer (a streamed
    answer is formatted block by block); it is updated in place.
    """
    dictionary = dictionary_for(language)
    opener = "(" if language == "ko" else " ("
    seen = set() if seen is None else seen
    out: list[str] = []
    for text in texts:
        pieces: list[str] = []
        last = 0
        for match in ABBREVIATION.finditer(text):
            token = match.group(1)
            expansion = dictionary.get(token)
            if expansion is None or token in seen:
                continue
            seen.add(token)
            if _explained_nearby(text, match.start(), match.end(), expansion):
                continue
            pieces.append(text[last : match.end()])
            pieces.append(f"{opener}{expansion})")
            last = match.end()
        pieces.append(text[last:])
        out.append("".join(pieces))
    return out


def unexpanded_first_uses(text: str, language: str) -> list[str]:
    """Known abbreviations whose first use has no expansion nearby (what the checker reports)."""
    dictionary = dictionary_for(language)
    seen: set[str] = set()
    missing: list[str] = []
    for match in ABBREVIATION.finditer(text):
        token = match.group(1)
        expansion = dictionary.get(token)
        if expansion is None or token in seen:
            continue
        seen.add(token)
        if not _explained_nearby(text, match.start(), match.end(), expansion):
            missing.append(token)
    return missing
