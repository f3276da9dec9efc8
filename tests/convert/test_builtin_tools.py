"""Built-in tools and web_search_options -> Gemini tools / toolConfig, checked by the strict validator."""

from __future__ import annotations

from typing import Any

import pytest

from translator.convert.request import build_gemini_call
from translator.errors import ApiError
from translator.gemini.validate import validate_generate_content_request
from translator.openai.validate import validate_chat_request

USER = [{"role": "user", "content": "Hi"}]
CITY = {"type": "object", "properties": {"city": {"type": "string"}}}
WEATHER = {"type": "function", "function": {"name": "get_weather", "parameters": CITY}}


def build(model: str = "gemini-2.5-flash", **params: Any) -> dict[str, Any]:
    body = build_gemini_call(validate_chat_request({"model": model, "messages": USER, **params})).body
    validate_generate_content_request(body)
    return body


def error(model: str = "gemini-2.5-flash", **params: Any) -> ApiError:
    with pytest.raises(ApiError) as info:
        build(model, **params)
    assert info.value.status == 400
    return info.value


SPELLINGS = [
    pytest.param({"type": "google_search"}, {"googleSearch": {}}, id="type-only"),
    pytest.param({"google_search": {}}, {"googleSearch": {}}, id="key-only"),
    pytest.param({"googleSearch": {}}, {"googleSearch": {}}, id="gemini-camel-key"),
    pytest.param(
        {"type": "google_search", "google_search": {
            "time_range_filter": {"start_time": "2026-01-01T00:00:00Z", "end_time": "2026-02-01T00:00:00Z"},
            "search_types": {"web_search": {}, "image_search": {}}}},
        {"googleSearch": {"timeRangeFilter": {"startTime": "2026-01-01T00:00:00Z", "endTime": "2026-02-01T00:00:00Z"},
                          "searchTypes": {"webSearch": {}, "imageSearch": {}}}},
        id="search-with-options",
    ),
    pytest.param({"type": "url_context"}, {"urlContext": {}}, id="url-context"),
    pytest.param({"url_context": {}}, {"urlContext": {}}, id="url-context-key"),
    pytest.param({"type": "code_execution"}, {"codeExecution": {}}, id="code-execution"),
    pytest.param({"code_execution": {}}, {"codeExecution": {}}, id="code-execution-key"),
    pytest.param({"type": "google_maps", "google_maps": {"enable_widget": True}}, {"googleMaps": {"enableWidget": True}},
                 id="maps-widget"),
]


@pytest.mark.parametrize("tool, expected", SPELLINGS)
def test_tool_spellings(tool: dict[str, Any], expected: dict[str, Any]) -> None:
    body = build(tools=[tool])
    assert body["tools"] == [expected]
    assert "toolConfig" not in body


def test_several_builtins_each_get_their_own_tool_entry_in_order() -> None:
    body = build(tools=[{"type": "url_context"}, {"type": "google_search"}, {"type": "code_execution"}])
    assert body["tools"] == [{"urlContext": {}}, {"googleSearch": {}}, {"codeExecution": {}}]


def test_maps_location_goes_to_retrieval_config() -> None:
    tool = {"type": "google_maps", "google_maps": {"lat_lng": {"latitude": 48.85, "longitude": 2.35}, "language_code": "fr"}}
    body = build(tools=[tool])
    assert body["tools"] == [{"googleMaps": {}}]
    assert body["toolConfig"] == {"retrievalConfig": {"latLng": {"latitude": 48.85, "longitude": 2.35}, "languageCode": "fr"}}


def test_web_search_options_turn_on_search() -> None:
    body = build(web_search_options={})
    assert body["tools"] == [{"googleSearch": {}}]


def test_web_search_options_coordinates_become_the_user_location() -> None:
    options = {"search_context_size": "high", "user_location": {"type": "approximate", "approximate": {
        "city": "Paris", "country": "FR", "latitude": 48.85, "longitude": 2.35}}}
    call = build_gemini_call(validate_chat_request({"model": "gemini-2.5-flash", "messages": USER, "web_search_options": options}))
    validate_generate_content_request(call.body)
    assert call.body["tools"] == [{"googleSearch": {}}]
    assert call.body["toolConfig"] == {"retrievalConfig": {"latLng": {"latitude": 48.85, "longitude": 2.35}}}
    assert call.ignored == [
        "web_search_options.search_context_size",
        "web_search_options.user_location.approximate.city",
        "web_search_options.user_location.approximate.country",
    ]


def test_web_search_options_and_a_search_tool_make_one_search() -> None:
    tool = {"type": "google_search", "google_search": {"search_types": {"web_search": {}}}}
    body = build(web_search_options={}, tools=[tool])
    assert body["tools"] == [{"googleSearch": {"searchTypes": {"webSearch": {}}}}]


def test_maps_tool_location_wins_over_web_search_coordinates() -> None:
    options = {"user_location": {"approximate": {"latitude": 1.0, "longitude": 2.0}}}
    tool = {"type": "google_maps", "google_maps": {"lat_lng": {"latitude": 3.0, "longitude": 4.0}}}
    body = build(web_search_options=options, tools=[tool])
    assert body["toolConfig"]["retrievalConfig"]["latLng"] == {"latitude": 3.0, "longitude": 4.0}


def test_builtins_with_functions_on_gemini_3_switch_on_server_side_invocations() -> None:
    body = build("gemini-3-flash-preview", tools=[WEATHER, {"type": "google_search"}], tool_choice="auto")
    assert body["tools"] == [
        {"functionDeclarations": [{"name": "get_weather", "parametersJsonSchema": CITY}]},
        {"googleSearch": {}},
    ]
    assert body["toolConfig"] == {"functionCallingConfig": {"mode": "AUTO"}, "includeServerSideToolInvocations": True}


@pytest.mark.parametrize("params", [
    {"tools": [WEATHER, {"type": "google_search"}]},
    {"tools": [WEATHER, {"code_execution": {}}]},
    {"tools": [WEATHER], "web_search_options": {}},
])
def test_builtins_with_functions_on_gemini_2_5_are_a_clear_400(params: dict[str, Any]) -> None:
    err = error("gemini-2.5-flash", **params)
    assert err.param == "tools"
    assert err.code == "unsupported_tool_combination"
    assert "cannot combine built-in tools" in err.message and "Gemini 3" in err.message


def test_unknown_models_may_combine() -> None:
    body = build("my-tuned-model", tools=[WEATHER, {"type": "url_context"}])
    assert body["toolConfig"] == {"includeServerSideToolInvocations": True}


BAD = [
    pytest.param({"tools": [{"type": "google_search", "url_context": {}}]}, "tools[0].url_context", id="mixed-kinds"),
    pytest.param({"tools": [{"google_search": {}, "url_context": {}}]}, "tools[0].url_context", id="two-kinds-in-one"),
    pytest.param({"tools": [{"type": "google_search", "extra": 1}]}, "tools[0].extra", id="stray-key"),
    pytest.param({"tools": [{"google_search": True}]}, "tools[0].google_search", id="options-not-object"),
    pytest.param({"tools": [{"google_search": {"safe_search": True}}]}, "tools[0].google_search.safe_search", id="unknown-option"),
    pytest.param({"tools": [{"url_context": {"urls": ["https://x"]}}]}, "tools[0].url_context.urls", id="url-context-option"),
    pytest.param({"tools": [{"google_search": {"time_range_filter": {"start_time": "2026-01-01T00:00:00Z"}}}]},
                 "tools[0].google_search.time_range_filter", id="half-interval"),
    pytest.param({"tools": [{"google_search": {"time_range_filter": {"start_time": "yesterday", "end_time": "today"}}}]},
                 "tools[0].google_search.time_range_filter.start_time", id="bad-timestamp"),
    pytest.param({"tools": [{"google_maps": {"lat_lng": {"latitude": 91, "longitude": 0}}}]},
                 "tools[0].google_maps.lat_lng.latitude", id="latitude-range"),
    pytest.param({"tools": [{"google_maps": {"lat_lng": {"latitude": 1}}}]}, "tools[0].google_maps.lat_lng", id="half-lat-lng"),
    pytest.param({"tools": [{"type": "google_search"}, {"google_search": {}}]}, "tools[1]", id="duplicate"),
    pytest.param({"tools": [{"type": "web_browser"}]}, "tools[0].type", id="unknown-type"),
    pytest.param({"web_search_options": {"search_context_size": "huge"}}, "web_search_options.search_context_size",
                 id="context-size-enum"),
    pytest.param({"web_search_options": {"user_location": {"approximate": {"latitude": 3}}}},
                 "web_search_options.user_location.approximate", id="half-coordinates"),
]


@pytest.mark.parametrize("params, param", BAD)
def test_bad_builtin_tools_name_the_field(params: dict[str, Any], param: str) -> None:
    assert error(**params).param == param


def test_required_tool_choice_still_needs_a_function() -> None:
    assert error(tools=[{"type": "google_search"}], tool_choice="required").param == "tool_choice"
