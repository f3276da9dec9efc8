"""Gemini native API: request validation against the bundled v1beta schema."""

from translator.gemini.validate import (
    GeminiValidationError,
    schema_field_names,
    validate_fragment,
    validate_generate_content_request,
)

__all__ = [
    "GeminiValidationError",
    "schema_field_names",
    "validate_fragment",
    "validate_generate_content_request",
]
