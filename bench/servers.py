"""The upstream, the passthrough and translator, each in its own process on a loopback port.

Each server is a `spawn`ed process (a fresh interpreter, no state forked from the load generator) that
binds 127.0.0.1 on a free port, reports the port, and serves until told to stop (SIGTERM), until its parent
goes away, or until `max_lifetime` seconds have passed, whichever is first: nothing outlives a bench run.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import queue
import signal
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any

from aiohttp import web

HOST = "127.0.0.1"
BENCH_KEY = "bench-upstream-key"
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_HAS_SCHEDSTAT = os.path.exists("/proc/self/schedstat")


def _build_app(kind: str, config: dict[str, Any]) -> web.Application:
    if kind == "upstream":
        from bench.upstream import UpstreamOptions, upstream_app

        return upstream_app(UpstreamOptions(**config))
    if kind == "passthrough":
        from bench.passthrough import passthrough_app

        return passthrough_app(config["upstream_url"], BENCH_KEY)
    if kind == "translator":
        from translator.app import create_app
        from translator.config import Settings

        return create_app(
            Settings(host=HOST, gemini_base_url=config["upstream_url"], gemini_api_keys=(BENCH_KEY,),
                     log_level="WARNING")
        )
    raise ValueError(f"unknown server kind {kind!r}")


async def _serve(kind: str, config: dict[str, Any], ports: Any, max_lifetime: float, parent: int) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    # No access log on any server: each would pay for one line per request, which is not what we measure.
    runner = web.AppRunner(_build_app(kind, config), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, HOST, 0, backlog=1024)
    await site.start()
    ports.put(runner.addresses[0][1])
    deadline = loop.time() + max_lifetime
    while not stop.is_set() and loop.time() < deadline and os.getppid() == parent:
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except asyncio.TimeoutError:
            pass
    await runner.cleanup()


def _child_main(kind: str, config: dict[str, Any], ports: Any, max_lifetime: float, parent: int) -> None:
    from translator.runtime import tune_gc

    # Every server runs with the GC settings `translator serve` uses, so the comparison is like for like.
    tune_gc()
    logging.basicConfig(level=logging.WARNING, format=f"[{kind}] %(levelname)s %(name)s: %(message)s")
    asyncio.run(_serve(kind, config, ports, max_lifetime, parent))


@dataclass
class Server:
    kind: str
    process: BaseProcess
    url: str

    @property
    def pid(self) -> int:
        assert self.process.pid is not None
        return self.process.pid

    def rss_kib(self) -> int:
        """Resident set size now, from /proc/<pid>/status (VmRSS, in KiB)."""
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError(f"no VmRSS for pid {self.pid}")

    def cpu_seconds(self) -> float:
        """CPU time the process's threads have used so far.

        /proc/<pid>/task/*/schedstat counts nanoseconds on the CPU; /proc/<pid>/stat only whole clock
        ticks (10 ms), too coarse for a few hundred requests, so it is the fallback only.
        """
        if not _HAS_SCHEDSTAT:
            with open(f"/proc/{self.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
        total_ns = 0
        for tid in os.listdir(f"/proc/{self.pid}/task"):
            try:
                with open(f"/proc/{self.pid}/task/{tid}/schedstat") as f:
                    total_ns += int(f.read().split()[0])
            except FileNotFoundError:  # the thread ended while we looked
                continue
        return total_ns / 1e9

    def stop(self, timeout: float = 5.0) -> None:
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout)


def start_server(kind: str, config: dict[str, Any] | None = None, *, max_lifetime: float = 600.0,
                 start_timeout: float = 20.0) -> Server:
    ctx = multiprocessing.get_context("spawn")
    ports = ctx.Queue()
    process = ctx.Process(
        target=_child_main, args=(kind, config or {}, ports, max_lifetime, os.getpid()),
        name=f"bench-{kind}", daemon=True,
    )
    process.start()
    try:
        port = ports.get(timeout=start_timeout)
    except queue.Empty:
        process.kill()
        process.join(5)
        raise RuntimeError(f"the {kind} server did not start within {start_timeout:g} s "
                           f"(exit code {process.exitcode})") from None
    return Server(kind, process, f"http://{HOST}:{port}")
