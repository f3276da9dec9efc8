"""translator.convert.signatures: tool-call ids that carry Gemini ids and signature tags, and the store."""

from __future__ import annotations

import re

import pytest

from translator.convert.signatures import (
    DUMMY_SIGNATURE,
    MemorySignatureStore,
    ToolCallIds,
    echoed_signature,
    google_extra,
    ids_to_look_up,
    signature_secret,
    signatures_to_store,
    validates_signatures,
)

SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
LONG_SIGNATURE = "EskgCsYgAb4+9vtF7/499YQS2bjZs3xcQI+iAl+ILn29nK1j0Kg6su7QsUUUk3nrAAfnS2w5WiVvlcCqu9fAebJ2" * 40


@pytest.mark.parametrize(
    "gemini_id, signature, kept",
    [
        pytest.param("PPik6Btt", None, "PPik6Btt", id="gemini-id-unsigned"),
        pytest.param("PPik6Btt", "c2ln", "PPik6Btt", id="gemini-id-signed"),
        pytest.param("call_966934", LONG_SIGNATURE, "call_966934", id="gemini-call-digits-signed"),
        pytest.param(None, None, None, id="no-id-unsigned"),
        pytest.param(None, LONG_SIGNATURE, None, id="no-id-signed"),
        pytest.param("", "c2ln", None, id="empty-id"),
        pytest.param("function-call/1 2", None, None, id="unsafe-chars-replaced"),
        pytest.param("x" * 41, "c2ln", None, id="over-long-replaced"),
    ],
)
def test_minted_ids_are_bounded_and_read_back(gemini_id: str | None, signature: str | None, kept: str | None) -> None:
    ids = ToolCallIds("secret")
    call_id = ids.mint(gemini_id, signature)
    assert SAFE_ID.fullmatch(call_id) and len(call_id) <= 64
    parsed = ids.parse(call_id)
    assert parsed.gemini_id == kept
    if kept is None:
        assert call_id.startswith("call_")
    assert (parsed.tag is not None) == (signature is not None)
    if signature is not None:
        assert ids.matches(call_id, signature)
        assert not ids.matches(call_id, signature + "x")


def test_fresh_ids_are_unique() -> None:
    ids = ToolCallIds()
    assert len({ids.mint(None, None) for _ in range(1000)}) == 1000


def test_tags_depend_on_the_secret() -> None:
    call_id = ToolCallIds("tenant-a").mint("abc", "c2ln")
    assert ToolCallIds("tenant-a").matches(call_id, "c2ln")
    assert not ToolCallIds("tenant-b").matches(call_id, "c2ln")


@pytest.mark.parametrize(
    "client_id, gemini_id",
    [
        pytest.param("call_0123456789abcdef01234567", None, id="our-fresh-id"),
        pytest.param("call_abc123XYZ", "call_abc123XYZ", id="foreign-openai-id-goes-back"),
        pytest.param("toolu_01A09q90qw90lq917835lq9", "toolu_01A09q90qw90lq917835lq9", id="foreign-anthropic-id"),
        pytest.param("g1bmv6il", "g1bmv6il", id="gemini-id"),
    ],
)
def test_parse_untagged_ids(client_id: str, gemini_id: str | None) -> None:
    parsed = ToolCallIds().parse(client_id)
    assert parsed.gemini_id == gemini_id
    assert parsed.tag is None


def test_signature_secret_prefers_the_configured_one() -> None:
    assert signature_secret("shared", "key") == "shared"
    assert signature_secret("", "key") == "key"


@pytest.mark.parametrize(
    "model, expected",
    [
        ("gemini-3-flash-preview", True),
        ("gemini-3-pro-preview", True),
        ("gemini-3.1-flash-lite", True),
        ("gemini-3.1-pro-preview", True),
        ("gemini-flash-latest", True),  # an alias of a Gemini 3 model
        ("gemini-2.5-flash", False),
        ("gemini-2.5-pro", False),
        ("some-custom-model", False),
    ],
)
def test_which_models_validate_signatures(model: str, expected: bool) -> None:
    assert validates_signatures(model) is expected


@pytest.mark.parametrize(
    "extra, expected",
    [
        (google_extra("c2ln"), "c2ln"),
        ({"google": {"thought_signature": ""}}, None),
        ({"google": {"thought_signature": 5}}, None),
        ({"google": "c2ln"}, None),
        ({"other": {}}, None),
        (None, None),
        ("c2ln", None),
    ],
)
def test_echoed_signature(extra: object, expected: str | None) -> None:
    assert echoed_signature(extra) == expected


async def test_memory_store_is_a_bounded_lru() -> None:
    store = MemorySignatureStore(max_entries=2)
    await store.put("a", "1")
    await store.put("b", "2")
    assert await store.get("a") == "1"  # refreshes a
    await store.put("c", "3")  # evicts b, the least recently used
    assert await store.get("b") is None
    assert await store.get("a") == "1" and await store.get("c") == "3"
    assert len(store) == 2


async def test_memory_store_of_size_zero_keeps_nothing() -> None:
    store = MemorySignatureStore(max_entries=0)
    await store.put("a", "1")
    assert await store.get("a") is None


def test_ids_to_look_up_skips_echoed_and_untagged_calls() -> None:
    ids = ToolCallIds()
    tagged = ids.mint("a1", "c2ln")
    echoed = ids.mint("a2", "c2lnMg==")
    calls = [(tagged, None), (echoed, google_extra("c2lnMg==")), ("call_x", None), (tagged, None)]
    assert ids_to_look_up(calls, ids) == [tagged]


def test_signatures_to_store_reads_messages_and_deltas() -> None:
    completion = {
        "choices": [
            {"message": {"tool_calls": [{"id": "a_ts1", "extra_content": google_extra("s1")}, {"id": "b"}]}},
            {"delta": {"tool_calls": [{"id": "c_ts2", "extra_content": google_extra("s2")}]}},
            {"message": {"content": "x", "extra_content": google_extra("text-only")}},
        ]
    }
    assert signatures_to_store(completion) == [("a_ts1", "s1"), ("c_ts2", "s2")]


def test_the_placeholder_is_googles_documented_value() -> None:
    assert DUMMY_SIGNATURE == "skip_thought_signature_validator"
