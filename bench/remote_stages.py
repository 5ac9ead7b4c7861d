"""What remote speech stages cost and how fast they fall back, on the real engines.

Two modu servers in this process, each on its own loopback port: a **worker** on the bundled
speech engines (Whisper base, Piper, eSpeak NG), and a **replica** whose recognition and voices
are remote (``MODU_STT__ENGINE=remote``, ``MODU_TTS__ENGINE=remote``) with its own embedded
engines as fallback. Measured, rounds interleaved so that a busy machine slows each alike:

1. ``/v1/audio/speech`` on the worker, a four-sentence answer: ``pcm`` streamed (time to the
   first body byte and to the whole body) against ``mp3``, one whole file;
2. the same through the replica (its voice remote: one worker request per sentence);
3. a transcription (JFK, 11 s) on the replica: worker up; worker stopped (the first request,
   which finds it down, and the next ones, which skip it); worker back (first request after the
   recheck time).

Usage: ``python -m bench.remote_stages [--rounds 5] [--out bench/results/remote-stages.md]``.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import uvicorn

from scripts.fetch_test_audio import fetch_test_audio
from service.app import create_app
from service.settings import Settings

API_KEY = "bench-key"
ANSWER = (
    "The bus to the city hall leaves at nine in the morning. "
    "오늘 서울은 맑고 따뜻하며 오후에는 바람이 조금 불겠습니다. "
    "Take the green line and get off at the third stop. 좋은 하루 보내세요."
)
"""English first: the text's language is English, and each Korean sentence is found by its
script (Piper speaks the English ones, eSpeak NG the Korean ones)."""
RECHECK_S = 3.0


def settings_for(keys: Path, **groups: dict[str, object]) -> Settings:
    return Settings.model_validate(
        {
            "auth": {"api_keys": [API_KEY]},
            "lm": {"engine": "fake"},
            "server": {"preload": False},
            "profiles": {"sqlite_path": keys / "profiles.db"},
            "provenance": {
                "signing_key_path": keys / "signing-key.pem",
                "signing_cert_path": keys / "signing-chain.pem",
            },
            **groups,
        }
    )


@contextmanager
def serve(settings: Settings, port: int = 0) -> Iterator[str]:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="error", ws="none"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server did not start; see its log above")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join()
        sock.close()


def speech_times(client: httpx.Client, speech_format: str) -> tuple[float, float]:
    """Seconds to the first body byte and to the whole body."""
    body = {"model": "tts-1", "input": ANSWER, "response_format": speech_format}
    started = time.perf_counter()
    first = None
    with client.stream("POST", "/v1/audio/speech", json=body) as response:
        response.raise_for_status()
        for chunk in response.iter_raw():
            if chunk and first is None:
                first = time.perf_counter() - started
    return first or 0.0, time.perf_counter() - started


def transcribe_s(client: httpx.Client, wav: bytes) -> tuple[float, bool]:
    """Seconds for one transcription, and whether a fallback answered it."""
    started = time.perf_counter()
    response = client.post(
        "/v1/audio/transcriptions",
        files={"file": ("jfk.wav", wav, "audio/wav")},
        data={"model": "whisper-1"},
    )
    response.raise_for_status()
    return time.perf_counter() - started, response.json()["modu"]["note"] is not None


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}"


def run(rounds: int) -> list[str]:
    wav = fetch_test_audio()["jfk.wav"].read_bytes()
    keys = Path(tempfile.mkdtemp(prefix="modu-bench-keys-"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    remote = {
        "engine": "remote",
        "remote_url": f"http://127.0.0.1:{port}/v1",
        "remote_api_key": API_KEY,
        "remote_recheck_s": RECHECK_S,
        "remote_fallback": True,
        "remote_timeout_s": 120.0,
    }
    worker = settings_for(keys)
    # Preloaded, as a service is: the replica's embedded fallbacks are loaded at start-up.
    replica = settings_for(keys, stt=remote, tts=remote, server={"preload": True})
    lines: list[str] = []
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with ExitStack() as everything:
        worker_up = everything.enter_context(ExitStack())
        worker_url = worker_up.enter_context(serve(worker, port))
        direct = worker_up.enter_context(
            httpx.Client(base_url=worker_url, headers=headers, timeout=600)
        )
        replica_url = everything.enter_context(serve(replica))
        via = everything.enter_context(
            httpx.Client(base_url=replica_url, headers=headers, timeout=600)
        )
        for client in (direct, via):  # load every model once, untimed
            speech_times(client, "pcm")
            transcribe_s(client, wav)
        runs: dict[str, list[float]] = {}
        for _ in range(rounds):
            for name, client, speech_format in (
                ("worker pcm", direct, "pcm"),
                ("worker mp3", direct, "mp3"),
                ("replica pcm", via, "pcm"),
            ):
                first, whole = speech_times(client, speech_format)
                runs.setdefault(f"{name} first", []).append(first)
                runs.setdefault(f"{name} whole", []).append(whole)
            runs.setdefault("stt remote", []).append(transcribe_s(via, wav)[0])
        worker_up.close()  # the worker stops
        lines.append(f"4-sentence answer ({len(ANSWER)} chars), {rounds} rounds, median seconds:")
        lines.append("")
        lines.append("| request | first byte | whole body |")
        lines.append("| --- | --- | --- |")
        for name in ("worker pcm", "worker mp3", "replica pcm"):
            firsts, wholes = runs[f"{name} first"], runs[f"{name} whole"]
            lines.append(f"| {name} | {median(firsts)} | {median(wholes)} |")
        lines.append("")
        down_first, fell = transcribe_s(via, wav)
        assert fell, "the worker is stopped: the embedded recogniser should have answered"
        down_rest = [transcribe_s(via, wav)[0] for _ in range(rounds)]
        time.sleep(RECHECK_S)  # the voice finds the worker down on its first sentence
        voice_down = speech_times(via, "pcm")
        with (
            serve(worker, port) as worker_url,
            httpx.Client(base_url=worker_url, headers=headers, timeout=600) as direct,
        ):
            transcribe_s(direct, wav)  # the new worker loads Whisper, untimed
            time.sleep(RECHECK_S)
            back, fell_back = transcribe_s(via, wav)
        lines.append("JFK transcription (11 s) on the replica, seconds:")
        lines.append("")
        lines.append(f"- worker up (remote): median {median(runs['stt remote'])}")
        lines.append(
            f"- worker stopped, first request (finds it down, falls back): {down_first:.2f}"
        )
        lines.append(
            f"- worker stopped, next requests (remote skipped): median {median(down_rest)}"
        )
        lines.append(
            f"- worker back, first request after the recheck: {back:.2f}"
            f" ({'fallback' if fell_back else 'remote'})"
        )
        switch = down_first - statistics.median(down_rest)
        lines.append(f"- finding the worker down costs the first request: {switch:.2f}")
        lines.append("")
        lines.append(
            f"The answer through the replica with the worker stopped (embedded voices): first "
            f"byte {voice_down[0]:.2f}, whole body {voice_down[1]:.2f}."
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    lines = run(args.rounds)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
