"""Dependencies shared by the routes: the settings and the engines of the running app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.engines import Engines
from service.settings import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engines(request: Request) -> Engines:
    engines: Engines = request.app.state.engines
    return engines


SettingsDep = Annotated[Settings, Depends(get_settings)]
EnginesDep = Annotated[Engines, Depends(get_engines)]
