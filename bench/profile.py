"""`python -m bench.profile`: microseconds per call of the pure translation core, then a cProfile table.

    python -m bench.profile [--iterations N] [--top K]

Stages, each timed on its own with no I/O:
- request: parse the bench's chat request JSON, validate it (pydantic), build the Gemini call, serialise it;
- response: every recorded 200 `generateContent` body in ../shared/recordings -> chat.completion JSON
  (skipped when the recordings are absent; the bench's canned answer is always timed);
- stream: every recorded SSE stream -> OpenAI chunks, when `translator.convert.stream` exists.
Then the whole set runs under cProfile and the functions with the most own time are listed: that is
where to look for repeated work per request.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

from bench.payloads import chat_request, generate_response
from translator.convert.messages import MessageContext
from translator.convert.request import build_gemini_call
from translator.convert.response import ReplyContext, to_chat_completion
from translator.convert.tool_names import ToolNames
from translator.errors import ApiError
from translator.openai.validate import parse_json_body, validate_chat_request

RECORDINGS = Path(__file__).resolve().parents[1].parent / "shared" / "recordings"


def request_stage(raw: bytes) -> Callable[[], Any]:
    def run() -> bytes:
        req = validate_chat_request(parse_json_body(raw))
        call = build_gemini_call(req, MessageContext(tool_names=ToolNames()))
        return orjson.dumps(call.body)

    return run


def response_stage(bodies: list[bytes]) -> Callable[[], Any]:
    def run() -> None:
        for raw in bodies:
            reply = ReplyContext(id="chatcmpl-bench", created=0, model="gemini-2.5-flash")
            try:
                orjson.dumps(to_chat_completion(orjson.loads(raw), reply))
            except ApiError:
                pass  # an abnormal empty finish is an error by design; its cost still counts

    return run


def _manifest() -> list[dict[str, Any]]:
    path = RECORDINGS / "MANIFEST.json"
    return json.loads(path.read_text()) if path.exists() else []


def recorded_responses() -> list[bytes]:
    return [(RECORDINGS / e["file"]).read_bytes() for e in _manifest()
            if e.get("kind") == "response" and e.get("http_status") == 200 and (RECORDINGS / e["file"]).exists()]


def recorded_streams() -> list[list[bytes]]:
    """Each recorded stream as its events' JSON bytes (the `data: ` payloads)."""
    streams = []
    for e in _manifest():
        path = RECORDINGS / e["file"]
        if e.get("kind") != "stream" or not path.exists():
            continue
        events = [block[len(b"data:"):].strip() for block in path.read_bytes().split(b"\r\n\r\n")
                  if block.startswith(b"data:")]
        streams.append(events)
    return streams


def stream_stage(streams: list[list[bytes]]) -> tuple[Callable[[], Any] | None, str]:
    """Recorded streams through `translator.convert.stream.StreamTranslator`, if this branch has it.

    Returns the stage, or None and the reason it is skipped.
    """
    try:
        from translator.convert.stream import StreamTranslator, parse_event
    except ImportError:
        return None, "translator.convert.stream (StreamTranslator, parse_event) is not on this branch"

    def convert(events: list[bytes]) -> None:
        translator = StreamTranslator(ReplyContext(id="chatcmpl-bench", created=0, model="gemini-2.5-flash"),
                                      include_usage=True)
        chunks: list[dict[str, Any]] = []
        try:
            for raw in events:
                chunks += translator.feed(parse_event(raw.decode()))
            chunks += translator.finish()
        except ApiError:
            pass  # a mid-stream error ends the stream by design
        for chunk in chunks:
            b"data: " + orjson.dumps(chunk) + b"\n\n"

    def run() -> None:
        for events in streams:
            convert(events)

    try:
        run()
    except (TypeError, AttributeError) as exc:  # the converter's interface moved on: say so, time the rest
        return None, f"translator.convert.stream has another interface than this helper knows ({exc})"
    return run, ""


def time_per_call(fn: Callable[[], Any], iterations: int, max_seconds: float = 10.0) -> tuple[float, int]:
    """Mean microseconds per call over `iterations` calls (fewer if `max_seconds` runs out)."""
    fn()  # warm caches and lazy imports
    done = 0
    start = time.perf_counter()
    deadline = start + max_seconds
    while done < iterations and time.perf_counter() < deadline:
        fn()
        done += 1
    return (time.perf_counter() - start) / done * 1e6, done


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=2000, help="calls per stage (default 2000)")
    parser.add_argument("--tools", type=int, default=2, help="tool definitions in the request (default 2)")
    parser.add_argument("--top", type=int, default=20, help="functions listed from cProfile (default 20)")
    args = parser.parse_args(argv)

    stages: list[tuple[str, Callable[[], Any], int]] = [
        (f"request ({args.tools} tools): parse + validate + build + dumps",
         request_stage(orjson.dumps(chat_request(tools=args.tools))), 1),
        ("response: canned answer -> chat.completion", response_stage([orjson.dumps(generate_response())]), 1),
    ]
    notes = []
    recorded = recorded_responses()
    if recorded:
        stages.append((f"response: {len(recorded)} recordings (per recording)", response_stage(recorded),
                       len(recorded)))
    else:
        notes.append(f"recorded responses skipped: {RECORDINGS} is absent")
    streams = recorded_streams()
    stream, why = stream_stage(streams) if streams else (None, f"no recorded streams in {RECORDINGS}")
    if stream is not None:
        stages.append((f"stream: {len(streams)} recordings (per stream)", stream, len(streams)))
    else:
        notes.append(f"stream stage skipped: {why}")

    print(f"{'stage':<48} {'us/call':>9} {'calls':>7}")
    for name, fn, per in stages:
        micros, calls = time_per_call(fn, args.iterations)
        print(f"{name:<48} {micros / per:>9.1f} {calls * per:>7}")
    for note in notes:
        print(f"note: {note}")

    profiler = cProfile.Profile()
    profiler.enable()
    for _, fn, _ in stages:
        for _ in range(max(1, args.iterations // 4)):
            fn()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
    print()
    print(out.getvalue().split("\n", 4)[-1].rstrip())  # drop pstats' preamble, keep the table
    return 0


if __name__ == "__main__":
    sys.exit(main())
