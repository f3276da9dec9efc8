"""Gemini functionCall parts (recorded payloads) -> OpenAI tool_calls, with ids and thought signatures."""

from __future__ import annotations

import re
from typing import Any

import orjson
import pytest

from tests.helpers import fixture_json, recording
from translator.convert.parts import translate_parts
from translator.convert.response import ReplyContext, to_chat_completion
from translator.convert.signatures import ToolCallIds
from translator.convert.tool_names import ToolNames
from translator.errors import ApiError

IDS = ToolCallIds("test-secret")
SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def convert(payload: dict[str, Any], names: ToolNames | None = None) -> dict[str, Any]:
    ctx = ReplyContext(id="chatcmpl-t", created=1, model="gemini", tool_names=names or ToolNames(), call_ids=IDS)
    return to_chat_completion(payload, ctx)


def recorded(name: str) -> dict[str, Any]:
    return orjson.loads(recording(name))


def signature_of(call: dict[str, Any]) -> str | None:
    return (call.get("extra_content") or {}).get("google", {}).get("thought_signature")


# (recording, expected [(name, arguments)], which calls carry a signature, Gemini ids expected in our ids)
RECORDED = [
    pytest.param("tool_call_gemini-2.5-flash.json", [("add", '{"x":20,"y":22}')], [True], [None], id="2.5-single"),
    pytest.param("tool_call_gemini-3-pro-preview.json", [("weather", '{"location":"San Francisco"}')], [True], [None],
                 id="3-pro-single"),
    pytest.param("parallel_tool_calls_gemini-2.5-flash.json", [("add", '{"x":3,"y":4}'), ("subtract", '{"x":10,"y":2}')],
                 [True, False], [None, None], id="2.5-parallel"),
    pytest.param("parallel_tool_calls_gemini-3-flash-preview.json", [("generate_topic", "{}")] * 3,
                 [True, False, False], [None, None, None], id="3-flash-parallel-same-function"),
    pytest.param("no_args_tool_call_gemini-2.5-flash-lite.json", [("catalogSearch", "{}")], [False], [None],
                 id="no-args-unsigned"),
    pytest.param("tool_call_id_gemini-3.1-flash-lite.json", [("catalogSearch", "{}")], [True], ["PPik6Btt"],
                 id="gemini-call-id"),
    pytest.param("tool_call_thinking_gemini-2.5-pro.json", [("now", "{}")], [True], [None], id="after-thought"),
]


@pytest.mark.parametrize("name, calls, signed, gemini_ids", RECORDED)
def test_recorded_calls(name: str, calls: list[tuple[str, str]], signed: list[bool], gemini_ids: list[str | None]) -> None:
    payload = recorded(name)
    parts = payload["candidates"][0]["content"]["parts"]
    choice = convert(payload)["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    message = choice["message"]
    out = message["tool_calls"]
    assert [(c["function"]["name"], c["function"]["arguments"]) for c in out] == calls
    assert all(c["type"] == "function" and SAFE_ID.fullmatch(c["id"]) for c in out)
    assert len({c["id"] for c in out}) == len(out)
    assert [signature_of(c) is not None for c in out] == signed
    fc_parts = [p for p in parts if "functionCall" in p]
    for call, part, gemini_id in zip(out, fc_parts, gemini_ids):
        assert signature_of(call) == part.get("thoughtSignature")
        parsed = IDS.parse(call["id"])
        assert parsed.gemini_id == gemini_id
        if "thoughtSignature" in part:
            assert IDS.matches(call["id"], part["thoughtSignature"])
        if gemini_id:
            assert call["id"].startswith(gemini_id)
    assert "extra_content" not in message  # call signatures stay on their calls


def test_thought_text_stays_reasoning_next_to_calls() -> None:
    message = convert(recorded("tool_call_thinking_gemini-2.5-pro.json"))["choices"][0]["message"]
    assert message["content"] is None
    assert message["reasoning_content"].startswith("**Thinking Through")


def test_text_alongside_calls_is_kept() -> None:
    choice = convert(fixture_json("gemini/tool_call_two_calls.json"))["choices"][0]
    assert choice["message"]["content"]
    assert len(choice["message"]["tool_calls"]) == 2
    assert choice["finish_reason"] == "tool_calls"


def test_unexpected_tool_call_with_the_call_is_surfaced() -> None:
    choice = convert(recorded("tool_call_unexpected_vertex_gemini-3-flash-preview.json"))["choices"][0]
    assert choice["message"]["tool_calls"][0]["function"]["name"] == "list_files"
    assert choice["finish_reason"] == "tool_calls"
    assert choice["native_finish_reason"] == "UNEXPECTED_TOOL_CALL"
    assert choice["finish_message"].startswith("Unexpected tool call")


def test_malformed_function_call_without_content_is_an_error() -> None:
    with pytest.raises(ApiError) as info:
        convert(fixture_json("gemini/malformed_function_call_empty.json"))
    assert info.value.status == 502
    assert info.value.code == "malformed_function_call"


def test_malformed_function_call_with_text_keeps_the_native_reason() -> None:
    payload = {"candidates": [{"content": {"role": "model", "parts": [{"text": "I tried."}]},
                               "finishReason": "MALFORMED_FUNCTION_CALL", "finishMessage": "Malformed function call"}]}
    choice = convert(payload)["choices"][0]
    assert choice["message"]["content"] == "I tried."
    assert choice["finish_reason"] == "stop"
    assert choice["native_finish_reason"] == "MALFORMED_FUNCTION_CALL"


@pytest.mark.parametrize(
    "name, part",
    [
        pytest.param("text_gemini-3-pro-preview_signature.json", 0, id="signed-text"),
        pytest.param("text_gemini-3.1-flash-lite_signature.json", 0, id="signed-text-lite"),
    ],
)
def test_text_signatures_go_on_the_message(name: str, part: int) -> None:
    payload = recorded(name)
    expected = payload["candidates"][0]["content"]["parts"][part]["thoughtSignature"]
    message = convert(payload)["choices"][0]["message"]
    assert message["content"]
    assert message["extra_content"] == {"google": {"thought_signature": expected}}


def test_trailing_empty_signed_text_part() -> None:
    parts = [{"text": "Hello"}, {"text": "", "thoughtSignature": "dHJhaWw="}]
    pieces = translate_parts(parts, ToolNames(), IDS)
    assert pieces.content == "Hello"
    assert pieces.signature == "dHJhaWw="


def test_signed_thought_part_is_not_a_message_signature() -> None:
    pieces = translate_parts([{"text": "hmm", "thought": True, "thoughtSignature": "dGg="}], ToolNames(), IDS)
    assert pieces.reasoning_content == "hmm"
    assert pieces.signature is None


def test_client_names_come_back() -> None:
    names = ToolNames()
    gemini_name = names.add("1st-tool")
    payload = {"candidates": [{"content": {"role": "model", "parts": [
        {"functionCall": {"name": gemini_name, "args": {"a": "é"}}}]}, "finishReason": "STOP"}]}
    call = convert(payload, names)["choices"][0]["message"]["tool_calls"][0]
    assert gemini_name != "1st-tool"
    assert call["function"] == {"name": "1st-tool", "arguments": '{"a":"é"}'}


def test_repeated_gemini_ids_are_made_unique() -> None:
    parts = [{"functionCall": {"name": "f", "args": {}, "id": "dup"}},
             {"functionCall": {"name": "f", "args": {}, "id": "dup"}}]
    calls = translate_parts(parts, ToolNames(), IDS).tool_calls
    assert calls[0]["id"] == "dup"
    assert calls[1]["id"] != "dup" and calls[1]["id"].startswith("call_")


def test_missing_args_become_an_empty_object() -> None:
    calls = translate_parts([{"functionCall": {"name": "f"}}], ToolNames(), IDS).tool_calls
    assert calls[0]["function"]["arguments"] == "{}"
