"""An OpenAI chat completion request -> one Gemini `GenerateContentRequest`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from translator.convert.builtin_tools import ignored_search_options
from translator.convert.extensions import apply_extensions
from translator.convert.messages import MessageContext, convert_messages
from translator.convert.modalities import OutputOptions, ignored_output_params, output_config, output_options
from translator.convert.model_ids import normalize_model_id
from translator.convert.params import generation_config, service_tier
from translator.convert.signatures import ToolCallIds, validates_signatures
from translator.convert.structured import response_format_config
from translator.convert.tool_names import ToolNames
from translator.convert.tools import build_tools, check_forced_call_with_json
from translator.openai.request import IGNORED_PARAMS, ChatCompletionRequest


@dataclass
class GeminiCall:
    """Everything the HTTP layer needs to call Gemini and translate its answer back."""

    model: str
    body: dict[str, Any]
    stream: bool
    include_usage: bool
    tool_names: ToolNames
    # Parameters accepted but not honoured, reported in `x-translator-ignored-params`.
    ignored: list[str] = field(default_factory=list)
    # Mints the answer's tool-call ids (Gemini ids, signature tags) the way the next request reads them back.
    call_ids: ToolCallIds = field(default_factory=ToolCallIds)
    # How Gemini-only outputs (audio, code execution) are rendered in the answer.
    outputs: OutputOptions = field(default_factory=OutputOptions)


def ignored_params(req: ChatCompletionRequest) -> list[str]:
    fields = req.model_fields_set
    ignored = [name for name in IGNORED_PARAMS if name in fields and getattr(req, name) is not None]
    if req.parallel_tool_calls is not None:
        ignored.append("parallel_tool_calls")
    return ignored + ignored_search_options(req) + ignored_output_params(req)


def build_gemini_call(
    req: ChatCompletionRequest,
    ctx: MessageContext | None = None,
    *,
    safety_defaults: Sequence[dict[str, str]] = (),
) -> GeminiCall:
    ctx = ctx or MessageContext()
    model = normalize_model_id(req.model)
    names = ctx.tool_names
    tools, tool_config = build_tools(req, names, ctx.schema_dialect)
    conversation = convert_messages(req.messages, ctx, sign_calls=validates_signatures(model))

    body: dict[str, Any] = {"contents": conversation.contents}
    if conversation.system_instruction is not None:
        body["systemInstruction"] = conversation.system_instruction
    if tools:
        body["tools"] = tools
    if tool_config:
        body["toolConfig"] = tool_config
    config = generation_config(req)
    config.update(response_format_config(req.response_format, ctx.schema_dialect))
    check_forced_call_with_json(req, tool_config, config)
    config.update(output_config(req, model))
    if config:
        body["generationConfig"] = config
    tier = service_tier(req.service_tier)
    if tier:
        body["serviceTier"] = tier
    extension_ignored = apply_extensions(body, req, model, safety_defaults)

    return GeminiCall(
        model=model,
        body=body,
        stream=bool(req.stream),
        include_usage=bool(req.stream and req.stream_options and req.stream_options.include_usage),
        tool_names=names,
        ignored=ignored_params(req) + extension_ignored,
        call_ids=ctx.call_ids,
        outputs=output_options(req),
    )
