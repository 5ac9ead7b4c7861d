"""``/v1/profiles``: a person's accessibility profiles — create, read, change, delete, export,
import — and the presets to start from.

Every route acts for the authenticated owner only. A profile of another owner is answered
exactly like a missing one (404), so ids reveal nothing. A request that fails validation changes
nothing stored, and its error names the field and the bound it broke.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict
from starlette.applications import Starlette

from accessibility.profiles import (
    PRESETS,
    Preset,
    PresetId,
    Profile,
    ProfileExport,
    ProfileLimitError,
    ProfileNotFoundError,
    ProfilePatch,
    ProfileStore,
    StoredProfile,
    VersionConflictError,
    preset_profile,
)
from service.auth import OwnerDep
from service.errors import ErrorResponse
from service.settings import Settings


@asynccontextmanager
async def profiles_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open (and migrate) the store when the app starts; close it when the app stops.

    FastAPI runs an included router's lifespan inside the app's own, after the app's lifespan
    has set ``app.state.settings``."""
    settings: Settings = app.state.settings
    store = await open_profile_store(settings)
    app.state.profile_store = store
    try:
        yield
    finally:
        await store.aclose()


async def open_profile_store(settings: Settings) -> ProfileStore:
    """The configured store, migrated to the newest schema unless migrations run elsewhere."""
    store = ProfileStore.from_settings(settings.profiles)
    if settings.profiles.migrate_on_startup:
        await store.migrate()
    return store


def profile_store_for(app: Starlette) -> ProfileStore:
    """The running app's store; the realtime session (which has no ``Request``) uses this."""
    store: ProfileStore = app.state.profile_store
    return store


def get_profile_store(request: Request) -> ProfileStore:
    return profile_store_for(request.app)


ProfileStoreDep = Annotated[ProfileStore, Depends(get_profile_store)]


class _ClearJsonErrorsRoute(APIRoute):
    """A body that is not JSON at all gets a 400 that says so and where, instead of the generic
    validation message (whose "field" would be a character offset)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                for error in exc.errors():
                    if error.get("type") == "json_invalid":
                        raise _invalid_json(error) from exc
                raise

        return handle


def _invalid_json(error: dict[str, Any]) -> HTTPException:
    position = error.get("loc", ("body", "?"))[-1]
    reason = (error.get("ctx") or {}).get("error", error.get("msg", "invalid JSON"))
    return HTTPException(
        status.HTTP_400_BAD_REQUEST,
        detail={
            "code": "invalid_json",
            "param": "body",
            "message": f"The request body is not valid JSON (at character {position}: {reason}); "
            f"nothing was changed. / 요청 본문이 올바른 JSON이 아닙니다({position}번째 글자). "
            "아무것도 바뀌지 않았습니다.",
        },
    )


router = APIRouter(
    prefix="/v1/profiles",
    tags=["profiles"],
    lifespan=profiles_lifespan,
    route_class=_ClearJsonErrorsRoute,
)

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No such profile for this owner"}
}


class ProfileCreate(ProfilePatch):
    """A new profile: optionally start from a preset, then set any fields on top of it."""

    model_config = ConfigDict(extra="forbid")

    preset: PresetId | None = None


class ProfileList(BaseModel):
    object: Literal["list"] = "list"
    data: list[StoredProfile]


class PresetList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Preset]


def _not_found(profile_id: UUID) -> HTTPException:
    return HTTPException(
        status.HTTP_404_NOT_FOUND,
        detail={
            "code": "profile_not_found",
            "param": "profile_id",
            "message": f"You have no profile with id {profile_id}. / "
            f"id가 {profile_id}인 프로필이 없습니다.",
        },
    )


def _etag(stored: StoredProfile) -> str:
    return f'"{stored.version}"'


_IF_MATCH = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')
"""Versions fit in 18 digits (a 64-bit integer); longer is refused before ``int()``, which
raises past 4,300 digits."""
IF_MATCH_SHOWN = 100
"""Characters of a refused ``If-Match`` quoted back in the error."""


def _expected_version(if_match: str | None) -> int | None:
    """``If-Match: "3"`` (the ETag of a GET) → 3; no header → ``None`` (last write merges)."""
    if if_match is None or if_match.strip() == "*":
        return None
    match = _IF_MATCH.match(if_match)
    if match is None:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            detail={
                "code": "invalid_if_match",
                "param": "If-Match",
                "message": f"If-Match must be a profile version such as '\"3\"' (the ETag of a "
                f"GET); received {if_match[:IF_MATCH_SHOWN]!r}. / "
                f'If-Match에는 프로필 버전(예: "3")을 넣으세요.',
            },
        )
    return int(match.group(1))


@router.get("/presets", response_model=PresetList)
async def list_presets() -> PresetList:
    """Profiles to start from, named in Korean and English. No key needed: they are public."""
    return PresetList(data=list(PRESETS.values()))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=StoredProfile)
async def create_profile(
    body: ProfileCreate, owner: OwnerDep, store: ProfileStoreDep, response: Response
) -> StoredProfile:
    """A new profile: the preset's settings (or the standard ones), then the fields sent."""
    base = preset_profile(body.preset) if body.preset is not None else Profile()
    fields = ProfilePatch.model_validate(body.model_dump(exclude_unset=True, exclude={"preset"}))
    try:
        stored = await store.create(owner.id, base.with_patch(fields))
    except ProfileLimitError as exc:
        raise _limit_reached(exc) from exc
    response.headers["Location"] = f"{router.prefix}/{stored.id}"
    response.headers["ETag"] = _etag(stored)
    return stored


@router.get("", response_model=ProfileList)
async def list_profiles(owner: OwnerDep, store: ProfileStoreDep) -> ProfileList:
    """Your profiles, oldest first."""
    return ProfileList(data=await store.list_for_owner(owner.id))


@router.post("/import", status_code=status.HTTP_201_CREATED, response_model=StoredProfile)
async def import_profile(
    document: ProfileExport, owner: OwnerDep, store: ProfileStoreDep, response: Response
) -> StoredProfile:
    """A new profile from an exported file (the body is the file's JSON). The file is validated
    whole before anything is stored; an id inside it is ignored."""
    try:
        stored = await store.import_profile(owner.id, document)
    except ProfileLimitError as exc:
        raise _limit_reached(exc) from exc
    response.headers["Location"] = f"{router.prefix}/{stored.id}"
    response.headers["ETag"] = _etag(stored)
    return stored


@router.get("/{profile_id}", response_model=StoredProfile, responses=_NOT_FOUND)
async def get_profile(
    profile_id: UUID, owner: OwnerDep, store: ProfileStoreDep, response: Response
) -> StoredProfile:
    try:
        stored = await store.get(owner.id, profile_id)
    except ProfileNotFoundError as exc:
        raise _not_found(profile_id) from exc
    response.headers["ETag"] = _etag(stored)
    return stored


@router.patch("/{profile_id}", response_model=StoredProfile, responses=_NOT_FOUND)
async def update_profile(
    profile_id: UUID,
    patch: ProfilePatch,
    owner: OwnerDep,
    store: ProfileStoreDep,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> StoredProfile:
    """Change only the fields sent. With ``If-Match`` (a GET's ETag), only if nobody changed
    the profile since (else 412)."""
    expected = _expected_version(if_match)
    try:
        stored = await store.update(owner.id, profile_id, patch, expected_version=expected)
    except ProfileNotFoundError as exc:
        raise _not_found(profile_id) from exc
    except VersionConflictError as exc:
        raise HTTPException(
            status.HTTP_412_PRECONDITION_FAILED,
            detail={
                "code": "version_conflict",
                "param": "If-Match",
                "message": f"The profile changed: it is at version {exc.current}, not "
                f"{exc.expected}. Read it again and retry. / 프로필이 그사이 바뀌었습니다 "
                f"(버전 {exc.current}). 다시 읽고 시도하세요.",
            },
        ) from exc
    response.headers["ETag"] = _etag(stored)
    return stored


@router.delete("/{profile_id}", status_code=status.HTTP_204_NO_CONTENT, responses=_NOT_FOUND)
async def delete_profile(profile_id: UUID, owner: OwnerDep, store: ProfileStoreDep) -> Response:
    try:
        await store.delete(owner.id, profile_id)
    except ProfileNotFoundError as exc:
        raise _not_found(profile_id) from exc
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{profile_id}/export",
    response_model=ProfileExport,
    responses=_NOT_FOUND,
    response_description="The profile as a JSON file to download",
)
async def export_profile(profile_id: UUID, owner: OwnerDep, store: ProfileStoreDep) -> Response:
    """The profile as a downloadable JSON file, to keep or to import elsewhere."""
    try:
        document = await store.export_profile(owner.id, profile_id)
    except ProfileNotFoundError as exc:
        raise _not_found(profile_id) from exc
    return Response(
        content=document.model_dump_json(indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="modu-profile-{profile_id}.json"'},
    )


def _limit_reached(exc: ProfileLimitError) -> HTTPException:
    return HTTPException(
        status.HTTP_409_CONFLICT,
        detail={
            "code": "profile_limit_reached",
            "message": f"You already keep {exc.limit} profiles, the most allowed; delete one "
            f"first. / 프로필은 {exc.limit}개까지 만들 수 있습니다. 하나를 지우고 다시 하세요.",
        },
    )
