"""A Gemini `GenerateContentResponse` -> an OpenAI `chat.completion`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from translator.convert.finish import abnormal_finish_error, finish_reason, is_abnormal
from translator.convert.logprobs import logprobs
from translator.convert.modalities import OutputOptions
from translator.convert.outputs import CONTENT_FIELDS, message_extras
from translator.convert.parts import candidate_parts, translate_parts
from translator.convert.safety import prompt_feedback, safety_ratings
from translator.convert.signatures import ToolCallIds, google_extra
from translator.convert.tool_names import ToolNames
from translator.convert.usage import usage
from translator.errors import ApiError


@dataclass(frozen=True)
class ReplyContext:
    id: str
    created: int
    model: str
    tool_names: ToolNames = field(default_factory=ToolNames)
    call_ids: ToolCallIds = field(default_factory=ToolCallIds)
    outputs: OutputOptions = field(default_factory=OutputOptions)


def _choice(candidate: dict[str, Any], index: int, ctx: ReplyContext) -> dict[str, Any]:
    pieces = translate_parts(
        candidate_parts(candidate), ctx.tool_names, ctx.call_ids, code_in_content=ctx.outputs.code_in_content
    )
    native = candidate.get("finishReason")
    reason = finish_reason(native, had_tool_calls=bool(pieces.tool_calls))
    message: dict[str, Any] = {
        "role": "assistant",
        "content": pieces.content,
        "refusal": None,
    }
    if pieces.content is None and not pieces.tool_calls and reason in ("stop", "length"):
        message["content"] = ""
    if pieces.reasoning_content is not None:
        message["reasoning_content"] = pieces.reasoning_content
    if pieces.tool_calls:
        message["tool_calls"] = pieces.tool_calls
    if pieces.signature is not None:
        message["extra_content"] = google_extra(pieces.signature)
    message.update(message_extras(candidate, pieces, created=ctx.created, outputs=ctx.outputs))
    choice: dict[str, Any] = {
        "index": index,
        "message": message,
        "logprobs": logprobs(candidate.get("logprobsResult")),
        "finish_reason": reason,
    }
    if native:
        choice["native_finish_reason"] = native
    if candidate.get("finishMessage"):
        choice["finish_message"] = candidate["finishMessage"]
    if ratings := safety_ratings(candidate.get("safetyRatings")):
        choice["safety_ratings"] = ratings
    return choice


def _blocked_choice(feedback: dict[str, Any]) -> dict[str, Any]:
    choice: dict[str, Any] = {
        "index": 0,
        "message": {"role": "assistant", "content": None, "refusal": None},
        "logprobs": None,
        "finish_reason": "content_filter",
        "native_finish_reason": str(feedback.get("blockReason", "BLOCK_REASON_UNSPECIFIED")),
    }
    if feedback.get("blockReasonMessage"):
        choice["finish_message"] = feedback["blockReasonMessage"]
    if ratings := safety_ratings(feedback.get("safetyRatings")):
        choice["safety_ratings"] = ratings
    return choice


def _is_empty(choice: dict[str, Any]) -> bool:
    message = choice["message"]
    return not any(message.get(name) for name in CONTENT_FIELDS)


def to_chat_completion(resp: dict[str, Any], ctx: ReplyContext) -> dict[str, Any]:
    candidates = resp.get("candidates") or []
    feedback = resp.get("promptFeedback") or {}
    if candidates:
        ordered = sorted(enumerate(candidates), key=lambda p: p[1].get("index", p[0]))
        choices = [_choice(c, i, ctx) for i, (_, c) in enumerate(ordered)]
    elif feedback.get("blockReason"):
        choices = [_blocked_choice(feedback)]
    else:
        raise ApiError(502, "Gemini returned no candidates.", type="server_error", code="upstream_empty_response")

    # A blocked prompt is a content_filter answer whatever its block reason (OTHER included).
    abnormal = [
        c for c in choices if is_abnormal(c.get("native_finish_reason")) and c["finish_reason"] != "content_filter"
    ]
    if abnormal and len(abnormal) == len(choices) and all(_is_empty(c) for c in abnormal):
        first = abnormal[0]
        raise abnormal_finish_error(str(first["native_finish_reason"]), first.get("finish_message"))

    completion = {
        "id": ctx.id,
        "object": "chat.completion",
        "created": ctx.created,
        "model": ctx.model,
        "choices": choices,
        "usage": usage(resp.get("usageMetadata")),
    }
    if (feedback_out := prompt_feedback(feedback)) is not None:
        completion["prompt_feedback"] = feedback_out
    return completion


def native_finish_header(completion: dict[str, Any]) -> str | None:
    reasons = [str(c.get("native_finish_reason")) for c in completion["choices"] if c.get("native_finish_reason")]
    return ",".join(reasons) if reasons else None
