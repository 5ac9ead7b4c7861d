"""Where modu keeps data people made or own (profiles, signing and watermark keys)."""

from __future__ import annotations

import os
from pathlib import Path


def default_data_dir() -> Path:
    """The user data directory, as XDG says: profiles are data people made, not a cache."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "modu"
