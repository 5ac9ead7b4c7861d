"""The official Node ``openai`` SDK's ``OpenAIRealtimeWS`` (always ``wss://``; its beta client
and its GA one) against ``modu serve --tls-cert --tls-key``: a typed and a spoken turn
(recorded speech), the certificate verified against the development CA. Without that CA the
SDK refuses the server, and plain ``ws://`` or ``http://`` to the same port get nothing: TLS is
what carried the turns.

The fast test runs ``modu serve`` on fake engines; the slow one on the real bundled models.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from websockets.exceptions import InvalidMessage
from websockets.sync.client import connect

from scripts.fetch_test_audio import fetch_test_audio
from service.tls.certificates import DevTls
from tests.browser.readme_server import ReadmeServer, serve_as_readme_says
from tests.helpers.dev_tls import make_test_tls, tls_arguments
from tests.helpers.node_sdk import require_node_packages, run_realtime_wss
from voices.audio import decode_audio
from voices.lm.fake import DEFAULT_REPLY_EN

API_KEY = "node-sdk-key"
TRUST_FAILURES = {
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
}
REAL_ENGINES = {
    "MODU_STT__ENGINE": "faster-whisper",
    "MODU_VAD__ENGINE": "silero",
    "MODU_LM__ENGINE": "llamacpp",
    "MODU_TTS__ENGINE": "auto",
    "MODU_LM__MAX_TOKENS": "60",
}


@pytest.fixture(scope="module")
def dev_tls(tmp_path_factory: pytest.TempPathFactory) -> DevTls:
    require_node_packages()  # before a server starts: say at once what setup step is missing
    return make_test_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def jfk_pcm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """JFK's 11 s of real speech as 24 kHz PCM16, with 1 s of silence after it."""
    audio = decode_audio(fetch_test_audio()["jfk.wav"], sample_rate=24_000)
    path = tmp_path_factory.mktemp("audio") / "jfk-24k.pcm"
    path.write_bytes(audio.to_pcm16() + np.zeros(24_000, dtype="<i2").tobytes())
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, dev_tls: DevTls) -> Iterator[ReadmeServer]:
    with serve_as_readme_says(
        tmp_path_factory.mktemp("serve"),
        {"MODU_AUTH__API_KEYS": json.dumps([API_KEY])},
        tls_arguments(dev_tls),
        dev_tls.files.ca_cert,
    ) as running:
        yield running


@pytest.mark.parametrize("dialect", ["beta", "ga"])
def test_a_typed_and_a_spoken_turn_over_wss(
    server: ReadmeServer, dev_tls: DevTls, jfk_pcm: Path, dialect: str
) -> None:
    run = run_realtime_wss(f"{server.url}/v1", API_KEY, jfk_pcm, dev_tls.files.ca_cert, dialect)
    report = run.report
    assert run.returncode == 0, (report, run.stderr)
    assert report["dialect"] == dialect
    assert report["url"] == f"wss://127.0.0.1:{server.port}/v1/realtime?model=modu"
    tls = report["tls"]
    assert tls["encrypted"] and tls["authorized"], tls
    assert tls["protocol"] in ("TLSv1.2", "TLSv1.3")
    assert tls["peer_issuer"] == "modu development CA (modu-test)"
    typed, spoken = report["turns"]["typed"], report["turns"]["spoken"]
    for answered in (typed, spoken):
        assert answered["status"] == "completed", answered
        assert answered["answer"].endswith(DEFAULT_REPLY_EN)
        assert answered["audio_deltas"] > 0
        assert answered["label"]["ai_generated"] is True
    assert spoken["heard"] == "hello"  # the fake recogniser's word for loud audio
    assert "input_audio_buffer.committed" in spoken["types"]


def test_without_the_development_ca_the_sdk_refuses_the_server(
    server: ReadmeServer, jfk_pcm: Path
) -> None:
    run = run_realtime_wss(f"{server.url}/v1", API_KEY, jfk_pcm, None)
    assert run.returncode == 1
    assert run.report["error"]["cause"] in TRUST_FAILURES, run.report
    assert run.report["turns"] == {}


def test_plain_ws_and_http_to_the_tls_port_get_nothing(server: ReadmeServer) -> None:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with pytest.raises((InvalidMessage, EOFError, ConnectionError)):
        connect(f"ws://127.0.0.1:{server.port}/v1/realtime", additional_headers=headers)
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{server.port}/health", timeout=10)


def test_python_clients_verify_the_same_certificate(server: ReadmeServer, dev_tls: DevTls) -> None:
    context = ssl.create_default_context(cafile=dev_tls.files.ca_cert)
    url = f"wss://127.0.0.1:{server.port}/v1/realtime"
    with connect(url, ssl=context, additional_headers={"Authorization": f"Bearer {API_KEY}"}) as ws:
        assert json.loads(ws.recv())["type"] == "session.created"
        assert ws.socket.version() in ("TLSv1.2", "TLSv1.3")  # type: ignore[attr-defined]
    with pytest.raises(ssl.SSLCertVerificationError):
        connect(url, ssl=ssl.create_default_context())  # the system roots alone


@pytest.mark.slow
def test_real_models_answer_a_typed_and_a_spoken_turn_over_wss(
    tmp_path: Path, dev_tls: DevTls, jfk_pcm: Path, model_dir: Path
) -> None:
    environment = {
        **REAL_ENGINES,
        "MODU_MODEL_DIR": str(model_dir),
        "MODU_AUTH__API_KEYS": json.dumps([API_KEY]),
    }
    with serve_as_readme_says(
        tmp_path, environment, tls_arguments(dev_tls), dev_tls.files.ca_cert
    ) as real:
        run = run_realtime_wss(f"{real.url}/v1", API_KEY, jfk_pcm, dev_tls.files.ca_cert)
    report = run.report
    assert run.returncode == 0, (report, run.stderr)
    assert report["tls"]["authorized"] is True
    spoken = report["turns"]["spoken"]
    assert "your country" in spoken["heard"].lower(), spoken["heard"]
    for answered in (report["turns"]["typed"], spoken):
        assert answered["status"] == "completed", answered
        assert answered["answer"].strip()
        assert answered["audio_deltas"] > 0
