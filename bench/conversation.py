"""Sessions that talk like people: the conversational load of issue 12, item 4.

Each of N sessions keeps one ``/v1/realtime`` WebSocket open with a live microphone (silence in
100 ms chunks, in real time, whenever it is not speaking). It asks a spoken question, hears the
whole answer (it waits until the last audio received would have finished playing), thinks for a
random 10–40 s (seeded), and asks again, until the level's time is up; the turn in flight is
finished, never cut off. Sessions start at random moments within the first think time, so the
turns do not all arrive in the same 100 ms (the old concurrency test).

TTFA is timed from the end of the question's speech (``bench.speech_end``) to the answer's own
first audio (the spoken AI notice of a session's first turn excluded), with the end-of-file
figure beside it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import random
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import websockets
from websockets.exceptions import ConnectionClosed

from bench.client import CHUNK_S, RATE, TurnTimes, _frame, _Recorder, stream_question
from bench.questions import Question

OUTPUT_RATE = 24_000
TURN_TIMEOUT_S = 90.0
"""A turn with no response.done this long after its question started is an error."""
STAGE = "first_answer_audio"


@dataclass(frozen=True)
class LoadPlan:
    sessions: int
    seconds: float
    """New questions are asked until this long after the level started."""
    seed: int = 12
    think_s: tuple[float, float] = (10.0, 40.0)
    patience_ms: int = 500
    realtime: bool = True


@dataclass
class LoadTurn:
    session: int
    asked_at_s: float
    """Seconds after the level started that the question began."""
    question: str
    ttfa_speech_s: float | None = None
    ttfa_file_s: float | None = None
    answer_audio_s: float = 0.0
    gaps_s: float = 0.0
    """Silence the listener heard inside the answer once it had begun: the next audio arrived
    after what had come so far had finished playing (played from arrival, no jitter buffer)."""
    longest_gap_s: float = 0.0
    transcript: str = ""
    """What the server heard (its final transcript of the question)."""
    reference: str = ""
    """What the question says."""
    cut: bool = False
    """Answered before the question's speech ended (left out of TTFA)."""
    errors: list[str] = field(default_factory=list)
    stages: dict[str, float | None] = field(default_factory=dict)
    """Every stage's time from the end of speech (``bench.client.STAGES``)."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Session:
    """One person: a WebSocket, a microphone that streams silence between questions."""

    def __init__(self, index: int, url: str, api_key: str, plan: LoadPlan) -> None:
        self.index = index
        self.url = url
        self.headers = {"Authorization": f"Bearer {api_key}"}
        self.plan = plan
        self.rng = random.Random(plan.seed * 1000 + plan.sessions * 100 + index)
        self.recorder: _Recorder | None = None
        self.pending: tuple[Question, _Recorder] | None = None
        self.play_end: float | None = None
        self.audio_s = 0.0
        self.gaps: list[float] = []

    async def _microphone(self, ws: Any) -> None:
        silence = bytes(round(RATE * CHUNK_S) * 2)
        while True:
            if self.pending is not None:
                question, recorder = self.pending
                self.pending = None
                await stream_question(ws, question, recorder, self.plan.realtime)
            else:
                await ws.send(_frame(silence))
                await asyncio.sleep(CHUNK_S if self.plan.realtime else 0.005)

    async def _listen(self, ws: Any) -> None:
        async for raw in ws:
            at = time.perf_counter()
            event = json.loads(raw)
            # Gaps count once the answer's own audio has begun (not after an AI notice).
            answering = self.recorder is not None and "first_answer_audio" in self.recorder.marks
            if self.recorder is not None:
                self.recorder.take(event, at)
            if event.get("type") in ("response.output_audio.delta", "response.audio.delta"):
                seconds = len(base64.b64decode(event.get("delta", ""))) / 2 / OUTPUT_RATE
                if answering and self.play_end is not None and at > self.play_end:
                    self.gaps.append(at - self.play_end)
                self.play_end = max(self.play_end or at, at) + seconds
                self.audio_s += seconds

    async def _turn(self, ws: Any, question: Question, started: float) -> LoadTurn:
        turn = LoadTurn(self.index, round(time.perf_counter() - started, 1), question.name)
        recorder = _Recorder(TurnTimes(question.name, question.language))
        self.recorder, self.play_end, self.audio_s = recorder, None, 0.0
        self.gaps = []
        self.pending = (question, recorder)
        try:
            await asyncio.wait_for(recorder.done.wait(), TURN_TIMEOUT_S)
        except TimeoutError:
            recorder.times.errors.append(f"no response.done within {TURN_TIMEOUT_S:g} s")
        recorder.finish()
        times = recorder.times
        turn.cut = times.cut
        turn.transcript, turn.reference = times.transcript, question.text
        turn.stages = dict(times.stages)
        if not turn.cut:
            turn.ttfa_speech_s = times.stages.get(STAGE)
            turn.ttfa_file_s = times.from_end_of_file(STAGE)
            turn.errors = list(times.errors)
            if turn.ttfa_speech_s is None and not turn.errors:
                turn.errors.append("no answer audio")
        # Hear the whole answer: it plays on after the last chunk arrived.
        await asyncio.sleep(self._still_playing_s())
        turn.answer_audio_s = round(self.audio_s, 2)
        turn.gaps_s = round(sum(self.gaps), 3)
        turn.longest_gap_s = round(max(self.gaps, default=0.0), 3)
        self.recorder = None
        return turn

    def _still_playing_s(self) -> float:
        """Seconds until the answer's audio received so far has finished playing."""
        if self.play_end is None:
            return 0.0
        return max(0.0, self.play_end - time.perf_counter())

    async def run(self, questions: list[Question], started: float) -> list[LoadTurn]:
        turns: list[LoadTurn] = []
        deadline = started + self.plan.seconds
        low, high = self.plan.think_s
        await asyncio.sleep(self.rng.uniform(0, (low + high) / 2))
        try:
            async with websockets.connect(
                self.url, additional_headers=self.headers, max_size=None
            ) as ws:
                first = json.loads(await ws.recv())
                if first.get("type") != "session.created":
                    raise ConnectionError(f"expected session.created, got {first.get('type')}")
                detection = {"type": "server_vad", "silence_duration_ms": self.plan.patience_ms}
                update = {"type": "realtime", "audio": {"input": {"turn_detection": detection}}}
                await ws.send(json.dumps({"type": "session.update", "session": update}))
                tasks = [
                    asyncio.create_task(self._microphone(ws)),
                    asyncio.create_task(self._listen(ws)),
                ]
                try:
                    while time.perf_counter() < deadline:
                        question = self.rng.choice(questions)
                        turns.append(await self._turn(ws, question, started))
                        if any(t.done() for t in tasks):
                            break  # the connection ended: the listener's error says why
                        await asyncio.sleep(self.rng.uniform(low, high))
                finally:
                    for task in tasks:
                        task.cancel()
                    await asyncio.gather(*tasks, return_exceptions=True)
        except ConnectionClosed as exc:
            code = exc.rcvd.code if exc.rcvd is not None else None
            turns.append(self._failed(started, f"connection closed: {code}"))
        except (OSError, ConnectionError, TimeoutError) as exc:  # refused, unreachable, or odd
            turns.append(self._failed(started, f"{type(exc).__name__}: {exc}"))
        return turns

    def _failed(self, started: float, error: str) -> LoadTurn:
        turn = LoadTurn(self.index, round(time.perf_counter() - started, 1), "-")
        turn.errors.append(error)
        return turn


async def conversational_load(
    url: str, api_key: str, questions: list[Question], plan: LoadPlan
) -> list[LoadTurn]:
    """Run ``plan.sessions`` talking sessions for ``plan.seconds``; every turn, in order."""
    started = time.perf_counter()
    sessions = [_Session(i, url, api_key, plan) for i in range(plan.sessions)]
    per_session = await asyncio.gather(*(s.run(questions, started) for s in sessions))
    return sorted((t for turns in per_session for t in turns), key=lambda t: t.asked_at_s)
