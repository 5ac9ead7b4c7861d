"""Turning what a small model writes into one clean paragraph."""

from __future__ import annotations

import re
from typing import Final

_PREAMBLE: Final = re.compile(
    r"^(?:here is|here's|simplified|rewritten|easy[- ]read|plain|쉬운 말|쉽게 고친|고쳐 쓴)"
    r"[^\n]{0,60}[:：]\s*$",
    re.IGNORECASE,
)
_BULLET: Final = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")


def clean_model_output(output: str) -> str:
    """One paragraph from the model's lines: no preamble, bullets, markdown or quotes."""
    lines: list[str] = []
    for raw in output.replace("**", "").splitlines():
        line = _BULLET.sub("", raw).strip().strip('"“”')
        if not line or _PREAMBLE.match(line):
            continue
        if line[-1] not in ".!?。":
            line += "."
        lines.append(line)
    return " ".join(lines).strip()
