"""The incremental SSE decoder: spec line handling, splits across reads, Google's bare error object."""

from __future__ import annotations

import pytest

from tests.helpers import recording
from translator.sse import SSEDecoder


def decode(*reads: bytes) -> list[str]:
    decoder = SSEDecoder()
    events = [event for chunk in reads for event in decoder.feed(chunk)]
    return events + decoder.close()


CASES = [
    ("lf", b"data: a\n\ndata: b\n\n", ["a", "b"]),
    ("crlf", b"data: a\r\n\r\ndata: b\r\n\r\n", ["a", "b"]),
    ("bare_cr", b"data: a\r\rdata: b\r\r", ["a", "b"]),
    ("mixed_endings", b"data: a\r\n\ndata: b\r\rdata: c\n\r\n", ["a", "b", "c"]),
    ("multi_line_data_joined_with_lf", b"data: {\"a\":\r\ndata: 1}\r\n\r\n", ['{"a":\n1}']),
    ("comments_ignored", b": keep-alive\n\n:x\ndata: a\n: mid\n\n", ["a"]),
    ("other_fields_ignored", b"event: message\nid: 7\nretry: 10\ndata: a\n\n", ["a"]),
    ("no_space_after_colon", b"data:a\n\n", ["a"]),
    ("only_one_space_stripped", b"data:  a\n\n", [" a"]),
    ("field_without_colon_is_empty_data", b"data\n\n", [""]),
    ("event_without_data_not_dispatched", b"event: ping\n\n\n\ndata: a\n\n", ["a"]),
    ("bom_stripped_once", b"\xef\xbb\xbfdata: a\n\ndata: \xef\xbb\xbfb\n\n", ["a", "\ufeffb"]),
    ("unterminated_last_event_kept_at_eof", b"data: a\n\ndata: b", ["a", "b"]),
    ("unterminated_line_with_blank", b"data: a\n", ["a"]),
    ("non_ascii", "data: héllo ✓ \u2028 x\n\n".encode(), ["héllo ✓ \u2028 x"]),
    ("invalid_utf8_replaced", b"data: a\xffb\n\n", ["a\ufffdb"]),
    ("bare_json_error_object", b"data: a\r\n\r\n{\n  \"error\": {\n    \"code\": 499\n  }\n}\r\n\r\n",
     ["a", '{\n  "error": {\n    "code": 499\n  }\n}']),
    ("bare_json_at_eof", b'{"error": {"code": 500}}', ['{"error": {"code": 500}}']),
    ("brace_after_data_is_a_field", b"data: a\n{ignored\n\n", ["a"]),
]


@pytest.mark.parametrize("raw, expected", [(raw, exp) for _, raw, exp in CASES], ids=[c[0] for c in CASES])
def test_line_handling(raw: bytes, expected: list[str]) -> None:
    assert decode(raw) == expected
    # One byte per read: the same events, whatever the boundaries.
    assert decode(*(raw[i : i + 1] for i in range(len(raw)))) == expected


def test_crlf_split_across_reads_is_one_line_end() -> None:
    assert decode(b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n") == ["a", "b"]
    # A lone CR at the end of a read followed by data (not LF) is a line end of its own.
    assert decode(b"data: a\r", b"\rdata: b\r\r") == ["a", "b"]


def test_events_come_out_as_soon_as_they_are_complete() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r\n") == []
    assert decoder.feed(b"\r\ndata: b") == ["a"]
    assert decoder.feed(b"\r\n\r\n") == ["b"]
    assert decoder.close() == []


SPLIT_RECORDINGS = [
    "stream_text_gemini-2.5-flash.sse",
    "stream_parallel_tool_calls_gemini-2.5-flash.sse",
    "stream_thinking_then_tool_call_gemini-3-flash-preview.sse",
    "stream_code_execution_intermediate_finish_gemini-2.5-flash.sse",
    "stream_error_mid_stream.sse",
    "stream_prompt_blocked_safety.sse",
]
LARGE_RECORDINGS = ["stream_grounding_google_search_gemini-2.5-pro.sse", "stream_thinking_gemini-3-flash-preview.sse"]


@pytest.mark.parametrize("name", SPLIT_RECORDINGS)
def test_every_split_point_decodes_the_same(name: str) -> None:
    raw = recording(name)
    whole = decode(raw)
    assert whole and all(event.lstrip().startswith("{") for event in whole)
    for i in range(len(raw) + 1):
        assert decode(raw[:i], raw[i:]) == whole, f"split at byte {i}"


@pytest.mark.parametrize("name", LARGE_RECORDINGS)
def test_large_recordings_fed_in_small_reads(name: str) -> None:
    raw = recording(name)  # multi-byte characters (°, ’) get split between reads
    whole = decode(raw)
    for size in (1, 3, 7, 64):
        assert decode(*(raw[i : i + size] for i in range(0, len(raw), size))) == whole


@pytest.mark.parametrize("name", SPLIT_RECORDINGS + LARGE_RECORDINGS)
def test_line_ending_style_does_not_matter(name: str) -> None:
    raw = recording(name)
    whole = decode(raw)
    lf = raw.replace(b"\r\n", b"\n")
    cr = lf.replace(b"\n", b"\r")
    assert decode(lf) == whole
    assert decode(cr) == whole
    assert decode(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")) == whole


def test_recorded_events_count() -> None:
    assert len(decode(recording("stream_grounding_google_search_gemini-2.5-pro.sse"))) == 10
    events = decode(recording("stream_error_mid_stream.sse"))
    assert len(events) == 3 and events[2].startswith("{\n  \"error\"")
