"""Pick a voice per language, fall back when one fails, and speak text sentence by sentence.

Order for each utterance: the online voice (when configured and it has the language), then the
English voice (Piper) when it has the language, then the fallback (eSpeak NG: Korean and every
other language). A voice that raises :class:`SynthesisError` hands over to the next one, and the
result's ``note`` says what happened, so the user can be told why the voice sounds different.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import numpy as np

from voices.audio import Audio
from voices.observer import EngineObserver
from voices.tts.base import SpeechSynthesizer, SynthesisError, SynthesizedSpeech, VoiceParams

DEFAULT_SAMPLE_RATE = 22_050
"""The rate of an empty join; Piper and eSpeak NG both speak at 22.05 kHz."""


class SpeechRouter:
    """A :class:`SpeechSynthesizer` that chooses among others by language and availability.

    After the online voice fails, it is not tried again for ``online_retry_s`` seconds: offline
    each attempt may cost up to its timeout, and an answer has many sentences.
    """

    def __init__(
        self,
        english: SpeechSynthesizer | None,
        fallback: SpeechSynthesizer,
        online: SpeechSynthesizer | None = None,
        *,
        online_retry_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        observer: EngineObserver | None = None,
    ) -> None:
        self.english = english
        self.fallback = fallback
        self.online = online
        self.online_retry_s = online_retry_s
        self._clock = clock
        self._online_down_until = float("-inf")
        self._online_error = ""
        self.observer = observer
        """Told of each sentence another voice spoke because one failed."""

    @property
    def name(self) -> str:
        return "auto"

    def supports(self, language: str) -> bool:
        return any(voice.supports(language) for voice in self._voices())

    def synthesize(self, text: str, params: VoiceParams) -> SynthesizedSpeech:
        """Speak ``text`` with the first voice that can; raise only when none can."""
        failures: list[str] = []
        failed: list[str] = []
        if self._online_resting() and self._online_speaks(params.language):
            assert self.online is not None  # resting implies it exists
            failures.append(f"online voice unavailable ({self._online_error})")
            failed.append(self.online.name)
        for voice in self._candidates(params.language):
            try:
                speech = voice.synthesize(text, params)
            except SynthesisError as exc:
                failures.append(f"{voice.name} failed: {exc}")
                failed.append(voice.name)
                if voice is self.online:
                    self._online_down_until = self._clock() + self.online_retry_s
                    self._online_error = str(exc)
                continue
            if not failures:
                return speech
            if self.observer is not None:
                self.observer.fallback("tts", failed[0], speech.engine)
            note = f"{'; '.join(failures)}; spoken by {speech.engine} instead"
            return speech.model_copy(update={"note": note})
        reasons = "; ".join(failures) or "no voice is configured for it"
        raise SynthesisError(f"cannot speak language {params.language!r}: {reasons}")

    def _voices(self) -> list[SpeechSynthesizer]:
        return [v for v in (self.online, self.english, self.fallback) if v is not None]

    def _online_resting(self) -> bool:
        return self.online is not None and self._clock() < self._online_down_until

    def _online_speaks(self, language: str) -> bool:
        return self.online is not None and self.online.supports(language)

    def _candidates(self, language: str) -> list[SpeechSynthesizer]:
        chosen: list[SpeechSynthesizer] = []
        if self.online is not None and not self._online_resting():
            chosen.append(self.online)
        if self.english is not None:
            chosen.append(self.english)
        chosen.append(self.fallback)
        return [voice for voice in chosen if voice.supports(language)]


def join_speech(
    parts: Iterable[SynthesizedSpeech], pause_ms: int, sample_rate: int | None = None
) -> Audio:
    """One clip: the parts in order with ``pause_ms`` of silence between consecutive ones.

    Parts at other rates (gTTS speaks at 24 kHz) are resampled to ``sample_rate``, by default
    the first part's rate.
    """
    clips = [part.audio() for part in parts]
    rate = sample_rate or (clips[0].sample_rate if clips else DEFAULT_SAMPLE_RATE)
    if not clips:
        return Audio(np.zeros(0, dtype=np.float32), rate)
    gap = Audio.silence(pause_ms / 1000, rate)
    pieces: list[Audio] = []
    for index, clip in enumerate(clips):
        if index:
            pieces.append(gap)
        pieces.append(clip)
    return Audio(np.zeros(0, dtype=np.float32), rate).concat(*pieces)


def cue_times(parts: Iterable[SynthesizedSpeech], pause_ms: int) -> list[tuple[float, float]]:
    """Start and end (seconds) of each part inside :func:`join_speech`'s clip: caption cues."""
    cues: list[tuple[float, float]] = []
    start = 0.0
    for part in parts:
        cues.append((start, start + part.duration_s))
        start += part.duration_s + pause_ms / 1000
    return cues
