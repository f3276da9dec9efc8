"""translator.convert.schema_cache: memoised tool parameter conversion gives what the uncached path gives."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from translator.convert import schema_cache
from translator.convert.schema import SchemaError, function_parameters, to_json_schema
from translator.convert.schema_cache import parameters_json_schema

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "schemas"


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    schema_cache.clear_cache()
    yield
    schema_cache.clear_cache()


def _uncached(parameters: Any) -> Any:
    params = function_parameters(parameters)
    return None if params is None else to_json_schema(params)


def _inputs() -> list[tuple[str, Any]]:
    return [(p.stem, json.loads(p.read_text(encoding="utf-8"))["input"]) for p in sorted(FIXTURES.glob("*.json"))]


@pytest.mark.parametrize("name, parameters", _inputs(), ids=[n for n, _ in _inputs()])
def test_first_and_cached_calls_equal_the_uncached_conversion(name: str, parameters: Any) -> None:
    try:
        expected = _uncached(copy.deepcopy(parameters))
    except SchemaError:
        for _ in range(2):  # failures are raised on every call, never cached
            with pytest.raises(SchemaError):
                parameters_json_schema(parameters)
        assert schema_cache.cache_size() == 0
        return
    first = parameters_json_schema(parameters)
    second = parameters_json_schema(parameters)
    assert first == expected
    assert second == expected
    assert json.dumps(second) == json.dumps(expected)  # key order too: it is what Gemini receives
    assert schema_cache.cache_size() == 1


def test_each_hit_is_a_fresh_copy() -> None:
    parameters = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    parameters_json_schema(parameters)
    hit = parameters_json_schema(parameters)
    assert hit is not None
    hit["properties"]["city"]["type"] = "integer"
    hit["required"].append("x")
    assert parameters_json_schema(parameters) == _uncached(parameters)


def test_schemas_differing_only_in_key_order_are_kept_apart() -> None:
    a = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}
    b = {"type": "object", "properties": {"b": {"type": "string"}, "a": {"type": "string"}}}
    assert list(parameters_json_schema(a)["properties"]) == ["a", "b"]  # type: ignore[index]
    assert list(parameters_json_schema(b)["properties"]) == ["b", "a"]  # type: ignore[index]


def test_functions_without_arguments_stay_none_when_cached() -> None:
    assert parameters_json_schema({}) is None
    assert parameters_json_schema({}) is None
    assert parameters_json_schema(None) is None


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_cache, "MAX_ENTRIES", 3)
    for i in range(10):
        parameters_json_schema({"type": "object", "properties": {f"p{i}": {"type": "string"}}})
    assert schema_cache.cache_size() == 3


def test_oversized_schemas_are_converted_but_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_cache, "MAX_SCHEMA_BYTES", 10)
    parameters = {"type": "object", "properties": {"city": {"type": "string"}}}
    assert parameters_json_schema(parameters) == _uncached(parameters)
    assert schema_cache.cache_size() == 0
