"""Bundle the parts of Gemini's v1beta OpenAPI spec that request validation needs.

Reads ``../shared/specs/gemini-v1beta-openapi.json`` (next to the repository) and
writes ``translator/gemini/request_schema.json``: only the component schemas
reachable from the roots below, each reduced to field types, formats, enums,
items, refs and map-ness. The translator package never reads the spec itself.

    python scripts/build_gemini_schema.py            # rewrite the bundle
    python scripts/build_gemini_schema.py --check    # exit 1 if the bundle is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = REPO_ROOT.parent / "shared" / "specs" / "gemini-v1beta-openapi.json"
DEFAULT_OUT = REPO_ROOT / "translator" / "gemini" / "request_schema.json"

ROOTS = ("GenerateContentRequest", "Model", "ListModelsResponse")
REF_PREFIX = "#/components/schemas/"

# The spec refs `MediaResolution` (from `Part.mediaResolution`) without defining it.
MISSING_SCHEMAS: dict[str, dict[str, Any]] = {
    "MediaResolution": {
        "properties": {
            "level": {
                "type": "string",
                "enum": [
                    "MEDIA_RESOLUTION_UNSPECIFIED",
                    "MEDIA_RESOLUTION_LOW",
                    "MEDIA_RESOLUTION_MEDIUM",
                    "MEDIA_RESOLUTION_HIGH",
                    "MEDIA_RESOLUTION_ULTRA_HIGH",
                ],
            }
        }
    }
}

# Keys of a property that carry no validation meaning.
IGNORED_KEYS = frozenset({"description", "readOnly", "deprecated", "enumDeprecated"})
SCALAR_TYPES = frozenset({"string", "integer", "number", "boolean"})


class SpecError(ValueError):
    """The spec uses a construct this generator does not know how to reduce."""


def build_bundle(spec: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    reduced: dict[str, Any] = {}
    pending = list(ROOTS)
    while pending:
        name = pending.pop()
        if name in reduced:
            continue
        source = schemas.get(name) or MISSING_SCHEMAS.get(name)
        if source is None:
            raise SpecError(f"schema {name!r} is referenced but not defined")
        reduced[name] = _reduce_component(name, source)
        pending.extend(_refs(reduced[name]))
    return {
        "generated_by": "scripts/build_gemini_schema.py",
        "roots": list(ROOTS),
        "schemas": reduced,
        "source": f"{spec['info']['title']} {spec['info']['version']}",
    }


def render(bundle: dict[str, Any]) -> str:
    return json.dumps(bundle, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _reduce_component(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    if schema.get("type", "object") != "object":
        raise SpecError(f"component {name!r} is not an object")
    properties: dict[str, Any] = {}
    for field, prop in schema.get("properties", {}).items():
        # Leading-underscore names (`GenerationConfig._responseJsonSchema`) are
        # internal; the public API does not accept them.
        if field.startswith("_"):
            continue
        properties[field] = _reduce_property(prop, f"{name}.{field}")
    return {"properties": properties}


def _reduce_property(prop: dict[str, Any], where: str) -> dict[str, Any]:
    unknown = set(prop) - IGNORED_KEYS - {"type", "format", "enum", "items", "$ref", "additionalProperties"}
    if unknown:
        raise SpecError(f"{where}: unsupported keys {sorted(unknown)}")
    if "$ref" in prop:
        ref = prop["$ref"]
        if not ref.startswith(REF_PREFIX):
            raise SpecError(f"{where}: external ref {ref!r}")
        return {"$ref": ref[len(REF_PREFIX):]}
    kind = prop.get("type")
    if kind is None:
        return {}  # google.protobuf.Value: any JSON
    if kind == "array":
        return {"type": "array", "items": _reduce_property(prop["items"], f"{where}[]")}
    if kind == "object":
        if "additionalProperties" not in prop:
            raise SpecError(f"{where}: object without additionalProperties")
        values = _reduce_property(prop["additionalProperties"], f"{where}{{}}")
        return {"type": "object", "additionalProperties": values}
    if kind not in SCALAR_TYPES:
        raise SpecError(f"{where}: unknown type {kind!r}")
    out: dict[str, Any] = {"type": kind}
    if "format" in prop:
        out["format"] = prop["format"]
    if "enum" in prop:
        out["enum"] = list(prop["enum"])
    return out


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        for value in node.values():
            found.extend(_refs(value))
        return found
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="fail if --out differs from a fresh build")
    args = parser.parse_args(argv)

    text = render(build_bundle(json.loads(args.spec.read_text(encoding="utf-8"))))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale; run scripts/build_gemini_schema.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode())} bytes, {text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
