"""Memory per open stream: a server's RSS growth while K streams are held open by the upstream."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

import aiohttp

from bench.load import Target


@dataclass
class MemoryResult:
    target: str
    streams: int
    opened: int
    rss_before_kib: int
    rss_open_kib: int
    rss_after_kib: int
    completed: int

    @property
    def kib_per_stream(self) -> float:
        return (self.rss_open_kib - self.rss_before_kib) / self.opened if self.opened else float("nan")


async def _held_count(session: aiohttp.ClientSession, upstream_url: str) -> int:
    async with session.get(f"{upstream_url}/bench/held") as resp:
        return int((await resp.json())["held"])


async def _release(session: aiohttp.ClientSession, upstream_url: str) -> None:
    async with session.post(f"{upstream_url}/bench/release") as resp:
        await resp.read()


async def open_streams(session: aiohttp.ClientSession, target: Target, upstream_url: str, rss_kib: Callable[[], int],
                       *, streams: int, timeout: float, warmup: int = 5) -> MemoryResult:
    """Open `streams` streams the upstream holds after its first event; read RSS before and while open.

    A few held streams are opened and released first, so what is lazily imported or allocated once per
    process (the stream handler's modules, the first pooled connections) is not counted per stream.
    """
    deadline = time.perf_counter() + timeout
    first_bytes = 0
    completed = 0
    all_open = asyncio.Event()

    async def one(count_first: bool) -> None:
        nonlocal first_bytes, completed
        async with session.post(target.url, data=target.body, headers=target.headers) as resp:
            got_first = False
            tail = b""
            async for chunk in resp.content.iter_any():
                if not got_first and count_first:
                    got_first = True
                    first_bytes += 1
                    if first_bytes >= streams:
                        all_open.set()
                tail = (tail + chunk)[-512:]
            if resp.status == 200 and target.expect in tail:
                completed += 1

    async def wait_held(count: int) -> int:
        held = 0
        while time.perf_counter() < deadline:
            held = await _held_count(session, upstream_url)
            if held >= count:
                break
            await asyncio.sleep(0.05)
        return held

    warm = [asyncio.ensure_future(one(False)) for _ in range(warmup)]
    await wait_held(warmup)
    await _release(session, upstream_url)
    await asyncio.wait_for(asyncio.gather(*warm, return_exceptions=True), max(1.0, deadline - time.perf_counter()))
    await asyncio.sleep(0.2)

    before = rss_kib()
    completed = 0
    tasks = [asyncio.ensure_future(one(True)) for _ in range(streams)]
    try:
        await asyncio.wait_for(all_open.wait(), max(0.1, deadline - time.perf_counter()))
    except asyncio.TimeoutError:
        pass
    held = await wait_held(streams)
    # Let buffers settle, then take the highest of a few readings.
    open_rss = 0
    for _ in range(5):
        await asyncio.sleep(0.1)
        open_rss = max(open_rss, rss_kib())
    opened = min(first_bytes, held)
    await _release(session, upstream_url)
    remaining = max(1.0, deadline + 10 - time.perf_counter())
    done, pending = await asyncio.wait(tasks, timeout=remaining)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        task.exception()  # a failed stream shows as not completed; its exception is not re-raised
    await asyncio.sleep(0.2)
    return MemoryResult(target.name, streams, opened, before, open_rss, rss_kib(), completed)
