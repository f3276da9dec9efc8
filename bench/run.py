"""`python -m bench.run`: translator against a thin passthrough, same upstream, same run.

    python -m bench.run [--requests N] [--concurrency C] [--duration S] [--stream] [--streams K]

Starts the lean upstream, the passthrough and translator in three processes on loopback ports, drives the
same chat request through the passthrough and translator from this process (one pooled aiohttp session),
and prints req/s, latency percentiles and server CPU per request for each, plus translator's overhead.
With `--stream`, also streamed requests (time to first byte and total) and memory per open stream.
Every phase is bounded by a request count and a time cap. Figures only: nothing here passes or fails on
a timing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import importlib.util
import math
import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp
import orjson

from bench.load import LoadResult, Target, client_session, drive, percentile
from bench.memory import MemoryResult, open_streams
from bench.payloads import HOLD_MODEL, MODEL, chat_request
from bench.servers import Server, start_server

CLIENT_HEADERS = {"Content-Type": "application/json", "Authorization": "Bearer bench-client"}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per target and phase (default 2000)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight (default 8)")
    parser.add_argument("--duration", type=float, default=20.0,
                        help="time cap in seconds per target and phase (default 20)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="alternate passthrough/translator this many times per phase, splitting the "
                             "requests and the time cap between rounds (default 2)")
    parser.add_argument("--warmup", type=int, default=None,
                        help="unmeasured requests per target before each phase (default: 5%% of --requests, 5..100)")
    parser.add_argument("--tools", type=int, default=2,
                        help="tool definitions in the request (default 2; agents often send 20-50)")
    parser.add_argument("--stream", action="store_true", help="also bench streams and memory per open stream")
    parser.add_argument("--streams", type=int, default=200, help="open streams for the memory figure (default 200)")
    parser.add_argument("--events", type=int, default=20, help="SSE events per upstream stream (default 20)")
    parser.add_argument("--event-delay", type=float, default=0.0,
                        help="seconds between upstream SSE events (default 0: measures pure overhead)")
    args = parser.parse_args(argv)
    for name in ("requests", "concurrency", "rounds", "streams", "events", "tools"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be >= 1")
    if args.duration <= 0 or args.event_delay < 0:
        parser.error("--duration must be > 0 and --event-delay >= 0")
    if args.warmup is None:
        args.warmup = max(5, min(100, args.requests // 20))
    return args


def stream_handler_present() -> bool:
    return importlib.util.find_spec("translator.handlers.stream") is not None


@dataclass
class Servers:
    upstream: Server
    passthrough: Server
    translator: Server

    def all(self) -> list[Server]:
        return [self.translator, self.passthrough, self.upstream]


def _targets(servers: Servers, *, stream: bool, tools: int, model: str = MODEL) -> tuple[Target, Target]:
    body = orjson.dumps(chat_request(model=model, stream=stream, tools=tools))
    method = "streamGenerateContent?alt=sse" if stream else "generateContent"
    passthrough = Target(
        "passthrough", f"{servers.passthrough.url}/v1beta/models/{model}:{method}", body, CLIENT_HEADERS,
        expect=b'"finishReason":"STOP"', stream=stream, cpu_seconds=servers.passthrough.cpu_seconds,
    )
    translator = Target(
        "translator", f"{servers.translator.url}/v1/chat/completions", body, CLIENT_HEADERS,
        expect=b"data: [DONE]" if stream else b'"object":"chat.completion"', stream=stream,
        cpu_seconds=servers.translator.cpu_seconds,
    )
    return passthrough, translator


def _merge(results: list[LoadResult]) -> LoadResult:
    merged = LoadResult(results[0].target, results[0].stream, server_cpu=0.0)
    for r in results:
        merged.ok += r.ok
        merged.errors += r.errors
        merged.wall += r.wall
        merged.latencies += r.latencies
        merged.ttfbs += r.ttfbs
        merged.server_cpu = None if r.server_cpu is None or merged.server_cpu is None else merged.server_cpu + r.server_cpu
        merged.first_error = merged.first_error or r.first_error
    return merged


async def _phase(session: aiohttp.ClientSession, targets: tuple[Target, Target], args: argparse.Namespace) -> list[LoadResult]:
    for target in targets:
        await drive(session, target, requests=args.warmup, concurrency=args.concurrency, duration=args.duration)
    per_round: dict[str, list[LoadResult]] = {t.name: [] for t in targets}
    requests = max(1, math.ceil(args.requests / args.rounds))
    duration = args.duration / args.rounds
    for _ in range(args.rounds):
        for target in targets:
            per_round[target.name].append(
                await drive(session, target, requests=requests, concurrency=args.concurrency, duration=duration)
            )
    return [_merge(per_round[t.name]) for t in targets]


async def run_bench(servers: Servers, args: argparse.Namespace) -> tuple[list[LoadResult], list[LoadResult], list[MemoryResult]]:
    plain: list[LoadResult] = []
    streamed: list[LoadResult] = []
    memory: list[MemoryResult] = []
    async with client_session(max(args.concurrency, args.streams + 8), timeout=args.duration + 30) as session:
        plain = await _phase(session, _targets(servers, stream=False, tools=args.tools), args)
        if args.stream:
            streamed = await _phase(session, _targets(servers, stream=True, tools=args.tools), args)
            for target, server in zip(_targets(servers, stream=True, tools=args.tools, model=HOLD_MODEL),
                                      (servers.passthrough, servers.translator)):
                memory.append(await open_streams(session, target, servers.upstream.url, server.rss_kib,
                                                 streams=args.streams, timeout=args.duration + 10))
    return plain, streamed, memory


# ---- output ----------------------------------------------------------------------------------

def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def _table(title: str, header: Sequence[str], rows: list[list[str]]) -> str:
    widths = [max(len(header[i]), *(len(r[i]) for r in rows)) for i in range(len(header))]
    lines = [title, _row(header, widths), _row(["-" * w for w in widths], widths)]
    lines += [_row(r, widths) for r in rows]
    return "\n".join(lines)


def _cpu(r: LoadResult) -> str:
    value = r.cpu_us_per_request
    return "-" if value is None else f"{value:.0f}"


def _latency_cells(r: LoadResult) -> list[str]:
    cells = []
    if r.stream:
        cells += [_ms(percentile(r.ttfbs, p)) for p in (50, 90, 99)]
    cells += [_ms(percentile(r.latencies, p)) for p in (50, 90, 99)]
    return cells


def _overhead_row(base: LoadResult, ours: LoadResult) -> list[str]:
    rps = f"{(ours.rps / base.rps - 1) * 100:+.1f}%" if base.rps else "-"
    deltas = []
    pairs = ([(base.ttfbs, ours.ttfbs)] if ours.stream else []) + [(base.latencies, ours.latencies)]
    for b, o in pairs:
        deltas += [f"{(percentile(o, p) - percentile(b, p)) * 1000:+.2f}" for p in (50, 90, 99)]
    cpu_b, cpu_o = base.cpu_us_per_request, ours.cpu_us_per_request
    cpu = "-" if cpu_b is None or cpu_o is None else f"{cpu_o - cpu_b:+.0f}"
    return ["overhead", "", "", rps, *deltas, cpu]


def load_table(title: str, results: list[LoadResult]) -> str:
    stream = results[0].stream
    header = ["target", "ok", "errors", "req/s"]
    if stream:
        header += ["ttfb p50 ms", "ttfb p90 ms", "ttfb p99 ms", "total p50 ms", "total p90 ms", "total p99 ms"]
    else:
        header += ["p50 ms", "p90 ms", "p99 ms"]
    header.append("server CPU us/req")
    rows = [[r.target, str(r.ok), str(r.errors), f"{r.rps:.0f}", *_latency_cells(r), _cpu(r)] for r in results]
    base = next(r for r in results if r.target == "passthrough")
    ours = next(r for r in results if r.target == "translator")
    rows.append(_overhead_row(base, ours))
    return _table(title, header, rows)


def memory_table(results: list[MemoryResult]) -> str:
    header = ["target", "streams open", "RSS idle KiB", "RSS open KiB", "KiB/stream", "completed"]
    rows = [[m.target, f"{m.opened}/{m.streams}", str(m.rss_before_kib), str(m.rss_open_kib),
             f"{m.kib_per_stream:.1f}", f"{m.completed}/{m.streams}"] for m in results]
    return _table("memory per open stream (RSS growth while the upstream holds the streams open)", header, rows)


def machine_line() -> str:
    return (f"{datetime.date.today().isoformat()}  {os.cpu_count()} cores  {platform.machine()}  "
            f"Python {platform.python_version()}  aiohttp {aiohttp.__version__}")


def report(args: argparse.Namespace, plain: list[LoadResult], streamed: list[LoadResult],
           memory: list[MemoryResult], notes: list[str]) -> str:
    parts = [
        f"bench  {machine_line()}",
        f"requests {args.requests}  concurrency {args.concurrency}  duration cap {args.duration:g} s  "
        f"rounds {args.rounds}  warmup {args.warmup}  tools {args.tools}  upstream events {args.events} "
        f"delay {args.event_delay:g} s",
        "",
        load_table("non-stream (latency = whole response)", plain),
    ]
    if streamed:
        parts += ["", load_table("stream (ttfb = first body byte; total = end of stream)", streamed)]
    if memory:
        parts += ["", memory_table(memory)]
    for r in plain + streamed:
        if r.first_error:
            notes.append(f"{r.target} ({'stream' if r.stream else 'non-stream'}) first error: {r.first_error}")
    for m in memory:
        if m.opened < m.streams or m.completed < m.streams:
            notes.append(f"{m.target}: {m.opened} of {m.streams} streams opened, {m.completed} completed")
    if notes:
        parts += ["", *(f"note: {n}" for n in notes)]
    return "\n".join(parts)


def _lifetime(args: argparse.Namespace) -> float:
    phases = 2 if args.stream else 1
    per_phase = 2 * (args.duration + 10) * (args.rounds + 1)
    return phases * per_phase + (2 * (args.duration + 30) if args.stream else 0) + 60


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    notes: list[str] = []
    if args.stream and not stream_handler_present():
        notes.append("stream phases skipped: translator/handlers/stream.py is not on this branch yet")
        args.stream = False
    lifetime = _lifetime(args)
    started: list[Server] = []
    try:
        upstream = start_server("upstream", {"events": args.events, "event_delay": args.event_delay,
                                             "max_hold": args.duration + 20}, max_lifetime=lifetime)
        started.append(upstream)
        passthrough = start_server("passthrough", {"upstream_url": upstream.url}, max_lifetime=lifetime)
        started.append(passthrough)
        translator = start_server("translator", {"upstream_url": upstream.url}, max_lifetime=lifetime)
        started.append(translator)
        plain, streamed, memory = asyncio.run(run_bench(Servers(upstream, passthrough, translator), args))
    finally:
        for server in reversed(started):
            server.stop()
    print(report(args, plain, streamed, memory, notes))
    failed = any(r.errors or not r.ok for r in plain + streamed)
    failed |= any(m.opened < m.streams for m in memory)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
