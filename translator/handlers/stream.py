"""POST /v1/chat/completions with `stream: true`: Gemini SSE in, OpenAI chunks out.

The 200 is committed late: only once there is something to send (a chunk, or the finished answer),
or when the upstream has been silent for `keepalive_interval`. Until then every failure is still a
real HTTP error status the SDKs can raise and retry. After the 200 a failure becomes one
`data: {"error": ...}` event and the stream closes without `[DONE]`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Iterable
from typing import Any, Final

import aiohttp
import orjson
from aiohttp import web

from translator.convert.request import GeminiCall
from translator.convert.response import ReplyContext
from translator.convert.signatures import SignatureStore, signatures_to_store
from translator.convert.stream import StreamTranslator, error_chunk, parse_event, truncated_stream
from translator.errors import ApiError
from translator.handlers.chat import common_headers
from translator.handlers.signatures import remember_signatures
from translator.sse import SSEDecoder
from translator.state import GEMINI, REQUEST_ID, SETTINGS, SIGNATURES
from translator.upstream import timeout_error

log = logging.getLogger("translator.stream")

SSE_HEADERS: Final = {"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
KEEPALIVE: Final = b": keep-alive\n\n"
DONE: Final = b"data: [DONE]\n\n"


class _Silence:
    """Nothing arrived from the upstream within the wait."""


SILENCE: Final = _Silence()


def encode(chunks: Iterable[dict[str, Any]]) -> bytes:
    return b"".join([b"data: " + orjson.dumps(chunk) + b"\n\n" for chunk in chunks])


def interrupted(exc: BaseException) -> ApiError:
    return ApiError(502, f"The Gemini stream broke off: {type(exc).__name__}.", type="server_error",
                    code="upstream_disconnected")


class UpstreamEvents:
    """The parsed events of one open Gemini stream, read with a deadline.

    Every upstream failure surfaces as ApiError: a reset or a bad body as 502, an idle socket (the
    session's `sock_read` timeout, `stream_idle_timeout`) as 504, an in-stream error object as
    whatever Gemini's error means.
    """

    def __init__(self, resp: aiohttp.ClientResponse, idle_timeout: float) -> None:
        self._resp = resp
        self._content = resp.content
        self._idle_timeout = idle_timeout
        self._decoder = SSEDecoder()
        self._ready: deque[tuple[str, bool]] = deque()  # (event data, left over at end of stream)
        self._read: asyncio.Future[bytes] | None = None
        self._ended = False

    async def next(self, wait: float) -> dict[str, Any] | None | _Silence:
        """The next event; None at the end of the stream; SILENCE when nothing came within `wait` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            while not self._ready:
                if self._ended:
                    return None
                data = await self._bytes(deadline - loop.time())
                if data is SILENCE:
                    return SILENCE
                if data:
                    self._ready.extend((event, False) for event in self._decoder.feed(data))
                else:
                    self._ended = True
                    self._ready.extend((event, True) for event in self._decoder.close())
            data, at_end = self._ready.popleft()
            if not data.strip():
                continue
            try:
                return parse_event(data)
            except ApiError as err:
                # An unparsable event with no blank line after it is a stream cut mid-event.
                raise truncated_stream() if at_end and err.code == "upstream_malformed" else err

    async def _bytes(self, timeout: float) -> bytes | _Silence:
        try:
            if self._read is None:
                data = self._content.read_nowait()
                if data or self._content.at_eof():
                    return data
                self._read = asyncio.ensure_future(self._content.readany())
            if timeout > 0:
                await asyncio.wait((self._read,), timeout=timeout)
            if not self._read.done():
                return SILENCE
            read, self._read = self._read, None
            return read.result()
        except asyncio.TimeoutError:
            raise timeout_error(self._idle_timeout) from None
        except (aiohttp.ClientError, OSError) as exc:
            raise interrupted(exc) from None

    def close(self) -> None:
        """Release the upstream at once: a pending read is cancelled, the connection closed."""
        read, self._read = self._read, None
        if read is not None:
            read.cancel()
            read.add_done_callback(_consume)
        self._resp.close()


def _consume(task: asyncio.Future[bytes]) -> None:
    if not task.cancelled():
        task.exception()


async def _remember(store: SignatureStore, chunks: list[dict[str, Any]]) -> None:
    """Keep the thought signatures of streamed tool calls for clients that echo only their ids."""
    for chunk in chunks:
        entries = signatures_to_store(chunk)
        if entries:
            await remember_signatures(store, entries)


async def _first_output(
    events: UpstreamEvents, translator: StreamTranslator, wait: float, store: SignatureStore
) -> tuple[bytes, bool]:
    """What to send right after the 200 and whether it ends the stream; raises while nothing is sent."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        event = await events.next(deadline - loop.time())
        if event is SILENCE:
            return KEEPALIVE, False
        if event is None:
            return encode(translator.finish()) + DONE, True
        chunks = translator.feed(event)  # type: ignore[arg-type]
        if chunks:
            await _remember(store, chunks)
            return encode(chunks), False


async def _relay(events: UpstreamEvents, translator: StreamTranslator, response: web.StreamResponse,
                 keepalive: float, store: SignatureStore) -> None:
    # A keep-alive goes out after `keepalive` seconds without a write, whatever the upstream sent meanwhile.
    loop = asyncio.get_running_loop()
    last_write = loop.time()
    while True:
        event = await events.next(last_write + keepalive - loop.time())
        if event is SILENCE:
            await response.write(KEEPALIVE)
        elif event is None:
            await response.write(encode(translator.finish()) + DONE)
            return
        else:
            chunks = translator.feed(event)  # type: ignore[arg-type]
            if not chunks:
                continue
            await _remember(store, chunks)
            await response.write(encode(chunks))
        last_write = loop.time()


async def _send(response: web.StreamResponse, first: bytes, finished: bool, events: UpstreamEvents,
                translator: StreamTranslator, keepalive: float, request_id: str, store: SignatureStore) -> None:
    try:
        await response.write(first)
        if not finished:
            await _relay(events, translator, response, keepalive, store)
    except ApiError as err:
        log.warning("request %s: stream failed after the 200: %s %s", request_id, err.status, err.message)
        await response.write(encode([error_chunk(err)]))
    except ConnectionResetError:
        raise
    except Exception:
        log.exception("request %s: unhandled error mid-stream", request_id)
        err = ApiError(500, "The server had an error while processing your request.", type="server_error")
        await response.write(encode([error_chunk(err)]))
    await response.write_eof()


async def stream_chat_completion(
    request: web.Request, call: GeminiCall, key: str, reply: ReplyContext
) -> web.StreamResponse:
    settings = request.app[SETTINGS]
    upstream = await request.app[GEMINI].open_stream(call.model, call.body, key)
    events = UpstreamEvents(upstream, settings.stream_idle_timeout)
    translator = StreamTranslator(reply, include_usage=call.include_usage)
    request_id = request[REQUEST_ID]
    try:
        store = request.app[SIGNATURES]
        first, finished = await _first_output(events, translator, settings.keepalive_interval, store)
        response = web.StreamResponse(headers={**SSE_HEADERS, **common_headers(call), "x-request-id": request_id})
        try:
            await response.prepare(request)
            await _send(response, first, finished, events, translator, settings.keepalive_interval, request_id, store)
        except ConnectionResetError:
            log.debug("request %s: the client went away mid-stream", request_id)
        return response
    finally:
        events.close()
