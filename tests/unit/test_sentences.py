"""The sentence splitter: English, Korean, mixed text, and streaming that cuts where batch does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voices.sentences import SentenceStream, clean_segment, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello world. How are you?", ["Hello world.", "How are you?"]),
        ("Stop! Really?! Yes.", ["Stop!", "Really?!", "Yes."]),
        ("It costs 3.5 dollars. Then 0.25 more.", ["It costs 3.5 dollars.", "Then 0.25 more."]),
        ("Meet at 10:30 today. Bring tea.", ["Meet at 10:30 today.", "Bring tea."]),
        ("Ask Dr. Kim and Mr. Lee. They know.", ["Ask Dr. Kim and Mr. Lee.", "They know."]),
        ("Fruit, e.g. apples, i.e. food. Fine.", ["Fruit, e.g. apples, i.e. food.", "Fine."]),
        ("The U.S. economy grew. Good.", ["The U.S. economy grew.", "Good."]),
        ("The U.S. Army came.", ["The U.S. Army came."]),
        ("J. R. R. Tolkien wrote it. Read it.", ["J. R. R. Tolkien wrote it.", "Read it."]),
        ("See No. 5 and Fig. 3 here.", ["See No. 5 and Fig. 3 here."]),
        ("I said no. Then I left.", ["I said no.", "Then I left."]),
        ("It ended in 2023. Then it rained.", ["It ended in 2023.", "Then it rained."]),
        ("Visit example.com. It helps.", ["Visit example.com.", "It helps."]),
        ("Open at 9 a.m. every day.", ["Open at 9 a.m. every day."]),
        ("Well... maybe not. Wait… What?", ["Well... maybe not.", "Wait…", "What?"]),
        ('"Why?" she asked. He left.', ['"Why?" she asked.', "He left."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("(This is aside.) Next one.", ["(This is aside.)", "Next one."]),
        ("No final stop", ["No final stop"]),
        ("v3.2.1 is out. Update now.", ["v3.2.1 is out.", "Update now."]),
    ],
)
def test_english(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("안녕하세요. 저는 모두입니다.", ["안녕하세요.", "저는 모두입니다."]),
        ("정말요? 네! 좋아요.", ["정말요?", "네!", "좋아요."]),
        ("했습니다.그래서 갔어요.", ["했습니다.", "그래서 갔어요."]),
        ("좋아요!다음은요?", ["좋아요!", "다음은요?"]),
        ("날씨가 좋네요。내일도요！정말？", ["날씨가 좋네요。", "내일도요！", "정말？"]),
        ("감사합니다 다음에 또 오세요.", ["감사합니다", "다음에 또 오세요."]),
        ("어떻습니까 괜찮아요?", ["어떻습니까", "괜찮아요?"]),
        ("가격은 3.5달러입니다. 10:30에 만나요.", ["가격은 3.5달러입니다.", "10:30에 만나요."]),
        ("글쎄요... 잘 모르겠어요.", ["글쎄요...", "잘 모르겠어요."]),
        ("“좋아요.” 그가 말했다.", ["“좋아요.”", "그가 말했다."]),
        ("그는 “좋아요.”라고 말했다. 끝.", ["그는 “좋아요.”라고 말했다.", "끝."]),
    ],
)
def test_korean(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_mixed_english_and_korean() -> None:
    text = "Python은 쉬워요. It is fun! 다음 단계는 NumPy입니다. Dr. Lee가 가르쳐요."
    assert split_sentences(text) == [
        "Python은 쉬워요.",
        "It is fun!",
        "다음 단계는 NumPy입니다.",
        "Dr. Lee가 가르쳐요.",
    ]


def test_lines_and_list_items_are_boundaries() -> None:
    text = "## Shopping\nYou need:\n- milk\n* eggs\n• bread\n1. Wash it. Dry it.\n2. Cook"
    assert split_sentences(text) == [
        "Shopping",
        "You need:",
        "milk",
        "eggs",
        "bread",
        "1. Wash it.",
        "Dry it.",
        "2. Cook",
    ]


def test_whitespace_is_collapsed_and_empty_pieces_dropped() -> None:
    assert split_sentences("  One   two.\r\n\r\n---\n...\n  Three\t four.  ") == [
        "One two.",
        "Three four.",
    ]
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []
    assert clean_segment("  - ") == ""


def test_min_chars_merges_short_sentences_with_the_next() -> None:
    text = "OK. Yes. Now go to the store. Hi."
    assert split_sentences(text, min_chars=10) == ["OK. Yes. Now go to the store.", "Hi."]
    assert split_sentences(text) == ["OK.", "Yes.", "Now go to the store.", "Hi."]


def test_first_clause_early_only_for_the_first_chunk() -> None:
    text = "Well, to answer your question, Paris is the capital. It is old, big, and lovely."
    assert split_sentences(text, first_clause_chars=20) == [
        "Well, to answer your question,",
        "Paris is the capital.",
        "It is old, big, and lovely.",
    ]
    # A short first sentence is still a whole sentence; no comma comes before it.
    assert split_sentences("Yes. Well, that is, true.", first_clause_chars=3) == [
        "Yes.",
        "Well, that is, true.",
    ]


def test_first_clause_ignores_numbers_and_times() -> None:
    text = "It costs 3,000 won at 10:30 today, they said."
    assert split_sentences(text, first_clause_chars=5) == [
        "It costs 3,000 won at 10:30 today,",
        "they said.",
    ]
    assert split_sentences("오늘은 날씨가 좋고，내일은 비가 와요.", first_clause_chars=5) == [
        "오늘은 날씨가 좋고，",
        "내일은 비가 와요.",
    ]


def test_first_phrase_ends_before_an_english_phrase_starter() -> None:
    text = "You can cook rice by boiling water and adding rice. Then eat it by hand."
    assert split_sentences(text, first_phrase_chars=15) == [
        "You can cook rice",
        "by boiling water and adding rice.",
        "Then eat it by hand.",
    ]
    # Too short yet, or a word that only starts like a starter ("some"), is no boundary.
    assert split_sentences("Go by bus and then walk.", first_phrase_chars=15) == [
        "Go by bus and then walk."
    ]
    assert split_sentences("Cook the rice some more.", first_phrase_chars=5) == [
        "Cook the rice some more."
    ]


def test_first_phrase_ends_after_a_korean_connective() -> None:
    text = "기차로 두 시간 정도 걸리고 가격은 오만 원입니다."
    assert split_sentences(text, first_phrase_chars=10) == [
        "기차로 두 시간 정도 걸리고",
        "가격은 오만 원입니다.",
    ]


def test_first_chunk_again_lets_the_next_chunk_end_at_a_phrase() -> None:
    """A first chunk not used alone (held by the answer checks): the next one is cut like a
    first one, including text already received but not yet cut."""
    text = "The sky looks blue because sunlight scatters in the air and the air bends it. Yes."
    plain = SentenceStream(first_phrase_chars=15)
    assert plain.feed(text) == [
        "The sky looks blue",
        "because sunlight scatters in the air and the air bends it.",
    ]
    again = SentenceStream(first_phrase_chars=15)
    assert again.feed("The sky looks blue because sunlight scat") == ["The sky looks blue"]
    again.first_chunk_again()
    assert again.feed(text[len("The sky looks blue because sunlight scat") :]) == [
        "because sunlight scatters in the air",
        "and the air bends it.",
    ]
    assert again.flush() == ["Yes."]


def test_stream_holds_a_phrase_cut_until_the_next_word_is_whole() -> None:
    stream = SentenceStream(first_phrase_chars=10)
    assert stream.feed("You can cook rice so") == []  # "so" may become "some"
    assert stream.feed("me more") == []
    assert stream.feed(" by hand.") == ["You can cook rice some more"]


def test_stream_emits_a_sentence_once_the_next_starts() -> None:
    stream = SentenceStream()
    assert stream.feed("Hello there.") == []  # "there.5"? wait for the next character
    assert stream.feed(" ") == []
    assert stream.feed("How") == ["Hello there."]
    assert stream.feed(" are you?\nFine") == ["How are you?"]
    assert stream.flush() == ["Fine"]
    assert stream.flush() == []


def test_stream_line_break_is_decided_at_once() -> None:
    stream = SentenceStream()
    assert stream.feed("First line\n") == ["First line"]


def test_stream_holds_an_abbreviation_until_the_next_word() -> None:
    stream = SentenceStream()
    assert stream.feed("Ask Dr.") == []
    assert stream.feed(" Kim. ") == []
    assert stream.feed("Now") == ["Ask Dr. Kim."]


def test_stream_is_reusable_after_flush() -> None:
    stream = SentenceStream(first_clause_chars=5)
    assert stream.feed("Hello there, friend. ") == ["Hello there,"]
    assert stream.flush() == ["friend."]
    assert stream.feed("Again there, friend. X") == ["Again there,", "friend."]


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="min_chars"):
        SentenceStream(min_chars=-1)
    with pytest.raises(ValueError, match="first_clause_chars"):
        SentenceStream(first_clause_chars=0)


PIECES = [
    "Hello", "world", "Dr.", "Kim", "e.g.", "U.S.", "3.5", "10:30", "a.m.", "No.", "5",
    "안녕하세요.", "감사합니다", "좋아요!", "했습니다.그래서", "。", "？", "…", "...", "?!",
    '"Why?"', "she", "asked.", "It", "is", "fine,", "ok;", "1.", "- item", "\n", "\n\n",
    "I", "J.", "R.", "3,000", "(aside.)", "Then", "the", "end.", "—", "，", "x",
    "and", "by", "so", "some", "걸리고", "먹으면", "에서",
]  # fmt: skip


@st.composite
def texts_and_cuts(draw: st.DrawFn) -> tuple[str, list[int]]:
    words = draw(st.lists(st.sampled_from(PIECES), max_size=40))
    separators = draw(st.lists(st.sampled_from(["", " ", " ", "  "]), min_size=len(words)))
    text = "".join(w + s for w, s in zip(words, separators, strict=False))
    cuts = draw(st.lists(st.integers(0, len(text)), max_size=20))
    return text, sorted(cuts)


def stream_pieces(text: str, cuts: list[int], stream: SentenceStream) -> list[str]:
    out: list[str] = []
    start = 0
    for cut in [*cuts, len(text)]:
        out.extend(stream.feed(text[start:cut]))
        start = cut
    return out + stream.flush()


@settings(max_examples=400, deadline=None)
@given(texts_and_cuts())
def test_streaming_in_any_token_split_matches_batch(case: tuple[str, list[int]]) -> None:
    text, cuts = case
    assert stream_pieces(text, cuts, SentenceStream()) == split_sentences(text)


OPTIONAL_CHARS = st.none() | st.integers(1, 40)


@settings(max_examples=300, deadline=None)
@given(texts_and_cuts(), st.integers(0, 30), OPTIONAL_CHARS, OPTIONAL_CHARS)
def test_streaming_with_options_matches_batch(
    case: tuple[str, list[int]],
    min_chars: int,
    first_clause_chars: int | None,
    first_phrase_chars: int | None,
) -> None:
    text, cuts = case
    options = {
        "min_chars": min_chars,
        "first_clause_chars": first_clause_chars,
        "first_phrase_chars": first_phrase_chars,
    }
    stream = SentenceStream(**options)  # type: ignore[arg-type]
    assert stream_pieces(text, cuts, stream) == split_sentences(text, **options)  # type: ignore[arg-type]


TRICKY_CHARS = list("aZ가다니까 .!?…。，,;:\n\r\"')”3-*#")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.text(st.sampled_from(TRICKY_CHARS), max_size=80))
def test_any_text_streams_char_by_char_like_batch(text: str) -> None:
    assert stream_pieces(text, list(range(len(text))), SentenceStream()) == split_sentences(text)


def letters_and_digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


@settings(max_examples=200, deadline=None)
@given(texts_and_cuts(), st.integers(0, 30), OPTIONAL_CHARS, OPTIONAL_CHARS)
def test_no_letter_or_digit_is_lost(
    case: tuple[str, list[int]],
    min_chars: int,
    first_clause_chars: int | None,
    first_phrase_chars: int | None,
) -> None:
    text, _ = case
    sentences = split_sentences(
        text,
        min_chars=min_chars,
        first_clause_chars=first_clause_chars,
        first_phrase_chars=first_phrase_chars,
    )
    assert letters_and_digits("".join(sentences)) == letters_and_digits(text)
    assert all(sentence == sentence.strip() and sentence for sentence in sentences)
