"""SARI on the example of Xu et al. (2016), and Korean tokenisation."""

from __future__ import annotations

import pytest

from accessibility.simplify.sari import sari, tokenize

SOURCE = "About 95 species are currently accepted ."
REFERENCES = [
    "About 95 species are currently known .",
    "About 95 species are now accepted .",
    "95 species are now accepted .",
]


@pytest.mark.parametrize(
    ("candidate", "paper", "easse"),
    [
        # The paper's three outputs for this input: SARI 0.2683, 0.5889, 0.5071.
        ("About 95 you now get in .", 26.83, 26.953601953601954),
        ("About 95 species are now agreed .", 58.90, None),
        ("About 95 species are currently agreed .", 50.72, None),
    ],
)
def test_sari_on_the_papers_example(candidate: str, paper: float, easse: float | None) -> None:
    assert sari(SOURCE, candidate, REFERENCES, variant="xu2016") == pytest.approx(paper, abs=0.01)
    if easse is not None:
        # The value Hugging Face's and EASSE's SARI give for the same example.
        assert sari(SOURCE, candidate, REFERENCES) == pytest.approx(easse, abs=1e-9)


def test_sari_rewards_simplifying_like_the_references() -> None:
    assert sari(SOURCE, REFERENCES[1], [REFERENCES[1]]) == pytest.approx(100.0)
    copied = sari(SOURCE, SOURCE, REFERENCES)
    assert sari(SOURCE, "About 95 species are now agreed .", REFERENCES) > copied


def test_korean_is_compared_on_morphemes() -> None:
    assert tokenize("돈을 돌려받아요.", "ko")[:2] == ["돈", "을"]
    source = "환급금은 계좌로 지급됩니다."
    reference = "돌려받는 돈은 통장으로 들어와요."
    better = "돌려받는 돈은 통장으로 들어와요."
    assert sari(source, better, [reference], "ko") > sari(source, source, [reference], "ko")


def test_sari_needs_a_reference() -> None:
    with pytest.raises(ValueError, match="reference"):
        sari(SOURCE, SOURCE, [])
