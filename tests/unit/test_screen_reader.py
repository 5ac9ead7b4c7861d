"""Screen-reader answers (S1–S6): adversarial model outputs in English and Korean.

Every formatted answer must pass :func:`check_speakable` with no violation, keep its facts
(numbers, names), and state list counts that match the items. The checker itself, and random
Markdown mixtures, are tested in ``test_screen_reader_checker.py``.
"""

from __future__ import annotations

import re

import pytest

from accessibility.screen_reader import check_speakable, to_speakable


def speak(markdown: str, language: str) -> str:
    """Format, and insist the result has no S1–S6 violation."""
    out = to_speakable(markdown, language)
    assert check_speakable(out, language) == [], out
    return out


# --- tables -----------------------------------------------------------------------------


def test_table_becomes_counted_row_sentences() -> None:
    out = speak("| Name | Age |\n|---|---|\n| Kim | 30 |\n| Lee | 41 |\n", "en")
    assert out.splitlines() == [
        "The table has 2 rows.",
        "Row 1: Name, Kim; Age, 30.",
        "Row 2: Name, Lee; Age, 41.",
    ]


def test_korean_table_uses_topic_particles() -> None:
    out = speak("| 이름 | 나이 | ID |\n|---|---|---|\n| 김민수 | 30 | a1 |\n", "ko")
    assert "표에는 1개의 행이 있습니다." in out
    assert "1행: 이름은 김민수, 나이는 30, ID(아이디)는 a1." in out


def test_table_with_empty_cells_and_rows_keeps_the_count_true() -> None:
    out = speak("| A | B |\n|---|---|\n| 1 | |\n| | |\n| 3 | 4 |\n", "en")
    assert "The table has 2 rows." in out
    assert "Row 1: A, 1." in out and "Row 2: A, 3; B, 4." in out


# --- lists ------------------------------------------------------------------------------

FIVE_STEPS = "\n".join(f"{k}. Do thing number {k * 11}" for k in range(1, 6))


def test_numbered_steps_are_counted_first() -> None:
    out = speak(f"How to apply:\n\n{FIVE_STEPS}\n", "en")
    lines = out.splitlines()
    assert lines[lines.index("There are 5 steps.") + 1] == "Step 1: Do thing number 11."
    assert "Step 5: Do thing number 55." in out


def test_korean_numbered_steps() -> None:
    out = speak("1. 신청서 작성\n2. 서류 제출\n3. 수수료 53,000원 납부\n", "ko")
    assert out.splitlines() == [
        "3단계가 있습니다.",
        "1단계: 신청서 작성.",
        "2단계: 서류 제출.",
        "3단계: 수수료 53,000원 납부.",
    ]


def test_bullets_use_ordinals_then_numbers_past_ten() -> None:
    bullets = "\n".join(f"- item {k}" for k in range(1, 13))
    out = speak(bullets, "en")
    assert "There are 12 items." in out
    assert "First, item 1." in out and "Tenth, item 10." in out and "Item 12: item 12." in out


def test_korean_bullets() -> None:
    out = speak("- 신분증\n- 여권 사진\n", "ko")
    assert out.splitlines() == ["2가지가 있습니다.", "첫째, 신분증.", "둘째, 여권 사진."]


NESTED = """1. Prepare documents
   - passport
   - 2 photos
2. Visit the office
   1. Take a number
   2. Wait for your turn
      - usually 15 minutes
3. Pay the fee
"""


def test_nested_lists_are_flattened_with_parents_named() -> None:
    out = speak(NESTED, "en")
    assert out.splitlines() == [
        "There are 3 steps.",
        "Step 1: Prepare documents.",
        "Step 1 has 2 parts.",
        "Step 1, part 1: passport.",
        "Step 1, part 2: 2 photos.",
        "Step 2: Visit the office.",
        "Step 2 has 2 parts.",
        "Step 2, part 1: Take a number.",
        "Step 2, part 2: Wait for your turn.",
        "Step 2, part 2 has 1 part.",
        "Step 2, part 2, part 1: usually 15 minutes.",
        "Step 3: Pay the fee.",
    ]


def test_korean_nested_lists() -> None:
    out = speak("- 서류\n  - 신분증\n  - 사진 2장\n- 방문\n", "ko")
    assert out.splitlines() == [
        "2가지가 있습니다.",
        "첫째, 서류.",
        "1번째 항목은 2가지로 나뉩니다.",
        "1번째 항목의 1번: 신분증.",
        "1번째 항목의 2번: 사진 2장.",
        "둘째, 방문.",
    ]


def test_items_with_nothing_to_say_are_not_counted() -> None:
    out = speak("- 🎉\n- \n- Real item\n", "en")
    assert out.splitlines() == ["There is 1 item.", "First, Real item."]


def test_glyph_and_circled_number_lines_become_lists() -> None:
    out = speak("Bring:\n✅ Passport\n✅ ID card\n", "en")
    assert "There are 2 items." in out and "Second, ID (identification) card." in out
    out = speak("신청 방법:\n① 신청서 작성\n② 서류 제출\n③ 수수료 납부\n", "ko")
    assert "3단계가 있습니다." in out and "3단계: 수수료 납부." in out


def test_keycap_numbers_become_digits() -> None:
    out = speak("1️⃣ Fill in the form\n2️⃣ Sign it", "en")
    assert "There are 2 steps." in out and "Step 2: Sign it." in out


# --- code, art, letters, emoji ------------------------------------------------------------


def test_code_fences_are_left_out_with_a_spoken_note() -> None:
    markdown = "Run this:\n\n```python\nprint('x' * 3)\n```\n\n```\nmore\n```\n\nDone."
    assert speak(markdown, "en").split("\n\n") == [
        "Run this:",
        "A code example was left out.",
        "Done.",
    ]
    assert "코드 예시는 생략했습니다." in speak("```\nx = 1\n```", "ko")


def test_short_inline_code_is_read_long_inline_code_is_named() -> None:
    out = speak("Type `modu ask` then `pip install --upgrade modu[all] --extra-index-url x`.", "en")
    assert out == "Type modu ask then a code example."


def test_box_drawing_and_ascii_art_are_removed() -> None:
    art = "┌──────┐\n│ 30 % │\n└──────┘\n\n+----+----+\n|    |    |\n+----+----+\n\n(╯°□°)╯︵ ┻━┻\n"
    out = speak(art + "\nThe fee is 30 dollars.", "en")
    assert out.endswith("The fee is 30 dollars.")
    assert not re.search("[\u2500-\u257f]", out)


def test_fancy_letters_are_folded() -> None:
    out = speak("𝐁𝐨𝐥𝐝 𝓼𝓬𝓻𝓲𝓹𝓽 ＦＵＬＬ Ⓒircled ᴄᴀᴘs 🅰pple １２３", "en")
    assert out == "Bold script FULL Circled caps Apple 123"


def test_decorative_emoji_are_removed() -> None:
    out = speak("Great news 🎉🎉! Your passport 🛂 is ready ✅. 👍🏽", "en")
    assert out == "Great news!\nYour passport is ready."
    assert (
        speak("축하합니다 🎉 여권이 준비되었습니다 😊", "ko") == "축하합니다\n여권이 준비되었습니다"
    )


# --- symbols, directions, abbreviations, links -----------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "language", "expected"),
    [
        ("R&D costs rose 5%.", "en", "R and D costs rose 5 percent."),
        ("비용이 5% 올랐습니다.", "ko", "비용이 5퍼센트 올랐습니다."),
        ("Open 9:00–18:00, 3~5 days.", "en", "Open 9:00 to 18:00, 3 to 5 days."),
        ("처리 기간은 3~5일입니다.", "ko", "처리 기간은 3에서 5일입니다."),
        ("오전 9시~오후 6시", "ko", "오전 9시에서 오후 6시"),
        ("Apply → review → pay.", "en", "Apply, then review, then pay."),
        ("신청 → 심사 → 지급", "ko", "신청, 그다음 심사, 그다음 지급"),
        ("Call +82 2 123.", "en", "Call plus 82 2 123."),
        ("2 + 2 = 4", "en", "2 plus 2 equals 4"),
        ("1 + 2 = 3", "ko", "1 더하기 2는 3"),
        ("Fee: $130, or ₩53,000.", "en", "Fee: 130 dollars, or 53,000 won."),
        ("수수료 ₩53,000", "ko", "수수료 53,000원"),
        ("Fever is ≥ 38℃.", "en", "Fever is at least 38 degrees Celsius."),
        ("84㎡ flat", "ko", "84제곱미터 flat"),
        ("Room #3", "en", "Room number 3"),
        ("※ 신분증 지참", "ko", "참고: 신분증 지참"),
        ("Settings > Privacy", "en", "Settings, then Privacy"),
        ("yes/no", "en", "yes or no"),
        ("1½ hours", "en", "1.5 hours"),
        ("Wait ~30 days.", "en", "Wait about 30 days."),
        ("약 ~30일", "ko", "약 30일"),
        ("Age 65+", "en", "Age 65 or more"),
        ("만 65세+", "ko", "만 65세 이상"),
        ("₩2,130,000/month", "en", "2,130,000 won per month"),
        ("단독가구 213만원/월", "ko", "단독가구 월 213만원"),
    ],
)
def test_symbols_are_spelled_out(markdown: str, language: str, expected: str) -> None:
    assert speak(markdown, language) == expected


@pytest.mark.parametrize(
    ("markdown", "language", "expected"),
    [
        ("See the table above.", "en", "Refer to the earlier table."),
        ("Fill in the form below.", "en", "Fill in the next form."),
        ("As shown above, it works.", "en", "As explained earlier, it works."),
        ("Press the button on the left.", "en", "Press the button."),
        ("In the top right corner of the screen, press Save.", "en", "Press Save."),
        ("Details below.", "en", "Details next."),
        ("위의 표를 참고하세요.", "ko", "앞서 말한 표를 참고하세요."),
        ("아래 표를 보세요.", "ko", "다음 표 내용을 참고하세요."),
        ("위와 같이 신청합니다.", "ko", "앞서 말한 대로 신청합니다."),
        ("아래와 같이 준비하세요.", "ko", "다음과 같이 준비하세요."),
        ("화면 왼쪽 메뉴를 누르세요.", "ko", "메뉴를 누르세요."),
        ("오른쪽 버튼을 누르세요.", "ko", "버튼을 누르세요."),
    ],
)
def test_visual_directions_are_rephrased(markdown: str, language: str, expected: str) -> None:
    assert speak(markdown, language) == expected


def test_directions_that_are_not_visual_stay() -> None:
    assert speak("Adults aged 65 and above. Below zero tonight.", "en") == (
        "Adults aged 65 and above.\nBelow zero tonight."
    )
    assert speak("The bank is on the left.", "en") == "The bank is on the left."


def test_abbreviations_are_expanded_on_first_use_only() -> None:
    out = speak("Use an ATM. The ATM takes cards. Bring ID.", "en")
    assert out == (
        "Use an ATM (automated teller machine).\nThe ATM takes cards.\nBring ID (identification)."
    )
    out = speak("KTX를 타세요. KTX는 빠릅니다. COVID-19 검사는 무료입니다.", "ko")
    assert out == "KTX(고속철도)를 타세요.\nKTX는 빠릅니다.\nCOVID-19(코로나19) 검사는 무료입니다."


def test_an_existing_explanation_is_not_repeated() -> None:
    assert speak("An automated teller machine (ATM) is here.", "en") == (
        "An automated teller machine (ATM) is here."
    )


def test_bare_urls_and_vague_links_are_described() -> None:
    out = speak(
        "Visit https://www.gov.kr/portal?x=1&y=2. Or [click here](https://travel.state.gov/a). "
        "Read [the passport guide](https://example.com/guide).",
        "en",
    )
    assert out == (
        "Visit a link to gov.kr.\nOr a link to travel.state.gov.\nRead the passport guide."
    )
    out = speak(
        "자세한 내용은 https://www.gov.kr 에서 확인하거나 [여기](https://a.go.kr)를 누르세요.", "ko"
    )
    assert out == "자세한 내용은 gov.kr 링크에서 확인하거나 a.go.kr 링크를 누르세요."


def test_plain_click_here_is_replaced() -> None:
    assert speak("Click here to apply.", "en") == "Follow the link to apply."
    assert speak("여기를 클릭하세요.", "ko") == "링크를 클릭하세요."


def test_headings_images_quotes_and_html_become_sentences() -> None:
    markdown = (
        "# Passport renewal\n\n> Bring **both** documents.\n\n![Map of Seoul office](m.png)\n\n"
        "<div>Open <b>daily</b></div>\n\n---\n\n~~$30~~ $25"
    )
    assert speak(markdown, "en").split("\n\n") == [
        "Passport renewal.",
        "Bring both documents.",
        "(image: Map of Seoul office)",
        "Open daily",
        "25 dollars",
    ]


# --- sentence length ------------------------------------------------------------------------


def test_long_sentences_are_split_at_safe_points_keeping_every_word() -> None:
    long = (
        "Bring your passport, two recent photos and the application form to the office, "
        "and pay the fee of 53,000 won at the counter before noon on Friday, because the "
        "office closes early that day."
    )
    out = speak(long, "en")
    assert len(out.splitlines()) >= 2
    assert re.findall(r"\w+", out.lower()) == re.findall(r"\w+", long.lower())


def test_korean_long_sentences_are_split_after_connecting_endings() -> None:
    long = (
        "여권을 신청하려면 먼저 주민센터에 가서 신청서를 작성하고 사진과 신분증을 함께 제출한 다음 "
        "수수료를 납부하고 약 일주일 정도 기다리면 새 여권을 받을 수 있으며 급한 경우에는 긴급 "
        "여권을 신청할 수도 있습니다."
    )
    out = speak(long, "ko")
    assert len(out.splitlines()) >= 2
    assert out.replace("\n", " ").replace(".", "") == long.replace(".", "")


def test_a_lower_cap_gives_shorter_sentences() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve."
    out = to_speakable(text, "en", max_words=5)
    assert check_speakable(out, "en", max_words=5) == []
    assert all(len(line.split()) <= 5 for line in out.splitlines())


# --- facts survive a whole adversarial answer ------------------------------------------------

ENGLISH_ANSWER = """## 🛂 Passport renewal — **quick guide**

To renew, see the table below and follow the steps:

| Item | Cost | Time |
|------|------|------|
| Adult passport | $130 | 6–8 weeks |
| Child passport | $100 | 4~6 weeks |

1. Fill in form **DS-82** 📝
2. Attach 2 photos (2 x 2 inches)
   * white background
   * no glasses 👓
3. Pay at an ATM & mail it → https://travel.state.gov/renew

```
+--------+
| FORM   |
+--------+
```

Questions? [Click here](https://travel.state.gov/contact). 𝐆𝐨𝐨𝐝 𝐥𝐮𝐜𝐤! 🎉
"""

KOREAN_ANSWER = """### 📌 여권 재발급 안내 (2024년 기준)

아래 표와 같이 준비하세요 😊

| 구분 | 수수료 | 기간 |
|:---|:---:|---:|
| 성인 10년 | 53,000원 | 4~5일 |
| 어린이 5년 | 33,000원 | 3~4일 |

1. 신청서 작성 ✍️
2. 서류 제출
   - 신분증
   - 여권 사진 1매
3. 수수료 납부 → KTX 역 ATM 이용 가능

자세한 내용은 [여기](https://www.passport.go.kr)를 클릭하거나 https://www.gov.kr 을 확인하세요.
┌─────┐
│ 끝  │
└─────┘
"""


def test_english_answer_keeps_facts_and_counts() -> None:
    out = speak(ENGLISH_ANSWER, "en")
    for fact in ["130", "100", "6 to 8 weeks", "4 to 6 weeks", "DS-82", "2 photos", "Good luck"]:
        assert fact in out, fact
    assert "The table has 2 rows." in out and "There are 3 steps." in out
    assert "Step 2 has 2 parts." in out and "A code example was left out." in out


def test_korean_answer_keeps_facts_and_counts() -> None:
    out = speak(KOREAN_ANSWER, "ko")
    for fact in ["2024년", "53,000원", "33,000원", "4에서 5일", "3에서 4일", "1매", "10년"]:
        assert fact in out, fact
    assert "표에는 2개의 행이 있습니다." in out and "3단계가 있습니다." in out
    assert "2단계는 2가지로 나뉩니다." in out
    assert "passport.go.kr 링크를 클릭하거나 gov.kr 링크를 확인하세요." in out
