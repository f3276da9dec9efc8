"""GET /v1/models, /v1/models/{id} and /healthz."""

from __future__ import annotations

from typing import Any

from tests.helpers import SERVER_KEY
from translator.app import create_app
from translator.config import Settings
from translator.testing import FakeGemini

AUTH = {"Authorization": "Bearer anything"}


async def test_lists_every_page_of_chat_models(aiohttp_client: Any) -> None:
    fake = FakeGemini(page_size=2)
    runner, url = await fake.start()
    try:
        client = await aiohttp_client(create_app(Settings(gemini_base_url=url, gemini_api_keys=(SERVER_KEY,))))
        resp = await client.get("/v1/models", headers=AUTH)
        body = await resp.json()
        assert resp.status == 200
        assert body["object"] == "list"
        ids = [m["id"] for m in body["data"]]
        assert "gemini-2.5-flash" in ids and "gemini-3-pro-preview" in ids
        assert "gemini-embedding-001" not in ids  # not a chat model
        assert all({"id", "object", "created", "owned_by"} <= set(m) and m["object"] == "model" for m in body["data"])
        pages = [r for r in fake.requests if r.path == "/v1beta/models"]
        assert len(pages) == 4  # 8 models, 2 per page
    finally:
        await runner.cleanup()


async def test_get_one_model_in_any_spelling(client: Any) -> None:
    for name in ("gemini-2.5-flash", "models/gemini-2.5-flash", "google/gemini-2.5-flash"):
        resp = await client.get(f"/v1/models/{name}", headers=AUTH)
        assert resp.status == 200, name
        body = await resp.json()
        assert body["id"] == "gemini-2.5-flash"
        assert body["object"] == "model"


async def test_unknown_model_is_openai_404(client: Any) -> None:
    resp = await client.get("/v1/models/gpt-9", headers=AUTH)
    assert resp.status == 404
    err = (await resp.json())["error"]
    assert err["code"] == "model_not_found"
    assert set(err) == {"message", "type", "param", "code"}


async def test_healthz(client: Any) -> None:
    resp = await client.get("/healthz")
    assert resp.status == 200
    assert (await resp.json()) == {"status": "ok"}
