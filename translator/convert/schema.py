"""Client JSON Schemas (tool `parameters`, `response_format` schemas) -> the schema dialects Gemini accepts.

Two targets:

* `to_json_schema`: for `parametersJsonSchema` / `responseJsonSchema`. The schema stays JSON Schema and keeps its
  meaning: `$ref`/`$defs`, `anyOf`/`oneOf`, type arrays, `additionalProperties`, `const`, `format`, `default`...
  Only what is not JSON Schema or what Gemini documents it refuses is changed.
* `to_openapi_schema`: Gemini's legacy OpenAPI-subset `Schema` (`parameters` / `responseSchema`), the fallback for
  hosts that reject the JSON-Schema fields. `$ref`s are inlined, unions and nullability are rewritten, and every
  constraint the dialect cannot carry is appended to `description` so the model still sees it.

`function_parameters` normalises a function's `parameters` before either conversion (object root, or None for an
argument-less function).

Everything is pure. Outputs share unchanged sub-trees with the input, so treat them as read-only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Final
from urllib.parse import unquote

JsonDict = dict[str, Any]

__all__ = [
    "DEFAULT_MAX_REF_DEPTH",
    "LEGACY_SCHEMA_KEYS",
    "SchemaError",
    "function_parameters",
    "to_json_schema",
    "to_openapi_schema",
]


class SchemaError(ValueError):
    """A schema that cannot be sent to Gemini at all; `path` locates the culprit (`properties.user.$ref`)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{message} (at {path})" if path else message)
        self.message = message
        self.path = path


# The keywords of the legacy `Schema` component (components.schemas.Schema in the v1beta OpenAPI file).
LEGACY_SCHEMA_KEYS: Final = frozenset(
    {
        "anyOf", "description", "enum", "example", "format", "items", "maximum", "maxItems", "maxLength",
        "maxProperties", "minimum", "minItems", "minLength", "minProperties", "nullable", "pattern", "properties",
        "propertyOrdering", "required", "title", "type",
    }
)  # fmt: skip

# How many nested `$ref` expansions a path may hold before a recursive `$ref` is cut off (legacy dialect only).
DEFAULT_MAX_REF_DEPTH: Final = 6
_MAX_NESTING: Final = 200  # schema nesting, far beyond anything Gemini accepts; keeps Python's stack safe
_NODE_BUDGET: Final = 5000  # legacy output nodes; past it every `$ref` is cut instead of inlined
_NOTE_VALUE_CHARS: Final = 160

_TYPES: Final = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})

# Keywords whose value is one schema, a name -> schema map, or a list of schemas (JSON Schema 2020-12 and draft-07).
_SUBSCHEMA: Final = frozenset(
    {
        "items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "additionalItems",
        "contains", "propertyNames", "not", "if", "then", "else", "contentSchema",
    }
)  # fmt: skip
_SUBSCHEMA_MAP: Final = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_SUBSCHEMA_LIST: Final = frozenset({"anyOf", "oneOf", "allOf", "prefixItems"})
_NON_EMPTY_LIST: Final = frozenset({"anyOf", "oneOf", "allOf"})
# Where a `false` schema is an ordinary way to close an object or array rather than a schema matching nothing.
_FALSE_OK: Final = frozenset(
    {"additionalProperties", "unevaluatedProperties", "unevaluatedItems", "additionalItems", "items", "propertyNames"}
)
# Not JSON Schema (OpenAI's `strict`, OpenAPI's `discriminator`) or refused/pointless upstream (`$schema`).
_JSON_DROP: Final = frozenset({"strict", "$schema", "discriminator"})

_ANNOTATIONS: Final = frozenset(
    {"title", "description", "default", "examples", "example", "deprecated", "readOnly", "writeOnly", "$comment"}
)
_BY_TYPE: Final[dict[str, frozenset[str]]] = {
    "string": frozenset({"minLength", "maxLength", "pattern", "format", "contentEncoding", "contentMediaType"}),
    "number": frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format"}),
    "integer": frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format"}),
    "array": frozenset(
        {
            "items",
            "prefixItems",
            "additionalItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
            "minContains",
            "maxContains",
            "unevaluatedItems",
        }
    ),
    "object": frozenset(
        {
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "propertyNames",
            "minProperties",
            "maxProperties",
            "dependentRequired",
            "dependentSchemas",
            "dependencies",
            "unevaluatedProperties",
            "propertyOrdering",
        }
    ),
    "boolean": frozenset(),
    "null": frozenset(),
}
_TYPED_KEYWORDS: Final = frozenset().union(*_BY_TYPE.values())
_OBJECT_HINTS: Final = _BY_TYPE["object"] - {"propertyOrdering"}
_ARRAY_HINTS: Final = frozenset({"items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems"})

# `format` values Gemini's legacy dialect is known to accept. Others drew 400s ("format: only 'enum' and
# 'date-time' are supported for STRING type", gemini-2.5-pro, google-gemini/gemini-cli#3178), so they move into the
# description, where the model still reads them.
_SAFE_FORMATS: Final[dict[str, frozenset[str]]] = {
    "string": frozenset({"date-time", "enum"}),
    "integer": frozenset({"int32", "int64"}),
    "number": frozenset({"float", "double"}),
}

# Legacy-root keys that say nothing about a function's arguments (see `function_parameters`).
_NO_ARGUMENT_KEYS: Final = frozenset(
    {"type", "title", "description", "$schema", "$id", "$comment", "strict", "$defs", "definitions", "examples",
     "default", "properties", "required", "additionalProperties", "propertyOrdering"}
)  # fmt: skip


# --------------------------------------------------------------------------------------------------------------
# Shared helpers


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _json_type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _dump(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    return text if len(text) <= _NOTE_VALUE_CHARS else text[: _NOTE_VALUE_CHARS - 1] + "…"


def _normalise_type_name(value: Any) -> Any:
    if isinstance(value, str) and value not in _TYPES:
        lowered = value.lower()
        return lowered if lowered in _TYPES else value
    return value


def _unescape(segment: str) -> str:
    return unquote(segment).replace("~1", "/").replace("~0", "~")


def _iter_dicts(value: Any) -> Iterator[JsonDict]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


@dataclass
class _Resolver:
    """Local `$ref` lookup against one root document (`#`, `#/json/pointer`, `#anchor`)."""

    root: Any
    _anchors: dict[str, JsonDict] | None = field(default=None, repr=False)

    def resolve(self, ref: Any, path: str) -> Any:
        if not isinstance(ref, str):
            raise SchemaError("`$ref` must be a string", path)
        if ref == "#":
            return self.root
        if ref.startswith("#/"):
            return self._pointer(ref, path)
        if ref.startswith("#") and len(ref) > 1:
            return self._anchor(ref, path)
        raise SchemaError(
            f"only local `$ref`s (starting with '#') can be sent; {ref!r} points outside the schema", path
        )

    def _pointer(self, ref: str, path: str) -> Any:
        node = self.root
        for raw in ref[2:].split("/"):
            segment = _unescape(raw)
            if isinstance(node, dict) and segment in node:
                node = node[segment]
            elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
                node = node[int(segment)]
            else:
                raise SchemaError(f"`$ref` {ref!r} points to a definition that does not exist", path)
        return node

    def _anchor(self, ref: str, path: str) -> JsonDict:
        if self._anchors is None:
            self._anchors = {}
            for node in _iter_dicts(self.root):
                anchor = node.get("$anchor")
                if isinstance(anchor, str):
                    self._anchors.setdefault(anchor, node)
        target = self._anchors.get(unquote(ref[1:]))
        if target is None:
            raise SchemaError(f"`$ref` {ref!r} names an anchor that does not exist", path)
        return target


# --------------------------------------------------------------------------------------------------------------
# JSON-Schema dialect

_DROPPED = object()


def to_json_schema(schema: JsonDict) -> JsonDict:
    """`schema` as Gemini's `parametersJsonSchema` / `responseJsonSchema` take it.

    Dropped everywhere a schema sits (never inside `properties` names or data such as `enum`): OpenAI's `strict`,
    `$schema`, OpenAPI's `discriminator`, `x-*` extensions. Normalised without changing meaning: upper-case type
    names, draft-04 boolean `exclusiveMinimum`/`exclusiveMaximum`, draft-07 tuple `items` (-> `prefixItems`), root
    `definitions` (-> `$defs`, with the `$ref`s rewritten), OpenAPI `nullable` (-> a `null` type or branch), and a
    `$ref` with non-`$` siblings (Gemini allows none) is moved into a one-branch `anyOf`.

    Raises `SchemaError` for a `$ref` that is external or dangling, a non-object schema, or a `false` schema where
    it would reject everything.
    """
    if not isinstance(schema, dict):
        raise SchemaError("a schema must be a JSON object")
    walk = _JsonWalk(schema)
    out = walk.node(schema, "", 0, false_ok=False)
    return dict(out) if out is schema else out


class _JsonWalk:
    def __init__(self, root: JsonDict) -> None:
        self.resolver = _Resolver(root)
        defs, legacy_defs = root.get("$defs"), root.get("definitions")
        self.rename_definitions = isinstance(legacy_defs, dict) and (
            defs is None or (isinstance(defs, dict) and not defs.keys() & legacy_defs.keys())
        )

    def node(self, value: Any, path: str, depth: int, *, false_ok: bool) -> Any:
        if value is True:
            return value
        if value is False:
            if false_ok:
                return value
            raise SchemaError("a `false` schema accepts no value at all", path)
        if not isinstance(value, dict):
            raise SchemaError("a schema must be a JSON object", path)
        if depth > _MAX_NESTING:
            raise SchemaError("the schema is nested too deeply", path)

        out: JsonDict | None = None  # copy-on-write: stays None while nothing changes
        for i, (key, val) in enumerate(value.items()):
            new = self._value(key, val, path, depth)
            if out is None:
                if new is val:
                    continue
                out = dict(islice(value.items(), i))
            if new is not _DROPPED:
                out[key] = new
        node = value if out is None else out

        if depth == 0 and self.rename_definitions:
            node = _rename_definitions(node)
        if "nullable" in node:
            node = _json_nullable(node)
        if isinstance(node.get("items"), list):
            node = _json_tuple_items(node)
        if isinstance(node.get("exclusiveMinimum"), bool) or isinstance(node.get("exclusiveMaximum"), bool):
            node = _json_boolean_exclusive(node)
        if "$ref" in node and "anyOf" not in node and any(_is_ref_sibling(k) for k in node):
            node = _json_wrap_ref(node)
        return node

    def _value(self, key: str, val: Any, path: str, depth: int) -> Any:
        if key in _JSON_DROP or key.startswith("x-"):
            return _DROPPED
        if key == "type":
            if isinstance(val, list):
                lowered = [_normalise_type_name(t) for t in val]
                return val if all(a is b for a, b in zip(lowered, val, strict=True)) else lowered
            return _normalise_type_name(val)
        if key == "$ref":
            self.resolver.resolve(val, _join(path, key))
            if self.rename_definitions and isinstance(val, str) and val.startswith("#/definitions/"):
                return "#/$defs/" + val[len("#/definitions/") :]
            return val
        if key in _SUBSCHEMA:
            if key == "items" and isinstance(val, list):
                return self._list(val, _join(path, key), depth)
            return self.node(val, _join(path, key), depth + 1, false_ok=key in _FALSE_OK)
        if key in _SUBSCHEMA_MAP:
            return self._map(val, _join(path, key), depth)
        if key in _SUBSCHEMA_LIST:
            if key in _NON_EMPTY_LIST and (not isinstance(val, list) or not val):
                raise SchemaError(f"`{key}` must be a non-empty list of schemas", _join(path, key))
            return self._list(val, _join(path, key), depth)
        if key == "dependencies" and isinstance(val, dict):  # draft-07: name -> schema or list of names
            return self._map(val, _join(path, key), depth, skip_lists=True)
        return val

    def _map(self, val: Any, path: str, depth: int, *, skip_lists: bool = False) -> Any:
        if not isinstance(val, dict):
            raise SchemaError("expected an object mapping names to schemas", path)
        out: JsonDict | None = None
        for i, (name, sub) in enumerate(val.items()):
            new = (
                sub
                if skip_lists and isinstance(sub, list)
                else self.node(sub, _join(path, name), depth + 1, false_ok=False)
            )
            if out is None:
                if new is sub:
                    continue
                out = dict(islice(val.items(), i))
            out[name] = new
        return val if out is None else out

    def _list(self, val: Any, path: str, depth: int) -> Any:
        if not isinstance(val, list):
            raise SchemaError("expected a list of schemas", path)
        new = [self.node(sub, _join(path, i), depth + 1, false_ok=False) for i, sub in enumerate(val)]
        return val if all(a is b for a, b in zip(new, val, strict=True)) else new


def _is_ref_sibling(key: str) -> bool:
    return not key.startswith("$") and key != "definitions"


def _rename_definitions(node: JsonDict) -> JsonDict:
    out = {k: v for k, v in node.items() if k != "definitions"}
    out["$defs"] = {**(node.get("$defs") or {}), **node["definitions"]}
    return out


def _json_nullable(node: JsonDict) -> JsonDict:
    out = {k: v for k, v in node.items() if k != "nullable"}
    if node["nullable"] is not True:
        return out
    t = out.get("type")
    if isinstance(t, str) or isinstance(t, list):
        types = [t] if isinstance(t, str) else list(t)
        if "null" not in types:
            out["type"] = [*types, "null"]
        enum = out.get("enum")
        if isinstance(enum, list) and None not in enum:
            out["enum"] = [*enum, None]
        return out
    if isinstance(out.get("anyOf"), list):
        if not any(_is_null_schema(b) for b in out["anyOf"]):
            out["anyOf"] = [*out["anyOf"], {"type": "null"}]
        return out
    core = {k: v for k, v in out.items() if k not in _ANNOTATIONS and not k.startswith("$")}
    if not core:
        return out
    wrapped = {k: v for k, v in out.items() if k not in core}
    wrapped["anyOf"] = [core, {"type": "null"}]
    return wrapped


def _json_tuple_items(node: JsonDict) -> JsonDict:
    out = {k: v for k, v in node.items() if k not in ("items", "additionalItems")}
    if "prefixItems" not in out:
        out["prefixItems"] = node["items"]
        if "additionalItems" in node:
            out["items"] = node["additionalItems"]
    return out


def _json_boolean_exclusive(node: JsonDict) -> JsonDict:
    out = dict(node)
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = out.get(exclusive)
        if not isinstance(flag, bool):
            continue
        del out[exclusive]
        if flag and _is_number(out.get(bound)):
            out[exclusive] = out.pop(bound)
    return out


def _json_wrap_ref(node: JsonDict) -> JsonDict:
    # Gemini: "If $ref is set on a sub-schema, no other properties, except for those starting as a $, may be set."
    # A one-branch anyOf means the same and leaves room for the field's description, default, etc.
    out: JsonDict = {}
    for key, val in node.items():
        if key == "$ref":
            out["anyOf"] = [{"$ref": val}]
        else:
            out[key] = val
    return out


def _is_null_schema(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    t = value.get("type")
    if t == "null" or t == ["null"]:
        return True
    return "type" not in value and (value.get("const", 0) is None or value.get("enum") == [None])


# --------------------------------------------------------------------------------------------------------------
# Legacy OpenAPI-subset dialect


def to_openapi_schema(schema: JsonDict, *, max_ref_depth: int = DEFAULT_MAX_REF_DEPTH) -> JsonDict:
    """`schema` as Gemini's legacy `Schema` (`parameters` / `responseSchema`); only `LEGACY_SCHEMA_KEYS` survive.

    `$ref`s are inlined; a recursive one is cut off once `max_ref_depth` expansions are nested on its path and
    becomes a bare `object` (or `array`) whose description says so. Null branches and `null` in type arrays become
    `nullable`; several types become an `anyOf` of single types; `oneOf` -> `anyOf`; `const` -> one-value `enum`;
    mergeable `allOf`s are merged. Constraints the dialect lacks (`default`, `multipleOf`, exclusive bounds,
    `uniqueItems`, non-string enums, map value schemas, unusual `format`s...) are appended to `description`.
    Type names stay lower-case (Gemini accepts any case).
    """
    if not isinstance(schema, dict):
        raise SchemaError("a schema must be a JSON object")
    return _OpenApiWalk(schema, max_ref_depth).convert(schema, "", (), 0)


@dataclass
class _Flat:
    """A node with its top-level `$ref`s and `allOf`s resolved."""

    node: JsonDict
    stack: tuple[str, ...]
    notes: list[str]
    cut: JsonDict | None = None


class _OpenApiWalk:
    def __init__(self, root: JsonDict, max_ref_depth: int) -> None:
        self.resolver = _Resolver(root)
        self.max_ref_depth = max_ref_depth
        self.nodes = 0

    def convert(self, raw: Any, path: str, stack: tuple[str, ...], depth: int) -> JsonDict:
        self.nodes += 1
        if depth > _MAX_NESTING:
            raise SchemaError("the schema is nested too deeply", path)
        flat = self._flatten(_schema_dict(raw, path), path, stack)
        if flat.cut is not None:
            return flat.cut
        return self._node(flat.node, path, flat.stack, flat.notes, depth)

    # -- $ref and allOf ---------------------------------------------------------------------------------------

    def _flatten(self, node: JsonDict, path: str, stack: tuple[str, ...]) -> _Flat:
        notes: list[str] = []
        while True:
            if "$ref" in node:
                ref, ref_path = node["$ref"], _join(path, "$ref")
                target = self.resolver.resolve(ref, ref_path)
                siblings = {k: v for k, v in node.items() if k != "$ref"}
                if (ref in stack and len(stack) >= self.max_ref_depth) or self.nodes > _NODE_BUDGET:
                    return _Flat(node, stack, notes, cut=_cut_ref(ref, target, siblings))
                node = {**_schema_dict(target, ref_path), **siblings}  # the referring field's keywords win
                stack = (*stack, ref)
            elif "allOf" in node:
                node, stack, more = self._merge_all_of(node, path, stack)
                notes.extend(more)
            else:
                return _Flat(node, stack, notes)

    def _merge_all_of(
        self, node: JsonDict, path: str, stack: tuple[str, ...]
    ) -> tuple[JsonDict, tuple[str, ...], list[str]]:
        branches = node["allOf"]
        if not isinstance(branches, list) or not branches:
            raise SchemaError("`allOf` must be a non-empty list of schemas", _join(path, "allOf"))
        merged = {k: v for k, v in node.items() if k != "allOf"}
        notes: list[str] = []
        for i, raw in enumerate(branches):
            branch_path = _join(_join(path, "allOf"), i)
            flat = self._flatten(_schema_dict(raw, branch_path), branch_path, stack)
            notes.extend(flat.notes)
            combined = None if flat.cut is not None else _merge_schemas(merged, flat.node)
            if combined is None:
                notes.append(f"(must also match: {_brief(raw)})")
            else:
                merged, stack = combined, flat.stack
        return merged, stack, notes

    # -- one flat node ----------------------------------------------------------------------------------------

    def _node(self, src: JsonDict, path: str, stack: tuple[str, ...], notes: list[str], depth: int) -> JsonDict:
        node = dict(src)
        nullable = node.pop("nullable", False) is True
        if "oneOf" in node:
            one_of = node.pop("oneOf")
            if "anyOf" in node:
                notes.append(f"(must also match exactly one of: {_dump(one_of)})")
            else:
                node["anyOf"] = one_of
        if "const" in node:
            node["enum"] = [node.pop("const")]
        if "type" not in node and "anyOf" not in node and isinstance(node.get("enum"), list):
            # A mixed-type enum (["auto", 0]) becomes one typed branch per value type, like a type array.
            kinds = list(dict.fromkeys(_json_type_of(v) for v in node["enum"]))
            if "integer" in kinds and "number" in kinds:
                kinds.remove("integer")
            if len([k for k in kinds if k != "null"]) > 1:
                node["type"] = kinds

        types = _type_list(node.get("type"))
        if types is not None:
            types = [t for t in types if t in _TYPES]  # e.g. "any": no constraint, and no legacy spelling
            if "null" in types and len(types) > 1:
                nullable = True
                types = [t for t in types if t != "null"]
            if len(types) > 1 and "anyOf" not in node:
                node = _split_types(node, types)
            elif len(types) == 1:
                node["type"] = types[0]
            else:
                node.pop("type", None)

        if "anyOf" in node:
            return self._any_of(node, path, stack, notes, nullable, depth)
        return self._typed(node, path, stack, notes, nullable, depth)

    def _any_of(
        self, node: JsonDict, path: str, stack: tuple[str, ...], notes: list[str], nullable: bool, depth: int
    ) -> JsonDict:
        branches = node.pop("anyOf")
        any_path = _join(path, "anyOf")
        if not isinstance(branches, list) or not branches:
            raise SchemaError("`anyOf` must be a non-empty list of schemas", any_path)
        kept: list[tuple[int, Any]] = []
        for i, branch in enumerate(branches):
            if _is_null_schema(branch):
                nullable = True
            else:
                kept.append((i, _schema_dict(branch, _join(any_path, i))))
        if not kept:
            node["type"] = "null"
            return self._typed(node, path, stack, notes, nullable=False, depth=depth)
        if len(kept) == 1:
            # Optional[X]: X itself, with the field's own keywords on top.
            merged = {**kept[0][1], **node}
            if nullable:
                merged["nullable"] = True
            if notes:
                merged["description"] = _with_notes(merged.get("description"), notes)
            return self.convert(merged, path, stack, depth)

        outer = {k: node.pop(k) for k in list(node) if k in _ANNOTATIONS}
        # Whatever still constrains the union applies to every branch: {A, anyOf:[B, C]} == anyOf:[A+B, A+C].
        out: JsonDict = {
            "anyOf": [
                self.convert(_merge_schemas(node, branch) or {**node, **branch}, _join(any_path, i), stack, depth + 1)
                for i, branch in kept
            ]
        }
        if nullable:
            out["nullable"] = True
        self._annotations(outer, out, notes)
        return out

    def _typed(
        self, node: JsonDict, path: str, stack: tuple[str, ...], notes: list[str], nullable: bool, depth: int
    ) -> JsonDict:
        out: JsonDict = {}
        t = node.get("type")
        if not isinstance(t, str):
            t = _infer_type(node)
        if t is not None:
            out["type"] = t
        if nullable:
            out["nullable"] = True
        if isinstance(node.get("enum"), list):
            _enum(node["enum"], out, notes)
            t = out.get("type")
        if t in (None, "string"):
            _string_keywords(node, out, notes)
        if t in (None, "number", "integer"):
            _number_keywords(node, out, notes, t)
        if t == "array":
            self._array_keywords(node, out, notes, path, stack, depth)
        if t == "object":
            self._object_keywords(node, out, notes, path, stack, depth)
        if "not" in node:
            notes.append(f"(must not be: {_brief(node['not'])})")
        if "if" in node and ("then" in node or "else" in node):
            notes.append("(has conditional constraints)")
        self._annotations(node, out, notes)
        return out

    def _annotations(self, node: JsonDict, out: JsonDict, notes: list[str]) -> None:
        if isinstance(node.get("title"), str):
            out["title"] = node["title"]
        if "example" in node:
            out["example"] = node["example"]
        extra: list[str] = []
        if node.get("deprecated") is True:
            extra.append("(deprecated)")
        if "default" in node:
            extra.append(f"(default: {_dump(node['default'])})")
        examples = node.get("examples")
        if isinstance(examples, list) and examples:
            label = "example" if len(examples) == 1 else "examples"
            extra.append(f"({label}: {', '.join(_dump(e) for e in examples)})")
        description = _with_notes(node.get("description"), [*notes, *extra])
        if description:
            out["description"] = description

    def _array_keywords(
        self, node: JsonDict, out: JsonDict, notes: list[str], path: str, stack: tuple[str, ...], depth: int
    ) -> None:
        items, prefix = node.get("items"), node.get("prefixItems")
        rest = items
        if isinstance(items, list):  # draft-07 tuple form
            prefix, rest = items, node.get("additionalItems")
        max_items = _count(node.get("maxItems"))
        if isinstance(prefix, list) and prefix:
            prefix_path = _join(path, "prefixItems" if "prefixItems" in node else "items")
            schemas = [self.convert(p, _join(prefix_path, i), stack, depth + 1) for i, p in enumerate(prefix)]
            if rest is False:
                max_items = len(prefix) if max_items is None else min(max_items, len(prefix))
            elif rest is not None:
                schemas.append(self.convert(rest, _join(path, "items"), stack, depth + 1))
            unique = [s for i, s in enumerate(schemas) if s not in schemas[:i]]
            out["items"] = unique[0] if len(unique) == 1 else {"anyOf": unique}
            notes.append(f"(items in order: {', '.join(_brief(p) for p in prefix)})")
        elif rest is None or rest is True:
            # Gemini rejects an ARRAY without `items` ("items: missing field"). `{}` is JSON Schema's own "any
            # value" and the only choice that invents no element type.
            out["items"] = {}
        elif rest is False:
            out["items"] = {}
            max_items = 0
        else:
            out["items"] = self.convert(rest, _join(path, "items"), stack, depth + 1)
        min_items = _count(node.get("minItems"))
        if min_items is not None:
            out["minItems"] = min_items
        if max_items is not None:
            out["maxItems"] = max_items
        if node.get("uniqueItems") is True:
            notes.append("(items must be unique)")
        if "contains" in node:
            notes.append(f"(must contain an item that is: {_brief(node['contains'])})")

    def _object_keywords(
        self, node: JsonDict, out: JsonDict, notes: list[str], path: str, stack: tuple[str, ...], depth: int
    ) -> None:
        props = node.get("properties")
        if props is not None and not isinstance(props, dict):
            raise SchemaError("`properties` must map names to schemas", _join(path, "properties"))
        if props:
            props_path = _join(path, "properties")
            out["properties"] = {
                name: self.convert(sub, _join(props_path, name), stack, depth + 1) for name, sub in props.items()
            }
            required = node.get("required")
            if isinstance(required, list):
                names = list(dict.fromkeys(r for r in required if isinstance(r, str) and r in props))
                if names:
                    out["required"] = names
            ordering = node.get("propertyOrdering")
            if isinstance(ordering, list):
                ordering = [p for p in dict.fromkeys(ordering) if isinstance(p, str) and p in props]
            elif len(props) > 1:
                # Without it Gemini orders generated keys alphabetically; the client's order often matters
                # (reasoning before answer). Google's SDK adds it the same way.
                ordering = list(props)
            if ordering:
                out["propertyOrdering"] = ordering
        # An object without properties stays a bare {"type": "object"}: an empty `properties` map drew
        # "properties: should be non-empty for OBJECT type".
        for key in ("minProperties", "maxProperties"):
            count = _count(node.get(key))
            if count is not None:
                out[key] = count
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            label = "additional keys allowed" if props else "any keys"
            notes.append(f"({label}; each value: {_brief(extra)})")
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict):
            for pattern, sub in patterns.items():
                notes.append(f"(keys matching /{pattern}/: {_brief(sub)})")
        if "propertyNames" in node:
            notes.append(f"(property names: {_brief(node['propertyNames'])})")
        dependent = node.get("dependentRequired")
        if isinstance(dependent, dict):
            for name, needs in dependent.items():
                if isinstance(needs, list) and needs:
                    notes.append(f"(if {name} is present, also required: {', '.join(map(str, needs))})")


def _schema_dict(value: Any, path: str) -> JsonDict:
    if value is True:
        return {}
    if value is False:
        raise SchemaError("a `false` schema accepts no value at all", path)
    if not isinstance(value, dict):
        raise SchemaError("a schema must be a JSON object", path)
    return value


def _cut_ref(ref: str, target: Any, siblings: JsonDict) -> JsonDict:
    target_type = target.get("type") if isinstance(target, dict) else None
    out: JsonDict = {"type": "array" if target_type == "array" else "object"}
    if out["type"] == "array":
        out["items"] = {}
    if siblings.get("nullable") is True:
        out["nullable"] = True
    name = "the whole schema" if ref == "#" else _unescape(ref.rsplit("/", 1)[-1])
    base = siblings.get("description")
    if not isinstance(base, str) and isinstance(target, dict):
        base = target.get("description")
    out["description"] = _with_notes(base, [f"(recursive: same structure as {name}, not expanded further)"])
    return out


def _merge_schemas(base: JsonDict, other: JsonDict) -> JsonDict | None:
    """`base` and `other` as one schema (both must hold), or None when they do not combine simply."""
    merged = dict(base)
    for key, val in other.items():
        if key not in merged or merged[key] == val:
            merged[key] = val
        elif key == "properties" and isinstance(val, dict) and isinstance(merged[key], dict):
            props = dict(merged[key])
            for name, sub in val.items():
                props[name] = sub if name not in props or props[name] == sub else {"allOf": [props[name], sub]}
            merged[key] = props
        elif key == "required" and isinstance(val, list) and isinstance(merged[key], list):
            merged[key] = list(dict.fromkeys([*merged[key], *val]))
        elif key in ("title", "description", "$comment", "examples", "default"):
            continue  # the outer schema's annotation wins
        elif key == "type" and {merged[key], val} == {"integer", "number"}:
            merged[key] = "integer"
        elif (
            key in ("minimum", "minLength", "minItems", "minProperties") and _is_number(val) and _is_number(merged[key])
        ):
            merged[key] = max(merged[key], val)
        elif (
            key in ("maximum", "maxLength", "maxItems", "maxProperties") and _is_number(val) and _is_number(merged[key])
        ):
            merged[key] = min(merged[key], val)
        elif key == "enum" and isinstance(val, list) and isinstance(merged[key], list):
            merged[key] = [v for v in merged[key] if v in val]
        else:
            return None
    return merged


def _type_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [_normalise_type_name(value)]
    if isinstance(value, list):
        return list(dict.fromkeys(_normalise_type_name(t) for t in value if isinstance(t, str)))
    return None


def _split_types(node: JsonDict, types: list[str]) -> JsonDict:
    """{"type": ["string", "integer"], ...} -> an anyOf with one branch per type, each with its own keywords."""
    outer = {k: v for k, v in node.items() if k in _ANNOTATIONS}
    branches = []
    for t in types:
        branch: JsonDict = {"type": t}
        for key, val in node.items():
            if key in _ANNOTATIONS or key == "type":
                continue
            if key in _TYPED_KEYWORDS and key not in _BY_TYPE.get(t, ()):
                continue
            if key == "enum" and isinstance(val, list):
                val = [v for v in val if _enum_fits(v, t)]
                if not val:
                    branch = {}
                    break
            branch[key] = val
        if branch:
            branches.append(branch)
    outer["anyOf"] = branches or [{"type": t} for t in types]
    return outer


def _enum_fits(value: Any, t: str) -> bool:
    kind = _json_type_of(value)
    return kind == t or (t == "number" and kind == "integer")


def _infer_type(node: JsonDict) -> str | None:
    if any(k in node for k in _OBJECT_HINTS):
        return "object"
    if any(k in node for k in _ARRAY_HINTS):
        return "array"
    return None


def _enum(values: list[Any], out: JsonDict, notes: list[str]) -> None:
    """Legacy `enum` holds strings only, and only on STRING nodes ("enum: only allowed for STRING type")."""
    if None in values:
        out["nullable"] = True
        values = [v for v in values if v is not None]
    if not values:
        out["type"] = "null"
        out.pop("nullable", None)
        return
    if all(isinstance(v, str) and v for v in values):
        out["type"] = "string"
        out["enum"] = list(dict.fromkeys(values))
        return
    if set(values) == {True, False} and all(isinstance(v, bool) for v in values):
        out.setdefault("type", "boolean")
        return
    # Non-string values (or an empty string, which Gemini also refuses) stay out of `enum`: stringifying them
    # would make the model answer "2" where the client expects 2. The node keeps its type and the allowed
    # values move into the description.
    if "type" not in out:
        kinds = {_json_type_of(v) for v in values}
        if kinds == {"integer", "number"}:
            kinds = {"number"}
        if len(kinds) == 1:
            out["type"] = kinds.pop()
    if len(values) == 1:
        notes.append(f"(must be {_dump(values[0])})")
    else:
        notes.append(f"(one of: {', '.join(_dump(v) for v in values)})")


def _string_keywords(node: JsonDict, out: JsonDict, notes: list[str]) -> None:
    for key in ("minLength", "maxLength"):
        count = _count(node.get(key))
        if count is not None:
            out[key] = count
    if isinstance(node.get("pattern"), str):
        out["pattern"] = node["pattern"]
    fmt = node.get("format")
    if isinstance(fmt, str) and fmt:
        if fmt in _SAFE_FORMATS.get(out.get("type", ""), ()):
            out["format"] = fmt
        else:
            notes.append(f"(format: {fmt})")
    if isinstance(node.get("contentEncoding"), str):
        notes.append(f"(encoding: {node['contentEncoding']})")
    if isinstance(node.get("contentMediaType"), str):
        notes.append(f"(media type: {node['contentMediaType']})")


def _number_keywords(node: JsonDict, out: JsonDict, notes: list[str], t: str | None) -> None:
    low = node.get("minimum") if _is_number(node.get("minimum")) else None
    high = node.get("maximum") if _is_number(node.get("maximum")) else None
    ex_low: Any = node.get("exclusiveMinimum")
    ex_high: Any = node.get("exclusiveMaximum")
    if ex_low is True:  # draft-04: the bound itself is exclusive
        ex_low, low = low, None
    if ex_high is True:
        ex_high, high = high, None
    if _is_number(ex_low):
        if t == "integer":  # x > v  <=>  x >= floor(v) + 1, exactly
            low = max(low, math.floor(ex_low) + 1) if low is not None else math.floor(ex_low) + 1
        elif low is None or ex_low >= low:
            low = ex_low  # still a true (if inclusive) bound; the description keeps it exact
            notes.append(f"(must be greater than {_dump(ex_low)})")
    if _is_number(ex_high):
        if t == "integer":
            high = min(high, math.ceil(ex_high) - 1) if high is not None else math.ceil(ex_high) - 1
        elif high is None or ex_high <= high:
            high = ex_high
            notes.append(f"(must be less than {_dump(ex_high)})")
    if low is not None:
        out["minimum"] = low
    if high is not None:
        out["maximum"] = high
    step = node.get("multipleOf")
    if _is_number(step) and not (t == "integer" and step == 1):
        notes.append(f"(must be a multiple of {_dump(step)})")
    fmt = node.get("format")
    if t in ("number", "integer") and isinstance(fmt, str) and fmt:
        if fmt in _SAFE_FORMATS[t]:
            out["format"] = fmt
        else:
            notes.append(f"(format: {fmt})")


def _count(value: Any) -> int | None:
    if isinstance(value, str) and value.isdigit():  # proto JSON spells int64 as a string
        return int(value)
    if _is_number(value) and value >= 0 and float(value).is_integer():
        return int(value)
    return None


def _with_notes(description: Any, notes: Iterable[str]) -> str | None:
    parts = [description.strip()] if isinstance(description, str) and description.strip() else []
    parts.extend(notes)
    return " ".join(parts) or None


def _brief(schema: Any) -> str:
    """A short human reading of a sub-schema for a description note."""
    if schema is True or schema == {}:
        return "any value"
    if schema is False:
        return "nothing"
    if not isinstance(schema, dict):
        return _dump(schema)
    parts: list[str] = []
    t = schema.get("type")
    if isinstance(t, str):
        parts.append(t)
    elif isinstance(t, list):
        parts.append(" or ".join(str(x) for x in t))
    if isinstance(schema.get("$ref"), str):
        parts.append(_unescape(schema["$ref"].rsplit("/", 1)[-1]))
    if isinstance(schema.get("pattern"), str):
        parts.append(f"matching /{schema['pattern']}/")
    if isinstance(schema.get("format"), str):
        parts.append(f"format {schema['format']}")
    if "const" in schema:
        parts.append(_dump(schema["const"]))
    if isinstance(schema.get("enum"), list):
        parts.append("one of " + ", ".join(_dump(v) for v in schema["enum"]))
    for key, word in (("minLength", "min length"), ("maxLength", "max length")):
        if _is_number(schema.get(key)):
            parts.append(f"{word} {schema[key]}")
    described = {"type", "$ref", "pattern", "format", "const", "enum", "minLength", "maxLength", "title", "description"}
    if parts and described.issuperset(schema):
        return " ".join(parts)
    return _dump(schema)


# --------------------------------------------------------------------------------------------------------------
# Function parameters


def function_parameters(schema: JsonDict | None) -> JsonDict | None:
    """A function's `parameters` with an object root, or None when the function takes no arguments.

    Gemini wants function parameters to describe an object ("functionDeclaration parameters schema should be of
    type OBJECT") and argument-less functions to omit them. A root without `type` but with object keywords gets
    `type: "object"`; a root `$ref` is inlined one level (its `$defs` stay). Wrapping a non-object root in an
    object would change the arguments the client receives, so that raises `SchemaError` instead.
    The result is still client JSON Schema: pass it to `to_json_schema` or `to_openapi_schema`.
    """
    raw: Any = schema  # clients send whatever JSON they like
    if raw is None or raw is True:
        return None
    if not isinstance(raw, dict):
        raise SchemaError("function parameters must be a JSON Schema object")
    if not schema:
        return None
    root = _inline_root_ref(schema)
    types = _type_list(root.get("type"))
    if types is not None:
        types = [t for t in types if t != "null"]
        if types != ["object"]:
            raise SchemaError(
                f'function parameters must be an object schema (type "object"), not {_dump(root.get("type"))}',
                "type",
            )
        root = {**root, "type": "object"}
    elif any(k in root for k in ("anyOf", "oneOf", "allOf", "enum", "const", "not", "items", "prefixItems")):
        raise SchemaError('function parameters must be an object schema (type "object") at the root')
    elif not any(k in root for k in _OBJECT_HINTS) and set(root) <= _NO_ARGUMENT_KEYS:
        return None
    else:
        root = {"type": "object", **root}
    return None if _takes_no_arguments(root) else root


def _inline_root_ref(schema: JsonDict) -> JsonDict:
    resolver = _Resolver(schema)
    root = schema
    seen: set[str] = set()
    while "$ref" in root:
        ref = root["$ref"]
        if not isinstance(ref, str) or ref in seen:
            raise SchemaError("the root `$ref` does not lead to an object schema", "$ref")
        seen.add(ref)
        target = _schema_dict(resolver.resolve(ref, "$ref"), "$ref")
        root = {**target, **{k: v for k, v in root.items() if k != "$ref"}}
    return root


def _takes_no_arguments(root: JsonDict) -> bool:
    if not set(root) <= _NO_ARGUMENT_KEYS:
        return False
    if root.get("properties") or root.get("required"):
        return False
    extra = root.get("additionalProperties")
    return extra is None or isinstance(extra, bool)
