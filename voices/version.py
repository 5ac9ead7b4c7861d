"""modu's version, as the package metadata states it (one source of truth: pyproject.toml). In the
lowest layer, so that every layer can name it (AI-content labels, health, the AsyncAPI document)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("modu")
except PackageNotFoundError:  # running from a source tree that was never installed
    VERSION = "0.0.0+source"
