"""``python -m bench.soak [--minutes 30] [--sessions 6] [--engines real|fake]``: a soak of the
realtime service (issue 16). A live server on loopback in this process; several WebSocket
clients at once hold spoken turns (PCM frames) and typed turns, some drop the connection
mid-answer, some never read. Before and after, with every session gone, this process's RSS is
measured; then no session slot may be left taken and a fresh client must be answered. Writes an
RSS plot, a JSON of the figures and a short Markdown summary under ``bench/results/soak/``.

The workload (:func:`soak`) is shared with ``tests/integration/test_soak.py``, its bounded
in-suite version.

``--bound-mb``: 150 MB, plus with the real engines the prompt cache's own cap
(``MODU_LM__PROMPT_CACHE_MIB``, 128 MiB): llama.cpp fills that cache with saved conversations by
design, and it never holds more. Before the service gave freed memory back
(``MODU_SERVER__RELEASE_MEMORY``, service/memory.py) the real engines grew +420–440 MB in 20–30
minutes, ~230 MB of it freed memory glibc kept (the ``malloc_trim(0)`` row;
bench/results/soak/heaptrack-2026-12-06.md)."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import psutil  # type: ignore[import-untyped]
import websockets
from websockets.asyncio.client import ClientConnection

RESULTS = Path(__file__).resolve().parent / "results" / "soak"
API_KEY = "soak-key"
BOUND_MB = 150.0
"""Growth allowed beyond sized caches that fill by design (the prompt cache)."""
CLOSE_TRY_AGAIN_LATER = 1013
QUESTIONS = ("Tell me about the seasons in Korea.", "한국의 사계절에 대해 알려 주세요.")
PCM_CHUNK_BYTES = 4800
"""100 ms of 24 kHz PCM16 per binary frame, as a microphone sends it."""
Behaviour = Literal["conversation", "drop", "never_read"]
BEHAVIOURS: tuple[Behaviour, ...] = ("conversation", "drop", "conversation", "never_read")


@dataclass(frozen=True)
class SoakPlan:
    """Every loop's bound, in count and in time."""

    url: str
    """The realtime WebSocket, e.g. ``ws://127.0.0.1:41234/v1/realtime?model=modu``."""
    speech_pcm: bytes
    """One spoken question, 24 kHz PCM16, ending in enough silence to end the turn."""
    warmup_s: float
    soak_s: float
    sessions: int = 6
    turns_per_conversation: int = 4
    """Alternately spoken and typed, on one connection."""
    turn_timeout_s: float = 60.0
    never_read_hold_s: float = 3.0
    max_connections_per_client: int = 10_000
    drain_timeout_s: float = 15.0
    patient_silence_ms: int = 2000
    """Real speech pauses for breath; a patient listener hears one question as one turn."""


@dataclass
class Tally:
    """What the clients did and met."""

    turns_completed: int = 0
    dropped_mid_answer: int = 0
    never_read: int = 0
    connections: int = 0
    cut_at_end: int = 0
    refused: int = 0
    """Connections refused at the session limit (close 1013)."""
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SoakResult:
    tally: Tally
    rss_settled_mb: float
    """This process's RSS after warm-up, with every session gone."""
    rss_after_mb: float
    """The same, after the soak."""
    rss_peak_mb: float
    sessions_left: int
    fresh_answer: str
    samples: list[tuple[float, float]]
    """(seconds since the start, RSS MB), every sampling interval."""
    phases: dict[str, float]
    """Phase name -> its start, in seconds since the start."""
    rss_settled_trimmed_mb: float | None = None
    rss_after_trimmed_mb: float | None = None
    """The same two figures once glibc's ``malloc_trim(0)`` returned the free pages it holds:
    the growth that remains is memory in use, the difference memory freed but kept."""

    @property
    def rss_growth_mb(self) -> float:
        return round(self.rss_after_mb - self.rss_settled_mb, 1)


class RssSeries:
    """This process's RSS every ``interval_s``, in a thread, as (seconds, MB)."""

    def __init__(self, interval_s: float = 0.5) -> None:
        self.interval_s = interval_s
        self.samples: list[tuple[float, float]] = []
        self.start = time.monotonic()
        self._process = psutil.Process()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss_mb(self) -> float:
        rss: int = self._process.memory_info().rss
        return round(rss / 2**20, 1)

    def elapsed(self) -> float:
        return round(time.monotonic() - self.start, 2)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.samples.append((self.elapsed(), self.rss_mb()))

    def __enter__(self) -> RssSeries:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def _connect(plan: SoakPlan, *, max_queue: int | None = 64) -> ClientConnection:
    return await websockets.connect(
        plan.url,
        additional_headers={"Authorization": f"Bearer {API_KEY}"},
        max_size=None,
        max_queue=max_queue,
        close_timeout=1,
        open_timeout=10,
    )


async def _until(ws: ClientConnection, wanted: str) -> dict[str, Any]:
    while True:
        event: dict[str, Any] = json.loads(await ws.recv())
        if event["type"] == wanted:
            return event


async def _ask_typed(ws: ClientConnection, question: str) -> None:
    item = {
        "type": "message",
        "role": "user",
        "content": [{"type": "input_text", "text": question}],
    }
    await ws.send(json.dumps({"type": "conversation.item.create", "item": item}))
    await ws.send(json.dumps({"type": "response.create"}))


async def _ask_spoken(ws: ClientConnection, pcm: bytes) -> None:
    for offset in range(0, len(pcm), PCM_CHUNK_BYTES):
        await ws.send(pcm[offset : offset + PCM_CHUNK_BYTES])


async def _open_session(plan: SoakPlan, *, max_queue: int | None = 64) -> ClientConnection:
    ws = await _connect(plan, max_queue=max_queue)
    await _until(ws, "session.created")
    vad = {"type": "server_vad", "silence_duration_ms": plan.patient_silence_ms}
    update = {"type": "realtime", "audio": {"input": {"turn_detection": vad}}}
    await ws.send(json.dumps({"type": "session.update", "session": update}))
    return ws


def _answer_text(done: dict[str, Any]) -> str:
    response = done["response"]
    if response.get("status") != "completed":
        raise RuntimeError(f"response {response.get('status')}: {response.get('status_details')}")
    parts = [
        c.get("transcript") or c.get("text") or "" for o in response["output"] for c in o["content"]
    ]
    return " ".join(parts).strip()


async def _conversation(plan: SoakPlan, index: int, tally: Tally) -> None:
    ws = await _open_session(plan)
    try:
        for turn in range(plan.turns_per_conversation):
            if turn % 2 == 0:
                await _ask_spoken(ws, plan.speech_pcm)
            else:
                await _ask_typed(ws, QUESTIONS[(index + turn) % len(QUESTIONS)])
            if not _answer_text(await _until(ws, "response.done")):
                raise RuntimeError("an empty answer")
            tally.turns_completed += 1
    finally:
        await ws.close()


async def _drop_mid_answer(plan: SoakPlan, index: int, tally: Tally) -> None:
    """Ask (spoken or typed, by turn), then vanish without a close frame at the first audio."""
    ws = await _open_session(plan)
    try:
        if index % 2 == 0:
            await _ask_spoken(ws, plan.speech_pcm)
        else:
            await _ask_typed(ws, QUESTIONS[index % len(QUESTIONS)])
        await _until(ws, "response.output_audio.delta")
        tally.dropped_mid_answer += 1
    finally:
        ws.transport.abort()


async def _never_read(plan: SoakPlan, index: int, tally: Tally) -> None:
    """Ask for answers and read nothing: the client's buffers fill and the server's queue
    holds the rest, until the client vanishes."""
    ws = await _open_session(plan, max_queue=1)
    try:
        await _ask_typed(ws, QUESTIONS[index % len(QUESTIONS)])
        await _ask_spoken(ws, plan.speech_pcm)
        await asyncio.sleep(plan.never_read_hold_s)
        tally.never_read += 1
    finally:
        ws.transport.abort()


RUNNERS: dict[Behaviour, Callable[[SoakPlan, int, Tally], Awaitable[None]]] = {
    "conversation": _conversation,
    "drop": _drop_mid_answer,
    "never_read": _never_read,
}


async def _client(plan: SoakPlan, client: int, seconds: float, tally: Tally) -> None:
    """One simulated person: connection after connection, each a behaviour in turn, until the
    time is up; every connection is bounded by the turn timeout."""
    deadline = time.monotonic() + seconds
    for connection in range(plan.max_connections_per_client):
        if time.monotonic() >= deadline:
            return
        behaviour = BEHAVIOURS[(client + connection) % len(BEHAVIOURS)]
        # At most one turn's time past the end, whatever the engines' speed: it stops by itself.
        left = deadline - time.monotonic() + plan.turn_timeout_s
        timeout = min(plan.turn_timeout_s * (plan.turns_per_conversation + 1), left)
        tally.connections += 1
        try:
            await asyncio.wait_for(RUNNERS[behaviour](plan, client + connection, tally), timeout)
        except TimeoutError:
            if time.monotonic() < deadline:
                tally.failures.append(f"{behaviour}: no answer in {timeout:.0f} s")
            else:  # the soak's time was up while slow engines still answered
                tally.cut_at_end += 1
        except websockets.ConnectionClosed as closed:
            if closed.rcvd is not None and closed.rcvd.code == CLOSE_TRY_AGAIN_LATER:
                # A vanished client's slot is freed once the server notices; a quick reconnect
                # can meet the limit meanwhile, and is told so: a refusal, not a failure.
                tally.refused += 1
            else:
                tally.failures.append(f"{behaviour}: {closed}"[:300])
        # The soak counts what went wrong instead of stopping at it; the test asserts none did.
        except (OSError, RuntimeError, websockets.WebSocketException) as error:
            tally.failures.append(f"{behaviour}: {type(error).__name__}: {str(error)[:200]}")


async def _load(plan: SoakPlan, seconds: float, tally: Tally) -> None:
    await asyncio.gather(*(_client(plan, i, seconds, tally) for i in range(plan.sessions)))


async def _drain(plan: SoakPlan, active_sessions: Callable[[], int]) -> int:
    """Wait (bounded) until the server has let every session go; the number still held."""
    # Polled: the session count lives in the server's state, which signals nothing.
    for _ in range(round(plan.drain_timeout_s / 0.1)):
        if not active_sessions():
            return 0
        await asyncio.sleep(0.1)
    return active_sessions()


def _trimmed_rss(series: RssSeries) -> float | None:
    """RSS once glibc has handed its free pages back (``None`` where there is no glibc)."""
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: nothing to trim
        return None
    libc.malloc_trim(0)
    time.sleep(0.5)
    return series.rss_mb()


def _quiet_rss(series: RssSeries) -> float:
    """RSS with nothing running: after a collection, the median of a few samples."""
    gc.collect()
    readings = []
    for _ in range(5):
        time.sleep(0.2)
        readings.append(series.rss_mb())
    return statistics.median(readings)


async def fresh_answer(plan: SoakPlan) -> str:
    """A new client's typed question, answered in full."""
    ws = await _open_session(plan)
    try:
        await _ask_typed(ws, QUESTIONS[0])
        done = await asyncio.wait_for(_until(ws, "response.done"), plan.turn_timeout_s)
        return _answer_text(done)
    finally:
        await ws.close()


async def soak(plan: SoakPlan, active_sessions: Callable[[], int]) -> SoakResult:
    """Warm up, measure, soak, measure, then check slots and a fresh client."""
    tally = Tally()
    phases: dict[str, float] = {}
    with RssSeries() as series:
        phases["warm-up"] = series.elapsed()
        await _load(plan, plan.warmup_s, Tally())
        await _drain(plan, active_sessions)
        settled = _quiet_rss(series)
        settled_trimmed = _trimmed_rss(series)
        phases["soak"] = series.elapsed()
        await _load(plan, plan.soak_s, tally)
        phases["after"] = series.elapsed()
        left = await _drain(plan, active_sessions)
        after = _quiet_rss(series)
        after_trimmed = _trimmed_rss(series)
        answer = await fresh_answer(plan)
        samples = list(series.samples)
    soak_samples = [mb for t, mb in samples if phases["soak"] <= t < phases["after"]]
    return SoakResult(
        tally=tally,
        rss_settled_mb=settled,
        rss_after_mb=after,
        rss_peak_mb=max(soak_samples, default=after),
        sessions_left=left,
        fresh_answer=answer,
        samples=samples,
        phases=phases,
        rss_settled_trimmed_mb=settled_trimmed,
        rss_after_trimmed_mb=after_trimmed,
    )


def tone_then_silence(speech_s: float = 1.0, silence_s: float = 2.5) -> bytes:
    """A loud tone the fake engines hear as speech, then silence that ends the turn."""
    t = np.arange(round(speech_s * 24_000)) / 24_000
    tone = (0.5 * 32767 * np.sin(2 * np.pi * 220 * t)).astype("<i2")
    return tone.tobytes() + np.zeros(round(silence_s * 24_000), dtype="<i2").tobytes()


LONG_FAKE_REPLY = " ".join(
    ["This is a long test answer, said slowly so that a client can leave it."] * 4
)


class _Forgetful(list[Any]):
    """A record that keeps nothing: the fakes remember every call for tests' assertions, which
    over a soak is a leak of the fakes' own (the recogniser keeps each utterance's audio)."""

    def append(self, _: Any) -> None:
        return None


def fake_engines(settings: Any) -> Any:
    """Fake engines with an answer long enough (~15 s of audio, ~1 s to generate) that a
    client can drop in the middle of it, and with their call records switched off."""
    from service.engines import Engines
    from voices.lm.fake import FakeLanguageModel
    from voices.stt.fake import FakeRecognizer
    from voices.tts.fake import FakeSynthesizer

    recognizer, voice = FakeRecognizer(), FakeSynthesizer()
    model = FakeLanguageModel(default=LONG_FAKE_REPLY, delay_s=0.02)
    recognizer.calls, recognizer.priors, voice.calls = _Forgetful(), _Forgetful(), _Forgetful()
    model.calls, model.prefills = _Forgetful(), _Forgetful()
    return Engines(settings, recognizer=recognizer, language_model=model, synthesizer=voice)


def _plot(result: SoakResult, bound_mb: float, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4))
    ax.plot([t / 60 for t, _ in result.samples], [mb for _, mb in result.samples], lw=1)
    for name, start in result.phases.items():
        ax.axvline(start / 60, color="grey", ls=":", lw=1)
        ax.annotate(name, (start / 60, 0.98), xycoords=("data", "axes fraction"), va="top")
    ax.axhline(result.rss_settled_mb, color="green", lw=1, label="settled after warm-up")
    ax.axhline(result.rss_settled_mb + bound_mb, color="red", ls="--", lw=1, label="bound")
    ax.set_xlabel("minutes")
    ax.set_ylabel("RSS of the server process (MB)")
    ax.set_title("modu soak: resident memory")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def growth_at_marks(result: SoakResult, every_s: float = 300.0) -> list[tuple[float, float]]:
    """(minutes into the soak, RSS growth over the settled figure) every ``every_s`` and at
    the soak's end: the median of the last 30 s of samples, taken under load (open sessions
    and answers in flight included), so it runs above the quiet end-of-soak figure."""
    start, end = result.phases["soak"], result.phases["after"]
    marks = [start + every_s * k for k in range(1, int((end - start) // every_s) + 1)]
    if not marks or end - marks[-1] > 30:
        marks.append(end)
    out = []
    for mark in marks:
        window = [mb for t, mb in result.samples if mark - 30 <= t <= mark]
        if window:
            growth = statistics.median(window) - result.rss_settled_mb
            out.append((round((mark - start) / 60, 1), round(growth, 1)))
    return out


def _markdown(result: SoakResult, info: dict[str, Any], bound_mb: float) -> str:
    tally = result.tally
    marks = " / ".join(f"{m:g} min {g:+.0f}" for m, g in growth_at_marks(result))
    verdict = "held" if result.rss_growth_mb <= bound_mb else "NOT held"
    lines = [
        f"# modu soak ({info['minutes']:g} min, {info['created']})",
        "",
        f"Machine: {info['cores']} usable cores, load average {info['load_start']} at start, "
        f"{info['load_end']} at end. Other engineers' long evaluations ran on the same cores: "
        "the times are noisy, the memory figures less so.",
        "",
        f"Engines: {info['engines']}. {info['sessions']} clients at once, loopback, each "
        "cycling through a conversation (spoken turns as PCM frames, typed turns), a drop "
        "mid-answer (at the first audio, no close frame) and a client that never reads.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| turns answered in full | {tally.turns_completed} |",
        f"| connections dropped mid-answer | {tally.dropped_mid_answer} |",
        f"| clients that never read | {tally.never_read} |",
        f"| connections | {tally.connections} |",
        f"| connections cut when the time was up | {tally.cut_at_end} |",
        f"| connections refused at the session limit (1013) | {tally.refused} |",
        f"| client failures | {len(tally.failures)} |",
        f"| RSS settled after warm-up (MB) | {result.rss_settled_mb} |",
        f"| RSS after the soak (MB) | {result.rss_after_mb} |",
        f"| growth, bound {bound_mb:g} MB | {result.rss_growth_mb} ({verdict}) |",
        f"| peak RSS during the soak (MB) | {result.rss_peak_mb} |",
        f"| the same after malloc_trim(0): settled, after (MB) | {result.rss_settled_trimmed_mb}, "
        f"{result.rss_after_trimmed_mb} |",
        f"| growth under load at each mark (MB, median of the last 30 s) | {marks} |",
        f"| voice activity detectors made (pool) | {info.get('detectors_made', '?')} |",
        f"| freed memory given back by the service (malloc_trim calls) "
        f"| {info.get('memory_trims', '?')} |",
        f"| sessions still held afterwards | {result.sessions_left} |",
        f"| a fresh client answered | {'yes' if result.fresh_answer else 'no'} |",
        "",
        "RSS is this one process (server and clients share it), measured with every session "
        "closed and after a garbage collection. ![RSS](" + info["plot"] + ")",
    ]
    if tally.failures:
        lines += ["", "Failures (first 10):", ""] + [f"- {f}" for f in tally.failures[:10]]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0, help="length of the soak proper")
    parser.add_argument("--warmup-minutes", type=float, default=1.0)
    parser.add_argument("--sessions", type=int, default=6, help="clients at once (< max_sessions)")
    parser.add_argument("--engines", choices=("real", "fake"), default="real")
    parser.add_argument(
        "--bound-mb",
        type=float,
        default=None,
        help="allowed RSS growth (default 150 MB, plus the prompt cache's cap with real engines)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--name", default=None, help="file name (default: soak-<minutes>min)")
    args = parser.parse_args(argv)
    # Idle OpenMP threads sleep, so engines sharing few cores do not starve each other.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

    from bench.machine import load_average
    from bench.runner import bench_settings
    from bench.server import live_server
    from scripts.fetch_test_audio import fetch_test_audio
    from service.app import create_app
    from service.settings import Settings
    from voices.audio import decode_audio

    settings = bench_settings(Settings()).model_copy(deep=True)
    settings.auth.api_keys = [API_KEY]
    if args.bound_mb is None:
        cache_mb = settings.lm.prompt_cache_mib * 1.048576 if args.engines == "real" else 0.0
        args.bound_mb = round(BOUND_MB + cache_mb, 1)
    if args.engines == "fake":
        for group in (settings.stt, settings.vad, settings.lm, settings.tts):
            group.engine = "fake"
        app, speech = create_app(settings, engines=fake_engines(settings)), tone_then_silence()
    else:
        jfk = decode_audio(fetch_test_audio()["jfk.wav"], sample_rate=24_000).to_pcm16()
        app, speech = create_app(settings), jfk + bytes(2 * 24_000 * 3)
    info: dict[str, Any] = {
        "minutes": args.minutes,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cores": len(os.sched_getaffinity(0)),
        "load_start": load_average(),
        "sessions": args.sessions,
        "engines": ", ".join(
            f"{k} {g.engine}"
            for k, g in (
                ("stt", settings.stt),
                ("vad", settings.vad),
                ("lm", settings.lm),
                ("tts", settings.tts),
            )
        ),
    }
    with live_server(app) as live:
        asyncio.run(live.engines.warm_up())
        plan = SoakPlan(
            url=live.url,
            speech_pcm=speech,
            warmup_s=args.warmup_minutes * 60,
            soak_s=args.minutes * 60,
            sessions=args.sessions,
            turn_timeout_s=120.0 if args.engines == "real" else 30.0,
        )
        result = asyncio.run(soak(plan, lambda: len(app.state.realtime_sessions.sockets)))
        info["detectors_made"] = live.engines.vad_pool.created
        info["memory_trims"] = app.state.memory.trims
    info["load_end"] = load_average()
    name = args.name or f"soak-{args.minutes:g}min"
    args.out.mkdir(parents=True, exist_ok=True)
    info["plot"] = f"{name}.png"
    _plot(result, args.bound_mb, args.out / f"{name}.png")
    info["growth_at_marks"] = growth_at_marks(result)
    (args.out / f"{name}.json").write_text(
        json.dumps({"info": info, "bound_mb": args.bound_mb, **asdict(result)}, indent=1) + "\n",
        encoding="utf-8",
    )
    summary = _markdown(result, info, args.bound_mb)
    (args.out / f"{name}.md").write_text(summary, encoding="utf-8")
    print(summary)
    return 0 if result.rss_growth_mb <= args.bound_mb and not result.sessions_left else 1


if __name__ == "__main__":
    raise SystemExit(main())
