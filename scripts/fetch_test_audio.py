"""Put real human speech for the tests into a cache folder, from registry packages only.

No model hub or web site is reachable where modu is built, but two pinned packages on PyPI
carry real recordings:

- ``pywhispercpp==1.5.1`` (source archive): ``whisper.cpp/samples/jfk.wav``, 11 s of English;
- ``pyannote.audio==4.0.7`` (wheel): ``pyannote/audio/sample/sample.wav``, a 30 s two-speaker
  English phone call, with ``sample.rttm`` (who speaks when) and ``sample.stm`` (what is said).

``pip download`` fetches each archive into a temporary folder; only the named members are kept,
each checked against the sha256 pinned below. Files already present and verified are not
fetched again, so running this twice costs nothing.

Usage: ``python scripts/fetch_test_audio.py [--dest DIR] [--verbose]``. The folder defaults to
``$MODU_TEST_AUDIO_DIR`` or ``.cache/test-audio`` in the repository (git-ignored).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "MODU_TEST_AUDIO_DIR"
DEFAULT_DIR = Path(__file__).resolve().parent.parent / ".cache" / "test-audio"


@dataclass(frozen=True)
class Package:
    """A pinned registry archive and how pip must fetch it."""

    requirement: str
    source_archive: bool
    """True: the source archive (.tar.gz); False: a wheel."""
    archive_root: str
    """Folder that member paths are relative to ("" for wheels, "name-version/" for sdists)."""


@dataclass(frozen=True)
class Member:
    """One file taken out of a package, and the digest it must have."""

    name: str
    package: Package
    path: str
    sha256: str


PYWHISPERCPP = Package("pywhispercpp==1.5.1", True, "pywhispercpp-1.5.1/")
PYANNOTE = Package("pyannote.audio==4.0.7", False, "")

MEMBERS: tuple[Member, ...] = (
    Member(
        "jfk.wav",
        PYWHISPERCPP,
        "whisper.cpp/samples/jfk.wav",
        "59dfb9a4acb36fe2a2affc14bacbee2920ff435cb13cc314a08c13f66ba7860e",
    ),
    Member(
        "sample.wav",
        PYANNOTE,
        "pyannote/audio/sample/sample.wav",
        "c319b4abca767b124e41432d364fd7df006cb26bb79d09326c487d606a134e6e",
    ),
    Member(
        "sample.rttm",
        PYANNOTE,
        "pyannote/audio/sample/sample.rttm",
        "d78fe62c69d8e6dcbb42c26adfce83faccb374c5a1e6d987fe37f85f1c173c87",
    ),
    Member(
        "sample.stm",
        PYANNOTE,
        "pyannote/audio/sample/sample.stm",
        "f861f3004927e1c4429199f9695bfd252def75d7d5e4bdf735d3d85fd4a667f7",
    ),
)


class TestAudioError(RuntimeError):
    """The test audio could not be fetched or did not match its pinned digest."""

    __test__ = False  # Not a test class, despite the name (pytest collects "Test*").


def default_dir() -> Path:
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DIR)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_verified(path: Path, expected: str) -> bool:
    return path.is_file() and sha256_of(path) == expected


def _pip_download(package: Package, into: Path, verbose: bool) -> Path:
    """Download one archive, without its dependencies, and return its path."""
    name = package.requirement.split("==")[0]
    # Only this package is taken as source: ``--no-binary :all:`` would also force pip to build
    # the sdist's build requirements (CMake among them) from source, which takes an hour.
    kind = ["--no-binary", name] if package.source_archive else ["--only-binary", ":all:"]
    command = [sys.executable, "-m", "pip", "download", "--no-deps", *kind]
    command += ["--dest", str(into), "--disable-pip-version-check", package.requirement]
    if not verbose:
        command.append("--quiet")
    result = subprocess.run(command, capture_output=not verbose, text=True, check=False)
    if result.returncode != 0:
        raise TestAudioError(
            f"`{' '.join(command)}` failed (exit {result.returncode}); the registry must be "
            f"reachable to fetch the test audio.\n{(result.stderr or '')[-2000:]}"
        )
    archives = sorted(p for p in into.iterdir() if p.suffix in {".gz", ".whl"})
    if len(archives) != 1:
        raise TestAudioError(
            f"expected one archive from pip for {package.requirement}; got {archives}"
        )
    return archives[0]


def _read_member(archive: Path, inner_path: str) -> bytes:
    try:
        if archive.suffix == ".whl":
            with zipfile.ZipFile(archive) as wheel:
                return wheel.read(inner_path)
        with tarfile.open(archive, "r:gz") as sdist:
            handle = sdist.extractfile(inner_path)
            if handle is None:
                raise KeyError(inner_path)
            return handle.read()
    except KeyError as exc:
        raise TestAudioError(f"{archive.name} has no member {inner_path}") from exc


def _install(data: bytes, member: Member, dest: Path) -> Path:
    """Write atomically, and only once the digest matches, so a bad file never lands."""
    actual = hashlib.sha256(data).hexdigest()
    if actual != member.sha256:
        raise TestAudioError(
            f"{member.name} from {member.package.requirement} has sha256 {actual}; "
            f"expected {member.sha256}. The package on the registry changed: check it, "
            "then update the pin in scripts/fetch_test_audio.py."
        )
    target = dest / member.name
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def _fetch_package(package: Package, members: Sequence[Member], dest: Path, verbose: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="modu-test-audio-") as tmp:
        archive = _pip_download(package, Path(tmp), verbose)
        for member in members:
            data = _read_member(archive, package.archive_root + member.path)
            path = _install(data, member, dest)
            if verbose:
                print(f"fetched {path}")


def fetch_test_audio(dest: Path | None = None, *, verbose: bool = False) -> dict[str, Path]:
    """Make sure every test file is in ``dest`` and verified; return name -> path.

    Raises :class:`TestAudioError` when a download fails or a digest does not match.
    """
    folder = dest if dest is not None else default_dir()
    folder.mkdir(parents=True, exist_ok=True)
    missing = [m for m in MEMBERS if not is_verified(folder / m.name, m.sha256)]
    for package in dict.fromkeys(m.package for m in missing):
        _fetch_package(package, [m for m in missing if m.package == package], folder, verbose)
    return {m.name: folder / m.name for m in MEMBERS}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dest", type=Path, default=None, help=f"folder (default ${ENV_VAR})")
    parser.add_argument("--verbose", action="store_true", help="show pip's output")
    args = parser.parse_args(argv)
    try:
        paths = fetch_test_audio(args.dest, verbose=args.verbose)
    except TestAudioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.verbose:
        for name, path in paths.items():
            print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
