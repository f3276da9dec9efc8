"""The Chat Completions request body as clients send it.

Nested objects allow unknown keys (clients echo back fields such as `reasoning_content` or
`extra_content` in history); the top level does not, like OpenAI's own API.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# ---- content parts -------------------------------------------------------------------------


class TextPart(_Open):
    type: Literal["text"]
    text: str


class ImageURL(_Open):
    url: str
    detail: Literal["auto", "low", "high"] | None = None


class ImagePart(_Open):
    type: Literal["image_url"]
    image_url: ImageURL


class InputAudio(_Open):
    data: str
    format: str


class AudioPart(_Open):
    type: Literal["input_audio"]
    input_audio: InputAudio


class FileRef(_Open):
    file_data: str | None = None
    file_id: str | None = None
    filename: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> FileRef:
        if not self.file_data and not self.file_id:
            raise ValueError("a file part needs file_data or file_id")
        return self


class FilePart(_Open):
    type: Literal["file"]
    file: FileRef


class RefusalPart(_Open):
    type: Literal["refusal"]
    refusal: str


class ThinkingPart(_Open):
    """Reasoning a client echoes back in assistant content (Anthropic-style `thinking` blocks and
    similar); accepted and never sent upstream as text."""

    type: Literal["thinking", "redacted_thinking", "reasoning"]


UserContentPart = Annotated[Union[TextPart, ImagePart, AudioPart, FilePart], Field(discriminator="type")]
AssistantContentPart = Annotated[Union[TextPart, RefusalPart, ThinkingPart], Field(discriminator="type")]


# ---- messages ------------------------------------------------------------------------------


class FunctionCall(_Open):
    name: str
    arguments: str


class ToolCall(_Open):
    id: str
    type: Literal["function"] = "function"
    function: FunctionCall
    # Google's OpenAI-compatible spelling of the thought signature: {"google": {"thought_signature": ...}}
    extra_content: dict[str, Any] | None = None


class SystemMessage(_Open):
    role: Literal["system"]
    content: str | list[TextPart]
    name: str | None = None


class DeveloperMessage(_Open):
    role: Literal["developer"]
    content: str | list[TextPart]
    name: str | None = None


class UserMessage(_Open):
    role: Literal["user"]
    content: str | list[UserContentPart]
    name: str | None = None


class AssistantMessage(_Open):
    role: Literal["assistant"]
    content: str | list[AssistantContentPart] | None = None
    tool_calls: list[ToolCall] | None = None
    function_call: FunctionCall | None = None
    refusal: str | None = None
    name: str | None = None
    # Thought summaries a client echoes back; never sent upstream as text.
    reasoning_content: str | None = None
    # Google's spelling of a text-part thought signature: {"google": {"thought_signature": ...}}
    extra_content: dict[str, Any] | None = None


class ToolMessage(_Open):
    role: Literal["tool"]
    content: str | list[TextPart]
    tool_call_id: str


class FunctionMessage(_Open):
    role: Literal["function"]
    content: str | None
    name: str


Message = Annotated[
    Union[SystemMessage, DeveloperMessage, UserMessage, AssistantMessage, ToolMessage, FunctionMessage],
    Field(discriminator="role"),
]


# ---- request options -----------------------------------------------------------------------


class StreamOptions(_Open):
    include_usage: bool | None = None
    include_obfuscation: bool | None = None


class JsonSchemaSpec(_Open):
    name: str
    description: str | None = None
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    strict: bool | None = None


class TextFormat(_Open):
    type: Literal["text"]


class JsonObjectFormat(_Open):
    type: Literal["json_object"]


class JsonSchemaFormat(_Open):
    type: Literal["json_schema"]
    json_schema: JsonSchemaSpec


ResponseFormat = Annotated[Union[TextFormat, JsonObjectFormat, JsonSchemaFormat], Field(discriminator="type")]


class FunctionDefinition(_Open):
    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None


class FunctionTool(_Open):
    type: Literal["function"]
    function: FunctionDefinition


class NamedToolChoiceFunction(_Open):
    name: str


class NamedToolChoice(_Open):
    type: Literal["function"]
    function: NamedToolChoiceFunction


class AllowedTools(_Open):
    mode: Literal["auto", "required"]
    tools: list[dict[str, Any]]


class AllowedToolsChoice(_Open):
    type: Literal["allowed_tools"]
    allowed_tools: AllowedTools


class ReasoningEffortObject(_Open):
    effort: str | None = None


class AudioOutput(_Open):
    voice: str | dict[str, Any] | None = None
    format: str | None = None


class ApproximateLocation(_Open):
    city: str | None = None
    country: str | None = None
    region: str | None = None
    timezone: str | None = None
    # Our extension: coordinates, which Gemini can use (toolConfig.retrievalConfig.latLng).
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)

    @model_validator(mode="after")
    def _both_coordinates(self) -> ApproximateLocation:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        return self


class UserLocation(_Open):
    type: Literal["approximate"] = "approximate"
    approximate: ApproximateLocation


class WebSearchOptions(_Open):
    search_context_size: Literal["low", "medium", "high"] | None = None
    user_location: UserLocation | None = None


AspectRatio = Literal["1:1", "1:4", "4:1", "1:8", "8:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"]


class ImageConfig(BaseModel):
    """Our `extra_body` spelling of Gemini's `generationConfig.imageConfig` (values from its schema)."""

    model_config = ConfigDict(extra="forbid")

    aspect_ratio: AspectRatio | None = None
    image_size: Literal["512", "1K", "2K", "4K"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _size_case(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("image_size"), str):
            data = {**data, "image_size": data["image_size"].upper()}
        return data


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    model: str = Field(min_length=1)
    messages: list[Message] = Field(min_length=1)

    stream: bool | None = None
    stream_options: StreamOptions | None = None

    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, ge=0, le=1)
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    stop: str | list[str] | None = None
    n: int | None = Field(default=None, ge=1, le=8)
    seed: int | None = None
    presence_penalty: float | None = Field(default=None, ge=-2, le=2)
    frequency_penalty: float | None = Field(default=None, ge=-2, le=2)
    logprobs: bool | None = None
    top_logprobs: int | None = Field(default=None, ge=0, le=20)
    response_format: ResponseFormat | None = None

    # Tools arrive as plain dicts: function tools and Gemini built-ins ({"type": "google_search"},
    # {"google_search": {}}) share the list and are validated by the tools converter.
    tools: list[dict[str, Any]] | None = None
    tool_choice: Literal["none", "auto", "required"] | NamedToolChoice | AllowedToolsChoice | None = None
    parallel_tool_calls: bool | None = None
    functions: list[FunctionDefinition] | None = None
    function_call: Literal["none", "auto"] | NamedToolChoiceFunction | None = None

    reasoning_effort: str | ReasoningEffortObject | None = None
    modalities: list[Literal["text", "image", "audio"]] | None = None
    audio: AudioOutput | None = None
    web_search_options: WebSearchOptions | None = None
    service_tier: str | None = None

    # Accepted and not forwarded (see README, "Parameters"): reported in x-translator-ignored-params.
    user: str | None = None
    metadata: dict[str, Any] | None = None
    store: bool | None = None
    logit_bias: dict[str, float] | None = None
    prediction: dict[str, Any] | None = None
    safety_identifier: str | None = None
    prompt_cache_key: str | None = None
    prompt_cache_retention: str | None = None
    verbosity: str | None = None

    # Gemini extensions, sent through the SDKs' `extra_body`.
    top_k: int | None = Field(default=None, ge=1)
    google: dict[str, Any] | None = None
    thinking_config: dict[str, Any] | None = None
    safety_settings: list[dict[str, Any]] | None = None
    cached_content: str | None = None
    image_config: ImageConfig | None = None
    # Google's OpenAI layer spells extensions as a literal `extra_body: {"google": {...}}` key.
    extra_body: dict[str, Any] | None = None


# Parameters accepted for compatibility and not sent to Gemini, reported back to the client.
IGNORED_PARAMS = (
    # OpenAI fields with no Gemini equivalent.
    "user",
    "metadata",
    "store",
    "logit_bias",
    "prediction",
    "safety_identifier",
    "prompt_cache_key",
    "prompt_cache_retention",
    "verbosity",
)
