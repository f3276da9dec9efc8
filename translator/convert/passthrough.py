"""Native Gemini fields sent through `extra_body={"google": {...}}`, merged over what the translator built.

The `google` object (or Google's OpenAI-layer spelling, a literal `extra_body: {"google": {...}}`
key) takes:

- the Google-layer shorthands `thinking_config`, `safety_settings`, `cached_content`, handled like
  their top-level `extra_body` twins (validated, short names accepted, model-aware thinking);
- any other `GenerateContentRequest` field, camelCase or snake_case, including a nested
  `generationConfig` / `generation_config`. These are deep-merged last over the built body: dicts
  merge recursively, lists and scalars replace, `null` removes a field the translator set. `tools`
  is the one list that appends (replacing it would drop the client's function declarations).
- `contents`, `systemInstruction` and `model` are refused: `messages` and `model` carry them.

Everything is checked against Gemini's request schema before any upstream call, so an unknown or
mistyped field is a 400 naming it (`google.generationConfig.fooBar`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from translator.convert.caching import cached_content_name
from translator.convert.safety import normalize_safety_settings
from translator.convert.thinking import RawThinking, parse_thinking_config
from translator.errors import invalid_request
from translator.gemini.validate import (
    GeminiValidationError,
    camel_case_keys,
    validate_fragment,
    validate_generate_content_request,
)
from translator.openai.request import ChatCompletionRequest

_REQUEST = "GenerateContentRequest"
_THINKING = ("thinking_config", "thinkingConfig")
_SAFETY = ("safety_settings", "safetySettings")
_CACHE = ("cached_content", "cachedContent")
_FORBIDDEN = {
    "contents": "messages",
    "systemInstruction": "system and developer messages",
    "system_instruction": "system and developer messages",
    "model": "the request's model",
}
# Stands in for the conversation while a fragment is checked: the schema's request rule wants
# `contents`, and the fragment can never carry its own (refused above).
_PLACEHOLDER_CONTENTS = [{"role": "user", "parts": [{"text": "-"}]}]


@dataclass
class GoogleExtensions:
    prefix: str  # "google" or "extra_body.google": where the client put the object
    native: dict[str, Any]  # GenerateContentRequest fields, camelCase, `tools` excluded
    tools: list[Any]
    thinking: RawThinking | None = None
    safety: list[dict[str, str]] | None = None
    cached_content: str | None = None
    # The client's path to a native generationConfig.thinkingConfig budget or level, if any.
    native_thinking_amount: str | None = None

    def merge_into(self, body: dict[str, Any]) -> None:
        """Merge the native fields over `body` and check the result is a request Gemini accepts."""
        if self.tools:
            body["tools"] = [*body.get("tools", []), *self.tools]
        deep_merge(body, self.native)
        try:
            validate_generate_content_request(body)
        except GeminiValidationError as exc:
            raise invalid_request(
                f"With the {self.prefix} fields merged in, Gemini would refuse the request: {exc.message}",
                param=f"{self.prefix}.{exc.field}" if exc.field else self.prefix,
                code="invalid_gemini_field",
            ) from None


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` over `base`, in place: dicts merge recursively, anything else replaces, None deletes."""
    for key, value in override.items():
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = deep_merge(dict(base[key]), value)
        else:
            base[key] = value
    return base


def _google_block(req: ChatCompletionRequest) -> tuple[dict[str, Any], str] | None:
    nested = None
    if req.extra_body is not None:
        for key in req.extra_body:
            if key != "google":
                raise invalid_request(
                    f"Unknown field extra_body.{key}: the extra_body object takes only 'google'.",
                    param=f"extra_body.{key}",
                    code="invalid_value",
                )
        nested = req.extra_body.get("google")
        if nested is not None and not isinstance(nested, dict):
            raise invalid_request("extra_body.google must be an object.", param="extra_body.google", code="invalid_value")
    if req.google is not None and nested is not None:
        raise invalid_request(
            "Send Gemini fields either as google or as extra_body.google, not both.",
            param="extra_body.google",
            code="invalid_value",
        )
    if req.google is not None:
        return req.google, "google"
    if nested is not None:
        return nested, "extra_body.google"
    return None


def _one_of(block: dict[str, Any], keys: tuple[str, ...], prefix: str) -> tuple[str, Any] | None:
    present = [key for key in block if key in keys]
    if len(present) > 1:
        raise invalid_request(
            f"{prefix}.{present[1]} repeats {prefix}.{present[0]}.", param=f"{prefix}.{present[1]}", code="invalid_value"
        )
    return (present[0], block[present[0]]) if present else None


def google_extensions(req: ChatCompletionRequest) -> GoogleExtensions | None:
    """Parse and validate the client's `google` object; None when it sent none."""
    found = _google_block(req)
    if found is None:
        return None
    block, prefix = found
    for key, owner in _FORBIDDEN.items():
        if key in block:
            raise invalid_request(
                f"{prefix}.{key} cannot be set: {owner} carry it.", param=f"{prefix}.{key}", code="invalid_value"
            )

    ext = GoogleExtensions(prefix=prefix, native={}, tools=[])
    handled: set[str] = set()
    if (thinking := _one_of(block, _THINKING, prefix)) is not None:
        handled.add(thinking[0])
        if thinking[1] is not None:
            ext.thinking = parse_thinking_config(thinking[1], f"{prefix}.{thinking[0]}")
    if (safety := _one_of(block, _SAFETY, prefix)) is not None:
        handled.add(safety[0])
        if safety[1] is not None:
            ext.safety = normalize_safety_settings(safety[1], f"{prefix}.{safety[0]}")
    if (cache := _one_of(block, _CACHE, prefix)) is not None:
        handled.add(cache[0])
        if cache[1] is not None:
            ext.cached_content = cached_content_name(cache[1], f"{prefix}.{cache[0]}")

    native = {key: value for key, value in block.items() if key not in handled}
    if not native:
        return ext
    try:
        validate_fragment({**native, "contents": _PLACEHOLDER_CONTENTS}, _REQUEST, path=prefix)
    except GeminiValidationError as exc:
        raise invalid_request(
            f"{prefix} holds a field Gemini would refuse: {exc.message}",
            param=exc.field or prefix,
            code="invalid_gemini_field",
        ) from None
    ext.native_thinking_amount = _thinking_amount_path(native, prefix)
    native = camel_case_keys(native, _REQUEST)
    tools = native.get("tools")
    if tools is not None:
        del native["tools"]
        # proto JSON reads a lone object as a one-item list.
        ext.tools = tools if isinstance(tools, list) else [tools]
    ext.native = native
    return ext


def _thinking_amount_path(native: dict[str, Any], prefix: str) -> str | None:
    found = _one_of(native, ("generationConfig", "generation_config"), prefix)
    if found is None or not isinstance(found[1], dict):
        return None
    thinking = _one_of(found[1], ("thinkingConfig", "thinking_config"), f"{prefix}.{found[0]}")
    if thinking is None or not isinstance(thinking[1], dict):
        return None
    for key in ("thinkingBudget", "thinking_budget", "thinkingLevel", "thinking_level"):
        if thinking[1].get(key) is not None:
            return f"{prefix}.{found[0]}.{thinking[0]}.{key}"
    return None
