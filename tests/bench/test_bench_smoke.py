"""The bench runs end to end with tiny counts and prints its tables. Timings are never asserted."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench.load import percentile
from bench.run import stream_handler_present
from tests.helpers import ROOT


def _run_bench(*extra: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--requests", "20", "--concurrency", "2", "--duration", "3",
         "--rounds", "1", "--warmup", "2", *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def _rows(output: str, title: str) -> dict[str, list[str]]:
    """The rows of the table under `title`, by their first cell."""
    lines = output.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    rows: dict[str, list[str]] = {}
    for line in lines[start + 3 :]:
        if not line.strip():
            break
        cells = line.split()
        rows[cells[0]] = cells[1:]
    return rows


def test_bench_prints_both_targets_and_the_overhead() -> None:
    stream = stream_handler_present()
    output = _run_bench(*(["--stream", "--streams", "10"] if stream else []))
    plain = _rows(output, "non-stream")
    assert set(plain) == {"passthrough", "translator", "overhead"}
    # ok and errors columns: every request answered, none failed.
    assert plain["passthrough"][:2] == ["20", "0"]
    assert plain["translator"][:2] == ["20", "0"]
    if stream:
        streamed = _rows(output, "stream")
        assert streamed["translator"][:2] == ["20", "0"]
        assert streamed["passthrough"][:2] == ["20", "0"]
        memory = _rows(output, "memory per open stream")
        assert memory["translator"][0] == "10/10"
        assert memory["passthrough"][0] == "10/10"
    else:
        assert "stream phases skipped" not in output  # --stream was not asked for


def test_stream_flag_without_the_stream_handler_is_reported_not_crashed() -> None:
    if stream_handler_present():
        pytest.skip("the stream handler is present: the stream phases run in the test above")
    output = _run_bench("--stream")
    assert "note: stream phases skipped" in output
    assert set(_rows(output, "non-stream")) == {"passthrough", "translator", "overhead"}


def test_percentile_interpolates_between_ranks() -> None:
    values = [4.0, 1.0, 3.0, 2.0]
    assert percentile(values, 0) == 1.0
    assert percentile(values, 50) == 2.5
    assert percentile(values, 100) == 4.0
    assert percentile([7.0], 99) == 7.0
