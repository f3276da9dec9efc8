"""OpenAI request -> Gemini GenerateContentRequest, as pure functions over plain data."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from translator.convert.media import InlineMedia
from translator.convert.messages import MessageContext, remote_media_urls
from translator.convert.request import build_gemini_call
from translator.errors import ApiError
from translator.openai.validate import validate_chat_request

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()


def build(body: dict[str, Any], ctx: MessageContext | None = None) -> dict[str, Any]:
    return build_gemini_call(validate_chat_request({"model": "gemini-2.5-flash", **body}), ctx).body


def user(content: Any) -> dict[str, Any]:
    return {"role": "user", "content": content}


ROLE_CASES = [
    pytest.param(
        [{"role": "system", "content": "Be brief."}, user("Hi")],
        {"systemInstruction": {"parts": [{"text": "Be brief."}]}, "contents": [{"role": "user", "parts": [{"text": "Hi"}]}]},
        id="system-first",
    ),
    pytest.param(
        [user("Hi"), {"role": "developer", "content": [{"type": "text", "text": "Use French."}]},
         {"role": "assistant", "content": "Bonjour"}, {"role": "system", "content": "Be kind."}, user("Merci")],
        {
            "systemInstruction": {"parts": [{"text": "Use French."}, {"text": "Be kind."}]},
            "contents": [
                {"role": "user", "parts": [{"text": "Hi"}]},
                {"role": "model", "parts": [{"text": "Bonjour"}]},
                {"role": "user", "parts": [{"text": "Merci"}]},
            ],
        },
        id="system-and-developer-anywhere",
    ),
    pytest.param(
        [user("one"), user([{"type": "text", "text": "two"}]), {"role": "assistant", "content": "a"},
         {"role": "assistant", "content": "b"}],
        {"contents": [
            {"role": "user", "parts": [{"text": "one"}, {"text": "two"}]},
            {"role": "model", "parts": [{"text": "a"}, {"text": "b"}]},
        ]},
        id="consecutive-turns-merge",
    ),
    pytest.param(
        [user("Hi"), {"role": "assistant", "content": ""}, user("")],
        {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}]},
        id="empty-messages-dropped",
    ),
    pytest.param(
        [{"role": "system", "content": "Say hello."}],
        {"contents": [{"role": "user", "parts": [{"text": "Say hello."}]}]},
        id="system-only-becomes-user-turn",
    ),
]


@pytest.mark.parametrize("messages, expected", ROLE_CASES)
def test_roles(messages: list[dict[str, Any]], expected: dict[str, Any]) -> None:
    assert build({"messages": messages}) == expected


CONTENT_CASES = [
    pytest.param(
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}", "detail": "high"}},
        {"inlineData": {"mimeType": "image/png", "data": PNG}},
        id="image-data-url",
    ),
    pytest.param(
        {"type": "image_url", "image_url": {"url": "gs://bucket/cat.jpg"}},
        {"fileData": {"fileUri": "gs://bucket/cat.jpg", "mimeType": "image/jpeg"}},
        id="image-gcs-uri",
    ),
    pytest.param(
        {"type": "image_url", "image_url": {"url": "https://generativelanguage.googleapis.com/v1beta/files/abc123"}},
        {"fileData": {"fileUri": "https://generativelanguage.googleapis.com/v1beta/files/abc123"}},
        id="image-files-api-uri",
    ),
    pytest.param(
        {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
        {"inlineData": {"mimeType": "audio/wav", "data": "UklGRg=="}},
        id="input-audio-wav",
    ),
    pytest.param(
        {"type": "input_audio", "input_audio": {"data": "SUQz", "format": "mp3"}},
        {"inlineData": {"mimeType": "audio/mp3", "data": "SUQz"}},
        id="input-audio-mp3",
    ),
    pytest.param(
        {"type": "file", "file": {"file_data": "data:application/pdf;base64,JVBERi0=", "filename": "a.pdf"}},
        {"inlineData": {"mimeType": "application/pdf", "data": "JVBERi0="}},
        id="file-data-url",
    ),
    pytest.param(
        {"type": "file", "file": {"file_data": "JVBERi0=", "filename": "report.pdf"}},
        {"inlineData": {"mimeType": "application/pdf", "data": "JVBERi0="}},
        id="file-raw-base64",
    ),
    pytest.param(
        {"type": "file", "file": {"file_id": "files/xyz"}},
        {"fileData": {"fileUri": "https://generativelanguage.googleapis.com/v1beta/files/xyz"}},
        id="file-id",
    ),
    pytest.param(
        {"type": "image_url", "image_url": {"url": "data:text/plain,hello%20world"}},
        {"inlineData": {"mimeType": "text/plain", "data": base64.b64encode(b"hello world").decode()}},
        id="percent-encoded-data-url",
    ),
]


@pytest.mark.parametrize("part, expected", CONTENT_CASES)
def test_content_parts(part: dict[str, Any], expected: dict[str, Any]) -> None:
    body = build({"messages": [user([{"type": "text", "text": "Look:"}, part])]})
    assert body["contents"] == [{"role": "user", "parts": [{"text": "Look:"}, expected]}]


def test_http_image_is_inlined_from_fetched_media() -> None:
    url = "https://example.com/cat.png"
    req = validate_chat_request({"model": "m", "messages": [user([{"type": "image_url", "image_url": {"url": url}}])]})
    assert remote_media_urls(req.messages) == [(url, "messages[0].content[0].image_url.url")]
    ctx = MessageContext(media={url: InlineMedia("image/png", PNG)})
    assert build_gemini_call(req, ctx).body["contents"][0]["parts"] == [{"inlineData": {"mimeType": "image/png", "data": PNG}}]


PARAM_CASES = [
    pytest.param({"temperature": 0.2, "top_p": 0.9}, {"temperature": 0.2, "topP": 0.9}, id="sampling"),
    pytest.param({"max_tokens": 100}, {"maxOutputTokens": 100}, id="max_tokens"),
    pytest.param({"max_completion_tokens": 50, "max_tokens": 100}, {"maxOutputTokens": 50}, id="max_completion_tokens-wins"),
    pytest.param({"stop": "END"}, {"stopSequences": ["END"]}, id="stop-string"),
    pytest.param({"stop": ["a", "b"]}, {"stopSequences": ["a", "b"]}, id="stop-list"),
    pytest.param({"n": 3}, {"candidateCount": 3}, id="n"),
    pytest.param({"n": 1}, None, id="n-1-is-default"),
    # Penalties and logprobs on models that take them (per-model hygiene: tests/convert/test_hygiene.py).
    pytest.param({"model": "gemini-2.0-flash", "seed": 7, "presence_penalty": 0.5, "frequency_penalty": -0.5},
                 {"seed": 7, "presencePenalty": 0.5, "frequencyPenalty": -0.5}, id="seed-penalties"),
    pytest.param({"model": "my-tuned-model", "logprobs": True, "top_logprobs": 3},
                 {"responseLogprobs": True, "logprobs": 3}, id="logprobs"),
    pytest.param({"response_format": {"type": "json_object"}}, {"responseMimeType": "application/json"}, id="json-object"),
    pytest.param({"response_format": {"type": "text"}}, None, id="text-format"),
    pytest.param({"top_k": 40}, {"topK": 40}, id="top_k-extension"),
    pytest.param({}, None, id="nothing-injected"),
]


@pytest.mark.parametrize("params, expected", PARAM_CASES)
def test_generation_config(params: dict[str, Any], expected: dict[str, Any] | None) -> None:
    body = build({"messages": [user("Hi")], **params})
    assert body.get("generationConfig") == expected


def test_service_tier_and_ignored_params_are_reported() -> None:
    req = validate_chat_request(
        {"model": "models/gemini-2.5-flash", "messages": [user("Hi")], "service_tier": "flex", "user": "u1",
         "metadata": {"a": "b"}, "store": False, "parallel_tool_calls": False}
    )
    call = build_gemini_call(req)
    assert call.model == "gemini-2.5-flash"
    assert call.body["serviceTier"] == "flex"
    assert call.ignored == ["user", "metadata", "store", "parallel_tool_calls"]


@pytest.mark.parametrize("model", ["gemini-2.5-flash", "models/gemini-2.5-flash", "google/gemini-2.5-flash"])
def test_model_id_spellings(model: str) -> None:
    assert build_gemini_call(validate_chat_request({"model": model, "messages": [user("x")]})).model == "gemini-2.5-flash"


ERROR_CASES = [
    pytest.param({"messages": [user([{"type": "image_url", "image_url": {"url": "data:image/png;base64,@@@"}}])]},
                 "messages[0].content[0].image_url.url", id="bad-base64"),
    pytest.param({"messages": [user([{"type": "image_url", "image_url": {"url": "data:;base64,AAAA"}}])]},
                 "messages[0].content[0].image_url.url", id="data-url-without-mime"),
    pytest.param({"messages": [user([{"type": "image_url", "image_url": {"url": "ftp://x/y.png"}}])]},
                 "messages[0].content[0].image_url.url", id="unsupported-scheme"),
    pytest.param({"messages": [user("x")], "stop": ["1", "2", "3", "4", "5", "6"]}, "stop", id="too-many-stops"),
    pytest.param({"messages": [user("x")], "top_logprobs": 2}, "top_logprobs", id="top-logprobs-without-logprobs"),
    pytest.param({"messages": [user("x")], "service_tier": "scale"}, "service_tier", id="unknown-service-tier"),
    pytest.param({"messages": [{"role": "assistant", "content": ""}]}, "messages", id="no-content-at-all"),
    pytest.param({"messages": [user("x")], "model": "a/b/c"}, "model", id="bad-model-id"),
]


@pytest.mark.parametrize("body, param", ERROR_CASES)
def test_bad_input_names_the_field(body: dict[str, Any], param: str) -> None:
    with pytest.raises(ApiError) as info:
        build(body)
    assert info.value.status == 400
    assert info.value.param == param
