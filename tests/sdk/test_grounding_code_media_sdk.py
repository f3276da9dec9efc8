"""The official openai SDK (strict validation) reaching Gemini-only features with standard parameters
or `extra_body`: citations as the SDK's own Annotation type, extension fields through `model_extra`."""

from __future__ import annotations

import base64
from typing import Any

import openai
import orjson
from openai.types.chat.chat_completion_message import Annotation

from tests.helpers import fixture_json, recording
from tests.streams import stream_fixture
from translator.testing import FakeGemini

MESSAGES: Any = [{"role": "user", "content": "hi"}]


async def test_web_search_citations_parse_as_annotations(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    payload = orjson.loads(recording("grounding_google_search_gemini-2.5-pro.json"))
    fake.push_json(payload)
    completion = await sdk.chat.completions.create(model="gemini-2.5-pro", messages=MESSAGES, web_search_options={})
    message = completion.choices[0].message
    assert message.annotations and all(isinstance(a, Annotation) for a in message.annotations)
    content = message.content or ""
    supports = payload["candidates"][0]["groundingMetadata"]["groundingSupports"]
    assert [content[a.url_citation.start_index : a.url_citation.end_index] for a in message.annotations] == [
        s["segment"]["text"] for s in supports
    ]
    assert message.model_extra["grounding_metadata"]["webSearchQueries"] == ["weather in San Francisco today"]


async def test_builtin_tools_through_extra_body(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("url_context_gemini-2.5-flash.json")))
    # `tools` is typed for function tools; built-ins go through extra_body, which replaces the field.
    completion = await sdk.chat.completions.create(
        model="gemini-2.5-flash", messages=MESSAGES, extra_body={"tools": [{"type": "url_context"}, {"type": "google_search"}]}
    )
    assert fake.last.body["tools"] == [{"urlContext": {}}, {"googleSearch": {}}]
    extra = completion.choices[0].message.model_extra
    assert extra["url_context_metadata"]["urlMetadata"][0]["urlRetrievalStatus"] == "URL_RETRIEVAL_STATUS_SUCCESS"


async def test_code_execution(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("code_execution_multiple_results_gemini-3-flash-preview.json")))
    completion = await sdk.chat.completions.create(
        model="gemini-3-flash-preview", messages=MESSAGES, extra_body={"tools": [{"type": "code_execution"}]}
    )
    message = completion.choices[0].message
    assert "```output\nok\n```" in (message.content or "")
    assert [e["outcome"] for e in message.model_extra["code_execution"][1:]] == ["OUTCOME_OK", "OUTCOME_FAILED"]


async def test_image_output(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(orjson.loads(recording("image_output_gemini-3-pro-image-preview.json")))
    completion = await sdk.chat.completions.create(
        model="gemini-3-pro-image-preview", messages=MESSAGES, modalities=["text", "image"],
        extra_body={"image_config": {"aspect_ratio": "16:9", "image_size": "2K"}},
    )
    assert fake.last.body["generationConfig"]["imageConfig"] == {"aspectRatio": "16:9", "imageSize": "2K"}
    images = completion.choices[0].message.model_extra["images"]
    assert images[0]["image_url"]["url"].startswith("data:image/jpeg;base64,/9j/")


async def test_unsupported_modality_is_a_bad_request(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    try:
        await sdk.chat.completions.create(model="gemini-2.5-flash", messages=MESSAGES, modalities=["text", "image"])
    except openai.BadRequestError as err:
        assert err.param == "modalities"
    else:
        raise AssertionError("expected a 400")


async def test_audio_output_parses_as_the_sdks_audio(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_json(fixture_json("gemini/audio_pcm_two_parts.json"))
    completion = await sdk.chat.completions.create(
        model="gemini-2.5-flash-preview-tts", messages=MESSAGES, modalities=["audio"],
        audio={"voice": "Kore", "format": "wav"},  # type: ignore[typeddict-item]  # a Gemini voice name
    )
    audio = completion.choices[0].message.audio
    assert audio is not None and audio.transcript == "" and audio.expires_at == completion.created
    assert base64.b64decode(audio.data)[:4] == b"RIFF"


async def test_streamed_search_with_the_stream_helper(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_grounding_google_search_gemini-2.5-pro.sse"), chunk_size=200)
    async with sdk.chat.completions.stream(
        model="gemini-2.5-pro", messages=MESSAGES, web_search_options={}
    ) as stream:
        async for _ in stream:
            pass
        final = await stream.get_final_completion()
    message = final.choices[0].message
    assert message.annotations and len(message.annotations) == 9
    assert all(isinstance(a, Annotation) for a in message.annotations)
    assert message.model_extra["grounding_metadata"]["webSearchQueries"]


async def test_streamed_images_and_code_accumulate_by_index(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    fake.push_stream(stream_fixture("image_text_then_images.json"))
    async with sdk.chat.completions.stream(
        model="gemini-2.5-flash-image", messages=MESSAGES, modalities=["text", "image"]
    ) as stream:
        final = await stream.get_final_completion()
    extra = final.choices[0].message.model_extra
    assert [i["index"] for i in extra["images"]] == [0, 1]
    assert final.choices[0].message.content == "Here is your cat: and a second one:"

    fake.push_sse_bytes(recording("stream_code_execution_intermediate_finish_gemini-2.5-flash.sse"))
    async with sdk.chat.completions.stream(
        model="gemini-2.5-flash", messages=MESSAGES, extra_body={"tools": [{"type": "code_execution"}]}
    ) as stream:
        final = await stream.get_final_completion()
    assert [e["type"] for e in final.choices[0].message.model_extra["code_execution"]] == ["code", "result", "code", "result"]


async def test_streamed_audio_accumulates_into_one_clip(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    events = stream_fixture("audio_pcm_odd_chunks.json")
    fake.push_stream(events)
    async with sdk.chat.completions.stream(
        model="gemini-2.5-flash-preview-tts", messages=MESSAGES, modalities=["audio"],
        audio={"voice": "Kore", "format": "pcm16"},  # type: ignore[typeddict-item]
    ) as stream:
        final = await stream.get_final_completion()
    audio = final.choices[0].message.audio
    assert audio is not None and audio.id.startswith("audio_") and audio.expires_at == final.created
    expected = b"".join(base64.b64decode(e["candidates"][0]["content"]["parts"][0]["inlineData"]["data"]) for e in events)
    assert base64.b64decode(audio.data, validate=True) == expected


async def test_builtin_tools_straight_in_tools(sdk: openai.AsyncOpenAI, fake: FakeGemini) -> None:
    # Only the SDK's type hints object to these entries; at runtime it sends them as written.
    tools: Any = [{"type": "google_search"}, {"code_execution": {}}]
    await sdk.chat.completions.create(model="gemini-2.5-flash", messages=MESSAGES, tools=tools)
    assert fake.last.body["tools"] == [{"googleSearch": {}}, {"codeExecution": {}}]
