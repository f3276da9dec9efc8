"""OpenAI sampling and output parameters -> Gemini `generationConfig`."""

from __future__ import annotations

from typing import Any

from translator.errors import invalid_request
from translator.openai.request import ChatCompletionRequest

# Gemini accepts at most five stop sequences.
MAX_STOP_SEQUENCES = 5

_SERVICE_TIERS = {"default": "standard", "standard": "standard", "flex": "flex", "priority": "priority"}


def stop_sequences(stop: str | list[str] | None) -> list[str] | None:
    if stop is None:
        return None
    values = [stop] if isinstance(stop, str) else list(stop)
    values = [s for s in values if s]
    if len(values) > MAX_STOP_SEQUENCES:
        raise invalid_request(f"Gemini accepts at most {MAX_STOP_SEQUENCES} stop sequences.", param="stop")
    return values or None


def generation_config(req: ChatCompletionRequest) -> dict[str, Any]:
    """Only what the client set: no injected defaults."""
    config: dict[str, Any] = {}
    if req.temperature is not None:
        config["temperature"] = req.temperature
    if req.top_p is not None:
        config["topP"] = req.top_p
    if req.top_k is not None:
        config["topK"] = req.top_k
    limit = req.max_completion_tokens if req.max_completion_tokens is not None else req.max_tokens
    if limit is not None:
        config["maxOutputTokens"] = limit
    stops = stop_sequences(req.stop)
    if stops:
        config["stopSequences"] = stops
    if req.n is not None and req.n != 1:
        config["candidateCount"] = req.n
    if req.seed is not None:
        config["seed"] = req.seed
    if req.presence_penalty is not None:
        config["presencePenalty"] = req.presence_penalty
    if req.frequency_penalty is not None:
        config["frequencyPenalty"] = req.frequency_penalty
    if req.top_logprobs is not None and not req.logprobs:
        raise invalid_request("top_logprobs requires logprobs to be true.", param="top_logprobs")
    if req.logprobs:
        config["responseLogprobs"] = True
        if req.top_logprobs:
            config["logprobs"] = req.top_logprobs
    # `response_format` is added by convert/structured.py (it needs the schema dialect).
    return config


def service_tier(value: str | None) -> str | None:
    if value is None or value == "auto":
        return None
    tier = _SERVICE_TIERS.get(value)
    if tier is None:
        raise invalid_request(
            f"Unsupported service_tier {value!r}: use auto, default, flex or priority.", param="service_tier"
        )
    return tier
