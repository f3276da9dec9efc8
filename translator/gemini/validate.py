"""Strict validation of Gemini `GenerateContentRequest` bodies, failing the way the live API does.

The field tables come from `request_schema.json`, which `scripts/build_gemini_schema.py`
bundles from Google's v1beta OpenAPI spec. Bodies are proto3 JSON: every field may be
spelled in camelCase or snake_case, enum values match case-insensitively, numbers may
arrive as numeric strings, and `null` means "not set". Errors reproduce Google's text
(snake_case proto paths such as `'contents[0].parts[1]'`) in `message`, and carry the
path in the caller's own spelling in `field`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = [
    "GeminiValidationError",
    "camel_case_keys",
    "schema_enum_values",
    "schema_field_names",
    "validate_fragment",
    "validate_generate_content_request",
]

_API_TYPE_PREFIX = "type.googleapis.com/google.ai.generativelanguage.v1beta."
_REQUEST = "GenerateContentRequest"


class GeminiValidationError(Exception):
    """A request Gemini would answer with 400 INVALID_ARGUMENT."""

    def __init__(self, message: str, field: str | None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class _Type:
    kind: str  # message|struct|map|value|string|bytes|bool|int32|int64|float|double|enum|duration|timestamp
    name: str  # Google's name for the type in "Invalid value at ... (<name>)"
    ref: str = ""  # component name, for kind == "message"
    values: frozenset[str] = frozenset()  # upper-cased enum values
    entry: _Type | None = None  # value type, for kind == "map"


@dataclass(frozen=True, slots=True)
class _Field:
    camel: str
    snake: str
    type: _Type
    repeated: bool


@dataclass(frozen=True, slots=True)
class _Message:
    name: str
    fields: dict[str, _Field]  # keyed by both spellings
    camel_names: frozenset[str]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


_SCALAR_NAMES = {
    "string": "TYPE_STRING",
    "bytes": "TYPE_BYTES",
    "bool": "TYPE_BOOL",
    "int32": "TYPE_INT32",
    "int64": "TYPE_INT64",
    "float": "TYPE_FLOAT",
    "double": "TYPE_DOUBLE",
    "duration": "type.googleapis.com/google.protobuf.Duration",
    "timestamp": "type.googleapis.com/google.protobuf.Timestamp",
}
_STRING_FORMATS = {"byte": "bytes", "int64": "int64", "google-duration": "duration", "google-datetime": "timestamp"}
_VALUE = _Type("value", "type.googleapis.com/google.protobuf.Value")


def _scalar(kind: str) -> _Type:
    return _Type(kind, _SCALAR_NAMES[kind])


def _compile_type(spec: dict[str, Any], owner: str, field: str) -> _Type:
    if "$ref" in spec:
        return _Type("message", _API_TYPE_PREFIX + spec["$ref"], ref=spec["$ref"])
    kind = spec.get("type")
    if kind is None:
        return _VALUE
    if "enum" in spec:
        values = frozenset(value.upper() for value in spec["enum"])
        return _Type("enum", f"{_API_TYPE_PREFIX}{owner}.{_pascal(field)}", values=values)
    if kind == "object":
        entry = _compile_type(spec["additionalProperties"], owner, field)
        if entry.kind == "value":
            return _Type("struct", "type.google.protobuf.Struct")
        return _Type("map", f"{_API_TYPE_PREFIX}{owner}.{_pascal(field)}Entry", entry=entry)
    if kind == "string":
        return _scalar(_STRING_FORMATS.get(spec.get("format", ""), "string"))
    if kind == "integer":
        return _scalar("int64" if spec.get("format") == "int64" else "int32")
    if kind == "number":
        return _scalar("float" if spec.get("format") == "float" else "double")
    if kind == "boolean":
        return _scalar("bool")
    raise ValueError(f"{owner}.{field}: unsupported type {kind!r} in request_schema.json")


def _compile_message(name: str, schema: dict[str, Any]) -> _Message:
    fields: dict[str, _Field] = {}
    for camel, spec in schema["properties"].items():
        repeated = spec.get("type") == "array"
        element = spec["items"] if repeated else spec
        compiled = _Field(camel, _snake(camel), _compile_type(element, name, camel), repeated)
        fields[camel] = fields[compiled.snake] = compiled
    return _Message(name, fields, frozenset(schema["properties"]))


def _load_messages() -> dict[str, _Message]:
    package = __package__ or "translator.gemini"
    bundle = json.loads(resources.files(package).joinpath("request_schema.json").read_text(encoding="utf-8"))
    return {name: _compile_message(name, schema) for name, schema in bundle["schemas"].items()}


_MESSAGES = _load_messages()


# --------------------------------------------------------------------------- public API


def validate_generate_content_request(body: object) -> None:
    """Raise `GeminiValidationError` on the first problem Gemini would reject `body` for."""
    _validate_root(body, _REQUEST, "")


def validate_fragment(value: object, schema_name: str, path: str = "") -> None:
    """Validate `value` as the component `schema_name` (e.g. "GenerationConfig").

    `path` is where the fragment sits in the caller's request (e.g. "generationConfig"); it
    prefixes every reported field, and its snake_case form prefixes the message's path.
    """
    _validate_root(value, schema_name, path)


def schema_field_names(schema_name: str) -> frozenset[str]:
    """camelCase property names of a component schema, for allow-lists."""
    return _message(schema_name).camel_names


def schema_enum_values(schema_name: str, field: str) -> frozenset[str]:
    """Upper-cased enum values of a field, e.g. `("SafetySetting", "threshold")`."""
    spec = _message(schema_name).fields.get(field)
    if spec is None or spec.type.kind != "enum":
        raise ValueError(f"{schema_name}.{field} is not an enum field")
    return spec.type.values


def camel_case_keys(value: Any, schema_name: str) -> Any:
    """`value` with every field name the schema knows spelled in camelCase, nested messages included.

    Unknown keys, map keys and free-form (Struct/Value) contents are left as they are. Validate
    first: a body that spells one field both ways would collapse to one key here.
    """
    message = _message(schema_name)
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        spec = message.fields.get(key)
        if spec is None:
            out[key] = item
            continue
        out[spec.camel] = _camel_value(item, spec.type, spec.repeated)
    return out


def _camel_value(value: Any, type_: _Type, repeated: bool) -> Any:
    if repeated and isinstance(value, list):
        return [_camel_value(item, type_, False) for item in value]
    if type_.kind == "message":
        return camel_case_keys(value, type_.ref)
    if type_.kind == "map" and isinstance(value, dict) and type_.entry is not None and type_.entry.kind == "message":
        return {key: camel_case_keys(item, type_.entry.ref) for key, item in value.items()}
    return value


def _message(name: str) -> _Message:
    try:
        return _MESSAGES[name]
    except KeyError:
        raise ValueError(f"unknown Gemini schema {name!r}") from None


def _validate_root(value: object, schema_name: str, path: str) -> None:
    message = _message(schema_name)
    proto = re.sub(r"[A-Za-z_][A-Za-z0-9_]*", lambda m: _snake(m.group()), path)
    if not isinstance(value, dict):
        if not path:
            raise _unknown_name("", "", None, "Root element must be a message.")
        raise _invalid_value(proto, _API_TYPE_PREFIX + schema_name, value, path)
    try:
        _check_message(value, message, proto, path)
    except RecursionError:
        # Client-supplied schemas can nest deeper than Python's stack; Google caps depth too.
        raise GeminiValidationError("Invalid JSON payload received. Message too deep.", path or None) from None
    except _RuleViolation as violation:
        # Semantic errors name the request's root message, as Google's do.
        root = _REQUEST if path or schema_name == _REQUEST else schema_name
        text = violation.text if violation.proto is None else f"* {root}.{violation.proto}: {violation.text}"
        raise GeminiValidationError(text, violation.field) from None


# --------------------------------------------------------------------------- structural walk


def _join(parent: str, name: str) -> str:
    return f"{parent}.{name}" if parent else name


def _check_message(obj: dict[str, Any], message: _Message, proto: str, field: str) -> None:
    seen: dict[str, str] = {}
    for key, value in obj.items():
        spec = message.fields.get(key)
        if spec is None:
            raise _unknown_name(key, proto, _join(field, key), "Cannot find field.")
        if spec.camel in seen:
            # proto3 JSON takes either spelling; both at once leaves it unclear which wins.
            raise GeminiValidationError(
                f'Invalid JSON payload received. Duplicate field "{key}"{_at(proto)}: '
                f'already set as "{seen[spec.camel]}".',
                _join(field, key),
            )
        seen[spec.camel] = key
        if value is not None:
            _check_field(value, spec, key, proto, field)
    rule = _RULES.get(message.name)
    if rule is not None:
        rule(obj, message, proto, field)


def _check_field(value: object, spec: _Field, key: str, parent_proto: str, parent_field: str) -> None:
    proto, field = _join(parent_proto, spec.snake), _join(parent_field, key)
    if spec.repeated:
        for item, item_proto, item_field in _elements(value, proto, field):
            if item is None or isinstance(item, list):
                raise _invalid_value(item_proto, spec.type.name, item, item_field)
            _check_value(item, spec.type, item_proto, item_field)
    elif isinstance(value, list) and spec.type.kind != "value":
        raise _unknown_name(key, parent_proto, field, _NOT_REPEATING)
    else:
        _check_value(value, spec.type, proto, field)


def _elements(value: object, proto: str, field: str) -> Iterator[tuple[Any, str, str]]:
    """Items of a repeated field with their paths; a lone value counts as a one-item list, as Google parses it."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield item, f"{proto}[{index}]", f"{field}[{index}]"
    else:
        yield value, proto, field


def _check_value(value: object, type_: _Type, proto: str, field: str) -> None:
    kind = type_.kind
    if kind == "value":
        return
    if isinstance(value, dict):
        if kind == "message":
            _check_message(value, _MESSAGES[type_.ref], proto, field)
        elif kind == "map":
            _check_map(value, type_, proto, field)
        elif kind != "struct":
            raise GeminiValidationError(
                f"Invalid value at '{proto}' ({type_.name}), Starting an object on a scalar field", field
            )
        return
    check = _SCALAR_CHECKS.get(kind)
    if check is None or not check(value, type_):
        raise _invalid_value(proto, type_.name, value, field)


def _check_map(obj: dict[str, Any], type_: _Type, proto: str, field: str) -> None:
    assert type_.entry is not None
    for index, (key, value) in enumerate(obj.items()):
        # Google addresses map entries by position: `properties[0].value`.
        entry_proto, entry_field = f"{proto}[{index}].value", _join(field, str(key))
        if isinstance(value, list):
            raise _unknown_name("value", f"{proto}[{index}]", entry_field, _NOT_REPEATING)
        if value is None:
            raise _invalid_value(entry_proto, type_.entry.name, value, entry_field)
        _check_value(value, type_.entry, entry_proto, entry_field)


# --------------------------------------------------------------------------- scalars

_INTEGER = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NON_FINITE = frozenset({"NaN", "Infinity", "-Infinity"})
# Standard or URL-safe alphabet; line breaks tolerated. Catches data: URLs and raw bytes.
_BASE64 = re.compile(r"[A-Za-z0-9+/_=\r\n-]*")
_DURATION = re.compile(r"-?\d+(?:\.\d{1,9})?s")
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:[Zz]|[+-]\d\d:\d\d)")
_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
_FLOAT_MAX = 3.4028234663852886e38


def _numeric(value: object) -> int | float | None:
    """The number a proto3 JSON numeric field holds: a JSON number or a numeric string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        if _INTEGER.fullmatch(value):
            return int(value)
        if _DECIMAL.fullmatch(value) or value in _NON_FINITE:
            return float(value)
    return None


def _integer_in(value: object, bounds: tuple[int, int]) -> bool:
    number = _numeric(value)
    if isinstance(number, float):
        if not number.is_integer():
            return False
        number = int(number)
    return number is not None and bounds[0] <= number <= bounds[1]


def _real_within(value: object, limit: float) -> bool:
    number = _numeric(value)
    if number is None:
        return False
    try:
        real = float(number)
    except OverflowError:
        return False
    return not math.isfinite(real) or abs(real) <= limit


def _enum_ok(value: object, type_: _Type) -> bool:
    if isinstance(value, str):
        return value.upper() in type_.values
    return isinstance(value, int) and not isinstance(value, bool)


def _string_like(pattern: re.Pattern[str]) -> Callable[[object, _Type], bool]:
    return lambda value, _type: isinstance(value, str) and pattern.fullmatch(value) is not None


_SCALAR_CHECKS: dict[str, Callable[[object, _Type], bool]] = {
    "string": lambda value, _type: isinstance(value, str),
    "bool": lambda value, _type: isinstance(value, bool),
    "bytes": _string_like(_BASE64),
    "duration": _string_like(_DURATION),
    "timestamp": _string_like(_TIMESTAMP),
    "int32": lambda value, _type: _integer_in(value, _INT32),
    "int64": lambda value, _type: _integer_in(value, _INT64),
    "float": lambda value, _type: _real_within(value, _FLOAT_MAX),
    "double": lambda value, _type: _real_within(value, math.inf),
    "enum": _enum_ok,
}


# --------------------------------------------------------------------------- semantic rules


_Rule = Callable[[dict[str, Any], _Message, str, str], None]


class _RuleViolation(Exception):
    """A semantic 400. `proto` None means `text` is the whole message."""

    def __init__(self, proto: str | None, text: str, field: str) -> None:
        super().__init__(text)
        self.proto, self.text, self.field = proto, text, field


def _get(obj: dict[str, Any], message: _Message, camel: str) -> tuple[str, Any] | None:
    """(caller's key, value) of a set field, whichever spelling the caller used."""
    spec = message.fields[camel]
    for key in (camel, spec.snake):
        value = obj.get(key)
        if value is not None:
            return key, value
    return None


def _key(obj: dict[str, Any], message: _Message, camel: str) -> str:
    found = _get(obj, message, camel)
    return found[0] if found else camel


def _is_empty_list(value: object) -> bool:
    return isinstance(value, list) and not value


def _request_rule(obj: dict[str, Any], message: _Message, proto: str, field: str) -> None:
    found = _get(obj, message, "contents")
    contents_field = _join(field, _key(obj, message, "contents"))
    if found is None or _is_empty_list(found[1]):
        raise _RuleViolation(_join(proto, "contents"), "contents is not specified", contents_field)
    content_message = _MESSAGES["Content"]
    for content, content_proto, content_field in _elements(found[1], _join(proto, "contents"), contents_field):
        parts = _get(content, content_message, "parts")
        if parts is None or _is_empty_list(parts[1]):
            parts_field = _join(content_field, _key(content, content_message, "parts"))
            raise _RuleViolation(f"{content_proto}.parts", "contents.parts must not be empty.", parts_field)
        role = _get(content, content_message, "role")
        if role is not None and role[1] and role[1].lower() not in ("user", "model"):
            raise _RuleViolation(None, "Please use a valid role: user, model.", _join(content_field, role[0]))


def _oneof_rule(members: frozenset[str]) -> _Rule:
    """Exactly one of `members` (Part.data / FunctionResponsePart.data) must be set."""

    def rule(obj: dict[str, Any], message: _Message, proto: str, field: str) -> None:
        keys = [key for key, value in obj.items() if value is not None and message.fields[key].camel in members]
        if not keys:
            raise _RuleViolation(
                _join(proto, "data"), "required oneof field 'data' must have one initialized field", field
            )
        if len(keys) > 1:
            raise _RuleViolation(
                None,
                f"Invalid value at '{proto}' (oneof), oneof field 'data' is already set. Cannot set '{keys[1]}'",
                _join(field, keys[1]),
            )

    return rule


_PART_DATA = frozenset(
    {
        "text",
        "inlineData",
        "fileData",
        "functionCall",
        "functionResponse",
        "executableCode",
        "codeExecutionResult",
        "toolCall",
        "toolResponse",
    }
)
_SCHEMA_MIME_TYPES = ("application/json", "text/x.enum")
_MAX_STOP_SEQUENCES = 5


def _generation_config_rule(obj: dict[str, Any], message: _Message, proto: str, field: str) -> None:
    stops = _get(obj, message, "stopSequences")
    if stops is not None and isinstance(stops[1], list) and len(stops[1]) > _MAX_STOP_SEQUENCES:
        raise _RuleViolation(
            _join(proto, "stop_sequences"),
            f"stop_sequences must have at most {_MAX_STOP_SEQUENCES} elements, got {len(stops[1])}.",
            _join(field, stops[0]),
        )
    _check_range(obj, message, proto, field, "temperature", 0.0, 2.0, "[0.0, 2.0]")
    _check_response_schema(obj, message, proto, field)
    logprobs = _get(obj, message, "logprobs")
    if logprobs is not None:
        enabled = _get(obj, message, "responseLogprobs")
        if enabled is None or enabled[1] is not True:
            raise _RuleViolation(
                _join(proto, "logprobs"),
                "logprobs is only valid if response_logprobs is true.",
                _join(field, logprobs[0]),
            )
        _check_range(obj, message, proto, field, "logprobs", 0, 20, "[0, 20]")


def _check_range(
    obj: dict[str, Any], message: _Message, proto: str, field: str, camel: str, low: float, high: float, shown: str
) -> None:
    found = _get(obj, message, camel)
    if found is None:
        return
    number = _numeric(found[1])
    if number is None or not low <= number <= high:
        snake = message.fields[camel].snake
        raise _RuleViolation(
            _join(proto, snake), f"{snake} must be in the range {shown}.", _join(field, found[0])
        )


def _check_response_schema(obj: dict[str, Any], message: _Message, proto: str, field: str) -> None:
    legacy = _get(obj, message, "responseSchema")
    json_schema = _get(obj, message, "responseJsonSchema")
    if legacy is not None and json_schema is not None:
        raise _RuleViolation(
            _join(proto, "response_json_schema"),
            "response_schema and response_json_schema cannot both be set.",
            _join(field, json_schema[0]),
        )
    schema = legacy or json_schema
    if schema is None:
        return
    mime = _get(obj, message, "responseMimeType")
    if mime is None or mime[1].strip().lower() not in _SCHEMA_MIME_TYPES:
        schema_snake = message.fields["responseSchema" if legacy else "responseJsonSchema"].snake
        raise _RuleViolation(
            _join(proto, "response_mime_type"),
            f"response_mime_type must be 'application/json' or 'text/x.enum' when {schema_snake} is set.",
            _join(field, mime[0] if mime else schema[0]),
        )


def _thinking_config_rule(obj: dict[str, Any], message: _Message, proto: str, field: str) -> None:
    level = _get(obj, message, "thinkingLevel")
    if level is not None and _get(obj, message, "thinkingBudget") is not None:
        raise _RuleViolation(
            None, "You can only set only one of thinking budget and thinking level.", _join(field, level[0])
        )


def _function_declaration_rule(obj: dict[str, Any], message: _Message, proto: str, field: str) -> None:
    for legacy, json_schema in (("parameters", "parametersJsonSchema"), ("response", "responseJsonSchema")):
        found = _get(obj, message, json_schema)
        if found is not None and _get(obj, message, legacy) is not None:
            snake = message.fields[json_schema].snake
            raise _RuleViolation(
                _join(proto, snake), f"{legacy} and {snake} cannot both be set.", _join(field, found[0])
            )


def _tool_rule(obj: dict[str, Any], message: _Message, proto: str, field: str) -> None:
    if not any(value is not None and not _is_empty_list(value) for value in obj.values()):
        raise _RuleViolation(
            _join(proto, "tool_type"), "required one_of 'tool_type' must have one initialized field", field
        )


_RULES: dict[str, _Rule] = {
    _REQUEST: _request_rule,
    "Part": _oneof_rule(_PART_DATA),
    "FunctionResponsePart": _oneof_rule(frozenset({"inlineData"})),
    "GenerationConfig": _generation_config_rule,
    "ThinkingConfig": _thinking_config_rule,
    "FunctionDeclaration": _function_declaration_rule,
    "Tool": _tool_rule,
}


# --------------------------------------------------------------------------- error text


def _at(proto: str) -> str:
    return f" at '{proto}'" if proto else ""


_NOT_REPEATING = "Proto field is not repeating, cannot start list."


def _unknown_name(name: object, parent_proto: str, field: str | None, reason: str) -> GeminiValidationError:
    text = f'Invalid JSON payload received. Unknown name "{name}"{_at(parent_proto)}: {reason}'
    return GeminiValidationError(text, field)


def _invalid_value(proto: str, type_name: str, value: object, field: str) -> GeminiValidationError:
    return GeminiValidationError(f"Invalid value at '{proto}' ({type_name}), {_render(value)}", field)


def _render(value: object, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= limit else text[: limit - 3] + "..."
