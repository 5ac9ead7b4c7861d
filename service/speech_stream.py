"""``/v1/audio/speech`` as a stream: each sentence's audio is sent as soon as it is spoken.

Raw ``pcm`` always streams (24 kHz PCM16, no header, no manifest to lose); ``wav`` streams when
asked (``stream: true``), with a header whose sizes say "unknown", and then carries no C2PA
manifest (one signs a whole file). The first sentence is spoken before the response starts, so
its status and headers are true (which voice spoke, a fallback's note); a later sentence that
fails ends the body early, and the log says why.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Final

from service.audio_formats import SPEECH_RATE, SpeechFormat, encode_speech, streaming_wav_header
from voices.tts.base import SynthesisError, SynthesizedSpeech

STREAMED_WAV_PROVENANCE: Final = (
    "none (a streamed WAV cannot carry a C2PA manifest; ask without stream for a signed file)"
)
log = logging.getLogger(__name__)

Speak = Callable[[str], Awaitable[SynthesizedSpeech]]
"""Speaks one sentence (raises :class:`SynthesisError`)."""


def streams(response_format: SpeechFormat, stream: bool) -> bool:
    """Whether this request's body is streamed sentence by sentence."""
    return response_format == "pcm" or (response_format == "wav" and stream)


def pcm_bytes(part: SynthesizedSpeech) -> bytes:
    """One sentence as 24 kHz PCM16, the body's rate."""
    return encode_speech(part.audio(), "pcm") if part.pcm16 else b""


async def speech_body(
    first: SynthesizedSpeech,
    rest: Sequence[str],
    speak: Speak,
    *,
    pause_ms: int,
    wav: bool,
) -> AsyncIterator[bytes]:
    """The WAV header (if ``wav``), ``first``, then each of ``rest`` as it is spoken, with
    ``pause_ms`` of silence before it."""
    if wav:
        yield streaming_wav_header(SPEECH_RATE)
    yield pcm_bytes(first)
    pause = bytes(2 * round(SPEECH_RATE * pause_ms / 1000))
    for index, sentence in enumerate(rest, start=2):
        try:
            part = await speak(sentence)
        except SynthesisError as error:
            # The status line has gone: ending the body early is all that is left to say.
            log.warning("speech stream ended at sentence %d: %s", index, error)
            return
        yield pause + pcm_bytes(part)
