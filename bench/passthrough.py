"""The baseline: the thinnest aiohttp proxy in front of the same upstream, with no translation.

`POST {path}?{query}` is sent to `{upstream}{path}?{query}` with the request body bytes untouched and the
server's key in `x-goog-api-key`; the status, content type and body come back as they are. Streams are
relayed chunk by chunk as the upstream's bytes arrive. One pooled `ClientSession`, with the same connector
settings as `translator.app`, lives as long as the app. Whatever `translator` costs beyond this is the
price of translating (validation, conversion, JSON in and out, SSE re-framing).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

_SESSION = web.AppKey("session", aiohttp.ClientSession)


def passthrough_app(upstream_url: str, api_key: str) -> web.Application:
    base = upstream_url.rstrip("/")

    async def session_ctx(app: web.Application) -> AsyncIterator[None]:
        connector = aiohttp.TCPConnector(limit=0, limit_per_host=256, ttl_dns_cache=300, keepalive_timeout=30)
        app[_SESSION] = aiohttp.ClientSession(connector=connector)
        try:
            yield
        finally:
            await app[_SESSION].close()

    async def forward(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        headers = {"Content-Type": "application/json", "x-goog-api-key": api_key}
        async with request.app[_SESSION].post(base + request.path_qs, data=body, headers=headers) as upstream:
            content_type = upstream.headers.get("Content-Type", "application/octet-stream")
            if not content_type.startswith("text/event-stream"):
                return web.Response(status=upstream.status, body=await upstream.read(),
                                    headers={"Content-Type": content_type})
            resp = web.StreamResponse(status=upstream.status, headers={"Content-Type": content_type})
            await resp.prepare(request)
            async for chunk in upstream.content.iter_any():
                await resp.write(chunk)
            await resp.write_eof()
            return resp

    app = web.Application(client_max_size=32 * 1024 * 1024)
    app.cleanup_ctx.append(session_ctx)
    app.router.add_post("/{path:.*}", forward)
    return app
