"""Function names Gemini would reject, mapped reversibly to names it accepts."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

# Gemini: a letter or underscore first, then letters, digits, `_ . : -`, at most 128 characters.
_VALID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$")
_BAD_CHARS = re.compile(r"[^A-Za-z0-9_.:-]")


def gemini_safe_name(name: str) -> str:
    """A deterministic Gemini-valid name; the same client name always maps to the same one."""
    if _VALID.match(name):
        return name
    cleaned = _BAD_CHARS.sub("_", name)
    if not cleaned or not (cleaned[0].isalpha() or cleaned[0] == "_"):
        cleaned = "_" + cleaned
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned[:110]}_{digest}"


class ToolNames:
    """Both directions of the name mapping for one request, built from the names it declares."""

    __slots__ = ("_to_client", "_to_gemini")

    def __init__(self, client_names: Iterable[str] = ()) -> None:
        self._to_gemini: dict[str, str] = {}
        self._to_client: dict[str, str] = {}
        for name in client_names:
            self.add(name)

    def add(self, client_name: str) -> str:
        gemini = self._to_gemini.get(client_name)
        if gemini is None:
            gemini = gemini_safe_name(client_name)
            self._to_gemini[client_name] = gemini
            self._to_client.setdefault(gemini, client_name)
        return gemini

    def to_gemini(self, client_name: str) -> str:
        # Names met only in history are remembered too, so a call to one comes back under the client's name.
        return self.add(client_name)

    def to_client(self, gemini_name: str) -> str:
        return self._to_client.get(gemini_name, gemini_name)
