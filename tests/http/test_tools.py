"""Tools, structured output and thought signatures through the real HTTP stack, against the fake upstream."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import orjson
import pytest
from aiohttp.test_utils import TestClient

from tests.helpers import chat_body, fixture_json, recording
from translator.app import create_app
from translator.config import Settings
from translator.convert.signatures import DUMMY_SIGNATURE, MemorySignatureStore
from translator.testing import FakeGemini

AUTH = {"Authorization": "Bearer anything"}
WEATHER_TOOL = {"type": "function", "function": {
    "name": "get_weather", "description": "Weather for a city", "strict": True,
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
                   "additionalProperties": False},
}}


async def post(client: TestClient, body: Any) -> tuple[int, Any, Any]:
    resp = await client.post("/v1/chat/completions", json=body, headers=AUTH)
    return resp.status, resp.headers, await resp.json()


def recorded(name: str) -> dict[str, Any]:
    return orjson.loads(recording(name))


async def test_tools_reach_gemini_as_json_schema(client: TestClient, fake: FakeGemini) -> None:
    status, headers, _ = await post(client, chat_body("weather?", tools=[WEATHER_TOOL], tool_choice="required",
                                                      parallel_tool_calls=False))
    assert status == 200
    assert fake.last.body["tools"] == [{"functionDeclarations": [{
        "name": "get_weather", "description": "Weather for a city",
        "parametersJsonSchema": WEATHER_TOOL["function"]["parameters"],
    }]}]
    assert fake.last.body["toolConfig"] == {"functionCallingConfig": {"mode": "ANY"}}
    assert headers["x-translator-ignored-params"] == "parallel_tool_calls"


async def test_legacy_dialect_setting(aiohttp_client: Any, settings: Settings, fake: FakeGemini) -> None:
    client = await aiohttp_client(create_app(replace(settings, schema_dialect="legacy")))
    fmt = {"type": "json_schema", "json_schema": {"name": "City", "schema": {
        "type": "object", "properties": {"name": {"type": ["string", "null"]}}, "required": ["name"],
        "additionalProperties": False}}}
    status, _, _ = await post(client, chat_body("x", tools=[WEATHER_TOOL], response_format=fmt))
    assert status == 200
    body = fake.last.body
    assert body["tools"][0]["functionDeclarations"][0]["parameters"] == {
        "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    assert body["generationConfig"]["responseSchema"] == {
        "type": "object", "properties": {"name": {"type": "string", "nullable": True}}, "required": ["name"]}


@pytest.mark.parametrize(
    "extra, param",
    [
        pytest.param({"tool_choice": "required", "response_format": {"type": "json_object"}}, "tool_choice",
                     id="forced-call-with-json"),
        pytest.param({"tool_choice": {"type": "function", "function": {"name": "nope"}}}, "tool_choice",
                     id="undeclared-named-choice"),
        pytest.param({"tools": [{"type": "function", "function": {"name": "f", "parameters": {
            "type": "object", "properties": {"a": {"$ref": "#/$defs/Missing"}}}}}]},
            "tools[0].function.parameters.properties.a.$ref", id="dangling-ref"),
    ],
)
async def test_request_errors_are_ours(client: TestClient, fake: FakeGemini, extra: dict[str, Any], param: str) -> None:
    status, _, err = await post(client, chat_body("x", **{"tools": [WEATHER_TOOL], **extra}))
    assert status == 400
    assert err["error"]["param"] == param
    assert fake.requests == []


@pytest.mark.parametrize(
    "messages, param",
    [
        pytest.param([{"role": "user", "content": "x"},
                      {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function",
                                                            "function": {"name": "f", "arguments": "{oops"}}]},
                      {"role": "tool", "tool_call_id": "c1", "content": "r"}],
                     "messages[1].tool_calls[0].function.arguments", id="bad-arguments"),
        pytest.param([{"role": "user", "content": "x"}, {"role": "tool", "tool_call_id": "ghost", "content": "r"}],
                     "messages[1].tool_call_id", id="unknown-tool-call-id"),
    ],
)
async def test_history_errors(client: TestClient, fake: FakeGemini, messages: list[Any], param: str) -> None:
    status, _, err = await post(client, {"model": "gemini-2.5-flash", "messages": messages})
    assert status == 400
    assert err["error"]["param"] == param
    assert fake.requests == []


async def test_gemini_3_call_with_id_and_signature(client: TestClient, fake: FakeGemini) -> None:
    payload = recorded("tool_call_id_gemini-3.1-flash-lite.json")
    fake.push_json(payload)
    status, _, body = await post(client, chat_body("search", model="gemini-3.1-flash-lite"))
    assert status == 200
    choice = body["choices"][0]
    call = choice["message"]["tool_calls"][0]
    assert choice["finish_reason"] == "tool_calls"
    assert call["id"].startswith("PPik6Btt_ts") and len(call["id"]) <= 64
    assert call["function"] == {"name": "catalogSearch", "arguments": "{}"}
    signature = payload["candidates"][0]["content"]["parts"][0]["thoughtSignature"]
    assert call["extra_content"] == {"google": {"thought_signature": signature}}


async def test_malformed_function_call_is_a_502(client: TestClient, fake: FakeGemini) -> None:
    fake.push_json(fixture_json("gemini/malformed_function_call_empty.json"))
    status, headers, err = await post(client, chat_body("x", tools=[WEATHER_TOOL]))
    assert status == 502
    assert err["error"]["code"] == "malformed_function_call"
    assert headers["x-gemini-finish-reason"] == "MALFORMED_FUNCTION_CALL"


def _second_turn(first: dict[str, Any], *, echo_extra: bool) -> dict[str, Any]:
    message = first["choices"][0]["message"]
    calls = [
        {"id": c["id"], "type": "function", "function": c["function"],
         **({"extra_content": c["extra_content"]} if echo_extra and "extra_content" in c else {})}
        for c in message["tool_calls"]
    ]
    return chat_body("q", model="gemini-3-flash-preview", messages=[
        {"role": "user", "content": "q"},
        {"role": "assistant", "content": None, "tool_calls": calls},
        *({"role": "tool", "tool_call_id": c["id"], "content": "ok"} for c in calls),
    ])


async def test_signature_from_the_store(client: TestClient, fake: FakeGemini) -> None:
    payload = recorded("parallel_tool_calls_gemini-3-flash-preview.json")
    fake.push_json(payload)
    _, _, first = await post(client, chat_body("q", model="gemini-3-flash-preview"))
    status, _, _ = await post(client, _second_turn(first, echo_extra=False))
    assert status == 200
    replayed = fake.last.body["contents"][1]["parts"]
    expected = payload["candidates"][0]["content"]["parts"][0]["thoughtSignature"]
    assert [p.get("thoughtSignature") for p in replayed] == [expected, None, None]


class BrokenStore:
    async def get(self, call_id: str) -> str | None:
        raise ConnectionError("cache down")

    async def put(self, call_id: str, signature: str) -> None:
        raise ConnectionError("cache down")


async def test_a_failing_store_degrades_to_the_placeholder(aiohttp_client: Any, settings: Settings, fake: FakeGemini,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    client = await aiohttp_client(create_app(settings, signature_store=BrokenStore()))
    fake.push_json(recorded("parallel_tool_calls_gemini-3-flash-preview.json"))
    status, _, first = await post(client, chat_body("q", model="gemini-3-flash-preview"))
    assert status == 200
    status, _, _ = await post(client, _second_turn(first, echo_extra=False))
    assert status == 200
    assert fake.last.body["contents"][1]["parts"][0]["thoughtSignature"] == DUMMY_SIGNATURE
    assert "signature store" in caplog.text


async def test_store_size_zero_keeps_nothing(aiohttp_client: Any, settings: Settings, fake: FakeGemini) -> None:
    store = MemorySignatureStore(0)
    client = await aiohttp_client(create_app(settings, signature_store=store))
    fake.push_json(recorded("tool_call_gemini-3-pro-preview.json"))
    await post(client, chat_body("q", model="gemini-3-pro-preview"))
    assert len(store) == 0


async def test_echoed_extra_content_needs_no_store(aiohttp_client: Any, settings: Settings, fake: FakeGemini) -> None:
    client = await aiohttp_client(create_app(settings, signature_store=MemorySignatureStore(0)))
    payload = recorded("parallel_tool_calls_gemini-3-flash-preview.json")
    fake.push_json(payload)
    _, _, first = await post(client, chat_body("q", model="gemini-3-flash-preview"))
    status, _, _ = await post(client, _second_turn(first, echo_extra=True))
    assert status == 200
    expected = payload["candidates"][0]["content"]["parts"][0]["thoughtSignature"]
    assert fake.last.body["contents"][1]["parts"][0]["thoughtSignature"] == expected


async def test_pass_through_tenants_do_not_share_signatures(aiohttp_client: Any, upstream_url: str,
                                                            fake: FakeGemini) -> None:
    client = await aiohttp_client(create_app(Settings(gemini_base_url=upstream_url)))
    payload = recorded("tool_call_gemini-3-pro-preview.json")
    fake.push_json(payload)
    resp = await client.post("/v1/chat/completions", json=chat_body("q", model="gemini-3-pro-preview"),
                             headers={"Authorization": "Bearer key-a"})
    first = await resp.json()
    for key, expected in (("key-b", DUMMY_SIGNATURE), ("key-a", payload["candidates"][0]["content"]["parts"][0]["thoughtSignature"])):
        second = _second_turn(first, echo_extra=False) | {"model": "gemini-3-pro-preview"}
        resp = await client.post("/v1/chat/completions", json=second, headers={"Authorization": f"Bearer {key}"})
        assert resp.status == 200
        assert fake.last.body["contents"][1]["parts"][0]["thoughtSignature"] == expected


async def test_structured_output_request(client: TestClient, fake: FakeGemini) -> None:
    schema = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"], "additionalProperties": False}
    fake.push_json({"candidates": [{"content": {"role": "model", "parts": [{"text": '{"ok":true}'}]},
                                    "finishReason": "STOP"}]})
    status, _, body = await post(client, chat_body("x", response_format={
        "type": "json_schema", "json_schema": {"name": "R", "schema": schema, "strict": True}}))
    assert status == 200
    assert body["choices"][0]["message"]["content"] == '{"ok":true}'
    assert fake.last.body["generationConfig"] == {"responseMimeType": "application/json", "responseJsonSchema": schema}
