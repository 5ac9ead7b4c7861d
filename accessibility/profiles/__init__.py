"""Accessibility profiles: the schema, presets, and the owner-scoped store.

A profile says how one person wants modu to listen (turn patience, language), answer (reading
level, verbosity, screen-reader shaping) and speak (rate, pitch, volume, pauses), and how the
page looks. ``Profile`` translates itself into the chain's settings: ``voice_params(language)``,
``silence_duration_ms()``, ``language_hint()`` and ``prompt_extra(language)``.
"""

from accessibility.profiles.model import (
    PagePatch,
    PagePreferences,
    Profile,
    ProfilePatch,
    StoredProfile,
)
from accessibility.profiles.presets import PRESETS, Preset, PresetId, preset_profile
from accessibility.profiles.store import (
    ProfileLimitError,
    ProfileNotFoundError,
    ProfileStore,
    VersionConflictError,
)
from accessibility.profiles.transfer import ProfileExport

__all__ = [
    "PRESETS",
    "PagePatch",
    "PagePreferences",
    "Preset",
    "PresetId",
    "Profile",
    "ProfileExport",
    "ProfileLimitError",
    "ProfileNotFoundError",
    "ProfilePatch",
    "ProfileStore",
    "StoredProfile",
    "VersionConflictError",
    "preset_profile",
]
