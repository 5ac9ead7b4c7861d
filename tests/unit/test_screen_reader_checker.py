"""The S1–S6 checker fails on each kind of violation (so a pass means something), and random
Markdown-ish mixtures always format into text it passes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accessibility.screen_reader import SpeakableStream, Violation, check_speakable, to_speakable
from accessibility.screen_reader.wording import wording_for


def rules(violations: list[Violation]) -> set[str]:
    return {violation.rule for violation in violations}


# --- the checker fails on each kind of violation --------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "rule"),
    [
        ("| a | b |\n|---|---|\n| 1 | 2 |", "en", "S1"),
        ("```\ncode\n```", "en", "S1"),
        ("Use `x` here.", "en", "S1"),
        ("┌──┐ box", "en", "S1"),
        ("𝐁𝐨𝐥𝐝 text", "en", "S1"),
        ("Done 🎉", "ko", "S1"),
        ("# Title", "en", "S1"),
        ("+-----+", "en", "S1"),
        ("- a\n- b", "en", "S2"),
        ("There are 3 steps.\nStep 1: a.\nStep 2: b.", "en", "S2"),
        ("There are 2 items.\nFirst, a.\nSecond, b.\nThird, c.", "en", "S2"),
        ("3단계가 있습니다.\n1단계: 가.\n2단계: 나.", "ko", "S2"),
        ("5% & more", "en", "S3"),
        ("3~5일", "ko", "S3"),
        ("See the table above.", "en", "S3"),
        ("Details are shown below.", "en", "S3"),
        ("위의 표를 참고하세요.", "ko", "S3"),
        ("Use the ATM.", "en", "S4"),
        ("KTX를 타세요.", "ko", "S4"),
        ("Go to https://gov.kr now.", "en", "S5"),
        ("[Apply](https://gov.kr)", "en", "S5"),
        ("Click here to apply.", "en", "S5"),
        ("여기를 클릭하세요.", "ko", "S5"),
        (" ".join(["word"] * 26) + ".", "en", "S6"),
        (" ".join(["단어"] * 21) + ".", "ko", "S6"),
    ],
)
def test_checker_flags_each_violation(text: str, language: str, rule: str) -> None:
    assert rule in rules(check_speakable(text, language))


def test_checker_accepts_plain_speech() -> None:
    text = "There are 2 steps.\nStep 1: Fill in the form.\nStep 2: Pay 30 dollars."
    assert check_speakable(text, "en") == []
    assert check_speakable("There are 2 steps. Step 1: a. Step 2: b.", "en") == []


# --- random mixtures ----------------------------------------------------------------------


def _pieces(text: str) -> list[str]:
    """Fragments written ``a ¦ b ¦ c``, with ``\\n`` for a line break."""
    return [piece.strip(" ").replace("\\n", "\n") for piece in text.split("¦")]


# Markdown structure, decoration, symbols, links, directions, abbreviations, and words that
# appear in the formatter's own structure sentences (to try to confuse the count check).
FRAGMENTS = _pieces(
    "passport ¦ fee ¦ 30 ¦ 2024 ¦ Seoul ¦ 김민수 ¦ 신분증 ¦ 여권을 신청합니다 ¦ 수수료는 ¦ "
    "# ¦ ## ¦ - ¦ * ¦ 1. ¦ 2) ¦ > ¦ ** ¦ _ ¦ ` ¦ ``` ¦ ~~ ¦ | ¦ --- ¦ "
    "| a | b |\\n|---|---|\\n| 1 | 2 |\\n ¦ ```\\nx = 1\\n```\\n ¦ [here](https://gov.kr) ¦ "
    "[guide](http://a.kr/b?c=1&d=2) ¦ https://www.example.com/x_y ¦ www.gov.kr ¦ <b> ¦ </b> ¦ "
    "![alt](a.png) ¦ 🎉 ¦ ✅ ¦ 👍🏽 ¦ 1️⃣ ¦ 🇰🇷 ¦ ┌──┐ ¦ │ ¦ +--+ ¦ === ¦ 𝐁𝐨𝐥𝐝 ¦ ＡＢＣ ¦ Ⓐ ¦ ① ¦ "
    "② ¦ & ¦ % ¦ + ¦ → ¦ -> ¦ ~ ¦ = ¦ < ¦ > ¦ # ¦ $ ¦ ₩ ¦ °C ¦ ㎡ ¦ ½ ¦ × ¦ ≥ ¦ ※ ¦ • ¦ · ¦ / ¦ "
    "\\ ¦ ^ ¦ { ¦ } ¦ [ ¦ ] ¦ ATM ¦ ID ¦ KTX ¦ COVID-19 ¦ AI ¦ see the table above ¦ below ¦ "
    "on the left of the screen ¦ 위의 표 ¦ 아래와 같이 ¦ 왼쪽 메뉴 ¦ click here ¦ 여기를 클릭 ¦ "
    "and ¦ because ¦ . ¦ , ¦ : ¦ ? ¦ ! ¦ … ¦ \t ¦ e.g. ¦ Dr. ¦ No. 5 ¦ 3.5 ¦ 10:30 ¦ "
    "010-1234-5678 ¦ There ¦ are ¦ steps ¦ Step ¦ First, ¦ Row ¦ table ¦ the ¦ above ¦ left ¦ "
    "of ¦ screen ¦ button ¦ see ¦ shown ¦ on ¦ in ¦ 위 ¦ 아래 ¦ 표 ¦ 왼쪽 ¦ 화면 ¦ 링크 ¦ Item ¦ "
    "part ¦ has ¦ 1: ¦ 2: ¦ 3"
)
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "", "    "]


@st.composite
def markdownish(draw: st.DrawFn) -> str:
    pieces = draw(
        st.lists(
            st.tuples(
                st.one_of(
                    st.sampled_from(FRAGMENTS),
                    st.text(st.characters(exclude_categories=["Cs"]), max_size=8),
                ),
                st.sampled_from(SEPARATORS),
            ),
            max_size=50,
        )
    )
    return "".join(piece + separator for piece, separator in pieces)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=markdownish(), language=st.sampled_from(["en", "ko", "ja"]))
def test_random_markdown_never_crashes_and_always_passes(text: str, language: str) -> None:
    out = to_speakable(text, language)
    assert check_speakable(out, language) == [], out


# --- streamed answers ---------------------------------------------------------------------

STREAMED = """# Passport

Bring your ID and use the ATM.

1. Fill in the form

2. Pay the fee

| A | B |
|---|---|
| 1 | 2 |

```
code

more code
```

```
again
```

The ATM is open. Done.
"""


def feed_in_chunks(stream: SpeakableStream, text: str, sizes: list[int]) -> list[list[str]]:
    emitted: list[list[str]] = []
    position = 0
    for size in sizes:
        emitted.append(stream.feed(text[position : position + size]))
        position += size
    emitted.append(stream.feed(text[position:]))
    emitted.append(stream.flush())
    return emitted


def test_a_stream_emits_blocks_as_they_complete_and_matches_the_whole() -> None:
    stream = SpeakableStream("en")
    emitted = feed_in_chunks(stream, STREAMED, [1] * len(STREAMED))
    assert sum(1 for blocks in emitted if blocks) >= 5  # spoken block by block, not at the end
    assert "\n\n".join(block for blocks in emitted for block in blocks) == to_speakable(
        STREAMED, "en"
    )
    assert emitted[-1] == ["The ATM is open.\nDone."]


def test_a_list_with_blank_lines_is_held_until_it_ends() -> None:
    stream = SpeakableStream("ko")
    assert stream.feed("1. 신청서 작성\n\n") == []
    assert stream.feed("2. 서류 제출\n\n") == []
    assert stream.feed("끝") == []
    assert stream.feed(".\n") == ["2단계가 있습니다.\n1단계: 신청서 작성.\n2단계: 서류 제출."]
    assert stream.flush() == ["끝."]


# Code blocks separated only by blocks that say nothing ("#", "---", an empty item, a lone
# escaped "-") are in a row for the listener: one note, streamed or whole. The first input is
# the one Hypothesis found; the second fence is unclosed, closed, or ends without a newline.
SILENT_BETWEEN_CODE = [
    "```\nx = 1\n```\n #\n``` ",
    "```\nx = 1\n```\n#\n```",
    "```\nx = 1\n```\n##\n```\n",
    "```\nx = 1\n```\n#\n```\ny\n```\n",
    "```\nx = 1\n```\n---\n```\ny\n```",
    "```\nx = 1\n```\n- \n``` ",
    "```\nx = 1\n```\n![](a.png)\n```",
    "```\nx = 1\n```\n\\-\n```\ny\n```",
    "```\nx = 1\n```\n\\-\n#\n---\n``` ",
    "> ```\n> x = 1\n> ```\n> #\n> ```\n> y\n> ```",
]


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("text", SILENT_BETWEEN_CODE)
def test_code_blocks_with_only_silent_blocks_between_get_one_note(text: str, language: str) -> None:
    whole = to_speakable(text, language)
    assert whole == wording_for(language).code_note
    for cut in range(len(text) + 1):
        emitted = feed_in_chunks(SpeakableStream(language), text, [cut] if cut else [])
        assert "\n\n".join(block for blocks in emitted for block in blocks) == whole, cut
    emitted = feed_in_chunks(SpeakableStream(language), text, [1] * len(text))
    assert "\n\n".join(block for blocks in emitted for block in blocks) == whole


def test_code_blocks_with_words_between_keep_both_notes() -> None:
    text = "```\nx = 1\n```\n# Next\n```\ny\n```"
    note = "A code example was left out."
    assert to_speakable(text, "en") == f"{note}\n\nNext.\n\n{note}"
    emitted = feed_in_chunks(SpeakableStream("en"), text, [1] * len(text))
    assert [block for blocks in emitted for block in blocks] == [note, "Next.", note]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=markdownish(),
    language=st.sampled_from(["en", "ko"]),
    sizes=st.lists(st.integers(min_value=1, max_value=12), max_size=80),
)
def test_streaming_gives_the_same_text_as_formatting_the_whole(
    text: str, language: str, sizes: list[int]
) -> None:
    emitted = feed_in_chunks(SpeakableStream(language), text, sizes)
    joined = "\n\n".join(block for blocks in emitted for block in blocks)
    assert joined == to_speakable(text, language)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_direction_after_a_dropped_symbol_is_rephrased(language: str) -> None:
    # Found by Hypothesis: "}below" lost its symbol in the formatter, leaving a bare "below".
    out = to_speakable("}below ", language)
    assert check_speakable(out, language) == [], out
