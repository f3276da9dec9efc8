"""Gemini GenerateContentResponse -> OpenAI chat.completion."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from tests.helpers import fixture_json, recording
from translator.convert.response import ReplyContext, native_finish_header, to_chat_completion
from translator.convert.usage import usage
from translator.errors import ApiError

CTX = ReplyContext(id="chatcmpl-test", created=1767225600, model="gemini-2.5-flash")


def convert(payload: dict[str, Any]) -> dict[str, Any]:
    return to_chat_completion(payload, CTX)


def test_top_level_shape() -> None:
    out = convert(fixture_json("gemini/text_two_parts.json"))
    assert out["id"] == "chatcmpl-test"
    assert out["object"] == "chat.completion"
    assert out["created"] == 1767225600
    assert out["model"] == "gemini-2.5-flash"
    assert out["choices"] == [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Hello, world.\n", "refusal": None},
            "logprobs": None,
            "finish_reason": "stop",
            "native_finish_reason": "STOP",
        }
    ]
    assert out["usage"]["total_tokens"] == 10


def test_thoughts_are_not_content_and_usage_adds_up() -> None:
    out = convert(fixture_json("gemini/thinking_with_usage.json"))
    message = out["choices"][0]["message"]
    assert message["content"] == "4"
    assert message["reasoning_content"] == "**Plan**\n\nAdd them."
    assert out["usage"] == {
        "prompt_tokens": 15,
        "completion_tokens": 21,
        "total_tokens": 36,
        "prompt_tokens_details": {"cached_tokens": 4},
        "completion_tokens_details": {"reasoning_tokens": 20},
    }


def test_one_choice_per_candidate_in_index_order() -> None:
    out = convert(fixture_json("gemini/two_candidates.json"))
    assert [(c["index"], c["message"]["content"], c["finish_reason"]) for c in out["choices"]] == [
        (0, "A", "stop"),
        (1, "B", "length"),
    ]
    assert native_finish_header(out) == "STOP,MAX_TOKENS"


FINISH_CASES = [
    ("STOP", "stop"), ("MAX_TOKENS", "length"), ("SAFETY", "content_filter"), ("RECITATION", "content_filter"),
    ("BLOCKLIST", "content_filter"), ("PROHIBITED_CONTENT", "content_filter"), ("SPII", "content_filter"),
    ("IMAGE_SAFETY", "content_filter"), ("LANGUAGE", "content_filter"), ("NO_IMAGE", "content_filter"),
    ("OTHER", "stop"), ("MALFORMED_FUNCTION_CALL", "stop"), (None, "stop"),
]


@pytest.mark.parametrize("native, expected", FINISH_CASES)
def test_finish_reason_mapping(native: str | None, expected: str) -> None:
    candidate: dict[str, Any] = {"content": {"parts": [{"text": "x"}]}, "index": 0}
    if native:
        candidate["finishReason"] = native
    choice = convert({"candidates": [candidate]})["choices"][0]
    assert choice["finish_reason"] == expected
    assert choice.get("native_finish_reason") == native


def test_filtered_candidate_keeps_its_text() -> None:
    choice = convert(fixture_json("gemini/finish_recitation_partial.json"))["choices"][0]
    assert choice["finish_reason"] == "content_filter"
    assert choice["message"]["content"] == "It was the best of times"


def test_abnormal_finish_with_text_is_visible() -> None:
    out = convert(fixture_json("gemini/finish_other_with_text.json"))
    assert out["choices"][0]["native_finish_reason"] == "OTHER"
    assert native_finish_header(out) == "OTHER"


def test_abnormal_empty_answer_is_an_error_not_a_silent_stop() -> None:
    with pytest.raises(ApiError) as info:
        convert(fixture_json("gemini/malformed_function_call_empty.json"))
    assert info.value.status == 502
    assert "MALFORMED_FUNCTION_CALL" in info.value.message
    assert "print(default_api" in info.value.message
    assert info.value.headers["x-gemini-finish-reason"] == "MALFORMED_FUNCTION_CALL"


def test_tool_calls_keep_text_and_finish_tool_calls() -> None:
    choice = convert(fixture_json("gemini/tool_call_two_calls.json"))["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    message = choice["message"]
    assert message["content"] == "Checking both."
    calls = message["tool_calls"]
    assert [c["function"]["name"] for c in calls] == ["get_weather", "get_time"]
    assert [c["function"]["arguments"] for c in calls] == ['{"city":"Paris"}', "{}"]
    assert all(c["type"] == "function" and c["id"].startswith("call_") for c in calls)
    assert len({c["id"] for c in calls}) == 2


def test_no_candidates_without_block_is_an_upstream_error() -> None:
    with pytest.raises(ApiError) as info:
        convert(fixture_json("gemini/no_candidates_no_feedback.json"))
    assert info.value.status == 502


def test_prompt_blocked_recording_is_a_content_filter_choice() -> None:
    out = convert(orjson.loads(recording("prompt_blocked_gemini-3.7-flash.json")))
    choice = out["choices"][0]
    assert choice["finish_reason"] == "content_filter"
    assert choice["message"]["content"] is None
    assert choice["native_finish_reason"] == "PROHIBITED_CONTENT"
    assert out["usage"]["prompt_tokens"] == 9
    assert out["usage"]["completion_tokens"] == 0


def test_max_tokens_without_parts_recording() -> None:
    choice = convert(orjson.loads(recording("max_tokens_no_parts_gemini-2.5-pro.json")))["choices"][0]
    assert choice["finish_reason"] == "length"
    assert choice["message"]["content"] == ""


def test_logprobs_recording() -> None:
    choice = convert(orjson.loads(recording("logprobs_vertex_gemini-2.5-flash.json")))["choices"][0]
    content = choice["logprobs"]["content"]
    assert "".join(e["token"] for e in content) == choice["message"]["content"]
    assert content[0]["bytes"] == list(b"2")
    assert content[0]["top_logprobs"][0]["token"] == "2"
    assert all(isinstance(e["logprob"], float) for e in content)


USAGE_CASES = [
    pytest.param({}, (0, 0, 0, 0, 0), id="missing"),
    pytest.param({"promptTokenCount": 4, "candidatesTokenCount": 2, "totalTokenCount": 6}, (4, 2, 6, 0, 0), id="plain"),
    pytest.param({"promptTokenCount": 4, "candidatesTokenCount": 2, "thoughtsTokenCount": 8, "totalTokenCount": 14},
                 (4, 10, 14, 8, 0), id="thoughts-added"),
    pytest.param({"promptTokenCount": 4, "candidatesTokenCount": 10, "thoughtsTokenCount": 8, "totalTokenCount": 14},
                 (4, 10, 14, 8, 0), id="thoughts-already-inside-candidates"),
    pytest.param({"promptTokenCount": 4612, "cachedContentTokenCount": 3765, "candidatesTokenCount": 5, "totalTokenCount": 4617},
                 (4612, 5, 4617, 0, 3765), id="cached"),
    pytest.param({"promptTokenCount": 10, "toolUsePromptTokenCount": 90, "candidatesTokenCount": 5, "totalTokenCount": 105},
                 (100, 5, 105, 0, 0), id="tool-use-prompt"),
]


@pytest.mark.parametrize("meta, expected", USAGE_CASES)
def test_usage(meta: dict[str, Any], expected: tuple[int, int, int, int, int]) -> None:
    out = usage(meta)
    got = (
        out["prompt_tokens"], out["completion_tokens"], out["total_tokens"],
        out["completion_tokens_details"]["reasoning_tokens"], out["prompt_tokens_details"]["cached_tokens"],
    )
    assert got == expected
    assert out["prompt_tokens"] + out["completion_tokens"] == out["total_tokens"]
