"""The prose of the realtime AsyncAPI document (see :mod:`service.realtime.asyncapi`).

Kept apart from the builder so the builder stays short. Every client and server event type
needs a summary here: the builder fails with a ``KeyError`` naming a new event without one.
"""

from __future__ import annotations

from typing import Any

INFO_DESCRIPTION = """\
modu speaks the OpenAI Realtime protocol over one WebSocket, so the `openai` SDK and other \
Realtime clients work unchanged; modu's additions live under `modu` keys, which those clients \
ignore.
모두는 WebSocket 하나로 OpenAI Realtime 프로토콜을 사용합니다. 기존 클라이언트가 그대로 \
동작하며, 모두의 확장 기능은 `modu` 키 아래에 있습니다.

Operations are described from the client's side: the client sends client events and receives \
server events.

## Dialects
- **GA** (default): `AsyncOpenAI(websocket_base_url="ws://HOST/v1").realtime.connect(model=…)`.
- **beta**: the header `OpenAI-Beta: realtime=v1` or the subprotocol `openai-beta.realtime-v1` \
(`client.beta.realtime.connect(…)` sends the header). Renamed events carry their beta name in \
`x-modu-beta-name`; `conversation.item.done` is GA only. Beta clients also get assistant content \
parts typed `text` / `audio` (GA: `output_text` / `output_audio`, see \
`x-modu-beta-content-types`), `response.modalities` (GA: `output_modalities`) and the flat \
session shape (`modalities`, `voice`, `input_audio_format`, `turn_detection`, …; see the \
examples of `session.created`). `session.update` accepts either shape in either dialect.

## Authentication
An API key as `Authorization: Bearer <key>`, or, from a browser, the subprotocols `realtime` \
and `openai-insecure-api-key.<key>`. Browsers' `Origin` must be allowed \
(`MODU_AUTH__ALLOWED_ORIGINS`). In development mode (`modu serve --dev`) clients on localhost \
need no key. A refused handshake gets HTTP 401 or 403 with an OpenAI-shaped JSON error (or \
close code 1008 where the server cannot answer with HTTP).

## Audio
PCM16 little-endian mono, 24 kHz unless `session.audio.input.format.rate` / \
`session.audio.output.format.rate` say 8000, 16000 or 48000 (a modu extension; beta: `pcm16`, \
24 kHz). G.711 is not supported. Binary WebSocket frames of raw PCM16 are a compact alias of \
`input_audio_buffer.append` (no base64: a quarter less data).

## modu extensions
- `session.modu.profile_id`: an accessibility profile stored with `POST /v1/profiles` (owned by \
the same API key) drives the session: turn patience, preferred language, voice rate, pitch, \
pauses, reading level, verbosity, screen-reader shaping, captions, spoken AI notice.
- `session.modu.profile`: profile fields for this session only (on top of the stored one).
- `session.modu` in `session.created` / `session.updated`: the profile in force, `language` \
(the fixed recognition language, as in `audio.input.transcription.language`; `null`: detected \
each turn), `language_prior` (the profile's single preferred language: it decides only when \
detection is unsure, never a lock), voice, `turn_patience_ms` and notes (what was adjusted, and \
why). Only `transcription.language` fixes the language, as in OpenAI's API.
- `response.modu.label`: every response is labelled `{ai_generated: true, model, voice, \
generator: "modu", generator_version, created_at}`; `response.modu.notes` say what fell back.
- Transcript events carry `modu.language` and `modu.language_probability` (and the partial \
text so far in `modu.text`).
- `modu.caption`: a caption cue (start and end in ms of the answer's audio) before each \
sentence's audio.
- Binary frames: raw PCM16 for `input_audio_buffer.append`.

## Errors
Anything wrong in a client event gets an `error` event with `type`, `code`, `message` (what was \
expected and what arrived), `param` and the client's `event_id`; the session continues. \
A message larger than `MODU_REALTIME__MAX_FRAME_BYTES` (default 1 MiB) gets the error \
`frame_too_large`.
"""

CHANNEL_DESCRIPTION = """\
One conversation per connection. Close codes: 1000 after the idle timeout \
(`MODU_REALTIME__IDLE_TIMEOUT_S`, reason `idle for N s`); 1001 when the server shuts down; \
1008 when authentication fails and no HTTP answer is possible; 1009 for a message over the \
server's WebSocket limit (uvicorn `--ws-max-size`, 16 MiB by default); 1013 when the server \
already serves `MODU_REALTIME__MAX_SESSIONS` sessions (reason: `modu is serving its maximum of \
N sessions; try again later`). See `x-modu-close-codes`.
"""

CLOSE_CODES: list[dict[str, Any]] = [
    {"code": 1000, "when": "idle timeout (no client message, no answer playing)"},
    {"code": 1001, "when": "the server is shutting down"},
    {"code": 1008, "when": "authentication or origin refused (when HTTP 401/403 is impossible)"},
    {"code": 1009, "when": "a message over the server's WebSocket size limit"},
    {"code": 1013, "when": "at capacity (max_sessions); the reason says so; try again later"},
]

BINARY_AUDIO_DESCRIPTION = """\
modu extension for low-bandwidth clients: a binary frame of raw PCM16 (little-endian, mono, at \
the session's input rate) is appended to the input audio buffer exactly as \
`input_audio_buffer.append` with the same bytes base64-encoded would be (server VAD included). \
An odd number of bytes gets an `error` event (`invalid_audio`).
"""

SESSION_PROFILE_DESCRIPTION = (
    "modu extension: accessibility profile fields for this session only, on top of the profile "
    "named by profile_id (or the defaults). 'language' is accepted as a shorthand for "
    "preferred_languages: [language], a preference for recognition (not a lock)."
)

CLIENT_SUMMARIES: dict[str, str] = {
    "session.update": "Change the session (GA or beta shape; modu extensions under `modu`).",
    "input_audio_buffer.append": "Append base64 PCM16 audio to the input buffer.",
    "input_audio_buffer.commit": "End the user's turn (push-to-talk): recognise and answer.",
    "input_audio_buffer.clear": "Discard the buffered input audio.",
    "conversation.item.create": "Add a user or assistant message (text, or audio to "
    "recognise). A system item is refused (invalid_value): instructions go in "
    "session.instructions or response.instructions.",
    "conversation.item.truncate": "Say how much of an answer's audio was played (barge-in).",
    "conversation.item.delete": "Remove an item from the conversation.",
    "response.create": "Ask for an answer now (optionally text only, or with instructions).",
    "response.cancel": "Stop the answer in progress: model, voice and queued audio.",
}

SERVER_SUMMARIES: dict[str, str] = {
    "error": "Something in a client event was wrong (or an engine failed); the session goes on.",
    "session.created": "The first event: the session's configuration, in the client's dialect.",
    "session.updated": "The session after it changed: after a session.update, and after a "
    "spoken command that changed it (slower or faster: the voice's speed; simpler: the "
    "profile's reading level), before the command's reply.",
    "input_audio_buffer.speech_started": "Server VAD heard speech start (stop playback now).",
    "input_audio_buffer.speech_stopped": "Server VAD heard the end of the user's turn.",
    "input_audio_buffer.committed": "The input audio became a user item.",
    "input_audio_buffer.cleared": "The input audio buffer was cleared.",
    "conversation.item.added": "An item joined the conversation.",
    "conversation.item.done": "An item is final (its transcript included).",
    "conversation.item.truncated": "An answer was cut to what the user heard.",
    "conversation.item.deleted": "An item was removed.",
    "conversation.item.input_audio_transcription.delta": "Partial transcript while the user "
    "speaks.",
    "conversation.item.input_audio_transcription.completed": "The final transcript of a turn.",
    "conversation.item.input_audio_transcription.failed": "Recognition of a turn failed.",
    "response.created": "An answer started (labelled AI-generated in response.modu.label).",
    "response.done": "An answer ended: completed, cancelled or failed.",
    "response.output_item.added": "The answer's item was added.",
    "response.output_item.done": "The answer's item is final.",
    "response.content_part.added": "The answer's content part started.",
    "response.content_part.done": "The answer's content part is final.",
    "response.output_audio.delta": "A chunk of the spoken answer (base64 PCM16).",
    "response.output_audio.done": "The spoken answer is complete.",
    "response.output_audio_transcript.delta": "Text of the spoken answer, in step with its audio.",
    "response.output_audio_transcript.done": "The whole text of the spoken answer.",
    "response.output_text.delta": "A piece of a text-only answer.",
    "response.output_text.done": "The whole text-only answer.",
    "modu.caption": "modu extension: a caption cue for the sentence whose audio follows.",
}
