"""translator.convert.schema: client JSON Schemas -> Gemini's JSON-Schema fields and its legacy `Schema`.

Each file in fixtures/schemas is one case: `input`, the expected `json_schema` and `openapi` outputs, and, when it
differs from `input`, the expected `function_parameters` result (`"ERROR"` when it must raise). Schemas pydantic and
openai-python produce are generated live below.
"""

from __future__ import annotations

import copy
import json
from enum import Enum, IntEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field

from translator.convert.schema import (
    LEGACY_SCHEMA_KEYS,
    SchemaError,
    function_parameters,
    to_json_schema,
    to_openapi_schema,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "schemas"
CASES = sorted(FIXTURES.glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _legacy_nodes(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every schema node of a legacy output, with its path."""
    assert isinstance(node, dict), f"{path or 'root'} is not a schema object: {node!r}"
    found = [(path, node)]
    for name, sub in node.get("properties", {}).items():
        found += _legacy_nodes(sub, f"{path}.properties.{name}")
    if "items" in node:
        found += _legacy_nodes(node["items"], f"{path}.items")
    for i, sub in enumerate(node.get("anyOf", [])):
        found += _legacy_nodes(sub, f"{path}.anyOf[{i}]")
    return found


def assert_legacy_shape(out: dict[str, Any]) -> None:
    """What Gemini's legacy `Schema` demands beyond its field list (each rule drew a live 400 somewhere)."""
    for path, node in _legacy_nodes(out):
        where = path or "root"
        assert set(node) <= LEGACY_SCHEMA_KEYS, f"{where}: {sorted(set(node) - LEGACY_SCHEMA_KEYS)}"
        assert not isinstance(node.get("type"), list), where
        if node.get("type") == "array":
            assert "items" in node, f"{where}: array without items"
        if "enum" in node:
            assert node.get("type") == "string" and all(isinstance(v, str) and v for v in node["enum"]), where
        if "required" in node:
            assert set(node["required"]) <= set(node.get("properties", {})), where
        if "properties" in node:
            assert node["properties"], f"{where}: empty properties"
        if "propertyOrdering" in node:
            assert sorted(node["propertyOrdering"]) == sorted(node["properties"]), where


# ----------------------------------------------------------------------------------------------------------------
# Fixture table


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_json_schema(path: Path) -> None:
    case = _load(path)
    assert to_json_schema(case["input"]) == case["json_schema"]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_openapi(path: Path) -> None:
    case = _load(path)
    out = to_openapi_schema(case["input"])
    assert out == case["openapi"]
    assert_legacy_shape(out)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_function_parameters(path: Path) -> None:
    case = _load(path)
    expected = case.get("function_parameters", case["input"])
    if expected == "ERROR":
        with pytest.raises(SchemaError):
            function_parameters(case["input"])
    else:
        assert function_parameters(case["input"]) == expected


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_inputs_are_not_mutated(path: Path) -> None:
    case = _load(path)
    before = copy.deepcopy(case["input"])
    to_json_schema(case["input"])
    to_openapi_schema(case["input"])
    try:
        function_parameters(case["input"])
    except SchemaError:
        pass
    assert case["input"] == before


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_outputs_are_fixed_points(path: Path) -> None:
    """Converting an output again changes nothing: a schema already in the target dialect survives as it is."""
    case = _load(path)
    assert to_json_schema(case["json_schema"]) == case["json_schema"]
    assert to_openapi_schema(case["openapi"]) == case["openapi"]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_openapi_passes_gemini_validator(path: Path) -> None:
    validate = pytest.importorskip("translator.gemini.validate")
    validate.validate_fragment(to_openapi_schema(_load(path)["input"]), "Schema", "parameters")


def test_legacy_keys_match_gemini_schema_component() -> None:
    validate = pytest.importorskip("translator.gemini.validate")
    assert LEGACY_SCHEMA_KEYS == validate.schema_field_names("Schema")


# ----------------------------------------------------------------------------------------------------------------
# pydantic v2 model_json_schema(), generated live


class Address(BaseModel):
    street: str
    city: str = Field(description="City name")


class User(BaseModel):
    name: str
    home: Address = Field(description="Home address")
    previous: list[Address] = []
    nickname: str | None = None


ADDRESS_LEGACY = {
    "type": "object",
    "title": "Address",
    "properties": {
        "street": {"type": "string", "title": "Street"},
        "city": {"type": "string", "title": "City", "description": "City name"},
    },
    "required": ["street", "city"],
    "propertyOrdering": ["street", "city"],
}


def test_pydantic_nested_defs() -> None:
    schema = User.model_json_schema()
    assert schema["properties"]["home"] == {"$ref": "#/$defs/Address", "description": "Home address"}

    out = to_json_schema(schema)
    # $ref and $defs stay; Gemini allows no non-$ sibling beside $ref, so the field's description moves out.
    assert out["$defs"] == schema["$defs"]
    assert out["properties"]["home"] == {"anyOf": [{"$ref": "#/$defs/Address"}], "description": "Home address"}
    assert out["properties"]["previous"] is schema["properties"]["previous"]  # unchanged sub-trees are shared
    assert out["properties"]["nickname"] == {
        "anyOf": [{"type": "string"}, {"type": "null"}],
        "default": None,
        "title": "Nickname",
    }

    assert to_openapi_schema(schema) == {
        "type": "object",
        "title": "User",
        "properties": {
            "name": {"type": "string", "title": "Name"},
            "home": {**ADDRESS_LEGACY, "description": "Home address"},
            "previous": {"type": "array", "items": ADDRESS_LEGACY, "title": "Previous", "description": "(default: [])"},
            "nickname": {"type": "string", "nullable": True, "title": "Nickname", "description": "(default: null)"},
        },
        "required": ["name", "home"],
        "propertyOrdering": ["name", "home", "previous", "nickname"],
    }


class Color(str, Enum):  # noqa: UP042 -- the spelling client code uses
    RED = "red"
    GREEN = "green"


class Priority(IntEnum):
    LOW = 1
    HIGH = 2


class Choices(BaseModel):
    size: Literal["s", "m", "l"]
    kind: Literal["shirt"]
    color: Color
    priority: Priority = Priority.LOW
    optional_color: Color | None = None


def test_pydantic_literals_and_enums() -> None:
    schema = Choices.model_json_schema()
    assert to_json_schema(schema)["properties"] == {
        "size": {"enum": ["s", "m", "l"], "title": "Size", "type": "string"},
        "kind": {"const": "shirt", "title": "Kind", "type": "string"},
        "color": {"$ref": "#/$defs/Color"},
        "priority": {"anyOf": [{"$ref": "#/$defs/Priority"}], "default": 1},
        "optional_color": {"anyOf": [{"$ref": "#/$defs/Color"}, {"type": "null"}], "default": None},
    }
    assert to_openapi_schema(schema)["properties"] == {
        "size": {"type": "string", "enum": ["s", "m", "l"], "title": "Size"},
        "kind": {"type": "string", "enum": ["shirt"], "title": "Kind"},
        "color": {"type": "string", "enum": ["red", "green"], "title": "Color"},
        # An integer enum keeps its type; the allowed values move into the description.
        "priority": {"type": "integer", "title": "Priority", "description": "(one of: 1, 2) (default: 1)"},
        "optional_color": {
            "type": "string",
            "nullable": True,
            "enum": ["red", "green"],
            "title": "Color",
            "description": "(default: null)",
        },
    }


class Limits(BaseModel):
    counts: dict[str, int]
    stars: int = Field(3, ge=1, le=5, multiple_of=1)
    step: int = Field(ge=0, multiple_of=5)
    ratio: float = Field(gt=0, lt=1)


def test_pydantic_dicts_and_numeric_constraints() -> None:
    schema = Limits.model_json_schema()
    assert to_json_schema(schema) == schema
    assert to_openapi_schema(schema)["properties"] == {
        "counts": {"type": "object", "title": "Counts", "description": "(any keys; each value: integer)"},
        "stars": {"type": "integer", "minimum": 1, "maximum": 5, "title": "Stars", "description": "(default: 3)"},
        "step": {"type": "integer", "minimum": 0, "title": "Step", "description": "(must be a multiple of 5)"},
        "ratio": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "title": "Ratio",
            "description": "(must be greater than 0) (must be less than 1)",
        },
    }


class TreeNode(BaseModel):
    label: str
    children: list[TreeNode] = []


def test_pydantic_recursive_model() -> None:
    schema = TreeNode.model_json_schema()
    assert to_json_schema(schema) == schema  # $ref "#/$defs/TreeNode" stays, no unrolling

    out = to_openapi_schema(schema, max_ref_depth=2)
    node = {
        "type": "object",
        "title": "TreeNode",
        "properties": {
            "label": {"type": "string", "title": "Label"},
            "children": {
                "type": "array",
                "items": {
                    "type": "object",
                    "description": "(recursive: same structure as TreeNode, not expanded further)",
                },
                "title": "Children",
                "description": "(default: [])",
            },
        },
        "required": ["label"],
        "propertyOrdering": ["label", "children"],
    }
    # The root is itself a `$ref` to TreeNode (expansion 1); its children's items are expansion 2; then the cut.
    assert out == {
        **node,
        "properties": {**node["properties"], "children": {**node["properties"]["children"], "items": node}},
    }
    assert_legacy_shape(out)


def test_recursive_ref_depth_is_bounded_by_default() -> None:
    out = to_openapi_schema(TreeNode.model_json_schema())
    depth = 0
    while "properties" in out:
        out = out["properties"]["children"]["items"]
        depth += 1
    assert depth == 6
    assert "recursive" in out["description"]


class Cat(BaseModel):
    pet_type: Literal["cat"]
    meows: int


class Dog(BaseModel):
    pet_type: Literal["dog"]
    barks: float


class Owner(BaseModel):
    pet: Annotated[Cat | Dog, Field(discriminator="pet_type")]


def test_pydantic_discriminated_union() -> None:
    schema = Owner.model_json_schema()
    assert "discriminator" in schema["properties"]["pet"]

    assert to_json_schema(schema)["properties"]["pet"] == {
        "oneOf": [{"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}],
        "title": "Pet",
    }
    pet = to_openapi_schema(schema)["properties"]["pet"]
    assert pet == {
        "anyOf": [
            {
                "type": "object",
                "title": "Cat",
                "properties": {
                    "pet_type": {"type": "string", "enum": ["cat"], "title": "Pet Type"},
                    "meows": {"type": "integer", "title": "Meows"},
                },
                "required": ["pet_type", "meows"],
                "propertyOrdering": ["pet_type", "meows"],
            },
            {
                "type": "object",
                "title": "Dog",
                "properties": {
                    "pet_type": {"type": "string", "enum": ["dog"], "title": "Pet Type"},
                    "barks": {"type": "number", "title": "Barks"},
                },
                "required": ["pet_type", "barks"],
                "propertyOrdering": ["pet_type", "barks"],
            },
        ],
        "title": "Pet",
    }


class Point(BaseModel):
    coords: tuple[float, float]
    tags: set[str] = set()


def test_pydantic_tuple_and_set() -> None:
    schema = Point.model_json_schema()
    assert to_json_schema(schema) == schema
    assert to_openapi_schema(schema)["properties"] == {
        "coords": {
            "type": "array",
            "items": {"type": "number"},
            "minItems": 2,
            "maxItems": 2,
            "title": "Coords",
            "description": "(items in order: number, number)",
        },
        "tags": {
            "type": "array",
            "items": {"type": "string"},
            "title": "Tags",
            "description": "(items must be unique) (default: [])",
        },
    }


# ----------------------------------------------------------------------------------------------------------------
# openai-python strict schemas


def test_openai_to_strict_json_schema() -> None:
    strict = pytest.importorskip("openai.lib._pydantic").to_strict_json_schema
    schema = strict(User)
    assert schema["additionalProperties"] is False

    assert to_json_schema(schema) == schema  # already Gemini-compatible JSON Schema: nothing to change
    out = to_openapi_schema(schema)
    assert out["required"] == ["name", "home", "previous", "nickname"]
    assert out["properties"]["nickname"] == {"type": "string", "nullable": True, "title": "Nickname"}
    assert out["properties"]["home"]["properties"] == ADDRESS_LEGACY["properties"]
    assert_legacy_shape(out)


def test_openai_pydantic_function_tool() -> None:
    openai = pytest.importorskip("openai")
    tool = openai.pydantic_function_tool(Choices, name="pick", description="Pick a product")
    params = tool["function"]["parameters"]

    normalised = function_parameters(params)
    assert normalised == params
    out = to_json_schema(normalised)
    assert "strict" not in out and out["additionalProperties"] is False
    assert out["$defs"] == params["$defs"]
    assert_legacy_shape(to_openapi_schema(normalised))


# ----------------------------------------------------------------------------------------------------------------
# Targeted behaviour


def test_json_schema_strips_strict_only_where_a_schema_sits() -> None:
    schema = {
        "type": "object",
        "strict": True,
        "properties": {"strict": {"type": "boolean", "strict": True}},
        "$defs": {"D": {"type": "string", "strict": False}},
        "default": {"strict": True},
        "enum": [{"strict": True}],
    }
    assert to_json_schema(schema) == {
        "type": "object",
        "properties": {"strict": {"type": "boolean"}},
        "$defs": {"D": {"type": "string"}},
        "default": {"strict": True},
        "enum": [{"strict": True}],
    }


def test_json_schema_returns_a_new_root_even_when_unchanged() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    out = to_json_schema(schema)
    assert out == schema and out is not schema
    assert out["properties"] is schema["properties"]


def test_json_schema_keeps_ref_with_only_dollar_siblings() -> None:
    schema = {"$defs": {"A": {"type": "string"}}, "properties": {"a": {"$ref": "#/$defs/A", "$comment": "c"}}}
    assert to_json_schema(schema) == schema


def test_json_schema_keeps_definitions_when_renaming_would_collide() -> None:
    schema = {
        "$defs": {"A": {"type": "string"}},
        "definitions": {"A": {"type": "integer"}},
        "properties": {"a": {"$ref": "#/definitions/A"}, "b": {"$ref": "#/$defs/A"}},
    }
    assert to_json_schema(schema) == schema


def test_json_schema_nullable_without_a_type_becomes_a_null_branch() -> None:
    schema = {"description": "A point or nothing", "nullable": True, "properties": {"x": {"type": "number"}}}
    assert to_json_schema(schema) == {
        "description": "A point or nothing",
        "anyOf": [{"properties": {"x": {"type": "number"}}}, {"type": "null"}],
    }


def test_json_pointer_refs_outside_defs() -> None:
    """zod-to-json-schema's default `$refStrategy: "root"` points at the first occurrence of a reused schema."""
    schema = {
        "type": "object",
        "properties": {
            "from": {"type": "object", "properties": {"lat": {"type": "number"}}, "required": ["lat"]},
            "to": {"$ref": "#/properties/from"},
        },
    }
    assert to_json_schema(schema) == schema
    out = to_openapi_schema(schema)
    assert out["properties"]["to"] == out["properties"]["from"]


def test_anchor_refs() -> None:
    schema = {"$defs": {"A": {"$anchor": "addr", "type": "string"}}, "properties": {"a": {"$ref": "#addr"}}}
    assert to_json_schema(schema) == schema
    assert to_openapi_schema(schema)["properties"]["a"] == {"type": "string"}


def test_openapi_anyof_siblings_are_distributed_into_branches() -> None:
    schema = {
        "description": "Where to look",
        "minLength": 2,
        "anyOf": [{"type": "string"}, {"type": "string", "format": "uri"}, {"type": "null"}],
    }
    assert to_openapi_schema(schema) == {
        "anyOf": [
            {"type": "string", "minLength": 2},
            {"type": "string", "minLength": 2, "description": "(format: uri)"},
        ],
        "nullable": True,
        "description": "Where to look",
    }


def test_openapi_null_only_schemas() -> None:
    assert to_openapi_schema({"type": "null"}) == {"type": "null"}
    assert to_openapi_schema({"anyOf": [{"type": "null"}]}) == {"type": "null"}
    assert to_openapi_schema({"enum": [None]}) == {"type": "null"}


def test_openapi_true_and_empty_schemas_are_any_value() -> None:
    assert to_openapi_schema({"type": "object", "properties": {"x": True, "y": {}}}) == {
        "type": "object",
        "properties": {"x": {}, "y": {}},
        "propertyOrdering": ["x", "y"],
    }


def test_openapi_object_without_properties_stays_bare() -> None:
    assert to_openapi_schema({"type": "object", "properties": {}, "required": ["a"]}) == {"type": "object"}
    assert to_openapi_schema({"properties": {"a": {"type": "string"}}}) == {
        "type": "object",
        "properties": {"a": {"type": "string"}},
    }


def test_openapi_keeps_given_property_ordering() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        "propertyOrdering": ["b", "a", "ghost"],
    }
    assert to_openapi_schema(schema)["propertyOrdering"] == ["b", "a"]


def test_openapi_unknown_type_names_and_string_counts() -> None:
    assert to_openapi_schema({"type": "any", "description": "Anything"}) == {"description": "Anything"}
    assert to_openapi_schema({"type": "ARRAY", "items": {"type": "STRING"}, "minItems": "1"}) == {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
    }


def test_openapi_constraint_only_anyof_branches_get_the_node_type() -> None:
    """`anyOf: [{required: [a]}, {required: [b]}]` (at least one of): every branch becomes a complete, typed schema."""
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        "anyOf": [{"required": ["a"]}, {"required": ["b"]}],
    }
    branch = {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        "propertyOrdering": ["a", "b"],
    }
    assert to_openapi_schema(schema) == {"anyOf": [{**branch, "required": ["a"]}, {**branch, "required": ["b"]}]}


def test_openapi_node_budget_cuts_exponential_refs() -> None:
    defs = {
        f"L{i}": {
            "type": "object",
            "properties": {"a": {"$ref": f"#/$defs/L{i + 1}"}, "b": {"$ref": f"#/$defs/L{i + 1}"}},
        }
        for i in range(20)
    }
    defs["L20"] = {"type": "string"}
    out = to_openapi_schema({"$defs": defs, "$ref": "#/$defs/L0"})  # 2**20 leaves if fully inlined
    assert len(json.dumps(out)) < 2_000_000
    assert "not expanded further" in json.dumps(out)


# ----------------------------------------------------------------------------------------------------------------
# SchemaError

ERRORS: list[tuple[str, Any, str]] = [
    (
        "missing definition",
        {"type": "object", "properties": {"user": {"$ref": "#/$defs/User"}}},
        "properties.user.$ref",
    ),
    (
        "external ref",
        {"type": "object", "properties": {"geo": {"$ref": "http://example.com/geo.json"}}},
        "properties.geo.$ref",
    ),
    ("relative file ref", {"$ref": "other.json#/$defs/A"}, "$ref"),
    ("missing anchor", {"$ref": "#nowhere"}, "$ref"),
    ("non-string ref", {"$ref": 5}, "$ref"),
    ("non-object node", {"type": "object", "properties": {"a": "string"}}, "properties.a"),
    ("false schema", {"type": "object", "properties": {"a": False}}, "properties.a"),
    ("false in anyOf", {"anyOf": [{"type": "string"}, False]}, "anyOf[1]"),
    ("properties not a map", {"type": "object", "properties": [{"type": "string"}]}, "properties"),
    ("items not a schema", {"type": "array", "items": "string"}, "items"),
    ("empty anyOf", {"anyOf": []}, "anyOf"),
    ("empty allOf", {"allOf": []}, "allOf"),
    ("missing definition in defs", {"$defs": {"A": {"$ref": "#/$defs/B"}}, "$ref": "#/$defs/A"}, "$defs.A.$ref"),
]


@pytest.mark.parametrize(("schema", "path"), [(s, p) for _, s, p in ERRORS], ids=[n for n, _, _ in ERRORS])
def test_json_schema_errors(schema: Any, path: str) -> None:
    with pytest.raises(SchemaError) as info:
        to_json_schema(schema)
    assert info.value.path == path
    assert info.value.message and isinstance(info.value, ValueError)


# The legacy walk follows `$ref`s, so an error inside a definition is reported where it was reached from.
LEGACY_PATHS = {"missing definition in defs": "$ref"}


@pytest.mark.parametrize(
    ("schema", "path"), [(s, LEGACY_PATHS.get(n, p)) for n, s, p in ERRORS], ids=[n for n, _, _ in ERRORS]
)
def test_openapi_schema_errors(schema: Any, path: str) -> None:
    with pytest.raises(SchemaError) as info:
        to_openapi_schema(schema)
    assert info.value.path == path


@pytest.mark.parametrize("schema", [None, [], "object", True])
def test_root_must_be_an_object(schema: Any) -> None:
    for convert in (to_json_schema, to_openapi_schema):
        with pytest.raises(SchemaError):
            convert(schema)


def test_schema_error_message_and_str() -> None:
    error = SchemaError("`$ref` is external", "properties.a.$ref")
    assert (error.message, error.path) == ("`$ref` is external", "properties.a.$ref")
    assert str(error) == "`$ref` is external (at properties.a.$ref)"
    assert str(SchemaError("bad")) == "bad"


# ----------------------------------------------------------------------------------------------------------------
# function_parameters

NO_ARGUMENTS: list[Any] = [
    None,
    {},
    True,
    {"type": "object"},
    {"type": "object", "properties": {}},
    {"type": "object", "properties": {}, "required": [], "additionalProperties": False, "strict": True},
    {"type": "object", "properties": {}, "$schema": "http://json-schema.org/draft-07/schema#", "title": "NoArgs"},
    {"description": "Takes nothing"},
    {"properties": {}},
]


@pytest.mark.parametrize("schema", NO_ARGUMENTS)
def test_function_parameters_omitted(schema: Any) -> None:
    assert function_parameters(schema) is None


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"properties": {"a": {"type": "string"}}}, {"type": "object", "properties": {"a": {"type": "string"}}}),
        (
            {"type": ["object", "null"], "properties": {"a": {"type": "string"}}},
            {"type": "object", "properties": {"a": {"type": "string"}}},
        ),
        (
            {"type": "object", "additionalProperties": {"type": "string"}},
            {"type": "object", "additionalProperties": {"type": "string"}},
        ),
        ({"type": "object", "required": ["a"]}, {"type": "object", "required": ["a"]}),
        (
            {"$ref": "#/$defs/A", "$defs": {"A": {"type": "object", "properties": {"x": {"type": "integer"}}}}},
            {
                "type": "object",
                "properties": {"x": {"type": "integer"}},
                "$defs": {"A": {"type": "object", "properties": {"x": {"type": "integer"}}}},
            },
        ),
    ],
)
def test_function_parameters_object_roots(schema: dict[str, Any], expected: dict[str, Any]) -> None:
    before = copy.deepcopy(schema)
    assert function_parameters(schema) == expected
    assert schema == before


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string"},
        {"type": ["string", "null"]},
        {"type": "array", "items": {"type": "string"}},
        {"anyOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {"type": "object"}]},
        {"enum": ["a", "b"]},
        {"$ref": "#/$defs/S", "$defs": {"S": {"type": "string"}}},
        {"$ref": "#"},
        "object",
    ],
)
def test_function_parameters_rejects_non_object_roots(schema: Any) -> None:
    with pytest.raises(SchemaError) as info:
        function_parameters(schema)
    assert "object" in info.value.message
