"""translator.runtime: the process-wide settings `translator serve` applies before serving."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from translator import cli
from translator.runtime import GC_THRESHOLDS, tune_gc


@pytest.fixture(autouse=True)
def restore_gc_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_tune_gc_raises_the_young_generation_threshold() -> None:
    tune_gc()
    assert gc.get_threshold() == GC_THRESHOLDS
    assert GC_THRESHOLDS[0] > 700


def test_serve_tunes_the_gc_before_serving(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_run_app(app: Any, **kwargs: Any) -> None:
        seen["thresholds"] = gc.get_threshold()
        seen["port"] = kwargs["port"]

    for name in ("GEMINI_API_KEY", "TRANSLATOR_API_KEYS", "TRANSLATOR_MOCK", "TRANSLATOR_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cli.web, "run_app", fake_run_app)
    assert cli.main(["serve", "--port", "18080", "--mock"]) == 0
    assert seen == {"thresholds": GC_THRESHOLDS, "port": 18080}
