"""Assistant tool calls and tool results in history -> Gemini functionCall / functionResponse contents."""

from __future__ import annotations

from typing import Any

import pytest

from translator.convert.messages import MessageContext
from translator.convert.request import build_gemini_call
from translator.convert.signatures import DUMMY_SIGNATURE, ToolCallIds, google_extra
from translator.errors import ApiError
from translator.openai.validate import validate_chat_request

IDS = ToolCallIds("history-secret")
SIG = "c2lnbmF0dXJlLW9uZQ=="


def contents(messages: list[dict[str, Any]], model: str = "gemini-2.5-flash", **ctx: Any) -> list[dict[str, Any]]:
    req = validate_chat_request({"model": model, "messages": messages})
    return build_gemini_call(req, MessageContext(call_ids=IDS, **ctx)).body["contents"]


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def call(call_id: str, name: str, arguments: str = "{}", **extra: Any) -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}, **extra}


def assistant(*calls: dict[str, Any], content: Any = None, **extra: Any) -> dict[str, Any]:
    return {"role": "assistant", "content": content, "tool_calls": list(calls), **extra}


def tool(call_id: str, content: Any) -> dict[str, Any]:
    return {"role": "tool", "tool_call_id": call_id, "content": content}


def test_calls_and_results_round_trip() -> None:
    out = contents([
        user("weather?"),
        assistant(call("call_a", "get_weather", '{"city": "Paris"}'), content="Checking."),
        tool("call_a", "sunny"),
    ])
    assert out == [
        {"role": "user", "parts": [{"text": "weather?"}]},
        {"role": "model", "parts": [
            {"text": "Checking."},
            {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}, "id": "call_a"}},
        ]},
        {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"output": "sunny"}, "id": "call_a"}}]},
    ]


def test_our_fresh_ids_are_not_sent_as_gemini_ids() -> None:
    ours = IDS.mint(None, None)
    out = contents([user("x"), assistant(call(ours, "f")), tool(ours, "{}")])
    assert out[1]["parts"] == [{"functionCall": {"name": "f", "args": {}}}]
    assert out[2]["parts"] == [{"functionResponse": {"name": "f", "response": {}}}]


def test_gemini_ids_come_back_in_call_and_response() -> None:
    signed = IDS.mint("PPik6Btt", SIG)
    out = contents([user("x"), assistant(call(signed, "catalogSearch")), tool(signed, "[]")])
    assert out[1]["parts"][0]["functionCall"]["id"] == "PPik6Btt"
    assert out[2]["parts"][0]["functionResponse"]["id"] == "PPik6Btt"


@pytest.mark.parametrize(
    "result, response",
    [
        pytest.param('{"temp": 21, "unit": "C"}', {"temp": 21, "unit": "C"}, id="json-object-as-is"),
        pytest.param("[1, 2]", {"output": [1, 2]}, id="json-array-wrapped"),
        pytest.param("42", {"output": 42}, id="json-number-wrapped"),
        pytest.param("plain text", {"output": "plain text"}, id="text-wrapped"),
        pytest.param("", {"output": ""}, id="empty"),
        pytest.param([{"type": "text", "text": '{"a":'}, {"type": "text", "text": " 1}"}], {"a": 1}, id="text-parts-joined"),
    ],
)
def test_tool_result_shapes(result: Any, response: dict[str, Any]) -> None:
    out = contents([user("x"), assistant(call("c1", "f")), tool("c1", result)])
    assert out[2]["parts"][0]["functionResponse"]["response"] == response


def test_parallel_results_go_in_call_order_in_one_content() -> None:
    out = contents([
        user("x"),
        assistant(call("c1", "a"), call("c2", "b"), call("c3", "c")),
        tool("c3", "three"), tool("c1", "one"), tool("c2", "two"),
        user("thanks"),
    ])
    assert [list(p["functionResponse"].values())[:2] for p in out[2]["parts"][:3]] == [
        ["a", {"output": "one"}], ["b", {"output": "two"}], ["c", {"output": "three"}],
    ]
    # the next user text starts its own turn after the results, in the same user content
    assert out[2]["parts"][3] == {"text": "thanks"}
    assert len(out) == 3


@pytest.mark.parametrize(
    "arguments, args",
    [("", {}), ("   ", {}), ("{}", {}), ('{"q": [1, {"x": null}]}', {"q": [1, {"x": None}]})],
)
def test_arguments(arguments: str, args: dict[str, Any]) -> None:
    out = contents([user("x"), assistant(call("c1", "f", arguments)), tool("c1", "ok")])
    assert out[1]["parts"][0]["functionCall"]["args"] == args


def test_history_names_map_like_declared_ones() -> None:
    req = validate_chat_request({
        "model": "gemini-2.5-flash",
        "tools": [{"type": "function", "function": {"name": "2fast"}}],
        "messages": [user("x"), assistant(call("c1", "2fast")), tool("c1", "ok")],
    })
    body = build_gemini_call(req, MessageContext(call_ids=IDS)).body
    declared = body["tools"][0]["functionDeclarations"][0]["name"]
    assert declared != "2fast"
    assert body["contents"][1]["parts"][0]["functionCall"]["name"] == declared
    assert body["contents"][2]["parts"][0]["functionResponse"]["name"] == declared


def test_legacy_function_call_and_function_role() -> None:
    out = contents([
        user("x"),
        {"role": "assistant", "content": None, "function_call": {"name": "f", "arguments": '{"a": 1}'}},
        {"role": "function", "name": "f", "content": '{"r": 2}'},
    ])
    assert out[1]["parts"] == [{"functionCall": {"name": "f", "args": {"a": 1}}}]
    assert out[2]["parts"] == [{"functionResponse": {"name": "f", "response": {"r": 2}}}]


def test_function_role_answers_a_tool_call_by_name() -> None:
    out = contents([user("x"), assistant(call("g1", "f")), {"role": "function", "name": "f", "content": "ok"}])
    assert out[2]["parts"] == [{"functionResponse": {"name": "f", "response": {"output": "ok"}, "id": "g1"}}]


# ---- thought signatures -------------------------------------------------------------------------------------


def test_echoed_extra_content_is_replayed_on_its_call() -> None:
    first, second = IDS.mint("g1", SIG), IDS.mint("g2", None)
    out = contents([
        user("x"),
        assistant(call(first, "a", extra_content=google_extra(SIG)), call(second, "b")),
        tool(first, "1"), tool(second, "2"),
    ], model="gemini-3-flash-preview")
    assert out[1]["parts"] == [
        {"functionCall": {"name": "a", "args": {}, "id": "g1"}, "thoughtSignature": SIG},
        {"functionCall": {"name": "b", "args": {}, "id": "g2"}},
    ]


def test_stored_signature_is_replayed_when_its_tag_matches() -> None:
    first = IDS.mint("g1", SIG)
    out = contents(
        [user("x"), assistant(call(first, "a")), tool(first, "1")],
        model="gemini-3-flash-preview", stored_signatures={first: SIG},
    )
    assert out[1]["parts"][0]["thoughtSignature"] == SIG


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param("c29tZXRoaW5nIGVsc2U=", id="wrong-entry"),
        pytest.param(None, id="no-entry"),
    ],
)
def test_unverifiable_signature_falls_back_to_the_placeholder(stored: str | None) -> None:
    first = IDS.mint("g1", SIG)
    out = contents(
        [user("x"), assistant(call(first, "a"), call("g2", "b")), tool(first, "1"), tool("g2", "2")],
        model="gemini-3-flash-preview", stored_signatures={first: stored} if stored else {},
    )
    assert out[1]["parts"][0]["thoughtSignature"] == DUMMY_SIGNATURE
    assert "thoughtSignature" not in out[1]["parts"][1]


def test_another_tenants_tag_never_matches() -> None:
    first = ToolCallIds("tenant-a").mint("g1", SIG)
    out = contents(
        [user("x"), assistant(call(first, "a")), tool(first, "1")],
        model="gemini-3-flash-preview", stored_signatures={first: SIG},
    )
    assert out[1]["parts"][0]["thoughtSignature"] == DUMMY_SIGNATURE


def test_placeholder_on_first_call_of_every_step_only_on_gemini_3() -> None:
    messages = [
        user("x"),
        assistant(call("o1", "a"), call("o2", "b")), tool("o1", "1"), tool("o2", "2"),
        assistant(call("o3", "c")), tool("o3", "3"),
    ]
    gemini3 = contents(messages, model="gemini-3-pro-preview")
    assert [[p.get("thoughtSignature") for p in c["parts"]] for c in gemini3 if c["role"] == "model"] == [
        [DUMMY_SIGNATURE, None], [DUMMY_SIGNATURE],
    ]
    gemini25 = contents(messages, model="gemini-2.5-flash")
    assert all("thoughtSignature" not in p for c in gemini25 for p in c["parts"])


def test_placeholder_goes_on_the_first_call_not_the_text() -> None:
    out = contents([user("x"), assistant(call("o1", "a"), content="Let me check."), tool("o1", "1")],
                   model="gemini-3.1-pro-preview")
    assert out[1]["parts"] == [
        {"text": "Let me check."},
        {"functionCall": {"name": "a", "args": {}, "id": "o1"}, "thoughtSignature": DUMMY_SIGNATURE},
    ]


def test_a_signature_is_attached_once() -> None:
    first, second = IDS.mint("g1", SIG), IDS.mint("g2", None)
    out = contents([
        user("x"),
        assistant(call(first, "a", extra_content=google_extra(SIG)), call(second, "b", extra_content=google_extra(SIG)),
                  content="Hi", extra_content=google_extra(SIG)),
        tool(first, "1"), tool(second, "2"),
    ], model="gemini-3-flash-preview")
    assert [p.get("thoughtSignature") for p in out[1]["parts"]] == [None, SIG, None]


def test_text_signature_is_restored_on_the_text() -> None:
    out = contents([user("x"), {"role": "assistant", "content": "5040", "extra_content": google_extra("dGV4dA==")},
                    user("and 8!?")], model="gemini-3.1-flash-lite")
    assert out[1] == {"role": "model", "parts": [{"text": "5040", "thoughtSignature": "dGV4dA=="}]}


def test_text_only_history_gets_no_placeholder() -> None:
    out = contents([user("x"), {"role": "assistant", "content": "hello"}, user("y")], model="gemini-3-flash-preview")
    assert all("thoughtSignature" not in p for c in out for p in c["parts"])


# ---- errors -------------------------------------------------------------------------------------------------

ERRORS = [
    pytest.param([user("x"), assistant(call("c1", "f", "{nope")), tool("c1", "r")],
                 "messages[1].tool_calls[0].function.arguments", id="invalid-json-arguments"),
    pytest.param([user("x"), assistant(call("c1", "f"), call("c2", "g", "[1, 2]")), tool("c1", "r"), tool("c2", "r")],
                 "messages[1].tool_calls[1].function.arguments", id="non-object-arguments"),
    pytest.param([user("x"), assistant(call("c1", "f")), tool("zzz", "r")], "messages[2].tool_call_id",
                 id="unknown-tool-call-id"),
    pytest.param([user("x"), tool("c1", "r")], "messages[1].tool_call_id", id="result-before-any-call"),
    pytest.param([user("x"), assistant(call("c1", "f")), tool("c1", "r"), tool("c1", "again")],
                 "messages[3].tool_call_id", id="duplicate-result"),
    pytest.param([user("x"), assistant(call("c1", "f"), call("c2", "g")), tool("c1", "r"), user("next")],
                 "messages[1].tool_calls[1].id", id="missing-result"),
]


@pytest.mark.parametrize("messages, param", ERRORS)
def test_history_errors_name_the_field(messages: list[dict[str, Any]], param: str) -> None:
    with pytest.raises(ApiError) as info:
        contents(messages)
    assert info.value.status == 400
    assert info.value.param == param


def test_trailing_unanswered_calls_are_left_to_gemini() -> None:
    out = contents([user("x"), assistant(call("c1", "f"))])
    assert out[-1]["role"] == "model"
