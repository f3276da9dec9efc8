from __future__ import annotations

from typing import Any

import openai
import pytest
from aiohttp.test_utils import TestClient


@pytest.fixture
def sdk(client: TestClient) -> openai.AsyncOpenAI:
    """The official SDK, validating every body strictly, with retries off so failures are immediate."""
    return openai.AsyncOpenAI(
        base_url=str(client.make_url("/v1")),
        api_key="sk-anything",
        max_retries=0,
        _strict_response_validation=True,
    )


@pytest.fixture
def sdk_with_retries(client: TestClient) -> Any:
    return openai.AsyncOpenAI(base_url=str(client.make_url("/v1")), api_key="sk-anything", max_retries=2)
