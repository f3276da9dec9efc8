"""Gemini-only request controls applied to a built body: thinking, safety, caching, per-model
hygiene and, last, the client's native `google` fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from translator.catalog import ModelCaps, capabilities
from translator.convert.caching import cached_content_name
from translator.convert.hygiene import enforce_model_limits
from translator.convert.passthrough import google_extensions
from translator.convert.safety import merge_safety_settings, normalize_safety_settings
from translator.convert.thinking import parse_effort, parse_thinking_config, plan_thinking
from translator.errors import invalid_request
from translator.openai.request import ChatCompletionRequest

# generationConfig fields some models refuse (see convert/hygiene.py).
_MODEL_LIMITED = frozenset({"presencePenalty", "frequencyPenalty", "responseLogprobs", "candidateCount"})


def apply_extensions(
    body: dict[str, Any],
    req: ChatCompletionRequest,
    model: str,
    safety_defaults: Sequence[dict[str, str]] = (),
) -> list[str]:
    """Complete `body` in place; returns the params accepted but not sent (for the ignored header)."""
    ext = google_extensions(req)
    ignored: list[str] = []
    caps: ModelCaps | None = None
    config: dict[str, Any] = body.get("generationConfig") or {}

    if not _MODEL_LIMITED.isdisjoint(config):
        caps = capabilities(model)
        ignored += enforce_model_limits(config, caps, model)

    effort = parse_effort(req.reasoning_effort)
    raw = parse_thinking_config(req.thinking_config, "thinking_config") if req.thinking_config is not None else None
    if ext is not None and ext.thinking is not None:
        raw = raw.updated_by(ext.thinking) if raw is not None else ext.thinking
    if effort is not None and ext is not None and ext.native_thinking_amount:
        raise invalid_request(
            f"reasoning_effort and {ext.native_thinking_amount} both set the amount of thinking: send one of them.",
            param=ext.native_thinking_amount,
            code="invalid_value",
        )
    if effort is not None or raw is not None:
        plan = plan_thinking(caps or capabilities(model), effort, raw)
        if plan.config:
            config["thinkingConfig"] = plan.config
        ignored += plan.ignored

    if config:
        body["generationConfig"] = config
    else:
        body.pop("generationConfig", None)

    client_safety = (
        normalize_safety_settings(req.safety_settings, "safety_settings") if req.safety_settings is not None else None
    )
    if safety_defaults or client_safety or (ext is not None and ext.safety):
        merged = merge_safety_settings(safety_defaults, client_safety or (), (ext.safety if ext else None) or ())
        if merged:
            body["safetySettings"] = merged

    cache = ext.cached_content if ext is not None else None
    if cache is None and req.cached_content is not None:
        cache = cached_content_name(req.cached_content, "cached_content")
    if cache is not None:
        body["cachedContent"] = cache

    if ext is not None:
        ext.merge_into(body)
    return ignored
