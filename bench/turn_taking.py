"""``server_vad`` against ``semantic_vad`` on spoken questions: ``python -m bench.turn_taking``.

English questions in modu's Piper voice, streamed in real time over ``/v1/realtime`` to a live
server on the real recogniser and VAD (the model is a fake: only the turn's end is measured).
Complete questions are said in one go; hesitant ones stop mid-sentence for ``--pause`` seconds
("I need to renew my passport and … my husband's too"). For each mode and patience it reports:

- **false cuts**: hesitant questions whose turn ended in the hesitation (a speech_stopped before
  the second part was said);
- **wait**: seconds from the end of the question's speech (the last chunk holding speech sent)
  to ``input_audio_buffer.speech_stopped`` arriving, on complete questions.

Korean speech from eSpeak NG is not recognised reliably here, so this is English only.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import websockets

from bench.server import live_server
from service.app import create_app
from service.engines import Engines
from service.settings import Settings
from voices.audio import Audio
from voices.lm.fake import FakeLanguageModel
from voices.tts.base import VoiceParams

RATE = 24_000
CHUNK_S = 0.1
COMPLETE = (
    "How do I renew my passport?",
    "What time does the library open on Saturday?",
    "Can you tell me how to apply for the basic pension?",
    "Is it safe to walk outside when it is very cold?",
    "What should I bring to my first doctor's appointment?",
    "How can I make the text on my phone bigger?",
)
HESITANT = (
    ("I need to renew my passport and", "my husband's passport too, where do we go?"),
    ("Can you tell me what", "the weather will be like this weekend?"),
    ("My doctor said I should take the", "new pills with food, is that right?"),
    ("I want to ask about, uh,", "the bus pass for older people."),
    ("How do I get to the", "community center from the subway?"),
    ("My daughter wants to know whether", "she can visit me in the hospital."),
)


@dataclass
class Result:
    mode: str
    patience_ms: int
    name: str
    stops: int
    wait_s: float | None


def _speech(engines: Engines, text: str) -> bytes:
    speech = engines.synthesizer.synthesize(text, VoiceParams(language="en"))
    audio = Audio.from_pcm16(speech.pcm16, speech.sample_rate)
    return audio.resample(RATE).to_pcm16()


def _frame(pcm: bytes) -> str:
    return json.dumps(
        {"type": "input_audio_buffer.append", "audio": base64.b64encode(pcm).decode()}
    )


async def _one(
    url: str, key: str, parts: Sequence[bytes], pause_s: float, detection: dict[str, object]
) -> tuple[int, float | None]:
    """Stream ``parts`` with ``pause_s`` of silence between them, then silence until the turn
    ends: (speech_stopped events seen, seconds from the end of speech to the last one)."""
    step = round(RATE * CHUNK_S) * 2
    silence = bytes(step)
    stops: list[float] = []
    end_of_speech: float | None = None
    async with websockets.connect(
        url, additional_headers={"Authorization": f"Bearer {key}"}, max_size=None
    ) as ws:
        await ws.recv()  # session.created
        update = {"type": "realtime", "audio": {"input": {"turn_detection": detection}}}
        await ws.send(json.dumps({"type": "session.update", "session": update}))

        async def receive() -> None:
            async for raw in ws:
                if json.loads(raw).get("type") == "input_audio_buffer.speech_stopped":
                    stops.append(time.perf_counter())

        receiver = asyncio.create_task(receive())
        for index, pcm in enumerate(parts):
            for offset in range(0, len(pcm), step):
                await ws.send(_frame(pcm[offset : offset + step]))
                await asyncio.sleep(CHUNK_S)
            if index < len(parts) - 1:
                for _ in range(round(pause_s / CHUNK_S)):
                    await ws.send(_frame(silence))
                    await asyncio.sleep(CHUNK_S)
        end_of_speech = time.perf_counter()
        give_up = time.monotonic() + 10
        while time.monotonic() < give_up and not (stops and stops[-1] >= end_of_speech):
            await ws.send(_frame(silence))
            await asyncio.sleep(CHUNK_S)
        receiver.cancel()
    last = stops[-1] - end_of_speech if stops and stops[-1] >= end_of_speech else None
    return len(stops), (round(last, 3) if last is not None else None)


async def run(
    url: str, key: str, engines: Engines, patiences: Sequence[int], pause_s: float
) -> list[Result]:
    complete = {f"c{i}": [_speech(engines, t)] for i, t in enumerate(COMPLETE)}
    hesitant = {
        f"h{i}": [_speech(engines, a), _speech(engines, b)] for i, (a, b) in enumerate(HESITANT)
    }
    results = []
    for patience in patiences:
        for name, parts in [*complete.items(), *hesitant.items()]:
            for mode in ("server_vad", "semantic_vad"):  # interleaved: the same load for both
                detection: dict[str, object] = {"type": mode, "silence_duration_ms": patience}
                if mode == "semantic_vad":
                    detection["eagerness"] = "auto"
                stops, wait = await _one(url, key, parts, pause_s, detection)
                results.append(Result(mode, patience, name, stops, wait))
                print(results[-1], flush=True)
    return results


def report(results: list[Result], pause_s: float) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "# Turn taking: server_vad vs semantic_vad (eagerness auto)",
        "",
        f"English, Piper voice, real Whisper base and Silero VAD, streamed in real time; hesitant "
        f"questions pause {pause_s:g} s mid-sentence. Load average now {load} (2 cores).",
        "",
        "| patience | mode | false cuts (hesitant) | wait after complete, median s | max s |",
        "|---|---|---|---|---|",
    ]
    for patience in sorted({r.patience_ms for r in results}):
        for mode in ("server_vad", "semantic_vad"):
            rows = [r for r in results if r.patience_ms == patience and r.mode == mode]
            cuts = sum(r.stops > 1 for r in rows if r.name.startswith("h"))
            hesitant = sum(r.name.startswith("h") for r in rows)
            waits = [r.wait_s for r in rows if r.name.startswith("c") and r.wait_s is not None]
            median = f"{statistics.median(waits):.2f}" if waits else "–"
            worst = f"{max(waits):.2f}" if waits else "–"
            lines.append(f"| {patience} ms | {mode} | {cuts}/{hesitant} | {median} | {worst} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patience", type=int, nargs="+", default=[500, 1500])
    parser.add_argument("--pause", type=float, default=1.2)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    key = "bench-turn-taking"
    settings = Settings()
    settings = settings.model_copy(
        update={"auth": settings.auth.model_copy(update={"api_keys": [key]})}
    )
    engines = Engines(settings, language_model=FakeLanguageModel(default="Fine."))
    with live_server(create_app(settings, engines=engines)) as live:
        results = asyncio.run(run(live.url, key, engines, args.patience, args.pause))
    text = report(results, args.pause)
    print(text)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
