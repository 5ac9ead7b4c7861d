"""The JSON file a profile is exported to and imported from."""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from accessibility.profiles.model import Profile

EXPORT_FORMAT: Final = "modu.profile"
EXPORT_FORMAT_VERSION: Final = 1


class ProfileExport(BaseModel):
    """A portable profile: the settings, without the owner or storage bookkeeping.

    Importing it makes a new profile (a new id) for whoever imports it; the ``id`` inside, if
    any, is ignored, so an exported file can never overwrite someone's stored profile.
    """

    model_config = ConfigDict(extra="forbid")

    format: Literal["modu.profile"] = Field(
        default=EXPORT_FORMAT, description="Always 'modu.profile'. / 항상 'modu.profile'."
    )
    format_version: Literal[1] = Field(
        default=EXPORT_FORMAT_VERSION, description="The file format's version. / 파일 형식 버전."
    )
    exported_at: datetime | None = None
    profile: Profile
