"""The reference deployment (deploy/) run for real on this machine, every part a real process:
Debian's PostgreSQL 15 (profiles), llama.cpp's OpenAI-compatible server on the bundled GGUF
(``python -m deploy.model_server``), one ``modu serve`` as speech worker (Whisper base, Piper
and eSpeak NG), two ``modu serve`` replicas (remote model, remote speech, their embedded engines
as fallbacks, profiles in PostgreSQL) and Debian's nginx with deploy/nginx.conf (pointed at
loopback, see tests/helpers/nginx_server.py). The client talks to nginx only.

It shows, in order: a spoken conversation; a profile saved through one replica used by a session
on the other; that replica killed mid-answer, the client reconnecting through nginx to the
other and going on with its profile; the model server stopped, answers falling back and saying
so; the model server back and used again. The times it measures are printed (``-s``) and kept
as test properties; docs/deployment.md quotes them.

Select it alone with ``pytest -m deployment``.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AsyncExitStack, ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import httpx
import pytest

from tests.helpers.live_processes import (
    Process,
    child_environment,
    free_port,
    spawned,
    wait_until_answering,
)
from tests.helpers.live_realtime import LiveSession, Turn, connect
from tests.helpers.nginx_server import UPSTREAM_HEADER, nginx_binary, running_nginx
from tests.helpers.postgres_server import PostgresServer

pytestmark = [pytest.mark.deployment, pytest.mark.slow]

REPO: Final = Path(__file__).resolve().parents[2]
MODU: Final = Path(sys.executable).with_name("modu")
API_KEY: Final = "live-replica-key"
SPEECH_KEY: Final = "live-speech-key"
MODEL: Final = "qwen2.5-coder-1.5b-instruct"

STARTUP_TIMEOUT_S: Final = 300.0
"""Three modu processes and the model loading at once on 2 shared cores: about a minute."""
LM_RECHECK_S: Final = 2.0
"""How long a replica answers with its embedded model before trying the server again (30 s
by default; short here so the test sees the server used again soon after it is back)."""
MAX_TOKENS: Final = 32
"""Short answers: the test is about where they come from, not what they say."""

QUESTIONS: Final = {
    "first": "Why is the sky blue?",
    "interrupted": "Tell me about the moon.",
    "after_kill": "How do birds fly?",
    "fallback": "What is a rainbow?",
    "back": "Why is the sea salty?",
}
HEARD: Final = {
    "first": "sky",
    "interrupted": "moon",
    "after_kill": "bird",
    "fallback": "rainbow",
    "back": "salt",
}
"""A word recognition must get right in each question (real Whisper on Piper's voice, which
varies from run to run: words Whisper confuses, such as "leaves" heard as "leave", are avoided)."""


class ModelServer:
    """The llama.cpp server through deploy/model_server.py, which the test stops and restarts
    at the same address."""

    def __init__(self, model_dir: Path, logs: Path) -> None:
        self.port = free_port()
        self.model_dir = model_dir
        self.logs = logs
        self.url = f"http://127.0.0.1:{self.port}"
        self._stack: ExitStack | None = None
        self.process: Process | None = None
        self.starts = 0

    def start(self) -> float:
        """Start it; the seconds until it answers ``/health``."""
        self.starts += 1
        argv = [
            sys.executable, "-m", "deploy.model_server", "--model", MODEL,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--threads", "2", "--ctx-size", "4096", "--parallel", "2",
        ]  # fmt: skip
        env = child_environment({"MODU_MODEL_DIR": str(self.model_dir)})
        self._stack = ExitStack()
        self.process = self._stack.enter_context(
            spawned(f"model-server-{self.starts}", argv, env=env, logs=self.logs, cwd=REPO)
        )
        return wait_until_answering(self.process, f"{self.url}/health", timeout_s=120)

    def stop(self) -> None:
        if self._stack is not None:
            self._stack.close()
            self._stack = None

    def metric(self, name: str) -> float:
        """One of llama.cpp's Prometheus ``/metrics``, e.g. ``tokens_predicted_total``."""
        for line in httpx.get(f"{self.url}/metrics", timeout=5).text.splitlines():
            if line.startswith(f"llamacpp:{name} "):
                return float(line.split()[1])
        raise AssertionError(f"llama.cpp's /metrics has no {name}")

    def tokens_predicted(self) -> float:
        """How many tokens the server has generated since it started."""
        return self.metric("tokens_predicted_total")


@dataclass
class Deployment:
    url: str
    """nginx: the only address the client uses."""
    replicas: dict[str, Process]
    """By the address nginx names them with (``127.0.0.1:PORT``)."""
    model: ModelServer
    logs: Path
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://")

    def logs_of_all(self) -> str:
        processes = [*self.replicas.values(), *([self.model.process] if self.model.process else [])]
        return "\n".join(p.log_tail() for p in processes)


def _replica_ready(response: httpx.Response) -> bool:
    """Answering, and the warm-up has built every remote stage with its embedded fallback
    loaded (so the first fallback does not wait for weights)."""
    if response.status_code != 200:
        return False
    stages = {s["stage"]: s for s in response.json().get("remote", [])}
    return set(stages) == {"stt", "lm", "tts"} and all(
        s["fallback_loaded"] for s in stages.values()
    )


def _worker_ready(response: httpx.Response) -> bool:
    """Answering, and the warm-up is past recognition and voices (it builds the model's remote
    stage next)."""
    if response.status_code != 200:
        return False
    return any(s["stage"] == "lm" for s in response.json().get("remote", []))


def _migrate(database: str, logs: Path) -> None:
    """As compose's ``migrate`` service: the schema brought to head once, before any replica."""
    env = child_environment({"MODU_PROFILES__DATABASE_URL": database})
    done = subprocess.run(
        [sys.executable, "-m", "accessibility.profiles.migrate"],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    (logs / "migrate.log").write_text(done.stdout + done.stderr)
    assert done.returncode == 0, done.stdout + done.stderr


def _modu_env(port: int, home: Path, model_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    return child_environment(
        {
            "MODU_SERVER__HOST": "127.0.0.1",
            "MODU_SERVER__PORT": str(port),
            "MODU_MODEL_DIR": str(model_dir),
            # Keys, profiles of its own and signing keys in the test's folder, not the user's.
            "XDG_DATA_HOME": str(home),
            "MODU_AUTH__LOCAL_PAGE_WITHOUT_KEY": "false",
            "MODU_LM__MAX_TOKENS": str(MAX_TOKENS),
            **extra,
        }
    )


def _replica_env(
    port: int, home: Path, model_dir: Path, database: str, model_url: str, worker_url: str
) -> dict[str, str]:
    """A replica as deploy/compose.yaml sets one up, with speech on the worker."""
    speech = {"REMOTE_URL": f"{worker_url}/v1", "REMOTE_API_KEY": SPEECH_KEY}
    return _modu_env(
        port,
        home,
        model_dir,
        {
            "MODU_AUTH__API_KEYS": f'["{API_KEY}"]',
            "MODU_PROFILES__DATABASE_URL": database,
            "MODU_PROFILES__MIGRATE_ON_STARTUP": "false",
            "MODU_LM__ENGINE": "remote",
            "MODU_LM__REMOTE_URL": f"{model_url}/v1",
            "MODU_LM__REMOTE_MODEL": MODEL,
            "MODU_LM__REMOTE_RECHECK_S": str(LM_RECHECK_S),
            "MODU_STT__ENGINE": "remote",
            "MODU_TTS__ENGINE": "remote",
            **{f"MODU_STT__{k}": v for k, v in speech.items()},
            **{f"MODU_TTS__{k}": v for k, v in speech.items()},
        },
    )


def _worker_env(port: int, home: Path, model_dir: Path, model_url: str) -> dict[str, str]:
    """The speech worker of compose's ``speech`` service: its model is the model server's."""
    return _modu_env(
        port,
        home,
        model_dir,
        {
            "MODU_AUTH__API_KEYS": f'["{SPEECH_KEY}"]',
            "MODU_LM__ENGINE": "remote",
            "MODU_LM__REMOTE_URL": f"{model_url}/v1",
            "MODU_LM__REMOTE_FALLBACK": "false",
        },
    )


@pytest.fixture(scope="module")
def deployment(
    model_dir: Path, postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    nginx = nginx_binary()
    if nginx is None:
        pytest.skip("nginx is not installed (scripts/setup installs Debian's nginx)")
    logs = tmp_path_factory.mktemp("deployment")
    database = postgres_server.create_database("modu_live")
    with ExitStack() as stack:  # stopped in reverse: nginx, replicas, worker, model, database
        stack.callback(postgres_server.drop_database, database)
        _migrate(database, logs)
        model = ModelServer(model_dir, logs)
        stack.callback(model.stop)
        worker_port, ports = free_port(), [free_port(), free_port()]
        worker_url = f"http://127.0.0.1:{worker_port}"
        worker_env = _worker_env(worker_port, logs / "worker-home", model_dir, model.url)
        worker = stack.enter_context(
            spawned("speech-worker", [str(MODU), "serve"], env=worker_env, logs=logs)
        )
        model.start()  # loads while the worker starts
        # The replicas warm their voices up through the worker: it must be there first, or
        # they start out falling back (as compose's replicas would, started before it).
        wait_until_answering(
            worker, f"{worker_url}/health", timeout_s=STARTUP_TIMEOUT_S, ready=_worker_ready
        )
        replicas: dict[str, Process] = {}
        for number, port in enumerate(ports, start=1):
            env = _replica_env(
                port, logs / f"replica-{number}-home", model_dir, database, model.url, worker_url
            )
            replicas[f"127.0.0.1:{port}"] = stack.enter_context(
                spawned(f"replica-{number}", [str(MODU), "serve"], env=env, logs=logs)
            )
        for address, replica in replicas.items():
            wait_until_answering(
                replica, f"http://{address}/health", timeout_s=STARTUP_TIMEOUT_S,
                ready=_replica_ready,
            )  # fmt: skip
        nginx_port = free_port()
        proxy = stack.enter_context(
            running_nginx(nginx, listen_port=nginx_port, replica_ports=ports, folder=logs / "nginx")
        )
        url = f"http://127.0.0.1:{nginx_port}"
        wait_until_answering(proxy, f"{url}/health", timeout_s=30)
        yield Deployment(url=url, replicas=replicas, model=model, logs=logs)


def _client(deployment: Deployment) -> httpx.Client:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    return httpx.Client(base_url=deployment.url, headers=headers, timeout=60)


def _replica_of(response: httpx.Response) -> str:
    return response.headers[UPSTREAM_HEADER].split(",")[-1].strip()


def _question_audio(client: httpx.Client, text: str) -> bytes:
    """The question spoken (24 kHz pcm16) by modu's English voice, through nginx: a replica
    asks the worker's Piper for it."""
    body = {"model": "tts-1", "input": text, "voice": "alloy", "response_format": "pcm"}
    spoken = client.post("/v1/audio/speech", json=body)
    assert spoken.status_code == 200, spoken.text
    assert "x-modu-note" not in spoken.headers, spoken.headers["x-modu-note"]
    return spoken.content


def _health(client: httpx.Client) -> tuple[str, dict[str, dict[str, Any]]]:
    body = client.get("/health").json()
    return body["status"], {stage["stage"]: stage for stage in body["remote"]}


def _assert_answered(turn: Turn, heard: str) -> None:
    assert not turn.errors, turn.errors
    assert turn.transcript is not None and heard in turn.transcript.lower(), turn.transcript
    assert turn.transcript_note is None, "the worker recognised it"
    assert turn.status == "completed", turn
    assert turn.answer and turn.audio_seconds > 0.5, turn


def _fell_back(turn: Turn) -> list[str]:
    return [note for note in turn.notes if "answered with the embedded model" in note]


async def _on_other_replica(
    deployment: Deployment, avoid: str, stack: AsyncExitStack
) -> LiveSession:
    """Sessions through nginx until one lands on a replica other than ``avoid`` (nginx spreads
    connections round robin, per worker process); the others are closed."""
    for _ in range(8):
        session = await stack.enter_async_context(connect(deployment.ws_url, API_KEY))
        if session.replica != avoid:
            return session
        await session.ws.close()
    raise AssertionError(f"eight sessions through nginx all landed on {avoid}")


def test_the_deployment_converses_survives_a_dead_replica_and_the_model_server_going(
    deployment: Deployment, record_property: Callable[[str, object], None]
) -> None:
    with _client(deployment) as client:
        questions = {key: _question_audio(client, text) for key, text in QUESTIONS.items()}
        created = client.post(
            "/v1/profiles",
            json={"name": "Live listener", "preferred_languages": ["en"], "speech_rate": 1.2,
                  "turn_patience_ms": 700, "ai_disclosure": "never"},
        )  # fmt: skip
        assert created.status_code == 201, created.text
        profile_id, saved_on = created.json()["id"], _replica_of(created)
        assert saved_on in deployment.replicas
        try:
            timings = asyncio.run(
                _conversation(deployment, client, questions, profile_id, saved_on)
            )
        except (AssertionError, TimeoutError) as failure:  # the servers' logs say why
            raise AssertionError(f"{failure}\n{deployment.logs_of_all()}") from failure
    timings["load_average_1min"] = os.getloadavg()[0]
    for name, value in timings.items():
        record_property(name, round(value, 2))
    print("\ndeployment timings (s): " + ", ".join(f"{k} {v:.2f}" for k, v in timings.items()))


async def _conversation(
    deployment: Deployment,
    client: httpx.Client,
    questions: dict[str, bytes],
    profile_id: str,
    saved_on: str,
) -> dict[str, float]:
    timings: dict[str, float] = {}
    model = deployment.model
    async with AsyncExitStack() as stack:
        # (a, b) A session on the replica that did not save the profile uses it: it is in
        # PostgreSQL, not in that replica. A spoken turn: the worker hears and speaks, the
        # model server answers (its token count moves).
        session = await _on_other_replica(deployment, saved_on, stack)
        in_force = await session.use_profile(profile_id)
        assert in_force["modu"]["profile_id"] == profile_id
        assert in_force["modu"]["profile"]["name"] == "Live listener"
        assert in_force["modu"]["voice"]["rate"] == pytest.approx(1.2)
        assert in_force["modu"]["turn_patience_ms"] == 700
        before = model.tokens_predicted()
        first = await session.spoken_turn(questions["first"])
        _assert_answered(first, HEARD["first"])
        assert not _fell_back(first), first.notes
        assert model.tokens_predicted() > before, "the model server wrote the answer"
        timings["answer_audio_after_speech_first_turn"] = first.first_audio_after_s

        # (c) The replica holding the conversation dies (SIGKILL) while it speaks its answer.
        doomed = deployment.replicas[session.replica]
        killed_at = 0.0

        async def kill_replica() -> None:
            nonlocal killed_at
            doomed.kill()
            killed_at = time.monotonic()

        await session.spoken_turn(questions["interrupted"], on_first_audio=kill_replica)
        assert killed_at, "killed as the answer began"
        # nginx ends the client's side of the tunnel when the replica's side breaks.
        await asyncio.wait_for(session.ws.wait_closed(), 10)
        assert not doomed.alive()
        # The client reconnects through nginx: it lands on the living replica (nginx may first
        # try the dead one and pass on: proxy_next_upstream error) with the same profile.
        again = await stack.enter_async_context(connect(deployment.ws_url, API_KEY))
        assert again.replica == saved_on != session.replica, again.tried
        in_force = await again.use_profile(profile_id)
        timings["reconnect_with_profile"] = time.monotonic() - killed_at
        assert in_force["modu"]["profile"]["name"] == "Live listener"
        assert in_force["modu"]["voice"]["rate"] == pytest.approx(1.2)
        goes_on = await again.spoken_turn(questions["after_kill"])
        _assert_answered(goes_on, HEARD["after_kill"])
        timings["answer_audio_after_speech_other_replica"] = goes_on.first_audio_after_s
        assert goes_on.first_audio_at is not None
        timings["kill_to_next_answer_audio"] = goes_on.first_audio_at - killed_at

        # (d) The model server stops: the living replica answers with its embedded model and
        # says so in the answer and in /health.
        model.stop()
        stopped_at = time.monotonic()
        fallback = await again.spoken_turn(questions["fallback"])
        _assert_answered(fallback, HEARD["fallback"])
        notes = _fell_back(fallback)
        assert notes and f"{model.url}/v1/chat/completions" in notes[0], fallback.notes
        timings["answer_audio_after_speech_fallback"] = fallback.first_audio_after_s
        assert fallback.first_audio_at is not None
        timings["model_stop_to_fallback_answer_audio"] = fallback.first_audio_at - stopped_at
        status, stages = _health(client)
        assert status == "degraded" and stages["lm"]["falling_back"], stages
        assert stages["lm"]["fallback_loaded"] and stages["lm"]["last_error"]
        assert not stages["stt"]["falling_back"] and not stages["tts"]["falling_back"]

        # (e) The model server is back at the same address: once the recheck time has passed,
        # the next answer is the server's again, and /health is ok.
        restarted_at = time.monotonic()
        timings["model_server_restart_to_ready"] = model.start()
        await asyncio.sleep(max(0.0, LM_RECHECK_S - (time.monotonic() - stopped_at)))
        before = model.tokens_predicted()
        back = await again.spoken_turn(questions["back"])
        _assert_answered(back, HEARD["back"])
        assert not _fell_back(back), back.notes
        assert model.tokens_predicted() > before, "the model server wrote the answer"
        timings["answer_audio_after_speech_server_back"] = back.first_audio_after_s
        assert back.transcript_at is not None and back.first_audio_at is not None
        timings["back_transcript_after_speech"] = back.transcript_at - back.sent_at
        # The restarted server has no prompt cache: it reads the whole conversation again.
        timings["back_prompt_tokens_read"] = model.metric("prompt_tokens_total")
        assert back.first_audio_at is not None
        timings["model_restart_to_remote_answer_audio"] = back.first_audio_at - restarted_at
        status, stages = _health(client)
        assert status == "ok" and not stages["lm"]["falling_back"], stages
    return timings
