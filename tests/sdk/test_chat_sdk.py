"""The official openai SDK as the client: answers parse strictly, failures raise the right class."""

from __future__ import annotations

from typing import Any

import openai
import orjson
import pytest

from tests.helpers import fixture_json, recording
from translator.testing import FakeGemini


async def test_text_completion(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(fixture_json("gemini/thinking_with_usage.json"))
    completion = await sdk.chat.completions.create(
        model="gemini-2.5-flash", messages=[{"role": "user", "content": "2+2?"}], max_tokens=50
    )
    assert completion.choices[0].message.content == "4"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None and completion.usage.total_tokens == 36
    assert completion.usage.completion_tokens_details.reasoning_tokens == 20
    assert completion._request_id and completion._request_id.startswith("req_")
    assert completion.choices[0].message.model_extra["reasoning_content"] == "**Plan**\n\nAdd them."


async def test_tool_calls_parse(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(fixture_json("gemini/tool_call_two_calls.json"))
    completion = await sdk.chat.completions.create(
        model="gemini-2.5-flash",
        messages=[{"role": "user", "content": "weather and time?"}],
        tools=[
            {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}},
            {"type": "function", "function": {"name": "get_time"}},
        ],
    )
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert [c.function.name for c in choice.message.tool_calls or []] == ["get_weather", "get_time"]


async def test_n_candidates(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(fixture_json("gemini/two_candidates.json"))
    completion = await sdk.chat.completions.create(model="gemini-2.5-flash", messages=[{"role": "user", "content": "x"}], n=2)
    assert [c.message.content for c in completion.choices] == ["A", "B"]


async def test_models(sdk: openai.AsyncOpenAI) -> None:
    models = [m.id async for m in sdk.models.list()]
    assert "gemini-2.5-flash" in models
    model = await sdk.models.retrieve("gemini-2.5-pro")
    assert model.owned_by == "google"
    with pytest.raises(openai.NotFoundError):
        await sdk.models.retrieve("no-such-model")


ERRORS = [
    ("error_400_api_key_invalid.json", 400, openai.AuthenticationError),
    ("error_400_penalty_not_enabled_gemini-2.5-pro.json", 400, openai.BadRequestError),
    ("error_404_model_not_found.json", 404, openai.NotFoundError),
    ("error_429_quota_retryinfo_gemini-2.5-flash.json", 429, openai.RateLimitError),
    ("error_500_internal.json", 500, openai.InternalServerError),
    ("error_503_overloaded.json", 503, openai.InternalServerError),
]


@pytest.mark.parametrize("name, status, exc", ERRORS)
async def test_upstream_errors_raise_the_sdk_class(sdk: openai.AsyncOpenAI, fake: FakeGemini, name: str, status: int, exc: type) -> None:
    fake.push_error(status, orjson.loads(recording(name)))
    with pytest.raises(exc) as info:
        await sdk.chat.completions.create(model="gemini-2.5-flash", messages=[{"role": "user", "content": "x"}])
    assert info.value.request_id and info.value.request_id.startswith("req_")
    assert info.value.message


async def test_permission_denied(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_error(403, {"error": {"code": 403, "message": "denied", "status": "PERMISSION_DENIED"}})
    with pytest.raises(openai.PermissionDeniedError):
        await sdk.chat.completions.create(model="gemini-2.5-flash", messages=[{"role": "user", "content": "x"}])


async def test_bad_request_names_param(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        await sdk.chat.completions.create(
            model="gemini-2.5-flash", messages=[{"role": "user", "content": "x"}], extra_body={"frobnicate": True}
        )
    assert info.value.param == "frobnicate"
    assert fake.requests == []


async def test_wrong_key_raises_authentication_error(aiohttp_client: Any, upstream_url: str) -> None:
    from translator.app import create_app
    from translator.config import Settings

    settings = Settings(gemini_base_url=upstream_url, gemini_api_keys=("server",), client_api_keys=("right",))
    client = await aiohttp_client(create_app(settings))
    sdk = openai.AsyncOpenAI(base_url=str(client.make_url("/v1")), api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        await sdk.chat.completions.create(model="gemini-2.5-flash", messages=[{"role": "user", "content": "x"}])


async def test_rate_limit_is_retried_by_the_sdk(sdk_with_retries: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    retry = {"error": {"code": 429, "message": "slow down", "status": "RESOURCE_EXHAUSTED",
                       "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0.01s"}]}}
    fake.push_error(429, retry)
    fake.push_json(fixture_json("gemini/text_two_parts.json"))
    completion = await sdk_with_retries.chat.completions.create(
        model="gemini-2.5-flash", messages=[{"role": "user", "content": "x"}]
    )
    assert completion.choices[0].message.content == "Hello, world.\n"
    assert len(fake.generate_requests()) == 2
