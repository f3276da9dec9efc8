"""Validate payloads against the official OpenAI spec (../shared/specs/openai-openapi.json).

The file is OAS 3.1 but still uses the 3.0 keyword `nullable: true`, which a 2020-12 validator
ignores; every such node is rewritten to `anyOf: [node, {"type": "null"}]` first (see
openai-client-contract.md, section 1). Each validator is built once per test session.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from tests.helpers import SHARED

SPEC = SHARED / "specs" / "openai-openapi.json"


def _fix_nullable(node: Any) -> Any:
    if isinstance(node, list):
        return [_fix_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    fixed = {key: _fix_nullable(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable") is True:
        return {"anyOf": [fixed, {"type": "null"}]}
    return fixed


@cache
def _components() -> dict[str, Any]:
    return _fix_nullable(json.loads(SPEC.read_text())["components"])


@cache
def _validator(schema_name: str) -> Any:
    from openapi_schema_validator import OAS31Validator

    return OAS31Validator({"$ref": f"#/components/schemas/{schema_name}", "components": _components()})


def spec_errors(schema_name: str, payload: Any) -> list[str]:
    """Every way `payload` breaks the spec's `schema_name`; skips the test when the spec is absent."""
    if not SPEC.exists():
        pytest.skip(f"{SPEC} is not available (../shared is absent)")
    errors = _validator(schema_name).iter_errors(payload)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def assert_valid_chunks(chunks: list[dict[str, Any]]) -> None:
    for chunk in chunks:
        problems = spec_errors("CreateChatCompletionStreamResponse", chunk)
        assert not problems, f"{chunk} breaks the spec: {problems}"


def assert_valid(schema_name: str, payload: Any) -> None:
    problems = spec_errors(schema_name, payload)
    assert not problems, "; ".join(p[:300] for p in problems[:5])
