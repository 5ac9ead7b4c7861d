"""All of modu's configuration, in one pydantic-settings class.

Every field can be set from the environment with the ``MODU_`` prefix; nested groups use a double
underscore, e.g. ``MODU_LM__THREADS=1`` or ``MODU_TTS__ONLINE=true``. Nothing here loads a model:
settings only name what the engines will load, lazily, when first used.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from accessibility.profiles.settings import ProfileSettings
from accessibility.provenance.settings import ProvenanceSettings
from accessibility.simplify.settings import SimplifySettings
from service.answers.settings import AnswerSettings
from service.remote_settings import RemoteSttFields, RemoteTtsFields
from service.telemetry.settings import TelemetrySettings
from service.tls.settings import TlsSettings


def default_model_dir() -> Path:
    """The user cache, as XDG says, so assembled weights survive reinstalls of the package."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache_home) / "modu" / "models"


class SttSettings(RemoteSttFields):
    """Speech recognition."""

    engine: Literal["faster-whisper", "openai-whisper", "remote", "fake"] = "faster-whisper"
    """Which recogniser runs. ``openai-whisper`` needs its own weights (``model`` = a .pt path);
    ``remote``: an OpenAI-compatible server (``remote_url``), faster-whisper its fallback."""
    model: str = "whisper-base"
    """A catalogue name (see ``modu models``), a local model folder or file, or a hub model id
    (needs a network; never used by the default install)."""
    compute_type: str = "int8"
    """CTranslate2 compute type. int8 is fastest on CPU; float32 collapses under contention."""
    beam_size: int = Field(default=1, ge=1, le=10)
    """1 is greedy (fastest); 5 is slightly more accurate and ~2x slower."""
    threads: int = Field(default=2, ge=1, le=64)
    """CPU threads for recognition. STT, LM and TTS share the cores: keep the sum small."""
    language: str | None = None
    """Fix the recognition language (ISO 639-1, e.g. ``ko``); ``None`` detects it per utterance."""
    no_speech_threshold: float = Field(default=0.6, ge=0.0, le=1.0)
    """Segments whose no-speech probability is above this are dropped (Whisper invents text
    on silence otherwise)."""
    log_prob_threshold: float = Field(default=-1.0, le=0.0)
    """A segment is dropped as non-speech only when its average log-probability is also below
    this, as Whisper itself decides."""
    vad_gate: bool = True
    """Recognise only audio that the VAD says holds speech; silence and noise give no text."""
    short_window: bool = True
    """faster-whisper: decode speech of up to 27 s on a window fitted to it instead of
    Whisper's fixed 30 s (~5x faster on a short question); it checks itself and falls back to
    ordinary decoding. See ``voices/stt/short_window.py``."""


class VadSettings(BaseModel):
    """Voice activity detection (silero, 16 kHz, 32 ms frames)."""

    engine: Literal["silero", "fake"] = "silero"
    threshold: float = Field(default=0.5, ge=0.05, le=0.95)
    """Speech probability above which a frame counts as speech."""
    min_speech_ms: int = Field(default=150, ge=32, le=2000)
    """Shorter bursts of speech are ignored (clicks, breaths)."""
    silence_duration_ms: int = Field(default=500, ge=200, le=5000)
    """Silence that ends a turn (the profile's patience overrides this per session)."""
    prefix_padding_ms: int = Field(default=300, ge=0, le=2000)
    """Audio kept before the detected start of speech."""
    pool_size: int = Field(default=10, ge=0, le=1000)
    """Idle detectors kept for reuse (reset between streams): each session's turn detection and
    each transcription's speech gate takes one and gives it back, instead of loading a detector
    per stream (native memory that fragmented the heap: voices/vad/pool.py). The default covers
    8 realtime sessions and 2 transcriptions at once; more at once still works, the extra
    detectors are then made and freed. 0 keeps none."""


class LmSettings(BaseModel):
    """The language model."""

    engine: Literal["llamacpp", "transformers", "remote", "fake"] = "llamacpp"
    model: str = "qwen2.5-coder-1.5b-instruct"
    """A catalogue name, a local .gguf file (llama.cpp) or model folder (transformers), or a hub
    model id for transformers (needs a network)."""
    gguf_file: str | None = None
    """For transformers: load this GGUF file inside ``model`` (dequantised on load: slow)."""
    threads: int = Field(default=2, ge=1, le=64)
    """CPU threads for generation; 1 holds up best when other engines share the cores."""
    context_tokens: int = Field(default=4096, ge=256, le=131072)
    parallel_sessions: int = Field(default=2, ge=1, le=64)
    """llama.cpp slots: answers generated at the same time; each keeps its own prompt cache."""
    max_tokens: int = Field(default=160, ge=1, le=8192)
    """Upper bound on an answer's length. Voice answers should be short."""
    temperature: float = Field(default=0.3, ge=0.0, le=2.0)
    top_p: float = Field(default=0.9, gt=0.0, le=1.0)
    seed: int = 0
    remote_url: str | None = None
    """Base URL of an OpenAI-compatible server (vLLM, llama.cpp server, …), e.g.
    ``http://llm:8000/v1``; used when ``engine`` is ``remote``."""
    remote_api_key: str | None = None
    remote_model: str = "default"
    remote_timeout_s: float = Field(default=30.0, gt=0.0, le=600.0)
    remote_fallback: bool = True
    """When the remote server cannot be reached, answer with the embedded model instead, and
    say so in the result."""
    prompt_cache_mib: int = Field(default=128, ge=0, le=65_536)
    """llama.cpp's memory for saved prompts (conversations moved out of a slot, kept to resume
    without re-reading them): up to this much resident memory grows as sessions come and go
    (bench/results/soak/heaptrack-2026-12-06.md). 0 switches it off. 128 MiB resumed 6
    conversations taking turns on 2 slots as well as 256 did; 64 MiB thrashed from the 5th turn
    and a returning conversation then re-read its whole history (2–25 s to the first token
    instead of 1–4 s; bench/results/prompt-cache.md)."""
    remote_recheck_s: float = Field(default=30.0, ge=0.0, le=3600.0)
    """After the remote server failed, answer with the embedded model for this long before
    trying the server again (an unreachable host can cost a connect timeout per answer)."""


class TtsSettings(RemoteTtsFields):
    """Text to speech."""

    engine: Literal["auto", "piper", "espeak", "gtts", "remote", "fake"] = "auto"
    """``auto``: Piper for English, eSpeak NG for Korean and every other language it has; with
    ``online`` on, gTTS first with automatic fallback to those. ``remote``: an
    OpenAI-compatible server (``remote_url``), the ``auto`` voices its fallback."""
    online: bool = False
    """Allow gTTS (Google's voices; needs a network). Falls back to the offline voice."""
    english_voice: str = "en_US-joe-medium"
    """A catalogue voice name or a path to a Piper ``.onnx`` voice (with its ``.onnx.json``)."""
    threads: int = Field(default=1, ge=1, le=64)
    rate: float = Field(default=1.0, ge=0.5, le=2.0)
    """Speech rate as a multiple of the voice's normal pace."""
    pitch: float = Field(default=1.0, ge=0.5, le=1.5)
    """Pitch as a multiple of the voice's normal pitch (eSpeak NG; gTTS and Piper ignore it)."""
    volume: float = Field(default=1.0, ge=0.0, le=2.0)
    sentence_pause_ms: int = Field(default=250, ge=0, le=3000)
    """Silence inserted between sentences."""
    gtts_timeout_s: float = Field(default=5.0, gt=0.0, le=60.0)


class ServerSettings(BaseModel):
    """The HTTP service."""

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    dev: bool = False
    """Development mode: localhost may connect without an API key."""
    preload: bool = True
    """Load every engine when the service starts (in the background), so the first person to
    speak does not wait for models to load."""
    shutdown_grace_s: float = Field(default=10.0, ge=0.0, le=600.0)
    """On SIGTERM, how long open requests and sessions may take to finish before they are
    cancelled and closed, whatever the clients do (a client that never reads included)."""
    release_memory: bool = True
    """After a realtime session or an audio transcription ends, ask the C library to give the
    memory it freed back to the system (glibc ``malloc_trim``, at most every 5 s;
    service/memory.py). Off, the process keeps freed memory for reuse."""


class RealtimeSettings(BaseModel):
    """The ``/v1/realtime`` WebSocket service."""

    max_sessions: int = Field(default=8, ge=1, le=10_000)
    """Concurrent sessions; past it, new connections are refused with close code 1013."""
    max_frame_bytes: int = Field(default=1_048_576, ge=1024, le=16_777_216)
    """Largest WebSocket message accepted (JSON or binary); larger ones get an error event."""
    max_buffer_seconds: float = Field(default=60.0, ge=1.0, le=600.0)
    """Longest input audio turn or push-to-talk buffer."""
    max_outbox_bytes: int = Field(default=16 * 1024 * 1024, ge=65_536, le=1024**3)
    """Events queued for one client that it has not read yet. Generous: the slowest long answer
    (160 tokens at half speed, ~80 s of 24 kHz audio in base64) is ~5 MB, and slow connections
    are people too. Past it the client has stopped reading: the socket is closed (1008)."""
    idle_timeout_s: float = Field(default=600.0, ge=1.0, le=86_400.0)
    """A session with no client message for this long (and no answer playing) is closed."""
    partial_transcript_interval_ms: int = Field(default=1000, ge=0, le=10_000)
    """How often the turn being spoken is re-recognised for partial transcripts (0: never)."""
    prefill_partials: bool = True
    """With each partial transcript, have the model process the question heard so far, so its
    answer starts sooner (llama.cpp keeps that prompt's cache; other engines ignore it)."""
    keep_conversation: bool = True
    """After each answer, while it plays, have the model read the conversation so far, so the
    next question's request finds it all in the cache and reads only the new question
    (llama.cpp; skipped whenever anyone waits for a transcript or an answer)."""
    preemptive_answers: bool = True
    """Prepare the answer during the pause that may end a spoken turn, once its words are
    recognised, and hold it: sent the moment the turn ends with the same speech, dropped
    unseen if the person goes on (docs/turn-taking.md)."""
    preemptive_attempts: int = Field(default=2, ge=1, le=10)
    """Answers prepared per turn at most (each pause after which the person spoke again used
    one)."""
    preemptive_max_speech_s: float = Field(default=20.0, ge=1.0, le=600.0)
    """No answer is prepared for a turn with more speech than this so far: long turns are
    seldom over at their first pauses, and their recognition already costs the most."""
    first_words_first: bool = True
    """A spoken answer with audio to spare pauses its model and voice while another listener
    waits for an answer's first words (docs/turn-taking.md, "First words first")."""
    give_way_margin_s: float = Field(default=3.0, ge=0.5, le=60.0)
    """An answer gives way only while its listener has more than this much audio still to
    play: enough to make and voice its next sentence before they run out."""
    history_token_budget: int = Field(default=1200, ge=64, le=100_000)
    """Earlier turns the model sees, in tokens; the oldest are dropped first."""
    max_conversation_chars: int = Field(default=2_000_000, ge=10_000, le=100_000_000)
    """Characters of conversation a session keeps (and at most 2,000 items); past it the oldest
    items are let go (the model sees far fewer: ``history_token_budget``)."""


class AuthSettings(BaseModel):
    """Who may use the service. Each API key is one owner: profiles and sessions belong to it."""

    api_keys: list[str] = []
    """Accepted API keys (``MODU_AUTH__API_KEYS='["key-1","key-2"]'``). Clients send one as
    ``Authorization: Bearer <key>``, or browsers as the WebSocket subprotocol
    ``openai-insecure-api-key.<key>``."""
    allowed_origins: list[str] = []
    """Browser origins allowed to open the WebSocket and call the API (e.g.
    ``https://app.example``). Requests without an ``Origin`` (non-browser clients) are allowed."""
    local_page_without_key: bool = True
    """The page opened in a browser on modu's own machine (``http://127.0.0.1:PORT/``,
    ``localhost`` or ``[::1]``, reached directly: no proxy) needs no key, so the first command
    gives a working page. Other machines and programs still need a key. Turn off
    (``MODU_AUTH__LOCAL_PAGE_WITHOUT_KEY=false``) where others share the machine, or behind a
    reverse proxy that sends no ``X-Forwarded-For``/``Forwarded`` header."""


class RestSettings(BaseModel):
    """The OpenAI-compatible REST endpoints (``/v1/audio/…``, ``/v1/chat/completions``)."""

    max_upload_bytes: int = Field(default=25 * 1024 * 1024, ge=1024, le=1024**3)
    """Largest audio file ``/v1/audio/transcriptions`` accepts (OpenAI's limit: 25 MB)."""
    max_json_bytes: int = Field(default=1_048_576, ge=1024, le=256 * 1024 * 1024)
    """Largest request body that is not an upload (JSON, forms without files), on every route;
    refused by ``Content-Length`` unread, or once that many bytes have streamed in. Past it: 413."""
    max_audio_seconds: float = Field(default=600.0, ge=1.0, le=14_400.0)
    """Longest decoded audio file (``/v1/audio/transcriptions``, ``modu ask``); decoding stops
    there, since a small compressed file of silence can expand to gigabytes. Past it: 413."""
    max_concurrent_audio: int = Field(default=2, ge=1, le=64)
    """Audio files decoded and recognised at once (``/v1/audio/transcriptions``): each may hold
    a few hundred MB while it runs (service/routes/audio_slots.py)."""
    audio_queue_seconds: float = Field(default=30.0, ge=0.0, le=600.0)
    """How long a request waits for a free slot before 503 ``server_busy`` with Retry-After."""


class Settings(BaseSettings):
    """Everything modu can be told. ``Settings()`` reads the environment (``MODU_…``)."""

    model_config = SettingsConfigDict(
        env_prefix="MODU_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    model_dir: Path = Field(default_factory=default_model_dir)
    """Where chunked bundled weights are assembled once (``MODU_MODEL_DIR``)."""
    stt: SttSettings = SttSettings()
    vad: VadSettings = VadSettings()
    lm: LmSettings = LmSettings()
    tts: TtsSettings = TtsSettings()
    server: ServerSettings = ServerSettings()
    tls: TlsSettings = Field(default_factory=TlsSettings)
    auth: AuthSettings = AuthSettings()
    realtime: RealtimeSettings = RealtimeSettings()
    rest: RestSettings = RestSettings()
    profiles: ProfileSettings = Field(default_factory=ProfileSettings)
    simplify: SimplifySettings = SimplifySettings()
    answers: AnswerSettings = AnswerSettings()
    provenance: ProvenanceSettings = Field(default_factory=ProvenanceSettings)
    telemetry: TelemetrySettings = TelemetrySettings()
    omp_wait_policy: Literal["PASSIVE", "ACTIVE"] = "PASSIVE"
    """OpenMP threads sleep instead of spinning when idle, so engines sharing 2 cores do not
    starve each other (float32 recognition was ~20x slower without it)."""
