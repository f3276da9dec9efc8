"""POST /v1/chat/completions"""

from __future__ import annotations

import secrets
import time

import orjson
from aiohttp import web

from translator.auth import upstream_key
from translator.convert.messages import MessageContext, remote_media_urls
from translator.convert.request import GeminiCall, build_gemini_call
from translator.convert.response import ReplyContext, native_finish_header, to_chat_completion
from translator.convert.signatures import ToolCallIds, signature_secret, signatures_to_store
from translator.convert.tool_names import ToolNames
from translator.fetch import fetch_all
from translator.handlers.signatures import fetch_signatures, remember_signatures
from translator.openai.validate import parse_json_body, validate_chat_request
from translator.state import FETCH_SESSION, GEMINI, REQUEST_ID, SETTINGS, SIGNATURES


def completion_id() -> str:
    return "chatcmpl-" + secrets.token_hex(12)


def common_headers(call: GeminiCall) -> dict[str, str]:
    headers: dict[str, str] = {}
    if call.ignored:
        headers["x-translator-ignored-params"] = ",".join(call.ignored)
    return headers


async def prepare_call(request: web.Request) -> tuple[GeminiCall, str]:
    """Authenticate, validate and translate a request; every client mistake is a 4xx here."""
    settings = request.app[SETTINGS]
    key = upstream_key(request.headers, settings)
    req = validate_chat_request(parse_json_body(await request.read()))
    media = await fetch_all(
        request.app[FETCH_SESSION],
        remote_media_urls(req.messages),
        max_bytes=settings.fetch_max_bytes,
        timeout=settings.fetch_timeout,
        allow_private=settings.fetch_allow_private,
    )
    ids = ToolCallIds(signature_secret(settings.signature_secret, key))
    ctx = MessageContext(
        media=media,
        files_base_url=settings.gemini_base_url,
        tool_names=ToolNames(),
        call_ids=ids,
        stored_signatures=await fetch_signatures(request.app[SIGNATURES], req.messages, ids),
        schema_dialect=settings.schema_dialect,
    )
    return build_gemini_call(req, ctx, safety_defaults=settings.default_safety_settings), key


async def chat_completions(request: web.Request) -> web.StreamResponse:
    call, key = await prepare_call(request)
    reply = ReplyContext(
        id=completion_id(), created=int(time.time()), model=call.model, tool_names=call.tool_names,
        call_ids=call.call_ids, outputs=call.outputs,
    )
    if call.stream:
        from translator.handlers.stream import stream_chat_completion

        return await stream_chat_completion(request, call, key, reply)

    gemini = request.app[GEMINI]
    upstream = await gemini.generate(call.model, call.body, key)
    completion = to_chat_completion(upstream, reply)
    await remember_signatures(request.app[SIGNATURES], signatures_to_store(completion))
    headers = common_headers(call)
    native = native_finish_header(completion)
    if native:
        headers["x-gemini-finish-reason"] = native
    headers["x-request-id"] = request[REQUEST_ID]
    return web.Response(body=orjson.dumps(completion), content_type="application/json", headers=headers)
