"""The openai SDK driving multi-turn tool use and structured output against a fake that enforces Gemini 3's rules."""

from __future__ import annotations

from enum import Enum
from typing import Any

import openai
import pytest
from aiohttp.test_utils import TestClient
from pydantic import BaseModel

from translator.app import create_app
from translator.config import Settings
from translator.convert.signatures import DUMMY_SIGNATURE, MemorySignatureStore
from translator.testing import FakeGemini

MODEL = "gemini-3-flash-preview"
SIG_1 = "RXJzdGUgU2lnbmF0dXIgZGVzIGVyc3RlbiBTY2hyaXR0cw=="
SIG_2 = "WndlaXRlIFNpZ25hdHVyIGRlcyB6d2VpdGVuIFNjaHJpdHRz"
TEXT_SIG = "VGV4dC1TaWduYXR1cg=="

TOOLS: list[Any] = [
    {"type": "function", "function": {"name": "get_weather", "description": "Weather for a city", "parameters": {
        "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": False}}},
    {"type": "function", "function": {"name": "get_time", "parameters": {
        "type": "object", "properties": {"tz": {"type": "string"}}, "required": ["tz"]}}},
]
RESULTS = {"get_weather": '{"forecast": "sunny", "celsius": 21}', "get_time": "10:42"}


def gemini_reply(*parts: dict[str, Any]) -> dict[str, Any]:
    return {
        "candidates": [{"content": {"role": "model", "parts": list(parts)}, "finishReason": "STOP", "index": 0}],
        "usageMetadata": {"promptTokenCount": 30, "candidatesTokenCount": 12, "thoughtsTokenCount": 40, "totalTokenCount": 82},
        "modelVersion": MODEL,
    }


def parallel_calls() -> dict[str, Any]:
    """Step 1: two parallel calls; Gemini 3 signs only the first and issues ids."""
    return gemini_reply(
        {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}, "id": "k3x9a1"}, "thoughtSignature": SIG_1},
        {"functionCall": {"name": "get_time", "args": {"tz": "Europe/Paris"}, "id": "p0q7z2"}},
    )


def final_answer() -> dict[str, Any]:
    return gemini_reply({"text": "Sunny, 21 °C, and it is 10:42."}, {"text": "", "thoughtSignature": TEXT_SIG})


def expected_first_step(sig: str) -> list[dict[str, Any]]:
    return [
        {"role": "user", "parts": [{"text": "Weather and time in Paris?"}]},
        {"role": "model", "parts": [
            {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}, "id": "k3x9a1"}, "thoughtSignature": sig},
            {"functionCall": {"name": "get_time", "args": {"tz": "Europe/Paris"}, "id": "p0q7z2"}},
        ]},
        {"role": "user", "parts": [
            {"functionResponse": {"name": "get_weather", "response": {"forecast": "sunny", "celsius": 21}, "id": "k3x9a1"}},
            {"functionResponse": {"name": "get_time", "response": {"output": "10:42"}, "id": "p0q7z2"}},
        ]},
    ]


def sdk_for(client: TestClient) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=str(client.make_url("/v1")), api_key="sk-x", max_retries=0,
                              _strict_response_validation=True)


async def first_turn(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> tuple[list[Any], Any]:
    fake.push_json(parallel_calls())
    messages: list[Any] = [{"role": "user", "content": "Weather and time in Paris?"}]
    completion = await sdk.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls or []
    assert [c.function.name for c in calls] == ["get_weather", "get_time"]
    assert calls[0].model_extra["extra_content"] == {"google": {"thought_signature": SIG_1}}
    assert "extra_content" not in (calls[1].model_extra or {})
    assert all(len(c.id) <= 64 for c in calls)
    return messages, choice.message


def tool_results(message: Any, *, reverse: bool = False) -> list[dict[str, Any]]:
    calls = list(message.tool_calls)
    if reverse:
        calls.reverse()
    return [{"role": "tool", "tool_call_id": c.id, "content": RESULTS[c.function.name]} for c in calls]


async def test_appending_the_sdk_message_keeps_the_signature(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    messages, message = await first_turn(sdk, fake)
    messages += [message, *tool_results(message, reverse=True)]
    fake.push_json(final_answer())
    completion = await sdk.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)
    answer = completion.choices[0].message
    assert answer.content == "Sunny, 21 °C, and it is 10:42."
    assert answer.model_extra["extra_content"] == {"google": {"thought_signature": TEXT_SIG}}
    assert fake.last.body["contents"] == expected_first_step(SIG_1)

    # third turn: the text signature comes back on the text, the call signature stays on its call
    messages += [answer, {"role": "user", "content": "And tomorrow?"}]
    await sdk.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)
    contents = fake.last.body["contents"]
    assert contents[:3] == expected_first_step(SIG_1)
    assert contents[3] == {"role": "model", "parts": [{"text": "Sunny, 21 °C, and it is 10:42.", "thoughtSignature": TEXT_SIG}]}


async def test_rebuilt_messages_use_the_store(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    messages, message = await first_turn(sdk, fake)
    rebuilt = {"role": "assistant", "content": None, "tool_calls": [
        {"id": c.id, "type": "function", "function": {"name": c.function.name, "arguments": c.function.arguments}}
        for c in message.tool_calls]}
    messages += [rebuilt, *tool_results(message)]
    fake.push_json(final_answer())
    completion = await sdk.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)
    assert completion.choices[0].finish_reason == "stop"
    assert fake.last.body["contents"] == expected_first_step(SIG_1)


async def test_sequential_steps_each_keep_their_signature(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    messages, message = await first_turn(sdk, fake)
    messages += [message, *tool_results(message)]
    fake.push_json(gemini_reply({"functionCall": {"name": "get_weather", "args": {"city": "Lyon"}, "id": "m4"},
                                 "thoughtSignature": SIG_2}))
    second = (await sdk.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)).choices[0].message
    messages += [{"role": "assistant", "tool_calls": [{"id": c.id, "type": "function", "function": {
        "name": c.function.name, "arguments": c.function.arguments}} for c in second.tool_calls]},
                 {"role": "tool", "tool_call_id": second.tool_calls[0].id, "content": "rain"}]
    fake.push_json(final_answer())
    await sdk.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)
    contents = fake.last.body["contents"]
    assert contents[1]["parts"][0]["thoughtSignature"] == SIG_1
    assert contents[3] == {"role": "model", "parts": [
        {"functionCall": {"name": "get_weather", "args": {"city": "Lyon"}, "id": "m4"}, "thoughtSignature": SIG_2}]}


async def test_another_instance_without_the_store_falls_back(
    sdk: openai.AsyncOpenAI, fake: FakeGemini, aiohttp_client: Any, settings: Settings
) -> None:
    messages, message = await first_turn(sdk, fake)
    other = sdk_for(await aiohttp_client(create_app(settings)))  # same config, its own empty store
    rebuilt = {"role": "assistant", "tool_calls": [
        {"id": c.id, "type": "function", "function": {"name": c.function.name, "arguments": c.function.arguments}}
        for c in message.tool_calls]}
    messages += [rebuilt, *tool_results(message)]
    fake.push_json(final_answer())
    completion = await other.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)
    assert completion.choices[0].message.content == "Sunny, 21 °C, and it is 10:42."
    assert fake.last.body["contents"] == expected_first_step(DUMMY_SIGNATURE)


async def test_instances_sharing_a_store_restore_the_real_signature(
    fake: FakeGemini, aiohttp_client: Any, settings: Settings
) -> None:
    shared = MemorySignatureStore(100)
    one = sdk_for(await aiohttp_client(create_app(settings, signature_store=shared)))
    two = sdk_for(await aiohttp_client(create_app(settings, signature_store=shared)))
    messages, message = await first_turn(one, fake)
    rebuilt = {"role": "assistant", "tool_calls": [
        {"id": c.id, "type": "function", "function": {"name": c.function.name, "arguments": c.function.arguments}}
        for c in message.tool_calls]}
    messages += [rebuilt, *tool_results(message)]
    fake.push_json(final_answer())
    await two.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)
    assert fake.last.body["contents"] == expected_first_step(SIG_1)


async def test_without_any_fallback_the_fake_rejects_like_gemini(fake: FakeGemini) -> None:
    """The enforcement the other tests rely on: history sent straight to the fake draws Google's 400."""
    from aiohttp import ClientSession

    runner, url = await fake.start()
    try:
        async with ClientSession() as session:
            contents = expected_first_step(SIG_1)
            del contents[1]["parts"][0]["thoughtSignature"]
            async with session.post(f"{url}/v1beta/models/{MODEL}:generateContent", json={"contents": contents},
                                    headers={"x-goog-api-key": "k"}) as resp:
                assert resp.status == 400
                assert "missing a thought_signature" in (await resp.json())["error"]["message"]
    finally:
        await runner.cleanup()


# ---- structured output --------------------------------------------------------------------------------------


class Unit(str, Enum):
    celsius = "celsius"
    fahrenheit = "fahrenheit"


class Reading(BaseModel):
    value: float
    unit: Unit


class Station(BaseModel):
    name: str
    elevation_m: int | None
    readings: list[Reading]
    note: str | None = None


STATION_JSON = '{"name":"Zugspitze","elevation_m":2962,"readings":[{"value":-3.5,"unit":"celsius"}],"note":null}'


async def test_parse_with_a_pydantic_model(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(gemini_reply({"text": STATION_JSON}))
    completion = await sdk.chat.completions.parse(
        model="gemini-2.5-flash", messages=[{"role": "user", "content": "Weather station?"}], response_format=Station
    )
    parsed = completion.choices[0].message.parsed
    assert parsed == Station(name="Zugspitze", elevation_m=2962, readings=[Reading(value=-3.5, unit=Unit.celsius)])
    config = fake.last.body["generationConfig"]
    assert config == {"responseMimeType": "application/json", "responseJsonSchema": {
        "$defs": {
            "Reading": {"additionalProperties": False, "properties": {
                "value": {"title": "Value", "type": "number"}, "unit": {"$ref": "#/$defs/Unit"}},
                "required": ["value", "unit"], "title": "Reading", "type": "object"},
            "Unit": {"enum": ["celsius", "fahrenheit"], "title": "Unit", "type": "string"},
        },
        "additionalProperties": False,
        "properties": {
            "name": {"title": "Name", "type": "string"},
            "elevation_m": {"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "Elevation M"},
            "readings": {"items": {"$ref": "#/$defs/Reading"}, "title": "Readings", "type": "array"},
            "note": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Note"},
        },
        "required": ["name", "elevation_m", "readings", "note"],
        "title": "Station",
        "type": "object",
    }}


async def test_parse_under_the_legacy_dialect(fake: FakeGemini, aiohttp_client: Any, settings: Settings) -> None:
    from dataclasses import replace

    sdk = sdk_for(await aiohttp_client(create_app(replace(settings, schema_dialect="legacy"))))
    fake.push_json(gemini_reply({"text": STATION_JSON}))
    completion = await sdk.chat.completions.parse(
        model="gemini-2.5-flash", messages=[{"role": "user", "content": "Weather station?"}], response_format=Station
    )
    assert completion.choices[0].message.parsed is not None
    schema = fake.last.body["generationConfig"]["responseSchema"]  # passed the fake's strict Schema validation
    assert schema["properties"]["readings"]["items"]["properties"]["unit"] == {
        "type": "string", "enum": ["celsius", "fahrenheit"], "title": "Unit"}
    assert schema["properties"]["elevation_m"] == {"type": "integer", "nullable": True, "title": "Elevation M"}


async def test_parse_with_a_strict_function_tool(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(gemini_reply({"functionCall": {"name": "Reading", "args": {"value": 71.5, "unit": "fahrenheit"}}}))
    completion = await sdk.chat.completions.parse(
        model="gemini-2.5-flash", messages=[{"role": "user", "content": "log it"}],
        tools=[openai.pydantic_function_tool(Reading)], tool_choice="required",
    )
    call = completion.choices[0].message.tool_calls[0]
    assert call.function.parsed_arguments == Reading(value=71.5, unit=Unit.fahrenheit)
    assert fake.last.body["toolConfig"] == {"functionCallingConfig": {"mode": "ANY"}}
    assert "strict" not in str(fake.last.body["tools"])


async def test_parse_length_finish_raises(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    reply = gemini_reply({"text": '{"name": "Zug'})
    reply["candidates"][0]["finishReason"] = "MAX_TOKENS"
    fake.push_json(reply)
    with pytest.raises(openai.LengthFinishReasonError):
        await sdk.chat.completions.parse(model="gemini-2.5-flash", messages=[{"role": "user", "content": "x"}],
                                         response_format=Station, max_tokens=5)


def as_stream_events(reply: dict[str, Any], *, one_part_per_event: bool) -> list[dict[str, Any]]:
    """A generateContent answer cut into stream events, the finish on the last one (as Gemini 3 streams)."""
    parts = reply["candidates"][0]["content"]["parts"]
    groups = [[p] for p in parts] if one_part_per_event else [parts]
    events = []
    for i, group in enumerate(groups):
        candidate: dict[str, Any] = {"content": {"role": "model", "parts": group}, "index": 0}
        if i == len(groups) - 1:
            candidate["finishReason"] = "STOP"
        events.append({"candidates": [candidate], "usageMetadata": reply["usageMetadata"], "modelVersion": MODEL})
    return events


@pytest.mark.parametrize("one_part_per_event", [True, False], ids=["call-per-event", "calls-in-one-event"])
@pytest.mark.parametrize("echo", ["sdk-message", "rebuilt-ids-only"])
async def test_streamed_cycle_keeps_signatures(
    sdk: openai.AsyncOpenAI, fake: FakeGemini, one_part_per_event: bool, echo: str
) -> None:
    fake.push_stream(as_stream_events(parallel_calls(), one_part_per_event=one_part_per_event), chunk_size=13)
    messages: list[Any] = [{"role": "user", "content": "Weather and time in Paris?"}]
    async with sdk.chat.completions.stream(model=MODEL, messages=messages, tools=TOOLS) as stream:
        final = await stream.get_final_completion()
    message = final.choices[0].message
    assert final.choices[0].finish_reason == "tool_calls"
    assert [c.function.name for c in message.tool_calls or []] == ["get_weather", "get_time"]
    assert all(len(c.id) <= 64 for c in message.tool_calls or [])

    if echo == "sdk-message":
        assistant: Any = message.model_dump(exclude_none=True)
    else:
        assistant = {"role": "assistant", "content": None, "tool_calls": [
            {"id": c.id, "type": "function", "function": {"name": c.function.name, "arguments": c.function.arguments}}
            for c in message.tool_calls or []]}
    messages += [assistant, *tool_results(message)]
    fake.push_stream(as_stream_events(final_answer(), one_part_per_event=True))
    second = await sdk.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS, stream=True)
    text = "".join([chunk.choices[0].delta.content or "" async for chunk in second if chunk.choices])
    assert text == "Sunny, 21 °C, and it is 10:42."
    # The fake enforces Gemini 3's rule; the real signature came back on the first call of the step.
    assert fake.last.body["contents"] == expected_first_step(SIG_1)
