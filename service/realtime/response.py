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
from collections.abc import Awaitable, Callable
from contextlib import aclosing

from accessibility.labels import make_label
from service.answers.pipeline import Answer
from service.answers.types import AnswerRequest, AnswerSentence, AnswerTrace
from service.engines import Engines
from service.realtime import server_events as ev
from service.realtime.answer_request import ResponseInput, answer_request
from service.realtime.config import SessionConfig
from service.realtime.conversation import Conversation, ConversationEntry, estimate_tokens
from service.realtime.response_parts import (
    ResponseTimings,
    Status,
    Where,
    pause_event,
    spoken_pace,
    voice_error,
)
from service.realtime.speculation import PauseReport, Speculation
from service.speaking import speak_sentence
from voices.assemble import ModelError
from voices.audio import Audio
from voices.lm.base import CancelToken, LanguageModelError
from voices.tts.base import SynthesisError, SynthesizedSpeech

log = logging.getLogger(__name__)

Emit = Callable[[ev.ServerEvent, str | None], None]
"""Queue an event for the client; the second argument is the response it belongs to (its
queued events are dropped if that response is cancelled) or ``None`` (never dropped)."""

AUDIO_CHUNK_S = 0.25
"""Audio is sent in pieces of this length: small enough to start playing at once."""


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
        what: ResponseInput | None = None,
        wait_for: Callable[[], Awaitable[None]] | None = None,
        prepared: Speculation | None = None,
        pause_report: PauseReport | None = None,
    ) -> None:
        """``what``: what this response says (the model's answer by default); ``prepared``: the
        answer made during the pause before this turn ended, used if it was asked exactly what
        this response asks; ``pause_report``: what preparing did this turn."""
        self.id = ev.new_id("resp")
        self.engines = engines
        self.config = config
        self.conversation = conversation
        self.emit = emit
        self.audio_out = audio_out
        self.extra = extra_instructions
        self.max_output_tokens = max_output_tokens
        self.disclosure = disclosure
        self.what = what or ResponseInput()
        self.wait_for = wait_for
        """Awaited before answering: the user's last turn may still be being recognised."""
        self.cancel_token = CancelToken()
        self.cancel_reason: str | None = None
        self.timings = ResponseTimings()
        self.notes: list[str] = []
        self.language: str | None = None
        self.voice_used: str | None = None
        self.trace: AnswerTrace | None = None
        """What the answer pipeline did (route, safety match, facts, removed sentences)."""
        self.prepared = prepared
        self.pause_report = pause_report
        self.pace = spoken_pace(engines) if audio_out else None
        """Its audio ahead of the listener (first words first: service/answers/pacing.py)."""
        self._entry: ConversationEntry | None = None
        self._audio_ms = 0
        self._output_tokens = 0

    # --- control -------------------------------------------------------------------------

    def cancel(self, reason: str) -> None:
        if self.cancel_reason is None:
            self.cancel_reason = reason
        self.cancel_token.cancel()
        if self.pace is not None:
            self.pace.stop()  # an answer paused for another ends now, not at its margin

    def is_cancelled(self) -> bool:
        # A method, not a property: the type checker would narrow a property after one check,
        # but another task may cancel between two checks.
        return self.cancel_token.cancelled

    # --- the run ------------------------------------------------------------------------

    async def run(self) -> None:
        if self.pace is not None:
            self.pace.waiting_for_first_words()  # recognising the turn's last words counts too
        try:
            await self._run()
        finally:
            if self.pace is not None:
                self.pace.close()

    async def _run(self) -> None:
        if self.wait_for is not None:
            await self.wait_for()
        entry, previous = self.conversation.add("assistant", "", audio=self.audio_out)
        entry.status = "in_progress"
        entry.hidden = self.what.kind == "say"
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
        """The answer pipeline's sentences, each spoken (audio) or sent as text as it comes."""
        answer = self._answer()
        self.language = answer.language
        sentences: asyncio.Queue[AnswerSentence | None] = asyncio.Queue()
        speaker = asyncio.create_task(self._speak(sentences)) if self.audio_out else None
        disclosure = (
            AnswerSentence(self.disclosure, self.language, "fixed")
            if speaker is not None and self.disclosure
            else None
        )
        parts: list[str] = []
        try:
            async with aclosing(answer.sentences()) as stream:
                async for sentence in stream:
                    if self.is_cancelled():
                        break
                    if self.timings.first_token_s is None:
                        self.timings.first_token_s = self.timings.mark()
                    parts.append(sentence.text)
                    if speaker is not None:
                        # The spoken AI notice opens the first answer, except that an
                        # emergency's first words are what to do now and the number to call.
                        if disclosure is not None and sentence.origin != "vetted":
                            sentences.put_nowait(disclosure)
                            disclosure = None
                        sentences.put_nowait(sentence)
                        if disclosure is not None:
                            sentences.put_nowait(disclosure)
                            disclosure = None
                    else:
                        self._send_text(sentence.text, entry)
        finally:
            if speaker is not None:
                sentences.put_nowait(None)
                await speaker
            if self.prepared is not None:
                self.prepared.close()  # finished by now, unless this response ended early
            self.trace = answer.trace
            self.notes += [note for note in answer.trace.notes if note not in self.notes]
        self._output_tokens = estimate_tokens(" ".join(parts)) if parts else 0

    def _answer(self) -> Answer | Speculation:
        """The answer prepared during the pause when it was asked exactly this response's
        request, else the pipeline's answer, started now."""
        request = self._request()
        prepared = self.prepared
        if prepared is not None and not self.is_cancelled() and prepared.adopt(request):
            # From now on, cancelling this response stops the prepared answer's model.
            self.cancel_token = prepared.cancel_token
            prepared.pace_with(self.pace)
            self._report_pause(prepared=True)
            return prepared
        if prepared is not None:
            prepared.drop()  # asked something else (a session.update meanwhile): made afresh
            self.prepared = None
            self._report_pause(prepared=False)
        return self.engines.answers.answer(request, self.cancel_token, pace=self.pace)

    def _report_pause(self, *, prepared: bool) -> None:
        report = self.pause_report
        if report is not None:
            dropped = report.dropped if prepared else report.dropped + 1
            self.pause_report = PauseReport(prepared=prepared, dropped=dropped)

    def _request(self) -> AnswerRequest:
        """This response's turn for the answer pipeline (raises when there is nothing to say)."""
        history, user_text = self.conversation.history()
        return answer_request(
            self.config,
            history,
            user_text,
            what=self.what,
            extra_instructions=self.extra,
            max_output_tokens=self.max_output_tokens,
            audio_out=self.audio_out,
        )

    def _send_text(self, text: str, entry: ConversationEntry) -> None:
        """A text-only answer: each checked sentence as one text delta."""
        delta = text if not entry.text else " " + text
        entry.text = (entry.text + delta).strip()
        self._send(ev.OutputTextDelta(delta=delta, **self._where()))

    async def _speak(self, sentences: asyncio.Queue[AnswerSentence | None]) -> None:
        voice_failed = False
        while (sentence := await sentences.get()) is not None:
            if self.is_cancelled():
                continue  # drain: the generator may still put a few sentences
            audio: Audio | None = None
            if self.pace is not None and self._entry is not None and self._entry.text:
                await self.pace.give_way()  # a later sentence: another's first words come first
            if not voice_failed:
                try:
                    speech = await self._voice(sentence)
                    audio = speech.audio().resample(self.config.output_rate)
                    self.voice_used = f"{speech.engine}/{speech.voice}"
                    if speech.note:
                        self.notes.append(speech.note)
                except SynthesisError as exc:
                    voice_failed = True
                    self.notes.append(f"the voice failed ({exc}); the answer continues as text")
                    self._send(voice_error(str(exc)), durable=True)
            if self.is_cancelled():
                continue
            self._say(sentence.text, sentence.language, audio)

    async def _voice(self, sentence: AnswerSentence) -> SynthesizedSpeech:
        params = self.config.voice_params
        if self.prepared is not None:
            ready = await self.prepared.voice_for(sentence, params)
            if ready is not None:
                return ready
        return await speak_sentence(
            self.engines,
            sentence.text,
            params,
            language=sentence.language,
            fixed_phrase=sentence.origin != "model",
        )

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
            audio = audio.concat(pause) if self._audio_ms else audio
            self._send_audio(audio)
        if self.pace is not None:
            said_answer = sentence != self.disclosure or bool(entry.preamble)
            self.pace.sent(audio.duration_s if audio else 0.0, first_words=said_answer)
        if sentence == self.disclosure and not entry.preamble:
            entry.preamble = sentence  # said, but not part of the answer (a repeat skips it)
            entry.preamble_at = len(entry.text)
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
            modu=ev.ResponseModu(
                label=label,
                notes=self.notes,
                language=self.language,
                route=self.trace.route if self.trace else None,
                safety=self.trace.safety if self.trace else None,
                sources=self.trace.sources if self.trace else [],
                preemptive=pause_event(self.pause_report),
            ),
        )

    def _model_name(self) -> str:
        try:
            return self.engines.language_model.model_id
        except ModelError:
            return self.engines.settings.lm.model
