"""Run the Node ``openai`` SDK's realtime client (``tests/node/realtime_wss.mjs``).

``scripts/setup`` installs its pinned packages (``tests/node/package-lock.json``) with
``npm ci`` into ``tests/node/node_modules``; the script prints one JSON report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NODE_DIR = Path(__file__).resolve().parents[1] / "node"
SCRIPT = NODE_DIR / "realtime_wss.mjs"
MIN_NODE_MAJOR = 20
"""openai 6.x supports Node.js 20 and later; 7.x needs 22 (hence the pin to 6.39.1)."""
RUN_TIMEOUT_S = 600.0
"""A guard against a hung client only; the fake engines answer in well under a second."""


@dataclass(frozen=True)
class NodeRun:
    returncode: int
    report: dict[str, Any]
    stderr: str


def require_node_packages() -> str:
    """The ``node`` executable, once the SDK is installed; a clear error otherwise."""
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "openai" / "package.json").exists():
        raise RuntimeError(
            f"the Node openai SDK is not installed in {NODE_DIR}/node_modules: run scripts/setup"
        )
    version = subprocess.run(
        [node, "--version"], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    if int(version.lstrip("v").split(".")[0]) < MIN_NODE_MAJOR:
        raise RuntimeError(
            f"the pinned openai SDK needs Node.js {MIN_NODE_MAJOR} or later; {node} is {version}"
        )
    return node


def run_realtime_wss(
    base_url: str, api_key: str, pcm: Path, ca: Path | None, dialect: str = "beta"
) -> NodeRun:
    """Both turns against ``base_url`` (``https://…/v1``), trusting ``ca`` (none: only Node's
    own roots, which do not include a development CA), with the SDK's ``beta`` client
    (``openai/beta/realtime/ws``) or its ``ga`` one (``openai/realtime/ws``)."""
    node = require_node_packages()
    environment = {k: v for k, v in os.environ.items() if k != "NODE_EXTRA_CA_CERTS"}
    if ca is not None:
        environment["NODE_EXTRA_CA_CERTS"] = str(ca)
    done = subprocess.run(
        [node, str(SCRIPT), base_url, api_key, str(pcm), dialect],
        cwd=NODE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if not lines:
        raise AssertionError(
            f"the Node client printed nothing (exit {done.returncode}): {done.stderr}"
        )
    return NodeRun(done.returncode, json.loads(lines[-1]), done.stderr)
