"""Model ids as clients write them -> the id Gemini's API knows."""

from __future__ import annotations

from translator.errors import invalid_request

_PREFIXES = ("models/", "google/", "gemini/")


def normalize_model_id(model: str, param: str = "model") -> str:
    """`gemini-2.5-flash`, `models/gemini-2.5-flash` and `google/gemini-2.5-flash` name one model."""
    name = model.strip()
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    if not name or "/" in name or "?" in name or "#" in name or ":" in name or ".." in name:
        raise invalid_request(f"Invalid model id {model!r}.", param=param, code="invalid_model")
    return name
