"""The official openai SDK reading our streams: raw `create(stream=True)`, the `.stream()` helper and
its accumulated final message, and failures raised as the right exception class."""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest

from tests.helpers import recording
from tests.streams import gemini_events, stream_fixture
from translator.testing import FakeGemini
from translator.testing.fake import Pause

MESSAGES: Any = [{"role": "user", "content": "hi"}]


def tool(name: str, **properties: Any) -> Any:
    return {"type": "function", "function": {"name": name, "parameters": {"type": "object", "properties": properties}}}


def gemini_answer(name: str) -> str:
    return "".join(
        part["text"]
        for event in gemini_events(recording(name))
        for part in event["candidates"][0].get("content", {}).get("parts", [])
        if "text" in part and not part.get("thought")
    )


async def test_create_stream_with_usage(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_thinking_gemini-2.5-flash.sse"), chunk_size=50)
    stream = await sdk.chat.completions.create(
        model="gemini-2.5-flash", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
    )
    chunks = [chunk async for chunk in stream]
    assert {c.id for c in chunks} == {chunks[0].id}
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[0].choices[0].delta.model_extra["reasoning_content"].startswith("**Exploring Sky Color**")
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == gemini_answer("stream_thinking_gemini-2.5-flash.sse")
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finishes == ["stop"]
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    assert chunks[-1].usage.total_tokens == 598
    assert all(c.usage is None for c in chunks[:-1])


async def test_stream_helper_final_text(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_text_gemini-3-pro-preview_trailing_signature.sse"), chunk_size=9)
    async with sdk.chat.completions.stream(
        model="gemini-3-pro-preview", messages=MESSAGES, stream_options={"include_usage": True}
    ) as stream:
        deltas = [event.delta async for event in stream if event.type == "content.delta"]
        final = await stream.get_final_completion()
    message = final.choices[0].message
    expected = gemini_answer("stream_text_gemini-3-pro-preview_trailing_signature.sse")
    assert "".join(deltas) == expected == message.content
    assert message.role == "assistant"
    assert final.choices[0].finish_reason == "stop"
    assert final.usage is not None and final.usage.completion_tokens_details.reasoning_tokens == 185


async def test_stream_helper_parallel_calls_in_one_chunk(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_parallel_tool_calls_gemini-2.5-flash.sse"))
    async with sdk.chat.completions.stream(
        model="gemini-2.5-flash", messages=MESSAGES, tools=[tool("lookup_harbor_label"), tool("lookup_orchard_label")]
    ) as stream:
        final = await stream.get_final_completion()
    choice = final.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.role == "assistant" and choice.message.content is None
    calls = choice.message.tool_calls or []
    assert [(c.type, c.function.name, c.function.arguments) for c in calls] == [
        ("function", "lookup_harbor_label", "{}"),
        ("function", "lookup_orchard_label", "{}"),
    ]
    assert all(c.id.startswith("call_") and c.id.count("call_") == 1 for c in calls)


async def test_stream_helper_calls_one_per_chunk(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_stream(stream_fixture("tool_calls_one_per_event.json"), chunk_size=11)
    async with sdk.chat.completions.stream(
        model="gemini-3-pro-preview", messages=MESSAGES,
        tools=[tool("stock", sym={"type": "string"}), tool("news", topic={"type": "string"}, limit={"type": "integer"})],
    ) as stream:
        done = [event async for event in stream if event.type == "tool_calls.function.arguments.done"]
        final = await stream.get_final_completion()
    calls = final.choices[0].message.tool_calls or []
    # Nothing doubled by the accumulator: ids and names arrive once per call.
    assert [(c.id.split("_ts")[0], c.function.name) for c in calls[:2]] == [("fc_a", "stock"), ("fc_b", "stock")]
    assert calls[2].function.name == "news"
    assert [json.loads(c.function.arguments) for c in calls] == [
        {"sym": "GOOG"}, {"sym": "MSFT"}, {"topic": "markets", "limit": 3}
    ]
    assert [e.index for e in done] == [0, 1, 2]
    assert final.choices[0].finish_reason == "tool_calls"


async def test_stream_helper_thinking_then_call(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_thinking_then_tool_call_gemini-3-flash-preview.sse"))
    async with sdk.chat.completions.stream(
        model="gemini-3-flash-preview", messages=MESSAGES, tools=[tool("lookup_harbor_label")]
    ) as stream:
        final = await stream.get_final_completion()
    message = final.choices[0].message
    assert message.role == "assistant" and message.content is None
    assert message.model_extra["reasoning_content"].startswith("**Calculating Divisibility**")
    assert [c.id.split("_ts")[0] for c in message.tool_calls or []] == ["call_966934"]


async def test_n_choices(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_stream(stream_fixture("two_candidates_interleaved.json"))
    stream = await sdk.chat.completions.create(model="gemini-2.5-flash", messages=MESSAGES, n=2, stream=True)
    content: dict[int, str] = {0: "", 1: ""}
    finish: dict[int, str] = {}
    async for chunk in stream:
        for c in chunk.choices:
            content[c.index] += c.delta.content or ""
            if c.finish_reason:
                finish[c.index] = c.finish_reason
    assert content == {0: "Alpha one.", 1: "Beta two, three four"}
    assert finish == {0: "stop", 1: "length"}
    # The helper treats `length` as truncation, as it does with OpenAI.
    fake.push_stream(stream_fixture("two_candidates_interleaved.json"))
    with pytest.raises(openai.LengthFinishReasonError):
        async with sdk.chat.completions.stream(model="gemini-2.5-flash", messages=MESSAGES, n=2) as helper:
            await helper.get_final_completion()


async def test_keepalives_are_invisible(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_stream([Pause(0.5), {"candidates": [{"content": {"parts": [{"text": "late"}]}, "finishReason": "STOP"}]}])
    stream = await sdk.chat.completions.create(model="gemini-2.5-flash", messages=MESSAGES, stream=True)
    assert [c.choices[0].delta.content async for c in stream if c.choices[0].delta.content] == ["late"]


async def test_mid_stream_error_raises_api_error(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_stream([
        {"candidates": [{"content": {"parts": [{"text": "Hello"}]}}]},
        {"error": {"code": 503, "message": "The model is overloaded.", "status": "UNAVAILABLE"}},
    ])
    stream = await sdk.chat.completions.create(model="gemini-2.5-flash", messages=MESSAGES, stream=True)
    seen = []
    with pytest.raises(openai.APIError) as exc:
        async for chunk in stream:
            seen.append(chunk.choices[0].delta.content)
    assert seen == ["Hello"]
    assert "overloaded" in exc.value.message
    assert exc.value.code == "upstream_unavailable"


async def test_truncated_stream_raises_with_the_helper(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_stream(stream_fixture("truncated_without_finish.json"))
    with pytest.raises(openai.APIError) as exc:
        async with sdk.chat.completions.stream(model="gemini-2.5-flash", messages=MESSAGES) as stream:
            await stream.get_final_completion()
    assert exc.value.code == "upstream_truncated"


async def test_rate_limit_before_the_stream(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_error(429, json.loads(recording("error_429_quota_retryinfo_gemini-2.5-flash.json")))
    with pytest.raises(openai.RateLimitError) as exc:
        await sdk.chat.completions.create(model="gemini-2.5-flash", messages=MESSAGES, stream=True)
    assert exc.value.request_id and exc.value.request_id.startswith("req_")


async def test_blocked_prompt_raises_content_filter_with_the_helper(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_prompt_blocked_safety.sse"))
    with pytest.raises(openai.ContentFilterFinishReasonError) as exc:
        async with sdk.chat.completions.stream(model="gemini-2.5-flash", messages=MESSAGES) as stream:
            await stream.get_final_completion()
    choice = exc.value.completion.choices[0]
    assert (choice.finish_reason, choice.message.role, choice.message.content) == ("content_filter", "assistant", None)
    # The helper keeps no choice-level extras; the raw chunks carry the native reason.
    fake.push_sse_bytes(recording("stream_prompt_blocked_safety.sse"))
    raw = await sdk.chat.completions.create(model="gemini-2.5-flash", messages=MESSAGES, stream=True)
    last = [chunk async for chunk in raw][-1].choices[0]
    assert (last.finish_reason, last.model_extra["native_finish_reason"]) == ("content_filter", "SAFETY")
