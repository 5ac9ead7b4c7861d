"""A deterministic, instant voice for unit tests: a tone as long as the text deserves."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from voices.audio import Audio
from voices.tts.base import SynthesisError, SynthesizedSpeech, VoiceParams


class FakeSynthesizer:
    """Speaks any text as a sine tone of ``seconds_per_char × len(text) / rate`` seconds.

    ``languages`` limits :meth:`supports` (``None``: every language). ``error`` makes every call
    raise :class:`SynthesisError` with that message, to exercise fallbacks. Each call is
    recorded in :attr:`calls`.
    """

    def __init__(
        self,
        name: str = "fake",
        *,
        languages: Iterable[str] | None = None,
        sample_rate: int = 16_000,
        seconds_per_char: float = 0.05,
        error: str | None = None,
    ) -> None:
        self._name = name
        self.languages = None if languages is None else frozenset(languages)
        self.sample_rate = sample_rate
        self.seconds_per_char = seconds_per_char
        self.error = error
        self.calls: list[tuple[str, VoiceParams]] = []

    @property
    def name(self) -> str:
        return self._name

    def supports(self, language: str) -> bool:
        return self.languages is None or language.split("-")[0].lower() in self.languages

    def synthesize(self, text: str, params: VoiceParams) -> SynthesizedSpeech:
        self.calls.append((text, params))
        if self.error is not None:
            raise SynthesisError(self.error)
        if not self.supports(params.language):
            raise SynthesisError(f"{self.name} has no voice for language {params.language!r}")
        seconds = self.seconds_per_char * len(text) / params.rate
        n = round(seconds * self.sample_rate)
        t = np.arange(n, dtype=np.float32) / self.sample_rate
        # Pitch moves the tone and volume its loudness, so tests can see both took effect.
        tone = 0.3 * params.volume * np.sin(2 * np.pi * 220.0 * params.pitch * t)
        audio = Audio(tone.astype(np.float32), self.sample_rate)
        return SynthesizedSpeech(
            pcm16=audio.to_pcm16(),
            sample_rate=self.sample_rate,
            engine=self.name,
            voice=f"{self.name}-{params.language}",
            text=text,
        )
