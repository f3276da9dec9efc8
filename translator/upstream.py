"""The one Gemini client: a pooled session, URLs, the auth header, timeouts and retries."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import quote

import aiohttp
import orjson

from translator.config import Settings
from translator.convert.errors import upstream_error
from translator.errors import ApiError

log = logging.getLogger("translator.upstream")

# Cap on model-list pages followed, in case a host keeps handing out page tokens.
MAX_MODEL_PAGES = 50


def timeout_error(seconds: float) -> ApiError:
    return ApiError(
        504, f"Gemini did not answer within {seconds:g} s.", type="server_error", code="upstream_timeout"
    )


def connection_error(exc: BaseException) -> ApiError:
    # The exception text names host and port only; keys travel in headers and never appear here.
    return ApiError(
        502, f"Could not reach the Gemini upstream: {type(exc).__name__}.", type="server_error", code="upstream_unreachable"
    )


class GeminiClient:
    def __init__(self, settings: Settings, session: aiohttp.ClientSession) -> None:
        self.settings = settings
        self.session = session
        self.base = settings.gemini_base_url
        self._timeout = aiohttp.ClientTimeout(
            total=settings.request_timeout, sock_connect=settings.connect_timeout
        )
        self._stream_timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=settings.connect_timeout, sock_read=settings.stream_idle_timeout
        )

    def headers(self, key: str) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.settings.upstream_auth == "bearer":
            headers["Authorization"] = f"Bearer {key}"
        else:
            headers["x-goog-api-key"] = key
        return headers

    def model_url(self, model: str, method: str) -> str:
        return f"{self.base}/v1beta/models/{quote(model, safe='.-_')}:{method}"

    async def _request(
        self, method: str, url: str, key: str, *, body: bytes | None, timeout: aiohttp.ClientTimeout
    ) -> aiohttp.ClientResponse:
        """Send once, retrying only failures to connect (nothing reached the upstream then)."""
        attempts = 1 + max(0, self.settings.connect_retries)
        for attempt in range(attempts):
            try:
                return await self.session.request(
                    method, url, data=body, headers=self.headers(key), timeout=timeout
                )
            except aiohttp.ClientConnectorError as exc:
                if attempt + 1 >= attempts:
                    raise connection_error(exc) from None
                log.warning("upstream connect failed (%s), retrying", type(exc).__name__)
                await asyncio.sleep(0.1 * (attempt + 1))
            except asyncio.TimeoutError:
                raise timeout_error(self.settings.connect_timeout) from None
            except aiohttp.ClientError as exc:
                raise connection_error(exc) from None
        raise AssertionError("unreachable")

    async def _json(self, method: str, url: str, key: str, body: bytes | None = None) -> Any:
        try:
            resp = await self._request(method, url, key, body=body, timeout=self._timeout)
            async with resp:
                raw = await resp.read()
                if resp.status >= 400:
                    raise upstream_error(resp.status, raw)
        except asyncio.TimeoutError:
            raise timeout_error(self.settings.request_timeout) from None
        except aiohttp.ClientError as exc:
            raise connection_error(exc) from None
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise ApiError(
                502, "Gemini returned a body that is not JSON.", type="server_error", code="upstream_malformed"
            ) from None

    async def generate(self, model: str, body: dict[str, Any], key: str) -> dict[str, Any]:
        data = await self._json("POST", self.model_url(model, "generateContent"), key, orjson.dumps(body))
        if not isinstance(data, dict):
            raise ApiError(502, "Gemini returned an unexpected body.", type="server_error", code="upstream_malformed")
        return data

    async def open_stream(self, model: str, body: dict[str, Any], key: str) -> aiohttp.ClientResponse:
        """Start `streamGenerateContent?alt=sse`; an error status is raised here, before any byte goes out."""
        url = self.model_url(model, "streamGenerateContent") + "?alt=sse"
        try:
            resp = await self._request("POST", url, key, body=orjson.dumps(body), timeout=self._stream_timeout)
            if resp.status >= 400:
                async with resp:
                    raw = await resp.read()
                raise upstream_error(resp.status, raw)
        except asyncio.TimeoutError:
            raise timeout_error(self.settings.stream_idle_timeout) from None
        except aiohttp.ClientError as exc:
            raise connection_error(exc) from None
        return resp

    async def list_models(self, key: str) -> list[dict[str, Any]]:
        models: list[dict[str, Any]] = []
        token: str | None = None
        for _ in range(MAX_MODEL_PAGES):
            url = f"{self.base}/v1beta/models?pageSize=1000"
            if token:
                url += f"&pageToken={quote(token)}"
            page = await self._json("GET", url, key)
            if not isinstance(page, dict):
                break
            models.extend(m for m in page.get("models") or [] if isinstance(m, dict))
            token = page.get("nextPageToken")
            if not token:
                break
        return models

    async def get_model(self, model: str, key: str) -> dict[str, Any]:
        data = await self._json("GET", f"{self.base}/v1beta/models/{quote(model, safe='.-_')}", key)
        if not isinstance(data, dict):
            raise ApiError(502, "Gemini returned an unexpected body.", type="server_error", code="upstream_malformed")
        return data
