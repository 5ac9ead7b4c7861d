"""One streamed answer: model tokens → sentences → voice → audio deltas, cancellable.

The model generates in its own thread while a second task speaks each finished sentence, so
the first audio leaves long before the last token. Cancelling (barge-in, ``response.cancel``)
stops the model, the voice and the audio still queued; the conversation keeps only what was
actually sent. An engine failure ends this response (status ``failed``), never the session; if
only the voice fails, the answer continues as text.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Literal, TypedDict

from accessibility.labels import make_label
from accessibility.language import detect_text_language
from accessibility.screen_reader import SpeakableStream
from accessibility.simplify import UnsupportedLanguageError, simplify_rules_only
from service.engines import Engines
from service.lm.base import CancelToken, ChatMessage, GenerationOptions, LanguageModelError
from service.lm.prompt import build_messages
from service.realtime import server_events as ev
from service.realtime.config import SessionConfig
from service.realtime.conversation import Conversation, ConversationEntry, estimate_tokens
from voices.assemble import ModelError
from voices.audio import Audio
from voices.sentences import SentenceStream
from voices.tts.base import SynthesisError, VoiceParams

log = logging.getLogger(__name__)

Emit = Callable[[ev.ServerEvent, str | None], None]
"""Queue an event for the client; the second argument is the response it belongs to (its
queued events are dropped if that response is cancelled) or ``None`` (never dropped)."""

AUDIO_CHUNK_S = 0.25
"""Audio is sent in pieces of this length: small enough to start playing at once."""

FIRST_CHUNK_CHARS = 15
"""The first spoken chunk may end at a comma or phrase boundary once it is this long."""

Status = Literal["completed", "cancelled", "failed", "incomplete"]


class Where(TypedDict):
    """Where an event's content sits: response, item, output and content indexes."""

    response_id: str
    item_id: str
    output_index: int
    content_index: int


@dataclass
class ResponseTimings:
    """Seconds from the response's start (for the benchmark harness)."""

    started_at: float = field(default_factory=time.perf_counter)
    first_token_s: float | None = None
    first_audio_s: float | None = None
    done_s: float | None = None

    def mark(self) -> float:
        return time.perf_counter() - self.started_at


class ResponseRunner:
    def __init__(
        self,
        *,
        engines: Engines,
        config: SessionConfig,
        conversation: Conversation,
        emit: Emit,
        audio_out: bool,
        extra_instructions: str | None = None,
        max_output_tokens: int | None = None,
        disclosure: str | None = None,
        fixed_text: str | None = None,
        hidden: bool = False,
        prompt_text: str | None = None,
        wait_for: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """``fixed_text``: say exactly this, without the model (a command's reply, a repeat,
        a confirmation question). ``hidden``: keep the answer out of the model's history.
        ``prompt_text``: ask the model this instead of the last user message ("say it simpler")."""
        self.id = ev.new_id("resp")
        self.engines = engines
        self.config = config
        self.conversation = conversation
        self.emit = emit
        self.audio_out = audio_out
        self.extra = extra_instructions
        self.max_output_tokens = max_output_tokens
        self.disclosure = disclosure
        self.fixed_text = fixed_text
        self.hidden = hidden
        self.prompt_text = prompt_text
        self.wait_for = wait_for
        """Awaited before answering: the user's last turn may still be being recognised."""
        self.cancel_token = CancelToken()
        self.cancel_reason: str | None = None
        self.timings = ResponseTimings()
        self.notes: list[str] = []
        self.language: str | None = None
        self.voice_used: str | None = None
        self._entry: ConversationEntry | None = None
        self._audio_ms = 0
        self._output_tokens = 0

    # --- control -------------------------------------------------------------------------

    def cancel(self, reason: str) -> None:
        if self.cancel_reason is None:
            self.cancel_reason = reason
        self.cancel_token.cancel()

    def is_cancelled(self) -> bool:
        # A method, not a property: the type checker would narrow a property after one check,
        # but another task may cancel between two checks.
        return self.cancel_token.cancelled

    # --- the run ------------------------------------------------------------------------

    async def run(self) -> None:
        if self.wait_for is not None:
            await self.wait_for()
        entry, previous = self.conversation.add("assistant", "", audio=self.audio_out)
        entry.status = "in_progress"
        entry.hidden = self.hidden
        self._entry = entry
        self._send(ev.ResponseCreated(response=self._response(None)), durable=True)
        self._send(ev.ItemAdded(previous_item_id=previous, item=entry.as_item()), durable=True)
        self._send(ev.OutputItemAdded(response_id=self.id, item=entry.as_item()), durable=True)
        self._send(ev.ContentPartAdded(part=self._part(""), **self._where()), durable=True)
        status: Status = "completed"
        error: ev.ErrorDetail | None = None
        try:
            await self._generate_and_speak(entry)
        except (LanguageModelError, ModelError) as exc:
            status, error = (
                "failed",
                ev.ErrorDetail(type="server_error", code="model_failed", message=str(exc)),
            )
        except Exception as exc:  # an engine's own failure must end this answer, not the session
            log.exception("response %s failed", self.id)
            status, error = (
                "failed",
                ev.ErrorDetail(
                    type="server_error",
                    code="engine_failed",
                    message=f"{type(exc).__name__}: {exc}",
                ),
            )
        if self.is_cancelled():
            status = "cancelled"
        self._finish(entry, status, error)

    async def _generate_and_speak(self, entry: ConversationEntry) -> None:
        history, user_text = self.conversation.history()
        if self.prompt_text is not None and user_text is not None:
            history = [*history, ChatMessage(role="user", content=user_text)]
        user_text = self.fixed_text or self.prompt_text or user_text
        if user_text is None:
            raise LanguageModelError(
                "nothing to answer: expected a user message (audio committed or "
                "conversation.item.create) before response.create"
            )
        self.language = self.config.language or detect_text_language(user_text, default="en")
        profile = self.config.profile
        shaper = (
            SpeakableStream(self.language or "en") if profile and profile.screen_reader else None
        )
        messages = build_messages(history, user_text, self.language, extra=self._extra())
        options = GenerationOptions(
            max_tokens=self.max_output_tokens or self.engines.settings.lm.max_tokens,
            temperature=self.config.temperature
            if self.config.temperature is not None
            else self.engines.settings.lm.temperature,
            top_p=self.engines.settings.lm.top_p,
            seed=self.engines.settings.lm.seed,
        )
        sentences: asyncio.Queue[str | None] = asyncio.Queue()
        speaker = asyncio.create_task(self._speak(sentences)) if self.audio_out else None
        if speaker is not None and self.disclosure:
            sentences.put_nowait(self.disclosure)
        # The first chunk may end at a comma or a phrase boundary ("…cook rice | by boiling…")
        # once it holds FIRST_CHUNK_CHARS: at ~19 tokens/s on 2 cores, each word saved brings
        # the first audio ~0.1 s sooner (see bench/results/LEVERS.md).
        splitter = SentenceStream(
            first_clause_chars=FIRST_CHUNK_CHARS, first_phrase_chars=FIRST_CHUNK_CHARS
        )
        parts: list[str] = []
        try:
            async with aclosing(self._text_stream(messages, options)) as stream:
                async for raw in stream:
                    if self.is_cancelled():
                        break
                    if self.timings.first_token_s is None:
                        self.timings.first_token_s = self.timings.mark()
                    # Screen-reader mode shapes whole Markdown blocks into linear speech.
                    delta = "".join(f"{block}\n" for block in shaper.feed(raw)) if shaper else raw
                    self._take(delta, parts, splitter, sentences, speaker is not None)
            if shaper is not None and not self.is_cancelled():
                tail = "".join(f"{block}\n" for block in shaper.flush())
                self._take(tail, parts, splitter, sentences, speaker is not None)
            if speaker is not None and not self.is_cancelled():
                for sentence in splitter.flush():
                    sentences.put_nowait(sentence)
        finally:
            if speaker is not None:
                sentences.put_nowait(None)
                await speaker
        if not self.audio_out:
            entry.text = "".join(parts).strip()
        self._output_tokens = estimate_tokens("".join(parts)) if parts else 0

    async def _text_stream(
        self, messages: list[ChatMessage], options: GenerationOptions
    ) -> AsyncGenerator[str, None]:
        if self.fixed_text is not None:
            yield self.fixed_text
            return
        lm = self.engines.language_model
        self.engines.generations_in_flight += 1
        try:
            async with aclosing(lm.stream(messages, options, self.cancel_token)) as stream:
                async for delta in stream:
                    yield delta
        finally:
            self.engines.generations_in_flight -= 1
        if lm.note:
            self.notes.append(lm.note)

    def _take(
        self,
        delta: str,
        parts: list[str],
        splitter: SentenceStream,
        sentences: asyncio.Queue[str | None],
        speaking: bool,
    ) -> None:
        """One piece of answer text: straight to the client (text) or to the voice (audio)."""
        if not delta:
            return
        parts.append(delta)
        if not speaking:
            self._send(ev.OutputTextDelta(delta=delta, **self._where()))
            return
        for sentence in splitter.feed(delta):
            sentences.put_nowait(sentence)

    def _extra(self) -> str | None:
        profile = self.config.profile
        from_profile = profile.prompt_extra(self.language) if profile else self.config.prompt_extra
        pieces = [p for p in (from_profile, self.config.instructions, self.extra) if p]
        return " ".join(pieces) if pieces else None

    async def _speak(self, sentences: asyncio.Queue[str | None]) -> None:
        voice_failed = False
        while (sentence := await sentences.get()) is not None:
            if self.is_cancelled():
                continue  # drain: the generator may still put a few sentences
            language = detect_text_language(sentence, default=self.language) or "en"
            if sentence != self.disclosure:
                sentence = await asyncio.to_thread(self._at_reading_level, sentence, language)
            params: VoiceParams = self.config.voice_params.model_copy(update={"language": language})
            audio: Audio | None = None
            if not voice_failed:
                try:
                    synthesize = (
                        self.engines.synthesize_phrase
                        if sentence == self.disclosure
                        else self.engines.synthesizer.synthesize
                    )
                    speech = await asyncio.to_thread(synthesize, sentence, params)
                    audio = speech.audio().resample(self.config.output_rate)
                    self.voice_used = f"{speech.engine}/{speech.voice}"
                    if speech.note:
                        self.notes.append(speech.note)
                except SynthesisError as exc:
                    voice_failed = True
                    self.notes.append(f"the voice failed ({exc}); the answer continues as text")
                    self._send(self._voice_error(str(exc)), durable=True)
            if self.is_cancelled():
                continue
            self._say(sentence, language, audio)

    def _at_reading_level(self, sentence: str, language: str) -> str:
        """Plain and easy-read profiles: the measured rule-based fixes (split long sentences,
        common words, symbols spelled out), sentence by sentence so streaming goes on; a fix
        that would lose a fact is not applied. The model was already asked for the level."""
        profile = self.config.profile
        if profile is None or profile.reading_level == "standard":
            return sentence
        try:
            result = simplify_rules_only(
                sentence, language, profile.reading_level, self.engines.settings.simplify
            )
        except UnsupportedLanguageError:
            return sentence
        return sentence if result.facts_missing else result.text

    def _say(self, sentence: str, language: str, audio: Audio | None) -> None:
        """Send one sentence: its caption, its transcript delta, then its audio, in step."""
        entry = self._entry
        assert entry is not None
        where = self._where()
        text = sentence if not (entry.preamble or entry.text) else " " + sentence
        if audio is not None:
            start = self._audio_ms
            end = start + round(audio.duration_s * 1000)
            caption = ev.Caption(
                start_ms=start, end_ms=end, text=sentence, language=language, **where
            )
            self._send(caption)
        self._send(ev.OutputAudioTranscriptDelta(delta=text, **where))
        if audio is not None:
            if self.timings.first_audio_s is None:
                self.timings.first_audio_s = self.timings.mark()
            pause = Audio.silence(
                self.config.voice_params.sentence_pause_ms / 1000, audio.sample_rate
            )
            self._send_audio(audio.concat(pause) if self._audio_ms else audio)
        if sentence == self.disclosure and not entry.preamble and not entry.text:
            entry.preamble = sentence  # said, but not part of the answer (a repeat skips it)
            return
        entry.text = (entry.text + text).strip()
        entry.spoken_sentences.append((entry.text, self._audio_ms))

    def _send_audio(self, audio: Audio) -> None:
        step = max(1, round(AUDIO_CHUNK_S * audio.sample_rate))
        pcm = audio.to_pcm16()
        for offset in range(0, len(pcm), step * 2):
            chunk = pcm[offset : offset + step * 2]
            self._send(ev.OutputAudioDelta(delta=base64.b64encode(chunk).decode(), **self._where()))
        self._audio_ms += round(audio.duration_s * 1000)

    # --- the end ------------------------------------------------------------------------

    def _finish(
        self, entry: ConversationEntry, status: Status, error: ev.ErrorDetail | None
    ) -> None:
        self.timings.done_s = self.timings.mark()
        entry.status = "completed" if status == "completed" else "incomplete"
        where = self._where()
        if self.audio_out:
            self._send(ev.OutputAudioDone(**where), durable=True)
            self._send(
                ev.OutputAudioTranscriptDone(transcript=entry.spoken_text, **where), durable=True
            )
        else:
            self._send(ev.OutputTextDone(text=entry.text, **where), durable=True)
        self._send(ev.ContentPartDone(part=self._part(entry.spoken_text), **where), durable=True)
        self._send(ev.OutputItemDone(response_id=self.id, item=entry.as_item()), durable=True)
        self._send(ev.ItemDone(item=entry.as_item()), durable=True)
        if error is not None:
            self._send(ev.ErrorEvent(error=error), durable=True)
        self._send(ev.ResponseDone(response=self._response(status, error)), durable=True)

    def owns(self, item_id: str) -> bool:
        return self._entry is not None and self._entry.id == item_id

    def truncate(self, audio_end_ms: int) -> None:
        """The client played only ``audio_end_ms`` of this answer: keep what was heard."""
        if self._entry is None:
            return
        heard = [text for text, end in self._entry.spoken_sentences if end <= audio_end_ms]
        self._entry.text = heard[-1] if heard else ""

    # --- helpers ------------------------------------------------------------------------

    def _send(self, event: ev.ServerEvent, *, durable: bool = False) -> None:
        self.emit(event, None if durable else self.id)

    def _where(self) -> Where:
        assert self._entry is not None
        return Where(response_id=self.id, item_id=self._entry.id, output_index=0, content_index=0)

    def _part(self, text: str) -> ev.ResponsePart:
        if self.audio_out:
            return ev.ResponsePart(type="audio", transcript=text)
        return ev.ResponsePart(type="text", text=text)

    def _voice_error(self, message: str) -> ev.ErrorEvent:
        return ev.ErrorEvent(
            error=ev.ErrorDetail(
                type="server_error",
                code="voice_unavailable",
                message=f"The voice failed ({message}); the answer continues as text.",
            )
        )

    def _response(self, status: Status | None, error: ev.ErrorDetail | None = None) -> ev.Response:
        """The response object; ``status`` ``None`` while it is still in progress."""
        label = make_label(model=self._model_name(), voice=self.voice_used)
        details = None
        if status is not None:
            reason = self.cancel_reason if status == "cancelled" else None
            details = ev.StatusDetails(type=status, reason=reason, error=error)
        output = [self._entry.as_item()] if self._entry and status is not None else []
        return ev.Response(
            id=self.id,
            status=status or "in_progress",
            status_details=details,
            output=output,
            output_modalities=["audio"] if self.audio_out else ["text"],
            usage=ev.Usage(output_tokens=self._output_tokens, total_tokens=self._output_tokens),
            modu=ev.ResponseModu(label=label, notes=self.notes, language=self.language),
        )

    def _model_name(self) -> str:
        try:
            return self.engines.language_model.model_id
        except ModelError:
            return self.engines.settings.lm.model
