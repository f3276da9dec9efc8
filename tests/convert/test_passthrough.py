"""extra_body={"google": {...}}: native Gemini fields merged over the built request, and caching."""

from __future__ import annotations

from typing import Any

import pytest

from translator.convert.passthrough import deep_merge
from translator.convert.request import build_gemini_call
from translator.errors import ApiError
from translator.gemini.validate import validate_generate_content_request
from translator.openai.validate import validate_chat_request

CONTENTS = [{"role": "user", "parts": [{"text": "Hi"}]}]
CITY = {"type": "object", "properties": {"city": {"type": "string"}}}
WEATHER = {"type": "function", "function": {"name": "weather", "parameters": CITY}}


def body(model: str = "gemini-2.5-flash", **extra: Any) -> dict[str, Any]:
    req = validate_chat_request({"model": model, "messages": [{"role": "user", "content": "Hi"}], **extra})
    built = build_gemini_call(req).body
    validate_generate_content_request(built)
    return built


CASES = [
    pytest.param(
        {"temperature": 0.2, "google": {"generationConfig": {"topK": 3, "mediaResolution": "MEDIA_RESOLUTION_LOW"}}},
        {"contents": CONTENTS, "generationConfig": {"temperature": 0.2, "topK": 3, "mediaResolution": "MEDIA_RESOLUTION_LOW"}},
        id="generation-config-merges",
    ),
    pytest.param(
        {"temperature": 0.2, "google": {"generation_config": {"temperature": 0.9, "response_modalities": ["TEXT"],
                                                              "thinking_config": {"include_thoughts": True}}}},
        {"contents": CONTENTS, "generationConfig": {"temperature": 0.9, "responseModalities": ["TEXT"],
                                                    "thinkingConfig": {"includeThoughts": True}}},
        id="snake-case-normalised-no-double-spelling",
    ),
    pytest.param(
        {"max_tokens": 5, "stop": ["x"], "google": {"generationConfig": {"stopSequences": ["y", "z"], "maxOutputTokens": None}}},
        {"contents": CONTENTS, "generationConfig": {"stopSequences": ["y", "z"]}},
        id="lists-replace-null-removes",
    ),
    pytest.param(
        {"google": {"serviceTier": "flex", "store": False, "toolConfig": {"retrievalConfig": {"languageCode": "en"}}}},
        {"contents": CONTENTS, "serviceTier": "flex", "store": False,
         "toolConfig": {"retrievalConfig": {"languageCode": "en"}}},
        id="top-level-request-fields",
    ),
    pytest.param(
        {"service_tier": "flex", "google": {"service_tier": "priority"}},
        {"contents": CONTENTS, "serviceTier": "priority"},
        id="google-wins-over-openai-field",
    ),
    pytest.param(
        {"cached_content": "abc123"}, {"contents": CONTENTS, "cachedContent": "cachedContents/abc123"}, id="cache-bare-id",
    ),
    pytest.param(
        {"cached_content": "cachedContents/abc-1"}, {"contents": CONTENTS, "cachedContent": "cachedContents/abc-1"},
        id="cache-resource-name",
    ),
    pytest.param(
        {"cached_content": "a", "extra_body": {"google": {"cached_content": "b"}}},
        {"contents": CONTENTS, "cachedContent": "cachedContents/b"},
        id="cache-google-layer-spelling-wins",
    ),
    pytest.param(
        {"google": {"cachedContent": "cachedContents/z"}}, {"contents": CONTENTS, "cachedContent": "cachedContents/z"},
        id="cache-native-spelling",
    ),
    pytest.param({"google": {}}, {"contents": CONTENTS}, id="empty-google"),
]


@pytest.mark.parametrize("extra, expected", CASES)
def test_passthrough(extra: dict[str, Any], expected: dict[str, Any]) -> None:
    assert body(**extra) == expected


def test_tools_append_to_the_translated_ones_and_tool_config_merges() -> None:
    built = body(tools=[WEATHER], tool_choice="auto", google={
        "tools": [{"codeExecution": {}}], "tool_config": {"function_calling_config": {"mode": "VALIDATED"}}})
    assert built["tools"] == [
        {"functionDeclarations": [{"name": "weather", "parametersJsonSchema": CITY}]},
        {"codeExecution": {}},
    ]
    assert built["toolConfig"] == {"functionCallingConfig": {"mode": "VALIDATED"}}


def test_free_form_fields_are_not_renamed() -> None:
    schema = {"type": "object", "properties": {"first_name": {"type": "string"}}}
    built = body(google={"generation_config": {"response_mime_type": "application/json", "response_json_schema": schema}})
    assert built["generationConfig"] == {"responseMimeType": "application/json", "responseJsonSchema": schema}


ERRORS = [
    ({"google": {"generationConfig": {"fooBar": 1}}}, "google.generationConfig.fooBar"),
    ({"google": {"generation_config": {"temperature": "hot"}}}, "google.generation_config.temperature"),
    ({"google": {"generationConfig": {"temperature": 5}}}, "google.generationConfig.temperature"),
    ({"google": {"labels": {"a": "b"}}}, "google.labels"),
    ({"google": {"contents": CONTENTS}}, "google.contents"),
    ({"google": {"system_instruction": {"parts": [{"text": "x"}]}}}, "google.system_instruction"),
    ({"google": {"model": "gemini-3-pro-preview"}}, "google.model"),
    ({"google": {"safetySettings": [], "safety_settings": []}}, "google.safety_settings"),
    ({"google": {"generationConfig": {}, "generation_config": {}}}, "google.generation_config"),
    ({"extra_body": {"google": {"thinking_config": {"bogus": 1}}}}, "extra_body.google.thinking_config.bogus"),
    ({"extra_body": {"google": {"generationConfig": {"fooBar": 1}}}}, "extra_body.google.generationConfig.fooBar"),
    ({"extra_body": {"vertex": {}}}, "extra_body.vertex"),
    ({"extra_body": {"google": "x"}}, "extra_body.google"),
    ({"google": {}, "extra_body": {"google": {}}}, "extra_body.google"),
    ({"cached_content": "cachedContents/"}, "cached_content"),
    ({"cached_content": "a/b"}, "cached_content"),
    ({"google": {"cached_content": 5}}, "google.cached_content"),
    # Checked again once merged: interactions between built and native fields.
    ({"google": {"generationConfig": {"responseSchema": {"type": "OBJECT"}}}}, "google.generationConfig.responseSchema"),
]


@pytest.mark.parametrize("extra, param", ERRORS)
def test_bad_passthrough_is_a_400_naming_the_field(extra: dict[str, Any], param: str) -> None:
    with pytest.raises(ApiError) as info:
        body(**extra)
    assert (info.value.status, info.value.param) == (400, param)


def test_deep_merge_rules() -> None:
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 1, "e": 2}
    assert deep_merge(base, {"a": {"c": [3], "x": {"y": 1}}, "d": None, "f": "new"}) == {
        "a": {"b": 1, "c": [3], "x": {"y": 1}}, "e": 2, "f": "new"}
