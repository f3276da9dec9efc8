"""Cross-cutting concerns: request ids, and every failure as an OpenAI error body."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable

import orjson
from aiohttp import web

from translator.errors import ApiError
from translator.state import REQUEST_ID

log = logging.getLogger("translator")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_HTTP_ERRORS = {
    404: ("Unknown request URL: {method} {path}.", "invalid_request_error", "unknown_url"),
    405: ("Method {method} is not allowed for {path}.", "invalid_request_error", "method_not_allowed"),
    413: ("The request body is larger than the server accepts.", "invalid_request_error", "request_too_large"),
}


def error_response(err: ApiError, request_id: str) -> web.Response:
    headers = {"x-request-id": request_id, **err.headers}
    return web.Response(
        status=err.status, body=orjson.dumps(err.body()), content_type="application/json", headers=headers
    )


def _from_http_exception(exc: web.HTTPException, request: web.Request) -> ApiError:
    template, kind, code = _HTTP_ERRORS.get(exc.status, ("{reason}", "invalid_request_error", None))
    message = template.format(method=request.method, path=request.path, reason=exc.reason)
    return ApiError(exc.status, message, type=kind, code=code)


@web.middleware
async def request_id_and_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    request_id = "req_" + secrets.token_hex(12)
    request[REQUEST_ID] = request_id
    try:
        response = await handler(request)
    except ApiError as err:
        if err.status >= 500:
            log.warning("request %s failed: %s %s", request_id, err.status, err.message)
        return error_response(err, request_id)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return error_response(_from_http_exception(exc, request), request_id)
    except Exception:
        log.exception("request %s: unhandled error", request_id)
        return error_response(
            ApiError(500, "The server had an error while processing your request.", type="server_error"), request_id
        )
    if not response.prepared:
        response.headers["x-request-id"] = request_id
    return response
