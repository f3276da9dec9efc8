"""The load generator: a fixed number of requests, C at a time, under a time cap, one pooled session."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp


@dataclass(frozen=True)
class Target:
    """One server under test and how to ask it the bench's question."""

    name: str
    url: str
    body: bytes
    headers: dict[str, str]
    # Bytes a complete, successful answer contains (the whole body, or a stream's last bytes).
    expect: bytes
    stream: bool = False
    # The server's CPU clock (user + system seconds), read around the measured run.
    cpu_seconds: Callable[[], float] | None = None


@dataclass
class LoadResult:
    target: str
    stream: bool
    ok: int = 0
    errors: int = 0
    wall: float = 0.0
    latencies: list[float] = field(default_factory=list)
    ttfbs: list[float] = field(default_factory=list)
    server_cpu: float | None = None
    first_error: str | None = None

    @property
    def rps(self) -> float:
        return self.ok / self.wall if self.wall else 0.0

    @property
    def cpu_us_per_request(self) -> float | None:
        if self.server_cpu is None or not self.ok:
            return None
        return self.server_cpu / self.ok * 1e6


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); `values` need not be sorted."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


TAIL = 512


async def _one(session: aiohttp.ClientSession, target: Target, result: LoadResult) -> None:
    start = time.perf_counter()
    first: float | None = None
    try:
        async with session.post(target.url, data=target.body, headers=target.headers) as resp:
            if target.stream:
                tail = b""
                async for chunk in resp.content.iter_any():
                    if first is None:
                        first = time.perf_counter()
                    tail = (tail + chunk)[-TAIL:]
                body = tail
            else:
                body = await resp.read()
            end = time.perf_counter()
            status = resp.status
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        result.errors += 1
        result.first_error = result.first_error or f"{type(exc).__name__}: {exc}"
        return
    if status != 200 or target.expect not in body:
        result.errors += 1
        result.first_error = result.first_error or f"HTTP {status}: {body[:200]!r}"
        return
    result.ok += 1
    result.latencies.append(end - start)
    if first is not None:
        result.ttfbs.append(first - start)


async def drive(session: aiohttp.ClientSession, target: Target, *, requests: int, concurrency: int,
                duration: float) -> LoadResult:
    """Send `requests` requests, `concurrency` in flight, stopping early once `duration` seconds pass."""
    result = LoadResult(target.name, target.stream)
    issued = 0
    deadline = time.perf_counter() + duration

    async def worker() -> None:
        nonlocal issued
        while issued < requests and time.perf_counter() < deadline:
            issued += 1
            await _one(session, target, result)

    cpu_before = target.cpu_seconds() if target.cpu_seconds else None
    start = time.perf_counter()
    workers = [asyncio.ensure_future(worker()) for _ in range(max(1, min(concurrency, requests)))]
    # Requests in flight at the deadline may finish; anything still running a few seconds later is cut.
    done, pending = await asyncio.wait(workers, timeout=duration + 10)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    result.wall = time.perf_counter() - start
    if target.cpu_seconds and cpu_before is not None:
        result.server_cpu = target.cpu_seconds() - cpu_before
    for task in done:
        task.result()
    return result


def client_session(connections: int, timeout: float) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=connections, limit_per_host=connections, force_close=False)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout))
