"""Per-model request hygiene: drop what a model refuses (and say so), refuse what cannot be dropped.

Models come from `translator.catalog`; models it does not know get what the client sent.
"""

from __future__ import annotations

from typing import Any

from translator.catalog import ModelCaps
from translator.errors import invalid_request

_PENALTIES = (("presencePenalty", "presence_penalty"), ("frequencyPenalty", "frequency_penalty"))


def enforce_model_limits(config: dict[str, Any], caps: ModelCaps, model: str) -> list[str]:
    """Edit `generationConfig` in place for `model`; returns the OpenAI params it dropped.

    Penalties and logprobs only change how an answer is sampled or annotated, so dropping them
    (reported in `x-translator-ignored-params`) beats failing the call. `n > 1` cannot be
    dropped without returning fewer choices than asked for, so it is a 400.
    """
    dropped: list[str] = []
    if not caps.penalties:
        for key, param in _PENALTIES:
            if config.pop(key, None) is not None:
                dropped.append(param)
    if not caps.logprobs and config.pop("responseLogprobs", None) is not None:
        dropped.append("logprobs")
        if config.pop("logprobs", None) is not None:
            dropped.append("top_logprobs")
    count = config.get("candidateCount")
    if not caps.multiple_candidates and isinstance(count, int) and count > 1:
        raise invalid_request(
            f"{model} returns one candidate per request: n must be 1.", param="n", code="unsupported_value"
        )
    return dropped
