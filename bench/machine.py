"""What the figures were measured on: cores, load, versions, the engine settings."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from typing import Any

from service.settings import Settings

PACKAGES = (
    "xllamacpp",
    "transformers",
    "torch",
    "faster-whisper",
    "ctranslate2",
    "onnxruntime",
    "piper-tts",
    "uvicorn",
    "websockets",
)


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def machine_info(settings: Settings) -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "load_average_start": load_average(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {p: _version(p) for p in PACKAGES},
        "engines": {
            "stt": f"{settings.stt.engine} {settings.stt.model} {settings.stt.compute_type} "
            f"beam {settings.stt.beam_size} threads {settings.stt.threads}",
            "lm": f"{settings.lm.engine} {settings.lm.model} threads {settings.lm.threads} "
            f"parallel {settings.lm.parallel_sessions} max_tokens {settings.lm.max_tokens}",
            "tts": f"{settings.tts.engine} threads {settings.tts.threads}",
            "vad": settings.vad.engine,
        },
        "env": {
            k: os.environ[k] for k in ("OMP_WAIT_POLICY", "OMP_NUM_THREADS") if k in os.environ
        },
    }
