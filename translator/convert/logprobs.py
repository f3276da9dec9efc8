"""Gemini `logprobsResult` -> OpenAI choice `logprobs`."""

from __future__ import annotations

from typing import Any


def _entry(candidate: dict[str, Any]) -> dict[str, Any]:
    token = str(candidate.get("token", ""))
    return {
        "token": token,
        "logprob": float(candidate.get("logProbability", 0.0)),
        "bytes": list(token.encode("utf-8")),
    }


def logprobs(result: dict[str, Any] | None) -> dict[str, Any] | None:
    if not result:
        return None
    chosen = result.get("chosenCandidates") or []
    tops = result.get("topCandidates") or []
    content = []
    for i, candidate in enumerate(chosen):
        item = _entry(candidate)
        top = tops[i].get("candidates", []) if i < len(tops) and isinstance(tops[i], dict) else []
        item["top_logprobs"] = [_entry(c) for c in top]
        content.append(item)
    return {"content": content, "refusal": None}
