"""Gemini finish and block reasons -> OpenAI `finish_reason`."""

from __future__ import annotations

from translator.errors import ApiError

# Everything that means "the content was withheld or cut by a filter".
CONTENT_FILTER = frozenset(
    {
        "SAFETY",
        "RECITATION",
        "BLOCKLIST",
        "PROHIBITED_CONTENT",
        "SPII",
        "LANGUAGE",
        "IMAGE_SAFETY",
        "IMAGE_PROHIBITED_CONTENT",
        "IMAGE_RECITATION",
        "IMAGE_OTHER",
        "NO_IMAGE",
        "ESCALATION",
        "MODEL_ARMOR",
        "JAILBREAK",
    }
)

# Reasons with no OpenAI equivalent: the answer is not what the client asked for. Never reported
# as a plain, silent `stop`.
ABNORMAL = frozenset(
    {
        "MALFORMED_FUNCTION_CALL",
        "UNEXPECTED_TOOL_CALL",
        "TOO_MANY_TOOL_CALLS",
        "MISSING_THOUGHT_SIGNATURE",
        "MALFORMED_RESPONSE",
        "OTHER",
        "FINISH_REASON_UNSPECIFIED",
    }
)


def finish_reason(native: str | None, *, had_tool_calls: bool) -> str:
    """The OpenAI enum value (`stop`, `length`, `tool_calls`, `content_filter`) for a candidate."""
    if native == "MAX_TOKENS":
        return "length"
    if native in CONTENT_FILTER:
        return "content_filter"
    if had_tool_calls:
        return "tool_calls"
    return "stop"


def is_abnormal(native: str | None) -> bool:
    return native in ABNORMAL


def abnormal_finish_error(native: str, finish_message: str | None = None) -> ApiError:
    """The 502 for an answer that ended abnormally with nothing in it (stream or not)."""
    detail = f": {finish_message}" if finish_message else ""
    return ApiError(
        502,
        f"Gemini ended the answer with {native} and no content{detail}",
        type="server_error",
        code=native.lower(),
        headers={"x-gemini-finish-reason": native},
    )
