"""A lean fixed-reply Gemini upstream for the bench.

`translator.testing.FakeGemini` validates every request against the v1beta schema and records it, which
costs the upstream process CPU the bench would then charge to both sides. This one reads the body, ignores
it, and answers with bytes serialised once at start-up:

- `POST /v1beta/models/{model}:generateContent` -> a canned `GenerateContentResponse`;
- `POST /v1beta/models/{model}:streamGenerateContent?alt=sse` -> `events` SSE events, `event_delay`
  seconds apart, each event in one write (aiohttp sets TCP_NODELAY and sends the headers with the first
  write, so no Nagle/delayed-ACK stalls);
- streams for `HOLD_MODEL` send their first event, then wait until `POST /bench/release` (or `max_hold`
  seconds) before the rest: that is how the memory bench keeps many streams open at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import orjson
from aiohttp import web

from bench.payloads import HOLD_MODEL, generate_response, sse_event, stream_events


@dataclass(frozen=True)
class UpstreamOptions:
    events: int = 20
    event_delay: float = 0.0
    max_hold: float = 60.0


class _Holds:
    """Streams waiting for `/bench/release`, and how many are waiting."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.count = 0

    async def wait(self, max_hold: float) -> None:
        self.count += 1
        try:
            await asyncio.wait_for(self.release.wait(), max_hold)
        except asyncio.TimeoutError:
            pass
        finally:
            self.count -= 1

    def release_all(self) -> int:
        released, event = self.count, self.release
        self.release = asyncio.Event()
        event.set()
        return released


_HOLDS = web.AppKey("holds", _Holds)


def upstream_app(options: UpstreamOptions = UpstreamOptions()) -> web.Application:
    generate_body = orjson.dumps(generate_response())
    events = [sse_event(e) for e in stream_events(options.events)]

    async def generate(request: web.Request) -> web.StreamResponse:
        model, _, method = request.match_info["target"].partition(":")
        await request.read()
        if method == "generateContent":
            return web.Response(body=generate_body, content_type="application/json")
        if method != "streamGenerateContent":
            return web.json_response({"error": {"code": 404, "message": "no such method", "status": "NOT_FOUND"}},
                                     status=404)
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        hold = model == HOLD_MODEL
        for i, event in enumerate(events):
            if i and options.event_delay:
                await asyncio.sleep(options.event_delay)
            await resp.write(event)
            if i == 0 and hold:
                await request.app[_HOLDS].wait(options.max_hold)
        await resp.write_eof()
        return resp

    async def release(request: web.Request) -> web.Response:
        """Let every held stream finish; later streams are held again."""
        return web.json_response({"released": request.app[_HOLDS].release_all()})

    async def held(request: web.Request) -> web.Response:
        return web.json_response({"held": request.app[_HOLDS].count})

    app = web.Application(client_max_size=64 * 1024 * 1024)
    app[_HOLDS] = _Holds()
    app.router.add_post("/v1beta/models/{target}", generate)
    app.router.add_post("/bench/release", release)
    app.router.add_get("/bench/held", held)
    return app

