"""Gemini-only outputs -> the message's standard and extension fields.

Standard: `annotations` (url_citation), `audio`. Extensions (documented in the README):
`images`, `reasoning_images`, `files`, `code_execution`, `server_tool_invocations`,
`grounding_metadata`, `url_context_metadata` (both as Gemini sent them, camelCase inside).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from translator.convert.audio import audio_bytes, audio_message, new_audio_id
from translator.convert.grounding import citations, grounding_metadata, url_context_metadata
from translator.convert.modalities import OutputOptions
from translator.convert.parts import Pieces, TextRun

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


@dataclass
class StreamOutputs:
    """One streamed choice's Gemini-only outputs: running indices, audio framing, and what the
    citations at the end need (the text so far, where each text part landed, the latest metadata)."""

    created: int
    counts: dict[str, int] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)
    runs: list[TextRun] = field(default_factory=list)
    length: int = 0
    grounding: dict[str, Any] | None = None
    url_context: dict[str, Any] | None = None
    audio_id: str | None = None
    audio_carry: bytes = b""

    def observe(self, candidate: dict[str, Any]) -> None:
        """Keep the latest non-empty metadata (streams send `groundingMetadata: {}` until the last event)."""
        self.grounding = grounding_metadata(candidate) or self.grounding
        self.url_context = url_context_metadata(candidate) or self.url_context

    def delta(self, pieces: Pieces) -> dict[str, Any]:
        """What one event's Pieces add to the delta besides text, reasoning and tool calls."""
        for run in pieces.runs:
            self.runs.append(TextRun(None, self.length + run.start, run.text))
        self.text.extend(pieces.text)
        self.length += pieces.length
        out: dict[str, Any] = {}
        for name, entries in media_fields(pieces).items():
            first = self.counts.get(name, 0)
            out[name] = [{"index": first + i, **entry} for i, entry in enumerate(entries)]
            self.counts[name] = first + len(entries)
        audio = self._audio(pieces)
        if audio:
            out["audio"] = audio
        return out

    def _audio(self, pieces: Pieces) -> dict[str, Any]:
        """Streamed audio is pcm16: each delta's base64 covers whole 3-byte groups, so the pieces a client
        concatenates decode as one clip; a remainder waits for the next delta or the end. The transcript
        follows the text, as in the non-stream answer."""
        out: dict[str, Any] = {}
        if pieces.audio:
            raw = self.audio_carry + audio_bytes(pieces.audio, "pcm16")
            cut = len(raw) - len(raw) % 3
            self.audio_carry = raw[cut:]
            out["data"] = base64.b64encode(raw[:cut]).decode()
            if self.audio_id is None:
                self.audio_id = new_audio_id()
                return {"id": self.audio_id, **out, "transcript": "".join(self.text)}
        if self.audio_id is not None and pieces.text:
            out["transcript"] = pieces.content
        return out

    def final_delta(self) -> dict[str, Any]:
        """Sent once, just before the finish chunk: citations, metadata, and the end of the audio."""
        out: dict[str, Any] = {}
        content = "".join(self.text)
        annotations = citations(self.grounding, self.runs, content)
        if annotations:
            out["annotations"] = annotations
        if self.grounding:
            out["grounding_metadata"] = self.grounding
        if self.url_context:
            out["url_context_metadata"] = self.url_context
        if self.audio_id is not None:
            # As OpenAI does, the last audio update carries the expiry (ints add up when accumulated).
            audio: dict[str, Any] = {"expires_at": self.created}
            if self.audio_carry:
                audio["data"] = base64.b64encode(self.audio_carry).decode()
                self.audio_carry = b""
            out["audio"] = audio
        return out
