"""Tests for translator.gemini.validate: what Gemini accepts, and the 400s it answers otherwise."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest

from translator.gemini import (
    GeminiValidationError,
    schema_field_names,
    validate_fragment,
    validate_generate_content_request,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
BUNDLE = REPO_ROOT / "translator" / "gemini" / "request_schema.json"

SIGNATURE = "CtQBAdHtim9zZXJ2ZWQtc2lnbmF0dXJlLWJ5dGVz"
PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

FULL_REQUEST: dict[str, Any] = {
    "model": "models/gemini-3-flash-preview",
    "systemInstruction": {"role": "system", "parts": [{"text": "You are terse."}]},
    "contents": [
        {
            "role": "user",
            "parts": [
                {"text": "What is in this picture, and what is the weather where it was taken?"},
                {"inlineData": {"mimeType": "image/png", "data": PNG_B64}, "mediaResolution": {"level": "MEDIA_RESOLUTION_HIGH"}},
                {
                    "fileData": {"mimeType": "video/mp4", "fileUri": "https://www.youtube.com/watch?v=abc"},
                    "videoMetadata": {"startOffset": "1.5s", "endOffset": "10s", "fps": 2},
                },
            ],
        },
        {
            "role": "model",
            "parts": [
                {"text": "Let me think.", "thought": True},
                {
                    "functionCall": {"id": "call_1", "name": "get_weather", "args": {"city": "Paris", "days": [1, 2]}},
                    "thoughtSignature": SIGNATURE,
                },
            ],
        },
        {
            "role": "user",
            "parts": [
                {
                    "functionResponse": {
                        "id": "call_1",
                        "name": "get_weather",
                        "response": {"output": {"temp_c": 21, "sky": None}},
                        "parts": [{"inlineData": {"mimeType": "image/png", "data": PNG_B64}}],
                    }
                }
            ],
        },
    ],
    "tools": [
        {
            "functionDeclarations": [
                {
                    "name": "get_weather",
                    "description": "Weather forecast",
                    "parameters": {
                        "type": "OBJECT",
                        "properties": {
                            "city": {"type": "string", "description": "City name", "example": "Paris"},
                            "unit": {"type": "STRING", "enum": ["celsius", "fahrenheit"], "nullable": True},
                            "days": {"type": "ARRAY", "items": {"type": "INTEGER"}, "minItems": "1", "maxItems": 7},
                            "where": {
                                "type": "object",
                                "properties": {"lat": {"type": "number", "minimum": -90, "maximum": 90}},
                                "required": ["lat"],
                                "propertyOrdering": ["lat"],
                            },
                            "when": {"anyOf": [{"type": "STRING", "format": "date-time"}, {"type": "NULL"}]},
                        },
                        "required": ["city"],
                    },
                },
                {
                    "name": "search_docs",
                    "parametersJsonSchema": {
                        "$schema": "https://json-schema.org/draft/2020-12/schema",
                        "type": "object",
                        "properties": {"q": {"type": ["string", "null"]}, "tags": {"$ref": "#/$defs/tags"}},
                        "$defs": {"tags": {"type": "array", "items": {"const": "x"}}},
                        "additionalProperties": False,
                    },
                    "responseJsonSchema": {"type": "object"},
                },
            ]
        },
        {"googleSearch": {}},
        {"codeExecution": {}},
        {"urlContext": {}},
        {"googleMaps": {"enableWidget": True}},
    ],
    "toolConfig": {
        "functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]},
        "retrievalConfig": {"latLng": {"latitude": 48.85, "longitude": 2.35}, "languageCode": "fr"},
    },
    "safetySettings": [
        {"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"},
        {"category": "harm_category_dangerous_content", "threshold": "off"},
    ],
    "generationConfig": {
        "temperature": 1.0,
        "topP": 0.95,
        "topK": 64,
        "candidateCount": 1,
        "maxOutputTokens": 8192,
        "stopSequences": ["END"],
        "seed": 42,
        "responseMimeType": "application/json",
        "responseJsonSchema": {"type": "object", "properties": {"answer": {"type": "string"}}},
        "responseModalities": ["TEXT", "image"],
        "thinkingConfig": {"includeThoughts": True, "thinkingLevel": "medium"},
        "imageConfig": {"aspectRatio": "16:9", "imageSize": "2K"},
        "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}, "languageCode": "en-US"},
        "mediaResolution": "MEDIA_RESOLUTION_LOW",
    },
    "cachedContent": "cachedContents/abc123",
    "serviceTier": "flex",
    "store": False,
}


def snake_keys(node: Any) -> Any:
    """Every key in snake_case. Opaque JSON (args, JSON Schemas) is renamed too, which keeps it valid."""
    if isinstance(node, dict):
        return {re.sub(r"(?<!^)(?<!\$)([A-Z])", r"_\1", key).lower(): snake_keys(value) for key, value in node.items()}
    if isinstance(node, list):
        return [snake_keys(item) for item in node]
    return node


def mixed_keys(body: dict[str, Any]) -> dict[str, Any]:
    """snake_case at the top level, camelCase below: proto3 JSON accepts the mix."""
    return {re.sub(r"([A-Z])", r"_\1", key).lower(): value for key, value in body.items()}


def request(**fields: Any) -> dict[str, Any]:
    return {"contents": [{"role": "user", "parts": [{"text": "hi"}]}], **fields}


def with_part(part: dict[str, Any]) -> dict[str, Any]:
    return {"contents": [{"role": "user", "parts": [{"text": "hi"}, part]}]}


def with_declaration(declaration: dict[str, Any]) -> dict[str, Any]:
    return request(tools=[{"functionDeclarations": [declaration]}])


def with_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    return with_declaration({"name": "f", "parameters": parameters})


# ------------------------------------------------------------------ accepted


@pytest.mark.parametrize("spelling", [lambda b: b, snake_keys, mixed_keys], ids=["camel", "snake", "mixed"])
def test_full_request_is_valid_in_every_spelling(spelling: Any) -> None:
    body = spelling(copy.deepcopy(FULL_REQUEST))
    validate_generate_content_request(body)


ACCEPTED = {
    "minimal": request(),
    "lone objects for repeated fields": {"contents": {"role": "user", "parts": {"text": "hi"}}},
    "no role": {"contents": [{"parts": [{"text": "hi"}]}]},
    "upper-case role": {"contents": [{"role": "USER", "parts": [{"text": "hi"}]}]},
    "empty text is still data": request(contents=[{"parts": [{"text": ""}]}]),
    "nulls mean unset": request(generationConfig={"temperature": None, "thinkingConfig": None}, tools=None),
    "numeric strings": request(generationConfig={"temperature": "0.5", "maxOutputTokens": "100", "seed": -1}),
    "integral float for int32": request(generationConfig={"candidateCount": 2.0}),
    "enum by number": request(toolConfig={"functionCallingConfig": {"mode": 2}}),
    "enum any case": request(serviceTier="PRIORITY", generationConfig={"thinkingConfig": {"thinkingLevel": "High"}}),
    "budget alone": request(generationConfig={"thinkingConfig": {"thinkingBudget": -1, "includeThoughts": False}}),
    "enum mime with legacy schema": request(
        generationConfig={"responseMimeType": "text/x.enum", "responseSchema": {"type": "STRING", "enum": ["a", "b"]}}
    ),
    "logprobs with responseLogprobs": request(generationConfig={"responseLogprobs": True, "logprobs": 5}),
    "five stop sequences": request(generationConfig={"stopSequences": ["a", "b", "c", "d", "e"]}),
    "url-safe base64": with_part({"inlineData": {"mimeType": "image/png", "data": "ab-_cd=="}}),
    "server-side tool parts": with_part({"toolCall": {"id": "t1", "toolType": "GOOGLE_SEARCH_WEB", "args": {"q": "x"}}}),
    "part metadata is free JSON": with_part({"text": "x", "partMetadata": {"source": ["a", 1]}}),
    "search time range": request(
        tools=[{"googleSearch": {"timeRangeFilter": {"startTime": "2024-01-01T00:00:00Z", "endTime": "2024-02-01T00:00:00.5+01:00"}}}]
    ),
    "mcp server headers": request(
        tools=[{"mcpServers": [{"name": "m", "streamableHttpTransport": {"url": "https://x", "headers": {"a": "b"}, "timeout": "30s"}}]}]
    ),
}


@pytest.mark.parametrize("body", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_accepted(body: dict[str, Any]) -> None:
    validate_generate_content_request(body)


# ------------------------------------------------------------------ rejected

TYPE_PREFIX = "type.googleapis.com/google.ai.generativelanguage.v1beta"

REJECTED: dict[str, tuple[object, str, str | None]] = {
    # unknown fields
    "unknown top-level field": (
        request(foo=1),
        'Invalid JSON payload received. Unknown name "foo": Cannot find field.',
        "foo",
    ),
    "unknown generationConfig field": (
        request(generationConfig={"notAField": 1}),
        "Invalid JSON payload received. Unknown name \"notAField\" at 'generation_config': Cannot find field.",
        "generationConfig.notAField",
    ),
    "unknown field in snake_case body keeps the caller's spelling": (
        request(generation_config={"thinking_config": {"thinking_effort": "x"}}),
        "Invalid JSON payload received. Unknown name \"thinking_effort\" at 'generation_config.thinking_config': "
        "Cannot find field.",
        "generation_config.thinking_config.thinking_effort",
    ),
    "unknown part field": (
        with_part({"text": "x", "foo": 1}),
        "Invalid JSON payload received. Unknown name \"foo\" at 'contents[0].parts[1]': Cannot find field.",
        "contents[0].parts[1].foo",
    ),
    "unknown declaration field": (
        with_declaration({"name": "f", "strict": True}),
        "Invalid JSON payload received. Unknown name \"strict\" at 'tools[0].function_declarations[0]': "
        "Cannot find field.",
        "tools[0].functionDeclarations[0].strict",
    ),
    "internal _responseJsonSchema": (
        request(generationConfig={"_responseJsonSchema": {}, "responseMimeType": "application/json"}),
        "Invalid JSON payload received. Unknown name \"_responseJsonSchema\" at 'generation_config': Cannot find field.",
        "generationConfig._responseJsonSchema",
    ),
    "additionalProperties in a legacy property": (
        with_parameters({"type": "OBJECT", "properties": {"a": {"type": "STRING"}, "b": {"additionalProperties": False}}}),
        "Invalid JSON payload received. Unknown name \"additionalProperties\" at "
        "'tools[0].function_declarations[0].parameters.properties[1].value': Cannot find field.",
        "tools[0].functionDeclarations[0].parameters.properties.b.additionalProperties",
    ),
    "const in legacy schema": (
        with_parameters({"type": "OBJECT", "properties": {"a": {"const": "x"}}}),
        "Invalid JSON payload received. Unknown name \"const\" at "
        "'tools[0].function_declarations[0].parameters.properties[0].value': Cannot find field.",
        "tools[0].functionDeclarations[0].parameters.properties.a.const",
    ),
    "default in legacy schema": (
        request(generationConfig={"responseMimeType": "application/json", "responseSchema": {"type": "STRING", "default": "x"}}),
        "Invalid JSON payload received. Unknown name \"default\" at 'generation_config.response_schema': "
        "Cannot find field.",
        "generationConfig.responseSchema.default",
    ),
    # wrong shapes
    "type list in legacy schema": (
        with_parameters({"type": ["string", "null"]}),
        "Invalid JSON payload received. Unknown name \"type\" at 'tools[0].function_declarations[0].parameters': "
        "Proto field is not repeating, cannot start list.",
        "tools[0].functionDeclarations[0].parameters.type",
    ),
    "temperature as a word": (
        request(generationConfig={"temperature": "hot"}),
        "Invalid value at 'generation_config.temperature' (TYPE_FLOAT), \"hot\"",
        "generationConfig.temperature",
    ),
    "fractional int32": (
        request(generationConfig={"candidateCount": 1.5}),
        "Invalid value at 'generation_config.candidate_count' (TYPE_INT32), 1.5",
        "generationConfig.candidateCount",
    ),
    "int32 overflow": (
        request(generationConfig={"maxOutputTokens": 2**31}),
        f"Invalid value at 'generation_config.max_output_tokens' (TYPE_INT32), {2**31}",
        "generationConfig.maxOutputTokens",
    ),
    "bool as string": (
        request(store="yes"),
        "Invalid value at 'store' (TYPE_BOOL), \"yes\"",
        "store",
    ),
    "number for a string": (
        {"contents": [{"parts": [{"text": 5}]}]},
        "Invalid value at 'contents[0].parts[0].text' (TYPE_STRING), 5",
        "contents[0].parts[0].text",
    ),
    "object for a string": (
        {"contents": [{"parts": [{"text": {"value": "hi"}}]}]},
        "Invalid value at 'contents[0].parts[0].text' (TYPE_STRING), Starting an object on a scalar field",
        "contents[0].parts[0].text",
    ),
    "string for a message": (
        request(generationConfig="fast"),
        f"Invalid value at 'generation_config' ({TYPE_PREFIX}.GenerationConfig), \"fast\"",
        "generationConfig",
    ),
    "null inside a list": (
        {"contents": [None]},
        f"Invalid value at 'contents[0]' ({TYPE_PREFIX}.Content), null",
        "contents[0]",
    ),
    "unknown enum value": (
        request(generationConfig={"thinkingConfig": {"thinkingLevel": "ULTRA"}}),
        "Invalid value at 'generation_config.thinking_config.thinking_level' "
        f"({TYPE_PREFIX}.ThinkingConfig.ThinkingLevel), \"ULTRA\"",
        "generationConfig.thinkingConfig.thinkingLevel",
    ),
    "unknown enum value in snake_case": (
        request(safety_settings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_SOME"}]),
        f"Invalid value at 'safety_settings[0].threshold' ({TYPE_PREFIX}.SafetySetting.Threshold), \"BLOCK_SOME\"",
        "safety_settings[0].threshold",
    ),
    "data URL as inline data": (
        with_part({"inlineData": {"mimeType": "image/png", "data": "data:image/png;base64,AAAA"}}),
        "Invalid value at 'contents[0].parts[1].inline_data.data' (TYPE_BYTES), \"data:image/png;base64,AAAA\"",
        "contents[0].parts[1].inlineData.data",
    ),
    "thought signature not base64": (
        with_part({"functionCall": {"name": "f"}, "thoughtSignature": "skip me!"}),
        "Invalid value at 'contents[0].parts[1].thought_signature' (TYPE_BYTES), \"skip me!\"",
        "contents[0].parts[1].thoughtSignature",
    ),
    "duration without unit": (
        with_part({"fileData": {"fileUri": "gs://x"}, "videoMetadata": {"startOffset": "5"}}),
        "Invalid value at 'contents[0].parts[1].video_metadata.start_offset' "
        "(type.googleapis.com/google.protobuf.Duration), \"5\"",
        "contents[0].parts[1].videoMetadata.startOffset",
    ),
    "int64 as a word": (
        with_parameters({"type": "ARRAY", "items": {"type": "STRING"}, "minItems": "one"}),
        "Invalid value at 'tools[0].function_declarations[0].parameters.min_items' (TYPE_INT64), \"one\"",
        "tools[0].functionDeclarations[0].parameters.minItems",
    ),
    "functionResponse.response as a string": (
        with_part({"functionResponse": {"name": "f", "response": "sunny"}}),
        "Invalid value at 'contents[0].parts[1].function_response.response' (type.google.protobuf.Struct), \"sunny\"",
        "contents[0].parts[1].functionResponse.response",
    ),
    "functionResponse.response as a list": (
        with_part({"functionResponse": {"name": "f", "response": [1, 2]}}),
        "Invalid JSON payload received. Unknown name \"response\" at 'contents[0].parts[1].function_response': "
        "Proto field is not repeating, cannot start list.",
        "contents[0].parts[1].functionResponse.response",
    ),
    "functionCall.args as a JSON string": (
        with_part({"functionCall": {"name": "f", "args": '{"a": 1}'}}),
        "Invalid value at 'contents[0].parts[1].function_call.args' (type.google.protobuf.Struct), \"{\\\"a\\\": 1}\"",
        "contents[0].parts[1].functionCall.args",
    ),
    "root is not an object": (
        [{"contents": []}],
        'Invalid JSON payload received. Unknown name "": Root element must be a message.',
        None,
    ),
    "both spellings of one field": (
        request(generationConfig={}, generation_config={}),
        'Invalid JSON payload received. Duplicate field "generation_config": already set as "generationConfig".',
        "generation_config",
    ),
    # semantic rules
    "no contents": (
        {"systemInstruction": {"parts": [{"text": "x"}]}},
        "* GenerateContentRequest.contents: contents is not specified",
        "contents",
    ),
    "empty contents": (
        {"contents": []},
        "* GenerateContentRequest.contents: contents is not specified",
        "contents",
    ),
    "empty parts": (
        {"contents": [{"role": "user", "parts": [{"text": "a"}]}, {"role": "model", "parts": []}]},
        "* GenerateContentRequest.contents[1].parts: contents.parts must not be empty.",
        "contents[1].parts",
    ),
    "missing parts": (
        {"contents": [{"role": "user"}]},
        "* GenerateContentRequest.contents[0].parts: contents.parts must not be empty.",
        "contents[0].parts",
    ),
    "assistant role": (
        {"contents": [{"role": "assistant", "parts": [{"text": "a"}]}]},
        "Please use a valid role: user, model.",
        "contents[0].role",
    ),
    "part without data": (
        with_part({"thought": True, "thoughtSignature": SIGNATURE}),
        "* GenerateContentRequest.contents[0].parts[1].data: required oneof field 'data' must have one initialized field",
        "contents[0].parts[1]",
    ),
    "part with two data fields": (
        with_part({"text": "look", "inlineData": {"mimeType": "image/png", "data": PNG_B64}}),
        "Invalid value at 'contents[0].parts[1]' (oneof), oneof field 'data' is already set. Cannot set 'inlineData'",
        "contents[0].parts[1].inlineData",
    ),
    "system instruction part without data": (
        request(system_instruction={"parts": [{}]}),
        "* GenerateContentRequest.system_instruction.parts[0].data: "
        "required oneof field 'data' must have one initialized field",
        "system_instruction.parts[0]",
    ),
    "six stop sequences": (
        request(generationConfig={"stopSequences": ["1", "2", "3", "4", "5", "6"]}),
        "* GenerateContentRequest.generation_config.stop_sequences: stop_sequences must have at most 5 elements, got 6.",
        "generationConfig.stopSequences",
    ),
    "thinking budget and level": (
        request(generationConfig={"thinkingConfig": {"thinkingBudget": 1024, "thinkingLevel": "LOW"}}),
        "You can only set only one of thinking budget and thinking level.",
        "generationConfig.thinkingConfig.thinkingLevel",
    ),
    "both response schemas": (
        request(
            generationConfig={
                "responseMimeType": "application/json",
                "responseSchema": {"type": "OBJECT"},
                "responseJsonSchema": {"type": "object"},
            }
        ),
        "* GenerateContentRequest.generation_config.response_json_schema: "
        "response_schema and response_json_schema cannot both be set.",
        "generationConfig.responseJsonSchema",
    ),
    "response schema without mime type": (
        request(generationConfig={"responseJsonSchema": {"type": "object"}}),
        "* GenerateContentRequest.generation_config.response_mime_type: "
        "response_mime_type must be 'application/json' or 'text/x.enum' when response_json_schema is set.",
        "generationConfig.responseJsonSchema",
    ),
    "response schema with text/plain": (
        request(generation_config={"response_mime_type": "text/plain", "response_schema": {"type": "STRING"}}),
        "* GenerateContentRequest.generation_config.response_mime_type: "
        "response_mime_type must be 'application/json' or 'text/x.enum' when response_schema is set.",
        "generation_config.response_mime_type",
    ),
    "parameters and parametersJsonSchema": (
        with_declaration({"name": "f", "parameters": {"type": "OBJECT"}, "parametersJsonSchema": {"type": "object"}}),
        "* GenerateContentRequest.tools[0].function_declarations[0].parameters_json_schema: "
        "parameters and parameters_json_schema cannot both be set.",
        "tools[0].functionDeclarations[0].parametersJsonSchema",
    ),
    "logprobs without responseLogprobs": (
        request(generationConfig={"logprobs": 3}),
        "* GenerateContentRequest.generation_config.logprobs: logprobs is only valid if response_logprobs is true.",
        "generationConfig.logprobs",
    ),
    "logprobs with responseLogprobs false": (
        request(generationConfig={"logprobs": 3, "responseLogprobs": False}),
        "* GenerateContentRequest.generation_config.logprobs: logprobs is only valid if response_logprobs is true.",
        "generationConfig.logprobs",
    ),
    "logprobs out of range": (
        request(generationConfig={"logprobs": 21, "responseLogprobs": True}),
        "* GenerateContentRequest.generation_config.logprobs: logprobs must be in the range [0, 20].",
        "generationConfig.logprobs",
    ),
    "temperature out of range": (
        request(generationConfig={"temperature": 5}),
        "* GenerateContentRequest.generation_config.temperature: temperature must be in the range [0.0, 2.0].",
        "generationConfig.temperature",
    ),
    "empty tool": (
        request(tools=[{"googleSearch": {}}, {"functionDeclarations": []}]),
        "* GenerateContentRequest.tools[1].tool_type: required one_of 'tool_type' must have one initialized field",
        "tools[1]",
    ),
}


@pytest.mark.parametrize(("body", "message", "field"), REJECTED.values(), ids=REJECTED.keys())
def test_rejected(body: object, message: str, field: str | None) -> None:
    with pytest.raises(GeminiValidationError) as caught:
        validate_generate_content_request(body)
    assert caught.value.message == message
    assert str(caught.value) == message
    assert caught.value.field == field


# ------------------------------------------------------------------ fragments and field names


def test_fragment_paths_prefix_message_and_field() -> None:
    with pytest.raises(GeminiValidationError) as caught:
        validate_fragment({"thinkingConfig": {"thinkingEffort": 1}}, "GenerationConfig", "generationConfig")
    assert caught.value.message == (
        "Invalid JSON payload received. Unknown name \"thinkingEffort\" at 'generation_config.thinking_config': "
        "Cannot find field."
    )
    assert caught.value.field == "generationConfig.thinkingConfig.thinkingEffort"


def test_fragment_without_path() -> None:
    with pytest.raises(GeminiValidationError) as caught:
        validate_fragment({"stopSequences": list("abcdef")}, "GenerationConfig")
    assert caught.value.message == (
        "* GenerationConfig.stop_sequences: stop_sequences must have at most 5 elements, got 6."
    )
    assert caught.value.field == "stopSequences"


def test_fragment_verbatim_rule_message() -> None:
    with pytest.raises(GeminiValidationError) as caught:
        validate_fragment({"thinkingBudget": 1, "thinking_level": "LOW"}, "ThinkingConfig", "generationConfig.thinkingConfig")
    assert caught.value.message == "You can only set only one of thinking budget and thinking level."
    assert caught.value.field == "generationConfig.thinkingConfig.thinking_level"


def test_fragment_part_oneof_with_path() -> None:
    with pytest.raises(GeminiValidationError) as caught:
        validate_fragment({"videoMetadata": {"fps": 1}}, "Part", "contents[2].parts[0]")
    assert caught.value.message == (
        "* GenerateContentRequest.contents[2].parts[0].data: required oneof field 'data' must have one initialized field"
    )
    assert caught.value.field == "contents[2].parts[0]"


def test_fragment_not_an_object() -> None:
    with pytest.raises(GeminiValidationError) as caught:
        validate_fragment("x", "ToolConfig", "toolConfig")
    assert caught.value.message == (
        f"Invalid value at 'tool_config' ({TYPE_PREFIX}.ToolConfig), \"x\""
    )
    assert caught.value.field == "toolConfig"


def test_valid_fragments() -> None:
    validate_fragment({"thinking_config": {"thinking_budget": 0}, "seed": 7}, "GenerationConfig", "generationConfig")
    validate_fragment({"googleSearch": {}}, "Tool")
    validate_fragment({"name": "models/gemini-2.5-flash", "inputTokenLimit": 1048576, "thinking": True}, "Model")


def test_absurdly_deep_schema_is_a_validation_error() -> None:
    schema: dict[str, Any] = {"type": "STRING"}
    for _ in range(2000):
        schema = {"type": "OBJECT", "properties": {"a": schema}}
    with pytest.raises(GeminiValidationError, match="too deep"):
        validate_generate_content_request(with_parameters(schema))


def test_unknown_schema_name() -> None:
    with pytest.raises(ValueError, match="NoSuchThing"):
        validate_fragment({}, "NoSuchThing")
    with pytest.raises(ValueError):
        schema_field_names("NoSuchThing")


def test_schema_field_names() -> None:
    assert schema_field_names("ThinkingConfig") == {"includeThoughts", "thinkingBudget", "thinkingLevel"}
    config = schema_field_names("GenerationConfig")
    assert {"thinkingConfig", "responseJsonSchema", "stopSequences", "imageConfig"} <= config
    assert "_responseJsonSchema" not in config
    assert "stop_sequences" not in config
    assert schema_field_names("MediaResolution") == {"level"}
    assert {"contents", "model", "serviceTier", "store"} <= schema_field_names("GenerateContentRequest")


# ------------------------------------------------------------------ the bundled schema


def load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("build_gemini_schema", REPO_ROOT / "scripts" / "build_gemini_schema.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundle_is_small_and_canonical() -> None:
    text = BUNDLE.read_text(encoding="utf-8")
    assert len(text.encode()) < 200_000
    assert load_generator().render(json.loads(text)) == text


def test_bundle_matches_the_spec() -> None:
    spec_path = SHARED / "specs" / "gemini-v1beta-openapi.json"
    if not spec_path.exists():
        pytest.skip(f"{spec_path} is not available")
    generator = load_generator()
    fresh = generator.render(generator.build_bundle(json.loads(spec_path.read_text(encoding="utf-8"))))
    assert fresh == BUNDLE.read_text(encoding="utf-8"), "run scripts/build_gemini_schema.py"
