"""The fake Gemini upstream: scripted replies, strict request validation, recorded requests."""

from __future__ import annotations

import asyncio
import secrets
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import web

DEFAULT_MODELS: tuple[dict[str, Any], ...] = (
    {"name": "models/gemini-2.5-flash", "displayName": "Gemini 2.5 Flash", "inputTokenLimit": 1048576,
     "outputTokenLimit": 65536, "supportedGenerationMethods": ["generateContent", "countTokens"], "thinking": True},
    {"name": "models/gemini-2.5-pro", "displayName": "Gemini 2.5 Pro", "inputTokenLimit": 1048576,
     "outputTokenLimit": 65536, "supportedGenerationMethods": ["generateContent", "countTokens"], "thinking": True},
    {"name": "models/gemini-2.5-flash-lite", "displayName": "Gemini 2.5 Flash-Lite", "inputTokenLimit": 1048576,
     "outputTokenLimit": 65536, "supportedGenerationMethods": ["generateContent", "countTokens"], "thinking": True},
    {"name": "models/gemini-2.5-flash-image", "displayName": "Gemini 2.5 Flash Image", "inputTokenLimit": 32768,
     "outputTokenLimit": 32768, "supportedGenerationMethods": ["generateContent", "countTokens"]},
    {"name": "models/gemini-3-pro-preview", "displayName": "Gemini 3 Pro Preview", "inputTokenLimit": 1048576,
     "outputTokenLimit": 65536, "supportedGenerationMethods": ["generateContent", "countTokens"], "thinking": True},
    {"name": "models/gemini-3-flash-preview", "displayName": "Gemini 3 Flash Preview", "inputTokenLimit": 1048576,
     "outputTokenLimit": 65536, "supportedGenerationMethods": ["generateContent", "countTokens"], "thinking": True},
    {"name": "models/gemini-3.1-pro-preview", "displayName": "Gemini 3.1 Pro Preview", "inputTokenLimit": 1048576,
     "outputTokenLimit": 65536, "supportedGenerationMethods": ["generateContent", "countTokens"], "thinking": True},
    {"name": "models/gemini-embedding-001", "displayName": "Gemini Embedding 001", "inputTokenLimit": 2048,
     "outputTokenLimit": 1, "supportedGenerationMethods": ["embedContent", "countTokens"]},
)


@dataclass
class JsonReply:
    """One HTTP answer with a JSON body (a response or a Google error body)."""

    body: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Pause:
    """A silence of `seconds` inside a stream."""

    seconds: float


@dataclass
class Disconnect:
    """Drop the connection mid-stream, without a proper end."""


StreamItem = dict[str, Any] | bytes | str | Pause | Disconnect


@dataclass
class StreamReply:
    """A 200 SSE answer. Dicts become `data: <json>\\r\\n\\r\\n` events; bytes/str go out verbatim."""

    events: list[StreamItem]
    status: int = 200
    # Split every event's bytes into writes of this size, to exercise incremental parsing.
    chunk_size: int | None = None


Reply = JsonReply | StreamReply


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any

    @property
    def model(self) -> str | None:
        tail = self.path.rsplit("/models/", 1)[-1] if "/models/" in self.path else ""
        return tail.split(":", 1)[0] or None


def text_response(text: str, model: str = "gemini-2.5-flash", *, finish: str = "STOP") -> dict[str, Any]:
    words = max(1, len(text.split()))
    return {
        "candidates": [
            {"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": finish, "index": 0}
        ],
        "usageMetadata": {"promptTokenCount": 5, "candidatesTokenCount": words, "totalTokenCount": 5 + words},
        "modelVersion": model,
        "responseId": secrets.token_urlsafe(12),
    }


def _error(status: int, message: str, rpc: str, details: list[dict[str, Any]] | None = None) -> web.Response:
    err: dict[str, Any] = {"code": status, "message": message, "status": rpc}
    if details:
        err["details"] = details
    return web.Response(status=status, body=orjson.dumps({"error": err}), content_type="application/json")


def _last_user_text(body: dict[str, Any]) -> str:
    for content in reversed(body.get("contents") or []):
        if content.get("role", "user") != "user":
            continue
        texts = [p["text"] for p in content.get("parts") or [] if isinstance(p, dict) and isinstance(p.get("text"), str)]
        if texts:
            return " ".join(texts)
    return ""


_MISSING_SIGNATURE = (
    "Function call is missing a thought_signature in functionCall parts. This is required for tools to work "
    "correctly, and missing thought_signature may lead to degraded model performance. Additional data, function "
    "call `default_api:{name}` , position {position}. Please refer to "
    "https://ai.google.dev/gemini-api/docs/thought-signatures for more details."
)


def _field(obj: dict[str, Any], camel: str, snake: str) -> Any:
    return obj.get(camel, obj.get(snake))


def missing_thought_signature(body: Any) -> tuple[str, int] | None:
    """Gemini 3's check: in the current turn (everything after the last user content that is not only function
    responses), the first functionCall part of every model content must carry a thoughtSignature (any value,
    Google's placeholder included). Returns (function name, 1-based content position) of the first offender."""
    contents = body.get("contents") if isinstance(body, dict) else None
    if not isinstance(contents, list):
        return None

    def parts_of(content: Any) -> list[Any]:
        parts = content.get("parts") if isinstance(content, dict) else None
        return parts if isinstance(parts, list) else []

    start = 0
    for i, content in enumerate(contents):
        parts = parts_of(content)
        is_user = isinstance(content, dict) and content.get("role", "user") == "user"
        if is_user and not all(isinstance(p, dict) and _field(p, "functionResponse", "function_response") for p in parts):
            start = i + 1
    for i in range(start, len(contents)):
        if not isinstance(contents[i], dict) or contents[i].get("role") != "model":
            continue
        call = next((p for p in parts_of(contents[i]) if isinstance(p, dict) and _field(p, "functionCall", "function_call")), None)
        if call is not None and not _field(call, "thoughtSignature", "thought_signature"):
            return str((_field(call, "functionCall", "function_call") or {}).get("name", "")), i + 1
    return None


class FakeGemini:
    """A scripted stand-in for `{base}/v1beta/...`.

    Without scripted replies it answers every generateContent with an echo of the last user text,
    so `translator serve --mock` is useful on its own.
    """

    def __init__(
        self,
        *,
        models: list[dict[str, Any]] | tuple[dict[str, Any], ...] = DEFAULT_MODELS,
        valid_keys: set[str] | None = None,
        validate: bool = True,
        page_size: int | None = None,
    ) -> None:
        self.models = list(models)
        self.valid_keys = valid_keys
        self.validate = validate
        self.page_size = page_size
        self.requests: list[RecordedRequest] = []
        self._replies: deque[Reply] = deque()
        # Streams whose client went away before the end (a disconnect is visible here).
        self.cancelled_streams = 0
        self.open_streams = 0

    # ---- scripting -------------------------------------------------------------------------

    def push(self, reply: Reply) -> None:
        self._replies.append(reply)

    def push_json(self, body: Any, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.push(JsonReply(body, status, headers or {}))

    def push_error(self, status: int, body: Any) -> None:
        self.push(JsonReply(body, status))

    def push_stream(self, events: list[StreamItem], *, chunk_size: int | None = None) -> None:
        self.push(StreamReply(list(events), chunk_size=chunk_size))

    def push_sse_bytes(self, raw: bytes, *, chunk_size: int | None = None) -> None:
        self.push(StreamReply([raw], chunk_size=chunk_size))

    @property
    def last(self) -> RecordedRequest:
        return self.requests[-1]

    def generate_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == "POST"]

    # ---- serving ---------------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application(client_max_size=256 * 1024 * 1024)
        app.router.add_get("/v1beta/models", self._list_models)
        app.router.add_get("/v1beta/models/{model}", self._get_model)
        app.router.add_post("/v1beta/models/{target}", self._generate)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> tuple[web.AppRunner, str]:
        # handler_cancellation: a client that goes away mid-stream is seen at once (cancelled_streams).
        runner = web.AppRunner(self.app(), access_log=None, handler_cancellation=True)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        sockets = site._server.sockets if site._server else []  # type: ignore[union-attr]
        bound = sockets[0].getsockname()[1] if sockets else port
        return runner, f"http://{host}:{bound}"

    def _auth_error(self, request: web.Request) -> web.Response | None:
        key = request.headers.get("x-goog-api-key") or request.query.get("key")
        if not key:
            auth = request.headers.get("Authorization", "")
            key = auth[7:] if auth.lower().startswith("bearer ") else None
        if not key:
            return _error(
                403,
                "Method doesn't allow unregistered callers (callers without established identity). "
                "Please use API Key or other form of API consumer identity to call this API.",
                "PERMISSION_DENIED",
            )
        if self.valid_keys is not None and key not in self.valid_keys:
            return _error(
                400,
                "API key not valid. Please pass a valid API key.",
                "INVALID_ARGUMENT",
                [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                  "domain": "googleapis.com"}],
            )
        return None

    def _record(self, request: web.Request, body: Any) -> None:
        self.requests.append(
            RecordedRequest(request.method, request.path, dict(request.query), dict(request.headers), body)
        )

    def _find_model(self, model: str) -> dict[str, Any] | None:
        return next((m for m in self.models if m.get("name") == f"models/{model}"), None)

    async def _list_models(self, request: web.Request) -> web.Response:
        self._record(request, None)
        if (denied := self._auth_error(request)) is not None:
            return denied
        size = int(request.query.get("pageSize", "50"))
        if self.page_size:
            size = min(size, self.page_size)
        start = int(request.query.get("pageToken") or 0)
        page: dict[str, Any] = {"models": self.models[start : start + size]}
        if start + size < len(self.models):
            page["nextPageToken"] = str(start + size)
        return web.Response(body=orjson.dumps(page), content_type="application/json")

    async def _get_model(self, request: web.Request) -> web.Response:
        self._record(request, None)
        if (denied := self._auth_error(request)) is not None:
            return denied
        model = self._find_model(request.match_info["model"])
        if model is None:
            return _error(404, f"models/{request.match_info['model']} is not found for API version v1beta", "NOT_FOUND")
        return web.Response(body=orjson.dumps(model), content_type="application/json")

    async def _generate(self, request: web.Request) -> web.StreamResponse:
        target = request.match_info["target"]
        model, _, method = target.partition(":")
        raw = await request.read()
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError:
            self._record(request, raw)
            return _error(400, "Invalid JSON payload received.", "INVALID_ARGUMENT")
        self._record(request, body)
        if (denied := self._auth_error(request)) is not None:
            return denied
        if method not in ("generateContent", "streamGenerateContent"):
            return _error(404, f"Method {method} not found.", "NOT_FOUND")
        stream = method == "streamGenerateContent"
        if stream and request.query.get("alt") != "sse":
            return _error(400, "This fake serves streams only with alt=sse.", "INVALID_ARGUMENT")
        if self.validate and (problem := self._validation_error(body)) is not None:
            return problem
        if self.validate and model.startswith("gemini-3") and (missing := missing_thought_signature(body)):
            name, position = missing
            return _error(400, _MISSING_SIGNATURE.format(name=name, position=position), "INVALID_ARGUMENT")
        reply = self._replies.popleft() if self._replies else None
        if reply is None:
            if self._find_model(model) is None:
                return _error(
                    404,
                    f"models/{model} is not found for API version v1beta, or is not supported for generateContent. "
                    "Call ListModels to see the list of available models and their supported methods.",
                    "NOT_FOUND",
                )
            reply = self._default_reply(model, body, stream)
        if isinstance(reply, JsonReply):
            return web.Response(
                status=reply.status, body=orjson.dumps(reply.body), content_type="application/json",
                headers=reply.headers,
            )
        return await self._write_stream(request, reply)

    def _validation_error(self, body: Any) -> web.Response | None:
        from translator.gemini.validate import GeminiValidationError, validate_generate_content_request

        try:
            validate_generate_content_request(body)
        except GeminiValidationError as exc:
            return _error(400, exc.message, "INVALID_ARGUMENT")
        return None

    def _default_reply(self, model: str, body: dict[str, Any], stream: bool) -> Reply:
        text = _last_user_text(body)
        answer = f"Echo: {text}" if text else "Hello from the fake Gemini upstream."
        if not stream:
            return JsonReply(text_response(answer, model))
        words = answer.split(" ")
        events: list[StreamItem] = []
        for i, word in enumerate(words):
            event = text_response(word + (" " if i < len(words) - 1 else ""), model)
            if i < len(words) - 1:
                del event["candidates"][0]["finishReason"]
            events.append(event)
        return StreamReply(events)

    async def _write_stream(self, request: web.Request, reply: StreamReply) -> web.StreamResponse:
        resp = web.StreamResponse(status=reply.status, headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        self.open_streams += 1
        try:
            for item in reply.events:
                if isinstance(item, Pause):
                    await asyncio.sleep(item.seconds)
                    continue
                if isinstance(item, Disconnect):
                    if request.transport is not None:
                        request.transport.abort()
                    return resp
                if isinstance(item, dict):
                    data = b"data: " + orjson.dumps(item) + b"\r\n\r\n"
                else:
                    data = item.encode() if isinstance(item, str) else item
                size = reply.chunk_size or len(data) or 1
                for start in range(0, len(data), size):
                    await resp.write(data[start : start + size])
                    if reply.chunk_size:
                        await asyncio.sleep(0)
            await resp.write_eof()
        except (ConnectionResetError, asyncio.CancelledError):
            self.cancelled_streams += 1
            raise
        finally:
            self.open_streams -= 1
        return resp
