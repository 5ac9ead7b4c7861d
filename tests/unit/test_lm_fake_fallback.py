"""The fake engine, and falling back from one engine to another."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator

import pytest

from voices.lm.base import CancelToken, ChatMessage, GenerationOptions, LanguageModelError
from voices.lm.fake import DEFAULT_REPLY_EN, DEFAULT_REPLY_KO, FakeLanguageModel
from voices.lm.fallback import FallbackLanguageModel
from voices.lm.prompt import build_messages

OPTIONS = GenerationOptions()


def _user(text: str) -> list[ChatMessage]:
    return [ChatMessage(role="user", content=text)]


async def _collect(stream: AsyncIterator[str]) -> list[str]:
    return [delta async for delta in stream]


@pytest.mark.asyncio
async def test_fake_answers_in_the_users_language() -> None:
    fake = FakeLanguageModel()
    korean = await _collect(fake.stream(build_messages([], "오늘 날씨 어때요?", "ko"), OPTIONS))
    english = await _collect(fake.stream(build_messages([], "How are you?", "en"), OPTIONS))
    assert "".join(korean) == DEFAULT_REPLY_KO
    assert "".join(english) == DEFAULT_REPLY_EN


@pytest.mark.asyncio
async def test_fake_streams_word_by_word_and_records_calls() -> None:
    fake = FakeLanguageModel({"weather": "It is sunny today."})
    deltas = await _collect(fake.stream(_user("What's the WEATHER like?"), OPTIONS))
    assert deltas == ["It", " is", " sunny", " today."]
    assert fake.calls == [_user("What's the WEATHER like?")]


@pytest.mark.asyncio
async def test_fake_default_max_tokens_and_stop() -> None:
    fake = FakeLanguageModel(default="one two three four")
    short = GenerationOptions(max_tokens=2)
    assert await _collect(fake.stream(_user("x"), short)) == ["one", " two"]
    stopped = GenerationOptions(stop=[" three"])
    assert await _collect(fake.stream(_user("x"), stopped)) == ["one", " two"]


@pytest.mark.asyncio
async def test_fake_honours_cancel() -> None:
    fake = FakeLanguageModel(default="a b c d e f g h", delay_s=0.001)
    cancel = CancelToken()
    deltas: list[str] = []
    async for delta in fake.stream(_user("x"), OPTIONS, cancel):
        deltas.append(delta)
        if len(deltas) == 3:
            cancel.cancel()
    assert deltas == ["a", " b", " c"]


@pytest.mark.asyncio
async def test_fake_can_fail_before_or_after_words() -> None:
    with pytest.raises(LanguageModelError, match="down"):
        await _collect(FakeLanguageModel(fail="down").stream(_user("x"), OPTIONS))
    late = FakeLanguageModel(default="a b c", fail="broke", fail_after_words=2)
    deltas: list[str] = []
    with pytest.raises(LanguageModelError, match="broke"):
        async for delta in late.stream(_user("x"), OPTIONS):
            deltas.append(delta)
    assert deltas == ["a", " b"]


@pytest.mark.asyncio
async def test_fallback_uses_primary_when_it_works() -> None:
    engine = FallbackLanguageModel(
        FakeLanguageModel(default="primary", model_id="p"), FakeLanguageModel()
    )
    assert await _collect(engine.stream(_user("x"), OPTIONS)) == ["primary"]
    assert (engine.name, engine.model_id, engine.note) == ("fake", "p", None)


@pytest.mark.asyncio
async def test_fallback_answers_when_primary_fails_before_its_first_word() -> None:
    primary = FakeLanguageModel(fail="remote language model at http://llm:8000/v1 unreachable")
    fallback = FakeLanguageModel(default="embedded answer", model_id="qwen")
    engine = FallbackLanguageModel(primary, fallback)
    assert "".join(await _collect(engine.stream(_user("x"), OPTIONS))) == "embedded answer"
    assert engine.answered_by is fallback
    assert engine.model_id == "qwen"
    assert engine.note == (
        "remote language model at http://llm:8000/v1 unreachable; "
        "answered with the embedded model fake/qwen"
    )


@pytest.mark.asyncio
async def test_failure_after_the_first_word_is_not_hidden() -> None:
    primary = FakeLanguageModel(default="a b c", fail="broke", fail_after_words=1)
    fallback = FakeLanguageModel(default="other")
    engine = FallbackLanguageModel(primary, fallback)
    with pytest.raises(LanguageModelError, match="broke"):
        await _collect(engine.stream(_user("x"), OPTIONS))
    assert fallback.calls == []


@pytest.mark.asyncio
async def test_both_failing_names_both_errors() -> None:
    engine = FallbackLanguageModel(FakeLanguageModel(fail="one"), FakeLanguageModel(fail="two"))
    with pytest.raises(LanguageModelError, match=r"failed \(one\).*\(two\)"):
        await _collect(engine.stream(_user("x"), OPTIONS))


@pytest.mark.asyncio
async def test_primary_is_skipped_for_a_while_after_failing() -> None:
    now = [0.0]
    primary = FakeLanguageModel(fail="down")
    engine = FallbackLanguageModel(
        primary, FakeLanguageModel(default="ok"), retry_after_s=30.0, clock=lambda: now[0]
    )
    for _ in range(2):
        assert await _collect(engine.stream(_user("x"), OPTIONS)) == ["ok"]
    assert len(primary.calls) == 1  # The second turn did not wait for the dead server.
    assert engine.note is not None and engine.note.startswith("down;")
    now[0] = 31.0
    await _collect(engine.stream(_user("x"), OPTIONS))
    assert len(primary.calls) == 2


@pytest.mark.asyncio
async def test_recovered_primary_clears_the_note() -> None:
    engine = FallbackLanguageModel(
        FakeLanguageModel(fail="down"), FakeLanguageModel(), retry_after_s=0.0
    )
    notes: list[str | None] = []
    await _collect(engine.stream(_user("x"), OPTIONS))
    notes.append(engine.note)
    engine.primary = recovered = FakeLanguageModel(default="back")
    assert await _collect(engine.stream(_user("x"), OPTIONS)) == ["back"]
    notes.append(engine.note)
    assert notes[0] is not None and notes[1] is None
    assert engine.answered_by is recovered


@pytest.mark.asyncio
async def test_fallback_passes_cancel_through() -> None:
    engine = FallbackLanguageModel(
        FakeLanguageModel(default="a b c d e", delay_s=0.001), FakeLanguageModel()
    )
    cancel = CancelToken()
    deltas: list[str] = []
    async for delta in engine.stream(_user("x"), OPTIONS, cancel):
        deltas.append(delta)
        cancel.cancel()
    assert deltas == ["a"]


@pytest.mark.asyncio
async def test_fallback_factory_is_built_only_when_needed() -> None:
    built: list[FakeLanguageModel] = []

    def build() -> FakeLanguageModel:
        built.append(FakeLanguageModel(default="local", model_id="qwen"))
        return built[-1]

    healthy = FallbackLanguageModel(FakeLanguageModel(default="remote"), build)
    assert await _collect(healthy.stream(_user("x"), OPTIONS)) == ["remote"]
    assert built == []
    broken = FallbackLanguageModel(FakeLanguageModel(fail="down"), build, retry_after_s=0.0)
    for _ in range(2):
        assert await _collect(broken.stream(_user("x"), OPTIONS)) == ["local"]
    assert len(built) == 1 and broken.answered_by is built[0]


def test_load_builds_and_loads_the_fallback_for_the_warm_up() -> None:
    loaded: list[str] = []

    class _Loadable(FakeLanguageModel):
        def load(self) -> None:
            loaded.append(self.model_id)

    built: list[FakeLanguageModel] = []

    def build() -> FakeLanguageModel:
        built.append(_Loadable(default="local", model_id="qwen"))
        return built[-1]

    engine = FallbackLanguageModel(_Loadable(default="remote", model_id="remote"), build)
    built_before = engine.fallback_if_built
    engine.load()
    engine.load()  # a second warm-up builds nothing new
    assert built_before is None, "nothing is built before it is needed or loaded"
    assert len(built) == 1 and engine.fallback_if_built is built[0]
    assert loaded == ["qwen", "qwen"], "the fallback's model is loaded; the remote has none"
    assert not engine.falling_back, "loading is not failing over"


class _Tracked:
    """An engine whose stream records when it is closed."""

    name, model_id, note = "tracked", "t", None

    def __init__(self) -> None:
        self.closed = False

    async def prefill(self, messages: list[ChatMessage]) -> bool:
        return False

    async def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken | None = None,
    ) -> AsyncGenerator[str, None]:
        try:
            for word in ("a", " b", " c"):
                yield word
        finally:
            self.closed = True


@pytest.mark.asyncio
async def test_closing_early_closes_the_engine_stream_at_once() -> None:
    primary = _Tracked()
    engine = FallbackLanguageModel(primary, FakeLanguageModel())
    stream = engine.stream(_user("x"), OPTIONS)
    assert await anext(stream) == "a"
    await stream.aclose()
    assert primary.closed  # Not left to the garbage collector.
