"""``/v1/chat/completions`` on a live server, through the openai SDK (fake engines)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from accessibility.labels import label_from_headers
from service.settings import Settings
from tests.helpers.openai_rest import (
    API_KEY,
    Live,
    RecordingLanguageModel,
    error_of,
    live_server,
    with_key,
)
from voices.lm.base import ChatMessage
from voices.lm.fake import DEFAULT_REPLY_EN, DEFAULT_REPLY_KO, FakeLanguageModel


@pytest.fixture
def live(fake_settings: Settings) -> Iterator[Live]:
    with live_server(with_key(fake_settings)) as server:
        yield server


# --- /v1/chat/completions ---------------------------------------------------------------------


def test_chat_completion_is_labelled_in_body_and_headers(live: Live) -> None:
    raw = live.client.chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Who are you?"}]
    )
    completion = raw.parse()
    choice = completion.choices[0]
    assert choice.message.content == DEFAULT_REPLY_EN
    assert choice.finish_reason == "stop"
    assert completion.model == "fake"
    assert completion.usage is not None
    assert completion.usage.completion_tokens >= len(DEFAULT_REPLY_EN.split())
    assert completion.usage.total_tokens == (
        completion.usage.prompt_tokens + completion.usage.completion_tokens
    )
    modu = (completion.model_extra or {})["modu"]
    assert modu["label"]["ai_generated"] is True
    assert modu["label"]["model"] == "fake / fake"
    assert modu["label_text"] == "AI-generated answer"
    assert modu["usage_estimated"] is True
    assert label_from_headers(raw.headers).model == "fake / fake"


def test_chat_in_korean_answers_in_korean_and_asks_the_model_to(fake_settings: Settings) -> None:
    model = FakeLanguageModel()
    with live_server(with_key(fake_settings), model) as server:
        completion = server.client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "너는 누구니?"}]
        )
    assert completion.choices[0].message.content == DEFAULT_REPLY_KO
    assert (completion.model_extra or {})["modu"]["label_text"] == "AI 생성 답변"
    assert "Korean" in model.calls[-1][-1].content


def test_a_client_system_prompt_replaces_modus_own(fake_settings: Settings) -> None:
    model = FakeLanguageModel()
    with live_server(with_key(fake_settings), model) as server:
        server.client.chat.completions.create(
            model="m",
            messages=[
                {"role": "system", "content": "Be a pirate."},
                {"role": "developer", "content": "Say arr."},
                {"role": "user", "content": "안녕"},
            ],
        )
    sent = model.calls[-1]
    assert sent[0] == ChatMessage(role="system", content="Be a pirate.\n\nSay arr.")
    assert sent[-1] == ChatMessage(role="user", content="안녕")


def test_chat_accepts_text_content_parts_and_unknown_fields(live: Live) -> None:
    completion = live.client.chat.completions.create(
        model="m",
        messages=[
            {
                "role": "user",
                "content": [{"type": "text", "text": "Who"}, {"type": "text", "text": "are you?"}],
            }
        ],
        temperature=0.0,
        top_p=0.5,
        seed=7,
        extra_body={"tools_we_do_not_know": [1, 2], "logit_bias": {}},
    )
    assert completion.choices[0].message.content == DEFAULT_REPLY_EN


def test_chat_image_part_is_a_400_naming_the_part(live: Live) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        live.client.chat.completions.create(
            model="m",
            messages=[
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "What is this?"},
                        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AA=="}},
                    ],
                }
            ],
        )
    assert error_of(caught.value)["param"] == "messages.0.content.1"


def test_chat_max_tokens_cuts_the_answer_with_finish_reason_length(live: Live) -> None:
    completion = live.client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "Who are you?"}], max_tokens=3
    )
    assert completion.choices[0].message.content == "I am modu,"
    assert completion.choices[0].finish_reason == "length"


def test_chat_stop_sequence(live: Live) -> None:
    completion = live.client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "Who are you?"}], stop=["test"]
    )
    assert completion.choices[0].message.content == "I am modu, a"
    assert completion.choices[0].finish_reason == "stop"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"messages": []}, "messages"),
        ({"temperature": 3.0}, "temperature"),
        ({"n": 2}, "n"),
        ({"max_tokens": 0}, "max_tokens"),
        (
            {"messages": [{"role": "tool", "content": "42", "tool_call_id": "call_1"}]},
            "messages.0.role",
        ),
    ],
)
def test_chat_validation_errors_name_the_field(
    live: Live, body: dict[str, Any], param: str
) -> None:
    request = {"model": "m", "messages": [{"role": "user", "content": "Hi"}], **body}
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        live.client.chat.completions.create(**request)
    assert error_of(caught.value)["param"] == param


def test_chat_without_a_user_message_is_a_400(live: Live) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        live.client.chat.completions.create(
            model="m", messages=[{"role": "system", "content": "Be brief."}]
        )
    assert error_of(caught.value)["param"] == "messages"


def test_chat_too_long_for_the_context_is_a_400(live: Live) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        live.client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "word " * 20_000}]
        )
    assert error_of(caught.value)["code"] == "context_length_exceeded"


def test_chat_stream_sends_labelled_chunks_then_usage(live: Live) -> None:
    stream = live.client.chat.completions.create(
        model="m",
        messages=[{"role": "user", "content": "Who are you?"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert all(chunk.object == "chat.completion.chunk" for chunk in chunks)
    assert len({chunk.id for chunk in chunks}) == 1
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == DEFAULT_REPLY_EN
    assert chunks[0].choices[0].delta.role == "assistant"
    assert (chunks[0].model_extra or {})["modu"]["label"]["ai_generated"] is True
    finish = [
        c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason
    ]
    assert finish == ["stop"]
    assert chunks[-1].choices == []
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0


def test_chat_stream_wire_format_ends_with_done(live: Live) -> None:
    request = {"model": "m", "stream": True, "messages": [{"role": "user", "content": "Hi"}]}
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with httpx.stream(
        "POST", f"{live.url}/v1/chat/completions", json=request, headers=headers
    ) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["x-modu-ai-generated"] == "true"
        events = [line for line in response.iter_lines() if line]
    assert all(event.startswith("data: ") for event in events)
    assert events[-1] == "data: [DONE]"


def test_engine_failure_mid_stream_reaches_the_client_as_an_error(fake_settings: Settings) -> None:
    failing = FakeLanguageModel(fail="the model crashed", fail_after_words=2)
    with live_server(with_key(fake_settings), failing) as server:
        stream = server.client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "Hi"}], stream=True
        )
        with pytest.raises(openai.APIError, match="the model crashed"):
            list(stream)
        with pytest.raises(openai.InternalServerError, match="the model crashed"):
            server.client.chat.completions.create(
                model="m", messages=[{"role": "user", "content": "Hi"}]
            )


def slow_model() -> RecordingLanguageModel:
    """2,000 words at 10 ms each: 20 s unless cancelled."""
    return RecordingLanguageModel(FakeLanguageModel(default="word " * 2000, delay_s=0.01))


def test_client_leaving_a_stream_stops_the_model(fake_settings: Settings) -> None:
    model = slow_model()
    with live_server(with_key(fake_settings), model) as server:
        stream = server.client.chat.completions.create(
            model="m",
            messages=[{"role": "user", "content": "Talk."}],
            stream=True,
            max_tokens=3000,
        )
        for _, _chunk in zip(range(3), stream, strict=False):
            pass
        stream.close()
        assert model.finished.wait(timeout=10), "the model kept generating after the client left"
    # Stopped by closing its generator (or by the cancel token, whichever comes first).
    assert model.words < 2000


def test_client_leaving_a_whole_answer_request_stops_the_model(fake_settings: Settings) -> None:
    model = slow_model()
    with live_server(with_key(fake_settings), model) as server:
        request = {
            "model": "m",
            "max_tokens": 3000,
            "messages": [{"role": "user", "content": "Go"}],
        }
        with pytest.raises(httpx.ReadTimeout):
            httpx.post(
                f"{server.url}/v1/chat/completions",
                json=request,
                headers={"Authorization": f"Bearer {API_KEY}"},
                timeout=0.5,
            )
        assert model.finished.wait(timeout=10), "the model kept generating after the client left"
    assert model.cancelled
    assert model.words < 2000
