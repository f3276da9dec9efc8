"""`response_format` -> Gemini structured output (`responseMimeType` + `responseJsonSchema` / `responseSchema`).

Gemini always decodes against the schema it is given, so `strict: true` and `strict: false` send the same thing;
keywords outside Gemini's supported subset are accepted but may not constrain the output (clients such as
`.parse()` validate the answer themselves).
"""

from __future__ import annotations

from typing import Any

from translator.convert.schema import SchemaError, to_json_schema, to_openapi_schema
from translator.errors import invalid_request
from translator.openai.request import JsonObjectFormat, JsonSchemaFormat, ResponseFormat

JSON_MIME_TYPE = "application/json"


def response_format_config(fmt: ResponseFormat | None, dialect: str = "json") -> dict[str, Any]:
    """The generationConfig fields for a `response_format` (empty for `text` or none)."""
    if isinstance(fmt, JsonObjectFormat):
        return {"responseMimeType": JSON_MIME_TYPE}
    if isinstance(fmt, JsonSchemaFormat):
        return response_schema_config(fmt, dialect)
    return {}


def response_schema_config(fmt: JsonSchemaFormat, dialect: str = "json") -> dict[str, Any]:
    config: dict[str, Any] = {"responseMimeType": JSON_MIME_TYPE}
    schema = fmt.json_schema.schema_
    if not schema:
        return config
    description = fmt.json_schema.description
    if description and isinstance(schema, dict) and "description" not in schema:
        # OpenAI shows the model the format's description; Gemini has no slot for it but the schema's own.
        schema = {**schema, "description": description}
    try:
        if dialect == "legacy":
            config["responseSchema"] = to_openapi_schema(schema)
        else:
            config["responseJsonSchema"] = to_json_schema(schema)
    except SchemaError as exc:
        raise invalid_request(
            f"response_format.json_schema.schema cannot be sent to Gemini: {exc.message}",
            param="response_format.json_schema.schema" + (f".{exc.path}" if exc.path else ""),
            code="invalid_schema",
        ) from None
    return config
