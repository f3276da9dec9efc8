"""Per-model request hygiene: what a model refuses is dropped and reported, or a 400 of our own."""

from __future__ import annotations

from typing import Any

import pytest

from translator.convert.request import build_gemini_call
from translator.errors import ApiError
from translator.gemini.validate import validate_generate_content_request
from translator.openai.validate import validate_chat_request


def call(model: str, **extra: Any) -> tuple[dict[str, Any] | None, list[str]]:
    req = validate_chat_request({"model": model, "messages": [{"role": "user", "content": "Hi"}], **extra})
    built = build_gemini_call(req)
    validate_generate_content_request(built.body)
    return built.body.get("generationConfig"), built.ignored


CASES = [
    # 2.5 answers "Penalty is not enabled": dropped, reported.
    ("gemini-2.5-flash", {"presence_penalty": 0.5, "frequency_penalty": 0.1, "temperature": 0.2},
     {"temperature": 0.2}, ["presence_penalty", "frequency_penalty"]),
    ("gemini-2.5-pro", {"frequency_penalty": 0.1}, None, ["frequency_penalty"]),
    ("gemini-2.0-flash", {"presence_penalty": 0.5}, {"presencePenalty": 0.5}, []),
    # "Logprobs is not enabled for this model".
    ("gemini-2.5-flash", {"logprobs": True, "top_logprobs": 2}, None, ["logprobs", "top_logprobs"]),
    ("gemini-3-flash-preview", {"logprobs": True}, None, ["logprobs"]),
    ("gemini-2.5-flash", {"logprobs": False}, None, []),
    # Not in the table: what the client sent.
    ("my-tuned-model", {"presence_penalty": 0.5, "logprobs": True},
     {"presencePenalty": 0.5, "responseLogprobs": True}, []),
    ("gemini-2.5-flash", {"n": 2}, {"candidateCount": 2}, []),
]


@pytest.mark.parametrize("model, params, config, ignored", CASES)
def test_model_limits(model: str, params: dict[str, Any], config: dict[str, Any] | None, ignored: list[str]) -> None:
    assert call(model, **params) == (config, ignored)


def test_ignored_params_keep_the_generic_ones_first() -> None:
    assert call("gemini-2.5-flash", user="u", presence_penalty=0.1)[1] == ["user", "presence_penalty"]


@pytest.mark.parametrize("model", ["gemini-3-pro-preview", "gemini-2.5-flash-image"])
def test_n_above_one_on_a_single_candidate_model_is_a_400(model: str) -> None:
    with pytest.raises(ApiError) as info:
        call(model, n=2)
    assert (info.value.status, info.value.param) == (400, "n")
    assert call(model, n=1) == (None, [])


def test_native_passthrough_is_the_escape_hatch() -> None:
    # The catalog may be out of date; a native field goes as sent.
    assert call("gemini-2.5-flash", google={"generationConfig": {"presencePenalty": 0.3}}) == (
        {"presencePenalty": 0.3}, [])
