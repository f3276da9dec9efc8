"""OpenAI `modalities`, `audio` and our `image_config` -> Gemini's output settings in `generationConfig`,
plus what the answer's translation needs to know about them (`OutputOptions`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from translator.catalog import capabilities
from translator.errors import invalid_request
from translator.openai.request import ChatCompletionRequest, JsonObjectFormat, JsonSchemaFormat

AudioFormat = Literal["wav", "pcm16"]
# Gemini speaks 16-bit PCM; we can hand it over raw or wrapped as WAV, not re-encode it.
AUDIO_FORMATS: tuple[str, ...] = ("wav", "pcm16")


@dataclass(frozen=True)
class OutputOptions:
    """How Gemini-only outputs are rendered for this request."""

    # Requested `audio.format` (wav when audio output is asked for without one); None: no audio asked for.
    audio_format: AudioFormat | None = None
    # Code execution parts also go into `content` as fenced blocks, except under JSON output,
    # where `content` must stay a parseable document.
    code_in_content: bool = True


def _modalities(req: ChatCompletionRequest) -> list[str]:
    return list(dict.fromkeys(req.modalities or []))


def _check_model(model: str, modalities: list[str], req: ChatCompletionRequest) -> None:
    caps = capabilities(model)
    if caps.guessed:
        return  # a model we do not know: let Gemini judge
    if "image" in modalities and not caps.image_output:
        raise invalid_request(
            f"{model} cannot output images; use an image model such as gemini-2.5-flash-image.",
            param="modalities", code="unsupported_modality",
        )
    if "audio" in modalities and not caps.audio_output:
        raise invalid_request(
            f"{model} cannot output audio; use a speech model such as gemini-2.5-flash-preview-tts.",
            param="modalities", code="unsupported_modality",
        )
    if req.image_config is not None and not caps.image_output:
        raise invalid_request(f"{model} cannot output images, so image_config does not apply.", param="image_config")


def _voice_name(voice: str | dict[str, Any] | None) -> str | None:
    if isinstance(voice, dict):
        voice = voice.get("id")
        if not isinstance(voice, str):
            raise invalid_request("audio.voice as an object needs a string id.", param="audio.voice.id")
    return voice or None


def _audio_format(req: ChatCompletionRequest) -> AudioFormat:
    fmt = (req.audio.format if req.audio else None) or ("pcm16" if req.stream else "wav")
    if fmt not in AUDIO_FORMATS:
        raise invalid_request(
            f"Unsupported audio.format {fmt!r}: Gemini speaks 16-bit PCM, delivered as wav or pcm16.",
            param="audio.format",
        )
    if req.stream and fmt != "pcm16":
        raise invalid_request("Streamed audio is pcm16 only (as with OpenAI).", param="audio.format")
    return fmt  # type: ignore[return-value]


def output_config(req: ChatCompletionRequest, model: str) -> dict[str, Any]:
    """`generationConfig` fields for the requested outputs (empty when the client asked for none)."""
    modalities = _modalities(req)
    _check_model(model, modalities, req)
    config: dict[str, Any] = {}
    if modalities:
        config["responseModalities"] = [m.upper() for m in modalities]
    if "audio" in modalities:
        _audio_format(req)
        voice = _voice_name(req.audio.voice if req.audio else None)
        if voice:
            config["speechConfig"] = {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": voice}}}
    if req.image_config is not None:
        image: dict[str, Any] = {}
        if req.image_config.aspect_ratio:
            image["aspectRatio"] = req.image_config.aspect_ratio
        if req.image_config.image_size:
            image["imageSize"] = req.image_config.image_size
        if image:
            config["imageConfig"] = image
    return config


def output_options(req: ChatCompletionRequest) -> OutputOptions:
    json_output = isinstance(req.response_format, (JsonObjectFormat, JsonSchemaFormat))
    audio = _audio_format(req) if "audio" in _modalities(req) else None
    return OutputOptions(audio_format=audio, code_in_content=not json_output)


def ignored_output_params(req: ChatCompletionRequest) -> list[str]:
    """`audio` only means something with audio output."""
    if req.audio is not None and "audio" not in _modalities(req):
        return ["audio"]
    return []
