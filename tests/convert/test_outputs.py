"""Gemini-only outputs in a non-stream answer: citations, code execution, images, audio, server tools."""

from __future__ import annotations

import base64
import struct
from typing import Any

import orjson
import pytest

from tests.helpers import fixture_json, recording
from tests.openai_spec import assert_valid
from translator.convert.audio import pcm_to_wav, wav_to_pcm
from translator.convert.modalities import OutputOptions
from translator.convert.response import ReplyContext, to_chat_completion
from translator.errors import ApiError

CTX = ReplyContext(id="chatcmpl-test", created=1767225600, model="gemini")


def message(payload: dict[str, Any], ctx: ReplyContext = CTX) -> dict[str, Any]:
    completion = to_chat_completion(payload, ctx)
    assert_valid("CreateChatCompletionResponse", completion)
    return completion["choices"][0]["message"]


def cited(msg: dict[str, Any]) -> list[tuple[str, str]]:
    """(url, cited text) per annotation."""
    content = msg["content"]
    return [
        (a["url_citation"]["url"], content[a["url_citation"]["start_index"] : a["url_citation"]["end_index"]])
        for a in msg.get("annotations", [])
    ]


# ---- grounding -----------------------------------------------------------------------------


def test_search_recording_citations_are_character_spans_of_content() -> None:
    payload = orjson.loads(recording("grounding_google_search_gemini-2.5-pro.json"))
    msg = message(payload)
    meta = payload["candidates"][0]["groundingMetadata"]
    supports = meta["groundingSupports"]
    # One annotation per support here (each cites one chunk); every span is exactly the segment text,
    # although the text has "69°F" (2 UTF-8 bytes for one character) before most of them.
    assert [text for _, text in cited(msg)] == [s["segment"]["text"] for s in supports]
    second = msg["annotations"][1]["url_citation"]
    assert (second["start_index"], second["end_index"]) == (217 - 1, 271 - 1)  # bytes 217..271
    assert all(a["type"] == "url_citation" and a["url_citation"]["title"] for a in msg["annotations"])
    assert msg["grounding_metadata"] == meta
    assert msg["grounding_metadata"]["webSearchQueries"] == ["weather in San Francisco today"]
    assert "renderedContent" in msg["grounding_metadata"]["searchEntryPoint"]


def test_search_recording_offsets_convert_without_the_segment_text() -> None:
    payload = orjson.loads(recording("grounding_google_search_gemini-2.5-pro.json"))
    supports = payload["candidates"][0]["groundingMetadata"]["groundingSupports"]
    expected = [s["segment"].pop("text") for s in supports]
    assert [text for _, text in cited(message(payload))] == expected


def test_url_context_recording_has_both_metadata_fields() -> None:
    msg = message(orjson.loads(recording("url_context_gemini-2.5-flash.json")))
    assert cited(msg) == [("https://ai.pydantic.dev", msg["content"])]  # segment without startIndex: from 0
    assert msg["url_context_metadata"]["urlMetadata"][0]["urlRetrievalStatus"] == "URL_RETRIEVAL_STATUS_SUCCESS"
    assert msg["grounding_metadata"]["groundingChunks"][0]["web"]["title"] == "Pydantic AI"


@pytest.mark.parametrize("keep_text", [True, False], ids=["with-segment-text", "offsets-only"])
def test_part_index_offsets_skip_rendered_code_blocks_and_multibyte_text(keep_text: bool) -> None:
    payload = fixture_json("gemini/grounding_part_index_non_ascii.json")
    if not keep_text:
        for support in payload["candidates"][0]["groundingMetadata"]["groundingSupports"]:
            del support["segment"]["text"]
    msg = message(payload)
    assert cited(msg) == [
        ("https://example.ch/kaffee", "☕ about 5 CHF."),
        ("https://example.jp/tokyo", "東京 is the capital of Japan 🗼."),
        ("https://example.org/no-title", "東京 is the capital of Japan 🗼."),
    ]  # the repeated chunk index is cited once
    untitled = msg["annotations"][2]["url_citation"]
    assert untitled["title"] == untitled["url"]
    assert "```python" in msg["content"]


def test_offsets_without_part_index_run_over_the_text_parts_together() -> None:
    msg = message(fixture_json("gemini/grounding_joined_parts_offsets.json"))
    assert cited(msg) == [("https://example.jp/tokyo", "東京")]


def test_segment_text_corrects_offsets_that_do_not_match() -> None:
    payload = fixture_json("gemini/grounding_joined_parts_offsets.json")
    payload["candidates"][0]["groundingMetadata"]["groundingSupports"][0]["segment"] = {
        "startIndex": 0, "endIndex": 3, "text": "capital of Japan"
    }
    assert cited(message(payload)) == [("https://example.jp/tokyo", "capital of Japan")]


def test_empty_grounding_metadata_adds_nothing() -> None:
    payload = {"candidates": [{"content": {"parts": [{"text": "hi"}]}, "finishReason": "STOP", "groundingMetadata": {}}]}
    msg = message(payload)
    assert "annotations" not in msg and "grounding_metadata" not in msg


def test_chunks_without_a_url_are_kept_in_metadata_only() -> None:
    payload = orjson.loads(recording("grounding_file_search_server_tool_parts_gemini-3-flash-preview.json"))
    msg = message(payload)
    assert "annotations" not in msg
    assert msg["grounding_metadata"]["groundingChunks"][0]["retrievedContext"]["text"].startswith("Paris")


# ---- code execution and server-side tools ----------------------------------------------------


def test_code_execution_recording_in_content_and_structured() -> None:
    payload = orjson.loads(recording("code_execution_gemini-2.5-flash.json"))
    msg = message(payload)
    parts = payload["candidates"][0]["content"]["parts"]
    code, output, text = parts[0]["executableCode"]["code"], parts[1]["codeExecutionResult"]["output"], parts[2]["text"]
    assert msg["content"] == f"\n```python\n{code}```\n\n```output\n{output}```\n{text}"
    assert msg["code_execution"] == [
        {"type": "code", "language": "python", "code": code},
        {"type": "result", "outcome": "OUTCOME_OK", "output": output},
    ]


def test_code_execution_with_two_results_keeps_order() -> None:
    msg = message(orjson.loads(recording("code_execution_multiple_results_gemini-3-flash-preview.json")))
    assert [(e["type"], e.get("outcome")) for e in msg["code_execution"]] == [
        ("code", None), ("result", "OUTCOME_OK"), ("result", "OUTCOME_FAILED")
    ]
    content = msg["content"]
    assert content.index("print(1/0)") < content.index("```output\nok\n") < content.index("ZeroDivisionError")
    assert content.endswith("```python\nZeroDivisionError: division by zero\n```")


def test_code_only_answer_with_abnormal_finish_is_an_answer_not_a_502() -> None:
    completion = to_chat_completion(fixture_json("gemini/code_execution_only_finish_other.json"), CTX)
    choice = completion["choices"][0]
    assert choice["native_finish_reason"] == "OTHER"
    assert choice["message"]["code_execution"][1] == {
        "type": "result", "outcome": "OUTCOME_DEADLINE_EXCEEDED", "output": "", "id": "c1"
    }
    assert "```output\nOUTCOME_DEADLINE_EXCEEDED\n```" in choice["message"]["content"]


def test_json_output_keeps_code_out_of_content() -> None:
    payload = orjson.loads(recording("code_execution_gemini-2.5-flash.json"))
    ctx = ReplyContext(id="c", created=1, model="m", outputs=OutputOptions(code_in_content=False))
    msg = message(payload, ctx)
    assert "```" not in msg["content"]
    assert len(msg["code_execution"]) == 2


def test_server_side_tool_parts_are_exposed() -> None:
    msg = message(orjson.loads(recording("grounding_file_search_server_tool_parts_gemini-3-flash-preview.json")))
    assert msg["server_tool_invocations"] == [
        {"type": "tool_call", "id": "j425u3dm", "tool_type": "FILE_SEARCH"},
        {"type": "tool_response", "id": "j425u3dm", "tool_type": "FILE_SEARCH"},
    ]
    assert msg["content"].startswith("The capital of France is **Paris**.")


# ---- images ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, mime", [("image_output_gemini-2.5-flash-image.json", "image/png"),
                   ("image_output_gemini-3-pro-image-preview.json", "image/jpeg")],
)
def test_image_recordings_come_back_as_data_urls(name: str, mime: str) -> None:
    payload = orjson.loads(recording(name))
    msg = message(payload)
    data = payload["candidates"][0]["content"]["parts"][1]["inlineData"]["data"]
    assert msg["images"] == [{"type": "image_url", "image_url": {"url": f"data:{mime};base64,{data}"}}]
    assert msg["content"].startswith(("Once, in a hidden cenote", "A little axolotl"))


def test_image_only_answer_is_not_empty() -> None:
    completion = to_chat_completion(fixture_json("gemini/image_only.json"), CTX)
    choice = completion["choices"][0]
    assert choice["finish_reason"] == "stop"
    assert choice["message"]["images"][0]["image_url"]["url"].startswith("data:image/png;base64,iVBOR")


def test_image_only_answer_with_abnormal_finish_is_still_delivered() -> None:
    payload = fixture_json("gemini/image_only.json")
    payload["candidates"][0]["finishReason"] = "OTHER"
    choice = to_chat_completion(payload, CTX)["choices"][0]
    assert choice["native_finish_reason"] == "OTHER" and choice["message"]["images"]


def test_no_image_recording_is_a_content_filter_choice() -> None:
    completion = to_chat_completion(orjson.loads(recording("image_no_image_gemini-3.1-flash-image-preview.json")), CTX)
    choice = completion["choices"][0]
    assert choice["finish_reason"] == "content_filter"
    assert choice["native_finish_reason"] == "NO_IMAGE"
    assert choice["message"]["content"] is None
    assert "images" not in choice["message"]


def test_empty_abnormal_answer_is_still_a_502() -> None:
    payload = {"candidates": [{"content": {}, "finishReason": "OTHER"}]}
    with pytest.raises(ApiError) as info:
        to_chat_completion(payload, CTX)
    assert info.value.status == 502


def test_thought_images_and_other_media_are_kept_apart() -> None:
    parts = [
        {"inlineData": {"mimeType": "image/png", "data": "AAAA"}, "thought": True},
        {"fileData": {"mimeType": "image/jpeg", "fileUri": "https://example.com/a.jpg"}},
        {"inlineData": {"mimeType": "application/pdf", "data": "JVBE"}},
    ]
    msg = message({"candidates": [{"content": {"parts": parts}, "finishReason": "STOP"}]})
    assert msg["reasoning_images"] == [{"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]
    assert msg["images"] == [{"type": "image_url", "image_url": {"url": "https://example.com/a.jpg"}}]
    assert msg["files"] == [{"type": "file", "file": {"file_data": "data:application/pdf;base64,JVBE",
                                                      "mime_type": "application/pdf"}}]


# ---- audio -----------------------------------------------------------------------------------


def _pcm(payload: dict[str, Any]) -> bytes:
    return b"".join(base64.b64decode(p["inlineData"]["data"]) for p in payload["candidates"][0]["content"]["parts"])


def test_audio_is_wrapped_as_wav_by_default() -> None:
    payload = fixture_json("gemini/audio_pcm_two_parts.json")
    ctx = ReplyContext(id="c", created=1767225600, model="m", outputs=OutputOptions(audio_format="wav"))
    msg = message(payload, ctx)
    audio = msg["audio"]
    assert audio["id"].startswith("audio_")
    assert audio["expires_at"] == 1767225600
    assert audio["transcript"] == ""
    wav = base64.b64decode(audio["data"])
    assert wav[:4] == b"RIFF" and wav[8:16] == b"WAVEfmt "
    channels, rate = struct.unpack("<HI", wav[22:28])
    assert (channels, rate) == (1, 24000)
    assert wav_to_pcm(wav) == _pcm(payload)
    assert msg["content"] == ""


def test_audio_as_pcm16_is_the_raw_samples() -> None:
    payload = fixture_json("gemini/audio_pcm_two_parts.json")
    ctx = ReplyContext(id="c", created=1, model="m", outputs=OutputOptions(audio_format="pcm16"))
    assert base64.b64decode(message(payload, ctx)["audio"]["data"]) == _pcm(payload)


def test_audio_transcript_is_the_text() -> None:
    payload = fixture_json("gemini/audio_pcm_two_parts.json")
    payload["candidates"][0]["content"]["parts"].insert(0, {"text": "Hello there."})
    msg = message(payload)
    assert msg["audio"]["transcript"] == msg["content"] == "Hello there."


def test_wav_helpers_round_trip_and_honour_the_rate() -> None:
    wav = pcm_to_wav(b"\x01\x02" * 10, rate=16000)
    assert struct.unpack("<I", wav[24:28]) == (16000,)
    assert len(wav) == 44 + 20
    assert wav_to_pcm(wav) == b"\x01\x02" * 10
    assert wav_to_pcm(b"not a wav file") is None
