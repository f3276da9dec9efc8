"""translator.convert.tool_names: function names Gemini would reject, mapped reversibly."""

from __future__ import annotations

import re

import pytest

from translator.convert.tool_names import ToolNames, gemini_safe_name

GEMINI_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]{0,127}")


@pytest.mark.parametrize("name", ["get_weather", "_private", "ns.tool", "mcp:github:create_issue", "a-b", "x" * 128])
def test_valid_names_are_kept(name: str) -> None:
    assert gemini_safe_name(name) == name


@pytest.mark.parametrize("name", ["1st", "-flag", "has space", "ümlaut", "emoji😀", "x" * 129, "", "a/b"])
def test_invalid_names_become_valid_deterministic_and_distinct(name: str) -> None:
    mapped = gemini_safe_name(name)
    assert GEMINI_NAME.fullmatch(mapped)
    assert mapped == gemini_safe_name(name)
    assert mapped != name


def test_similar_names_do_not_collide() -> None:
    names = ["a b", "a/b", "a\tb", "1a", "2a"]
    assert len({gemini_safe_name(n) for n in names}) == len(names)


def test_both_directions() -> None:
    names = ToolNames(["1st-tool", "ok"])
    gemini = names.to_gemini("1st-tool")
    assert names.to_client(gemini) == "1st-tool"
    assert names.to_gemini("ok") == "ok" and names.to_client("ok") == "ok"
    assert names.to_client("undeclared") == "undeclared"


def test_history_only_names_map_back_too() -> None:
    names = ToolNames()
    gemini = names.to_gemini("9lives")
    assert names.to_client(gemini) == "9lives"
