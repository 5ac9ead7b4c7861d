"""The web page: ``/`` and its static files under ``/static/``, shipped inside the package.

Only the files the page consists of are served (an allow-list built from the folder), so no path
a client sends can reach anything else. The page needs no build step; it is plain HTML, CSS and
ES modules.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Final

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

router = APIRouter(tags=["web"])

MEDIA_TYPES: Final = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
# The page changes with the package; browsers revalidate instead of running stale modules.
CACHE_CONTROL: Final = "no-cache"


@cache  # read on first request, never at import time
def _web_files() -> dict[str, bytes]:
    """Every servable file of ``service/web``, by name, read once."""
    folder = resources.files("service.web")
    files: dict[str, bytes] = {}
    for entry in folder.iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1] if "." in entry.name else ""
        if entry.is_file() and suffix in MEDIA_TYPES:
            files[entry.name] = entry.read_bytes()
    return files


def _file(name: str) -> Response:
    body = _web_files().get(name)
    if body is None:
        raise HTTPException(
            404, detail={"code": "not_found", "message": f"No page file {name!r} / 없는 파일"}
        )
    media_type = MEDIA_TYPES["." + name.rsplit(".", 1)[-1]]
    return Response(body, media_type=media_type, headers={"Cache-Control": CACHE_CONTROL})


@router.get("/", include_in_schema=False)
async def page() -> Response:
    """The page: talk or type to modu."""
    return _file("index.html")


@router.get("/static/{name}", include_in_schema=False)
async def static_file(name: str) -> Response:
    """One of the page's files (``app.js``, ``style.css``, …)."""
    return _file(name)
