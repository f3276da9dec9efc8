"""Thinking, safety, caching and native passthrough through the HTTP stack, against the strict fake."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from aiohttp.test_utils import TestClient

from tests.helpers import SERVER_KEY, chat_body, recording
from translator.app import create_app
from translator.config import Settings
from translator.testing import FakeGemini

AUTH = {"Authorization": "Bearer anything"}


async def post(client: TestClient, body: Any) -> tuple[int, Any, Any]:
    resp = await client.post("/v1/chat/completions", json=body, headers=AUTH)
    return resp.status, resp.headers, await resp.json()


@pytest.mark.parametrize(
    "model, extra, expected",
    [
        ("gemini-2.5-flash", {"reasoning_effort": "low"}, {"thinkingBudget": 1024, "includeThoughts": True}),
        ("gemini-2.5-pro", {"reasoning_effort": "none"}, {"thinkingBudget": 128}),
        ("gemini-3-flash-preview", {"reasoning_effort": "low"}, {"thinkingLevel": "LOW", "includeThoughts": True}),
        ("gemini-3.1-pro-preview", {"reasoning_effort": {"effort": "minimal"}},
         {"thinkingLevel": "LOW", "includeThoughts": True}),
        ("gemini-3-pro-preview", {"extra_body": {"google": {"thinking_config": {"thinking_level": "low",
                                                                                  "include_thoughts": True}}}},
         {"thinkingLevel": "LOW", "includeThoughts": True}),
    ],
)
async def test_thinking_reaches_gemini(client: TestClient, fake: FakeGemini, model: str, extra: dict[str, Any],
                                       expected: dict[str, Any]) -> None:
    status, _, body = await post(client, {**chat_body("Hi"), "model": model, **extra})
    assert status == 200, body
    assert fake.last.body["generationConfig"]["thinkingConfig"] == expected


async def test_effort_on_a_model_without_thinking_is_reported(client: TestClient, fake: FakeGemini) -> None:
    status, headers, _ = await post(client, {**chat_body("Hi"), "model": "gemini-2.5-flash-image", "reasoning_effort": "high"})
    assert status == 200
    assert "generationConfig" not in fake.last.body
    assert headers["x-translator-ignored-params"] == "reasoning_effort"


async def test_penalties_dropped_and_reported(client: TestClient, fake: FakeGemini) -> None:
    status, headers, _ = await post(client, chat_body("Hi", presence_penalty=0.4, logprobs=True))
    assert status == 200
    assert "generationConfig" not in fake.last.body
    assert headers["x-translator-ignored-params"] == "presence_penalty,logprobs"


async def test_thoughts_come_back_as_reasoning_content(client: TestClient, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("thinking_gemini-3-pro-preview.json")))
    status, _, body = await post(client, {**chat_body("How do I cross the street?"), "model": "gemini-3-pro-preview",
                                          "google": {"generationConfig": {"thinkingConfig": {"includeThoughts": True}}}})
    assert status == 200
    assert fake.last.body["generationConfig"] == {"thinkingConfig": {"includeThoughts": True}}
    message = body["choices"][0]["message"]
    assert message["reasoning_content"].startswith("**A Safe Street-Crossing Guide")
    assert message["content"].startswith("Crossing the street safely")
    assert "Thought Process" not in message["content"]
    assert body["usage"]["completion_tokens_details"]["reasoning_tokens"] > 0


async def test_safety_settings_and_operator_defaults(aiohttp_client: Any, upstream_url: str, fake: FakeGemini) -> None:
    defaults = Settings.from_env({"TRANSLATOR_SAFETY_SETTINGS": orjson.dumps([
        {"category": "HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"},
        {"category": "HATE_SPEECH", "threshold": "BLOCK_ONLY_HIGH"}]).decode()}).default_safety_settings
    client = await aiohttp_client(create_app(Settings(gemini_base_url=upstream_url, gemini_api_keys=(SERVER_KEY,),
                                                      default_safety_settings=defaults)))
    status, _, _ = await post(client, chat_body("Hi", safety_settings=[{"category": "hate_speech", "threshold": "off"}]))
    assert status == 200
    assert fake.last.body["safetySettings"] == [
        {"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"},
        {"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "OFF"},
    ]


async def test_no_safety_settings_unless_asked(client: TestClient, fake: FakeGemini) -> None:
    await post(client, chat_body("Hi"))
    assert "safetySettings" not in fake.last.body


async def test_blocked_prompt_is_a_200_with_feedback(client: TestClient, fake: FakeGemini) -> None:
    raw = recording("stream_prompt_blocked_safety.sse").decode()
    fake.push_json(orjson.loads(raw.strip().removeprefix("data:")))
    status, headers, body = await post(client, chat_body("something awful"))
    assert status == 200
    choice = body["choices"][0]
    assert choice["finish_reason"] == "content_filter"
    assert headers["x-gemini-finish-reason"] == "SAFETY"
    assert body["prompt_feedback"]["block_reason"] == "SAFETY"
    assert any(r["probability"] == "HIGH" for r in choice["safety_ratings"])


async def test_cached_content_and_cached_tokens(client: TestClient, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("cached_tokens_gemini-2.5-flash.json")))
    status, _, body = await post(client, chat_body("probe", cached_content="abc123"))
    assert status == 200
    assert fake.last.body["cachedContent"] == "cachedContents/abc123"
    assert body["usage"]["prompt_tokens_details"]["cached_tokens"] == 3765
    assert body["usage"]["prompt_tokens"] == 4612


async def test_native_passthrough_reaches_gemini_in_camel_case(client: TestClient, fake: FakeGemini) -> None:
    status, _, _ = await post(client, chat_body("Hi", temperature=0.1, google={
        "generation_config": {"temperature": 0.7, "media_resolution": "MEDIA_RESOLUTION_LOW"}, "service_tier": "flex"}))
    assert status == 200
    assert fake.last.body["generationConfig"] == {"temperature": 0.7, "mediaResolution": "MEDIA_RESOLUTION_LOW"}
    assert fake.last.body["serviceTier"] == "flex"


@pytest.mark.parametrize(
    "extra, param",
    [
        ({"google": {"generationConfig": {"fooBar": 1}}}, "google.generationConfig.fooBar"),
        ({"extra_body": {"google": {"thinking_config": {"thinking_level": "galaxy"}}}},
         "extra_body.google.thinking_config.thinking_level"),
        ({"safety_settings": [{"category": "HARASSMENT", "threshold": "SOMETIMES"}]}, "safety_settings[0].threshold"),
        ({"reasoning_effort": "low", "thinking_config": {"thinking_budget": 10}}, "thinking_config.thinking_budget"),
        ({"model": "gemini-3-pro-preview", "n": 2}, "n"),
    ],
)
async def test_bad_extensions_are_400_before_any_upstream_call(client: TestClient, fake: FakeGemini,
                                                              extra: dict[str, Any], param: str) -> None:
    status, _, err = await post(client, {**chat_body("Hi"), **extra})
    assert status == 400
    assert err["error"]["param"] == param
    assert fake.generate_requests() == []


# ---- streamed ------------------------------------------------------------------------------


async def stream(client: TestClient, body: dict[str, Any]) -> Any:
    from tests.streams import assert_well_formed, parse_body

    resp = await client.post("/v1/chat/completions", json={**body, "stream": True}, headers=AUTH)
    assert resp.status == 200, await resp.text()
    parsed = parse_body(await resp.read())
    assert parsed.done and parsed.error is None
    assert_well_formed(parsed.chunks, include_usage=bool(body.get("stream_options")))
    return parsed.chunks


async def test_streamed_thoughts_are_reasoning_content(client: TestClient, fake: FakeGemini) -> None:
    from tests.streams import accumulate

    fake.push_sse_bytes(recording("stream_thinking_gemini-2.5-flash.sse"), chunk_size=64)
    chunks = await stream(client, chat_body("Why is the sky blue?", reasoning_effort="medium",
                                            stream_options={"include_usage": True}))
    assert fake.last.body["generationConfig"]["thinkingConfig"] == {"thinkingBudget": 8192, "includeThoughts": True}
    assert fake.last.path.endswith(":streamGenerateContent")
    choice = accumulate(chunks)[0]
    assert choice.reasoning is not None and choice.reasoning.startswith("**Exploring Sky Color**")
    assert choice.content is not None and choice.content.startswith("The sky is blue")
    assert "**" not in choice.content
    assert chunks[-1]["usage"]["completion_tokens_details"]["reasoning_tokens"] > 0


async def test_streamed_blocked_prompt(client: TestClient, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_prompt_blocked_safety.sse"))
    chunks = await stream(client, chat_body("something awful",
                                            safety_settings=[{"category": "HATE_SPEECH", "threshold": "BLOCK_LOW_AND_ABOVE"}]))
    assert fake.last.body["safetySettings"] == [
        {"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_LOW_AND_ABOVE"}]
    finish = chunks[-1]
    assert finish["choices"][0]["finish_reason"] == "content_filter"
    assert finish["prompt_feedback"]["block_reason"] == "SAFETY"
    assert any(r["probability"] == "HIGH" for r in finish["choices"][0]["safety_ratings"])


async def test_streamed_passthrough_reaches_gemini(client: TestClient, fake: FakeGemini) -> None:
    await stream(client, chat_body("Hi", model="gemini-3-flash-preview", extra_body={"google": {
        "thinking_config": {"thinking_level": "minimal"}, "cached_content": "c9"}}))
    assert fake.last.body["generationConfig"] == {"thinkingConfig": {"thinkingLevel": "MINIMAL"}}
    assert fake.last.body["cachedContent"] == "cachedContents/c9"


async def test_streamed_bad_extension_is_a_plain_400(client: TestClient, fake: FakeGemini) -> None:
    resp = await client.post("/v1/chat/completions", headers=AUTH,
                             json=chat_body("Hi", stream=True, google={"generationConfig": {"fooBar": 1}}))
    assert resp.status == 400
    assert (await resp.json())["error"]["param"] == "google.generationConfig.fooBar"
    assert fake.generate_requests() == []


async def test_streamed_dropped_params_are_reported(client: TestClient, fake: FakeGemini) -> None:
    resp = await client.post("/v1/chat/completions", headers=AUTH, json=chat_body(
        "Hi", stream=True, model="gemini-2.5-flash-image", reasoning_effort="low", frequency_penalty=0.3))
    assert resp.status == 200
    assert resp.headers["x-translator-ignored-params"] == "frequency_penalty,reasoning_effort"
    await resp.read()
    assert "generationConfig" not in fake.last.body
