"""The profile and spoken commands in a live session: repeat, simpler, slower + save, stop,
confirmation when unsure, and screen-reader answers (V3, V6, S1-S6), on fake engines."""

from __future__ import annotations

import base64
from typing import Any

from fastapi.testclient import TestClient

from accessibility.screen_reader import check_speakable
from service.app import create_app
from service.engines import Engines
from service.realtime.spoken_turns import SIMPLER_REQUEST
from service.settings import Settings
from tests.unit.test_realtime_protocol import silence, tone, until
from voices.audio import Audio
from voices.lm.fake import FakeLanguageModel
from voices.sentences import split_sentences
from voices.stt.base import Transcript
from voices.stt.fake import FakeRecognizer
from voices.tts.fake import FakeSynthesizer

KEY = {"Authorization": "Bearer key-a"}
ANSWER = "Paris is the capital of France. It is on the Seine."


def _app(fake_settings: Settings, script: list[str], lm: FakeLanguageModel | None = None) -> Any:
    settings = fake_settings.model_copy(
        update={"auth": fake_settings.auth.model_copy(update={"api_keys": ["key-a"]})}
    )
    engines = Engines(
        settings,
        recognizer=FakeRecognizer(script),
        language_model=lm or FakeLanguageModel(default=ANSWER),
        synthesizer=FakeSynthesizer(),
    )
    return create_app(settings, engines=engines)


def speak(ws: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One spoken turn (the fake recogniser supplies its words); the reply's response.done."""
    pcm = silence(0.2) + tone(0.8) + silence(0.9)
    ws.send_bytes(pcm)
    return until(ws, "response.done")


def audio_seconds(events: list[dict[str, Any]]) -> float:
    pcm = b"".join(
        base64.b64decode(e["delta"]) for e in events if e["type"] == "response.output_audio.delta"
    )
    return len(pcm) / 2 / 24_000


def transcript_of(done: dict[str, Any]) -> str:
    text: str = done["response"]["output"][0]["content"][0]["transcript"]
    return text


def test_repeat_replays_without_generating(fake_settings: Settings) -> None:
    lm = FakeLanguageModel(default=ANSWER)
    app = _app(fake_settings, ["What is the capital of France?", "다시 말해 줘"], lm)
    with TestClient(app) as client, client.websocket_connect("/v1/realtime", headers=KEY) as ws:
        ws.receive_json()
        first, _ = speak(ws)
        again, _ = speak(ws)
    assert ANSWER in transcript_of(first)
    assert transcript_of(again) == ANSWER
    assert len(lm.calls) == 1, "the repeat did not ask the model"


def test_simpler_asks_the_model_to_resay_the_last_answer(fake_settings: Settings) -> None:
    lm = FakeLanguageModel(default=ANSWER)
    app = _app(fake_settings, ["What is the capital of France?", "say it simpler"], lm)
    with TestClient(app) as client, client.websocket_connect("/v1/realtime", headers=KEY) as ws:
        ws.receive_json()
        speak(ws)
        done, _ = speak(ws)
    assert done["response"]["status"] == "completed"
    request = lm.calls[-1]
    assert request[-1].content.startswith(SIMPLER_REQUEST)
    assert [m.role for m in request[-3:]] == ["user", "assistant", "user"]
    assert request[-2].content.endswith(ANSWER), "the model sees what it said before"
    assert "say it simpler" not in " ".join(m.content for m in request), "commands stay out"


def test_slower_then_save_changes_the_voice_and_the_stored_profile(
    fake_settings: Settings,
) -> None:
    app = _app(fake_settings, ["Where is Paris?", "천천히", "repeat", "저장"])
    with TestClient(app) as client:
        created = client.post("/v1/profiles", json={"ai_disclosure": "never"}, headers=KEY)
        profile = created.json()
        with client.websocket_connect("/v1/realtime", headers=KEY) as ws:
            ws.receive_json()
            ws.send_json(
                {"type": "session.update", "session": {"modu": {"profile_id": profile["id"]}}}
            )
            until(ws, "session.updated")
            _, first_events = speak(ws)
            slower, _ = speak(ws)
            _, repeat_events = speak(ws)
            saved, _ = speak(ws)
        stored = client.get(f"/v1/profiles/{profile['id']}", headers=KEY).json()
    assert transcript_of(slower) == "천천히 말할게요. 프로필에 저장하려면 '저장'이라고 말해 주세요."
    answer_first = audio_seconds(first_events)
    answer_repeat = audio_seconds(repeat_events)
    assert answer_repeat > answer_first * 1.1, (answer_first, answer_repeat)
    assert transcript_of(saved) == "프로필에 저장했어요."
    assert stored["speech_rate"] < profile["speech_rate"]


def test_a_spoken_command_that_changes_the_session_sends_session_updated(
    fake_settings: Settings,
) -> None:
    app = _app(fake_settings, ["Where is Paris?", "천천히", "say it simpler", "repeat"])
    with TestClient(app) as client, client.websocket_connect("/v1/realtime", headers=KEY) as ws:
        ws.receive_json()
        profile = {"reading_level": "standard", "ai_disclosure": "never"}
        ws.send_json({"type": "session.update", "session": {"modu": {"profile": profile}}})
        before, _ = until(ws, "session.updated")
        _, question = speak(ws)
        _, slower = speak(ws)
        _, simpler = speak(ws)
        _, repeat = speak(ws)

    def updates(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [e["session"] for e in events if e["type"] == "session.updated"]

    assert updates(question) == updates(repeat) == [], "nothing changed"
    [after_slower] = updates(slower)
    speed = after_slower["audio"]["output"]["speed"]
    assert speed < before["session"]["audio"]["output"]["speed"]
    assert after_slower["modu"]["voice"]["rate"] == speed
    types = [e["type"] for e in slower]
    assert types.index("session.updated") < types.index("response.created"), "told first"
    [after_simpler] = updates(simpler)
    assert after_simpler["modu"]["profile"]["reading_level"] == "plain"
    assert after_simpler["audio"]["output"]["speed"] == speed, "the slower voice is kept"


def test_stop_ends_the_answer_and_says_nothing(fake_settings: Settings) -> None:
    lm = FakeLanguageModel(default=ANSWER)
    app = _app(fake_settings, ["What is the capital of France?", "그만", "And of Korea?"], lm)
    with TestClient(app) as client, client.websocket_connect("/v1/realtime", headers=KEY) as ws:
        ws.receive_json()
        speak(ws)
        ws.send_bytes(silence(0.2) + tone(0.8) + silence(0.9))
        completed, _ = until(ws, "conversation.item.input_audio_transcription.completed")
        assert completed["transcript"] == "그만"
        done, seen = speak(ws)  # the next question is answered as usual
    assert "response.created" not in [e["type"] for e in seen[:3]] or done
    assert len(lm.calls) == 2, "'stop' never reached the model"
    assert all("그만" not in m.content for m in lm.calls[-1])


class UnsureRecognizer(FakeRecognizer):
    """Recognises the script with low confidence, as Whisper does on a mumbled question."""

    def transcribe(
        self,
        audio: Audio,
        language: str | None = None,
        beam_size: int | None = None,
        *,
        speech_checked: bool = False,
        prior: str | None = None,
    ) -> Transcript:
        transcript = super().transcribe(
            audio, language, beam_size, speech_checked=speech_checked, prior=prior
        )
        segments = [s.model_copy(update={"avg_logprob": -1.5}) for s in transcript.segments]
        return transcript.model_copy(update={"segments": segments})


def test_unsure_recognition_is_confirmed_before_answering(fake_settings: Settings) -> None:
    lm = FakeLanguageModel(default=ANSWER)
    settings = fake_settings.model_copy(
        update={"auth": fake_settings.auth.model_copy(update={"api_keys": ["key-a"]})}
    )
    recognizer = UnsureRecognizer(["What is the capital of France?", "yes"])
    engines = Engines(settings, recognizer=recognizer, language_model=lm)
    with (
        TestClient(create_app(settings, engines=engines)) as client,
        client.websocket_connect("/v1/realtime", headers=KEY) as ws,
    ):
        ws.receive_json()
        ws.send_json(
            {
                "type": "session.update",
                "session": {"modu": {"profile": {"confirm_when_unsure": True}}},
            }
        )
        until(ws, "session.updated")
        question, _ = speak(ws)
        answer, _ = speak(ws)
    assert 'I heard: "What is the capital of France?". Is that right?' in transcript_of(question)
    assert ANSWER in transcript_of(answer)
    assert len(lm.calls) == 1
    assert lm.calls[0][-1].content.startswith("What is the capital of France?")


def test_screen_reader_profile_shapes_markdown_into_speech(fake_settings: Settings) -> None:
    markdown = (
        "## Steps\n\n1. Open the **app** 📱\n2. Tap *Renew*\n3. Pay the fee\n\n"
        "| Passport | Valid for |\n|---|---|\n| Adult | 10 years |\n\nSee the table above."
    )
    app = _app(fake_settings, ["How do I renew?"], FakeLanguageModel(default=markdown))
    with TestClient(app) as client, client.websocket_connect("/v1/realtime", headers=KEY) as ws:
        ws.receive_json()
        profile = {"screen_reader": True, "preferred_languages": ["en"]}
        ws.send_json({"type": "session.update", "session": {"modu": {"profile": profile}}})
        until(ws, "session.updated")
        done, _ = speak(ws)
    text = transcript_of(done)
    assert "There are 3 steps" in text, text
    assert "10 years" in text
    # The mandated disclosure ("I am an AI assistant.") opens the first answer; the answer
    # itself must pass S1-S6.
    answer = text.removeprefix("I am an AI assistant.").strip()
    assert answer != text
    assert check_speakable(answer, "en") == [], answer


def test_easy_read_profile_shortens_spoken_sentences_and_keeps_facts(
    fake_settings: Settings,
) -> None:
    long_answer = (
        "You must submit the application form, which includes your personal information, "
        "your income documents and a copy of your residence registration, to the community "
        "service center by March 31, 2026, and you should call 1577-1000 if you have questions."
    )
    app = _app(fake_settings, ["How do I apply?"], FakeLanguageModel(default=long_answer))
    with TestClient(app) as client, client.websocket_connect("/v1/realtime", headers=KEY) as ws:
        ws.receive_json()
        profile = {"reading_level": "easy-read", "ai_disclosure": "never"}
        ws.send_json({"type": "session.update", "session": {"modu": {"profile": profile}}})
        until(ws, "session.updated")
        done, seen = speak(ws)
    captions = [e["text"] for e in seen if e["type"] == "modu.caption"]
    spoken = transcript_of(done)
    sentences = [s for caption in captions for s in split_sentences(caption)]
    assert len(sentences) > 2, "one long sentence became several"
    longest = max(len(s.split()) for s in sentences)
    assert longest < 0.7 * len(long_answer.split()), sentences  # measured: 39 words -> 24 at most
    for fact in ("March 31, 2026", "1577-1000"):
        assert fact in spoken, (fact, spoken)


def test_an_emergency_says_the_number_before_the_ai_notice(fake_settings: Settings) -> None:
    app = _app(fake_settings, ["my father collapsed and he is not breathing"])
    with TestClient(app) as client, client.websocket_connect("/v1/realtime", headers=KEY) as ws:
        ws.receive_json()
        done, events = speak(ws)
    captions = [e["text"] for e in events if e["type"] == "modu.caption"]
    assert captions[0].startswith("Call 119"), captions
    assert captions[1] == "I am an AI assistant."
    assert transcript_of(done).startswith("Call 119 now. I am an AI assistant."), done
