"""Questions in more voices than modu's own (issue 12, item 1): the spoken questions the TTFA
and conversational-load benchmarks ask.

- **piper**: the English questions in the bundled Piper voice, as the main benchmark asks them;
- **rate**: Piper's own rate parameter, slower (0.8) and faster (1.25);
- **pitch**: the Piper audio played back 12 % lower or higher (resampled: pitch and pace move
  together, as a deeper, slower or a higher, quicker speaker);
- **espeak**: eSpeak NG's English voice (the other bundled engine) at pitch 0.8 and 1.25;
- **real**: human recordings shipped in pinned packages (``scripts/fetch_test_audio.py``): JFK,
  and three utterances cut from pyannote's two-speaker phone call, each ended where its
  transcript (``sample.stm``) says, with 0.4 s of silence after it;
- **hesitant**: ``bench.turn_taking``'s hesitant questions, a pause of 1–2 s mid-sentence
  (only asked with ``semantic_vad``, which must not cut them).

Every question is a ``bench.questions.Question``; ``kind`` groups them in reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.questions import ENGLISH, JFK_SPEECH_END_S, JFK_TEXT, Question
from bench.turn_taking import HESITANT, RATE, _speech
from service.engines import Engines
from voices.audio import Audio, decode_audio
from voices.tts.base import VoiceParams

PITCH_SHIFT = 0.12
TAIL_S = 0.4
PHONE_CALL_CUTS = (
    # (start s, end of speech s, what is said) in pyannote's sample.wav, from sample.stm.
    (14.3, 17.769, "And I'm Sheila in Texas, originally from Chicago."),
    (17.6, 21.475, "Oh, I'm originally from Chicago also. I'm in New Jersey now though."),
    (23.99, 28.425, "At least you know, they all call me a Yankee down here, so what can I say?"),
)


@dataclass(frozen=True)
class MixedQuestion:
    kind: str
    """piper, rate, pitch, espeak, real or hesitant."""
    question: Question


def _piper(engines: Engines, text: str, rate: float = 1.0) -> Audio:
    speech = engines.synthesizer.synthesize(text, VoiceParams(language="en", rate=rate))
    return Audio.from_pcm16(speech.pcm16, speech.sample_rate)


def shifted(audio: Audio, factor: float) -> Audio:
    """The audio played ``factor`` times faster: pitch up by ``factor`` (down below 1), at the
    original sample rate."""
    played = Audio(audio.samples, round(audio.sample_rate * factor))
    return played.resample(audio.sample_rate)


def _espeak(text: str, pitch: float) -> Audio | None:
    try:
        from voices.tts.espeak import EspeakSynthesizer

        speech = EspeakSynthesizer().synthesize(text, VoiceParams(language="en", pitch=pitch))
    except (ImportError, OSError) as exc:  # no eSpeak NG library here: the mix goes without
        print(f"eSpeak NG English skipped: {exc}")
        return None
    return Audio.from_pcm16(speech.pcm16, speech.sample_rate)


def hesitant_audio(engines: Engines, first: str, second: str, pause_s: float) -> Audio:
    """``first``, ``pause_s`` of silence, then ``second``: turn_taking's hesitant question."""
    parts = [Audio.from_pcm16(_speech(engines, text), RATE) for text in (first, second)]
    return parts[0].concat(Audio.silence(pause_s, RATE), parts[1])


def _phone_call(path: Path) -> list[Question]:
    call = decode_audio(path)
    rate = call.sample_rate
    out = []
    for index, (start, end, text) in enumerate(PHONE_CALL_CUTS):
        samples = call.samples[round(start * rate) : round(end * rate)]
        padded = np.concatenate([samples, np.zeros(round(TAIL_S * rate), dtype=np.float32)])
        audio = Audio(padded.astype(np.float32), rate)
        out.append(
            Question(f"call-{index}", "en", text, audio, real=True, speech_end_s=end - start)
        )
    return out


def mixed_questions(
    engines: Engines,
    *,
    test_audio: dict[str, Path],
    pause_s: float = 1.5,
    hesitant: int = 4,
) -> list[MixedQuestion]:
    """The mix: 4 Piper, 2 rate, 2 pitch, 2 eSpeak, JFK, 3 phone-call cuts, and ``hesitant``
    hesitant questions. Variants use other questions than the plain Piper ones."""
    mix = [
        MixedQuestion("piper", Question(f"piper-{i}", "en", text, _piper(engines, text)))
        for i, text in enumerate(ENGLISH[:4])
    ]
    for rate, text in ((0.8, ENGLISH[4]), (1.25, ENGLISH[5])):
        audio = _piper(engines, text, rate)
        mix.append(MixedQuestion("rate", Question(f"rate-{rate:g}", "en", text, audio)))
    for factor, text in ((1 - PITCH_SHIFT, ENGLISH[0]), (1 + PITCH_SHIFT, ENGLISH[1])):
        audio = shifted(_piper(engines, text), factor)
        mix.append(MixedQuestion("pitch", Question(f"pitch-{factor:g}", "en", text, audio)))
    for pitch, text in ((0.8, ENGLISH[2]), (1.25, ENGLISH[3])):
        espeak = _espeak(text, pitch)
        if espeak is not None:
            mix.append(MixedQuestion("espeak", Question(f"espeak-{pitch:g}", "en", text, espeak)))
    if "jfk.wav" in test_audio:
        jfk = decode_audio(test_audio["jfk.wav"])
        question = Question("jfk", "en", JFK_TEXT, jfk, real=True, speech_end_s=JFK_SPEECH_END_S)
        mix.append(MixedQuestion("real", question))
    if "sample.wav" in test_audio:
        mix += [MixedQuestion("real", q) for q in _phone_call(test_audio["sample.wav"])]
    for index, (first, second) in enumerate(HESITANT[:hesitant]):
        audio = hesitant_audio(engines, first, second, pause_s)
        question = Question(f"hesitant-{index}", "en", f"{first} {second}", audio)
        mix.append(MixedQuestion("hesitant", question))
    return mix
