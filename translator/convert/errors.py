"""Gemini error bodies -> OpenAI errors with the status that makes the SDKs raise the right class."""

from __future__ import annotations

import math
import re
from typing import Any

import orjson

from translator.errors import ApiError

# Longest retry-after we advertise: openai-node 6 honours any value and openai-python gives up above 120 s.
MAX_RETRY_AFTER = 60

_DELAY = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")


def parse_error_body(raw: bytes | str | dict[str, Any] | None) -> dict[str, Any]:
    """Google's `{"error": {...}}` object, or a best effort one from a body that is not JSON."""
    if isinstance(raw, dict):
        err = raw.get("error", raw)
        return err if isinstance(err, dict) else {"message": str(err)}
    if raw is None:
        return {}
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        return {"message": text.strip()[:500]}
    if isinstance(data, list) and data and isinstance(data[0], dict):
        data = data[0]  # the JSON-array framing of streamGenerateContent without alt=sse
    if isinstance(data, dict):
        err = data.get("error", data)
        if isinstance(err, dict):
            return err
        return {"message": str(err)}
    return {"message": str(data)[:500]}


def _details(err: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    details = err.get("details")
    if not isinstance(details, list):
        return []
    return [d for d in details if isinstance(d, dict) and str(d.get("@type", "")).endswith(kind)]


def _retry_after_seconds(err: dict[str, Any]) -> int | None:
    for info in _details(err, "google.rpc.RetryInfo"):
        match = _DELAY.match(str(info.get("retryDelay", "")))
        if match:
            return max(1, math.ceil(float(match.group(1))))
    match = re.search(r"retry in (\d+(?:\.\d+)?)\s*s", str(err.get("message", "")), re.IGNORECASE)
    if match:
        return max(1, math.ceil(float(match.group(1))))
    return None


def _is_daily_or_billing_quota(err: dict[str, Any]) -> bool:
    for failure in _details(err, "google.rpc.QuotaFailure"):
        for violation in failure.get("violations") or []:
            if not isinstance(violation, dict):
                continue
            quota = f"{violation.get('quotaId', '')} {violation.get('quotaMetric', '')}".lower()
            if "perday" in quota or "per_day" in quota or "daily" in quota:
                return True
    # Not the message: Google's per-minute 429 text also says "check your plan and billing details".
    return False


def _reasons(err: dict[str, Any]) -> set[str]:
    return {str(d.get("reason", "")) for d in _details(err, "google.rpc.ErrorInfo")}


def upstream_error(status: int, body: bytes | str | dict[str, Any] | None) -> ApiError:
    """Map one Gemini error response (HTTP status and body) to the error we answer with."""
    err = parse_error_body(body)
    rpc = str(err.get("status", "")).upper()
    message = str(err.get("message") or f"Gemini returned HTTP {status}")
    text = f"Gemini: {message}"

    if "API_KEY_INVALID" in _reasons(err) or (status == 400 and "api key not valid" in message.lower()):
        return ApiError(401, text, type="authentication_error", code="invalid_api_key")
    if status == 401 or rpc == "UNAUTHENTICATED":
        return ApiError(401, text, type="authentication_error", code="invalid_api_key")
    if status == 403 or rpc == "PERMISSION_DENIED" or rpc == "FAILED_PRECONDITION":
        return ApiError(403, text, type="permission_error", code=rpc.lower() or None)
    if status == 404 or rpc == "NOT_FOUND":
        code = "model_not_found" if "model" in message.lower() else "not_found"
        return ApiError(404, text, type="invalid_request_error", code=code)
    if status in (402, 429) or rpc == "RESOURCE_EXHAUSTED":
        if status == 402 or _is_daily_or_billing_quota(err):
            return ApiError(
                429, text, type="insufficient_quota", code="insufficient_quota", headers={"x-should-retry": "false"}
            )
        headers: dict[str, str] = {}
        delay = _retry_after_seconds(err)
        if delay is not None:
            if delay > MAX_RETRY_AFTER:
                headers["x-should-retry"] = "false"
            else:
                headers["retry-after"] = str(delay)
                headers["retry-after-ms"] = str(delay * 1000)
        return ApiError(429, text, type="rate_limit_error", code="rate_limit_exceeded", headers=headers)
    if status == 400 or rpc == "INVALID_ARGUMENT":
        return ApiError(400, text, type="invalid_request_error", code=rpc.lower() or None)
    if status == 499 or rpc == "CANCELLED":
        return ApiError(499, text, type="server_error", code="cancelled")
    if status == 503 or rpc == "UNAVAILABLE":
        return ApiError(503, text, type="server_error", code="upstream_unavailable")
    if status == 504 or rpc == "DEADLINE_EXCEEDED":
        return ApiError(504, text, type="server_error", code="upstream_timeout")
    if status == 500 or rpc == "INTERNAL":
        return ApiError(500, text, type="server_error", code="upstream_error")
    if 400 <= status < 500:
        return ApiError(status, text, type="invalid_request_error", code=rpc.lower() or None)
    return ApiError(502, text, type="server_error", code="upstream_error")
