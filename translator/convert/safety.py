"""Safety both ways: client `safety_settings` -> Gemini `safetySettings`, and Gemini's ratings and
prompt feedback -> OpenAI-side extension fields.

The service adds no safety settings of its own; an operator may configure defaults
(`TRANSLATOR_SAFETY_SETTINGS`), which the client's settings override category by category.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from translator.errors import invalid_request
from translator.gemini.validate import schema_enum_values

CATEGORIES = schema_enum_values("SafetySetting", "category")
THRESHOLDS = schema_enum_values("SafetySetting", "threshold")
_CATEGORY_PREFIX = "HARM_CATEGORY_"


def _enum(value: Any, allowed: frozenset[str], prefix: str = "") -> str | None:
    if not isinstance(value, str):
        return None
    name = value.strip().upper().replace("-", "_").replace(" ", "_")
    if name in allowed:
        return name
    if prefix and prefix + name in allowed:
        return prefix + name
    return None


def normalize_safety_settings(value: Any, param: str) -> list[dict[str, str]]:
    """Validate `[{category, threshold}]`; `HARASSMENT` and `harassment` mean `HARM_CATEGORY_HARASSMENT`."""
    if not isinstance(value, list):
        raise invalid_request(f"{param} must be a list of {{category, threshold}} objects.", param=param,
                              code="invalid_value")
    settings: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(value):
        where = f"{param}[{i}]"
        if not isinstance(item, dict):
            raise invalid_request(f"{where} must be an object with category and threshold.", param=where,
                                  code="invalid_value")
        for key in item:
            if key not in ("category", "threshold"):
                raise invalid_request(
                    f"Unknown field {where}.{key}: a safety setting takes category and threshold.",
                    param=f"{where}.{key}", code="invalid_value",
                )
        category = _enum(item.get("category"), CATEGORIES, _CATEGORY_PREFIX)
        if category is None:
            raise invalid_request(
                f"Invalid {where}.category {item.get('category')!r}: use one of {_listing(CATEGORIES)}.",
                param=f"{where}.category", code="invalid_value",
            )
        threshold = _enum(item.get("threshold"), THRESHOLDS)
        if threshold is None:
            raise invalid_request(
                f"Invalid {where}.threshold {item.get('threshold')!r}: use one of {_listing(THRESHOLDS)}.",
                param=f"{where}.threshold", code="invalid_value",
            )
        if category in seen:
            raise invalid_request(
                f"{where}.category repeats {category} from {param}[{seen[category]}].",
                param=f"{where}.category", code="invalid_value",
            )
        seen[category] = i
        settings.append({"category": category, "threshold": threshold})
    return settings


def merge_safety_settings(*layers: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """Later layers override earlier ones per category; order is first appearance."""
    merged: dict[str, dict[str, str]] = {}
    for layer in layers:
        for setting in layer:
            merged[setting["category"]] = setting
    return list(merged.values())


def _listing(values: Iterable[str]) -> str:
    return ", ".join(sorted(v for v in values if not v.endswith("_UNSPECIFIED")))


# ---- response side -------------------------------------------------------------------------


def _snake(key: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", key).lower()


def safety_ratings(ratings: Any) -> list[dict[str, Any]] | None:
    """Gemini `safetyRatings` with snake_case keys (`category`, `probability`, `blocked`, ...)."""
    if not isinstance(ratings, list) or not ratings:
        return None
    return [{_snake(k): v for k, v in r.items()} for r in ratings if isinstance(r, dict)]


def prompt_feedback(feedback: Any) -> dict[str, Any] | None:
    """`promptFeedback` as `{block_reason, block_reason_message?, safety_ratings?}`."""
    if not isinstance(feedback, dict) or not feedback:
        return None
    out: dict[str, Any] = {}
    for key, value in feedback.items():
        name = _snake(key)
        out[name] = safety_ratings(value) if name == "safety_ratings" else value
    return out
