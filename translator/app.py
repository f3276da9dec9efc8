"""create_app(settings): routes, middlewares and the lifetime of the upstream sessions."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
from aiohttp import web

from translator.config import Settings
from translator.convert.signatures import MemorySignatureStore, SignatureStore
from translator.fetch import make_fetch_session
from translator.handlers.chat import chat_completions
from translator.handlers.models import get_model, healthz, list_models
from translator.middleware import request_id_and_errors
from translator.state import FETCH_SESSION, GEMINI, SETTINGS, SIGNATURES
from translator.upstream import GeminiClient

log = logging.getLogger("translator")

MOCK_KEY = "mock-key"


def _upstream_session(settings: Settings) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=256, ttl_dns_cache=300, keepalive_timeout=30)
    # Bodies are passed through as bytes; auto_decompress stays on for gzip from the upstream.
    return aiohttp.ClientSession(connector=connector, json_serialize=None)  # type: ignore[arg-type]


async def _upstream_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    fake_runner = None
    if settings.mock:
        from translator.testing.fake import FakeGemini

        fake = FakeGemini()
        fake_runner, base_url = await fake.start("127.0.0.1", 0)
        settings = replace(
            settings, gemini_base_url=base_url, gemini_api_keys=settings.gemini_api_keys or (MOCK_KEY,)
        )
        app[SETTINGS] = settings
        log.info("--mock: serving from the built-in fake Gemini upstream at %s", base_url)
    session = _upstream_session(settings)
    fetch_session = make_fetch_session(settings.fetch_allow_private)
    app[GEMINI] = GeminiClient(settings, session)
    app[FETCH_SESSION] = fetch_session
    try:
        yield
    finally:
        await session.close()
        await fetch_session.close()
        if fake_runner is not None:
            await fake_runner.cleanup()


def create_app(settings: Settings, *, signature_store: SignatureStore | None = None) -> web.Application:
    """`signature_store`: share one between instances behind a load balancer (see README, thought signatures)."""
    app = web.Application(middlewares=[request_id_and_errors], client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings
    app[SIGNATURES] = signature_store if signature_store is not None else MemorySignatureStore(settings.signature_store_size)
    app.cleanup_ctx.append(_upstream_ctx)
    app.router.add_post("/v1/chat/completions", chat_completions)
    app.router.add_get("/v1/models", list_models)
    app.router.add_get("/v1/models/{model:.+}", get_model)
    app.router.add_get("/healthz", healthz)
    return app
