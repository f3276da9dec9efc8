"""Streamed chat completions through the real HTTP stack, against the fake upstream: framing, chunks,
every fault before and after the 200, keep-alives and client disconnects."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from tests.helpers import SERVER_KEY, chat_body, fixture_json, recording
from tests.streams import Body, accumulate, assert_well_formed, gemini_events, parse_body, stream_fixture
from translator.app import create_app
from translator.config import Settings
from translator.state import GEMINI
from translator.testing import FakeGemini
from translator.testing.fake import Disconnect, Pause

AUTH = {"Authorization": "Bearer anything"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Shorter keep-alives than the suite's default keep the pause tests quick.
    return settings.with_overrides(keepalive_interval=0.1)


def stream_body(content: str = "Hello", **extra: Any) -> dict[str, Any]:
    return chat_body(content, stream=True, **extra)


async def post_stream(client: TestClient, body: dict[str, Any]) -> tuple[int, Any, bytes]:
    resp = await client.post("/v1/chat/completions", json=body, headers=AUTH)
    return resp.status, resp.headers, await resp.read()


async def ok_stream(client: TestClient, body: dict[str, Any]) -> tuple[Any, Body]:
    status, headers, raw = await post_stream(client, body)
    assert status == 200, raw
    return headers, parse_body(raw)


def text_event(text: str, finish: str | None = None, index: int = 0) -> dict[str, Any]:
    candidate: dict[str, Any] = {"content": {"role": "model", "parts": [{"text": text}]}, "index": index}
    if finish:
        candidate["finishReason"] = finish
    return {"candidates": [candidate], "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 2,
                                                          "totalTokenCount": 5}}


def gemini_error(code: int, status: str, message: str = "boom") -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status}}


# ---- framing, headers, chunk rules --------------------------------------------------------------


async def test_framing_and_headers(client: TestClient, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_text_gemini-2.5-flash.sse"), chunk_size=7)
    headers, body = await ok_stream(client, stream_body(user="u1"))
    assert headers["Content-Type"] == "text/event-stream"
    assert headers["Cache-Control"] == "no-cache"
    assert headers["X-Accel-Buffering"] == "no"
    assert headers["x-request-id"].startswith("req_")
    assert headers["x-translator-ignored-params"] == "user"
    assert "x-gemini-finish-reason" not in headers
    assert body.done and body.error is None and body.keepalives == 0
    assert_well_formed(body.chunks, include_usage=False)
    events = gemini_events(recording("stream_text_gemini-2.5-flash.sse"))
    assert accumulate(body.chunks)[0].content == "".join(e["candidates"][0]["content"]["parts"][0]["text"] for e in events)
    assert body.chunks[0]["id"].startswith("chatcmpl-")
    sent = fake.last
    assert sent.path == "/v1beta/models/gemini-2.5-flash:streamGenerateContent"
    assert sent.query == {"alt": "sse"}
    assert sent.headers["x-goog-api-key"] == SERVER_KEY


async def test_default_fake_stream_round_trip(client: TestClient) -> None:
    _, body = await ok_stream(client, stream_body("ping pong"))
    assert_well_formed(body.chunks, include_usage=False)
    assert accumulate(body.chunks)[0].content == "Echo: ping pong"


@pytest.mark.parametrize("chunk_size", [None, 1, 5])
async def test_tool_call_indices_across_chunks(client: TestClient, fake: FakeGemini, chunk_size: int | None) -> None:
    fake.push_stream(stream_fixture("tool_calls_one_per_event.json"), chunk_size=chunk_size)
    _, body = await ok_stream(client, stream_body("quotes"))
    assert_well_formed(body.chunks, include_usage=False)
    choice = accumulate(body.chunks)[0]
    assert [(c["index"], c["function"]["name"]) for c in choice.tool_calls] == [(0, "stock"), (1, "stock"), (2, "news")]
    assert choice.finish_reason == "tool_calls"


async def test_n_candidates(client: TestClient, fake: FakeGemini) -> None:
    fake.push_stream(stream_fixture("two_candidates_interleaved.json"))
    _, body = await ok_stream(client, stream_body(n=2))
    assert fake.last.body["generationConfig"]["candidateCount"] == 2
    assert_well_formed(body.chunks, include_usage=False)
    choices = accumulate(body.chunks)
    assert [choices[i].finish_reason for i in (0, 1)] == ["stop", "length"]


@pytest.mark.parametrize("include_usage", [True, False])
async def test_include_usage(client: TestClient, fake: FakeGemini, include_usage: bool) -> None:
    fake.push_sse_bytes(recording("stream_thinking_gemini-2.5-flash.sse"))
    _, body = await ok_stream(client, stream_body(stream_options={"include_usage": include_usage}))
    assert_well_formed(body.chunks, include_usage=include_usage)
    if include_usage:
        assert body.chunks[-1]["usage"]["completion_tokens_details"]["reasoning_tokens"] == 540


async def test_intermediate_finish_reads_to_the_end(client: TestClient, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_code_execution_intermediate_finish_gemini-2.5-flash.sse"), chunk_size=64)
    _, body = await ok_stream(client, stream_body())
    assert_well_formed(body.chunks, include_usage=False)
    assert accumulate(body.chunks)[0].content.endswith("The second number is 63.")


async def test_blocked_prompt(client: TestClient, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_prompt_blocked_gemini-3.7-flash.sse"))
    headers, body = await ok_stream(client, stream_body(stream_options={"include_usage": True}))
    assert "x-gemini-finish-reason" not in headers
    assert_well_formed(body.chunks, include_usage=True)
    choice = accumulate(body.chunks)[0]
    assert (choice.content, choice.finish_reason, choice.native_finish_reason) == (None, "content_filter", "PROHIBITED_CONTENT")


# ---- failures before the 200: real statuses ----------------------------------------------------


@pytest.mark.parametrize(
    "name, status, expected, code",
    [
        ("error_429_quota_retryinfo_gemini-2.5-flash.json", 429, 429, "rate_limit_exceeded"),
        ("error_503_high_demand.json", 503, 503, "upstream_unavailable"),
        ("error_404_model_not_found_stream_endpoint.json", 404, 404, "model_not_found"),
    ],
)
async def test_upstream_error_status_before_the_stream(
    client: TestClient, fake: FakeGemini, name: str, status: int, expected: int, code: str
) -> None:
    fake.push_error(status, json.loads(recording(name)))
    got, headers, raw = await post_stream(client, stream_body())
    assert got == expected
    assert headers["Content-Type"].startswith("application/json")
    err = json.loads(raw)["error"]
    assert set(err) == {"message", "type", "param", "code"} and err["code"] == code
    assert headers["x-request-id"].startswith("req_")
    if expected == 429:
        assert int(headers["retry-after"]) >= 1


async def test_error_object_as_first_event_is_a_real_status(client: TestClient, fake: FakeGemini) -> None:
    fake.push_stream([gemini_error(503, "UNAVAILABLE", "The model is overloaded.")])
    status, _, raw = await post_stream(client, stream_body())
    assert status == 503
    assert b"The model is overloaded." in raw


async def test_malformed_first_event_is_a_502(client: TestClient, fake: FakeGemini) -> None:
    fake.push_stream([b"data: {\"candidates\": [\r\n\r\n"])
    status, _, raw = await post_stream(client, stream_body())
    assert status == 502 and b"upstream_malformed" in raw


async def test_abnormal_empty_finish_as_only_event_is_the_non_stream_502(client: TestClient, fake: FakeGemini) -> None:
    fake.push_stream(stream_fixture("malformed_function_call_only.json"))
    status, headers, raw = await post_stream(client, stream_body())
    assert status == 502
    assert headers["x-gemini-finish-reason"] == "MALFORMED_FUNCTION_CALL"
    fake.push_json(fixture_json("gemini/malformed_function_call_empty.json"))
    non_stream = await client.post("/v1/chat/completions", json=chat_body(), headers=AUTH)
    assert non_stream.status == 502
    assert json.loads(raw)["error"]["code"] == (await non_stream.json())["error"]["code"]


async def test_empty_stream_is_a_502(client: TestClient, fake: FakeGemini) -> None:
    fake.push_stream([])
    status, _, raw = await post_stream(client, stream_body())
    assert status == 502 and b"upstream_empty_response" in raw


async def test_idle_upstream_before_anything_is_a_504(aiohttp_client: Any, upstream_url: str, fake: FakeGemini) -> None:
    settings = Settings(gemini_base_url=upstream_url, gemini_api_keys=(SERVER_KEY,), keepalive_interval=5,
                        stream_idle_timeout=0.2)
    client = await aiohttp_client(create_app(settings))
    fake.push_stream([Pause(5), text_event("late", "STOP")])
    status, _, raw = await post_stream(client, stream_body())
    assert status == 504 and b"upstream_timeout" in raw


# ---- failures after the 200: one error event, no [DONE] ----------------------------------------


def assert_failed_after(body: Body, code: str) -> None:
    assert body.error is not None and body.error["error"]["code"] == code, body.error
    assert not body.done
    assert body.blocks[-1] == "error"
    assert_well_formed(body.chunks, include_usage=False, finished=False)


async def test_error_object_mid_stream(client: TestClient, fake: FakeGemini) -> None:
    fake.push_stream([text_event("Hello"), gemini_error(503, "UNAVAILABLE")])
    _, body = await ok_stream(client, stream_body())
    assert_failed_after(body, "upstream_unavailable")
    assert accumulate(body.chunks)[0].content == "Hello"


async def test_bare_pretty_printed_error_mid_stream(client: TestClient, fake: FakeGemini) -> None:
    fake.push_sse_bytes(recording("stream_error_mid_stream.sse"), chunk_size=16)
    _, body = await ok_stream(client, stream_body())
    assert_failed_after(body, "cancelled")
    assert accumulate(body.chunks)[0].content == "First Second "


async def test_malformed_json_mid_stream(client: TestClient, fake: FakeGemini) -> None:
    fake.push_stream([text_event("Hello"), b"data: {oops\r\n\r\n", text_event(" world", "STOP")])
    _, body = await ok_stream(client, stream_body())
    assert_failed_after(body, "upstream_malformed")


async def test_reset_mid_stream(client: TestClient, fake: FakeGemini) -> None:
    fake.push_stream([text_event("Hello"), Disconnect()])
    _, body = await ok_stream(client, stream_body())
    assert_failed_after(body, "upstream_disconnected")


async def test_stream_that_ends_without_finish(client: TestClient, fake: FakeGemini) -> None:
    fake.push_stream(stream_fixture("truncated_without_finish.json"))
    _, body = await ok_stream(client, stream_body(stream_options={"include_usage": True}))
    assert_failed_after(body, "upstream_truncated")
    assert accumulate(body.chunks)[0].content == "The answer is forty"


async def test_stream_cut_mid_event(client: TestClient, fake: FakeGemini) -> None:
    fake.push_stream([text_event("Hello"), b'data: {"candidates": [{"content": {"parts": [{"te'])
    _, body = await ok_stream(client, stream_body())
    assert_failed_after(body, "upstream_truncated")


async def test_idle_timeout_mid_stream(aiohttp_client: Any, upstream_url: str, fake: FakeGemini) -> None:
    settings = Settings(gemini_base_url=upstream_url, gemini_api_keys=(SERVER_KEY,), keepalive_interval=0.1,
                        stream_idle_timeout=0.3)
    client = await aiohttp_client(create_app(settings))
    fake.push_stream([text_event("Hello"), Pause(5), text_event(" late", "STOP")])
    _, body = await ok_stream(client, stream_body())
    assert_failed_after(body, "upstream_timeout")
    await wait_for(lambda: fake.open_streams == 0)


# ---- keep-alives -------------------------------------------------------------------------------


async def test_keepalives_during_a_pause(client: TestClient, fake: FakeGemini, settings: Settings) -> None:
    fake.push_stream([text_event("Hello"), Pause(settings.keepalive_interval * 2.5), text_event(" world", "STOP")])
    _, body = await ok_stream(client, stream_body())
    assert body.keepalives >= 1
    assert body.blocks[0] == "chunk" and body.blocks[-1] == "done"
    assert_well_formed(body.chunks, include_usage=False)
    assert accumulate(body.chunks)[0].content == "Hello world"


async def test_keepalives_count_from_the_last_write(client: TestClient, fake: FakeGemini, settings: Settings) -> None:
    # Upstream events that add nothing for the client (usage only) do not hold back keep-alives.
    quiet = {"usageMetadata": {"promptTokenCount": 3, "totalTokenCount": 3}}
    tick = Pause(settings.keepalive_interval * 0.75)
    fake.push_stream([text_event("Hello"), tick, quiet, tick, quiet, tick, quiet, tick, text_event("!", "STOP")])
    _, body = await ok_stream(client, stream_body())
    assert body.keepalives >= 1
    assert accumulate(body.chunks)[0].content == "Hello!"


async def test_slow_first_event_commits_the_200_and_keeps_alive(client: TestClient, fake: FakeGemini, settings: Settings) -> None:
    fake.push_stream([Pause(settings.keepalive_interval * 2), text_event("Hi", "STOP")])
    _, body = await ok_stream(client, stream_body())
    assert body.blocks[0] == "keepalive"
    assert accumulate(body.chunks)[0].content == "Hi"


async def test_error_after_a_slow_start_is_an_error_event(client: TestClient, fake: FakeGemini, settings: Settings) -> None:
    fake.push_stream([Pause(settings.keepalive_interval * 2), gemini_error(500, "INTERNAL")])
    _, body = await ok_stream(client, stream_body())
    assert body.error is not None and body.error["error"]["code"] == "upstream_error"
    assert body.chunks == [] and not body.done


# ---- client disconnects ------------------------------------------------------------------------


async def wait_for(condition: Any, attempts: int = 500) -> None:
    for _ in range(attempts):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never became true")


def acquired(app: web.Application) -> int:
    # aiohttp has no public count of connections in use; `_acquired` is what the pool hands out.
    return len(app[GEMINI].session.connector._acquired)  # type: ignore[union-attr]


async def disconnect_mid_stream(client: TestClient, fake: FakeGemini) -> None:
    fake.push_stream([text_event("Hello"), Pause(30), text_event(" never", "STOP")])
    resp = await client.post("/v1/chat/completions", json=stream_body(), headers=AUTH)
    assert resp.status == 200
    first = await resp.content.readuntil(b"\n\n")
    assert b'"content":"Hello"' in first
    await wait_for(lambda: fake.open_streams == 1)
    resp.close()
    await wait_for(lambda: fake.open_streams == 0)
    assert fake.cancelled_streams == 1
    await wait_for(lambda: acquired(client.app) == 0)  # type: ignore[arg-type]


async def test_client_disconnect_cancels_the_upstream(client: TestClient, fake: FakeGemini,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    await disconnect_mid_stream(client, fake)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    # The pool is still healthy afterwards.
    _, body = await ok_stream(client, stream_body("again"))
    assert accumulate(body.chunks)[0].content == "Echo: again"


class NoHandlerCancellation(TestServer):
    """aiohttp's own default (web.run_app), unlike its TestServer."""

    async def _make_runner(self, **kwargs: Any) -> web.BaseRunner:
        return await super()._make_runner(**{**kwargs, "handler_cancellation": False})


async def test_client_disconnect_without_handler_cancellation(upstream_url: str, fake: FakeGemini,
                                                             settings: Settings,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    # A server run without handler_cancellation learns of the disconnect at the next write
    # (a keep-alive at the latest); the upstream must still be released.
    caplog.set_level(logging.WARNING)
    async with TestClient(NoHandlerCancellation(create_app(settings))) as client:
        await disconnect_mid_stream(client, fake)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
