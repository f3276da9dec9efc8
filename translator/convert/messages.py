"""OpenAI `messages` -> Gemini `systemInstruction` and `contents`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from translator.convert.media import InlineMedia, audio_part, file_part, image_part
from translator.convert.signatures import DUMMY_SIGNATURE, ToolCallIds, echoed_signature
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
    ToolCall,
    ToolMessage,
    UserMessage,
)


@dataclass(frozen=True)
class MessageContext:
    media: Mapping[str, InlineMedia] = field(default_factory=dict)
    files_base_url: str = "https://generativelanguage.googleapis.com"
    tool_names: ToolNames = field(default_factory=ToolNames)
    # Reads tool-call ids back into Gemini call ids and signature tags (see convert/signatures.py).
    call_ids: ToolCallIds = field(default_factory=ToolCallIds)
    # Signatures the handler fetched from the SignatureStore, by tool-call id; replayed only if the id's tag matches.
    stored_signatures: Mapping[str, str] = field(default_factory=dict)
    # "json": parametersJsonSchema / responseJsonSchema; "legacy": parameters / responseSchema.
    schema_dialect: str = "json"


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


@dataclass
class _Call:
    """A tool call from an earlier assistant turn, as tool results need it."""

    name: str  # Gemini-side function name
    gemini_id: str | None
    order: tuple[int, int]  # (message index, position in its tool_calls): results go upstream in this order
    param: str


class _Results:
    """A run of consecutive tool (and function) results: one user content, one part per call, in call order."""

    def __init__(self) -> None:
        self.parts: list[tuple[tuple[int, int], dict[str, Any]]] = []
        self.answered: set[str] = set()

    def add(self, order: tuple[int, int], name: str, gemini_id: str | None, content: Any) -> None:
        response: dict[str, Any] = {"name": name, "response": _tool_response(content)}
        if gemini_id:
            response["id"] = gemini_id
        self.parts.append((order, {"functionResponse": response}))

    def flush(self, out: _Builder) -> None:
        if self.parts:
            out.add("user", [part for _, part in sorted(self.parts, key=lambda p: p[0])])
        self.parts = []
        self.answered = set()


def convert_messages(messages: Sequence[Message], ctx: MessageContext, *, sign_calls: bool = False) -> Conversation:
    """`sign_calls`: the model validates thought signatures, so a step whose first call lost its signature gets
    Google's placeholder instead of drawing a 400."""
    out = _Builder()
    calls: dict[str, _Call] = {}  # tool_call_id -> the call, from earlier assistant turns
    unanswered: dict[str, _Call] = {}  # calls of the latest assistant turn still waiting for their result
    results = _Results()
    for i, msg in enumerate(messages):
        param = f"messages[{i}]"
        if isinstance(msg, (SystemMessage, DeveloperMessage)):
            text = _text_of(msg.content)
            if text:
                out.system_parts.append({"text": text})
            continue
        if isinstance(msg, ToolMessage):
            call = calls.get(msg.tool_call_id)
            if call is None:
                raise invalid_request(
                    f"No earlier assistant tool call has the id {msg.tool_call_id!r}.",
                    param=f"{param}.tool_call_id",
                    code="invalid_tool_call_id",
                )
            if msg.tool_call_id in results.answered:
                raise invalid_request(
                    f"Tool call {msg.tool_call_id!r} already has a result; Gemini takes exactly one per call.",
                    param=f"{param}.tool_call_id",
                    code="invalid_tool_call_id",
                )
            results.answered.add(msg.tool_call_id)
            unanswered.pop(msg.tool_call_id, None)
            results.add(call.order, call.name, call.gemini_id, msg.content)
            continue
        if isinstance(msg, FunctionMessage):
            name = ctx.tool_names.to_gemini(msg.name)
            match = next((k for k, c in unanswered.items() if c.name == name), None)
            if match is not None:
                call = unanswered.pop(match)
                results.answered.add(match)
                results.add(call.order, name, call.gemini_id, msg.content)
            else:
                results.add((i, 0), name, None, msg.content)
            continue

        results.flush(out)
        if unanswered:
            waiting = next(iter(unanswered.values()))
            raise invalid_request(
                "An assistant message with 'tool_calls' must be followed by tool messages responding to each "
                f"'tool_call_id'. The following tool_call_ids did not have response messages: {', '.join(unanswered)}",
                param=waiting.param,
                code="missing_tool_result",
            )
        if isinstance(msg, UserMessage):
            out.add("user", _user_parts(msg, param, ctx))
        elif isinstance(msg, AssistantMessage):
            parts, made = _assistant_parts(msg, param, ctx, i)
            for call_id, call in made.items():
                calls[call_id] = call
            unanswered = made
            out.add("model", parts)
    results.flush(out)

    if sign_calls:
        _fill_missing_signatures(out.contents)
    system = {"parts": out.system_parts} if out.system_parts else None
    if not out.contents and system is not None:
        # A system-only request: Gemini needs at least one content, so the instructions become the
        # user turn instead of inventing filler text.
        out.contents.append({"role": "user", "parts": system["parts"]})
        system = None
    if not out.contents:
        raise invalid_request("The messages contain no content to send.", param="messages", code="empty_messages")
    return Conversation(system_instruction=system, contents=out.contents)


def _fill_missing_signatures(contents: list[dict[str, Any]]) -> None:
    """The first functionCall of each step needs a signature; Google's placeholder where the real one is gone."""
    for content in contents:
        if content["role"] != "model":
            continue
        first = next((p for p in content["parts"] if "functionCall" in p), None)
        if first is not None and "thoughtSignature" not in first:
            first["thoughtSignature"] = DUMMY_SIGNATURE


def _call_signature(call: ToolCall, ctx: MessageContext) -> str | None:
    echoed = echoed_signature(call.extra_content)
    if echoed is not None:
        return echoed
    stored = ctx.stored_signatures.get(call.id)
    if stored is not None and ctx.call_ids.matches(call.id, stored):
        return stored
    return None


def _assistant_parts(
    msg: AssistantMessage, param: str, ctx: MessageContext, index: int
) -> tuple[list[dict[str, Any]], dict[str, _Call]]:
    parts: list[dict[str, Any]] = []
    made: dict[str, _Call] = {}
    content = msg.content
    # Only text parts: refusals and echoed reasoning (reasoning_content, thinking parts) never go back as text.
    text = content if isinstance(content, str) else "".join(p.text for p in content or [] if isinstance(p, TextPart))
    if text:
        parts.append({"text": text})
    if msg.function_call is not None:
        name = ctx.tool_names.to_gemini(msg.function_call.name)
        args = _parse_arguments(msg.function_call.arguments, f"{param}.function_call.arguments")
        parts.append({"functionCall": {"name": name, "args": args}})
    used: set[str] = set()  # each signature goes upstream once, on the part it came from
    for j, call in enumerate(msg.tool_calls or []):
        name = ctx.tool_names.to_gemini(call.function.name)
        args = _parse_arguments(call.function.arguments, f"{param}.tool_calls[{j}].function.arguments")
        gemini_id = ctx.call_ids.parse(call.id).gemini_id
        function_call: dict[str, Any] = {"name": name, "args": args}
        if gemini_id:
            function_call["id"] = gemini_id
        part: dict[str, Any] = {"functionCall": function_call}
        signature = _call_signature(call, ctx)
        if signature is not None and signature not in used:
            part["thoughtSignature"] = signature
            used.add(signature)
        parts.append(part)
        made[call.id] = _Call(name, gemini_id, (index, j), f"{param}.tool_calls[{j}].id")
    text_signature = echoed_signature(msg.extra_content)
    if text and text_signature is not None and text_signature not in used:
        parts[0]["thoughtSignature"] = text_signature
    return parts, made


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
