"""A virtual screen reader in the page under test: ``@guidepup/virtual-screen-reader``.

It logs what a screen reader would say (live regions included), which is the check W2 names.
Its browser build (one ES module, MIT) comes from npm by a pinned version, verified against the
registry's sha512, and is cached under the git-ignored ``.cache/npm/``; Playwright serves it to
the page from memory, so the service never ships it.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Route

PACKAGE = "@guidepup/virtual-screen-reader"
VERSION = "0.33.0"
INTEGRITY = (  # the registry's dist.integrity for this version
    "sha512-CXMkIx19oFZ7BS7TcvDibXn6A2RsEs8nVX9IijHW7HQ0qTGH"
    "gc2WErkaMi12YPQi1Zypxr36NfRYWgBxUNvMtQ=="
)
BROWSER_BUILD = "package/lib/esm/index.browser.js"
CACHE = Path(__file__).resolve().parents[2] / ".cache" / "npm" / f"virtual-screen-reader-{VERSION}"
SCRIPT_URL = "/__test__/virtual-screen-reader.js"
NPM_TIMEOUT_S = 300


def browser_build() -> bytes:
    """The package's browser ES module, fetched once with ``npm pack`` and verified."""
    cached = CACHE / "index.browser.js"
    if not cached.exists():
        _fetch(cached)
    return cached.read_bytes()


def _fetch(target: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            f"npm is needed once to fetch {PACKAGE}@{VERSION} for the page tests; install Node.js"
        )
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            [npm, "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", scratch, "--silent"],
            check=True,
            timeout=NPM_TIMEOUT_S,
            capture_output=True,
        )
        (tarball,) = Path(scratch).glob("*.tgz")
        digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        if f"sha512-{digest}" != INTEGRITY:
            raise RuntimeError(f"{tarball.name}: sha512 differs from the pinned {INTEGRITY}")
        with tarfile.open(tarball) as archive:
            member = archive.extractfile(BROWSER_BUILD)
            if member is None:
                raise RuntimeError(f"{tarball.name} has no {BROWSER_BUILD}")
            content = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def start_screen_reader(page: Page) -> None:
    """Load the virtual screen reader into ``page`` and start it on the whole document."""
    build = browser_build()

    def serve(route: Route) -> None:
        route.fulfill(body=build, content_type="text/javascript")

    page.route(f"**{SCRIPT_URL}", serve)
    page.evaluate(
        """async (url) => {
            const { virtual } = await import(url);
            window.__moduScreenReader = virtual;
            await virtual.start({ container: document.body });
        }""",
        SCRIPT_URL,
    )


def spoken_phrases(page: Page) -> list[str]:
    """Everything the screen reader has said so far, in order."""
    phrases: Any = page.evaluate("window.__moduScreenReader.spokenPhraseLog()")
    return [str(phrase) for phrase in phrases]
