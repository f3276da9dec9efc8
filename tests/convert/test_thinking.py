"""reasoning_effort and raw thinking configs -> generationConfig.thinkingConfig, per model."""

from __future__ import annotations

from typing import Any

import pytest

from translator.convert.request import GeminiCall, build_gemini_call
from translator.errors import ApiError
from translator.gemini.validate import validate_generate_content_request
from translator.openai.validate import validate_chat_request

ON = {"includeThoughts": True}


def call(model: str, **extra: Any) -> GeminiCall:
    req = validate_chat_request({"model": model, "messages": [{"role": "user", "content": "Hi"}], **extra})
    built = build_gemini_call(req)
    validate_generate_content_request(built.body)
    return built


def thinking(model: str, **extra: Any) -> dict[str, Any] | None:
    return call(model, **extra).body.get("generationConfig", {}).get("thinkingConfig")


EFFORT_CASES = [
    # Gemini 2.5: budgets from Google's compatibility table, clamped to what each model takes.
    ("gemini-2.5-flash", "minimal", {"thinkingBudget": 1024, **ON}),
    ("gemini-2.5-flash", "low", {"thinkingBudget": 1024, **ON}),
    ("gemini-2.5-flash", "medium", {"thinkingBudget": 8192, **ON}),
    ("gemini-2.5-flash", "high", {"thinkingBudget": 24576, **ON}),
    ("gemini-2.5-flash", "xhigh", {"thinkingBudget": 24576, **ON}),
    ("gemini-2.5-flash", "max", {"thinkingBudget": 24576, **ON}),
    ("gemini-2.5-flash", "none", {"thinkingBudget": 0}),
    ("gemini-2.5-flash-lite", "none", {"thinkingBudget": 0}),
    ("gemini-2.5-flash-lite", "low", {"thinkingBudget": 1024, **ON}),
    ("gemini-2.5-pro", "none", {"thinkingBudget": 128}),
    ("gemini-2.5-pro", "high", {"thinkingBudget": 24576, **ON}),
    ("gemini-2.5-pro", "max", {"thinkingBudget": 32768, **ON}),
    # Gemini 3: levels only, unsupported ones fall back to the next level the model takes.
    ("gemini-3-flash-preview", "minimal", {"thinkingLevel": "MINIMAL", **ON}),
    ("gemini-3-flash-preview", "low", {"thinkingLevel": "LOW", **ON}),
    ("gemini-3-flash-preview", "medium", {"thinkingLevel": "MEDIUM", **ON}),
    ("gemini-3-flash-preview", "none", {"thinkingLevel": "MINIMAL"}),
    ("gemini-3-flash-preview", "xhigh", {"thinkingLevel": "HIGH", **ON}),
    ("gemini-flash-latest", "minimal", {"thinkingLevel": "MINIMAL", **ON}),
    ("gemini-3.1-flash-lite", "minimal", {"thinkingLevel": "MINIMAL", **ON}),
    ("gemini-3.1-pro-preview", "minimal", {"thinkingLevel": "LOW", **ON}),
    ("gemini-3.1-pro-preview", "medium", {"thinkingLevel": "MEDIUM", **ON}),
    ("gemini-3.1-pro-preview", "none", {"thinkingLevel": "LOW"}),
    ("gemini-3.7-flash", "minimal", {"thinkingLevel": "LOW", **ON}),
    ("gemini-3-pro-preview", "medium", {"thinkingLevel": "HIGH", **ON}),
    ("gemini-3-pro-preview", "max", {"thinkingLevel": "HIGH", **ON}),
    # Not in the table: the budget every thinking generation accepts.
    ("my-tuned-model", "low", {"thinkingBudget": 1024, **ON}),
]


@pytest.mark.parametrize("model, effort, expected", EFFORT_CASES)
def test_reasoning_effort_per_model(model: str, effort: str, expected: dict[str, Any]) -> None:
    assert thinking(model, reasoning_effort=effort) == expected


@pytest.mark.parametrize("effort", [{"effort": "low"}, "LOW", " low "])
def test_effort_spellings(effort: Any) -> None:
    assert thinking("gemini-2.5-flash", reasoning_effort=effort) == {"thinkingBudget": 1024, **ON}


def test_no_effort_means_the_model_default() -> None:
    assert "generationConfig" not in call("gemini-2.5-flash", reasoning_effort=None).body
    assert "generationConfig" not in call("gemini-3-pro-preview", reasoning_effort={"effort": None}).body


def test_model_without_thinking_never_gets_a_thinking_config() -> None:
    built = call("gemini-2.5-flash-image", reasoning_effort="high")
    assert "generationConfig" not in built.body
    assert built.ignored == ["reasoning_effort"]
    # `none` asks for what the model does anyway: honoured, nothing to report.
    built = call("gemini-2.5-flash-image", reasoning_effort="none")
    assert "generationConfig" not in built.body and built.ignored == []
    built = call("gemini-2.0-flash", thinking_config={"include_thoughts": True, "thinking_budget": 0})
    assert "generationConfig" not in built.body
    assert built.ignored == ["thinking_config.include_thoughts"]


RAW_CASES = [
    ("gemini-2.5-flash", {"thinking_budget": 2048, "include_thoughts": True}, {"thinkingBudget": 2048, **ON}),
    ("gemini-2.5-flash", {"thinkingBudget": -1}, {"thinkingBudget": -1}),
    ("gemini-2.5-flash", {"thinking_budget": 100000}, {"thinkingBudget": 24576}),
    ("gemini-2.5-pro", {"thinking_budget": 0}, {"thinkingBudget": 128}),
    ("gemini-2.5-flash-lite", {"thinking_budget": 100}, {"thinkingBudget": 512}),
    # A level on a budget model becomes the equivalent budget.
    ("gemini-2.5-flash", {"thinking_level": "medium"}, {"thinkingBudget": 8192}),
    ("gemini-3-flash-preview", {"thinking_level": "minimal"}, {"thinkingLevel": "MINIMAL"}),
    ("gemini-3.1-pro-preview", {"thinkingLevel": "MINIMAL", "includeThoughts": False},
     {"thinkingLevel": "LOW", "includeThoughts": False}),
    # Gemini 3 still takes budgets: sent as given.
    ("gemini-3-flash-preview", {"thinking_budget": 512}, {"thinkingBudget": 512}),
    ("gemini-3-pro-preview", {"include_thoughts": True}, ON),
    ("my-tuned-model", {"thinking_level": "low"}, {"thinkingLevel": "LOW"}),
    ("my-tuned-model", {"thinking_budget": 100000}, {"thinkingBudget": 100000}),
]


@pytest.mark.parametrize("model, raw, expected", RAW_CASES)
def test_raw_thinking_config(model: str, raw: dict[str, Any], expected: dict[str, Any]) -> None:
    assert thinking(model, thinking_config=raw) == expected
    assert thinking(model, google={"thinking_config": raw}) == expected
    assert thinking(model, extra_body={"google": {"thinking_config": raw}}) == expected


def test_effort_with_include_thoughts_is_one_request() -> None:
    assert thinking("gemini-2.5-flash", reasoning_effort="low", thinking_config={"include_thoughts": False}) == {
        "thinkingBudget": 1024, "includeThoughts": False}
    assert thinking("gemini-3-flash-preview", reasoning_effort="high",
                    extra_body={"google": {"thinking_config": {"include_thoughts": True}}}) == {
        "thinkingLevel": "HIGH", **ON}


def test_google_thinking_config_overrides_the_top_level_one_per_key() -> None:
    assert thinking("gemini-2.5-flash", thinking_config={"thinking_budget": 2048, "include_thoughts": True},
                    google={"thinking_config": {"thinking_budget": 4096}}) == {"thinkingBudget": 4096, **ON}


ERROR_CASES = [
    ({"reasoning_effort": "extreme"}, "reasoning_effort"),
    ({"reasoning_effort": {"effort": "lots"}}, "reasoning_effort.effort"),
    ({"thinking_config": {"thinking_level": "ultra"}}, "thinking_config.thinking_level"),
    ({"thinking_config": {"thinkingBudget": "1024"}}, "thinking_config.thinkingBudget"),
    ({"thinking_config": {"thinking_budget": -2}}, "thinking_config.thinking_budget"),
    ({"thinking_config": {"thinking_budget": True}}, "thinking_config.thinking_budget"),
    ({"thinking_config": {"include_thoughts": "yes"}}, "thinking_config.include_thoughts"),
    ({"thinking_config": {"budget": 10}}, "thinking_config.budget"),
    ({"thinking_config": {"thinking_budget": 10, "thinkingBudget": 10}}, "thinking_config.thinkingBudget"),
    ({"thinking_config": {"thinking_budget": 10, "thinking_level": "low"}}, "thinking_config.thinking_level"),
    ({"thinking_config": "low"}, "thinking_config"),
    ({"google": {"thinking_config": {"thinking_level": 3}}}, "google.thinking_config.thinking_level"),
    # reasoning_effort and a raw amount: refused, as Google's own layer does.
    ({"reasoning_effort": "low", "thinking_config": {"thinking_budget": 1024}}, "thinking_config.thinking_budget"),
    ({"reasoning_effort": "low", "extra_body": {"google": {"thinking_config": {"thinking_level": "low"}}}},
     "extra_body.google.thinking_config.thinking_level"),
    ({"reasoning_effort": "low", "google": {"generation_config": {"thinking_config": {"thinking_budget": 5}}}},
     "google.generation_config.thinking_config.thinking_budget"),
]


@pytest.mark.parametrize("extra, param", ERROR_CASES)
def test_bad_thinking_input_is_a_400_naming_the_field(extra: dict[str, Any], param: str) -> None:
    with pytest.raises(ApiError) as info:
        call("gemini-2.5-flash", **extra)
    assert info.value.status == 400
    assert info.value.param == param


def test_google_amount_replaces_the_top_level_amount() -> None:
    # Budget and level are one setting: the google one wins, never both upstream.
    assert thinking("gemini-2.5-flash", thinking_config={"thinking_budget": 10, "include_thoughts": True},
                    google={"thinking_config": {"thinking_level": "low"}}) == {"thinkingBudget": 1024, **ON}
    assert thinking("gemini-3-flash-preview", thinking_config={"thinking_level": "high"},
                    google={"thinking_config": {"thinking_budget": 64}}) == {"thinkingBudget": 64}


def test_native_thinking_config_merges_last_and_is_checked() -> None:
    body = call("gemini-2.5-flash", thinking_config={"thinking_budget": 2048},
                google={"generationConfig": {"thinkingConfig": {"includeThoughts": True}}}).body
    assert body["generationConfig"] == {"thinkingConfig": {"thinkingBudget": 2048, **ON}}
    with pytest.raises(ApiError) as info:
        call("gemini-2.5-flash", thinking_config={"thinking_budget": 2048},
             google={"generationConfig": {"thinkingConfig": {"thinkingLevel": "LOW"}}})
    assert info.value.param == "google.generationConfig.thinkingConfig.thinkingLevel"


def test_reasoning_echoed_in_history_is_never_sent_as_text() -> None:
    req = validate_chat_request({"model": "gemini-2.5-flash", "messages": [
        {"role": "user", "content": "2+2?"},
        {"role": "assistant", "content": "4", "reasoning_content": "**Plan**\n\nAdd them."},
        {"role": "assistant", "content": [
            {"type": "thinking", "thinking": "hmm", "signature": "c2ln"},
            {"type": "reasoning", "text": "more thoughts"},
            {"type": "text", "text": " Sure."},
        ]},
        {"role": "user", "content": "And 3+3?"},
    ]})
    body = build_gemini_call(req).body
    validate_generate_content_request(body)
    assert body["contents"] == [
        {"role": "user", "parts": [{"text": "2+2?"}]},
        {"role": "model", "parts": [{"text": "4"}, {"text": " Sure."}]},
        {"role": "user", "parts": [{"text": "And 3+3?"}]},
    ]
