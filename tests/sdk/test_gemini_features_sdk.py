"""Gemini-only controls from an unmodified openai SDK: standard params, or extra_body."""

from __future__ import annotations

import openai
import orjson
import pytest

from tests.helpers import recording
from translator.testing import FakeGemini

HI = [{"role": "user", "content": "Hi"}]


async def test_reasoning_effort_maps_per_generation(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    await sdk.chat.completions.create(model="gemini-2.5-flash", messages=HI, reasoning_effort="low")
    assert fake.last.body["generationConfig"]["thinkingConfig"] == {"thinkingBudget": 1024, "includeThoughts": True}
    await sdk.chat.completions.create(model="gemini-3-flash-preview", messages=HI, reasoning_effort="low")
    assert fake.last.body["generationConfig"]["thinkingConfig"] == {"thinkingLevel": "LOW", "includeThoughts": True}


@pytest.mark.parametrize(
    "name, model, reasoning, content",
    [
        ("thinking_gemini-3-pro-preview.json", "gemini-3-pro-preview", "**A Safe Street-Crossing Guide",
         "Crossing the street safely"),
        ("thinking_only_max_tokens_gemini-2.5-flash.json", "gemini-2.5-flash", "Okay, here's my take", ""),
    ],
)
async def test_native_include_thoughts_gives_reasoning_content(
    sdk: openai.AsyncOpenAI, fake: FakeGemini, name: str, model: str, reasoning: str, content: str
) -> None:
    fake.push_json(orjson.loads(recording(name)))
    completion = await sdk.chat.completions.create(
        model=model, messages=HI,
        extra_body={"google": {"generationConfig": {"thinkingConfig": {"includeThoughts": True}}}},
    )
    assert fake.last.body["generationConfig"] == {"thinkingConfig": {"includeThoughts": True}}
    message = completion.choices[0].message
    assert message.model_extra["reasoning_content"].startswith(reasoning)
    assert (message.content or "").startswith(content)
    assert reasoning not in (message.content or "")
    assert completion.usage is not None and completion.usage.completion_tokens_details is not None
    assert completion.usage.completion_tokens_details.reasoning_tokens > 0
    assert completion.usage.prompt_tokens + completion.usage.completion_tokens == completion.usage.total_tokens


async def test_thoughts_per_candidate(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("text_multiple_candidates_gemini-2.5-flash.json")))
    completion = await sdk.chat.completions.create(
        model="gemini-2.5-flash", messages=HI, n=2, extra_body={"thinking_config": {"include_thoughts": True}}
    )
    assert fake.last.body["generationConfig"] == {"candidateCount": 2, "thinkingConfig": {"includeThoughts": True}}
    assert [c.message.content for c in completion.choices] == ["RedRed", "Red"]
    for choice in completion.choices:
        assert "Thought Process" not in (choice.message.content or "")
        assert choice.message.model_extra["reasoning_content"]
    assert completion.usage is not None and completion.usage.completion_tokens_details is not None
    assert completion.usage.completion_tokens_details.reasoning_tokens == 84


async def test_google_layer_spelling(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    await sdk.chat.completions.create(
        model="gemini-3.1-pro-preview", messages=HI,
        extra_body={"extra_body": {"google": {
            "thinking_config": {"thinking_level": "minimal", "include_thoughts": True},
            "cached_content": "cachedContents/c1",
            "safety_settings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
        }}},
    )
    body = fake.last.body
    assert body["generationConfig"]["thinkingConfig"] == {"thinkingLevel": "LOW", "includeThoughts": True}
    assert body["cachedContent"] == "cachedContents/c1"
    assert body["safetySettings"] == [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}]


async def test_safety_block_parses_and_exposes_ratings(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("finish_safety_gemini-1.5-flash.json")))
    completion = await sdk.chat.completions.create(
        model="gemini-2.5-flash", messages=HI,
        extra_body={"safety_settings": [{"category": "HATE_SPEECH", "threshold": "BLOCK_LOW_AND_ABOVE"}]},
    )
    assert fake.last.body["safetySettings"] == [
        {"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_LOW_AND_ABOVE"}]
    choice = completion.choices[0]
    assert choice.finish_reason == "content_filter"
    assert choice.model_extra["safety_ratings"][0]["blocked"] is True


async def test_blocked_prompt_parses(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("prompt_blocked_gemini-3.7-flash.json")))
    completion = await sdk.chat.completions.create(model="gemini-3.7-flash", messages=HI)
    assert completion.choices[0].finish_reason == "content_filter"
    assert completion.choices[0].message.content is None
    assert completion.model_extra["prompt_feedback"] == {"block_reason": "PROHIBITED_CONTENT"}


async def test_cached_tokens(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("cached_tokens_gemini-2.5-flash.json")))
    completion = await sdk.chat.completions.create(model="gemini-2.5-flash", messages=HI,
                                                   extra_body={"cached_content": "abc"})
    assert fake.last.body["cachedContent"] == "cachedContents/abc"
    assert completion.usage is not None and completion.usage.prompt_tokens_details is not None
    assert completion.usage.prompt_tokens_details.cached_tokens == 3765


async def test_unknown_native_field_is_a_bad_request(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        await sdk.chat.completions.create(model="gemini-2.5-flash", messages=HI,
                                          extra_body={"google": {"generationConfig": {"fooBar": 1}}})
    assert info.value.param == "google.generationConfig.fooBar"
    assert fake.generate_requests() == []


async def test_ignored_params_header(sdk: openai.AsyncOpenAI) -> None:
    raw = await sdk.chat.completions.with_raw_response.create(
        model="gemini-2.5-pro", messages=HI, presence_penalty=0.2, frequency_penalty=0.2)
    assert raw.headers["x-translator-ignored-params"] == "presence_penalty,frequency_penalty"


# ---- streamed ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, model",
    [("stream_thinking_gemini-2.5-flash.sse", "gemini-2.5-flash"),
     ("stream_thinking_gemini-3-flash-preview.sse", "gemini-3-flash-preview")],
)
async def test_streamed_reasoning_content(sdk: openai.AsyncOpenAI, fake: FakeGemini, name: str, model: str) -> None:
    fake.push_sse_bytes(recording(name), chunk_size=80)
    stream = await sdk.chat.completions.create(model=model, messages=HI, reasoning_effort="high", stream=True,
                                               stream_options={"include_usage": True})
    reasoning, content = [], []
    async for chunk in stream:
        for choice in chunk.choices:
            extra = choice.delta.model_extra or {}
            if extra.get("reasoning_content"):
                reasoning.append(extra["reasoning_content"])
                assert not choice.delta.content
            if choice.delta.content:
                content.append(choice.delta.content)
    assert reasoning and content
    assert "".join(reasoning) not in "".join(content)
    assert fake.last.body["generationConfig"]["thinkingConfig"]["includeThoughts"] is True


async def test_stream_helper_accumulates_reasoning(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_thinking_gemini-2.5-flash.sse"))
    async with sdk.chat.completions.stream(model="gemini-2.5-flash", messages=HI, reasoning_effort="low") as stream:
        final = await stream.get_final_completion()
    assert final.choices[0].message.model_extra["reasoning_content"].startswith("**Exploring Sky Color**")
    assert final.choices[0].message.content and "Exploring" not in final.choices[0].message.content


async def test_streamed_blocked_prompt_feedback(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_prompt_blocked_gemini-3.7-flash.sse"))
    stream = await sdk.chat.completions.create(model="gemini-3.7-flash", messages=HI, stream=True)
    chunks = [chunk async for chunk in stream]
    finish = chunks[-1]
    assert finish.choices[0].finish_reason == "content_filter"
    assert finish.model_extra["prompt_feedback"] == {"block_reason": "PROHIBITED_CONTENT"}


async def test_parse_raises_content_filter_on_a_safety_block(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    from pydantic import BaseModel

    class Answer(BaseModel):
        text: str

    fake.push_json(orjson.loads(recording("finish_safety_gemini-1.5-flash.json")))
    with pytest.raises(openai.ContentFilterFinishReasonError):
        await sdk.chat.completions.parse(model="gemini-2.5-flash", messages=HI, response_format=Answer)
