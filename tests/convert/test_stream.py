"""Gemini stream events -> OpenAI chunks: the StreamTranslator on recordings and hand-made sequences."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers import RECORDINGS, recording
from tests.streams import accumulate, assert_well_formed, gemini_events, stream_fixture, translate
from translator.convert.parts import Pieces
from translator.convert.response import ReplyContext
from translator.convert.stream import StreamTranslator, error_chunk, parse_event, pieces_delta
from translator.convert.tool_names import ToolNames
from translator.errors import ApiError

CTX = ReplyContext(id="chatcmpl-test", created=1767225600, model="gemini-2.5-flash")


def gemini_text(events: list[dict[str, Any]], *, thought: bool, index: int = 0) -> str:
    """The text Gemini sent for one candidate, straight from the events (the expected answer)."""
    out = []
    for event in events:
        for position, candidate in enumerate(event.get("candidates") or []):
            if candidate.get("index", position) != index:
                continue
            for part in (candidate.get("content") or {}).get("parts") or []:
                if "text" in part and bool(part.get("thought")) == thought:
                    out.append(part["text"])
    return "".join(out)


# Every recording Gemini's API can send us (the Vertex partialArgs one needs a request flag we never set).
RECORDED = sorted(
    p.name for p in RECORDINGS.glob("stream_*.sse")
    if "vertex" not in p.name and p.name != "stream_error_mid_stream.sse"
) if RECORDINGS.exists() else ["stream_text_gemini-2.5-flash.sse"]


@pytest.mark.parametrize("include_usage", [True, False])
@pytest.mark.parametrize("name", RECORDED)
def test_recordings_translate_to_well_formed_chunks(name: str, include_usage: bool) -> None:
    events = gemini_events(recording(name))
    chunks = translate(events, CTX, include_usage=include_usage)
    assert_well_formed(chunks, include_usage=include_usage)
    choice = accumulate(chunks)[0]
    assert (choice.content or "") == gemini_text(events, thought=False)
    assert (choice.reasoning or "") == gemini_text(events, thought=True)


def test_one_chunk_per_event_nothing_held_back() -> None:
    events = gemini_events(recording("stream_text_gemini-2.5-flash.sse"))
    translator = StreamTranslator(CTX)
    per_event = [translator.feed(event) for event in events]
    assert [len(chunks) for chunks in per_event] == [1, 1, 1]
    assert [c[0]["choices"][0]["delta"].get("content") for c in per_event] == [
        gemini_text([e], thought=False) for e in events
    ]
    assert per_event[0][0]["choices"][0]["delta"]["role"] == "assistant"
    finish = translator.finish()
    assert [c["choices"][0]["finish_reason"] for c in finish] == ["stop"]


def test_usage_is_the_last_cumulative_count() -> None:
    events = gemini_events(recording("stream_thinking_gemini-3-flash-preview.sse"))
    chunks = translate(events, CTX, include_usage=True)
    meta = events[-1]["usageMetadata"]
    usage = chunks[-1]["usage"]
    assert usage["prompt_tokens"] == meta["promptTokenCount"]
    assert usage["completion_tokens"] == meta["candidatesTokenCount"] + meta["thoughtsTokenCount"]
    assert usage["completion_tokens_details"]["reasoning_tokens"] == meta["thoughtsTokenCount"]


def test_usage_only_event_after_the_finish_still_counts() -> None:
    chunks = translate(stream_fixture("usage_only_event_after_finish.json"), CTX, include_usage=True)
    assert_well_formed(chunks, include_usage=True)
    assert chunks[-1]["usage"]["completion_tokens_details"]["reasoning_tokens"] == 40


def test_parallel_calls_in_one_event_finish_as_tool_calls() -> None:
    chunks = translate(gemini_events(recording("stream_parallel_tool_calls_gemini-2.5-flash.sse")), CTX)
    assert_well_formed(chunks, include_usage=False)
    first = chunks[0]["choices"][0]["delta"]
    assert first["role"] == "assistant" and first["content"] is None
    assert [(c["index"], c["function"]["name"], c["function"]["arguments"]) for c in first["tool_calls"]] == [
        (0, "lookup_harbor_label", "{}"),
        (1, "lookup_orchard_label", "{}"),
    ]
    last = chunks[-1]["choices"][0]
    assert (last["finish_reason"], last["native_finish_reason"]) == ("tool_calls", "STOP")
    assert last["finish_message"] == "Model generated function call(s)."


def test_tool_call_indices_span_events() -> None:
    chunks = translate(stream_fixture("tool_calls_one_per_event.json"), CTX)
    assert_well_formed(chunks, include_usage=False)
    calls = [call for chunk in chunks for call in chunk["choices"][0]["delta"].get("tool_calls") or []]
    assert [(c["index"], c["function"]["name"]) for c in calls] == [(0, "stock"), (1, "stock"), (2, "news")]
    assert [c["id"].split("_ts")[0] for c in calls[:2]] == ["fc_a", "fc_b"]  # a signed call carries a tag
    assert calls[2]["id"].startswith("call_")
    assert json.loads(calls[2]["function"]["arguments"]) == {"topic": "markets", "limit": 3}
    # Only the first fragment of the choice has role; later ones carry only the new call.
    assert "role" not in chunks[1]["choices"][0]["delta"]
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_text_then_calls_in_one_event() -> None:
    chunks = translate(stream_fixture("text_then_two_tool_calls_in_one_event.json"), CTX)
    assert_well_formed(chunks, include_usage=False)
    choice = accumulate(chunks)[0]
    assert choice.content == "Let me check both."
    assert [c["function"]["name"] for c in choice.tool_calls] == ["get_weather", "get_time"]
    assert choice.finish_reason == "tool_calls"


def test_thinking_then_tool_call_recording() -> None:
    chunks = translate(gemini_events(recording("stream_thinking_then_tool_call_gemini-3-flash-preview.sse")), CTX)
    first = chunks[0]["choices"][0]["delta"]
    assert first["role"] == "assistant" and first["content"] is None
    assert first["reasoning_content"].startswith("**Calculating Divisibility**")
    call = chunks[1]["choices"][0]["delta"]["tool_calls"][0]
    assert (call["index"], call["id"].split("_ts")[0], call["function"]) == (
        0, "call_966934", {"name": "lookup_harbor_label", "arguments": "{}"}
    )
    assert call["extra_content"]["google"]["thought_signature"]
    # The closing {"text": ""} part adds no delta: the next chunk is the finish.
    assert len(chunks) == 3 and chunks[2]["choices"][0]["delta"] == {}


def test_reasoning_comes_before_content_and_empty_signed_text_adds_only_its_signature() -> None:
    chunks = translate(stream_fixture("thinking_then_text_signed_empty_end.json"), CTX)
    assert_well_formed(chunks, include_usage=False)
    deltas = [c["choices"][0]["delta"] for c in chunks]
    assert deltas[0] == {"role": "assistant", "content": None, "refusal": None, "reasoning_content": "**Plan**\n\nAdd them."}
    assert deltas[1] == {"reasoning_content": "More thought.", "content": "2 + 2 = "}
    assert deltas[2] == {"content": "4"}
    # The closing {"text": "", "thoughtSignature": ...} adds no content, only Google's signature spelling.
    assert deltas[3] == {"extra_content": {"google": {"thought_signature": "c2lnLXRleHQ="}}}


def test_n_candidates_are_separate_choices() -> None:
    chunks = translate(stream_fixture("two_candidates_interleaved.json"), CTX, include_usage=True)
    assert_well_formed(chunks, include_usage=True)
    assert all(len(c["choices"]) == 1 for c in chunks[:-1])
    choices = accumulate(chunks)
    assert (choices[0].content, choices[0].finish_reason) == ("Alpha one.", "stop")
    assert (choices[1].content, choices[1].finish_reason, choices[1].native_finish_reason) == (
        "Beta two, three four", "length", "MAX_TOKENS"
    )


def test_intermediate_finish_does_not_end_the_stream() -> None:
    events = gemini_events(recording("stream_code_execution_intermediate_finish_gemini-2.5-flash.sse"))
    assert sum(1 for e in events if e["candidates"][0].get("finishReason")) == 2
    chunks = translate(events, CTX)
    assert_well_formed(chunks, include_usage=False)
    assert accumulate(chunks)[0].content == "The first number is 121932631112635269.\nThe second number is 63."
    assert [c["choices"][0]["finish_reason"] for c in chunks].count("stop") == 1


@pytest.mark.parametrize("name", ["truncated_without_finish.json", "intermediate_finish_then_truncated.json"])
def test_stream_without_a_final_finish_is_a_truncation(name: str) -> None:
    translator = StreamTranslator(CTX, include_usage=True)
    sent = [chunk for event in stream_fixture(name) for chunk in translator.feed(event)]
    assert sent and all(c["choices"][0]["finish_reason"] is None for c in sent)
    with pytest.raises(ApiError) as exc:
        translator.finish()
    assert (exc.value.status, exc.value.code) == (502, "upstream_truncated")


def test_abnormal_finish_with_nothing_is_the_non_stream_502() -> None:
    with pytest.raises(ApiError) as exc:
        translate(stream_fixture("malformed_function_call_only.json"), CTX)
    assert (exc.value.status, exc.value.code) == (502, "malformed_function_call")
    assert "call:get_weather{" in exc.value.message
    assert exc.value.headers["x-gemini-finish-reason"] == "MALFORMED_FUNCTION_CALL"


def test_abnormal_finish_after_text_keeps_the_text() -> None:
    chunks = translate(stream_fixture("other_finish_after_text.json"), CTX)
    assert_well_formed(chunks, include_usage=False)
    choice = accumulate(chunks)[0]
    assert (choice.content, choice.finish_reason, choice.native_finish_reason) == ("Partial answer", "stop", "OTHER")


def test_safety_finish_keeps_partial_text() -> None:
    choice = accumulate(translate(stream_fixture("safety_finish_keeps_partial_text.json"), CTX))[0]
    assert (choice.content, choice.finish_reason, choice.native_finish_reason) == (
        "Here is the first half", "content_filter", "SAFETY"
    )


def test_max_tokens_with_nothing_to_show_still_has_a_role_and_length() -> None:
    chunks = translate(stream_fixture("max_tokens_spent_on_thinking.json"), CTX, include_usage=True)
    assert_well_formed(chunks, include_usage=True)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": "", "refusal": None}
    assert chunks[1]["choices"][0]["finish_reason"] == "length"
    assert chunks[2]["usage"]["completion_tokens_details"]["reasoning_tokens"] == 50


def test_no_candidates_is_a_502() -> None:
    with pytest.raises(ApiError) as exc:
        translate(stream_fixture("no_candidates.json"), CTX)
    assert (exc.value.status, exc.value.code) == (502, "upstream_empty_response")


@pytest.mark.parametrize(
    "name, reason, prompt_tokens",
    [("stream_prompt_blocked_gemini-3.7-flash.sse", "PROHIBITED_CONTENT", 9), ("stream_prompt_blocked_safety.sse", "SAFETY", 0)],
)
def test_blocked_prompt_is_one_content_filter_choice(name: str, reason: str, prompt_tokens: int) -> None:
    chunks = translate(gemini_events(recording(name)), CTX, include_usage=True)
    assert_well_formed(chunks, include_usage=True)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": None, "refusal": None}
    finish = chunks[1]["choices"][0]
    assert (finish["finish_reason"], finish["native_finish_reason"]) == ("content_filter", reason)
    assert chunks[2]["usage"]["prompt_tokens"] == prompt_tokens


def test_function_names_map_back_to_the_client_names() -> None:
    names = ToolNames(["get weather!"])
    ctx = ReplyContext(id="chatcmpl-x", created=1, model="m", tool_names=names)
    event = {"candidates": [{"content": {"parts": [{"functionCall": {"name": names.to_gemini("get weather!"), "args": {}}}]},
                             "finishReason": "STOP"}]}
    chunks = translate([event], ctx)
    assert chunks[0]["choices"][0]["delta"]["tool_calls"][0]["function"]["name"] == "get weather!"


def test_every_chunk_of_a_response_shares_id_created_model() -> None:
    chunks = translate(stream_fixture("two_candidates_interleaved.json"), CTX, include_usage=True)
    assert {(c["id"], c["created"], c["model"], c["object"]) for c in chunks} == {
        ("chatcmpl-test", 1767225600, "gemini-2.5-flash", "chat.completion.chunk")
    }


def test_pieces_delta_is_empty_for_empty_pieces() -> None:
    assert pieces_delta(Pieces(), 0) == {}
    delta = pieces_delta(Pieces(tool_calls=[{"id": "a", "type": "function", "function": {"name": "f", "arguments": "{}"}}]), 4)
    assert delta["tool_calls"][0]["index"] == 4


# ---- parse_event: what an event's data can be --------------------------------------------------


def test_in_stream_error_recording() -> None:
    raw = recording("stream_error_mid_stream.sse")
    with pytest.raises(ApiError) as exc:
        gemini_events(raw)
    assert (exc.value.status, exc.value.code) == (499, "cancelled")
    assert exc.value.message == "Gemini: The operation was cancelled."
    body = error_chunk(exc.value)
    assert set(body["error"]) == {"message", "type", "param", "code"}


@pytest.mark.parametrize(
    "data, status, code",
    [
        ('{"error": {"code": 503, "message": "overloaded", "status": "UNAVAILABLE"}}', 503, "upstream_unavailable"),
        ('{"error": {"code": 429, "message": "slow down", "status": "RESOURCE_EXHAUSTED"}}', 429, "rate_limit_exceeded"),
        ('{"error": {"message": "no code at all"}}', 502, "upstream_error"),
        ('{"error": "a bare string"}', 502, "upstream_error"),
        ('{"candidates": [', 502, "upstream_malformed"),
        ("[1, 2]", 502, "upstream_malformed"),
        ("not json", 502, "upstream_malformed"),
    ],
)
def test_parse_event_failures(data: str, status: int, code: str) -> None:
    with pytest.raises(ApiError) as exc:
        parse_event(data)
    assert (exc.value.status, exc.value.code) == (status, code)


def test_parse_event_accepts_a_response() -> None:
    assert parse_event('{"candidates": []}') == {"candidates": []}
