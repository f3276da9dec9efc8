from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.helpers import SERVER_KEY
from translator.app import create_app
from translator.config import Settings
from translator.testing import FakeGemini


@pytest.fixture
def fake() -> FakeGemini:
    return FakeGemini()


@pytest.fixture
async def upstream_url(fake: FakeGemini) -> AsyncIterator[str]:
    runner, url = await fake.start()
    yield url
    await runner.cleanup()


@pytest.fixture
def settings(upstream_url: str) -> Settings:
    return Settings(
        gemini_base_url=upstream_url,
        gemini_api_keys=(SERVER_KEY,),
        fetch_allow_private=True,
        keepalive_interval=0.2,
        stream_idle_timeout=2.0,
        request_timeout=5.0,
    )


@pytest.fixture
async def client(aiohttp_client: Any, settings: Settings) -> TestClient:
    return await aiohttp_client(create_app(settings))

