"""``/v1/audio/transcriptions`` and ``/v1/audio/speech`` on a live server, through the openai SDK
(fake engines: every answer is known in advance)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
import openai
import pytest

from accessibility.labels import label_from_headers
from accessibility.provenance import read_provenance
from service.audio_formats import SpeechFormat, encode_speech
from service.settings import Settings
from tests.helpers.openai_rest import (
    HEARD,
    PAUSE_S,
    SECONDS_PER_CHAR,
    Live,
    error_of,
    live_server,
    tone,
    with_key,
)
from voices.audio import Audio, decode_audio


@pytest.fixture
def live(fake_settings: Settings) -> Iterator[Live]:
    with live_server(with_key(fake_settings)) as server:
        yield server


# --- /v1/audio/transcriptions -----------------------------------------------------------------


def test_transcription_json_says_which_engine_ran_and_is_labelled(live: Live) -> None:
    raw = live.client.audio.transcriptions.with_raw_response.create(
        model="whisper-1", file=("question.wav", tone().to_wav_bytes(), "audio/wav")
    )
    result = raw.parse()
    assert result.text == HEARD["en"]
    modu = (result.model_extra or {})["modu"]
    assert modu["engine"] == "fake"
    assert modu["label"]["ai_generated"] is True
    assert label_from_headers(raw.headers).model == "fake / fake"


def test_transcription_text_format(live: Live) -> None:
    text = live.client.audio.transcriptions.create(
        model="whisper-1", file=("q.wav", tone().to_wav_bytes()), response_format="text"
    )
    assert text == HEARD["en"]


def test_transcription_verbose_json_has_openai_shape(live: Live) -> None:
    result = live.client.audio.transcriptions.create(
        model="whisper-1",
        file=("q.wav", tone(1.5).to_wav_bytes()),
        response_format="verbose_json",
        language="ko",
        prompt="ignored",
        temperature=0.2,
    )
    assert result.language == "korean"
    assert result.text == HEARD["ko"]
    assert result.duration == pytest.approx(1.5, abs=0.01)
    assert result.segments is not None and len(result.segments) == 1
    segment = result.segments[0]
    assert (segment.id, segment.start, segment.text) == (0, 0.0, HEARD["ko"])
    assert segment.end == pytest.approx(1.5, abs=0.01)
    assert segment.no_speech_prob == 0.0
    assert segment.compression_ratio > 0


def test_transcription_verbose_json_language_is_the_full_english_name(live: Live) -> None:
    result = live.client.audio.transcriptions.create(
        model="whisper-1", file=("q.wav", tone().to_wav_bytes()), response_format="verbose_json"
    )
    assert result.language == "english"


def test_transcription_srt(live: Live) -> None:
    srt = live.client.audio.transcriptions.create(
        model="whisper-1", file=("q.wav", tone(2.0).to_wav_bytes()), response_format="srt"
    )
    assert srt == f"1\n00:00:00,000 --> 00:00:02,000\n{HEARD['en']}\n"


def test_transcription_vtt(live: Live) -> None:
    vtt = live.client.audio.transcriptions.create(
        model="whisper-1", file=("q.wav", tone(2.0).to_wav_bytes()), response_format="vtt"
    )
    assert vtt == f"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n{HEARD['en']}\n"


@pytest.mark.parametrize("speech_format", ["mp3", "opus", "flac", "aac"])
def test_transcription_decodes_compressed_formats(live: Live, speech_format: SpeechFormat) -> None:
    data = encode_speech(tone(), speech_format)
    text = live.client.audio.transcriptions.create(
        model="whisper-1", file=(f"q.{speech_format}", data), response_format="text"
    )
    assert text == HEARD["en"]


@pytest.mark.parametrize(
    "data", [Audio.silence(1.0).to_wav_bytes(), b""], ids=["silence", "empty file"]
)
def test_silence_or_an_empty_file_gives_empty_text(live: Live, data: bytes) -> None:
    result = live.client.audio.transcriptions.create(
        model="whisper-1", file=("q.wav", data), response_format="verbose_json"
    )
    assert result.text == ""
    assert result.segments == []
    assert result.language == "unknown"


def test_undecodable_file_is_a_400_naming_what_was_expected(live: Live) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        live.client.audio.transcriptions.create(
            model="whisper-1", file=("notes.txt", b"this is not audio", "text/plain")
        )
    error = error_of(caught.value)
    assert error["param"] == "file"
    assert error["code"] == "invalid_audio"
    assert "expected audio" in error["message"]
    assert "notes.txt" in error["message"]
    assert "text/plain" in error["message"]


def test_unknown_language_is_a_400(live: Live) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        live.client.audio.transcriptions.create(
            model="whisper-1", file=("q.wav", tone().to_wav_bytes()), language="xx"
        )
    assert error_of(caught.value)["param"] == "language"


def test_unknown_response_format_is_a_422_naming_the_field(live: Live) -> None:
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        live.client.audio.transcriptions.create(  # type: ignore[call-overload]  # wrong on purpose
            model="whisper-1", file=("q.wav", tone().to_wav_bytes()), response_format="xml"
        )
    assert error_of(caught.value)["param"] == "response_format"


@pytest.mark.parametrize("seconds", [0.5, 3.0], ids=["read then refused", "refused unread"])
def test_upload_over_the_limit_is_a_413(fake_settings: Settings, seconds: float) -> None:
    # 0.5 s of 16 kHz PCM16 is 16 kB (under the limit plus form overhead: read, then refused);
    # 3 s is 96 kB (its Content-Length alone refuses it).
    with (
        live_server(with_key(fake_settings, max_upload_bytes=4096)) as server,
        pytest.raises(openai.APIStatusError) as caught,
    ):
        server.client.audio.transcriptions.create(
            model="whisper-1", file=("q.wav", tone(seconds).to_wav_bytes())
        )
    assert caught.value.status_code == 413
    error = error_of(caught.value)
    assert error["param"] == "file"
    assert "at most 4096 bytes" in error["message"]


# --- /v1/audio/speech -------------------------------------------------------------------------

SPEECH_TEXT = "Hello there. How are you today?"
SPEECH_SECONDS = (len("Hello there.") + len("How are you today?")) * SECONDS_PER_CHAR + PAUSE_S


def decode_speech(data: bytes, speech_format: str) -> Audio:
    if speech_format == "pcm":
        return Audio.from_pcm16(data, 24_000)
    return decode_audio(data)


@pytest.mark.parametrize(
    ("speech_format", "mime"),
    [
        ("mp3", "audio/mpeg"),
        ("opus", "audio/ogg"),
        ("aac", "audio/aac"),
        ("flac", "audio/flac"),
        ("wav", "audio/wav"),
        ("pcm", "audio/pcm"),
    ],
)
def test_speech_in_every_format_decodes_to_the_spoken_length(
    live: Live, speech_format: SpeechFormat, mime: str
) -> None:
    speech = live.client.audio.speech.create(
        model="tts-1", voice="alloy", input=SPEECH_TEXT, response_format=speech_format
    )
    assert speech.response.headers["content-type"].startswith(mime)
    audio = decode_speech(speech.content, speech_format)
    # AAC adds an encoder delay of ~50 ms; every other format keeps the length to a frame.
    assert audio.duration_s == pytest.approx(SPEECH_SECONDS, abs=0.1)
    assert float(np.abs(audio.samples).max()) > 0.1
    label = label_from_headers(speech.response.headers)
    assert label.ai_generated is True
    assert label.voice == "fake / fake-en"
    assert "x-modu-provenance" in speech.response.headers


@pytest.mark.parametrize("speech_format", ["wav", "mp3", "flac"])
def test_speech_files_carry_a_signed_c2pa_manifest(live: Live, speech_format: SpeechFormat) -> None:
    speech = live.client.audio.speech.create(
        model="tts-1", voice="alloy", input=SPEECH_TEXT, response_format=speech_format
    )
    assert speech.response.headers["x-modu-provenance"] == "c2pa"
    report = read_provenance(speech.content, speech.response.headers["content-type"])
    assert report.made_by_modu and report.ai_generated and report.signature_valid
    assert (report.model, report.voice) == ("fake", "fake / fake-en")


@pytest.mark.parametrize("speech_format", ["opus", "aac", "pcm"])
def test_formats_without_room_for_a_manifest_say_so(
    live: Live, speech_format: SpeechFormat
) -> None:
    speech = live.client.audio.speech.create(
        model="tts-1", voice="alloy", input=SPEECH_TEXT, response_format=speech_format
    )
    assert speech.response.headers["x-modu-provenance"].startswith("none (")
    assert label_from_headers(speech.response.headers).ai_generated is True


@pytest.mark.parametrize(("speed", "rate"), [(4.0, 2.0), (0.25, 0.5), (1.5, 1.5)])
def test_speed_is_clamped_to_the_voice_rate_range(live: Live, speed: float, rate: float) -> None:
    speech = live.client.audio.speech.create(
        model="tts-1", voice="alloy", input=SPEECH_TEXT, response_format="wav", speed=speed
    )
    assert float(speech.response.headers["x-modu-speech-rate"]) == rate
    spoken_s = (SPEECH_SECONDS - PAUSE_S) / rate + PAUSE_S
    assert decode_audio(speech.content).duration_s == pytest.approx(spoken_s, abs=0.05)


def test_speech_language_follows_each_sentence(live: Live) -> None:
    speech = live.client.audio.speech.create(
        model="tts-1", voice="alloy", input="Hello there. 안녕하세요.", response_format="wav"
    )
    assert label_from_headers(speech.response.headers).voice == "fake / fake-en, fake / fake-ko"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"speed": 5.0}, "speed"),
        ({"response_format": "aiff"}, "response_format"),
        ({"input": ""}, "input"),
        ({"input": "x" * 4097}, "input"),
    ],
)
def test_speech_validation_errors_name_the_field(
    live: Live, body: dict[str, Any], param: str
) -> None:
    request = {"model": "tts-1", "voice": "alloy", "input": SPEECH_TEXT, **body}
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        live.client.audio.speech.create(**request)
    assert error_of(caught.value)["param"] == param


def test_speech_without_words_is_a_400(live: Live) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        live.client.audio.speech.create(model="tts-1", voice="alloy", input="...")
    assert error_of(caught.value)["param"] == "input"


def silent_gaps(audio: Audio, window_s: float = 0.01) -> list[tuple[float, float]]:
    """Runs of digital silence, as (start, end) seconds."""
    size = round(window_s * audio.sample_rate)
    frames = audio.samples[: len(audio.samples) // size * size].reshape(-1, size)
    quiet = np.abs(frames).max(axis=1) < 1e-3
    gaps: list[tuple[float, float]] = []
    start: int | None = None
    for index, is_quiet in enumerate([*quiet.tolist(), False]):
        if is_quiet and start is None:
            start = index
        elif not is_quiet and start is not None:
            gaps.append((start * window_s, index * window_s))
            start = None
    return gaps


def test_speech_captions_cue_each_sentence_in_step_with_the_audio(live: Live) -> None:
    response = live.client.post(
        "/audio/speech/captions",
        body={"model": "tts-1", "voice": "alloy", "input": SPEECH_TEXT, "response_format": "wav"},
        cast_to=httpx.Response,
    )
    body = response.json()
    assert [cue["text"] for cue in body["cues"]] == ["Hello there.", "How are you today?"]
    assert body["vtt"].startswith("WEBVTT\n\n00:00:00.000 --> ")
    assert "Hello there." in body["vtt"] and "How are you today?" in body["vtt"]
    audio = decode_audio(base64.b64decode(body["audio"]))
    assert body["duration"] == pytest.approx(audio.duration_s, abs=0.05)
    [(gap_start, gap_end)] = silent_gaps(audio)
    first, second = body["cues"]
    assert first["end"] == pytest.approx(gap_start, abs=0.1)
    assert second["start"] == pytest.approx(gap_end, abs=0.1)
    assert second["end"] == pytest.approx(audio.duration_s, abs=0.1)
    assert body["modu"]["label"]["voice"] == "fake / fake-en"
    assert label_from_headers(response.headers).ai_generated is True
