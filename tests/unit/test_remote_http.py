"""Remote speech stages against scripted HTTP (``httpx.MockTransport``): retries, timeouts,
what is sent, how answers are read, and the switch to the embedded engine and back."""

from __future__ import annotations

import asyncio
import json
import struct
from collections.abc import Callable

import httpx
import numpy as np
import pytest

from voices.audio import Audio
from voices.observer import Outcome
from voices.remote import RemoteEndpoint, RemoteStageError
from voices.stage_fallback import StageFallback
from voices.stt.base import SpeechRecognizer
from voices.stt.fake import FakeRecognizer
from voices.stt.remote import FallbackRecognizer, RemoteRecognizer
from voices.tts.base import SpeechSynthesizer, SynthesisError, VoiceParams
from voices.tts.fake import FakeSynthesizer
from voices.tts.remote import FallbackSynthesizer, RemoteSynthesizer, WavStream

URL = "http://speech.test/v1/audio/transcriptions"
Handler = Callable[[httpx.Request], httpx.Response]


def endpoint(handler: Handler, *, retries: int = 2, url: str = URL) -> RemoteEndpoint:
    return RemoteEndpoint(
        "stt",
        "remote speech recognition",
        url,
        api_key="k-1",
        retries=retries,
        transport=httpx.MockTransport(handler),
        sleep=lambda _: None,
    )


def tone(seconds: float = 0.5, rate: int = 16_000) -> Audio:
    t = np.arange(round(seconds * rate), dtype=np.float32) / rate
    return Audio((0.3 * np.sin(2 * np.pi * 220.0 * t)).astype(np.float32), rate)


class Script:
    """Answers each request with the next of ``answers`` (an exception is raised instead)."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def ok_json(text: str = "hello", **more: object) -> httpx.Response:
    return httpx.Response(200, json={"text": text, **more})


# --- the endpoint: retries and timeouts --------------------------------------------------------


def test_a_refused_connection_is_retried_then_succeeds() -> None:
    script = Script(httpx.ConnectError("refused"), httpx.ConnectError("refused"), ok_json())
    with endpoint(script).post(data={"a": "b"}) as answer:
        assert answer.read()
    assert len(script.requests) == 3
    assert script.requests[0].headers["authorization"] == "Bearer k-1"


def test_retries_are_bounded_and_the_error_names_stage_url_and_cause() -> None:
    script = Script(httpx.Response(503, text="busy"))
    with pytest.raises(RemoteStageError) as caught, endpoint(script, retries=2).post():
        pass
    assert len(script.requests) == 3
    message = str(caught.value)
    assert message.startswith(f"remote speech recognition at {URL} answered HTTP 503")
    assert "busy" in message and "tried 3 times" in message


def test_a_refused_request_is_not_retried() -> None:
    script = Script(httpx.Response(400, json={"error": {"message": "bad language"}}))
    with pytest.raises(RemoteStageError, match=r"HTTP 400.*bad language"), endpoint(script).post():
        pass
    assert len(script.requests) == 1


def test_a_timeout_is_retried_and_then_said() -> None:
    script = Script(httpx.ReadTimeout("slow"))
    with (
        pytest.raises(RemoteStageError, match="timed out \\(ReadTimeout\\)"),
        endpoint(script, retries=1).post(),
    ):
        pass
    assert len(script.requests) == 2


def test_the_pool_is_reused_and_closed() -> None:
    remote = endpoint(Script(ok_json()))
    for _ in range(2):
        with remote.post() as answer:
            answer.read()
    client = remote._client
    assert client is not None
    remote.close()
    assert client.is_closed and remote._client is None


# --- speech recognition -----------------------------------------------------------------------


def recognizer(script: Script, **kw: object) -> RemoteRecognizer:
    return RemoteRecognizer(
        endpoint(script),
        language_codes={"korean": "ko", "english": "en"},
        **kw,  # type: ignore[arg-type]
    )


def form_fields(request: httpx.Request) -> dict[str, str]:
    body = request.read().decode("latin-1")
    fields = {}
    for part in body.split("--")[1:]:
        if 'name="' in part and "filename" not in part:
            name = part.split('name="')[1].split('"')[0]
            fields[name] = part.split("\r\n\r\n", 1)[1].rsplit("\r\n", 1)[0]
    return fields


def test_recognition_sends_a_16khz_wav_and_reads_verbose_json() -> None:
    segment = {"start": 0.0, "end": 0.5, "text": "안녕", "no_speech_prob": 0.1, "avg_logprob": -0.2}
    script = Script(ok_json(" 안녕 ", language="korean", duration=0.5, segments=[segment]))
    transcript = recognizer(script).transcribe(tone(rate=48_000))
    fields = form_fields(script.requests[0])
    assert fields == {"model": "whisper-1", "response_format": "verbose_json"}
    assert b"RIFF" in script.requests[0].content and b"audio/wav" in script.requests[0].content
    assert (transcript.text, transcript.language) == ("안녕", "ko")
    assert transcript.segments[0].no_speech_prob == pytest.approx(0.1)


def test_a_fixed_language_is_sent_and_a_plain_json_answer_keeps_the_prior() -> None:
    script = Script(ok_json("hola"))
    fixed = recognizer(script, response_format="json").transcribe(tone(), "es")
    assert form_fields(script.requests[0])["language"] == "es"
    assert fixed.language == "es"
    unsure = recognizer(Script(ok_json("hola")), response_format="json")
    assert unsure.transcribe(tone(), prior="ko").language == "ko"


def test_silence_never_leaves_the_machine() -> None:
    script = Script(ok_json("Thank you."))
    transcript = recognizer(script).transcribe(Audio.silence(1.0))
    assert transcript.is_empty and not script.requests


def test_an_answer_that_is_not_a_transcription_is_an_error() -> None:
    with pytest.raises(RemoteStageError, match="expected JSON with a 'text' string"):
        recognizer(Script(httpx.Response(200, text="<html>"))).transcribe(tone())


# --- the fallback switch ----------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_recognition_falls_back_says_so_rests_and_comes_back() -> None:
    script = Script(httpx.ConnectError("refused"))
    clock, embedded = Clock(), FakeRecognizer("heard here")
    switch: StageFallback[SpeechRecognizer] = StageFallback(
        "stt",
        URL,
        "remote speech recognition",
        lambda: embedded,
        fallback_name="fake",
        recheck_s=30.0,
        clock=clock,
    )
    stage = FallbackRecognizer(recognizer(script), switch)
    fell_back = stage.transcribe(tone())
    assert fell_back.text == "heard here"
    assert fell_back.note is not None and URL in fell_back.note and "unreachable" in fell_back.note
    assert switch.status().falling_back and switch.status().fallback_loaded
    tries = len(script.requests)
    stage.transcribe(tone())
    assert len(script.requests) == tries, "the remote rests until its recheck time"
    clock.now = 31.0
    script.answers = [ok_json("heard there")]
    back = stage.transcribe(tone())
    assert (back.text, back.note) == ("heard there", None)
    assert not switch.status().falling_back and switch.status().last_error is None


def test_without_a_fallback_the_error_names_stage_url_and_setting() -> None:
    switch: StageFallback[SpeechRecognizer] = StageFallback(
        "stt", URL, "remote speech recognition", None
    )
    stage = FallbackRecognizer(recognizer(Script(httpx.ConnectError("refused"))), switch)
    with pytest.raises(RemoteStageError) as caught:
        stage.transcribe(tone())
    message = str(caught.value)
    assert URL in message and "unreachable" in message
    assert "no embedded engine is loaded" in message and "MODU_STT__REMOTE_FALLBACK" in message


# --- voices -----------------------------------------------------------------------------------

SPEECH_URL = "http://speech.test/v1/audio/speech"


def synthesizer(script: Script, **kw: object) -> RemoteSynthesizer:
    return RemoteSynthesizer(endpoint(script, url=SPEECH_URL), **kw)  # type: ignore[arg-type]


def test_speech_sends_modu_voice_fields_and_reads_pcm() -> None:
    pcm = tone(0.25, 24_000).to_pcm16()
    script = Script(httpx.Response(200, content=pcm))
    params = VoiceParams(language="ko", rate=1.5, pitch=0.8, volume=0.5, sentence_pause_ms=100)
    speech = synthesizer(script, voices={"ko": "yuna"}).synthesize("안녕하세요.", params)
    body = json.loads(script.requests[0].content)
    assert body == {
        "model": "tts-1",
        "input": "안녕하세요.",
        "voice": "yuna",
        "response_format": "pcm",
        "speed": 1.5,
        "rate": 1.5,
        "pitch": 0.8,
        "volume": 0.5,
        "sentence_pause_ms": 100,
        "language": "ko",
        "stream": True,
    }
    assert (speech.sample_rate, speech.pcm16, speech.engine) == (24_000, pcm, "remote")


def test_without_extensions_only_openai_fields_go_and_volume_is_applied_here() -> None:
    pcm = tone(0.25, 24_000).to_pcm16()
    script = Script(httpx.Response(200, content=pcm))
    speech = synthesizer(script, extensions=False).synthesize(
        "Hi.", VoiceParams(language="en", volume=0.5)
    )
    assert set(json.loads(script.requests[0].content)) == {
        "model",
        "input",
        "voice",
        "response_format",
        "speed",
    }
    assert np.abs(speech.audio().samples).max() == pytest.approx(0.15, abs=0.01)


def streamed_wav(audio: Audio) -> bytes:
    fmt = struct.pack("<HHIIHH", 1, 1, audio.sample_rate, audio.sample_rate * 2, 2, 16)
    head = b"RIFF" + b"\xff" * 4 + b"WAVEfmt " + struct.pack("<I", 16) + fmt
    return (
        head + b"LIST" + struct.pack("<I", 4) + b"INFO" + b"data" + b"\xff" * 4 + audio.to_pcm16()
    )


@pytest.mark.parametrize("piece", [1, 7, 4096])
def test_a_streamed_wav_is_read_whatever_the_pieces(piece: int) -> None:
    audio = tone(0.1, 22_050)
    data = streamed_wav(audio)
    reader = WavStream()
    for start in range(0, len(data), piece):
        reader.feed(data[start : start + piece])
    heard = reader.finish()
    assert heard.sample_rate == 22_050 and heard.to_pcm16() == audio.to_pcm16()


def test_a_whole_wav_file_is_cut_at_its_data_size() -> None:
    audio = tone(0.1, 16_000)
    reader = WavStream()
    reader.feed(audio.to_wav_bytes() + b"trailing junk")
    heard = reader.finish()
    assert len(heard.samples) == len(audio.samples)
    assert np.allclose(heard.samples, audio.samples, atol=1e-4)


def test_speech_that_is_not_the_format_asked_is_an_error() -> None:
    script = Script(httpx.Response(200, content=b"<html>oops</html>"))
    with pytest.raises(RemoteStageError, match="not wav"):
        synthesizer(script, response_format="wav").synthesize("Hi.", VoiceParams())


def test_voice_falls_back_with_a_note_and_without_a_fallback_is_a_synthesis_error() -> None:
    failing = Script(httpx.Response(502, text="bad gateway"))
    switch: StageFallback[SpeechSynthesizer] = StageFallback(
        "tts", SPEECH_URL, "remote voice", lambda: FakeSynthesizer("local"), fallback_name="local"
    )
    speech = FallbackSynthesizer(synthesizer(failing), switch).synthesize("Hi.", VoiceParams())
    assert speech.engine == "local"
    assert speech.note is not None and "HTTP 502" in speech.note and "local" in speech.note
    alone: StageFallback[SpeechSynthesizer] = StageFallback("tts", SPEECH_URL, "remote voice", None)
    with pytest.raises(SynthesisError, match="MODU_TTS__REMOTE_FALLBACK"):
        FallbackSynthesizer(synthesizer(failing), alone).synthesize("Hi.", VoiceParams())


def test_languages_the_remote_is_not_set_for_go_to_the_embedded_voices_unremarked() -> None:
    script = Script(httpx.Response(200, content=b"\0\0"))
    switch: StageFallback[SpeechSynthesizer] = StageFallback(
        "tts", SPEECH_URL, "remote voice", lambda: FakeSynthesizer("local")
    )
    stage = FallbackSynthesizer(synthesizer(script, languages=["en"]), switch)
    speech = stage.synthesize("안녕하세요.", VoiceParams(language="ko"))
    assert (speech.engine, speech.note, script.requests) == ("local", None, [])


# --- the remote model's fallback, as /health reads it -----------------------------------------


def test_the_model_fallback_says_it_is_falling_back_until_the_primary_answers() -> None:
    from voices.lm.base import GenerationOptions
    from voices.lm.fake import FakeLanguageModel
    from voices.lm.fallback import FallbackLanguageModel
    from voices.lm.prompt import build_messages

    clock, primary = Clock(), FakeLanguageModel(fail="server down")
    engine = FallbackLanguageModel(primary, FakeLanguageModel(), retry_after_s=30.0, clock=clock)

    async def answer() -> str:
        messages = build_messages([], "Hello", "en")
        return "".join([d async for d in engine.stream(messages, GenerationOptions())])

    asyncio.run(answer())
    assert engine.falling_back and "server down" in (engine.last_error or "")
    clock.now = 31.0
    primary._fail = None
    asyncio.run(answer())
    assert (engine.falling_back, engine.last_error) == (False, None)


class Recorder:
    """An :class:`EngineObserver` that keeps what it is told."""

    def __init__(self) -> None:
        self.fallbacks: list[tuple[str, str, str]] = []
        self.calls: list[tuple[str, str]] = []

    def fallback(self, stage: str, failed: str, used: str) -> None:
        self.fallbacks.append((stage, failed, used))

    def remote_call(self, stage: str, seconds: float, outcome: Outcome) -> None:
        self.calls.append((stage, outcome))


def test_the_observer_hears_of_remote_calls_and_fallbacks() -> None:
    recorder = Recorder()
    script = Script(httpx.ConnectError("refused"), ok_json("hi"))
    remote = RemoteRecognizer(
        RemoteEndpoint(
            "stt",
            "remote speech recognition",
            URL,
            retries=0,
            transport=httpx.MockTransport(script),
            observer=recorder,
        )
    )
    switch: StageFallback[SpeechRecognizer] = StageFallback(
        "stt",
        URL,
        "remote speech recognition",
        FakeRecognizer,
        fallback_name="fake",
        recheck_s=0.0,
        observer=recorder,
    )
    stage = FallbackRecognizer(remote, switch)
    stage.transcribe(tone())
    stage.transcribe(tone())
    assert recorder.calls == [("stt", "error"), ("stt", "ok")]
    assert recorder.fallbacks == [("stt", "remote", "fake")]
