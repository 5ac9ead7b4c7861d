"""The official ``openai`` SDK's own realtime event types, by event name (GA and beta)."""

from __future__ import annotations

from typing import Annotated, Any, get_args, get_origin

from openai.types.beta.realtime import RealtimeServerEvent as BetaServerEvent
from openai.types.realtime import RealtimeServerEvent as GaServerEvent
from pydantic import BaseModel


def event_classes(union: Any) -> dict[str, type[BaseModel]]:
    """``{"response.done": ResponseDoneEvent, …}`` for one of the SDK's event unions."""
    if get_origin(union) is Annotated:
        union = get_args(union)[0]
    classes: dict[str, type[BaseModel]] = {}
    for member in get_args(union):
        for literal in get_args(member.model_fields["type"].annotation):
            classes[literal] = member
    return classes


GA_SERVER_EVENTS = event_classes(GaServerEvent)
BETA_SERVER_EVENTS = event_classes(BetaServerEvent)
