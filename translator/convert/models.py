"""Gemini `Model` resources -> OpenAI `model` objects."""

from __future__ import annotations

from typing import Any


def model_id(model: dict[str, Any]) -> str:
    name = str(model.get("name") or model.get("baseModelId") or "")
    return name.removeprefix("models/")


def is_chat_model(model: dict[str, Any]) -> bool:
    methods = model.get("supportedGenerationMethods")
    return not isinstance(methods, list) or "generateContent" in methods


def to_openai_model(model: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": model_id(model),
        "object": "model",
        # Gemini publishes no creation date; 0 says "unknown" and keeps the field an integer.
        "created": 0,
        "owned_by": "google",
    }
    for src, dst in (
        ("displayName", "display_name"),
        ("description", "description"),
        ("inputTokenLimit", "context_length"),
        ("outputTokenLimit", "max_output_tokens"),
        ("thinking", "thinking"),
    ):
        if model.get(src) is not None:
            out[dst] = model[src]
    return out


def to_model_list(models: list[dict[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    data = []
    for model in models:
        if not is_chat_model(model):
            continue
        item = to_openai_model(model)
        if item["id"] and item["id"] not in seen:
            seen.add(item["id"])
            data.append(item)
    return {"object": "list", "data": data}
