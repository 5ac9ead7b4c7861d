"""What the model is asked for English, a whole passage at a time: a fixed instruction and a
worked example per level, then the passage, the facts to keep and, on a retry, what the last
attempt got wrong. (Korean goes sentence by sentence: :mod:`accessibility.simplify.sentencewise`.)

The instruction and example come first and never vary for a level, so engines that cache the
prompt prefix (llama.cpp, transformers) compute them once.
"""

from __future__ import annotations

from typing import Final

from accessibility.simplify.facts import Fact
from accessibility.simplify.metrics import TargetMiss
from accessibility.simplify.targets import LevelTargets
from voices.lm.base import ChatMessage

_SYSTEM_EN: Final = (
    "You rewrite public-service notices in {level_name} English for people who find reading "
    "hard. Rules: one idea per sentence. Each sentence has at most {words} words. Use common "
    "everyday words; if you must keep a hard word or a programme name, explain it. Use active "
    "voice and speak to the reader as 'you'. Keep every number, date, time, amount, phone number "
    "and name exactly as written. Do not add anything new and do not leave any fact out. "
    "Write only the rewritten text, one sentence per line."
)
_LEVEL_NAMES: Final = {
    ("en", "easy-read"): "easy-read",
    ("en", "plain"): "plain",
}

_EXAMPLE_EN: Final = (
    "Applicants who are eligible for the Winter Fuel Payment will receive a one-off sum of "
    "£300, which will be paid automatically into their bank account during November 2024, "
    "provided that they were resident in the UK during the qualifying week. "
    "Enquiries should be directed to the helpline on 0800 731 0160.",
    "You may get the Winter Fuel Payment.\n"
    "This is a one-off payment of £300.\n"
    "It goes into your bank account in November 2024.\n"
    "You do not need to ask for it.\n"
    "You must have lived in the UK during the qualifying week.\n"
    "Questions? Call the helpline on 0800 731 0160.",
)


def system_message(targets: LevelTargets) -> str:
    words = int(targets.max_words_per_sentence or 15)
    # Ask for a little less than the limit: the model overshoots more often than not.
    words = max(6, words - 3)
    return _SYSTEM_EN.format(level_name=_LEVEL_NAMES[("en", targets.level)], words=words)


def build_rewrite_messages(
    text: str,
    facts: list[Fact],
    targets: LevelTargets,
    *,
    misses: list[TargetMiss] | None = None,
    missing_facts: list[Fact] | None = None,
) -> list[ChatMessage]:
    """The request. A retry is one fresh request with what to fix on top, not a second turn:
    asked in a second turn, the 1.5B model echoed the feedback instead of rewriting (measured)."""
    example_in, example_out = _EXAMPLE_EN
    request = _request(text, facts)
    if misses or missing_facts:
        request = feedback(misses or [], missing_facts or []) + "\n\n" + request
    return [
        ChatMessage(role="system", content=system_message(targets)),
        ChatMessage(role="user", content=_request(example_in, [])),
        ChatMessage(role="assistant", content=example_out),
        ChatMessage(role="user", content=request),
    ]


def _request(text: str, facts: list[Fact]) -> str:
    lines = ["Rewrite this notice.", "", text]
    if facts:
        lines += ["", "Keep exactly: " + "; ".join(f.text for f in facts)]
    return "\n".join(lines)


def feedback(misses: list[TargetMiss], missing_facts: list[Fact]) -> str:
    """What to fix, for the next attempt."""
    parts = ["Last time:"]
    parts += [_miss_text(miss) for miss in misses]
    if missing_facts:
        listed = "; ".join(f.text for f in missing_facts)
        parts.append(f"You left out or changed these facts; put them back exactly: {listed}.")
    return " ".join(parts)


def _miss_text(miss: TargetMiss) -> str:
    limit = int(miss.limit) if miss.limit == int(miss.limit) else miss.limit
    if miss.measure == "words_per_sentence":
        return (
            f"Sentences are still long ({miss.value:.0f} words on average). "
            f"Split them: at most {limit} words each."
        )
    if miss.measure == "fk_grade":
        return (
            f"The text is still too hard (grade {miss.value:.1f}; the goal is {limit} or lower). "
            "Use shorter sentences and shorter, more common words."
        )
    return "Explain every abbreviation the first time you use it."
