"""Gemini grounding metadata -> OpenAI `url_citation` annotations, plus the raw metadata fields.

Gemini's `groundingSupports[].segment` offsets are UTF-8 **byte** offsets into a text part
(`partIndex`, or the candidate's text parts taken together when absent; in streams, into all the
text streamed so far). OpenAI's `start_index`/`end_index` are **character** positions in `content`,
which may also hold rendered code blocks between text parts. `TextRun`s say where each text part
landed, so offsets are converted run by run; the segment's own `text`, when given, is the check.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from translator.convert.parts import TextRun

# Where a grounding chunk keeps its source, by chunk kind.
_CHUNK_KINDS = ("web", "maps", "retrievedContext", "retrieved_context", "image")


@functools.cache
def _snake(camel: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in camel)


def _field(obj: dict[str, Any], camel: str) -> Any:
    """Responses are camelCase, but some of Google's docs print snake_case: read both."""
    if camel in obj:
        return obj[camel]
    return obj.get(_snake(camel))


def grounding_metadata(candidate: dict[str, Any]) -> dict[str, Any] | None:
    """The candidate's `groundingMetadata`, or None when absent or empty (streams send `{}` early)."""
    meta = _field(candidate, "groundingMetadata")
    return meta if isinstance(meta, dict) and meta else None


def url_context_metadata(candidate: dict[str, Any]) -> dict[str, Any] | None:
    meta = _field(candidate, "urlContextMetadata")
    return meta if isinstance(meta, dict) and meta else None


def _source(chunk: Any) -> tuple[str, str] | None:
    if not isinstance(chunk, dict):
        return None
    for kind in _CHUNK_KINDS:
        ref = chunk.get(kind)
        if isinstance(ref, dict):
            url = _field(ref, "uri") or _field(ref, "sourceUri")
            if isinstance(url, str) and url:
                title = _field(ref, "title")
                return url, title if isinstance(title, str) and title else url
    return None


class _Offsets:
    """Byte offsets in Gemini's text -> character positions in our `content`."""

    def __init__(self, runs: Sequence[TextRun]) -> None:
        self.runs = list(runs)
        self.encoded = [run.text.encode("utf-8") for run in self.runs]

    def position(self, byte_offset: int, part: int | None, *, is_end: bool) -> int | None:
        if not self.runs:
            return None
        if part is not None:
            for run, raw in zip(self.runs, self.encoded):
                if run.part == part:
                    return run.start + _chars(raw, byte_offset)
        # Offsets into the text parts taken together. At a boundary between two parts an end
        # belongs to the earlier one, a start to the later one.
        before = 0
        for i, (run, raw) in enumerate(zip(self.runs, self.encoded)):
            inside = byte_offset < before + len(raw) or (is_end and byte_offset == before + len(raw))
            if inside or i == len(self.runs) - 1:
                return run.start + _chars(raw, byte_offset - before)
            before += len(raw)
        return None


def _chars(raw: bytes, byte_offset: int) -> int:
    """Characters in the first `byte_offset` bytes (clamped; a split character counts as not reached)."""
    return len(raw[: max(0, byte_offset)].decode("utf-8", errors="ignore"))


def _span(segment: dict[str, Any], offsets: _Offsets, content: str) -> tuple[int, int] | None:
    part = _field(segment, "partIndex")
    part = part if isinstance(part, int) else None
    start_b = _field(segment, "startIndex") or 0
    end_b = _field(segment, "endIndex")
    text = _field(segment, "text")
    if not isinstance(start_b, int) or not isinstance(end_b, int):
        return _find(text, content, 0)
    start = offsets.position(start_b, part, is_end=False)
    end = offsets.position(end_b, part, is_end=True)
    if start is None or end is None or end < start:
        return _find(text, content, 0)
    if isinstance(text, str) and text and content[start:end] != text:
        return _find(text, content, start) or (start, end)
    return start, end


def _find(text: Any, content: str, near: int) -> tuple[int, int] | None:
    """Where the segment's text occurs in `content`, the occurrence nearest to `near`."""
    if not isinstance(text, str) or not text:
        return None
    hits = []
    at = content.find(text)
    while at != -1:
        hits.append(at)
        at = content.find(text, at + 1)
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - near))
    return best, best + len(text)


def citations(metadata: dict[str, Any] | None, runs: Sequence[TextRun], content: str) -> list[dict[str, Any]]:
    """`url_citation` annotations for every (supported segment, cited source) pair with a URL."""
    if not metadata:
        return []
    chunks = _field(metadata, "groundingChunks") or []
    supports = _field(metadata, "groundingSupports") or []
    if not isinstance(chunks, list) or not isinstance(supports, list):
        return []
    offsets = _Offsets(runs)
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, int, int]] = set()
    for support in supports:
        if not isinstance(support, dict) or not isinstance(_field(support, "segment"), dict):
            continue
        span = _span(_field(support, "segment"), offsets, content)
        if span is None:
            continue
        for index in _field(support, "groundingChunkIndices") or []:
            source = _source(chunks[index]) if isinstance(index, int) and 0 <= index < len(chunks) else None
            if source is None or (source[0], *span) in seen:
                continue
            seen.add((source[0], *span))
            url, title = source
            out.append({
                "type": "url_citation",
                "url_citation": {"url": url, "title": title, "start_index": span[0], "end_index": span[1]},
            })
    return out
