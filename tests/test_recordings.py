"""Every recorded Gemini payload in ../shared/recordings translates into what OpenAI clients accept."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from tests.helpers import RECORDINGS, recording, recording_manifest
from tests.openai_spec import assert_valid
from translator.convert.response import ReplyContext, to_chat_completion
from translator.errors import ApiError

RESPONSES = [e for e in recording_manifest() if e["kind"] == "response"]
CTX = ReplyContext(id="chatcmpl-rec", created=1767225600, model="gemini")


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [e["file"] for e in entries]


@pytest.mark.skipif(not RECORDINGS.exists(), reason="../shared/recordings is not available")
@pytest.mark.parametrize("entry", RESPONSES, ids=_ids(RESPONSES))
def test_recorded_response_translates_to_a_valid_completion(entry: dict[str, Any]) -> None:
    payload = orjson.loads(recording(entry["file"]))
    try:
        completion = to_chat_completion(payload, CTX)
    except ApiError as err:
        # Only an abnormal finish with nothing at all to show may become an error.
        assert err.status == 502, err
        assert "finish_other" in entry["features"] or "empty_content" in entry["features"], entry["notes"]
        return
    assert_valid("CreateChatCompletionResponse", completion)
    candidates = payload.get("candidates") or [None]
    assert len(completion["choices"]) == len(candidates)
    usage = completion["usage"]
    assert usage["prompt_tokens"] + usage["completion_tokens"] == usage["total_tokens"]
    for choice in completion["choices"]:
        message = choice["message"]
        if "tool_call" in entry["features"]:
            assert message.get("tool_calls"), "function calls must never be dropped"
            assert choice["finish_reason"] == "tool_calls" or choice.get("native_finish_reason") not in (None, "STOP")
        if "prompt_blocked" in entry["features"]:
            assert choice["finish_reason"] == "content_filter"
        if "text" in entry["features"] and "prompt_blocked" not in entry["features"]:
            assert message["content"] or message.get("tool_calls")
