"""OpenAI tools / tool_choice / functions / response_format -> Gemini tools, toolConfig, structured output."""

from __future__ import annotations

from typing import Any

import pytest

from translator.convert.messages import MessageContext
from translator.convert.request import build_gemini_call
from translator.convert.schema import to_openapi_schema
from translator.errors import ApiError
from translator.gemini.validate import validate_generate_content_request
from translator.openai.validate import validate_chat_request

MESSAGES = [{"role": "user", "content": "Hi"}]


def build(dialect: str = "json", **body: Any) -> dict[str, Any]:
    req = validate_chat_request({"model": "gemini-2.5-flash", "messages": MESSAGES, **body})
    out = build_gemini_call(req, MessageContext(schema_dialect=dialect)).body
    validate_generate_content_request(out)  # whatever we build, the strict Gemini validator accepts
    return out


def fn(name: str, parameters: Any = None, **extra: Any) -> dict[str, Any]:
    function: dict[str, Any] = {"name": name, **extra}
    if parameters is not None:
        function["parameters"] = parameters
    return {"type": "function", "function": function}


WEATHER = {
    "type": "object",
    "$schema": "http://json-schema.org/draft-07/schema#",
    "properties": {
        "city": {"type": "string", "description": "City name"},
        "unit": {"anyOf": [{"type": "string", "enum": ["c", "f"]}, {"type": "null"}], "default": None},
        "days": {"type": ["integer", "null"], "minimum": 1},
        "kind": {"const": "forecast"},
    },
    "required": ["city", "unit", "days", "kind"],
    "additionalProperties": False,
}


def test_declarations_json_dialect_keep_the_schema() -> None:
    body = build(tools=[fn("get_weather", WEATHER, description="Weather", strict=True), fn("now")])
    assert body["tools"] == [{"functionDeclarations": [
        {"name": "get_weather", "description": "Weather", "parametersJsonSchema": {
            k: v for k, v in WEATHER.items() if k != "$schema"}},
        {"name": "now"},
    ]}]
    assert "toolConfig" not in body


def test_declarations_legacy_dialect_convert() -> None:
    body = build("legacy", tools=[fn("get_weather", WEATHER)])
    decl = body["tools"][0]["functionDeclarations"][0]
    assert "parametersJsonSchema" not in decl
    assert decl["parameters"] == to_openapi_schema({k: v for k, v in WEATHER.items()})
    props = decl["parameters"]["properties"]
    assert props["unit"] == {"type": "string", "nullable": True, "enum": ["c", "f"], "description": "(default: null)"}
    assert props["days"] == {"type": "integer", "nullable": True, "minimum": 1}
    assert props["kind"] == {"type": "string", "enum": ["forecast"]}


REFS = {
    "type": "object",
    "properties": {"order": {"$ref": "#/$defs/Order"}},
    "required": ["order"],
    "$defs": {"Order": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}},
}


def test_refs_kept_in_json_and_inlined_in_legacy() -> None:
    assert build(tools=[fn("f", REFS)])["tools"][0]["functionDeclarations"][0]["parametersJsonSchema"] == REFS
    legacy = build("legacy", tools=[fn("f", REFS)])["tools"][0]["functionDeclarations"][0]["parameters"]
    assert legacy["properties"]["order"] == {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}


@pytest.mark.parametrize(
    "parameters",
    [
        pytest.param({}, id="empty"),
        pytest.param({"type": "object", "properties": {}}, id="empty-properties"),
        pytest.param({"type": "object", "properties": {}, "additionalProperties": False, "required": []}, id="strict-empty"),
        pytest.param({"type": "object"}, id="bare-object"),
    ],
)
def test_argument_less_functions_omit_parameters(parameters: dict[str, Any]) -> None:
    for dialect in ("json", "legacy"):
        assert build(dialect, tools=[fn("ping", parameters)])["tools"][0]["functionDeclarations"] == [{"name": "ping"}]


def test_legacy_functions_are_declared_too() -> None:
    body = build(functions=[{"name": "f", "parameters": {"type": "object", "properties": {"a": {"type": "integer"}}}}],
                 function_call={"name": "f"})
    assert body["tools"][0]["functionDeclarations"][0]["name"] == "f"
    assert body["toolConfig"] == {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["f"]}}


def test_invalid_gemini_names_are_mapped_everywhere() -> None:
    body = build(tools=[fn("1-lookup")], tool_choice={"type": "function", "function": {"name": "1-lookup"}})
    name = body["tools"][0]["functionDeclarations"][0]["name"]
    assert name != "1-lookup" and name[0] == "_"
    assert body["toolConfig"]["functionCallingConfig"]["allowedFunctionNames"] == [name]


TOOLS = [fn("a"), fn("b")]
CHOICES = [
    pytest.param({"tool_choice": "none"}, {"mode": "NONE"}, id="none"),
    pytest.param({"tool_choice": "auto"}, {"mode": "AUTO"}, id="auto"),
    pytest.param({"tool_choice": "required"}, {"mode": "ANY"}, id="required"),
    pytest.param({"tool_choice": {"type": "function", "function": {"name": "b"}}},
                 {"mode": "ANY", "allowedFunctionNames": ["b"]}, id="named"),
    pytest.param({"function_call": "none"}, {"mode": "NONE"}, id="legacy-none"),
    pytest.param({"function_call": "auto"}, {"mode": "AUTO"}, id="legacy-auto"),
    pytest.param({"function_call": {"name": "a"}}, {"mode": "ANY", "allowedFunctionNames": ["a"]}, id="legacy-named"),
    pytest.param({"tool_choice": "auto", "function_call": "none"}, {"mode": "AUTO"}, id="tool_choice-wins"),
    pytest.param({"tool_choice": {"type": "allowed_tools", "allowed_tools": {"mode": "required", "tools": [
        {"type": "function", "function": {"name": "a"}}]}}}, {"mode": "ANY", "allowedFunctionNames": ["a"]},
        id="allowed-tools-required"),
]


@pytest.mark.parametrize("choice, config", CHOICES)
def test_tool_choice(choice: dict[str, Any], config: dict[str, Any]) -> None:
    assert build(tools=TOOLS, **choice)["toolConfig"] == {"functionCallingConfig": config}


def test_allowed_tools_auto_declares_only_the_allowed() -> None:
    body = build(tools=TOOLS, tool_choice={"type": "allowed_tools", "allowed_tools": {"mode": "auto", "tools": [
        {"type": "function", "function": {"name": "b"}}]}})
    assert body["tools"] == [{"functionDeclarations": [{"name": "b"}]}]
    assert body["toolConfig"] == {"functionCallingConfig": {"mode": "AUTO"}}


@pytest.mark.parametrize("choice", ["none", "auto"])
def test_choice_without_tools_sends_no_config(choice: str) -> None:
    assert "toolConfig" not in build(tool_choice=choice)


def test_parallel_tool_calls_is_accepted_and_reported() -> None:
    req = validate_chat_request({"model": "gemini-2.5-flash", "messages": MESSAGES, "tools": TOOLS,
                                 "parallel_tool_calls": False})
    call = build_gemini_call(req)
    assert "parallel_tool_calls" in call.ignored
    assert "toolConfig" not in call.body


# ---- response_format ----------------------------------------------------------------------------------------

SCHEMA = {
    "type": "object",
    "properties": {"answer": {"type": "string"}, "score": {"anyOf": [{"type": "number"}, {"type": "null"}]}},
    "required": ["answer", "score"],
    "additionalProperties": False,
}


def test_json_schema_goes_as_response_json_schema() -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "Out", "schema": SCHEMA, "strict": True}}
    assert build(response_format=fmt)["generationConfig"] == {"responseMimeType": "application/json",
                                                               "responseJsonSchema": SCHEMA}


def test_json_schema_legacy_dialect_goes_as_response_schema() -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "Out", "schema": SCHEMA}}
    config = build("legacy", response_format=fmt)["generationConfig"]
    assert config == {"responseMimeType": "application/json", "responseSchema": {
        "type": "object",
        "properties": {"answer": {"type": "string"}, "score": {"type": "number", "nullable": True}},
        "required": ["answer", "score"],
        "propertyOrdering": ["answer", "score"],
    }}


def test_format_description_reaches_the_model() -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "Out", "description": "A graded answer", "schema": SCHEMA}}
    assert build(response_format=fmt)["generationConfig"]["responseJsonSchema"]["description"] == "A graded answer"


def test_json_schema_without_schema_is_json_mode() -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "Out"}}
    assert build(response_format=fmt)["generationConfig"] == {"responseMimeType": "application/json"}


def test_tools_with_json_and_auto_are_allowed() -> None:
    body = build(tools=TOOLS, tool_choice="auto", response_format={"type": "json_object"})
    assert body["toolConfig"]["functionCallingConfig"]["mode"] == "AUTO"
    assert body["generationConfig"]["responseMimeType"] == "application/json"


# ---- errors -------------------------------------------------------------------------------------------------

ERRORS = [
    pytest.param({"tools": [fn("f", {"type": "array", "items": {"type": "string"}})]},
                 "tools[0].function.parameters.type", "invalid_schema", id="non-object-parameters"),
    pytest.param({"tools": [fn("f", {"type": "object", "properties": {"x": {"$ref": "https://example.com/x.json"}}})]},
                 "tools[0].function.parameters.properties.x.$ref", "invalid_schema", id="external-ref"),
    pytest.param({"tools": [fn("f"), fn("g", {"type": "object", "properties": {"x": {"$ref": "#/$defs/Nope"}}})]},
                 "tools[1].function.parameters.properties.x.$ref", "invalid_schema", id="dangling-ref"),
    pytest.param({"tools": [{"type": "code_interpreter"}]}, "tools[0].type", "unsupported_tool", id="unknown-tool-type"),
    pytest.param({"tools": [fn("")]}, "tools[0].function.name", None, id="empty-name"),
    pytest.param({"tools": [fn("f"), fn("f")]}, "tools[1].function.name", None, id="duplicate-name"),
    pytest.param({"tools": [{"type": "function"}]}, "tools[0].function", None, id="missing-function"),
    pytest.param({"tool_choice": "required"}, "tool_choice", None, id="required-without-tools"),
    pytest.param({"tools": TOOLS, "tool_choice": {"type": "function", "function": {"name": "zzz"}}}, "tool_choice", None,
                 id="named-undeclared"),
    pytest.param({"tools": TOOLS, "function_call": {"name": "zzz"}}, "function_call", None, id="legacy-named-undeclared"),
    pytest.param({"tools": TOOLS, "tool_choice": {"type": "allowed_tools", "allowed_tools": {"mode": "auto", "tools": [
        {"type": "function", "function": {"name": "zzz"}}]}}}, "tool_choice.allowed_tools.tools[0]", None,
        id="allowed-undeclared"),
    pytest.param({"tools": TOOLS, "tool_choice": "required", "response_format": {"type": "json_object"}},
                 "tool_choice", "unsupported_combination", id="any-with-json-object"),
    pytest.param({"tools": TOOLS, "tool_choice": {"type": "function", "function": {"name": "a"}},
                  "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": SCHEMA}}},
                 "tool_choice", "unsupported_combination", id="named-with-json-schema"),
    pytest.param({"functions": [{"name": "a"}], "function_call": {"name": "a"}, "response_format": {"type": "json_object"}},
                 "function_call", "unsupported_combination", id="legacy-forced-with-json"),
    pytest.param({"response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {
        "type": "object", "properties": {"a": {"$ref": "#/$defs/missing"}}}}}},
        "response_format.json_schema.schema.properties.a.$ref", "invalid_schema", id="response-schema-dangling-ref"),
    pytest.param({"response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {
        "anyOf": []}}}}, "response_format.json_schema.schema.anyOf", "invalid_schema", id="response-schema-empty-anyof"),
]


@pytest.mark.parametrize("body, param, code", ERRORS)
def test_errors_name_the_field(body: dict[str, Any], param: str, code: str | None) -> None:
    with pytest.raises(ApiError) as info:
        build(**body)
    assert info.value.status == 400
    assert info.value.param == param
    if code:
        assert info.value.code == code


def test_forced_call_with_json_names_both_fields() -> None:
    with pytest.raises(ApiError) as info:
        build(tools=TOOLS, tool_choice="required", response_format={"type": "json_object"})
    assert "tool_choice" in info.value.message and "response_format" in info.value.message
