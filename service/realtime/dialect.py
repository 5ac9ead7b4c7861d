"""GA and beta: the same conversation, two sets of event names. Events are built with GA
names; :func:`to_wire` renames them for beta clients and drops the GA-only ones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.realtime.config import Dialect
from service.realtime.server_events import ServerEvent

_BETA_NAMES = {
    "conversation.item.added": "conversation.item.created",
    "response.output_audio.delta": "response.audio.delta",
    "response.output_audio.done": "response.audio.done",
    "response.output_audio_transcript.delta": "response.audio_transcript.delta",
    "response.output_audio_transcript.done": "response.audio_transcript.done",
    "response.output_text.delta": "response.text.delta",
    "response.output_text.done": "response.text.done",
}
_GA_ONLY = frozenset({"conversation.item.done"})
_BETA_CONTENT_TYPES = {"output_text": "text", "output_audio": "audio"}

BETA_HEADER_VALUE = "realtime=v1"
BETA_SUBPROTOCOL = "openai-beta.realtime-v1"


def choose_dialect(headers: Mapping[str, str], subprotocols: list[str]) -> Dialect:
    """Beta when the client says so (``OpenAI-Beta: realtime=v1`` or the subprotocol)."""
    if BETA_HEADER_VALUE in headers.get("openai-beta", "") or BETA_SUBPROTOCOL in subprotocols:
        return "beta"
    return "ga"


def _beta_content(value: Any) -> Any:
    """Beta names assistant content parts ``text`` / ``audio``; GA ``output_text`` / …"""
    if isinstance(value, dict):
        out = {k: _beta_content(v) for k, v in value.items()}
        if out.get("type") in _BETA_CONTENT_TYPES and ("text" in out or "transcript" in out):
            out["type"] = _BETA_CONTENT_TYPES[out["type"]]
        if "output_modalities" in out:
            out["modalities"] = out.pop("output_modalities")
        return out
    if isinstance(value, list):
        return [_beta_content(v) for v in value]
    return value


def to_wire(event: ServerEvent, dialect: Dialect) -> dict[str, Any] | None:
    """The JSON object to send, or ``None`` when the dialect has no such event."""
    data = event.model_dump(mode="json", exclude_none=False)
    if dialect == "ga":
        return data
    if event.type in _GA_ONLY:
        return None
    data["type"] = _BETA_NAMES.get(event.type, event.type)
    converted: dict[str, Any] = _beta_content(data)
    return converted
