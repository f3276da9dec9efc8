"""What the bench sends and what its upstream answers: fixed, realistic-sized payloads."""

from __future__ import annotations

from typing import Any

import orjson

MODEL = "gemini-2.5-flash"
# The upstream holds streams for this model open until released (memory per open stream).
HOLD_MODEL = "bench-hold"

_WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "City name, e.g. 'Paris'."},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city"],
            "additionalProperties": False,
        },
    },
}

_SEARCH_TOOL = {
    "type": "function",
    "function": {
        "name": "search_docs",
        "description": "Full-text search over the product documentation.",
        "parameters": {
            "type": "object",
            "properties": {
                "query": {"type": "string"},
                "limit": {"type": "integer", "minimum": 1, "maximum": 20, "default": 5},
                "sections": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["query"],
        },
    },
}


def _agent_tool(i: int) -> dict[str, Any]:
    """The i-th of an agent's many tools: an MCP-style schema of about 700 bytes."""
    return {
        "type": "function",
        "function": {
            "name": f"workspace_tool_{i}",
            "description": f"Workspace operation number {i}: reads or changes files, issues and builds.",
            "parameters": {
                "$schema": "http://json-schema.org/draft-07/schema#",
                "type": "object",
                "properties": {
                    "path": {"type": "string", "description": "Path relative to the workspace root."},
                    "mode": {"type": "string", "enum": ["read", "write", "append"], "default": "read"},
                    "limit": {"type": "integer", "minimum": 1, "maximum": 1000},
                    "labels": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
                    "options": {
                        "type": "object",
                        "properties": {
                            "recursive": {"type": "boolean"},
                            "encoding": {"type": ["string", "null"], "description": "Text encoding."},
                        },
                        "additionalProperties": False,
                    },
                },
                "required": ["path"],
                "additionalProperties": False,
            },
        },
    }


def chat_request(*, model: str = MODEL, stream: bool = False, tools: int = 2) -> dict[str, Any]:
    """A chat turn as agents send it: system prompt, a few turns, one tool round trip, `tools` tools.

    The first two tools are `get_weather` and `search_docs`; more (`tools` > 2) are MCP-style workspace tools.
    """
    body: dict[str, Any] = {
        "model": model,
        "messages": [
            {
                "role": "system",
                "content": "You are a concise travel assistant. Use the tools when the user asks about "
                "weather or the product; answer in at most three sentences.",
            },
            {"role": "user", "content": "Hi! I'm planning a weekend in Lisbon."},
            {"role": "assistant", "content": "Lovely choice. What would you like to know about Lisbon?"},
            {"role": "user", "content": "What's the weather like there right now?"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_weather_1",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"city": "Lisbon", "unit": "celsius"}'},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call_weather_1", "content": '{"temp_c": 21, "sky": "clear"}'},
            {"role": "user", "content": "Great. Should I pack a jacket for the evenings?"},
        ],
        "tools": [_WEATHER_TOOL, _SEARCH_TOOL, *(_agent_tool(i) for i in range(tools - 2))][: max(tools, 1)],
        "tool_choice": "auto",
        "temperature": 0.4,
        "max_tokens": 512,
    }
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return body


_ANSWER = (
    "Lisbon is clear and about 21 °C this afternoon, but evenings by the river often drop to around 14 °C "
    "with a breeze off the Atlantic. A light jacket or a warm layer is worth packing, especially if you plan "
    "to watch the sunset from a miradouro. Comfortable shoes matter more than anything: the hills are steep."
)

_USAGE = {"promptTokenCount": 182, "candidatesTokenCount": 71, "totalTokenCount": 253}


def generate_response(model: str = MODEL) -> dict[str, Any]:
    return {
        "candidates": [
            {
                "content": {"role": "model", "parts": [{"text": _ANSWER}]},
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": _USAGE,
        "modelVersion": model,
        "responseId": "bench-response-0001",
    }


def stream_events(count: int = 20, model: str = MODEL) -> list[dict[str, Any]]:
    """The answer split into `count` events; the last carries finishReason, every one cumulative usage."""
    words = _ANSWER.split(" ")
    per = max(1, -(-len(words) // count))
    events = []
    for i in range(count):
        chunk = words[i * per : (i + 1) * per]
        text = " ".join(chunk) + (" " if i < count - 1 and chunk else "")
        candidate: dict[str, Any] = {"content": {"role": "model", "parts": [{"text": text}]}, "index": 0}
        if i == count - 1:
            candidate["finishReason"] = "STOP"
        events.append(
            {
                "candidates": [candidate],
                "usageMetadata": {**_USAGE, "candidatesTokenCount": 1 + i * 3},
                "modelVersion": model,
                "responseId": "bench-response-0001",
            }
        )
    return events


def sse_event(event: dict[str, Any]) -> bytes:
    return b"data: " + orjson.dumps(event) + b"\r\n\r\n"
