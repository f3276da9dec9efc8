"""POST /v1/chat/completions through the real HTTP stack, against the fake upstream."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from tests.helpers import CLIENT_KEY, SERVER_KEY, chat_body, fixture_json, recording
from translator.app import create_app
from translator.config import Settings
from translator.testing import FakeGemini

AUTH = {"Authorization": "Bearer anything"}


async def post(client: TestClient, body: Any, headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any], Any]:
    resp = await client.post("/v1/chat/completions", json=body, headers=headers or AUTH)
    return resp.status, resp.headers, await resp.json()  # type: ignore[return-value]


async def test_text_round_trip(client: TestClient, fake: FakeGemini) -> None:
    fake.push_json(fixture_json("gemini/text_two_parts.json"))
    status, headers, body = await post(client, chat_body("Hi", temperature=0.3))
    assert status == 200
    assert body["choices"][0]["message"]["content"] == "Hello, world.\n"
    assert headers["x-request-id"].startswith("req_")
    assert body["id"].startswith("chatcmpl-")
    sent = fake.last
    assert sent.path == "/v1beta/models/gemini-2.5-flash:generateContent"
    assert sent.headers["x-goog-api-key"] == SERVER_KEY
    assert sent.body == {
        "contents": [{"role": "user", "parts": [{"text": "Hi"}]}],
        "generationConfig": {"temperature": 0.3},
    }


async def test_default_echo_reply_and_native_reason_header(client: TestClient) -> None:
    status, headers, body = await post(client, chat_body("ping"))
    assert status == 200
    assert body["choices"][0]["message"]["content"] == "Echo: ping"
    assert headers["x-gemini-finish-reason"] == "STOP"


async def test_ignored_params_are_reported(client: TestClient) -> None:
    status, headers, _ = await post(client, chat_body(user="u1", logit_bias={"50256": -100}))
    assert status == 200
    assert headers["x-translator-ignored-params"] == "user,logit_bias"


@pytest.mark.parametrize(
    "body, param",
    [
        ({"model": "gemini-2.5-flash"}, "messages"),
        ({"model": "gemini-2.5-flash", "messages": [{"role": "robot", "content": "x"}]}, "messages[0].role"),
        (chat_body(temperature="warm"), "temperature"),
        ({"model": "gemini-2.5-flash", "messages": [{"role": "user", "content": [
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,!!"}}]}]}, "messages[0].content[0].image_url.url"),
    ],
)
async def test_bad_input_is_a_400_before_any_upstream_call(client: TestClient, fake: FakeGemini, body: Any, param: str) -> None:
    status, headers, err = await post(client, body)
    assert status == 400
    assert err["error"]["param"] == param
    assert set(err["error"]) == {"message", "type", "param", "code"}
    assert "x-request-id" in headers
    assert fake.requests == []


async def test_invalid_json_body(client: TestClient, fake: FakeGemini) -> None:
    resp = await client.post("/v1/chat/completions", data=b"{nope", headers={**AUTH, "Content-Type": "application/json"})
    assert resp.status == 400
    assert (await resp.json())["error"]["code"] == "invalid_json"
    assert fake.requests == []


@pytest.mark.parametrize(
    "name, status, expected",
    [
        ("error_400_api_key_invalid.json", 400, 401),
        ("error_429_quota_retryinfo_gemini-2.5-flash.json", 429, 429),
        ("error_503_high_demand.json", 503, 503),
        ("error_404_model_not_found.json", 404, 404),
    ],
)
async def test_upstream_errors_keep_their_meaning(client: TestClient, fake: FakeGemini, name: str, status: int, expected: int) -> None:
    import orjson

    fake.push_error(status, orjson.loads(recording(name)))
    got, headers, err = await post(client, chat_body())
    assert got == expected
    assert set(err["error"]) == {"message", "type", "param", "code"}
    assert "x-request-id" in headers
    if expected == 429:
        assert headers["retry-after"] == "26"


async def test_unknown_route_and_method_are_openai_errors(client: TestClient) -> None:
    resp = await client.get("/v1/embeddings", headers=AUTH)
    assert resp.status == 404
    assert (await resp.json())["error"]["code"] == "unknown_url"
    resp = await client.get("/v1/chat/completions", headers=AUTH)
    assert resp.status == 405
    assert "error" in await resp.json()


async def test_oversized_body_is_413(aiohttp_client: Any, upstream_url: str) -> None:
    settings = Settings(gemini_base_url=upstream_url, gemini_api_keys=(SERVER_KEY,), max_body_bytes=2048)
    client = await aiohttp_client(create_app(settings))
    status, _, err = await post(client, chat_body("x" * 5000))
    assert status == 413
    assert err["error"]["code"] == "request_too_large"


async def test_http_image_url_is_fetched_and_inlined(client: TestClient, fake: FakeGemini, aiohttp_server: Any) -> None:
    async def image(_: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNGdata", content_type="image/png")

    async def html(_: web.Request) -> web.Response:
        return web.Response(text="<html>", content_type="text/html")

    async def huge(_: web.Request) -> web.Response:
        return web.Response(body=b"x" * (21 * 1024 * 1024), content_type="image/png")

    images = web.Application()
    images.router.add_get("/cat.png", image)
    images.router.add_get("/page", html)
    images.router.add_get("/huge.png", huge)
    server = await aiohttp_server(images)

    def body(url: str) -> dict[str, Any]:
        return {"model": "gemini-2.5-flash", "messages": [{"role": "user", "content": [
            {"type": "text", "text": "What is this?"}, {"type": "image_url", "image_url": {"url": url}}]}]}

    status, _, _ = await post(client, body(str(server.make_url("/cat.png"))))
    assert status == 200
    assert fake.last.body["contents"][0]["parts"][1] == {"inlineData": {"mimeType": "image/png", "data": "iVBOR2RhdGE="}}

    for path in ("/page", "/huge.png", "/missing.png"):
        status, _, err = await post(client, body(str(server.make_url(path))))
        assert status == 400, path
        assert err["error"]["param"] == "messages[0].content[1].image_url.url"


async def test_private_addresses_are_refused_by_default(aiohttp_client: Any, upstream_url: str, fake: FakeGemini) -> None:
    client = await aiohttp_client(create_app(Settings(gemini_base_url=upstream_url, gemini_api_keys=(SERVER_KEY,))))
    for url in ("http://127.0.0.1:9/x.png", "http://localhost:9/x.png", "http://[::1]:9/x.png", "http://169.254.169.254/x.png"):
        body = {"model": "gemini-2.5-flash", "messages": [{"role": "user", "content": [
            {"type": "image_url", "image_url": {"url": url}}]}]}
        status, _, err = await post(client, body)
        assert status == 400, url
        assert err["error"]["param"] == "messages[0].content[0].image_url.url"
    assert fake.generate_requests() == []


# ---- auth ------------------------------------------------------------------------------------


async def make_client(aiohttp_client: Any, upstream_url: str, **kw: Any) -> TestClient:
    return await aiohttp_client(create_app(Settings(gemini_base_url=upstream_url, **kw)))


async def test_passthrough_forwards_the_client_key(aiohttp_client: Any, upstream_url: str, fake: FakeGemini) -> None:
    client = await make_client(aiohttp_client, upstream_url)
    status, _, _ = await post(client, chat_body(), {"Authorization": "Bearer user-gemini-key"})
    assert status == 200
    assert fake.last.headers["x-goog-api-key"] == "user-gemini-key"
    status, _, _ = await post(client, chat_body(), {"x-goog-api-key": "other-key"})
    assert status == 200
    assert fake.last.headers["x-goog-api-key"] == "other-key"


async def test_no_key_anywhere_is_401(aiohttp_client: Any, upstream_url: str, fake: FakeGemini) -> None:
    client = await make_client(aiohttp_client, upstream_url)
    resp = await client.post("/v1/chat/completions", json=chat_body())
    assert resp.status == 401
    assert (await resp.json())["error"]["type"] == "authentication_error"
    assert fake.requests == []


async def test_server_key_with_client_tokens(aiohttp_client: Any, upstream_url: str, fake: FakeGemini) -> None:
    client = await make_client(aiohttp_client, upstream_url, gemini_api_keys=(SERVER_KEY, "second"), client_api_keys=(CLIENT_KEY,))
    assert (await post(client, chat_body(), {"Authorization": "Bearer wrong"}))[0] == 401
    assert (await client.post("/v1/chat/completions", json=chat_body())).status == 401
    status, _, _ = await post(client, chat_body(), {"Authorization": f"Bearer {CLIENT_KEY}"})
    assert status == 200
    assert fake.last.headers["x-goog-api-key"] == SERVER_KEY


async def test_bearer_upstream_auth(aiohttp_client: Any, upstream_url: str, fake: FakeGemini) -> None:
    client = await make_client(aiohttp_client, upstream_url, gemini_api_keys=(SERVER_KEY,), upstream_auth="bearer")
    assert (await post(client, chat_body()))[0] == 200
    assert fake.last.headers["Authorization"] == f"Bearer {SERVER_KEY}"
    assert "x-goog-api-key" not in fake.last.headers


async def test_keys_never_reach_logs_or_bodies(aiohttp_client: Any, upstream_url: str, fake: FakeGemini, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = await make_client(aiohttp_client, upstream_url, gemini_api_keys=(SERVER_KEY,))
    fake.push_error(503, {"error": {"code": 503, "message": "overloaded", "status": "UNAVAILABLE"}})
    fake.push_error(400, {"error": {"code": 400, "message": "API key not valid.", "status": "INVALID_ARGUMENT",
                                    "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}]}})
    texts = []
    for _ in range(2):
        resp = await client.post("/v1/chat/completions", json=chat_body())
        texts.append(await resp.text() + str(resp.headers))
    assert all(SERVER_KEY not in t for t in texts)
    assert SERVER_KEY not in caplog.text


# ---- upstream trouble --------------------------------------------------------------------------


async def test_upstream_unreachable_is_502(aiohttp_client: Any) -> None:
    client = await aiohttp_client(create_app(Settings(gemini_base_url="http://127.0.0.1:9", gemini_api_keys=(SERVER_KEY,))))
    status, _, err = await post(client, chat_body())
    assert status == 502
    assert err["error"]["code"] == "upstream_unreachable"
    assert SERVER_KEY not in err["error"]["message"]


async def test_upstream_timeout_is_504(aiohttp_client: Any, aiohttp_server: Any) -> None:
    async def slow(_: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/v1beta/models/{target}", slow)
    server = await aiohttp_server(app)
    settings = Settings(gemini_base_url=str(server.make_url("")).rstrip("/"), gemini_api_keys=(SERVER_KEY,), request_timeout=0.3)
    client = await aiohttp_client(create_app(settings))
    status, _, err = await post(client, chat_body())
    assert status == 504
    assert err["error"]["code"] == "upstream_timeout"


async def test_upstream_malformed_json_is_502(aiohttp_client: Any, aiohttp_server: Any) -> None:
    async def garbage(_: web.Request) -> web.Response:
        return web.Response(text="{not json", content_type="application/json")

    app = web.Application()
    app.router.add_post("/v1beta/models/{target}", garbage)
    server = await aiohttp_server(app)
    client = await aiohttp_client(create_app(Settings(gemini_base_url=str(server.make_url("")).rstrip("/"), gemini_api_keys=(SERVER_KEY,))))
    status, _, err = await post(client, chat_body())
    assert status == 502
    assert err["error"]["code"] == "upstream_malformed"


async def test_fake_rejects_unknown_fields_like_gemini(fake: FakeGemini, upstream_url: str) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        resp = await session.post(
            f"{upstream_url}/v1beta/models/gemini-2.5-flash:generateContent",
            json={"contents": [{"role": "user", "parts": [{"text": "x"}]}], "temperature": 1},
            headers={"x-goog-api-key": "k"},
        )
        assert resp.status == 400
        assert 'Unknown name "temperature"' in (await resp.json())["error"]["message"]


async def test_gemini_extensions_are_mapped_not_reported(client: TestClient, fake: FakeGemini) -> None:
    body = chat_body(reasoning_effort="low", google={"generationConfig": {"topK": 3}}, cached_content="cachedContents/x")
    status, headers, _ = await post(client, body)
    assert status == 200
    assert "x-translator-ignored-params" not in headers
    assert fake.last.body["generationConfig"] == {"topK": 3, "thinkingConfig": {"thinkingBudget": 1024, "includeThoughts": True}}
    assert fake.last.body["cachedContent"] == "cachedContents/x"
