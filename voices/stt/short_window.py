"""Whisper on a window fitted to the utterance, instead of the fixed 30 s window.

Whisper's encoder always sees 30 s: a 4 s question is padded with 26 s of nothing, and on
2 CPU cores the encoder then costs ~0.6 s, language detection encodes it again, and a whole
recognition takes ~1.5 s. CTranslate2 accepts shorter inputs, and the encoder's cost falls
faster than linearly with length: 10 s costs ~0.08 s. Measured on this project's spoken
questions and on real speech cut at VAD turn boundaries, a window of the utterance plus 3 s
(at least 10 s) recognises the same words in ~0.3 s instead of ~1.45 s.

A window barely longer than the speech makes Whisper loop (it repeats the sentence), and
decoding may run into the padding and invent text there, or stop early. So decoding keeps
timestamps and checks itself; when a check fails, :func:`decode_short` returns ``None`` and
the caller runs Whisper's ordinary 30 s decoding instead:

- text whose timestamps lie past the end of the audio is dropped (it was invented in padding);
- an average log-probability below the threshold, or text that compresses too well (a loop),
  is a failure, as in Whisper's own temperature fallback;
- decoded speech ending well before the audio's speech does means words were dropped.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from voices.stt.gating import RawSegment
from voices.stt.language_prior import choose_language

FRAMES_PER_SECOND = 100
"""Whisper's log-mel frames per second (10 ms hop)."""
SECONDS_PER_TIMESTAMP = 0.02
MIN_WINDOW_S = 10.0
PADDING_S = 3.0
"""Room after the speech: with less, Whisper sometimes ended early or looped."""
MAX_WINDOW_S = 30.0
MAX_AUDIO_S = MAX_WINDOW_S - PADDING_S
"""Longer audio goes to ordinary decoding, which walks through it window by window."""
COMPRESSION_RATIO_LIMIT = 2.4
"""Whisper's own threshold: above it, the text is repetitive (a decoding loop)."""
MISSING_SPEECH_S = 2.0
"""Decoded speech may end this much before the audio's last speech; more means words lost."""
HALLUCINATION_MARGIN_S = 0.1


@dataclass(frozen=True, slots=True)
class ShortDecode:
    language: str
    language_probability: float
    segments: list[RawSegment]


def window_frames(duration_s: float) -> int | None:
    """Encoder frames for audio of ``duration_s``; ``None`` when it is too long for one short
    window. Always even: the encoder's convolution halves it."""
    if duration_s > MAX_AUDIO_S:
        return None
    seconds = min(MAX_WINDOW_S, max(MIN_WINDOW_S, duration_s + PADDING_S))
    frames = round(seconds * FRAMES_PER_SECOND)
    return frames + frames % 2


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def decode_short(
    model: Any,
    samples: np.ndarray,
    *,
    language: str | None,
    beam_size: int,
    speech_end_s: float,
    log_prob_threshold: float,
    prior: str | None = None,
) -> ShortDecode | None:
    """Recognise ``samples`` (16 kHz float32) with a faster-whisper ``WhisperModel`` on one
    fitted window. ``speech_end_s`` is where the VAD heard the last speech; ``prior`` settles
    an unsure detection (:mod:`voices.stt.language_prior`). ``None``: a check failed (see the
    module docstring); use ordinary decoding."""
    from faster_whisper.tokenizer import Tokenizer
    from faster_whisper.transcribe import get_suppressed_tokens

    duration_s = len(samples) / 16_000
    frames = window_frames(duration_s)
    if frames is None:
        return None
    encoded = _encode(model, samples, frames)
    language, probability = _language(model, encoded, language, prior)
    tokenizer = Tokenizer(model.hf_tokenizer, True, task="transcribe", language=language)
    result = model.model.generate(
        encoded,
        [list(tokenizer.sot_sequence)],
        beam_size=beam_size,
        return_scores=True,
        return_no_speech_prob=True,
        max_length=model.max_length // 2,
        suppress_blank=True,
        suppress_tokens=get_suppressed_tokens(tokenizer, [-1]),
        max_initial_timestamp_index=50,  # Whisper's default: the first word within 1 s
    )[0]
    tokens: list[int] = result.sequences_ids[0]
    avg_logprob = result.scores[0] / (len(tokens) + 1)  # faster-whisper's length norm (1.0)
    segments = _segments(tokens, tokenizer, result.no_speech_prob, avg_logprob, duration_s)
    text = "".join(s.text for s in segments)
    if avg_logprob < log_prob_threshold or compression_ratio(text) > COMPRESSION_RATIO_LIMIT:
        return None
    decoded_end = segments[-1].end if segments else 0.0
    if text.strip() and decoded_end < speech_end_s - MISSING_SPEECH_S:
        return None
    return ShortDecode(language, probability, segments)


def _encode(model: Any, samples: np.ndarray, frames: int) -> Any:
    import ctranslate2

    features = model.feature_extractor(samples)[:, :frames]
    if features.shape[1] < frames:  # zeros, as faster-whisper pads its 30 s windows
        features = np.pad(features, ((0, 0), (0, frames - features.shape[1])))
    batch = np.ascontiguousarray(features[None], dtype=np.float32)
    return model.model.encode(ctranslate2.StorageView.from_array(batch), to_cpu=False)


def _language(
    model: Any, encoded: Any, language: str | None, prior: str | None
) -> tuple[str, float]:
    if language is not None:
        return language, 1.0
    if not model.model.is_multilingual:
        return "en", 1.0  # An English-only (.en) model has no language tokens.
    # The same encoder output serves detection: ordinary decoding encodes the audio twice.
    # Every language comes back, most probable first, as ("<|ko|>", probability).
    detected = model.model.detect_language(encoded)[0]
    return choose_language(((str(token[2:-2]), float(p)) for token, p in detected), prior)


def _segments(
    tokens: list[int],
    tokenizer: Any,
    no_speech_prob: float,
    avg_logprob: float,
    duration_s: float,
) -> list[RawSegment]:
    """Split ``<|t0|> words <|t1|>`` runs into segments; drop those starting past the audio
    (Whisper wrote them into the padding)."""
    segments: list[RawSegment] = []
    start: float | None = None
    words: list[int] = []
    for token in tokens:
        if token < tokenizer.eot:
            words.append(token)
            continue
        if token < tokenizer.timestamp_begin:
            continue  # end-of-text and other specials
        time_s = (token - tokenizer.timestamp_begin) * SECONDS_PER_TIMESTAMP
        if start is None or not words:
            start = time_s
            continue
        text = tokenizer.decode(words)
        segments.append(RawSegment(start, time_s, text, no_speech_prob, avg_logprob))
        start, words = None, []
    if words:  # text without a closing timestamp runs to the end of the audio
        text = tokenizer.decode(words)
        segments.append(RawSegment(start or 0.0, duration_s, text, no_speech_prob, avg_logprob))
    return [s for s in segments if s.start < duration_s - HALLUCINATION_MARGIN_S]
