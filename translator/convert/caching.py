"""`cached_content` -> Gemini `cachedContent` (a `cachedContents/<id>` resource name)."""

from __future__ import annotations

import re
from typing import Any

from translator.errors import invalid_request

_PREFIX = "cachedContents/"
_ID = re.compile(r"[A-Za-z0-9_-]+")


def cached_content_name(value: Any, param: str) -> str:
    """`cachedContents/abc` or the bare id `abc` -> `cachedContents/abc`."""
    name = value.strip() if isinstance(value, str) else ""
    cache_id = name[len(_PREFIX):] if name.startswith(_PREFIX) else name
    if not _ID.fullmatch(cache_id):
        raise invalid_request(
            f"{param} must name a cache as 'cachedContents/<id>' or '<id>', got {value!r}.",
            param=param,
            code="invalid_value",
        )
    return _PREFIX + cache_id
