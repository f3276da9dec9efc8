"""Gemini candidate parts -> the pieces of an OpenAI message (shared by responses and streams)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from translator.convert.signatures import ToolCallIds, google_extra, new_call_id
from translator.convert.tool_names import ToolNames

__all__ = ["InlineAudio", "Pieces", "TextRun", "candidate_parts", "new_call_id", "tool_call", "translate_parts"]

# Used when a caller passes no `ToolCallIds`: ids are well formed, but their tags verify only with an empty secret.
_UNKEYED = ToolCallIds()
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class TextRun:
    """Where one Gemini text part landed in `content` (grounding offsets point into parts)."""

    part: int | None  # index of the part in its candidate; None when the position is unknown
    start: int  # character offset in `content`
    text: str


@dataclass(frozen=True)
class InlineAudio:
    mime_type: str
    data: str  # base64, as Gemini sent it


@dataclass
class Pieces:
    """What a run of parts contributes to a message or a delta."""

    text: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    # A thoughtSignature carried by a (non-thought) text part, the empty trailing one included: it goes to the
    # client as message-level `extra_content.google.thought_signature` and comes back on the text.
    signature: str | None = None
    # OpenAI-side image entries {"type": "image_url", "image_url": {"url": "data:..."}}.
    images: list[dict[str, Any]] = field(default_factory=list)
    # Interim images drawn while thinking (thought parts), kept apart from the answer's images.
    reasoning_images: list[dict[str, Any]] = field(default_factory=list)
    # Other media parts (neither image nor audio): {"type": "file", "file": {"file_data"|"file_uri", "mime_type"}}.
    files: list[dict[str, Any]] = field(default_factory=list)
    audio: list[InlineAudio] = field(default_factory=list)
    # {"type": "code", "language", "code", "id"?} and {"type": "result", "outcome", "output", "id"?}, in order.
    code_execution: list[dict[str, Any]] = field(default_factory=list)
    # Server-side tool steps: {"type": "tool_call"|"tool_response", "id", "tool_type", "args"|"response"}.
    server_tools: list[dict[str, Any]] = field(default_factory=list)
    runs: list[TextRun] = field(default_factory=list)
    length: int = 0  # characters in `content` so far

    @property
    def content(self) -> str | None:
        return "".join(self.text) if self.text else None

    @property
    def reasoning_content(self) -> str | None:
        return "".join(self.reasoning) if self.reasoning else None

    def add_text(self, text: str, part: int | None = None) -> None:
        """Append to `content`; `part` set for Gemini text parts, None for text we render (code blocks)."""
        if part is not None:
            self.runs.append(TextRun(part, self.length, text))
        self.text.append(text)
        self.length += len(text)


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


def _text(part: dict[str, Any], index: int, pieces: Pieces) -> None:
    text = part["text"]
    if not part.get("thought") and _signature(part) is not None:
        pieces.signature = _signature(part)
    if not isinstance(text, str) or text == "":
        return
    if part.get("thought"):
        pieces.reasoning.append(text)
    else:
        pieces.add_text(text, index)


def _fence(info: str, body: str) -> str:
    """A fenced block, with a fence longer than any backtick run inside `body`."""
    ticks = "`" * max(3, max((len(run) for run in _BACKTICKS.findall(body)), default=0) + 1)
    newline = "" if not body or body.endswith("\n") else "\n"
    return f"\n{ticks}{info}\n{body}{newline}{ticks}\n"


def _executable_code(part: dict[str, Any], pieces: Pieces, code_in_content: bool) -> None:
    code = part["executableCode"] if isinstance(part["executableCode"], dict) else {}
    language = str(code.get("language") or "").lower()
    if language == "language_unspecified":
        language = ""
    entry: dict[str, Any] = {"type": "code", "language": language, "code": str(code.get("code") or "")}
    if code.get("id"):
        entry["id"] = code["id"]
    pieces.code_execution.append(entry)
    if code_in_content:
        pieces.add_text(_fence(language, entry["code"]))


def _code_execution_result(part: dict[str, Any], pieces: Pieces, code_in_content: bool) -> None:
    result = part["codeExecutionResult"] if isinstance(part["codeExecutionResult"], dict) else {}
    outcome = str(result.get("outcome") or "OUTCOME_UNSPECIFIED")
    entry: dict[str, Any] = {"type": "result", "outcome": outcome, "output": str(result.get("output") or "")}
    if result.get("id"):
        entry["id"] = result["id"]
    pieces.code_execution.append(entry)
    if code_in_content:
        # A failure without output would otherwise show as an empty block.
        body = entry["output"] or ("" if outcome == "OUTCOME_OK" else outcome)
        pieces.add_text(_fence("output", body))


def _media(part: dict[str, Any], pieces: Pieces) -> None:
    """`inlineData` / `fileData`: images, audio, anything else as a file entry; never dropped."""
    inline = part.get("inlineData")
    if isinstance(inline, dict):
        mime = str(inline.get("mimeType") or inline.get("mime_type") or "application/octet-stream")
        data = str(inline.get("data") or "")
        url = f"data:{mime};base64,{data}"
        if mime.lower().startswith("audio/") and not part.get("thought"):
            pieces.audio.append(InlineAudio(mime, data))
            return
        source = {"file_data": url}
    else:
        ref = part["fileData"] if isinstance(part["fileData"], dict) else {}
        mime = str(ref.get("mimeType") or ref.get("mime_type") or "")
        url = str(ref.get("fileUri") or ref.get("file_uri") or "")
        source = {"file_uri": url}
    if mime.lower().startswith("image/"):
        image = {"type": "image_url", "image_url": {"url": url}}
        (pieces.reasoning_images if part.get("thought") else pieces.images).append(image)
    else:
        pieces.files.append({"type": "file", "file": {**source, "mime_type": mime}})


def _server_tool(part: dict[str, Any], kind: str, pieces: Pieces) -> None:
    """`toolCall` / `toolResponse`: steps of Gemini's own tools (with includeServerSideToolInvocations)."""
    step = part[kind] if isinstance(part[kind], dict) else {}
    entry: dict[str, Any] = {"type": "tool_call" if kind == "toolCall" else "tool_response"}
    for source, target in (("id", "id"), ("toolType", "tool_type"), ("args", "args"), ("response", "response")):
        if step.get(source) is not None:
            entry[target] = step[source]
    pieces.server_tools.append(entry)


def translate_parts(
    parts: Iterable[dict[str, Any]], names: ToolNames, ids: ToolCallIds | None = None, *, code_in_content: bool = True
) -> Pieces:
    pieces = Pieces()
    seen_ids: set[str] = set()
    for index, part in enumerate(parts):
        if not isinstance(part, dict):
            continue
        if "functionCall" in part:
            call = tool_call(part, names, ids)
            if call["id"] in seen_ids:  # Gemini repeated an id within one answer: clients key results by it
                call = tool_call({**part, "functionCall": {**part["functionCall"], "id": None}}, names, ids)
            seen_ids.add(call["id"])
            pieces.tool_calls.append(call)
        elif "text" in part:
            _text(part, index, pieces)
        elif "executableCode" in part:
            _executable_code(part, pieces, code_in_content)
        elif "codeExecutionResult" in part:
            _code_execution_result(part, pieces, code_in_content)
        elif "inlineData" in part or "fileData" in part:
            _media(part, pieces)
        elif "toolCall" in part or "toolResponse" in part:
            _server_tool(part, "toolCall" if "toolCall" in part else "toolResponse", pieces)
    return pieces


def candidate_parts(candidate: dict[str, Any]) -> list[dict[str, Any]]:
    """A candidate's parts; Gemini may omit `content` or its `parts` entirely."""
    content = candidate.get("content")
    if not isinstance(content, dict):
        return []
    parts = content.get("parts")
    return parts if isinstance(parts, list) else []
