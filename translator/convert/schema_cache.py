"""Function parameter schemas converted once: agents send the same tools on every turn.

Converting a tool's `parameters` (`function_parameters` then `to_json_schema`) costs about 13 us per
typical MCP-style tool, so a 30-tool agent request spent ~0.4 ms of CPU per turn redoing identical work.
Results are kept by the exact JSON text of the client's schema (key order included, since it is part of
what is sent), in a bounded LRU, and every call returns a fresh copy decoded from the cached bytes: a
caller may change what it gets without touching the cache or the next request.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import orjson

from translator.convert.schema import JsonDict, function_parameters, to_json_schema

MAX_ENTRIES = 512
# Larger schemas are converted every time rather than held in memory.
MAX_SCHEMA_BYTES = 256 * 1024

_cache: OrderedDict[bytes, bytes] = OrderedDict()


def parameters_json_schema(parameters: Any) -> JsonDict | None:
    """`to_json_schema(function_parameters(parameters))`, or None for a function without arguments.

    Raises `SchemaError` as those do; failures are not cached.
    """
    try:
        key = orjson.dumps(parameters)
    except TypeError:  # not JSON (cannot come from a parsed body; converted uncached all the same)
        key = None
    if key is not None:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return orjson.loads(hit)  # type: ignore[no-any-return]
    params = function_parameters(parameters)
    result = None if params is None else to_json_schema(params)
    if key is not None and len(key) <= MAX_SCHEMA_BYTES:
        _cache[key] = orjson.dumps(result)
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
    return result


def cache_size() -> int:
    return len(_cache)


def clear_cache() -> None:
    _cache.clear()
