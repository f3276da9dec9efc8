"""Gemini candidate parts -> the pieces of an OpenAI message (shared by responses and streams)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from translator.convert.signatures import ToolCallIds, google_extra, new_call_id
from translator.convert.tool_names import ToolNames

__all__ = ["Pieces", "candidate_parts", "new_call_id", "tool_call", "translate_parts"]

# Used when a caller passes no `ToolCallIds`: ids are well formed, but their tags verify only with an empty secret.
_UNKEYED = ToolCallIds()


@dataclass
class Pieces:
    """What a run of parts contributes to a message or a delta."""

    text: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    # A thoughtSignature carried by a (non-thought) text part, the empty trailing one included: it goes to the
    # client as message-level `extra_content.google.thought_signature` and comes back on the text.
    signature: str | None = None

    @property
    def content(self) -> str | None:
        return "".join(self.text) if self.text else None

    @property
    def reasoning_content(self) -> str | None:
        return "".join(self.reasoning) if self.reasoning else None


def _signature(part: dict[str, Any]) -> str | None:
    value = part.get("thoughtSignature")
    return value if isinstance(value, str) and value else None


def tool_call(part: dict[str, Any], names: ToolNames, ids: ToolCallIds | None = None) -> dict[str, Any]:
    """One OpenAI tool call; a signed call gets a tagged id and `extra_content.google.thought_signature`."""
    call = part["functionCall"]
    args = call.get("args")
    signature = _signature(part)
    out: dict[str, Any] = {
        "id": (ids or _UNKEYED).mint(call.get("id"), signature),
        "type": "function",
        "function": {
            "name": names.to_client(str(call.get("name", ""))),
            "arguments": orjson.dumps(args if args is not None else {}).decode(),
        },
    }
    if signature is not None:
        out["extra_content"] = google_extra(signature)
    return out


def translate_parts(parts: Iterable[dict[str, Any]], names: ToolNames, ids: ToolCallIds | None = None) -> Pieces:
    pieces = Pieces()
    seen_ids: set[str] = set()
    for part in parts:
        if not isinstance(part, dict):
            continue
        if "functionCall" in part:
            call = tool_call(part, names, ids)
            if call["id"] in seen_ids:  # Gemini repeated an id within one answer: clients key results by it
                call = tool_call({**part, "functionCall": {**part["functionCall"], "id": None}}, names, ids)
            seen_ids.add(call["id"])
            pieces.tool_calls.append(call)
        elif "text" in part:
            text = part["text"]
            if not part.get("thought") and _signature(part) is not None:
                pieces.signature = _signature(part)
            if not isinstance(text, str) or text == "":
                continue
            (pieces.reasoning if part.get("thought") else pieces.text).append(text)
    return pieces


def candidate_parts(candidate: dict[str, Any]) -> list[dict[str, Any]]:
    """A candidate's parts; Gemini may omit `content` or its `parts` entirely."""
    content = candidate.get("content")
    if not isinstance(content, dict):
        return []
    parts = content.get("parts")
    return parts if isinstance(parts, list) else []
