"""One spoken turn over ``/v1/realtime``, timed on the client as a person would feel it.

The question is streamed in 100 ms chunks (in real time unless told otherwise), then silence
keeps flowing, as from an open microphone, until the answer is done. Every time is measured
from the end of speech: the moment the question's last speech sample (found in its own samples,
``bench.speech_end``) was streamed. In real time a chunk leaves when its first sample is due,
so that moment is the send time of the chunk holding it plus the sample's offset inside it.
The old zero, the end of the file, is kept beside it (``TurnTimes.end_of_file_s``).
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import websockets
from websockets.exceptions import ConnectionClosed

from accessibility.labels import disclosure
from accessibility.language import detect_text_language
from bench.questions import Question
from bench.speech_end import NoSpeechError, speech_end_sample

CHUNK_S = 0.1
RATE = 24_000
TRAILING_SILENCE_CAP_S = 60.0
"""Stop feeding silence after this long: an answer that never finishes is an error."""

STAGES = (
    "speech_stopped",
    "first_transcript_delta",
    "transcript",
    "response_created",
    "first_answer_text",
    "first_audio",
    "first_answer_audio",
    "last_audio",
)
"""Seconds after end of speech. ``first_audio`` may be the spoken AI disclosure (the first
turn of a session says it); ``first_answer_audio`` is the model's own first sentence."""

_EVENT_STAGE = {
    "input_audio_buffer.speech_stopped": "speech_stopped",
    "conversation.item.input_audio_transcription.delta": "first_transcript_delta",
    "conversation.item.input_audio_transcription.completed": "transcript",
    "response.created": "response_created",
}


@dataclass
class TurnTimes:
    question: str
    language: str
    stages: dict[str, float | None] = field(default_factory=dict)
    refused: bool = False
    errors: list[str] = field(default_factory=list)
    transcript: str = ""
    answer: str = ""
    status: str | None = None
    end_of_file_s: float | None = None
    """Seconds from the end of speech to the end of the file streamed (the old zero)."""
    cut: bool = False
    """The response began before the question's speech ended: the turn was cut (a pause
    mid-question taken for its end), so its times say nothing about TTFA."""
    preemptive: dict[str, Any] | None = None
    """``modu.preemptive`` of ``response.done``: whether the answer was prepared during the
    pause, and how many prepared answers the turn threw away."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def from_end_of_file(self, stage: str) -> float | None:
        """The stage timed as the benchmark did before issue 12: from the file's end."""
        value = self.stages.get(stage)
        if value is None or self.end_of_file_s is None:
            return None
        return round(value - self.end_of_file_s, 3)


class _Recorder:
    """Turns server events into first-seen times, telling the disclosure from the answer."""

    def __init__(self, times: TurnTimes) -> None:
        self.times = times
        self.end_of_speech: float | None = None
        self.end_of_file: float | None = None
        self.marks: dict[str, float] = {}
        self.in_disclosure = False
        self.done = asyncio.Event()

    def _mark(self, stage: str, at: float) -> None:
        self.marks.setdefault(stage, at)
        if stage == "last_audio":
            self.marks[stage] = at

    def take(self, event: dict[str, Any], at: float) -> None:
        kind = event.get("type", "")
        if kind in _EVENT_STAGE:
            self._mark(_EVENT_STAGE[kind], at)
        if kind == "conversation.item.input_audio_transcription.completed":
            self.times.transcript = event.get("transcript", "")
        elif kind in ("response.output_audio_transcript.delta", "response.audio_transcript.delta"):
            text = event.get("delta", "").strip()
            language = detect_text_language(text, default="en") or "en"
            self.in_disclosure = text == disclosure(language).strip() and not self.times.answer
            if not self.in_disclosure:
                self._mark("first_answer_text", at)
                self.times.answer += event.get("delta", "")
        elif kind in ("response.output_audio.delta", "response.audio.delta"):
            self._mark("first_audio", at)
            if not self.in_disclosure:
                self._mark("first_answer_audio", at)
            self._mark("last_audio", at)
        elif kind == "error":
            self.times.errors.append(json.dumps(event.get("error", {}))[:300])
        elif kind == "response.done":
            self.times.status = event.get("response", {}).get("status")
            self.times.preemptive = (event.get("response", {}).get("modu") or {}).get("preemptive")
            if self.times.status != "completed":
                self.times.errors.append(f"response {self.times.status}")
            self.done.set()

    def finish(self) -> None:
        start = self.end_of_speech
        self.times.stages = {
            stage: round(self.marks[stage] - start, 3)
            if start is not None and stage in self.marks
            else None
            for stage in STAGES
        }
        if start is not None and self.end_of_file is not None:
            self.times.end_of_file_s = round(self.end_of_file - start, 3)
        created = self.marks.get("response_created")
        self.times.cut = created is not None and (start is None or created < start)


async def _receive(ws: Any, recorder: _Recorder) -> None:
    async for raw in ws:
        recorder.take(json.loads(raw), time.perf_counter())
        if recorder.done.is_set():
            return


def _frame(pcm: bytes) -> str:
    return json.dumps(
        {"type": "input_audio_buffer.append", "audio": base64.b64encode(pcm).decode()}
    )


def speech_end_at(question: Question, rate: int = RATE) -> int:
    """The sample (at ``rate``) just after the question's last speech."""
    samples = question.audio.resample(rate).samples
    if question.speech_end_s is not None:
        return min(len(samples), round(question.speech_end_s * rate))
    try:
        return speech_end_sample(samples, rate)
    except NoSpeechError:  # nothing but silence: the file's end is all there is to time from
        return len(samples)


async def stream_question(ws: Any, question: Question, recorder: _Recorder, realtime: bool) -> None:
    """Send the question in chunks, marking the end of speech and the end of the file."""
    pcm = question.audio.resample(RATE).to_pcm16()
    step = round(RATE * CHUNK_S) * 2
    end = speech_end_at(question) * 2
    for offset in range(0, len(pcm), step):
        await ws.send(_frame(pcm[offset : offset + step]))
        if offset <= end <= offset + step and recorder.end_of_speech is None:
            inside = (end - offset) / 2 / RATE if realtime else 0.0
            recorder.end_of_speech = time.perf_counter() + inside
        await asyncio.sleep(CHUNK_S if realtime else 0)
    recorder.end_of_file = time.perf_counter()
    if recorder.end_of_speech is None:
        recorder.end_of_speech = recorder.end_of_file


async def _send_audio(ws: Any, question: Question, recorder: _Recorder, realtime: bool) -> None:
    await stream_question(ws, question, recorder, realtime)
    step = round(RATE * CHUNK_S) * 2
    silence = bytes(step)
    give_up = time.monotonic() + TRAILING_SILENCE_CAP_S
    while not recorder.done.is_set() and time.monotonic() < give_up:
        await ws.send(_frame(silence))
        await asyncio.sleep(CHUNK_S if realtime else 0.005)


async def spoken_turn(
    url: str,
    api_key: str,
    question: Question,
    *,
    realtime: bool = True,
    silence_duration_ms: int = 500,
    turn_detection: dict[str, Any] | None = None,
    session: dict[str, Any] | None = None,
) -> TurnTimes:
    """One fresh session, one spoken question; never raises for a failed turn. Server VAD
    with ``silence_duration_ms`` unless ``turn_detection`` says otherwise; ``session``: more
    of the ``session.update`` (e.g. ``{"modu": {"profile": {...}}}``)."""
    times = TurnTimes(question.name, question.language)
    recorder = _Recorder(times)
    headers = {"Authorization": f"Bearer {api_key}"}
    try:
        async with websockets.connect(url, additional_headers=headers, max_size=None) as ws:
            first = json.loads(await ws.recv())
            if first.get("type") != "session.created":
                times.errors.append(f"expected session.created, got {first.get('type')}")
                return times
            detection = turn_detection or {
                "type": "server_vad",
                "silence_duration_ms": silence_duration_ms,
            }
            update = {
                "type": "realtime",
                "audio": {"input": {"turn_detection": detection}},
                **(session or {}),
            }
            await ws.send(json.dumps({"type": "session.update", "session": update}))
            receiver = asyncio.create_task(_receive(ws, recorder))
            sender = asyncio.create_task(_send_audio(ws, question, recorder, realtime))
            await asyncio.wait_for(receiver, TRAILING_SILENCE_CAP_S + 30)
            sender.cancel()
            await asyncio.gather(sender, return_exceptions=True)
    except ConnectionClosed as exc:
        code = exc.rcvd.code if exc.rcvd is not None else None
        times.refused = code == 1013
        if not times.refused:
            times.errors.append(f"connection closed: {code}")
    except (OSError, TimeoutError) as exc:  # the server was unreachable or never answered
        times.errors.append(f"{type(exc).__name__}: {exc}")
    recorder.finish()
    if recorder.marks.get("first_answer_audio") is None and not times.refused:
        times.errors.append("no answer audio")
    return times


async def _hold_one(url: str, headers: dict[str, str], tries: int = 40) -> Any:
    """One idle session. The server frees a closed session's place a moment after the client
    leaves, so a refusal right after the previous test is retried, not counted."""
    for _ in range(tries - 1):
        ws = await websockets.connect(url, additional_headers=headers, max_size=None)
        try:
            await ws.recv()  # session.created: the session counts from here
            return ws
        except ConnectionClosed:
            await asyncio.sleep(0.25)
    ws = await websockets.connect(url, additional_headers=headers, max_size=None)
    await ws.recv()
    return ws


async def refusal_check(url: str, api_key: str, max_sessions: int) -> dict[str, Any]:
    """Hold ``max_sessions`` idle sessions, then open one more: it must close with 1013."""
    headers = {"Authorization": f"Bearer {api_key}"}
    held: list[Any] = []
    result: dict[str, Any] = {"max_sessions": max_sessions, "held": 0}
    try:
        for _ in range(max_sessions):
            held.append(await _hold_one(url, headers))
        result["held"] = len(held)
        async with websockets.connect(url, additional_headers=headers) as extra:
            try:
                first = await asyncio.wait_for(extra.recv(), 10)
                result.update(refused=False, first_event=json.loads(first).get("type"))
            except ConnectionClosed as exc:
                code = exc.rcvd.code if exc.rcvd is not None else None
                reason = exc.rcvd.reason if exc.rcvd is not None else ""
                result.update(refused=code == 1013, close_code=code, reason=reason)
    finally:
        await asyncio.gather(*(ws.close() for ws in held), return_exceptions=True)
    return result
