"""The ``/v1/realtime`` protocol as an AsyncAPI 3.0 document, generated from the event models.

Every message's payload is the JSON Schema of the pydantic model that validates it (client
events) or builds it (server events), so the document cannot drift from the code unnoticed:
``tests/unit/test_asyncapi.py`` compares the committed file with :func:`build_asyncapi`.
Regenerate it with::

    python -m service.realtime.asyncapi > docs/realtime.asyncapi.yaml

Operations are written from the client's side: it *sends* client events and *receives* server
events. Names are the GA ones; each renamed event carries its beta name in ``x-modu-beta-name``.
"""

from __future__ import annotations

import sys
from typing import Any, get_args

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, models_json_schema

from accessibility.profiles.model import ProfilePatch
from service.realtime import client_events as ce
from service.realtime import server_events as ev
from service.realtime.asyncapi_text import (
    BINARY_AUDIO_DESCRIPTION,
    CHANNEL_DESCRIPTION,
    CLIENT_SUMMARIES,
    CLOSE_CODES,
    INFO_DESCRIPTION,
    SERVER_SUMMARIES,
    SESSION_PROFILE_DESCRIPTION,
)
from service.realtime.config import SessionConfig, TurnConfig, render_session
from service.realtime.dialect import (  # the rename tables themselves, so the document follows them
    _BETA_CONTENT_TYPES,
    _BETA_NAMES,
    _GA_ONLY,
    BETA_HEADER_VALUE,
    BETA_SUBPROTOCOL,
)
from voices.version import VERSION

CHANNEL = "realtime"
ADDRESS = "/v1/realtime"
BINARY_AUDIO = "modu.input_audio_buffer.append.binary"
"""The name of the message for binary PCM16 frames (a modu extension, not a JSON event)."""
SCHEMAS = "#/components/schemas/"
EXAMPLE_MODEL = "qwen2.5-coder-1.5b-instruct"


def message_id(kind: str) -> str:
    """The message's key: AsyncAPI 3 ids of channel messages and operations allow no dots
    (``^[A-Za-z0-9_-]+$``), and event types hold no hyphens, so dots become hyphens."""
    return kind.replace(".", "-")


class _WireJsonSchema(GenerateJsonSchema):
    """Server events are dumped with every field (``exclude_none=False``): in serialization mode
    every property is required, so clients may rely on each key being present."""

    def field_is_required(self, field: Any, total: bool) -> bool:
        if self.mode == "serialization":
            return True
        return super().field_is_required(field, total)


def client_event_models() -> dict[str, type[BaseModel]]:
    """Each client event type and the model that validates it, in the union's order."""
    union = get_args(ce.ClientEvent)[0]
    return {_event_type(model): model for model in get_args(union)}


def server_event_models() -> dict[str, type[ev.ServerEvent]]:
    return {_event_type(model): model for model in ev.SERVER_EVENT_MODELS}


def _event_type(model: type[BaseModel]) -> str:
    field: FieldInfo = model.model_fields["type"]
    literal = get_args(field.annotation)
    if len(literal) != 1 or not isinstance(literal[0], str):
        raise TypeError(f"{model.__name__}.type must be one Literal string; got {literal}")
    return literal[0]


def _schemas(
    client: dict[str, type[BaseModel]], server: dict[str, type[ev.ServerEvent]]
) -> tuple[dict[str, str], dict[str, Any]]:
    """Event type → payload ``$ref``, and every schema for ``components.schemas``."""
    inputs: list[tuple[type[BaseModel], JsonSchemaMode]] = [
        (model, "validation") for model in client.values()
    ]
    inputs += [(model, "serialization") for model in server.values()]
    inputs.append((ProfilePatch, "validation"))
    refs, top = models_json_schema(
        inputs, ref_template=SCHEMAS + "{model}", schema_generator=_WireJsonSchema
    )
    by_model = {model: ref["$ref"] for (model, _), ref in refs.items()}
    payloads = {kind: by_model[model] for kind, model in (client | server).items()}
    schemas: dict[str, Any] = top["$defs"]
    _document_session_profile(schemas, by_model[ProfilePatch])
    return payloads, schemas


def _document_session_profile(schemas: dict[str, Any], profile_ref: str) -> None:
    """``session.modu.profile`` is a plain object in the event model and is validated as a
    profile patch when applied: show readers the patch's fields."""
    schemas[ce.ModuSession.__name__]["properties"]["profile"] = {
        "anyOf": [{"$ref": profile_ref}, {"type": "null"}],
        "default": None,
        "description": SESSION_PROFILE_DESCRIPTION,
    }


def _message(kind: str, summary: str, payload_ref: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "name": kind,
        "title": kind,
        "summary": summary,
        "contentType": "application/json",
        "payload": {"$ref": payload_ref},
    }
    if kind in _BETA_NAMES:
        message["x-modu-beta-name"] = _BETA_NAMES[kind]
    if kind in _GA_ONLY:
        message["x-modu-dialects"] = ["ga"]
        message["description"] = "GA only: beta clients do not receive this event."
    if kind.startswith("modu."):
        message["x-modu-extension"] = True
    return message


def _binary_audio_message() -> dict[str, Any]:
    return {
        "name": BINARY_AUDIO,
        "title": "Binary PCM16 audio (modu extension)",
        "summary": "A binary WebSocket frame of raw PCM16: input_audio_buffer.append without "
        "base64.",
        "description": BINARY_AUDIO_DESCRIPTION,
        "contentType": "application/octet-stream",
        "payload": {
            "type": "string",
            "format": "binary",
            "description": "PCM16 little-endian mono samples at the session's input rate; "
            "an even number of bytes.",
        },
        "x-modu-extension": True,
        "x-modu-alias-of": "input_audio_buffer.append",
    }


def _session_examples() -> list[dict[str, Any]]:
    """``session.created`` as each dialect's SDK receives it (server defaults)."""
    config = SessionConfig(id="sess_example", model=EXAMPLE_MODEL, turn=TurnConfig(0.5, 300, 500))
    return [
        {
            "name": dialect,
            "summary": f"The session in the {dialect} dialect",
            "payload": {
                "event_id": "event_example",
                "type": "session.created",
                "session": render_session(config, dialect),
            },
        }
        for dialect in ("ga", "beta")
    ]


def _channel(message_keys: list[str]) -> dict[str, Any]:
    return {
        "address": ADDRESS,
        "title": "Realtime conversation",
        "description": CHANNEL_DESCRIPTION,
        "messages": {key: {"$ref": f"#/components/messages/{key}"} for key in message_keys},
        "bindings": {
            "ws": {
                "method": "GET",
                "query": {
                    "type": "object",
                    "properties": {
                        "model": {
                            "type": "string",
                            "description": "Accepted (the openai SDK sends it) and ignored: "
                            "the server's configured model answers; session.created names it.",
                        }
                    },
                },
                "headers": {
                    "type": "object",
                    "properties": {
                        "Authorization": {
                            "type": "string",
                            "description": "Bearer <API key> (non-browser clients).",
                        },
                        "OpenAI-Beta": {
                            "type": "string",
                            "description": f"'{BETA_HEADER_VALUE}' selects the beta dialect.",
                        },
                        "Sec-WebSocket-Protocol": {
                            "type": "string",
                            "description": "Browsers: 'realtime', "
                            "'openai-insecure-api-key.<API key>' and, for the beta dialect, "
                            f"'{BETA_SUBPROTOCOL}'. The server answers 'realtime'.",
                        },
                        "Origin": {
                            "type": "string",
                            "description": "Browsers send it; it must be in "
                            "MODU_AUTH__ALLOWED_ORIGINS (or localhost in development mode).",
                        },
                    },
                },
                "bindingVersion": "0.1.0",
            }
        },
        "x-modu-close-codes": CLOSE_CODES,
    }


def _operation(action: str, title: str, message_keys: list[str]) -> dict[str, Any]:
    return {
        "action": action,
        "channel": {"$ref": f"#/channels/{CHANNEL}"},
        "title": title,
        "messages": [{"$ref": f"#/channels/{CHANNEL}/messages/{key}"} for key in message_keys],
    }


def _security_schemes() -> dict[str, Any]:
    return {
        "apiKey": {
            "type": "http",
            "scheme": "bearer",
            "description": "Authorization: Bearer <API key>, one of MODU_AUTH__API_KEYS.",
        },
        "browserSubprotocol": {
            "type": "httpApiKey",
            "in": "header",
            "name": "Sec-WebSocket-Protocol",
            "description": "Browsers cannot set headers: they offer the subprotocols "
            "'realtime' and 'openai-insecure-api-key.<API key>'.",
        },
    }


def build_asyncapi() -> dict[str, Any]:
    """The whole AsyncAPI 3.0 document (a fresh dict on every call)."""
    client, server = client_event_models(), server_event_models()
    missing = set(ce.CLIENT_EVENT_TYPES) ^ set(client)
    if missing:
        raise RuntimeError(f"CLIENT_EVENT_TYPES and the ClientEvent union differ: {missing}")
    payloads, schemas = _schemas(client, server)
    messages = {
        message_id(kind): _message(kind, CLIENT_SUMMARIES[kind], payloads[kind]) for kind in client
    }
    messages[message_id(BINARY_AUDIO)] = _binary_audio_message()
    messages |= {
        message_id(kind): _message(kind, SERVER_SUMMARIES[kind], payloads[kind]) for kind in server
    }
    messages[message_id("session.created")]["examples"] = _session_examples()
    client_keys = [message_id(kind) for kind in [*client, BINARY_AUDIO]]
    server_keys = [message_id(kind) for kind in server]
    security = [{"$ref": f"#/components/securitySchemes/{name}"} for name in _security_schemes()]
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "modu realtime (모두 실시간 음성 대화)",
            "version": VERSION,
            "description": INFO_DESCRIPTION,
            "license": {
                "name": "GPL-3.0-or-later",
                "url": "https://www.gnu.org/licenses/gpl-3.0.html",
            },
            "x-modu-beta-content-types": dict(_BETA_CONTENT_TYPES),
        },
        "servers": {
            "local": {
                "host": "127.0.0.1:8000",
                "protocol": "ws",
                "description": "`modu serve` (wss behind a TLS-terminating proxy).",
                "security": security,
            }
        },
        "defaultContentType": "application/json",
        "channels": {CHANNEL: _channel([*client_keys, *server_keys])},
        "operations": {
            "sendClientEvents": _operation("send", "Client → server events", client_keys),
            "receiveServerEvents": _operation("receive", "Server → client events", server_keys),
        },
        "components": {
            "schemas": schemas,
            "messages": messages,
            "securitySchemes": _security_schemes(),
        },
    }


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks, so the Markdown descriptions read as written."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def asyncapi_yaml(document: dict[str, Any] | None = None) -> str:
    """The document as YAML, keys in the order built (as committed in docs/)."""
    return yaml.dump(
        document if document is not None else build_asyncapi(),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )


def main() -> None:
    # Bytes, not text: the document holds Korean, whatever the terminal's encoding.
    sys.stdout.buffer.write(asyncapi_yaml().encode("utf-8"))


if __name__ == "__main__":
    main()
