"""safety_settings -> safetySettings; safety ratings and prompt feedback -> extension fields."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from tests.helpers import recording
from tests.openai_spec import assert_valid
from translator.config import ConfigError, Settings
from translator.convert.request import build_gemini_call
from translator.convert.response import ReplyContext, to_chat_completion
from translator.errors import ApiError
from translator.gemini.validate import validate_generate_content_request
from translator.openai.validate import validate_chat_request

CTX = ReplyContext(id="chatcmpl-test", created=1767225600, model="gemini-2.5-flash")


def safety(defaults: tuple[dict[str, str], ...] = (), **extra: Any) -> list[dict[str, str]] | None:
    req = validate_chat_request({"model": "gemini-2.5-flash", "messages": [{"role": "user", "content": "Hi"}], **extra})
    body = build_gemini_call(req, safety_defaults=defaults).body
    validate_generate_content_request(body)
    return body.get("safetySettings")


def setting(category: str, threshold: str) -> dict[str, str]:
    return {"category": category, "threshold": threshold}


CASES = [
    pytest.param({}, None, id="no-defaults-of-our-own"),
    pytest.param({"safety_settings": [setting("HARM_CATEGORY_HARASSMENT", "BLOCK_NONE")]},
                 [setting("HARM_CATEGORY_HARASSMENT", "BLOCK_NONE")], id="full-names"),
    pytest.param({"safety_settings": [setting("harassment", "block_only_high"), setting("Hate_Speech", "off")]},
                 [setting("HARM_CATEGORY_HARASSMENT", "BLOCK_ONLY_HIGH"), setting("HARM_CATEGORY_HATE_SPEECH", "OFF")],
                 id="short-and-lower-case-names"),
    pytest.param({"google": {"safetySettings": [setting("DANGEROUS_CONTENT", "BLOCK_NONE")]}},
                 [setting("HARM_CATEGORY_DANGEROUS_CONTENT", "BLOCK_NONE")], id="google-camel"),
    pytest.param({"extra_body": {"google": {"safety_settings": [setting("SEXUALLY_EXPLICIT", "BLOCK_NONE")]}}},
                 [setting("HARM_CATEGORY_SEXUALLY_EXPLICIT", "BLOCK_NONE")], id="google-layer-spelling"),
    pytest.param({"safety_settings": []}, None, id="empty-list"),
]


@pytest.mark.parametrize("extra, expected", CASES)
def test_safety_settings(extra: dict[str, Any], expected: list[dict[str, str]] | None) -> None:
    assert safety(**extra) == expected


def test_operator_defaults_merge_under_the_clients_per_category() -> None:
    defaults = (setting("HARM_CATEGORY_HARASSMENT", "BLOCK_ONLY_HIGH"), setting("HARM_CATEGORY_HATE_SPEECH", "BLOCK_ONLY_HIGH"))
    assert safety(defaults) == list(defaults)
    assert safety(defaults, safety_settings=[setting("HATE_SPEECH", "OFF")],
                  google={"safety_settings": [setting("DANGEROUS_CONTENT", "BLOCK_NONE")]}) == [
        setting("HARM_CATEGORY_HARASSMENT", "BLOCK_ONLY_HIGH"),
        setting("HARM_CATEGORY_HATE_SPEECH", "OFF"),
        setting("HARM_CATEGORY_DANGEROUS_CONTENT", "BLOCK_NONE"),
    ]


ERRORS = [
    ({"safety_settings": [setting("HARASSMENT", "BLOCK_SOME")]}, "safety_settings[0].threshold"),
    ({"safety_settings": [setting("HARASSMENT", "OFF"), setting("VIOLENCE_ISH", "OFF")]}, "safety_settings[1].category"),
    ({"safety_settings": [{"category": "HARASSMENT"}]}, "safety_settings[0].threshold"),
    ({"safety_settings": [{"category": "HARASSMENT", "threshold": "OFF", "method": "SEVERITY"}]},
     "safety_settings[0].method"),
    ({"safety_settings": ["HARASSMENT"]}, "safety_settings[0]"),
    ({"safety_settings": [setting("HARASSMENT", "OFF"), setting("HARM_CATEGORY_HARASSMENT", "OFF")]},
     "safety_settings[1].category"),
    ({"google": {"safety_settings": [setting("HARASSMENT", 3)]}}, "google.safety_settings[0].threshold"),
    ({"google": {"safety_settings": {"category": "HARASSMENT"}}}, "google.safety_settings"),
]


@pytest.mark.parametrize("extra, param", ERRORS)
def test_bad_safety_settings_name_the_field(extra: dict[str, Any], param: str) -> None:
    with pytest.raises(ApiError) as info:
        safety(**extra)
    assert (info.value.status, info.value.param) == (400, param)


def test_operator_defaults_are_validated_at_start_up() -> None:
    env = {"TRANSLATOR_SAFETY_SETTINGS": '[{"category": "harassment", "threshold": "block_none"}]'}
    assert Settings.from_env(env).default_safety_settings == (setting("HARM_CATEGORY_HARASSMENT", "BLOCK_NONE"),)
    with pytest.raises(ConfigError, match="threshold"):
        Settings.from_env({"TRANSLATOR_SAFETY_SETTINGS": '[{"category": "harassment", "threshold": "lots"}]'})


# ---- response side -------------------------------------------------------------------------


def test_candidate_cut_by_safety_keeps_ratings() -> None:
    out = to_chat_completion(orjson.loads(recording("finish_safety_gemini-1.5-flash.json")), CTX)
    assert_valid("CreateChatCompletionResponse", out)
    choice = out["choices"][0]
    assert choice["finish_reason"] == "content_filter"
    assert choice["native_finish_reason"] == "SAFETY"
    assert choice["message"]["content"] is None
    assert choice["safety_ratings"][0] == {"blocked": True, "category": "HARM_CATEGORY_HATE_SPEECH", "probability": "LOW"}
    assert len(choice["safety_ratings"]) == 4
    assert "prompt_feedback" not in out


def test_candidate_cut_by_safety_keeps_its_text() -> None:
    payload = {"candidates": [{"content": {"role": "model", "parts": [{"text": "Partial "}]}, "finishReason": "SAFETY",
                               "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "HIGH",
                                                  "blocked": True}]},
                              {"content": {"role": "model", "parts": [{"text": "Fine."}]}, "finishReason": "STOP",
                               "index": 1}]}
    out = to_chat_completion(payload, CTX)
    assert [c["message"]["content"] for c in out["choices"]] == ["Partial ", "Fine."]
    assert [c["finish_reason"] for c in out["choices"]] == ["content_filter", "stop"]
    assert "safety_ratings" not in out["choices"][1]


def test_blocked_prompt_carries_block_reason_and_ratings() -> None:
    raw = recording("stream_prompt_blocked_safety.sse").decode()
    payload = orjson.loads(raw.strip().removeprefix("data:"))
    out = to_chat_completion(payload, CTX)
    assert_valid("CreateChatCompletionResponse", out)
    choice = out["choices"][0]
    assert choice["finish_reason"] == "content_filter"
    assert choice["message"]["content"] is None
    assert choice["native_finish_reason"] == "SAFETY"
    assert {"category": "HARM_CATEGORY_HATE_SPEECH", "probability": "HIGH"} in choice["safety_ratings"]
    assert out["prompt_feedback"]["block_reason"] == "SAFETY"
    assert out["prompt_feedback"]["safety_ratings"] == choice["safety_ratings"]


def test_blocked_prompt_without_ratings() -> None:
    out = to_chat_completion(orjson.loads(recording("prompt_blocked_gemini-3.7-flash.json")), CTX)
    assert out["prompt_feedback"] == {"block_reason": "PROHIBITED_CONTENT"}
    assert "safety_ratings" not in out["choices"][0]
    assert out["usage"]["prompt_tokens"] == 9 and out["usage"]["completion_tokens"] == 0


def test_block_reason_message_becomes_finish_message() -> None:
    out = to_chat_completion({"promptFeedback": {"blockReason": "OTHER", "blockReasonMessage": "nope"}}, CTX)
    assert out["choices"][0]["finish_message"] == "nope"
    assert out["prompt_feedback"] == {"block_reason": "OTHER", "block_reason_message": "nope"}


# ---- streams -------------------------------------------------------------------------------


def test_stream_blocked_prompt_has_feedback_and_ratings_on_the_finish_chunk() -> None:
    from tests.streams import assert_well_formed, gemini_events, translate

    chunks = translate(gemini_events(recording("stream_prompt_blocked_safety.sse")), CTX, include_usage=True)
    assert_well_formed(chunks, include_usage=True)
    finish = chunks[1]
    assert finish["choices"][0]["finish_reason"] == "content_filter"
    assert {"category": "HARM_CATEGORY_HATE_SPEECH", "probability": "HIGH"} in finish["choices"][0]["safety_ratings"]
    assert finish["prompt_feedback"]["block_reason"] == "SAFETY"
    assert all("prompt_feedback" not in c for c in (chunks[0], chunks[2]))


def test_stream_safety_finish_keeps_text_and_carries_ratings() -> None:
    from tests.streams import accumulate, stream_fixture, translate

    chunks = translate(stream_fixture("safety_finish_keeps_partial_text.json"), CTX)
    choice = accumulate(chunks)[0]
    assert (choice.content, choice.finish_reason) == ("Here is the first half", "content_filter")
    assert choice.extra["safety_ratings"] == [
        {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": True}]
    assert all("safety_ratings" not in c["choices"][0] for c in chunks[:-1])


def test_stream_and_non_stream_agree_on_a_blocked_prompt() -> None:
    from tests.streams import gemini_events, translate

    events = gemini_events(recording("stream_prompt_blocked_safety.sse"))
    finish = translate(events, CTX)[-1]
    completion = to_chat_completion(events[0], CTX)
    assert finish["prompt_feedback"] == completion["prompt_feedback"]
    assert finish["choices"][0]["safety_ratings"] == completion["choices"][0]["safety_ratings"]
