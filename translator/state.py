"""Typed application state shared by the handlers."""

from __future__ import annotations

from typing import Any

import aiohttp
from aiohttp import web

from translator.config import Settings
from translator.convert.signatures import SignatureStore
from translator.upstream import GeminiClient

SETTINGS = web.AppKey("settings", Settings)
GEMINI = web.AppKey("gemini", GeminiClient)
FETCH_SESSION = web.AppKey("fetch_session", aiohttp.ClientSession)
SIGNATURES = web.AppKey("signatures", SignatureStore)
# Per-request storage key (aiohttp >= 3.13 has typed request keys; older versions take a string).
REQUEST_ID: Any = web.RequestKey("request_id", str) if hasattr(web, "RequestKey") else "request_id"
