"""Gemini `streamGenerateContent` events -> OpenAI `chat.completion.chunk`s (a small state machine)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from translator.convert.errors import upstream_error
from translator.convert.finish import abnormal_finish_error, finish_reason, is_abnormal
from translator.convert.logprobs import logprobs
from translator.convert.outputs import StreamOutputs
from translator.convert.parts import Pieces, candidate_parts, translate_parts
from translator.convert.signatures import google_extra
from translator.convert.response import ReplyContext
from translator.convert.safety import prompt_feedback, safety_ratings
from translator.convert.usage import usage
from translator.errors import ApiError


def malformed_event() -> ApiError:
    return ApiError(502, "Gemini sent a stream event that is not a JSON object.", type="server_error",
                    code="upstream_malformed")


def truncated_stream() -> ApiError:
    return ApiError(502, "Gemini's stream ended before the answer was finished (no finish reason).",
                    type="server_error", code="upstream_truncated")


def parse_event(data: str) -> dict[str, Any]:
    """One event's data as a GenerateContentResponse. An `{"error": ...}` object raises its ApiError."""
    try:
        event = orjson.loads(data)
    except orjson.JSONDecodeError:
        raise malformed_event() from None
    if not isinstance(event, dict):
        raise malformed_event()
    if "error" in event:
        err = event["error"]
        code = err.get("code") if isinstance(err, dict) else None
        raise upstream_error(code if isinstance(code, int) and 400 <= code < 600 else 502, event)
    return event


def error_chunk(err: ApiError) -> dict[str, Any]:
    """The body of the one event that reports a failure after the 200 went out."""
    return err.body()


def pieces_delta(pieces: Pieces, first_tool_index: int, outputs: StreamOutputs | None = None) -> dict[str, Any]:
    """What one event adds to a choice. The one place that decides which Pieces travel in a delta."""
    delta: dict[str, Any] = {}
    if pieces.reasoning:
        delta["reasoning_content"] = pieces.reasoning_content
    if pieces.text:
        delta["content"] = pieces.content
    if pieces.tool_calls:
        delta["tool_calls"] = [{"index": first_tool_index + i, **call} for i, call in enumerate(pieces.tool_calls)]
    if pieces.signature is not None:
        delta["extra_content"] = google_extra(pieces.signature)
    if outputs is not None:
        delta.update(outputs.delta(pieces))  # images, audio, code execution, server-side tool steps
    return delta


@dataclass(slots=True)
class _Choice:
    index: int
    started: bool = False  # the delta with `role` went out
    emitted: bool = False  # any content, reasoning or tool call went out
    tool_calls: int = 0  # tool calls sent so far: the next call's `index`
    native: str | None = None  # Gemini's finish reason, if the latest word was a finish
    finish_message: str | None = None
    safety_ratings: Any = None  # the latest non-empty `safetyRatings`, for the finish chunk
    outputs: StreamOutputs | None = None  # Gemini-only outputs (citations and metadata go out at the end)


class StreamTranslator:
    """Feed every parsed Gemini event in order, then call `finish()` once at end of stream."""

    def __init__(self, ctx: ReplyContext, *, include_usage: bool = False) -> None:
        self.ctx = ctx
        self.include_usage = include_usage
        self._choices: dict[int, _Choice] = {}
        self._usage: dict[str, Any] | None = None
        self._blocked: str | None = None
        self._feedback: dict[str, Any] | None = None  # the latest `promptFeedback`

    def chunk(self, choices: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "id": self.ctx.id,
            "object": "chat.completion.chunk",
            "created": self.ctx.created,
            "model": self.ctx.model,
            "choices": choices,
        }

    def feed(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        meta = event.get("usageMetadata")
        if isinstance(meta, dict):
            self._usage = meta  # cumulative: the latest one is the whole count
        feedback = event.get("promptFeedback")
        if isinstance(feedback, dict) and feedback:
            self._feedback = feedback
        candidates = event.get("candidates")
        if not isinstance(candidates, list) or not candidates:
            if isinstance(feedback, dict) and feedback.get("blockReason") and not self._choices:
                self._blocked = str(feedback["blockReason"])
            return []
        chunks = []
        for position, candidate in enumerate(candidates):
            if not isinstance(candidate, dict):
                continue
            index = candidate.get("index", position)
            if not isinstance(index, int):
                index = position
            state = self._choices.get(index)
            if state is None:
                state = self._choices[index] = _Choice(index, outputs=StreamOutputs(self.ctx.created))
            parts = candidate_parts(candidate)
            if candidate.get("safetyRatings"):
                state.safety_ratings = candidate["safetyRatings"]
            native = candidate.get("finishReason")
            if native:
                state.native = str(native)
                state.finish_message = candidate.get("finishMessage")
            elif parts:
                # More output after an intermediate finish (built-in tool rounds): not finished yet.
                state.native = None
            if state.outputs is not None:
                state.outputs.observe(candidate)
            pieces = translate_parts(
                parts, self.ctx.tool_names, self.ctx.call_ids, code_in_content=self.ctx.outputs.code_in_content
            )
            delta = self._delta(state, pieces)
            if delta:
                choice = {"index": index, "delta": delta, "logprobs": logprobs(candidate.get("logprobsResult")),
                          "finish_reason": None}
                chunks.append(self.chunk([choice]))
        return chunks

    def _delta(self, state: _Choice, pieces: Pieces) -> dict[str, Any]:
        delta = pieces_delta(pieces, state.tool_calls, state.outputs)
        if not delta:
            return delta
        state.tool_calls += len(pieces.tool_calls)
        state.emitted = True
        if not state.started:
            state.started = True
            delta = {"role": "assistant", "content": None, "refusal": None, **delta}
        return delta

    def finish(self) -> list[dict[str, Any]]:
        """The finish chunk of every choice, then the usage chunk if asked for.

        Raises ApiError when the stream is not a complete answer: no finish reason (truncated), no
        candidates, or only abnormal finishes with nothing in them (the non-stream 502).
        """
        if not self._choices:
            if self._blocked is None:
                raise ApiError(502, "Gemini returned no candidates.", type="server_error",
                               code="upstream_empty_response")
            feedback = self._feedback or {}
            blocked = _Choice(0, native=self._blocked, finish_message=feedback.get("blockReasonMessage"),
                              safety_ratings=feedback.get("safetyRatings"))
            chunks = self._close_choice(blocked, "content_filter")
        else:
            states = sorted(self._choices.values(), key=lambda s: s.index)
            if any(s.native is None for s in states):
                raise truncated_stream()
            if all(is_abnormal(s.native) and not s.emitted for s in states):
                raise abnormal_finish_error(str(states[0].native), states[0].finish_message)
            chunks = []
            for state in states:
                chunks += self._close_choice(state, finish_reason(state.native, had_tool_calls=state.tool_calls > 0))
        if (feedback_out := prompt_feedback(self._feedback)) is not None:
            # On the first finish chunk: the stream's counterpart of the completion's top-level field.
            next(c for c in chunks if c["choices"][0]["finish_reason"])["prompt_feedback"] = feedback_out
        if self.include_usage:
            chunk = self.chunk([])
            chunk["usage"] = usage(self._usage)
            chunks.append(chunk)
        return chunks

    def _close_choice(self, state: _Choice, reason: str) -> list[dict[str, Any]]:
        chunks = []
        final = state.outputs.final_delta() if state.outputs is not None and state.started else {}
        if final:
            chunks.append(self.chunk([{"index": state.index, "delta": final, "logprobs": None, "finish_reason": None}]))
        if not state.started:
            content = "" if reason in ("stop", "length") else None
            role = {"role": "assistant", "content": content, "refusal": None}
            chunks.append(self.chunk([{"index": state.index, "delta": role, "logprobs": None, "finish_reason": None}]))
        choice: dict[str, Any] = {"index": state.index, "delta": {}, "logprobs": None, "finish_reason": reason,
                                  "native_finish_reason": state.native}
        if state.finish_message:
            choice["finish_message"] = state.finish_message
        if ratings := safety_ratings(state.safety_ratings):
            choice["safety_ratings"] = ratings
        chunks.append(self.chunk([choice]))
        return chunks
