"""Stream test helpers: decode what we send, and check every chunk rule a client depends on."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import orjson

from tests.helpers import FIXTURES
from tests.openai_spec import assert_valid_chunks
from translator.convert.response import ReplyContext
from translator.convert.stream import StreamTranslator, parse_event
from translator.sse import SSEDecoder

KEEPALIVE = ": keep-alive"


def stream_fixture(name: str) -> list[dict[str, Any]]:
    return json.loads((FIXTURES / "streams" / name).read_text())


def gemini_events(raw: bytes) -> list[dict[str, Any]]:
    """A recorded Gemini stream as parsed events (an in-stream error object raises its ApiError)."""
    decoder = SSEDecoder()
    return [parse_event(data) for data in decoder.feed(raw) + decoder.close()]


def translate(events: list[dict[str, Any]], ctx: ReplyContext, *, include_usage: bool = False) -> list[dict[str, Any]]:
    translator = StreamTranslator(ctx, include_usage=include_usage)
    chunks = [chunk for event in events for chunk in translator.feed(event)]
    return chunks + translator.finish()


@dataclass
class Body:
    """Our SSE body, split strictly: every block is `data: <one line>` or a keep-alive comment."""

    chunks: list[dict[str, Any]] = field(default_factory=list)
    keepalives: int = 0
    done: bool = False
    error: dict[str, Any] | None = None
    blocks: list[str] = field(default_factory=list)  # "chunk", "keepalive", "done", "error" in order


def parse_body(raw: bytes) -> Body:
    text = raw.decode()
    assert text.endswith("\n\n"), f"body does not end with a blank line: {text[-80:]!r}"
    assert "\r" not in text
    body = Body()
    for block in text[:-2].split("\n\n"):
        assert "\n" not in block, f"an event spans several lines: {block[:200]!r}"
        assert not body.done and body.error is None, f"{block[:200]!r} follows the end of the stream"
        if block == KEEPALIVE:
            body.keepalives += 1
            body.blocks.append("keepalive")
            continue
        assert block.startswith("data: "), f"not a data line: {block[:200]!r}"
        data = block[len("data: "):]
        if data == "[DONE]":
            body.done = True
            body.blocks.append("done")
            continue
        payload = orjson.loads(data)
        if "error" in payload:
            assert set(payload) == {"error"}
            assert set(payload["error"]) == {"message", "type", "param", "code"}
            body.error = payload
            body.blocks.append("error")
        else:
            body.chunks.append(payload)
            body.blocks.append("chunk")
    return body


@dataclass
class Choice:
    content: str | None = None
    reasoning: str | None = None
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    finish_reason: str | None = None
    native_finish_reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def accumulate(chunks: list[dict[str, Any]]) -> dict[int, Choice]:
    choices: dict[int, Choice] = defaultdict(Choice)
    for chunk in chunks:
        for c in chunk["choices"]:
            choice = choices[c["index"]]
            delta = c["delta"]
            if delta.get("content") is not None:
                choice.content = (choice.content or "") + delta["content"]
            if delta.get("reasoning_content") is not None:
                choice.reasoning = (choice.reasoning or "") + delta["reasoning_content"]
            choice.tool_calls += delta.get("tool_calls") or []
            if c["finish_reason"] is not None:
                choice.finish_reason = c["finish_reason"]
                choice.native_finish_reason = c.get("native_finish_reason")
                choice.extra = {k: v for k, v in c.items() if k not in ("index", "delta", "logprobs", "finish_reason")}
    return dict(choices)


def assert_well_formed(chunks: list[dict[str, Any]], *, include_usage: bool, finished: bool = True) -> None:
    """Every rule of openai-client-contract.md section 4 that a chunk sequence can break."""
    assert chunks, "no chunks"
    assert_valid_chunks(chunks)
    first = chunks[0]
    for chunk in chunks:
        assert chunk["object"] == "chat.completion.chunk"
        assert (chunk["id"], chunk["created"], chunk["model"]) == (first["id"], first["created"], first["model"])

    per_choice: dict[int, list[dict[str, Any]]] = defaultdict(list)
    usage_chunks = []
    for position, chunk in enumerate(chunks):
        if "usage" in chunk:
            usage_chunks.append(position)
            assert chunk["choices"] == [], "usage rides its own chunk"
        else:
            assert chunk["choices"], "a chunk without choices must be the usage chunk"
        for c in chunk["choices"]:
            per_choice[c["index"]].append(c)

    assert sorted(per_choice) == list(range(len(per_choice))), "choice indices must be 0..n-1"
    for index, entries in per_choice.items():
        deltas = [c["delta"] for c in entries]
        assert deltas[0].get("role") == "assistant", f"choice {index}: the first delta lacks role"
        assert all("role" not in d for d in deltas[1:]), f"choice {index}: role repeated"
        for d in deltas:
            if d.get("content") == "":
                assert "role" in d, f"choice {index}: an empty content delta"
        finishes = [i for i, c in enumerate(entries) if c["finish_reason"] is not None]
        if finished:
            assert finishes == [len(entries) - 1], f"choice {index}: finish must come once, last"
            assert entries[-1]["delta"] == {}
        else:
            assert finishes == []
        calls = [call for d in deltas for call in d.get("tool_calls") or []]
        assert [call["index"] for call in calls] == list(range(len(calls))), f"choice {index}: tool-call indices"
        for call in calls:
            assert call["type"] == "function" and call["id"] and call["function"]["name"]
            json.loads(call["function"]["arguments"])
        assert len({call["id"] for call in calls}) == len(calls), f"choice {index}: tool-call ids repeat"
        if calls and finished:
            assert entries[-1]["finish_reason"] == "tool_calls"

    if include_usage and finished:
        assert usage_chunks == [len(chunks) - 1], "one usage chunk, last"
        usage = chunks[-1]["usage"]
        assert usage["prompt_tokens"] + usage["completion_tokens"] == usage["total_tokens"]
    else:
        assert usage_chunks == [], "usage without include_usage"
