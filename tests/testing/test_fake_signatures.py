"""The fake upstream enforces Gemini 3's thought-signature rule."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from translator.testing import FakeGemini, missing_thought_signature

SIG = "c2ln"


def fc(name: str, sig: str | None = None) -> dict[str, Any]:
    part: dict[str, Any] = {"functionCall": {"name": name, "args": {}}}
    if sig is not None:
        part["thoughtSignature"] = sig
    return part


def fr(name: str) -> dict[str, Any]:
    return {"functionResponse": {"name": name, "response": {"output": 1}}}


def user(*parts: dict[str, Any]) -> dict[str, Any]:
    return {"role": "user", "parts": list(parts)}


def model(*parts: dict[str, Any]) -> dict[str, Any]:
    return {"role": "model", "parts": list(parts)}


CASES = [
    pytest.param([user({"text": "q"}), model(fc("a", SIG), fc("b")), user(fr("a"), fr("b"))], None, id="signed-parallel"),
    pytest.param([user({"text": "q"}), model(fc("a"), fc("b", SIG)), user(fr("a"), fr("b"))], ("a", 2), id="first-unsigned"),
    pytest.param([user({"text": "q"}), model({"text": "t"}, fc("a")), user(fr("a"))], ("a", 2), id="text-first"),
    pytest.param([user({"text": "q"}), model(fc("a", SIG)), user(fr("a")), model(fc("b")), user(fr("b"))], ("b", 4),
                 id="second-step-unsigned"),
    pytest.param([user({"text": "q"}), model(fc("a")), user(fr("a")), model({"text": "done"}), user({"text": "next"})],
                 None, id="earlier-turn-not-checked"),
    pytest.param([user({"text": "q"}), model(fc("a")), user(fr("a"), {"text": "and now?"})], None,
                 id="results-with-text-start-a-turn"),
    pytest.param([user({"text": "q"}), model(fc("a", "skip_thought_signature_validator")), user(fr("a"))], None,
                 id="placeholder-counts"),
    pytest.param([user({"text": "q"}), {"role": "model", "parts": [{"function_call": {"name": "a"}, "thought_signature": SIG}]},
                  user(fr("a"))], None, id="snake-case"),
]


@pytest.mark.parametrize("contents, expected", CASES)
def test_rule(contents: list[dict[str, Any]], expected: tuple[str, int] | None) -> None:
    assert missing_thought_signature({"contents": contents}) == expected


async def test_fake_rejects_only_gemini_3() -> None:
    fake = FakeGemini()
    runner, url = await fake.start()
    body = {"contents": [user({"text": "q"}), model(fc("lookup")), user(fr("lookup"))]}
    try:
        async with aiohttp.ClientSession(headers={"x-goog-api-key": "k"}) as session:
            async with session.post(f"{url}/v1beta/models/gemini-3-flash-preview:generateContent", json=body) as resp:
                assert resp.status == 400
                err = (await resp.json())["error"]
                assert err["status"] == "INVALID_ARGUMENT"
                assert err["message"].startswith("Function call is missing a thought_signature in functionCall parts.")
                assert "`default_api:lookup` , position 2." in err["message"]
            async with session.post(f"{url}/v1beta/models/gemini-2.5-flash:generateContent", json=body) as resp:
                assert resp.status == 200
    finally:
        await runner.cleanup()
