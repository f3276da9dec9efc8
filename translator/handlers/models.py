"""GET /v1/models and GET /v1/models/{id}"""

from __future__ import annotations

import orjson
from aiohttp import web

from translator.auth import upstream_key
from translator.convert.model_ids import normalize_model_id
from translator.convert.models import to_model_list, to_openai_model
from translator.errors import ApiError, not_found
from translator.state import GEMINI, SETTINGS


def _json(data: object) -> web.Response:
    return web.Response(body=orjson.dumps(data), content_type="application/json")


async def list_models(request: web.Request) -> web.Response:
    key = upstream_key(request.headers, request.app[SETTINGS])
    models = await request.app[GEMINI].list_models(key)
    return _json(to_model_list(models))


async def get_model(request: web.Request) -> web.Response:
    key = upstream_key(request.headers, request.app[SETTINGS])
    requested = request.match_info["model"]
    model = normalize_model_id(requested, param="model")
    try:
        found = await request.app[GEMINI].get_model(model, key)
    except ApiError as err:
        if err.status != 404:
            raise
        raise not_found(f"The model '{requested}' does not exist.", param="model", code="model_not_found") from None
    return _json(to_openai_model(found))


async def healthz(request: web.Request) -> web.Response:
    return _json({"status": "ok"})
