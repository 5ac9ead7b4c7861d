"""Recognising a turn while its end is still being confirmed.

A turn ends after the profile's patience of silence (500 ms by default; more for people who
pause while speaking). After 100 ms of that pause, the turn's speech is known if the pause is
its end, so recognition starts on it then and runs during the rest of the wait. When the turn
does end with that speech (its audio is the same plus the rest of its 200 ms of trailing
silence), its transcript is already on the way (measured: ~0.3 s sooner with the default
patience; the whole recognition is hidden behind longer ones). When speech resumes, the result
is simply not used: a recognition thread cannot be stopped, and the next pause starts a new
one.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from service.realtime import server_events as ev
from voices.audio import Audio
from voices.stt.base import Transcript
from voices.vad.segmenter import TRAILING_PADDING_MS

if TYPE_CHECKING:
    from service.realtime.session import RealtimeSession

log = logging.getLogger(__name__)

PARTIAL_FRAME_SAMPLES = 512
"""A partial transcript starts on whole VAD frames (32 ms at 16 kHz); the audio chunk's last
partial frame, which may still hold speech, is scored only when more audio arrives."""
PAUSE_MS = 100
"""Silence after the last speech before recognition starts (four 32 ms VAD frames), so a frame
that merely dips below the threshold mid-word does not start one."""


@dataclass(frozen=True)
class RunningRecognition:
    """A recognition started before its turn ended (early, or a partial transcript's)."""

    item_id: str
    language: str | None
    prior: str | None
    audio: Audio
    task: asyncio.Task[Transcript | None]
    """``None`` when it was optional and skipped (another recognition was running)."""


class EarlyRecognition:
    def __init__(self, session: RealtimeSession) -> None:
        self.session = session
        self._attempt: RunningRecognition | None = None

    def maybe_start(self) -> None:
        """Called with each audio chunk while the speaker pauses."""
        session = self.session
        audio = session.input.settled_speech(PAUSE_MS)
        if audio is None:
            return
        attempt = self._attempt
        item_id, language = session.pending_user_item, session.config.language
        prior = session.config.language_prior
        if attempt and attempt.item_id == item_id and _same_speech(attempt.audio, audio):
            return  # this pause's recognition is already running
        partial = session.partials.recognition
        if (
            partial is not None
            and (partial.item_id, partial.language, partial.prior) == (item_id, language, prior)
            and len(partial.audio.samples) + PARTIAL_FRAME_SAMPLES >= session.input.speech_samples
        ):
            # The latest partial began at the last speech: it is hearing this very speech (at
            # most the VAD frame that was still arriving missing), so its recognition serves and
            # the CPU stays free for the answer.
            self._attempt = RunningRecognition(item_id, language, prior, audio, partial.task)
            return
        task = asyncio.create_task(
            session.engines.transcribe(audio, language, speech_checked=True, prior=prior)
        )
        task.add_done_callback(_log_unused_failure)
        self._attempt = RunningRecognition(item_id, language, prior, audio, task)

    def take(
        self, item_id: str, audio: Audio, language: str | None, prior: str | None
    ) -> asyncio.Task[Transcript | None] | None:
        """The recognition already running on this turn's speech, if any; it is handed over
        once. One started under another language or prior (a ``session.update`` meanwhile) is
        not used."""
        attempt, self._attempt = self._attempt, None
        if (
            attempt is None
            or attempt.item_id != item_id
            or (attempt.language, attempt.prior) != (language, prior)
            or not _same_speech(attempt.audio, audio)
        ):
            return None
        return attempt.task


def _same_speech(early: Audio, later: Audio) -> bool:
    """``later`` is ``early`` plus only trailing silence: it begins with every sample of
    ``early`` and is at most the trailing padding longer. Speech after the pause would have
    made it longer than that (the segment then runs to the new speech plus the padding)."""
    extra = len(later.samples) - len(early.samples)
    if early.sample_rate != later.sample_rate or not 0 <= extra <= _padding(later):
        return False
    return bool(np.array_equal(later.samples[: len(early.samples)], early.samples))


def _padding(audio: Audio) -> int:
    return audio.sample_rate * TRAILING_PADDING_MS // 1000


def _log_unused_failure(task: asyncio.Task[Transcript | None]) -> None:
    # A failure of a recognition whose turn went on is only logged; one that is used is
    # raised again where it is awaited, and reported on the turn's item there.
    if not task.cancelled() and task.exception() is not None:
        log.warning("early recognition failed: %r", task.exception())


async def recognise_turn(
    session: RealtimeSession,
    item_id: str,
    audio: Audio,
    early: asyncio.Task[Transcript | None] | None,
) -> Transcript | None:
    """The turn's transcript: the early recognition's when it heard this audio, else a new one.
    ``None`` when recognition failed; the item then says so (``…transcription.failed``)."""
    try:
        # An adopted partial may have been skipped (``None``): recognise the turn then.
        transcript = (await early if early else None) or await session.engines.transcribe(
            audio,
            session.config.language,
            speech_checked=session.input.vad_checked,
            prior=session.config.language_prior,
        )
        assert transcript is not None  # only optional recognitions are skipped
        return transcript
    except Exception as exc:  # a recogniser failure fails this item, never the session
        log.exception("transcription failed")
        session.emit(
            ev.TranscriptionFailed(
                item_id=item_id,
                error=ev.ErrorDetail(
                    type="server_error",
                    code="transcription_failed",
                    message=f"{type(exc).__name__}: {exc}",
                ),
            )
        )
        return None
