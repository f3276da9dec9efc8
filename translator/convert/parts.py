"""Gemini candidate parts -> the pieces of an OpenAI message (shared by responses and streams)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from translator.convert.tool_names import ToolNames


def new_call_id() -> str:
    return "call_" + secrets.token_hex(12)


@dataclass
class Pieces:
    """What a run of parts contributes to a message or a delta."""

    text: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def content(self) -> str | None:
        return "".join(self.text) if self.text else None

    @property
    def reasoning_content(self) -> str | None:
        return "".join(self.reasoning) if self.reasoning else None


def tool_call(part: dict[str, Any], names: ToolNames) -> dict[str, Any]:
    call = part["functionCall"]
    args = call.get("args")
    return {
        "id": call.get("id") or new_call_id(),
        "type": "function",
        "function": {
            "name": names.to_client(str(call.get("name", ""))),
            "arguments": orjson.dumps(args if args is not None else {}).decode(),
        },
    }


def translate_parts(parts: Iterable[dict[str, Any]], names: ToolNames) -> Pieces:
    pieces = Pieces()
    for part in parts:
        if not isinstance(part, dict):
            continue
        if "functionCall" in part:
            pieces.tool_calls.append(tool_call(part, names))
        elif "text" in part:
            text = part["text"]
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
