"""Gemini's built-in tools through the OpenAI surface: `web_search_options` and `tools` entries
such as `{"type": "google_search"}` -> Gemini `tools` entries and `toolConfig.retrievalConfig`.

Accepted spellings of one tool entry (`google_search`, `url_context`, `google_maps`, `code_execution`):
`{"type": "<kind>"}`, `{"<kind>": {...options}}` and `{"type": "<kind>", "<kind>": {...options}}`.
Options use the names of Gemini's schema in snake_case (camelCase works too). `google_maps` also takes
the user's location, `lat_lng: {latitude, longitude}` and `language_code`, which Gemini reads from
`toolConfig.retrievalConfig`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from translator.catalog import capabilities
from translator.errors import invalid_request
from translator.gemini.validate import GeminiValidationError, validate_fragment
from translator.openai.request import ChatCompletionRequest

# OpenAI-side kind -> (Gemini Tool field, Gemini schema of its options)
KINDS: dict[str, tuple[str, str]] = {
    "google_search": ("googleSearch", "GoogleSearch"),
    "url_context": ("urlContext", "UrlContext"),
    "google_maps": ("googleMaps", "GoogleMaps"),
    "code_execution": ("codeExecution", "CodeExecution"),
}
_BY_CAMEL = {gemini: kind for kind, (gemini, _) in KINDS.items()}
_LOCATION_KEYS = {"lat_lng": "latLng", "latLng": "latLng", "language_code": "languageCode", "languageCode": "languageCode"}


@dataclass
class BuiltinTools:
    """What the built-in tools of a request add to the Gemini body."""

    tools: list[dict[str, Any]] = field(default_factory=list)
    # OpenAI-side kinds, in request order, for messages.
    kinds: list[str] = field(default_factory=list)
    retrieval: dict[str, Any] | None = None


def _kind_key(key: str) -> str | None:
    return key if key in KINDS else _BY_CAMEL.get(key)


def is_builtin_tool(raw: Any) -> bool:
    """Whether a `tools[]` entry is meant as a Gemini built-in (it may still be malformed)."""
    if not isinstance(raw, dict):
        return False
    kind = raw.get("type")
    if kind is not None:
        return kind in KINDS
    return any(_kind_key(k) for k in raw)


def _camel(value: Any) -> Any:
    """proto3 JSON takes both spellings; we send Gemini's own (camelCase) to keep bodies uniform."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            head, *rest = str(key).split("_")
            out[head + "".join(w[:1].upper() + w[1:] for w in rest)] = _camel(item)
        return out
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


def _validated(options: dict[str, Any], schema: str, param: str) -> dict[str, Any]:
    try:
        validate_fragment(options, schema)
    except GeminiValidationError as exc:
        where = f"{param}.{exc.field}" if exc.field else param
        raise invalid_request(f"Invalid option at '{where}': {exc.message}", param=where) from None
    return _camel(options)


def _entry(raw: dict[str, Any], param: str) -> tuple[str, dict[str, Any], str]:
    """(kind, options, options' param path) of one tools[] entry."""
    declared = raw.get("type")
    keyed = [k for k in raw if k != "type"]
    if declared is not None and not isinstance(declared, str):
        raise invalid_request("A tool's type must be a string.", param=f"{param}.type")
    kind = declared or next(kind for kind in map(_kind_key, keyed) if kind)
    unknown = [k for k in keyed if _kind_key(k) != kind]
    if unknown:
        raise invalid_request(
            f"Unexpected key {unknown[0]!r} in a {kind} tool: write {{\"type\": \"{kind}\", \"{kind}\": {{...options}}}}.",
            param=f"{param}.{unknown[0]}",
        )
    key = next((k for k in keyed if _kind_key(k) == kind), None)
    options = raw.get(key) if key else None
    where = f"{param}.{key}" if key else param
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise invalid_request(f"The options of a {kind} tool must be an object.", param=where)
    return str(kind), options, where


def _maps_location(options: dict[str, Any], param: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Split the user's location (our spelling on the google_maps tool) off its Gemini options."""
    location = {_LOCATION_KEYS[k]: v for k, v in options.items() if k in _LOCATION_KEYS}
    rest = {k: v for k, v in options.items() if k not in _LOCATION_KEYS}
    if not location:
        return rest, None
    retrieval = _validated(location, "RetrievalConfig", param)
    lat_lng = retrieval.get("latLng")
    if lat_lng is not None:
        _check_coordinates(lat_lng, f"{param}.lat_lng")
    return rest, retrieval


def _check_coordinates(lat_lng: Any, param: str) -> None:
    if not isinstance(lat_lng, dict) or lat_lng.get("latitude") is None or lat_lng.get("longitude") is None:
        raise invalid_request("lat_lng needs both latitude and longitude.", param=param)
    for name, bound in (("latitude", 90.0), ("longitude", 180.0)):
        if not -bound <= float(lat_lng[name]) <= bound:
            raise invalid_request(f"{name} must be between -{bound:g} and {bound:g}.", param=f"{param}.{name}")


def _search_options_location(req: ChatCompletionRequest) -> dict[str, Any] | None:
    opts = req.web_search_options
    approx = opts.user_location.approximate if opts and opts.user_location else None
    if approx is None or approx.latitude is None or approx.longitude is None:
        return None
    return {"latLng": {"latitude": approx.latitude, "longitude": approx.longitude}}


def _check_interval(options: dict[str, Any], param: str) -> None:
    window = options.get("timeRangeFilter")
    if isinstance(window, dict) and (window.get("startTime") is None) != (window.get("endTime") is None):
        raise invalid_request(
            "time_range_filter needs both start_time and end_time.", param=f"{param}.time_range_filter"
        )


def collect_builtin_tools(req: ChatCompletionRequest) -> BuiltinTools:
    """Parse every built-in tool of a request (no model rules applied yet)."""
    found = BuiltinTools()
    seen: dict[str, str] = {}
    for i, raw in enumerate(req.tools or []):
        if not is_builtin_tool(raw):
            continue
        param = f"tools[{i}]"
        kind, options, where = _entry(raw, param)
        if kind in seen:
            raise invalid_request(f"tools lists {kind} twice ({seen[kind]} and {param}).", param=param)
        seen[kind] = param
        gemini_field, schema = KINDS[kind]
        if kind == "google_maps":
            options, retrieval = _maps_location(options, where)
            if retrieval:
                found.retrieval = retrieval
        options = _validated(options, schema, where)
        if kind == "google_search":
            _check_interval(options, where)
        found.tools.append({gemini_field: options})
        found.kinds.append(kind)

    if req.web_search_options is not None and "google_search" not in seen:
        found.tools.insert(0, {"googleSearch": {}})
        found.kinds.insert(0, "google_search")
    # The google_maps tool's location wins over web_search_options' coordinates.
    found.retrieval = {**(_search_options_location(req) or {}), **(found.retrieval or {})} or None
    return found


def builtin_tools(req: ChatCompletionRequest, model: str, *, has_functions: bool) -> BuiltinTools:
    """Built-in tools for `model`, with Gemini's rules for combining them checked here, as clear 400s."""
    found = collect_builtin_tools(req)
    if not found.tools:
        return found
    caps = capabilities(model)
    if "google_maps" in found.kinds and not caps.maps:
        raise invalid_request(f"{model} does not support Google Maps grounding.", param="tools", code="unsupported_tool")
    if has_functions and not caps.builtin_with_functions:
        names = ", ".join(found.kinds)
        source = " (web_search_options turns on google_search)" if req.web_search_options is not None else ""
        raise invalid_request(
            f"{model} cannot combine built-in tools ({names}){source} with function tools in one request; "
            "Gemini 3 models can. Send them in separate requests or use a Gemini 3 model.",
            param="tools",
            code="unsupported_tool_combination",
        )
    return found


def builtin_tool_config(found: BuiltinTools, *, has_functions: bool) -> dict[str, Any]:
    """The `toolConfig` fields the built-in tools need."""
    config: dict[str, Any] = {}
    if found.retrieval:
        config["retrievalConfig"] = found.retrieval
    if found.tools and has_functions:
        # Gemini refuses built-in tools beside functions without this ("Please enable
        # tool_config.include_server_side_tool_invocations to use Built-in tools with Function calling.").
        config["includeServerSideToolInvocations"] = True
    return config


def ignored_search_options(req: ChatCompletionRequest) -> list[str]:
    """`web_search_options` fields that have no Gemini equivalent, for x-translator-ignored-params."""
    opts = req.web_search_options
    if opts is None:
        return []
    ignored = []
    if opts.search_context_size is not None:
        ignored.append("web_search_options.search_context_size")
    approx = opts.user_location.approximate if opts.user_location else None
    if approx is not None:
        for name in ("city", "country", "region", "timezone"):
            if getattr(approx, name) is not None:
                ignored.append(f"web_search_options.user_location.approximate.{name}")
    return ignored
