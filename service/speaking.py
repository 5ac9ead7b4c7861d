"""The last stage of every answer path: one sentence, in its own language, to the voice.

The realtime session, ``modu ask`` and ``/v1/audio/speech`` all voice text here, so a sentence
is spoken the same way whoever asked: in the language its script shows (mixed answers switch
voices per sentence), with the person's rate, pitch, volume and pauses.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from accessibility.language import detect_text_language
from voices.tts.base import SynthesizedSpeech, VoiceParams

if TYPE_CHECKING:
    from service.engines import Engines


def sentence_language(sentence: str, default: str) -> str:
    """The language to voice ``sentence`` in: its script's, else ``default``."""
    return detect_text_language(sentence, default=default) or default


async def speak_sentence(
    engines: Engines,
    sentence: str,
    params: VoiceParams,
    *,
    language: str | None = None,
    fixed_phrase: bool = False,
) -> SynthesizedSpeech:
    """Voice one sentence in a worker thread. ``fixed_phrase``: the same words recur (a vetted
    emergency answer, the AI disclosure), so the voice is synthesised once and kept."""
    spoken_in = language or sentence_language(sentence, params.language)
    sentence_params = params.model_copy(update={"language": spoken_in})
    synthesize = engines.synthesize_phrase if fixed_phrase else engines.synthesizer.synthesize
    return await asyncio.to_thread(synthesize, sentence, sentence_params)
