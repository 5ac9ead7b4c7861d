"""Where a vetted number or fact comes from, kept beside it in the data files."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Source(BaseModel):
    """An official public page that states the fact, and when and how it was checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    checked: str
    """ISO date (YYYY-MM-DD) the fact was last checked against the page."""
    how: str
    """How it was checked, honestly: e.g. "stored copy of the official page" or "from general
    knowledge; not verifiable offline"."""
