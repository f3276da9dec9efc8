"""OpenAI `messages` -> Gemini `systemInstruction` and `contents`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from translator.convert.media import InlineMedia, audio_part, file_part, image_part
from translator.convert.tool_names import ToolNames
from translator.errors import invalid_request
from translator.openai.request import (
    AssistantMessage,
    AudioPart,
    DeveloperMessage,
    FilePart,
    FunctionMessage,
    ImagePart,
    Message,
    SystemMessage,
    TextPart,
    ToolMessage,
    UserMessage,
)


@dataclass(frozen=True)
class MessageContext:
    media: Mapping[str, InlineMedia] = field(default_factory=dict)
    files_base_url: str = "https://generativelanguage.googleapis.com"
    tool_names: ToolNames = field(default_factory=ToolNames)


@dataclass
class Conversation:
    system_instruction: dict[str, Any] | None
    contents: list[dict[str, Any]]


def _text_of(content: str | Sequence[TextPart] | None) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "".join(p.text for p in content if isinstance(p, TextPart))


def _user_parts(msg: UserMessage, param: str, ctx: MessageContext) -> list[dict[str, Any]]:
    if isinstance(msg.content, str):
        return [{"text": msg.content}] if msg.content else []
    parts: list[dict[str, Any]] = []
    for j, part in enumerate(msg.content):
        where = f"{param}.content[{j}]"
        if isinstance(part, TextPart):
            if part.text:
                parts.append({"text": part.text})
        elif isinstance(part, ImagePart):
            parts.append(image_part(part.image_url.url, f"{where}.image_url.url", ctx.media))
        elif isinstance(part, AudioPart):
            parts.append(audio_part(part.input_audio.data, part.input_audio.format, f"{where}.input_audio"))
        elif isinstance(part, FilePart):
            parts.append(
                file_part(part.file.file_data, part.file.file_id, part.file.filename, f"{where}.file", ctx.files_base_url)
            )
    return parts


def _parse_arguments(raw: str, param: str) -> dict[str, Any]:
    if raw is None or not raw.strip():
        return {}
    try:
        args = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise invalid_request("Tool call arguments must be a JSON object encoded as a string.", param=param) from None
    if not isinstance(args, dict):
        raise invalid_request("Tool call arguments must be a JSON object encoded as a string.", param=param)
    return args


def _tool_response(content: str | Sequence[TextPart] | None) -> dict[str, Any]:
    """Gemini wants an object: a JSON-object result goes as it is, anything else is wrapped."""
    text = _text_of(content)
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return {"output": text}
    if isinstance(value, dict):
        return value
    return {"output": value}


class _Builder:
    """Accumulates contents, merging consecutive turns of one role as Gemini requires."""

    def __init__(self) -> None:
        self.system_parts: list[dict[str, Any]] = []
        self.contents: list[dict[str, Any]] = []

    def add(self, role: str, parts: list[dict[str, Any]]) -> None:
        if not parts:
            return
        if self.contents and self.contents[-1]["role"] == role:
            self.contents[-1]["parts"].extend(parts)
        else:
            self.contents.append({"role": role, "parts": parts})


def convert_messages(messages: Sequence[Message], ctx: MessageContext) -> Conversation:
    out = _Builder()
    # tool_call_id -> (Gemini function name, Gemini call id) from earlier assistant turns.
    calls: dict[str, tuple[str, str | None]] = {}
    for i, msg in enumerate(messages):
        param = f"messages[{i}]"
        if isinstance(msg, (SystemMessage, DeveloperMessage)):
            text = _text_of(msg.content)
            if text:
                out.system_parts.append({"text": text})
        elif isinstance(msg, UserMessage):
            out.add("user", _user_parts(msg, param, ctx))
        elif isinstance(msg, AssistantMessage):
            out.add("model", _assistant_parts(msg, param, ctx, calls))
        elif isinstance(msg, ToolMessage):
            found = calls.get(msg.tool_call_id)
            if found is None:
                raise invalid_request(
                    f"No earlier assistant tool call has the id {msg.tool_call_id!r}.",
                    param=f"{param}.tool_call_id",
                    code="invalid_tool_call_id",
                )
            name, call_id = found
            response: dict[str, Any] = {"name": name, "response": _tool_response(msg.content)}
            if call_id:
                response["id"] = call_id
            out.add("user", [{"functionResponse": response}])
        elif isinstance(msg, FunctionMessage):
            out.add(
                "user",
                [{"functionResponse": {"name": ctx.tool_names.to_gemini(msg.name), "response": _tool_response(msg.content)}}],
            )

    system = {"parts": out.system_parts} if out.system_parts else None
    if not out.contents and system is not None:
        # A system-only request: Gemini needs at least one content, so the instructions become the
        # user turn instead of inventing filler text.
        out.contents.append({"role": "user", "parts": system["parts"]})
        system = None
    if not out.contents:
        raise invalid_request("The messages contain no content to send.", param="messages", code="empty_messages")
    return Conversation(system_instruction=system, contents=out.contents)


def _assistant_parts(
    msg: AssistantMessage, param: str, ctx: MessageContext, calls: dict[str, tuple[str, str | None]]
) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = []
    content = msg.content
    # Only text parts: refusals and echoed reasoning (reasoning_content, thinking parts) never go back as text.
    text = content if isinstance(content, str) else "".join(p.text for p in content or [] if isinstance(p, TextPart))
    if text:
        parts.append({"text": text})
    if msg.function_call is not None:
        name = ctx.tool_names.to_gemini(msg.function_call.name)
        args = _parse_arguments(msg.function_call.arguments, f"{param}.function_call.arguments")
        parts.append({"functionCall": {"name": name, "args": args}})
    for j, call in enumerate(msg.tool_calls or []):
        name = ctx.tool_names.to_gemini(call.function.name)
        args = _parse_arguments(call.function.arguments, f"{param}.tool_calls[{j}].function.arguments")
        parts.append({"functionCall": {"name": name, "args": args}})
        calls[call.id] = (name, None)
    return parts


def remote_media_urls(messages: Sequence[Message]) -> list[tuple[str, str]]:
    """The http(s) image URLs the service must download before conversion, with their field paths."""
    from translator.convert.media import needs_fetch

    found: list[tuple[str, str]] = []
    for i, msg in enumerate(messages):
        if isinstance(msg, UserMessage) and not isinstance(msg.content, str):
            for j, part in enumerate(msg.content):
                if isinstance(part, ImagePart) and needs_fetch(part.image_url.url):
                    found.append((part.image_url.url, f"messages[{i}].content[{j}].image_url.url"))
    return found
