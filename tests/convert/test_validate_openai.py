"""Client input validation: a 400 that names the offending field, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from translator.errors import ApiError
from translator.openai.validate import parse_json_body, validate_chat_request

CASES = [
    pytest.param({"messages": [{"role": "user", "content": "x"}]}, "model", "Missing required parameter", id="missing-model"),
    pytest.param({"model": "m"}, "messages", "Missing required parameter", id="missing-messages"),
    pytest.param({"model": "m", "messages": []}, "messages", "", id="empty-messages"),
    pytest.param({"model": "m", "messages": [{"role": "wizard", "content": "x"}]}, "messages[0].role", "wizard", id="unknown-role"),
    pytest.param({"model": "m", "messages": [{"content": "x"}]}, "messages[0].role", "", id="missing-role"),
    pytest.param({"model": "m", "messages": [{"role": "user", "content": 5}]}, "messages[0].content", "", id="content-wrong-type"),
    pytest.param({"model": "m", "messages": [{"role": "user"}]}, "messages[0].content", "Missing", id="content-missing"),
    pytest.param({"model": "m", "messages": [{"role": "user", "content": [{"type": "video", "video": {}}]}]},
                 "messages[0].content[0].type", "video", id="unknown-part-type"),
    pytest.param({"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url"}]}]},
                 "messages[0].content[0].image_url", "Missing", id="part-missing-field"),
    pytest.param({"model": "m", "messages": [{"role": "tool", "content": "x"}]}, "messages[0].tool_call_id", "Missing", id="tool-without-id"),
    pytest.param({"model": "m", "messages": [{"role": "user", "content": "x"}], "temperature": "hot"}, "temperature", "", id="temperature-type"),
    pytest.param({"model": "m", "messages": [{"role": "user", "content": "x"}], "temperature": 3}, "temperature", "", id="temperature-range"),
    pytest.param({"model": "m", "messages": [{"role": "user", "content": "x"}], "n": 0}, "n", "", id="n-range"),
    pytest.param({"model": "m", "messages": [{"role": "user", "content": "x"}], "bogus": 1}, "bogus", "Unrecognized", id="unknown-parameter"),
    pytest.param({"model": "m", "messages": [{"role": "user", "content": "x"}], "response_format": {"type": "yaml"}},
                 "response_format.type", "yaml", id="unknown-response-format"),
    pytest.param({"model": "m", "messages": [{"role": "user", "content": "x"}], "tool_choice": "sometimes"}, "tool_choice", "", id="bad-tool-choice"),
]


@pytest.mark.parametrize("body, param, text", CASES)
def test_rejections_name_the_field(body: dict[str, Any], param: str, text: str) -> None:
    with pytest.raises(ApiError) as info:
        validate_chat_request(body)
    err = info.value
    assert (err.status, err.param) == (400, param)
    assert text in err.message
    assert set(err.body()["error"]) == {"message", "type", "param", "code"}


@pytest.mark.parametrize("raw", [b"", b"{", b"[1,2", b"nope"])
def test_invalid_json(raw: bytes) -> None:
    with pytest.raises(ApiError) as info:
        parse_json_body(raw)
    assert info.value.status == 400
    assert info.value.code == "invalid_json"


def test_non_object_body() -> None:
    with pytest.raises(ApiError) as info:
        validate_chat_request([1, 2])
    assert info.value.status == 400


def test_history_echoes_are_accepted() -> None:
    req = validate_chat_request(
        {
            "model": "m",
            "messages": [
                {"role": "user", "content": "x"},
                {"role": "assistant", "content": None, "reasoning_content": "hmm", "refusal": None,
                 "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"},
                                 "extra_content": {"google": {"thought_signature": "c2ln"}}}]},
                {"role": "tool", "tool_call_id": "c1", "content": [{"type": "text", "text": "ok"}]},
            ],
            "reasoning_effort": {"effort": "low"},
        }
    )
    assert len(req.messages) == 3
