"""Gemini `usageMetadata` -> OpenAI `usage`."""

from __future__ import annotations

from typing import Any


def _modality_tokens(details: Any, modality: str) -> int:
    if not isinstance(details, list):
        return 0
    return sum(int(d.get("tokenCount") or 0) for d in details if isinstance(d, dict) and d.get("modality") == modality)


def usage(meta: dict[str, Any] | None) -> dict[str, Any]:
    meta = meta or {}
    prompt = int(meta.get("promptTokenCount") or 0)
    tool_prompt = int(meta.get("toolUsePromptTokenCount") or 0)
    candidates = int(meta.get("candidatesTokenCount") or 0)
    thoughts = int(meta.get("thoughtsTokenCount") or 0)
    cached = int(meta.get("cachedContentTokenCount") or 0)
    total = meta.get("totalTokenCount")

    # Some hosts have counted thoughts inside candidatesTokenCount: trust the reported total.
    completion = candidates + thoughts
    if total is not None and prompt + tool_prompt + candidates == int(total) and thoughts:
        completion = candidates

    prompt_tokens = prompt + tool_prompt
    out: dict[str, Any] = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion,
        "total_tokens": prompt_tokens + completion,
        "prompt_tokens_details": {"cached_tokens": cached},
        "completion_tokens_details": {"reasoning_tokens": thoughts},
    }
    prompt_audio = _modality_tokens(meta.get("promptTokensDetails"), "AUDIO")
    if prompt_audio:
        out["prompt_tokens_details"]["audio_tokens"] = prompt_audio
    completion_audio = _modality_tokens(meta.get("candidatesTokensDetails"), "AUDIO")
    if completion_audio:
        out["completion_tokens_details"]["audio_tokens"] = completion_audio
    return out
