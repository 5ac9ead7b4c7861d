"""``session.modu``: an accessibility profile drives the session — by id (stored, owner-scoped)
and/or inline overrides for this session only."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol
from uuid import UUID

from pydantic import ValidationError

from accessibility.profiles.model import Profile, ProfilePatch
from service.auth import Owner
from service.realtime.client_events import ModuSession
from service.realtime.config import ConfigError, SessionConfig, TurnConfig


class PreferenceSource(Protocol):
    """Where stored profiles come from (the profile store), scoped to their owner."""

    async def load(self, owner_id: str, profile_id: str) -> Profile | None: ...

    async def update(
        self,
        owner_id: str,
        profile_id: UUID,
        patch: ProfilePatch,
        *,
        expected_version: int | None = None,
    ) -> object: ...


def _patch(inline: dict[str, object]) -> ProfilePatch:
    # "language" and "voice"-only shorthands from before profiles existed stay accepted.
    data = dict(inline)
    if "language" in data:
        data.setdefault("preferred_languages", [data.pop("language")])
    try:
        return ProfilePatch.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"session.modu.profile.{field}",
            f"session.modu.profile.{field}: {first['msg']} (received {first.get('input')!r})",
        ) from exc


async def apply_preferences(
    config: SessionConfig, modu: ModuSession, owner: Owner, source: PreferenceSource | None
) -> SessionConfig:
    """``config`` driven by the named profile and the inline overrides."""
    profile = config.profile or Profile()
    profile_id = config.profile_id
    if modu.profile_id is not None:
        if source is None:
            raise ConfigError(
                "session.modu.profile_id", "Profiles are not available on this server."
            )
        stored = await source.load(owner.id, modu.profile_id)
        if stored is None:
            raise ConfigError(
                "session.modu.profile_id",
                f"No profile {modu.profile_id!r} belongs to this API key.",
            )
        profile, profile_id = stored, modu.profile_id
    if modu.profile:
        try:
            profile = profile.with_patch(_patch(modu.profile))
        except ValidationError as exc:
            raise ConfigError("session.modu.profile", str(exc)) from exc
    return profile_config(config, profile, profile_id)


def profile_config(
    config: SessionConfig, profile: Profile, profile_id: str | None
) -> SessionConfig:
    """Everything the profile sets, at once: patience, preferred language, voice, output,
    disclosure. The preferred language is a prior for recognition, never the lock in
    ``config.language`` (settings' or the client's): English spoken by someone who prefers
    Korean must still be heard as English."""
    turn = config.turn
    if turn is not None:
        turn = TurnConfig(
            threshold=turn.threshold,
            prefix_padding_ms=turn.prefix_padding_ms,
            silence_duration_ms=profile.silence_duration_ms(),
            create_response=turn.create_response,
            interrupt_response=turn.interrupt_response,
        )
    prior = profile.language_hint()
    return replace(
        config,
        profile=profile,
        profile_id=profile_id,
        turn=turn,
        language_prior=prior,
        voice_params=profile.voice_params(config.language or prior or "en"),
        audio_out=profile.speaks(),
        disclose=profile.ai_disclosure == "once_per_session",
    )
