"""Rule-based fixes: shorter sentences, plainer words, spelled-out symbols, facts intact."""

from __future__ import annotations

from accessibility.simplify.facts import check_facts, extract_facts
from accessibility.simplify.lexicon_en import WORDS
from accessibility.simplify.lexicon_ko import EXPLAIN, NOUNS, VERBS
from accessibility.simplify.metrics import measure
from accessibility.simplify.rules import apply_rules, spell_out_symbols, split_long_sentences
from accessibility.simplify.rules_ko import replace_phrases, replace_words
from accessibility.simplify.settings import SimplifySettings
from accessibility.simplify.targets import targets_for

KO_NOTICE = (
    "환급 대상자에게는 8월 말까지 안내문이 발송될 예정이며, 별도 신청 없이 계좌로 지급됩니다. "
    "소득이 늘어서 지원이 중단되었지만 다시 신청할 수 있으며 신청은 주민센터에서 하시면 됩니다. "
    "보험료는 매월 25일까지 납부하시기 바랍니다."
)
EN_NOTICE = (
    "Claimants who are unable to manage until the first payment may request an advance of up "
    "to 100% of their estimated entitlement, and the advance must be repaid over 24 months, "
    "which begins with the first payment after 1 April 2025."
)


def test_word_lists_have_at_least_fifty_entries_per_language() -> None:
    assert len(WORDS) >= 50
    assert len(VERBS) + len(NOUNS) + len(EXPLAIN) >= 50


def test_korean_long_sentences_split_and_keep_their_facts() -> None:
    split = split_long_sentences(KO_NOTICE, "ko", 8)
    before, after = measure(KO_NOTICE, "ko"), measure(split, "ko")
    assert after.sentences > before.sentences
    assert after.words_per_sentence < before.words_per_sentence
    assert "예정입니다." in split  # the left clause got a sentence ending in the text's style
    assert "하지만 다시 신청할 수 있" in split  # -지만 became a sentence and "하지만"
    assert check_facts(extract_facts(KO_NOTICE, "ko"), split, "ko").all_kept


def test_korean_request_clause_ends_as_a_request() -> None:
    text = "신분증과 통장 사본 등 필요한 서류를 모두 준비하시고 가까운 주민센터를 직접 방문하세요."
    assert split_long_sentences(text, "ko", 8) == (
        "신분증과 통장 사본 등 필요한 서류를 모두 준비하세요. 가까운 주민센터를 직접 방문하세요."
    )


def test_korean_short_pairs_and_progressive_forms_are_not_split() -> None:
    text = "주민센터에 가서 신청하세요. 지금 서류를 검토하고 있습니다."
    assert split_long_sentences(text, "ko", 2) == text


def test_korean_hard_words_become_plain_with_right_endings_and_particles() -> None:
    text = "보험료를 납부하시기 바랍니다. 환급금을 수령하신 분은 서류를 제출하여 주시기 바랍니다."
    plain = replace_words(replace_phrases(text))
    assert plain == "보험료를 내세요. 돌려받는 돈을 받으신 분은 서류를 내 주세요."


def test_korean_names_and_compounds_are_not_replaced() -> None:
    text = "국민건강보험공단에 자동납부를 신청하세요."
    assert replace_words(text) == text


def test_english_words_and_phrases_become_plain() -> None:
    settings = SimplifySettings()
    targets = targets_for(settings, "en", "easy-read")
    text = "Prior to submitting your application, obtain additional documentation."
    result = apply_rules(text, targets, extract_facts(text, "en"))
    assert result.text == "Before sending your application, get more papers."
    assert "replace-words" in result.steps


def test_english_long_sentence_split_at_conjunctions_keeps_facts() -> None:
    split = split_long_sentences(EN_NOTICE, "en", 15)
    assert measure(split, "en").longest_sentence_words < measure(EN_NOTICE, "en").words
    assert "This begins with the first payment" in split
    assert check_facts(extract_facts(EN_NOTICE, "en"), split, "en").all_kept


def test_symbols_are_spelled_out() -> None:
    assert spell_out_symbols("운영 시간: 9시~18시 & 주말 휴무", "ko") == (
        "운영 시간: 9시부터 18시까지 그리고 주말 휴무"
    )
    assert spell_out_symbols("Save 20% → apply now & pay less", "en") == (
        "Save 20 percent then apply now and pay less"
    )


def test_terms_and_acronyms_get_explained_once() -> None:
    targets = targets_for(SimplifySettings(), "ko", "easy-read")
    text = "본인부담상한제로 돌려받아요. 본인부담상한제는 매년 바뀌어요. KTX로 가요."
    result = apply_rules(text, targets, extract_facts(text, "ko"))
    assert result.text.count("(병원비를 많이 낸 사람에게 돌려주는 제도)") == 1
    assert "KTX(고속열차)" in result.text
    assert measure(result.text, "ko").unexplained_acronyms == []


def test_every_rule_step_keeps_the_facts_of_the_evaluation_passages() -> None:
    from accessibility.simplify.evalset import load_passages

    settings = SimplifySettings()
    for language in ("en", "ko"):
        targets = targets_for(settings, language, "easy-read")
        for passage in load_passages(language)[:6]:
            facts = extract_facts(passage.source, language)
            result = apply_rules(passage.source, targets, facts)
            assert check_facts(facts, result.text, language).all_kept, passage.id
            after = measure(result.text, language)
            assert after.words_per_sentence <= measure(passage.source, language).words_per_sentence


def test_korean_compounds_are_looked_up_whole() -> None:
    # Kiwi reads 상한액 as 상한 + 액: the list still finds it, and the particle is refitted.
    assert replace_words("연간 본인부담금이 상한액을 넘으면 초과금은 돌려줍니다.") == (
        "연간 직접 내는 돈이 최대 금액을 넘으면 넘은 돈은 돌려줍니다."
    )
