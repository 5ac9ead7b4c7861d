"""Links a listener can use (S5): described by where they go, never "click here" or a raw URL.

A bare URL read aloud is a minute of letters; "click here" says nothing about the target. A
link keeps its own text when that text describes it; otherwise, and for every bare URL, it
becomes "a link to example.com" / "example.com 링크".
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from accessibility.screen_reader.wording import Wording

BARE_URL = re.compile(
    r"(?<![\w.@/-])(?:https?://|www\.)[^\s<>\"'()\[\]{}\u3131-\ud7a3]+", re.IGNORECASE
)
_TRAILING = ".,;:!?'\""

_VAGUE = (
    "go | url | here | link | more | this | click | details | go here | website | tap here |"
    "link here | more info | read more | this link | this page | click here | learn more |"
    "click this link | 링크 | 여기 | 이곳 | 클릭 | 더보기 | 여기를 | 여기서 | 자세히 |"
    "더 보기 | 바로가기 | 바로 가기 | 여기를 클릭 | 이곳을 클릭 | 자세히 보기 |"
    "여기를 누르세요 | 여기를 클릭하세요"
)
_VAGUE_TEXTS = frozenset(phrase.strip() for phrase in _VAGUE.split("|"))
"""Link text that says nothing about the target."""

_DETACHED_PARTICLE = re.compile(
    r"링크\s*(에서|에|을|를|으로|로|의|은|는|이|가|와|과|도)(?=\s|[.,!?]|$)"
)
# The URL's particle followed its last letter; "링크" ends in a vowel: 을 → 를, 이 → 가 …
_AFTER_VOWEL = {"을": "를", "이": "가", "은": "는", "과": "와", "으로": "로"}

CLICK_HERE = {
    "en": re.compile(r"\b(?:click|tap|press)\s+(?:on\s+)?here\b", re.IGNORECASE),
    "ko": re.compile(r"여기를?\s*(?=클릭|누르|눌러|터치)"),
}
_CLICK_HERE_REPLACEMENT = {"en": "follow the link", "ko": "링크를 "}


def host_of(url: str) -> str | None:
    """The site a URL points to, without ``www.``: ``https://www.gov.kr/x`` → ``gov.kr``."""
    with_scheme = url if "://" in url else f"http://{url}"
    try:
        host = urlsplit(with_scheme).hostname
    except ValueError:  # an invalid port or IPv6 literal: no host worth saying
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def is_vague_link_text(text: str) -> bool:
    """Link text that does not say where the link goes (or is itself a URL)."""
    normal = re.sub(r"[\s.!?:]+", " ", text).strip().lower()
    return not normal or normal in _VAGUE_TEXTS or bool(BARE_URL.fullmatch(text.strip()))


def link_text(text: str, href: str, wording: Wording) -> str:
    """What to say for a Markdown link: its text, or where it goes when the text is vague."""
    return wording.link_to(host_of(href)) if is_vague_link_text(text) else text


def describe_bare_urls(text: str, wording: Wording) -> str:
    """Each bare URL in ``text`` replaced by "a link to host" / "host 링크"."""

    def describe(match: re.Match[str]) -> str:
        url = match.group(0)
        stripped = url.rstrip(_TRAILING)
        return wording.link_to(host_of(stripped)) + url[len(stripped) :]

    described = BARE_URL.sub(describe, text)
    if wording.language == "ko":  # "gov.kr 링크 에서" → "gov.kr 링크에서"
        described = _DETACHED_PARTICLE.sub(
            lambda m: "링크" + _AFTER_VOWEL.get(m.group(1), m.group(1)), described
        )
    return described


def replace_click_here(text: str) -> str:
    """Plain "click here" / "여기를 클릭" (no link left to describe) made descriptive. Both
    languages' phrases go, since answers mix them."""
    for key, pattern in CLICK_HERE.items():
        replacement = _CLICK_HERE_REPLACEMENT[key]

        def keep_case(match: re.Match[str], replacement: str = replacement) -> str:
            return replacement.capitalize() if match.group(0)[0].isupper() else replacement

        text = pattern.sub(keep_case, text)
    return text
