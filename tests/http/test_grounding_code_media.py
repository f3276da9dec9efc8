"""Grounding, code execution, images and audio through the real HTTP stack, against the strict fake upstream."""

from __future__ import annotations

import base64
from typing import Any

import orjson
import pytest
from aiohttp.test_utils import TestClient

from tests.helpers import chat_body, fixture_json, recording
from tests.streams import assert_well_formed, parse_body, stream_fixture
from translator.testing import FakeGemini

AUTH = {"Authorization": "Bearer anything"}
WEATHER = {"type": "function", "function": {"name": "get_weather",
                                             "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}


async def post(client: TestClient, body: dict[str, Any]) -> tuple[int, Any, Any]:
    resp = await client.post("/v1/chat/completions", json=body, headers=AUTH)
    return resp.status, resp.headers, await resp.json()


async def test_search_tool_request_and_cited_answer(client: TestClient, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("grounding_google_search_gemini-2.5-pro.json")))
    status, _, body = await post(client, {**chat_body("SF weather?"), "model": "gemini-2.5-pro",
                                          "tools": [{"type": "google_search"}]})
    assert status == 200
    assert fake.last.body["tools"] == [{"googleSearch": {}}]  # passed the fake's strict validation
    message = body["choices"][0]["message"]
    assert len(message["annotations"]) == 6
    assert message["grounding_metadata"]["webSearchQueries"] == ["weather in San Francisco today"]


async def test_web_search_options_location_and_ignored_fields(client: TestClient, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("grounding_google_search_gemini-2.5-pro.json")))
    options = {"search_context_size": "low",
               "user_location": {"type": "approximate", "approximate": {"country": "US", "latitude": 37.77, "longitude": -122.42}}}
    status, headers, _ = await post(client, chat_body("SF weather?", web_search_options=options))
    assert status == 200
    assert fake.last.body["tools"] == [{"googleSearch": {}}]
    assert fake.last.body["toolConfig"] == {"retrievalConfig": {"latLng": {"latitude": 37.77, "longitude": -122.42}}}
    assert headers["x-translator-ignored-params"] == (
        "web_search_options.search_context_size,web_search_options.user_location.approximate.country"
    )


async def test_url_context_and_maps_request(client: TestClient, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("url_context_gemini-2.5-flash.json")))
    tools = [{"url_context": {}},
             {"type": "google_maps", "google_maps": {"enable_widget": True, "lat_lng": {"latitude": 1.5, "longitude": 2.5}}}]
    status, _, body = await post(client, chat_body("Summarise https://ai.pydantic.dev", tools=tools))
    assert status == 200
    assert fake.last.body["tools"] == [{"urlContext": {}}, {"googleMaps": {"enableWidget": True}}]
    assert fake.last.body["toolConfig"] == {"retrievalConfig": {"latLng": {"latitude": 1.5, "longitude": 2.5}}}
    assert body["choices"][0]["message"]["url_context_metadata"]["urlMetadata"][0]["retrievedUrl"] == "https://ai.pydantic.dev"


async def test_builtins_with_functions(client: TestClient, fake: FakeGemini) -> None:
    status, _, body = await post(client, chat_body("x", tools=[WEATHER, {"type": "google_search"}]))
    assert status == 400 and body["error"]["param"] == "tools"
    assert fake.requests == []
    status, _, _ = await post(client, {**chat_body("x", tools=[WEATHER, {"type": "google_search"}]),
                                       "model": "gemini-3-flash-preview"})
    assert status == 200
    assert fake.last.body["toolConfig"] == {"includeServerSideToolInvocations": True}


async def test_code_execution(client: TestClient, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("code_execution_gemini-2.5-flash.json")))
    status, _, body = await post(client, chat_body("Sum the first 5 primes", tools=[{"type": "code_execution"}]))
    assert status == 200
    assert fake.last.body["tools"] == [{"codeExecution": {}}]
    message = body["choices"][0]["message"]
    assert message["content"].startswith("\n```python\nprime_numbers")
    assert [e["type"] for e in message["code_execution"]] == ["code", "result"]


async def test_image_output(client: TestClient, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("image_output_gemini-2.5-flash-image.json")))
    status, _, body = await post(client, {**chat_body("A story with a picture"), "model": "gemini-2.5-flash-image",
                                          "modalities": ["text", "image"], "image_config": {"aspect_ratio": "16:9"}})
    assert status == 200
    assert fake.last.body["generationConfig"] == {"responseModalities": ["TEXT", "IMAGE"], "imageConfig": {"aspectRatio": "16:9"}}
    assert body["choices"][0]["message"]["images"][0]["image_url"]["url"].startswith("data:image/png;base64,")


async def test_no_image_is_a_content_filter_choice_with_its_reason(client: TestClient, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("image_no_image_gemini-3.1-flash-image-preview.json")))
    status, headers, body = await post(client, {**chat_body("draw"), "model": "gemini-3.1-flash-image-preview",
                                                "modalities": ["image"]})
    assert status == 200
    assert body["choices"][0]["finish_reason"] == "content_filter"
    assert headers["x-gemini-finish-reason"] == "NO_IMAGE"


async def test_modality_the_model_lacks_is_a_400(client: TestClient, fake: FakeGemini) -> None:
    status, _, body = await post(client, chat_body("draw", modalities=["text", "image"]))
    assert status == 400 and body["error"]["param"] == "modalities"
    assert fake.requests == []


async def test_audio_output_as_wav(client: TestClient, fake: FakeGemini) -> None:
    payload = fixture_json("gemini/audio_pcm_two_parts.json")
    fake.push_json(payload)
    status, _, body = await post(client, {**chat_body("Say hi"), "model": "gemini-2.5-flash-preview-tts",
                                          "modalities": ["audio"], "audio": {"voice": "Kore", "format": "wav"}})
    assert status == 200
    assert fake.last.body["generationConfig"] == {
        "responseModalities": ["AUDIO"], "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}}
    }
    wav = base64.b64decode(body["choices"][0]["message"]["audio"]["data"])
    assert wav[:4] == b"RIFF" and len(wav) == 44 + 480  # 240 samples of 16 bits


# ---- streams -----------------------------------------------------------------------------------


async def stream(client: TestClient, body: dict[str, Any]) -> list[dict[str, Any]]:
    resp = await client.post("/v1/chat/completions", json={**body, "stream": True}, headers=AUTH)
    assert resp.status == 200, await resp.text()
    parsed = parse_body(await resp.read())
    assert parsed.done and parsed.error is None
    assert_well_formed(parsed.chunks, include_usage=False)
    return parsed.chunks


@pytest.mark.parametrize("name, tool", [
    ("stream_grounding_google_search_gemini-2.5-pro.sse", {"type": "google_search"}),
    ("stream_url_context_gemini-2.5-flash.sse", {"type": "url_context"}),
])
async def test_streamed_grounding(client: TestClient, fake: FakeGemini, name: str, tool: dict[str, Any]) -> None:
    fake.push_sse_bytes(recording(name), chunk_size=97)
    chunks = await stream(client, chat_body("q", tools=[tool]))
    last_delta = chunks[-2]["choices"][0]["delta"]
    assert last_delta["annotations"] and last_delta["grounding_metadata"]["groundingSupports"]
    assert fake.last.path.endswith(":streamGenerateContent")


async def test_streamed_code_execution_with_intermediate_finish(client: TestClient, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_code_execution_intermediate_finish_gemini-2.5-flash.sse"))
    chunks = await stream(client, chat_body("q", tools=[{"code_execution": {}}]))
    code = [e for c in chunks for e in c["choices"][0]["delta"].get("code_execution") or []]
    assert [e["index"] for e in code] == [0, 1, 2, 3]


async def test_streamed_images(client: TestClient, fake: FakeGemini) -> None:
    fake.push_stream(stream_fixture("image_text_then_images.json"))
    chunks = await stream(client, {**chat_body("cats"), "model": "gemini-2.5-flash-image", "modalities": ["text", "image"]})
    assert sum(len(c["choices"][0]["delta"].get("images") or []) for c in chunks) == 2


async def test_streamed_audio_requires_pcm16(client: TestClient, fake: FakeGemini) -> None:
    body = {**chat_body("Say hi"), "model": "gemini-2.5-flash-preview-tts", "modalities": ["audio"],
            "audio": {"voice": "Kore", "format": "wav"}, "stream": True}
    resp = await client.post("/v1/chat/completions", json=body, headers=AUTH)
    assert resp.status == 400 and (await resp.json())["error"]["param"] == "audio.format"
    fake.push_stream(stream_fixture("audio_pcm_odd_chunks.json"))
    chunks = await stream(client, {**body, "audio": {"voice": "Kore", "format": "pcm16"}})
    data = "".join(c["choices"][0]["delta"].get("audio", {}).get("data", "") for c in chunks)
    assert len(base64.b64decode(data, validate=True)) == 600
