"""Gemini-only outputs -> the message's standard and extension fields.

Standard: `annotations` (url_citation), `audio`. Extensions (documented in the README):
`images`, `reasoning_images`, `files`, `code_execution`, `server_tool_invocations`,
`grounding_metadata`, `url_context_metadata` (both as Gemini sent them, camelCase inside).
"""

from __future__ import annotations

from typing import Any

from translator.convert.audio import audio_message
from translator.convert.grounding import citations, grounding_metadata, url_context_metadata
from translator.convert.modalities import OutputOptions
from translator.convert.parts import Pieces

# Message fields that count as an answer when deciding whether a reply is empty.
CONTENT_FIELDS = ("content", "tool_calls", "reasoning_content", "images", "reasoning_images", "files", "audio",
                  "code_execution")


def media_fields(pieces: Pieces) -> dict[str, Any]:
    """Fields that carry as-they-arrive outputs (also what a stream delta carries for them)."""
    out: dict[str, Any] = {}
    if pieces.images:
        out["images"] = pieces.images
    if pieces.reasoning_images:
        out["reasoning_images"] = pieces.reasoning_images
    if pieces.files:
        out["files"] = pieces.files
    if pieces.code_execution:
        out["code_execution"] = pieces.code_execution
    if pieces.server_tools:
        out["server_tool_invocations"] = pieces.server_tools
    return out


def grounding_fields(candidate: dict[str, Any], pieces: Pieces, content: str) -> dict[str, Any]:
    """`annotations` plus the raw metadata, from a candidate (in streams: the last one that had them)."""
    out: dict[str, Any] = {}
    meta = grounding_metadata(candidate)
    annotations = citations(meta, pieces.runs, content)
    if annotations:
        out["annotations"] = annotations
    if meta:
        out["grounding_metadata"] = meta
    url_meta = url_context_metadata(candidate)
    if url_meta:
        out["url_context_metadata"] = url_meta
    return out


def message_extras(
    candidate: dict[str, Any], pieces: Pieces, *, created: int, outputs: OutputOptions
) -> dict[str, Any]:
    """Every Gemini-only output of one candidate, as fields of its OpenAI message."""
    content = pieces.content or ""
    out = media_fields(pieces)
    if pieces.audio:
        out["audio"] = audio_message(pieces.audio, transcript=content, created=created, fmt=outputs.audio_format)
    out.update(grounding_fields(candidate, pieces, content))
    return out
