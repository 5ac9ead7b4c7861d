"""Every front end is a client of the one answer pipeline: the same profile and question give
the same text through the realtime session, ``/v1/chat/completions`` and ``modu ask``."""

from __future__ import annotations

from typing import Any

import pytest

from service.engines import Engines
from service.settings import Settings
from service.turn import run_turn
from tests.helpers.openai_rest import error_of, live_server, with_key
from tests.helpers.realtime_harness import live_session, text_turn
from voices.lm.fake import FakeLanguageModel

# Long sentences and Markdown, so reading level and screen-reader shaping both change it.
REPLY = (
    "**Rice** is easy to cook at home. "
    "You should approximately measure one cup of rice and subsequently wash it thoroughly "
    "in cold water before you put it in the pot with two cups of water."
)
QUESTION = "How do I cook rice?"
PROFILE: dict[str, Any] = {
    "reading_level": "easy-read",
    "screen_reader": True,
    "verbosity": "brief",
    "output": "text",
    "country": "US",
}


def model() -> FakeLanguageModel:
    return FakeLanguageModel(default=REPLY)


async def through_ask(settings: Settings) -> tuple[str, str]:
    from accessibility.profiles.model import Profile

    lm = model()
    result = await run_turn(
        Engines(settings, language_model=lm),
        text=QUESTION,
        speak=False,
        profile=Profile.model_validate(PROFILE),
    )
    return result.answer, lm.calls[0][-1].content


async def through_realtime(settings: Settings) -> tuple[str, str]:
    lm = model()
    async with live_session(settings, engines=Engines(settings, language_model=lm)) as harness:
        await harness.send_json(
            {"type": "session.update", "session": {"modu": {"profile": PROFILE}}}
        )
        await harness.settle()
        done = await text_turn(harness, QUESTION)
    content = done["response"]["output"][0]["content"][0]
    return content.get("text") or content.get("transcript"), lm.calls[0][-1].content


def through_chat(settings: Settings) -> tuple[str, str]:
    lm = model()
    with live_server(with_key(settings), lm) as server:
        completion = server.client.chat.completions.create(
            model="modu",
            messages=[{"role": "user", "content": QUESTION}],
            extra_body={"modu": {"profile": PROFILE}},
        )
    text = completion.choices[0].message.content
    assert text is not None
    return text, lm.calls[0][-1].content


@pytest.mark.asyncio
async def test_one_profile_means_the_same_answer_everywhere(fake_settings: Settings) -> None:
    asked, asked_note = await through_ask(fake_settings)
    spoken, spoken_note = await through_realtime(fake_settings)
    chatted, chatted_note = through_chat(fake_settings)
    assert asked == spoken == chatted
    assert asked_note == spoken_note == chatted_note
    assert "**" not in asked  # screen-reader shaping ran
    assert asked != REPLY  # and the easy-read rules


def test_chat_profile_errors_name_the_field(fake_settings: Settings) -> None:
    import openai

    with live_server(with_key(fake_settings), model()) as server:
        with pytest.raises(openai.BadRequestError) as caught:
            server.client.chat.completions.create(
                model="modu",
                messages=[{"role": "user", "content": QUESTION}],
                extra_body={"modu": {"profile": {"speech_rate": 9}}},
            )
        assert error_of(caught.value)["param"] == "modu.profile.speech_rate"
        with pytest.raises(openai.BadRequestError) as caught:
            server.client.chat.completions.create(
                model="modu",
                messages=[{"role": "user", "content": QUESTION}],
                extra_body={"modu": {"profile_id": "not-mine"}},
            )
        assert error_of(caught.value)["param"] == "modu.profile_id"


def test_chat_emergency_gets_the_vetted_answer(fake_settings: Settings) -> None:
    with live_server(with_key(fake_settings), model()) as server:
        raw = server.client.chat.completions.with_raw_response.create(
            model="modu",
            messages=[{"role": "user", "content": "my mother fell and she is not breathing"}],
        )
    completion = raw.parse()
    text = completion.choices[0].message.content or ""
    assert "119" in text.split(".")[0]
    modu = (completion.model_extra or {})["modu"]
    assert modu["route"] == "vetted"
    assert modu["safety"].startswith("emergency/")
