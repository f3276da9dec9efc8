"""Gemini error bodies -> OpenAI error statuses and envelopes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import recording
from translator.convert.errors import upstream_error


def google(status: int, rpc: str, message: str = "boom", details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": status, "message": message, "status": rpc}
    if details:
        err["details"] = details
    return {"error": err}


RETRY = {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "34.4s"}
DAILY = {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
         "violations": [{"quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}

CASES = [
    pytest.param(400, google(400, "INVALID_ARGUMENT", "API key not valid.", [
        {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}]), 401, "authentication_error", id="key-invalid"),
    pytest.param(400, google(400, "INVALID_ARGUMENT", "Unknown name"), 400, "invalid_request_error", id="invalid-argument"),
    pytest.param(400, google(400, "FAILED_PRECONDITION", "User location is not supported"), 403, "permission_error", id="location"),
    pytest.param(403, google(403, "PERMISSION_DENIED"), 403, "permission_error", id="permission"),
    pytest.param(404, google(404, "NOT_FOUND", "models/x is not found"), 404, "invalid_request_error", id="not-found"),
    pytest.param(429, google(429, "RESOURCE_EXHAUSTED", "quota", [RETRY]), 429, "rate_limit_error", id="rate-limit"),
    pytest.param(429, google(429, "RESOURCE_EXHAUSTED", "quota", [DAILY]), 429, "insufficient_quota", id="daily-quota"),
    pytest.param(402, google(402, "RESOURCE_EXHAUSTED", "credits"), 429, "insufficient_quota", id="prepaid-credits"),
    pytest.param(500, google(500, "INTERNAL"), 500, "server_error", id="internal"),
    pytest.param(503, google(503, "UNAVAILABLE"), 503, "server_error", id="unavailable"),
    pytest.param(504, google(504, "DEADLINE_EXCEEDED"), 504, "server_error", id="deadline"),
    pytest.param(502, b"<html>Bad gateway</html>", 502, "server_error", id="non-json-5xx"),
]


@pytest.mark.parametrize("status, body, expected_status, expected_type", CASES)
def test_status_mapping(status: int, body: Any, expected_status: int, expected_type: str) -> None:
    err = upstream_error(status, body)
    assert (err.status, err.type) == (expected_status, expected_type)
    assert set(err.body()["error"]) == {"message", "type", "param", "code"}


def test_retry_after_from_retry_info() -> None:
    err = upstream_error(429, google(429, "RESOURCE_EXHAUSTED", "q", [RETRY]))
    assert err.headers == {"retry-after": "35", "retry-after-ms": "35000"}


def test_long_retry_delay_turns_off_sdk_retries() -> None:
    err = upstream_error(429, google(429, "RESOURCE_EXHAUSTED", "q", [{**RETRY, "retryDelay": "3600s"}]))
    assert err.headers == {"x-should-retry": "false"}


def test_daily_quota_is_not_retried() -> None:
    assert upstream_error(429, google(429, "RESOURCE_EXHAUSTED", "q", [DAILY])).headers == {"x-should-retry": "false"}


RECORDED = [
    ("error_400_api_key_invalid.json", 400, 401),
    ("error_400_penalty_not_enabled_gemini-2.5-pro.json", 400, 400),
    ("error_400_thinking_level_unsupported_gemini-3.7-flash.json", 400, 400),
    ("error_404_model_not_found.json", 404, 404),
    ("error_404_model_not_found_stream_endpoint.json", 404, 404),
    ("error_429_quota_retryinfo_gemini-2.5-flash.json", 429, 429),
    ("error_429_quota_errorinfo.json", 429, 429),
    ("error_500_internal.json", 500, 500),
    ("error_503_high_demand.json", 503, 503),
    ("error_503_overloaded.json", 503, 503),
]


@pytest.mark.parametrize("name, status, expected", RECORDED)
def test_recorded_error_bodies(name: str, status: int, expected: int) -> None:
    err = upstream_error(status, recording(name))
    assert err.status == expected
    assert err.message.startswith("Gemini: ") and len(err.message) > len("Gemini: ")


def test_recorded_429_with_retry_info_is_retryable() -> None:
    err = upstream_error(429, recording("error_429_quota_retryinfo_gemini-2.5-flash.json"))
    assert err.type == "rate_limit_error"
    assert err.headers["retry-after"] == "26"
