"""Validate our output against the official OpenAI OpenAPI spec (skips where ../shared is absent)."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest

from tests.helpers import SHARED

SPEC = SHARED / "specs" / "openai-openapi.json"


def _fix_nullable(node: Any) -> Any:
    """The spec is OAS 3.1 but still uses 3.0's `nullable: true`; rewrite it as a null union."""
    if isinstance(node, dict):
        fixed = {k: _fix_nullable(v) for k, v in node.items() if k != "nullable"}
        if node.get("nullable") is True:
            return {"anyOf": [fixed, {"type": "null"}]}
        return fixed
    if isinstance(node, list):
        return [_fix_nullable(v) for v in node]
    return node


@functools.cache
def _components() -> dict[str, Any]:
    return _fix_nullable(json.loads(SPEC.read_text())["components"])


@functools.cache
def _validator(schema_name: str) -> Any:
    from openapi_schema_validator import OAS31Validator

    return OAS31Validator({"$ref": f"#/components/schemas/{schema_name}", "components": _components()})


def assert_valid(schema_name: str, instance: Any) -> None:
    if not SPEC.exists():
        pytest.skip("../shared/specs is not available")
    errors = sorted(_validator(schema_name).iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message[:300]}" for e in errors[:5])
