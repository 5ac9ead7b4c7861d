"""The curated fact base: its data, bilingual retrieval, the country rule and the note's size."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from itertools import permutations
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from service.answers.facts import Fact, FactBase, default_fact_base, facts_note
from service.answers.facts_eval import FRESH_FILE, load_questions, results, score

# Government domains, plus the public agencies and product makers whose own sites state the fact.
_OFFICIAL_SUFFIXES = (".go.kr", ".gov")
_OFFICIAL_SITES = frozenset(
    {
        "www.gov.kr",  # Government24, the government's own portal
        "www.nps.or.kr",  # National Pension Service
        "www.nhis.or.kr",  # National Health Insurance Service
        "www.longtermcare.or.kr",  # NHIS long-term care
        "www.klac.or.kr",  # Korea Legal Aid Corporation
        "www.nia.or.kr",  # National Information Society Agency (107 relay)
        "www.sisul.or.kr",  # Seoul Facilities Corporation
        "www.e-gen.or.kr",  # National Emergency Medical Center
        "www.nid.or.kr",  # National Institute of Dementia
        "korean.visitkorea.or.kr",  # Korea Tourism Organization
        "www.liveinkorea.kr",  # Danuri, the ministry's multicultural family portal
        "www.letskorail.com",  # Korail
        "www.211.org",
        "www.amtrak.com",
        "support.apple.com",
        "support.google.com",
        "support.microsoft.com",
    }
)

_TOPICS = {"benefits", "helplines", "accessibility", "transport", "foreigners", "health"}


@pytest.fixture(scope="module")
def base() -> FactBase:
    return default_fact_base()


def _ids(facts: list[Fact]) -> list[str]:
    return [fact.id for fact in facts]


# ---- the data


def test_the_packaged_file_loads_with_60_to_120_facts_on_every_topic(base: FactBase) -> None:
    assert 60 <= len(base) <= 120
    assert {fact.topic for fact in base.facts} == _TOPICS
    assert {fact.country for fact in base.facts} == {"KR", "US", "*"}


def test_ids_are_unique(base: FactBase) -> None:
    ids = _ids(list(base.facts))
    assert len(ids) == len(set(ids))


def test_both_languages_are_written_short_and_korean_in_haeyo(base: FactBase) -> None:
    for fact in base.facts:
        assert re.search(r"[가-힣]", fact.ko), fact.id
        assert re.search(r"[A-Za-z]{3}", fact.en), fact.id
        assert len(fact.en) <= 250 and len(fact.ko) <= 250, fact.id
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", fact.ko) if s]
        assert len(sentences) <= 3, fact.id
        for sentence in sentences:
            assert sentence.rstrip(".!?").endswith("요"), (fact.id, sentence)


def test_sources_are_official_https_pages_checked_on_an_iso_date(base: FactBase) -> None:
    for fact in base.facts:
        url = urlsplit(fact.source.url)
        assert url.scheme == "https", fact.id
        host = url.hostname or ""
        assert host.endswith(_OFFICIAL_SUFFIXES) or host in _OFFICIAL_SITES, (fact.id, host)
        checked = datetime.date.fromisoformat(fact.source.checked)
        assert datetime.date(2026, 1, 1) <= checked <= datetime.date.today(), fact.id
        assert fact.source.how.strip(), fact.id


def test_every_number_appears_in_both_languages(base: FactBase) -> None:
    for fact in base.facts:
        for number in fact.numbers:
            assert number in fact.en and number in fact.ko, (fact.id, number)


def test_phone_numbers_in_the_texts_are_declared(base: FactBase) -> None:
    phone = re.compile(r"(?<![\d-])(?:\+82-)?\d{3,4}(?:-\d{3,4}){0,3}(?![\d-])")
    for fact in base.facts:
        for found in phone.findall(fact.en) + phone.findall(fact.ko):
            declared = any(found in number for number in fact.numbers)
            assert declared, (fact.id, found)


def test_numbers_collects_every_fact_number(base: FactBase) -> None:
    numbers = base.numbers()
    assert {"119", "1345", "1577-1366", "1-800-772-1213", "988"} <= numbers
    assert all(number in numbers for fact in base.facts for number in fact.numbers)


def test_a_bad_line_is_reported_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "facts.jsonl"
    path.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"facts.jsonl:1"):
        FactBase.load(path)


def test_duplicate_ids_are_refused(base: FactBase) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        FactBase([base.facts[0], base.facts[0]])


def test_text_picks_korean_only_for_korean(base: FactBase) -> None:
    fact = base.get("kr-1345")
    assert fact.text("ko") == fact.ko
    assert fact.text("en") == fact.text("vi") == fact.en


# ---- search


def test_a_korean_question_finds_the_korean_fact(base: FactBase) -> None:
    assert (
        _ids(base.search("기초연금 어디서 신청해요", "ko", country="KR"))[0] == "kr-basic-pension"
    )


def test_an_english_question_finds_the_fact(base: FactBase) -> None:
    found = base.search("how do I turn off talkback", "en", country="US")
    assert _ids(found)[0] == "a11y-talkback"


def test_mixed_language_questions_find_the_fact(base: FactBase) -> None:
    english_about_korean = base.search("how can I get 기초연금", "en", country="KR")
    assert _ids(english_about_korean)[0] == "kr-basic-pension"
    korean_about_us = base.search("SNAP 신청은 어떻게 해요", "ko", country="US")
    assert _ids(korean_about_us)[0] == "us-snap"


def test_a_korean_product_name_is_found_by_its_keyword(base: FactBase) -> None:
    assert _ids(base.search("톡백 끄는 법", "ko", country="KR"))[0] == "a11y-talkback"


def test_korean_particles_and_spacing_do_not_change_the_match(base: FactBase) -> None:
    for question in ("기초 연금은 어디서 받아요", "기초연금을 신청하려면", "기초연금"):
        assert _ids(base.search(question, "ko", country="KR"))[0] == "kr-basic-pension", question


def test_unrelated_questions_get_nothing(base: FactBase) -> None:
    for question, language in [
        ("오늘 날씨 어때요", "ko"),
        ("심심한데 재미있는 얘기 해줘", "ko"),
        ("what's the weather like today", "en"),
        ("tell me a joke", "en"),
    ]:
        assert base.search(question, language, country="KR") == [], question


def test_another_countrys_benefit_is_never_returned(base: FactBase) -> None:
    for_us = base.search("기초연금 신청", "ko", country="US")
    assert all(fact.country in ("US", "*") for fact in for_us)
    for_kr = base.search("how do I apply for food stamps SNAP medicare", "en", country="KR")
    assert all(fact.country in ("KR", "*") for fact in for_kr)


def test_country_neutral_facts_are_found_in_every_country(base: FactBase) -> None:
    for country in ("KR", "US", "JP"):
        assert _ids(base.search("VoiceOver 켜는 법", "ko", country=country))[0] == (
            "a11y-voiceover-iphone"
        )


def test_the_persons_country_comes_before_country_neutral_facts(base: FactBase) -> None:
    # The pharmacist fact ("*") scores higher here; the health centre (KR) is still put first.
    found = base.search("보건소에서 약 부작용 물어봐도 돼요", "ko", country="KR", k=2)
    assert _ids(found) == ["kr-public-health-centre", "health-pharmacist"]


def test_k_bounds_the_results(base: FactBase) -> None:
    assert len(base.search("아이폰 글자 크기 보이스오버 돋보기", "ko", country="KR", k=1)) == 1
    assert base.search("기초연금", "ko", country="KR", k=0) == []
    assert base.search("   ", "ko", country="KR") == []


def test_retrieval_floors_on_the_labelled_set(base: FactBase) -> None:
    questions = load_questions()
    found = results(base, questions)
    for language in ("ko", "en"):
        chosen = [i for i, q in enumerate(questions) if q.language == language]
        scores = score([questions[i] for i in chosen], [found[i] for i in chosen])
        assert scores.with_answer >= 40 and scores.without_answer >= 10, language
        # Measured 2026-12-06 (syllable bigrams, MIN_SCORE 8.0): hit@2 0.98 (ko) and 0.93 (en),
        # no false match. The threshold is set by the dev evaluation set's everyday questions
        # (cooking, science) that 5.8 matched to unrelated benefits (docs/answers-facts.md).
        assert scores.hit_at_2 >= 0.92, (language, scores)
        assert scores.hit_at_1 >= 0.9, (language, scores)
        assert scores.false_matches <= 0.05, (language, scores)


def test_every_labelled_expectation_names_a_fact_of_a_fitting_country(base: FactBase) -> None:
    for question in load_questions():
        for fact_id in question.expect:
            assert base.get(fact_id).country in (question.country, "*"), question


# ---- the note


def test_the_note_of_any_two_facts_fits_the_bound(base: FactBase) -> None:
    for first, second in permutations(base.facts[:40], 2):
        for language in ("ko", "en"):
            note = facts_note([first, second], language)
            assert 0 < len(note) <= 350
            assert first.text(language) in note


def test_the_note_is_in_the_persons_language(base: FactBase) -> None:
    fact = base.get("kr-1345")
    assert facts_note([fact], "ko").startswith("답에 쓸 사실: (1) 외국인종합안내센터")
    assert facts_note([fact], "en").startswith("Facts to answer from: (1) The Immigration")


def test_a_second_fact_that_does_not_fit_is_left_out_whole(base: FactBase) -> None:
    first, second = base.get("kr-basic-pension"), base.get("kr-long-term-care")
    note = facts_note([first, second], "en", max_chars=300)
    assert note == "Facts to answer from: (1) " + first.en


def test_a_fact_too_long_for_the_room_is_cut_at_a_sentence_end(base: FactBase) -> None:
    fact = base.get("kr-1345")
    note = facts_note([fact], "en", max_chars=190)
    assert len(note) <= 190
    assert note.endswith("20 languages, weekdays 9 am to 10 pm.")


def test_no_facts_give_an_empty_note() -> None:
    assert facts_note([], "ko") == ""


def _run_python(code: str) -> list[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()


def test_importing_the_module_loads_no_analyser() -> None:
    code = (
        "import sys, service.answers.facts as f; f.default_fact_base();"
        "print('kiwipiepy' in sys.modules, 'rank_bm25' in sys.modules)"
    )
    assert _run_python(code) == ["False", "False"]


def test_searching_loads_no_korean_model() -> None:
    # Kiwi's model costs ~0.5 GB per process: the fact index must work without it.
    code = (
        "import sys, service.answers.facts as f;"
        "found = f.default_fact_base().search('기초연금 신청하려면', 'ko', country='KR');"
        "print(found[0].id, 'kiwipiepy' in sys.modules)"
    )
    assert _run_python(code) == ["kr-basic-pension", "False"]


@pytest.mark.parametrize("name", ["facts_queries.jsonl", FRESH_FILE])
def test_the_question_sets_are_valid_json_lines(name: str) -> None:
    path = Path(__file__).parents[2] / "service/answers/data" / name
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert set(row) == {"question", "language", "country", "expect"}


def test_the_fresh_set_names_facts_of_a_fitting_country(base: FactBase) -> None:
    fresh = load_questions(name=FRESH_FILE)
    assert len(fresh) == 20
    for question in fresh:
        for fact_id in question.expect:
            assert base.get(fact_id).country in (question.country, "*"), question
