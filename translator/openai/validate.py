"""Turn a raw JSON body into a ChatCompletionRequest, or a 400 that names the offending field."""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import ValidationError

from translator.errors import ApiError, invalid_request
from translator.openai.request import ChatCompletionRequest


def parse_json_body(raw: bytes) -> Any:
    if not raw.strip():
        raise invalid_request("The request body is empty; expected a JSON object.", code="invalid_json")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise invalid_request(f"The request body is not valid JSON: {exc}", code="invalid_json") from None


def field_path(loc: tuple[int | str, ...], data: Any, *, missing: bool = False) -> str:
    """`("messages", 0, "user", "content")` -> `messages[0].content`.

    Pydantic puts union tags and type names into `loc`; walking the input data alongside tells
    real keys and indices from those. For a missing field, the last segment names it.
    """
    out = ""
    node = data
    walk = loc[:-1] if missing and loc else loc
    for seg in walk:
        if isinstance(seg, int) and isinstance(node, list) and 0 <= seg < len(node):
            out += f"[{seg}]"
            node = node[seg]
        elif isinstance(seg, str) and isinstance(node, dict) and seg in node:
            out += f".{seg}" if out else seg
            node = node[seg]
    if missing and loc:
        out += f".{loc[-1]}" if out else str(loc[-1])
    return out or "body"


def _message(err: dict[str, Any], param: str) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return f"Unrecognized request argument supplied: {param}"
    if kind == "missing":
        return f"Missing required parameter: '{param}'."
    if kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag")
        expected = err.get("ctx", {}).get("expected_tags", "")
        return f"Invalid value {tag!r} at '{param}': expected one of {expected}."
    if kind == "union_tag_not_found":
        return f"Missing required parameter: '{param}.{err.get('ctx', {}).get('discriminator', 'type').strip(chr(39))}'."
    return f"Invalid value for '{param}': {err.get('msg', 'invalid')}."


def _tag_param(err: dict[str, Any], param: str) -> str:
    if err.get("type") in ("union_tag_invalid", "union_tag_not_found"):
        discriminator = str(err.get("ctx", {}).get("discriminator", "")).strip("'")
        if discriminator and not param.endswith(discriminator):
            return f"{param}.{discriminator}"
    return param


def validate_chat_request(data: Any) -> ChatCompletionRequest:
    if not isinstance(data, dict):
        raise invalid_request("The request body must be a JSON object.", code="invalid_json")
    try:
        return ChatCompletionRequest.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # Report the most specific problem: the deepest location among the errors.
        err = max(errors, key=lambda e: len(e.get("loc", ())))
        loc = tuple(err.get("loc", ()))
        param = _tag_param(err, field_path(loc, data, missing=err.get("type") == "missing"))
        raise ApiError(400, _message(err, param), param=param, code="invalid_value") from None
