"""``POST /v1/audio/speech``: OpenAI's text-to-speech endpoint, on modu's voices.

The text is spoken sentence by sentence, each sentence in the language its script shows (Piper
for English, eSpeak NG for Korean and others), joined with the configured pause, and encoded as
``response_format`` (mp3, opus, aac, flac, wav, or raw 24 kHz PCM16 ``pcm``; ``pcm``, and
``wav`` with ``stream: true``, stream sentence by sentence: :mod:`service.speech_stream`).
``voice`` and ``model`` may name anything: the voice is chosen by language, and the headers say
which spoke.
``speed`` (OpenAI: 0.25–4.0) multiplies the configured rate and is clamped to modu's range
0.5–2.0; ``X-Modu-Speech-Rate`` says what was applied. modu's own voice fields (``rate``,
``pitch``, ``volume``, ``sentence_pause_ms``, ``language``) may be sent beside OpenAI's, as a
modu that uses this one as its speech worker does.

``POST /v1/audio/speech/captions`` takes the same body and returns, as JSON, the same audio
(base64) with WebVTT captions, one cue per sentence, timed from the same synthesis
(accessibility requirement V4).

Every response carries the AI-content label in ``X-Modu-…`` headers, and WAV, MP3 and FLAC
files a signed C2PA manifest (``X-Modu-Provenance: c2pa``; see :mod:`service.openai_labels`).
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Final

from fastapi import APIRouter, Depends, HTTPException, Response
from fastapi.responses import StreamingResponse

from accessibility.captions import to_webvtt
from accessibility.language import detect_text_language
from service.audio_formats import encode_speech, mime_type
from service.auth import require_owner
from service.deps import EnginesDep, SettingsDep
from service.engines import Engines
from service.errors import ErrorResponse
from service.openai_labels import (
    PROVENANCE_HEADER,
    AiLabel,
    ProvenanceError,
    engine_model,
    label_headers,
    label_text,
    make_label,
    sign_audio,
)
from service.openai_schemas import CaptionCue, ModuInfo, SpeechRequest, SpeechWithCaptions
from service.settings import Settings
from service.speaking import sentence_language, speak_sentence
from service.speech_stream import STREAMED_WAV_PROVENANCE, speech_body, streams
from voices.sentences import split_sentences
from voices.tts.base import RATE_MAX, RATE_MIN, SynthesisError, SynthesizedSpeech, VoiceParams
from voices.tts.router import cue_times, join_speech

RATE_HEADER: Final = "X-Modu-Speech-Rate"

router = APIRouter(tags=["openai"], dependencies=[Depends(require_owner)])

_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
    500: {"model": ErrorResponse},
}


@dataclass(frozen=True)
class Spoken:
    """The sentences as spoken, and how."""

    parts: list[SynthesizedSpeech]
    languages: list[str]
    params: VoiceParams
    label: AiLabel

    @property
    def engine(self) -> str:
        return ", ".join(sorted({part.engine for part in self.parts}))


def speech_rate(speed: float, settings: Settings) -> float:
    """OpenAI's ``speed`` times the configured rate, clamped to what the voices can do."""
    return round(min(RATE_MAX, max(RATE_MIN, speed * settings.tts.rate)), 3)


def _voice_params(body: SpeechRequest, settings: Settings) -> VoiceParams:
    """The configured voice, with what the request asks (modu's extension fields win)."""
    tts = settings.tts
    return VoiceParams(
        language=body.language or detect_text_language(body.input, default="en") or "en",
        rate=body.rate if body.rate is not None else speech_rate(body.speed, settings),
        pitch=body.pitch if body.pitch is not None else tts.pitch,
        volume=body.volume if body.volume is not None else tts.volume,
        sentence_pause_ms=(
            body.sentence_pause_ms if body.sentence_pause_ms is not None else tts.sentence_pause_ms
        ),
    )


def _sentences(body: SpeechRequest) -> list[str]:
    sentences = split_sentences(body.input)
    if not sentences:
        raise HTTPException(
            400,
            detail={
                "code": "invalid_value",
                "message": f"expected text with words to speak; received {body.input!r}",
                "param": "input",
            },
        )
    return sentences


def _speaker(
    engines: Engines, params: VoiceParams
) -> Callable[[str], Coroutine[Any, Any, SynthesizedSpeech]]:
    """Speaks one sentence in its own language (raises :class:`SynthesisError`)."""

    async def speak_one(sentence: str) -> SynthesizedSpeech:
        language = sentence_language(sentence, params.language)
        return await speak_sentence(engines, sentence, params, language=language)

    return speak_one


def _voice_failed(exc: SynthesisError) -> HTTPException:
    return HTTPException(
        500, detail={"code": "synthesis_failed", "message": f"the voice failed: {exc}"}
    )


def _spoken(parts: list[SynthesizedSpeech], params: VoiceParams) -> Spoken:
    voices = ", ".join(sorted({engine_model(part.engine, part.voice) for part in parts}))
    engine_names = ", ".join(sorted({part.engine for part in parts}))
    languages = [sentence_language(part.text, params.language) for part in parts]
    return Spoken(parts, languages, params, make_label(engine_names, voices))


async def speak(engines: Engines, body: SpeechRequest, settings: Settings) -> Spoken:
    """Speak ``body.input`` one sentence at a time in worker threads; mixed-language text gets
    each sentence's own language."""
    sentences = _sentences(body)
    params = _voice_params(body, settings)
    await asyncio.to_thread(lambda: engines.synthesizer)  # first use loads it
    speak_one = _speaker(engines, params)
    try:
        parts = [await speak_one(sentence) for sentence in sentences]
    except SynthesisError as exc:
        raise _voice_failed(exc) from exc
    return _spoken(parts, params)


def _headers(spoken: Spoken) -> dict[str, str]:
    headers = label_headers(spoken.label)
    headers[RATE_HEADER] = str(spoken.params.rate)
    notes = [part.note for part in spoken.parts if part.note]
    if notes:
        headers["X-Modu-Note"] = "; ".join(notes).encode("ascii", "backslashreplace").decode()
    return headers


async def _encode_and_sign(
    spoken: Spoken, body: SpeechRequest, settings: Settings
) -> tuple[bytes, str, float]:
    """The joined sentences as a file in ``response_format`` (signed where possible), its
    provenance note and its duration."""
    audio = join_speech(spoken.parts, spoken.params.sentence_pause_ms)
    data = await asyncio.to_thread(encode_speech, audio, body.response_format)
    mime = mime_type(body.response_format)
    try:
        data, provenance = await asyncio.to_thread(sign_audio, data, mime, spoken.label, settings)
    except (ProvenanceError, ImportError) as exc:
        # Audio that should carry a manifest is not served without one.
        raise HTTPException(
            500, detail={"code": "provenance_failed", "message": f"could not sign: {exc}"}
        ) from exc
    return data, provenance, audio.duration_s


@router.post(
    "/v1/audio/speech",
    response_class=Response,
    responses={200: {"content": {"audio/mpeg": {}}}, **_ERRORS},
)
async def create_speech(
    body: SpeechRequest, engines: EnginesDep, settings: SettingsDep
) -> Response:
    """Speak ``input``; the body is the audio file in ``response_format``, or, for ``pcm``
    (and ``wav`` with ``stream: true``), each sentence's audio as soon as it is spoken."""
    if streams(body.response_format, body.stream):
        return await _stream(engines, body, settings)
    spoken = await speak(engines, body, settings)
    data, provenance, _ = await _encode_and_sign(spoken, body, settings)
    headers = _headers(spoken)
    headers[PROVENANCE_HEADER] = provenance
    return Response(data, media_type=mime_type(body.response_format), headers=headers)


async def _stream(engines: Engines, body: SpeechRequest, settings: Settings) -> Response:
    """The first sentence is spoken before the response starts: its headers are then true."""
    sentences = _sentences(body)
    params = _voice_params(body, settings)
    await asyncio.to_thread(lambda: engines.synthesizer)  # first use loads it
    speak_one = _speaker(engines, params)
    try:
        first = await speak_one(sentences[0])
    except SynthesisError as exc:
        raise _voice_failed(exc) from exc
    spoken = _spoken([first], params)
    mime = mime_type(body.response_format)
    headers = _headers(spoken)
    if body.response_format == "wav":
        headers[PROVENANCE_HEADER] = STREAMED_WAV_PROVENANCE
    else:  # raw PCM has no room for a manifest; sign_audio says so without signing
        headers[PROVENANCE_HEADER] = (
            await asyncio.to_thread(sign_audio, b"", mime, spoken.label, settings)
        )[1]
    chunks = speech_body(
        first,
        sentences[1:],
        speak_one,
        pause_ms=params.sentence_pause_ms,
        wav=body.response_format == "wav",
    )
    return StreamingResponse(chunks, media_type=mime, headers=headers)


@router.post(
    "/v1/audio/speech/captions",
    response_model=SpeechWithCaptions,
    responses=_ERRORS,
)
async def create_speech_with_captions(
    body: SpeechRequest, engines: EnginesDep, settings: SettingsDep, response: Response
) -> SpeechWithCaptions:
    """The audio of ``/v1/audio/speech`` (base64) with WebVTT captions, one cue per sentence,
    from the same synthesis."""
    spoken = await speak(engines, body, settings)
    data, provenance, duration_s = await _encode_and_sign(spoken, body, settings)
    times = cue_times(spoken.parts, spoken.params.sentence_pause_ms)
    cues = [
        CaptionCue(start=round(start, 3), end=round(end, 3), text=part.text, language=language)
        for (start, end), part, language in zip(times, spoken.parts, spoken.languages, strict=True)
    ]
    response.headers.update(_headers(spoken))
    return SpeechWithCaptions(
        format=body.response_format,
        mime_type=mime_type(body.response_format),
        audio=base64.b64encode(data).decode("ascii"),
        duration=round(duration_s, 3),
        vtt=to_webvtt((cue.start, cue.end, cue.text) for cue in cues),
        cues=cues,
        provenance=provenance,
        modu=ModuInfo(
            label=spoken.label,
            label_text=label_text(spoken.params.language),
            engine=spoken.engine,
        ),
    )
