"""`response_format` json_schema -> Gemini structured output."""

from __future__ import annotations

from typing import Any

from translator.convert.schema import SchemaError, to_json_schema
from translator.errors import invalid_request
from translator.openai.request import JsonSchemaFormat


def response_schema_config(fmt: JsonSchemaFormat) -> dict[str, Any]:
    config: dict[str, Any] = {"responseMimeType": "application/json"}
    schema = fmt.json_schema.schema_
    if schema:
        try:
            config["responseJsonSchema"] = to_json_schema(schema)
        except SchemaError as exc:
            raise invalid_request(
                f"response_format.json_schema.schema cannot be sent to Gemini: {exc.message}",
                param="response_format.json_schema.schema" + (f".{exc.path}" if exc.path else ""),
                code="invalid_schema",
            ) from None
    return config
