"""A deterministic recogniser for unit tests: scripted text for loud audio, nothing for quiet.

It honours the contract the real engines do (silence gives an empty transcript; a fixed
``language`` locks, a ``prior`` only settles an unsure detection), so tests of the conversation
loop can rely on it without a model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

import numpy as np

from voices.audio import Audio
from voices.stt.base import Transcript, TranscriptSegment
from voices.stt.gating import empty_transcript
from voices.stt.language_prior import choose_language

Script = str | Sequence[str] | Mapping[str, str] | Callable[[Audio, str | None], str]
"""What the fake "hears" in audio that is loud enough:

- ``str``: always this text;
- a sequence of texts: one per call with speech, in order (a scripted conversation);
- a mapping language -> text: the text for the language recognised (the one asked for, else
  the one "detected");
- a callable ``(audio, language recognised) -> text``: anything else.
"""

DEFAULT_SCRIPT: Mapping[str, str] = MappingProxyType({"en": "hello", "ko": "안녕하세요"})
"""What a fake built without a script hears: a greeting in the language asked for."""


class ScriptExhaustedError(IndexError):
    """A sequence script was asked for more utterances than it holds."""


class FakeRecognizer:
    """Returns its script's text when the audio's RMS reaches ``rms_threshold``, else empty.

    When no language is fixed, "detection" finds ``language`` for sure, or, with ``detected``,
    the most probable of those languages (a ``prior`` settles an unsure one, as in Whisper).
    """

    def __init__(
        self,
        script: Script = DEFAULT_SCRIPT,
        *,
        language: str = "en",
        rms_threshold: float = 0.01,
        model_id: str = "fake",
        detected: Mapping[str, float] | None = None,
    ) -> None:
        self._script = script
        self._language = language
        self._detected = dict(detected) if detected else {language: 1.0}
        """What "detection" finds when no language is fixed: probability per language."""
        self._rms_threshold = rms_threshold
        self._model_id = model_id
        self._next = 0
        self.calls: list[tuple[Audio, str | None]] = []
        """Every (audio, language) this fake was asked to recognise, for assertions."""
        self.priors: list[str | None] = []
        """The ``prior`` of each call, in the order of :attr:`calls`."""

    @property
    def name(self) -> str:
        return "fake"

    @property
    def model_id(self) -> str:
        return self._model_id

    def transcribe(
        self,
        audio: Audio,
        language: str | None = None,
        beam_size: int | None = None,
        *,
        speech_checked: bool = False,
        prior: str | None = None,
    ) -> Transcript:
        self.calls.append((audio, language))
        self.priors.append(prior)
        if _rms(audio) < self._rms_threshold:
            return empty_transcript(language, audio.duration_s)
        spoken_language, probability = (
            (language, 1.0) if language else choose_language(self._detected.items(), prior)
        )
        text = self._text_for(audio, spoken_language)
        if not text.strip():
            return empty_transcript(spoken_language, audio.duration_s)
        segment = TranscriptSegment(
            start=0.0, end=audio.duration_s, text=text, no_speech_prob=0.0, avg_logprob=-0.1
        )
        return Transcript(
            text=text,
            language=spoken_language,
            language_probability=probability,
            segments=[segment],
            duration_s=audio.duration_s,
        )

    def _text_for(self, audio: Audio, language: str) -> str:
        script = self._script
        if isinstance(script, str):
            return script
        if isinstance(script, Mapping):
            return script.get(language, "")
        if isinstance(script, Sequence):
            if self._next >= len(script):
                raise ScriptExhaustedError(
                    f"the script holds {len(script)} utterances; utterance {self._next + 1} "
                    "was asked for"
                )
            self._next += 1
            return script[self._next - 1]
        return script(audio, language)


def _rms(audio: Audio) -> float:
    if len(audio.samples) == 0:
        return 0.0
    return float(np.sqrt(np.mean(np.square(audio.samples, dtype=np.float64))))
