"""The one answer pipeline: question → checks → model → shaped text → sentences.

Every front end is a client of it: the realtime session (spoken or text answers), REST chat
completions and ``modu ask``. So a profile means the same everywhere, and the safety layer, the
honest referrals and the sentence gate run once, on every output path. Speech is the front
end's last step (:mod:`service.speaking`): each :class:`AnswerSentence` is voiced as it comes.

Stages (docs/answers.md has the diagram):

1. the answer language: the one the person used (:mod:`service.answers.language`);
2. the checks before the model (:mod:`service.answers.checks`): an emergency, scam or medication
   question gets its vetted text first; a live/local question gets an honest referral and no
   model; otherwise matching facts go into the turn's note;
3. the model, streamed; screen-reader shaping of its Markdown;
4. sentences cut as soon as complete, each through the gate (:mod:`service.answers.gate`): a
   wrong-language or echoing start is generated once more, invented specifics are replaced by
   an honest referral, a loop ends the answer; plain and easy-read profiles get the measured
   rule-based simplification per sentence.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from accessibility.language import detect_text_language
from accessibility.screen_reader import SpeakableStream
from service.answers.checks import Plan, plan_turn
from service.answers.facts import FactBase
from service.answers.fallbacks import fallback_reason, fallback_text
from service.answers.gate import SentenceGate, Verdict
from service.answers.language import MIN_LETTERS, answer_language
from service.answers.pacing import FirstWordsBoard, Pace, paced_stream
from service.answers.reading_level import at_reading_level
from service.answers.safety import classify
from service.answers.source_text import MISSING_INTRO, FactKeeper, source_text
from service.answers.types import (
    AnswerRequest,
    AnswerSentence,
    AnswerTrace,
    Origin,
    generation_options,
)
from voices.lm.base import CancelToken, ChatMessage
from voices.lm.prompt import build_messages
from voices.sentences import SentenceStream, split_sentences

if TYPE_CHECKING:
    from service.engines import Engines

MAX_SENTENCE_CHARS = 300
"""A model that stops punctuating is cut here anyway, so its text is still checked (and a loop
caught) as it streams, instead of arriving whole at the end."""

RETRY_NOTE = {
    "en": "Answer the question in English, in your own words; do not repeat the question.",
    "ko": "질문을 되풀이하지 말고, 한국어로 직접 답하세요.",
}


def _letters(text: str) -> bool:
    return sum(ch.isalpha() for ch in text) >= MIN_LETTERS


class AnswerPipeline:
    """One per :class:`~service.engines.Engines`; the fact index is built on first use."""

    def __init__(self, engines: Engines) -> None:
        self.engines = engines
        self._facts: FactBase | None = None
        self.first_words = FirstWordsBoard()
        """The spoken answers whose listeners still wait for their first words: answers already
        playing give way to them (:mod:`service.answers.pacing`)."""
        self.speculative: set[CancelToken] = set()
        """Answers being prepared before their turn has ended (a realtime session's pause,
        :mod:`service.realtime.speculation`): any answer someone is waiting for stops them, so
        a guess never slows a confirmed answer on the shared cores."""

    def facts(self) -> FactBase | None:
        if not self.engines.settings.answers.facts:
            return None
        if self._facts is None:
            self._facts = FactBase.load()
        return self._facts

    def warm_up(self) -> None:
        """Build what the checks need (blocking: call in a worker thread)."""
        classify("warm up", "en")
        facts = self.facts()
        if facts is not None:
            facts.search("warm up 준비", "ko", country=self.engines.settings.answers.country)

    def answer(
        self,
        request: AnswerRequest,
        cancel: CancelToken | None = None,
        *,
        speculative: bool = False,
        pace: Pace | None = None,
    ) -> Answer:
        """``speculative``: prepared before anyone is sure it is wanted; it is stopped (through
        ``cancel``) as soon as a confirmed answer needs the model, until :meth:`confirm`.
        ``pace``: a spoken answer's audio ahead of its listener; with it, the model pauses while
        another listener waits for first words (:mod:`service.answers.pacing`)."""
        token = cancel or CancelToken()
        if speculative:
            self.speculative.add(token)
        elif request.fixed_text is None:
            self.stop_speculative()
        answer = Answer(self, request, token)
        answer.pace = pace
        return answer

    def confirm(self, token: CancelToken) -> None:
        """A prepared answer is wanted after all (or was dropped): no longer preemptible."""
        self.speculative.discard(token)

    def stop_speculative(self) -> None:
        for token in self.speculative:
            token.cancel()
        self.speculative.clear()


class Answer:
    """One answer in progress: iterate :meth:`sentences`; read :attr:`trace` afterwards."""

    def __init__(self, pipeline: AnswerPipeline, request: AnswerRequest, cancel: CancelToken):
        self.pipeline = pipeline
        self.engines = pipeline.engines
        self.settings = pipeline.engines.settings
        self.request = request
        self.cancel = cancel
        self.pace: Pace | None = None
        """Set for a spoken answer (a prepared one gets it when a response adopts it)."""
        self.started = time.perf_counter()
        profile = request.profile
        preferred = request.preferred_languages or (profile.preferred_languages if profile else ())
        self.source = None if request.fixed_text is not None else source_text(request.question)
        asked_in = self.source.request if self.source and _letters(self.source.request) else None
        # "이거 쉽게 설명해 줘: <an English text>" wants Korean: the request's language counts.
        self.language = answer_language(
            asked_in or request.question, request.heard_language, preferred
        )
        country = profile.country if profile and profile.country else None
        self.trace = AnswerTrace(
            language=self.language, country=country or self.settings.answers.country
        )

    async def sentences(self) -> AsyncGenerator[AnswerSentence, None]:
        request = self.request
        if request.fixed_text is not None:
            for fixed in split_sentences(request.fixed_text):
                yield self._sentence(fixed, "fixed")
            self.trace.route = "fixed"
            return
        plan = await self._plan()
        origin: Origin = (
            "vetted" if plan.route == "vetted" else "fact" if plan.route == "facts" else "referral"
        )
        for lead in split_sentences(plan.lead) if plan.lead else []:
            yield AnswerSentence(lead, self.language, origin)
        if not plan.ask_model or self.cancel.cancelled:
            return
        async with aclosing(self._model_sentences(plan)) as stream:
            async for sentence in stream:
                yield sentence

    async def _plan(self) -> Plan:
        answers = self.settings.answers
        request = self.request
        if not answers.checks or request.prompt_text is not None:
            # "Say it simpler" re-says the last answer: the person asked nothing new.
            plan = Plan(route="model", supplied=f"{request.question}\n{request.prompt_text or ''}")
            plan.allowed_numbers = frozenset()
            if not answers.checks:
                return plan
        else:
            facts = await asyncio.to_thread(self.pipeline.facts)
            # A text given to be reworked is the person's material, not their situation: only
            # their own request is checked ("make this simpler: … call 119 …" is no emergency).
            checked = self.source.request if self.source else request.question
            plan = plan_turn(checked, self.language, self.trace.country, answers, facts)
            if self.source is not None and plan.route == "referral":
                plan = Plan(route="model", supplied=request.question, allowed_numbers=frozenset())
        self.trace.route = plan.route
        self.trace.safety = plan.safety
        self.trace.live_local = plan.live_local
        self.trace.facts = [fact.id for fact in plan.facts]
        self.trace.sources = plan.sources
        self.trace.checks_ms = plan.checks_ms
        return plan

    async def _model_sentences(self, plan: Plan) -> AsyncGenerator[AnswerSentence, None]:
        """The model's answer with every fact of the person's text kept (when one was given)."""
        keeper = self._fact_keeper()
        async with aclosing(self._gated_sentences(plan)) as stream:
            async for sentence in stream:
                if keeper is not None:
                    keeper.add(sentence.text)
                yield sentence
        if keeper is None or self.cancel.cancelled:
            return
        missing = keeper.missing_sentences()
        if missing:
            self.trace.notes.append(f"{len(missing)} sentence(s) of the source said again")
            yield AnswerSentence(
                MISSING_INTRO.get(self.language, MISSING_INTRO["en"]), self.language, "fixed"
            )
            for kept in missing:
                yield self._sentence(kept, "source")

    def _fact_keeper(self) -> FactKeeper | None:
        source = self.request.keep_facts_from or (self.source.text if self.source else None)
        if not source:
            return None
        language = detect_text_language(source, default=self.language) or self.language
        return FactKeeper(source, "ko" if language == "ko" else "en")

    async def _gated_sentences(self, plan: Plan) -> AsyncGenerator[AnswerSentence, None]:
        """The model's answer, gated sentence by sentence; once more on a bad start."""
        retries = self.settings.answers.retries
        for attempt in range(retries + 1):
            gate = self._gate(plan)
            retry = False
            held: list[AnswerSentence] = []
            async with aclosing(self._model_attempt(plan, gate, attempt > 0)) as stream:
                async for item in stream:
                    if item is None:
                        retry = True
                        break
                    if gate.addition:
                        held.append(item)  # judged whole: see below
                    else:
                        yield item
            self.trace.removed += gate.removed
            if gate.addition:
                # An addition to a vetted answer is sent only if no sentence of it was refused:
                # "Don't worry. You can send it." must not keep its first half.
                if not gate.removed:
                    for item in held:
                        yield item
                return
            if retry:
                self.trace.retries += 1
                continue
            nothing_sent = gate.passed == 0 and not gate.replaced and not self.trace.fallback
            if plan.lead:
                return  # the vetted text or the fact answered: a dropped addition leaves it whole
            if nothing_sent and not self.cancel.cancelled:
                yield self._fallback(gate)
            return

    async def _model_attempt(
        self, plan: Plan, gate: SentenceGate, firmer: bool
    ) -> AsyncGenerator[AnswerSentence | None, None]:
        """One generation through ``gate``; ``None`` asks for a retry (nothing was sent)."""
        async with aclosing(self._judgeable_chunks(plan, gate, firmer)) as batches:
            async for chunks in batches:
                for item in await self._judged(gate, chunks, firmer):
                    if item == "retry":
                        yield None  # generate again: nothing was sent
                    if not isinstance(item, AnswerSentence):
                        return
                    yield item

    async def _judgeable_chunks(
        self, plan: Plan, gate: SentenceGate, firmer: bool
    ) -> AsyncGenerator[list[str], None]:
        """The model's text cut into chunks the gate may judge, a batch per streamed delta and
        the rest at the end."""
        request = self.request
        shaper = self._shaper()
        splitter = SentenceStream(
            first_clause_chars=request.first_chunk_chars,
            first_phrase_chars=request.first_chunk_chars,
            max_chars=MAX_SENTENCE_CHARS,
        )
        async with aclosing(self._model_text(plan, firmer)) as stream:
            async for raw in stream:
                text = "".join(f"{b}\n" for b in shaper.feed(raw)) if shaper else raw
                yield gate.judgeable(splitter.feed(text))
                if gate.holding:
                    splitter.first_chunk_again()
        tail = "".join(f"{b}\n" for b in shaper.flush()) if shaper else ""
        yield gate.judgeable(splitter.feed(tail) + splitter.flush(), final=True)

    async def _judged(
        self, gate: SentenceGate, chunks: list[str], firmer: bool
    ) -> list[AnswerSentence | Literal["retry", "stop"]]:
        """``chunks`` checked in order: what to send, ending with ``"retry"`` (generate again;
        nothing was sent) or ``"stop"`` (the answer ends here) when a verdict says so."""
        out: list[AnswerSentence | Literal["retry", "stop"]] = []
        for chunk in chunks:
            verdict = gate.check(chunk)
            if verdict.kind == "retry":
                if self._may_retry(firmer):
                    return [*out, "retry"]
                # No retries left: an honest fallback instead of a bad answer.
                return [*out, self._fallback(gate), "stop"]
            if verdict.kind in ("pass", "replace"):
                out += await self._said(verdict, gate)
            if verdict.kind == "stop":
                return [*out, "stop"]
        return out

    async def _said(self, verdict: Verdict, gate: SentenceGate) -> list[AnswerSentence]:
        """A sentence that passed (or its replacement), at the person's reading level. A spoken
        answer's first one is sent in the pieces its voice starts with: one held whole for the
        echo check (:meth:`SentenceGate.judgeable`) would otherwise be voiced whole before any
        of it is heard."""
        shaped = await self._shaped(verdict.text, verdict.kind)
        chars = self.request.first_chunk_chars
        if chars is None or verdict.kind != "pass" or gate.passed != 1:
            return [shaped]
        pieces = split_sentences(shaped.text, first_clause_chars=chars, first_phrase_chars=chars)
        return [replace(shaped, text=piece) for piece in pieces] or [shaped]

    def _may_retry(self, firmer: bool) -> bool:
        """Whether a bad start may be generated again: retries left, and not cancelled."""
        retries_used = self.trace.retries
        return retries_used < self.settings.answers.retries and not self.cancel.cancelled

    async def _model_text(self, plan: Plan, firmer: bool) -> AsyncGenerator[str, None]:
        request = self.request
        messages = self._messages(plan, firmer)
        options = generation_options(
            self.settings,
            max_tokens=plan.max_tokens if plan.max_tokens is not None else request.max_tokens,
            temperature=request.temperature,
            top_p=request.top_p,
            seed=request.seed,
            stop=request.stop,
        )
        lm = await asyncio.to_thread(lambda: self.engines.language_model)
        self.engines.generations_in_flight += 1
        deltas = 0
        try:
            paced = paced_stream(lm, messages, options, self.cancel, lambda: self.pace)
            async with aclosing(paced) as stream:
                async for delta in stream:
                    if self.cancel.cancelled:
                        break
                    if self.trace.first_token_s is None:
                        self.trace.first_token_s = round(time.perf_counter() - self.started, 3)
                    deltas += 1
                    yield delta
        finally:
            self.engines.generations_in_flight -= 1
            self.trace.model_deltas += deltas
            self.trace.hit_token_limit = deltas >= options.max_tokens
        if lm.note and lm.note not in self.trace.notes:
            self.trace.notes.append(lm.note)

    def _messages(self, plan: Plan, firmer: bool) -> list[ChatMessage]:
        request = self.request
        if request.messages is not None:
            return list(request.messages)
        profile = request.profile
        pieces = [
            profile.prompt_extra(self.language) if profile else request.prompt_extra,
            request.instructions,
            plan.note,
            RETRY_NOTE.get(self.language, RETRY_NOTE["en"]) if firmer else None,
        ]
        extra = " ".join(p for p in pieces if p) or None
        history = list(request.history)
        asked = request.question
        if request.prompt_text is not None:
            if request.question:
                history.append(ChatMessage(role="user", content=request.question))
            asked = request.prompt_text
        return build_messages(history, asked, self.language, extra=extra)

    def _gate(self, plan: Plan) -> SentenceGate:
        return SentenceGate(
            question=self.request.question,
            language=self.language,
            supplied=plan.supplied,
            allowed_numbers=plan.allowed_numbers,
            addition=plan.route == "vetted",
            follows=plan.lead,
        )

    def _shaper(self) -> SpeakableStream | None:
        profile = self.request.profile
        return SpeakableStream(self.language) if profile and profile.screen_reader else None

    async def _shaped(self, sentence: str, kind: str) -> AnswerSentence:
        if kind == "replace":
            return AnswerSentence(sentence, self.language, "fallback")
        profile, simplify = self.request.profile, self.settings.simplify
        text = await asyncio.to_thread(at_reading_level, sentence, self.language, profile, simplify)
        return self._sentence(text, "model")

    def _fallback(self, gate: SentenceGate | None = None) -> AnswerSentence:
        """The honest replacement when nothing the model said may be sent."""
        self.trace.fallback = True
        reason = fallback_reason(gate.removed[-1][1] if gate is not None and gate.removed else "")
        return AnswerSentence(fallback_text(reason, self.language), self.language, "fallback")

    def _sentence(self, text: str, origin: Origin) -> AnswerSentence:
        language = detect_text_language(text, default=self.language) or self.language
        return AnswerSentence(text, language, origin)
