"""Gemini-only outputs in streams: citations and metadata at the end, media and code as they arrive.

The strongest check is parity: a stream, accumulated the way clients do, holds what the non-stream
answer to the same parts holds.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.helpers import recording
from tests.streams import assert_well_formed, gemini_events, stream_fixture, translate
from translator.convert.modalities import OutputOptions
from translator.convert.response import ReplyContext, to_chat_completion

CTX = ReplyContext(id="chatcmpl-test", created=1767225600, model="gemini")
PCM_CTX = ReplyContext(id="chatcmpl-test", created=1767225600, model="gemini", outputs=OutputOptions(audio_format="pcm16"))


def deltas(chunks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c["choices"][0]["delta"] for c in chunks if c["choices"]]


def merged_response(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The events of one candidate as a single non-stream response (parts in order, latest metadata)."""
    parts: list[dict[str, Any]] = []
    candidate: dict[str, Any] = {}
    for event in events:
        for c in event.get("candidates") or []:
            parts += (c.get("content") or {}).get("parts") or []
            for key in ("groundingMetadata", "urlContextMetadata", "finishReason"):
                if c.get(key):
                    candidate[key] = c[key]
    # One text part per run of streamed text, as a non-stream answer has it (offsets run over the whole text).
    joined: list[dict[str, Any]] = []
    for part in parts:
        if "text" in part and joined and "text" in joined[-1] and not part.get("thought") and not joined[-1].get("thought"):
            joined[-1] = {"text": joined[-1]["text"] + part["text"]}
        else:
            joined.append(part)
    return {"candidates": [{**candidate, "content": {"role": "model", "parts": joined}, "index": 0}]}


def accumulated(chunks: list[dict[str, Any]]) -> dict[str, Any]:
    """Our extension fields and annotations accumulated from deltas (lists by `index`, text concatenated)."""
    out: dict[str, Any] = {"content": ""}
    for d in deltas(chunks):
        out["content"] += d.get("content") or ""
        for name in ("images", "code_execution", "server_tool_invocations"):
            for entry in d.get(name) or []:
                out.setdefault(name, []).append({k: v for k, v in entry.items() if k != "index"})
                assert entry["index"] == len(out[name]) - 1
        for name in ("annotations", "grounding_metadata", "url_context_metadata"):
            if name in d:
                assert name not in out, f"{name} sent twice"
                out[name] = d[name]
    return out


@pytest.mark.parametrize("name", [
    "stream_grounding_google_search_gemini-2.5-pro.sse",
    "stream_url_context_gemini-2.5-flash.sse",
    "stream_code_execution_intermediate_finish_gemini-2.5-flash.sse",
    "stream_code_execution_gemini-3-flash-preview.sse",
])
def test_stream_matches_the_non_stream_answer(name: str) -> None:
    events = gemini_events(recording(name))
    chunks = translate(events, CTX)
    assert_well_formed(chunks, include_usage=False)
    got = accumulated(chunks)
    message = to_chat_completion(merged_response(events), CTX)["choices"][0]["message"]
    assert got["content"] == message["content"]
    for field in ("annotations", "grounding_metadata", "url_context_metadata", "code_execution"):
        assert got.get(field) == message.get(field), field


def test_streamed_search_citations_are_the_segment_texts() -> None:
    events = gemini_events(recording("stream_grounding_google_search_gemini-2.5-pro.sse"))
    assert all(e["candidates"][0]["groundingMetadata"] == {} for e in events[:-1])
    chunks = translate(events, CTX)
    got = accumulated(chunks)
    supports = events[-1]["candidates"][0]["groundingMetadata"]["groundingSupports"]
    spans = {(a["url_citation"]["start_index"], a["url_citation"]["end_index"]) for a in got["annotations"]}
    assert sorted(got["content"][s:e] for s, e in spans) == sorted(s["segment"]["text"] for s in supports)
    # Metadata travels once, on the chunk just before the finish chunk.
    assert "annotations" in chunks[-2]["choices"][0]["delta"] and chunks[-1]["choices"][0]["delta"] == {}


def test_url_context_metadata_from_the_first_event_survives_to_the_end() -> None:
    chunks = translate(gemini_events(recording("stream_url_context_gemini-2.5-flash.sse")), CTX)
    got = accumulated(chunks)
    assert got["url_context_metadata"]["urlMetadata"][0]["retrievedUrl"] == "https://ai.pydantic.dev"
    assert [a["url_citation"]["url"] for a in got["annotations"]] == ["https://ai.pydantic.dev"]


def test_code_execution_streams_in_order_with_running_indices() -> None:
    chunks = translate(gemini_events(recording("stream_code_execution_intermediate_finish_gemini-2.5-flash.sse")), CTX)
    entries = [e for d in deltas(chunks) for e in d.get("code_execution") or []]
    assert [(e["index"], e["type"]) for e in entries] == [(0, "code"), (1, "result"), (2, "code"), (3, "result")]
    assert [c["choices"][0]["finish_reason"] for c in chunks].count("stop") == 1


def test_streamed_images_arrive_as_they_come() -> None:
    events = stream_fixture("image_text_then_images.json")
    chunks = translate(events, CTX)
    assert_well_formed(chunks, include_usage=False)
    per_event = [d.get("images") for d in deltas(chunks)[:-1]]
    assert [len(i) if i else 0 for i in per_event] == [0, 1, 1]
    assert [i["index"] for d in deltas(chunks) for i in d.get("images") or []] == [0, 1]
    got = accumulated(chunks)
    assert got["content"] == "Here is your cat: and a second one:"
    assert got["images"] == to_chat_completion(merged_response(events), CTX)["choices"][0]["message"]["images"]


def test_image_only_stream_with_abnormal_finish_is_delivered() -> None:
    events = [{"candidates": [{"content": {"parts": [{"inlineData": {"mimeType": "image/png", "data": "AAAA"}}]},
                               "finishReason": "OTHER", "index": 0}]}]
    chunks = translate(events, CTX)
    assert chunks[-1]["choices"][0]["native_finish_reason"] == "OTHER"
    assert deltas(chunks)[0]["images"][0]["image_url"]["url"] == "data:image/png;base64,AAAA"


def test_streamed_audio_pieces_concatenate_to_one_valid_clip() -> None:
    events = stream_fixture("audio_pcm_odd_chunks.json")
    chunks = translate(events, PCM_CTX)
    assert_well_formed(chunks, include_usage=False)
    audio = [d["audio"] for d in deltas(chunks) if "audio" in d]
    assert audio[0]["id"].startswith("audio_") and audio[0]["transcript"] == ""
    assert all("id" not in a for a in audio[1:])
    assert [a.get("expires_at") for a in audio] == [None] * (len(audio) - 1) + [1767225600]
    joined = "".join(a.get("data", "") for a in audio)  # what openai-python's accumulator does
    expected = b"".join(base64.b64decode(e["candidates"][0]["content"]["parts"][0]["inlineData"]["data"]) for e in events)
    assert base64.b64decode(joined, validate=True) == expected
