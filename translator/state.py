"""Typed application state shared by the handlers."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from translator.config import Settings
from translator.upstream import GeminiClient

SETTINGS = web.AppKey("settings", Settings)
GEMINI = web.AppKey("gemini", GeminiClient)
FETCH_SESSION = web.AppKey("fetch_session", aiohttp.ClientSession)
REQUEST_ID = "request_id"
