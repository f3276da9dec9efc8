"""Process-wide settings for running the service (the CLI applies them; embedding apps may choose to)."""

from __future__ import annotations

import gc

# Python's default (700, 10, 10) runs a young-generation collection every 700 net container allocations.
# A request with tools allocates thousands (pydantic models, schema dicts), and with requests in flight
# objects survive into older generations, so full collections ran every few requests: with 30 tools that
# cost ~25% of the CPU and put 20 ms pauses into p99 (python -m bench.run --tools 30).
GC_THRESHOLDS = (10_000, 10, 10)


def tune_gc() -> None:
    """Collect the young generation less often; cycles are still collected, just in larger batches."""
    gc.set_threshold(*GC_THRESHOLDS)
