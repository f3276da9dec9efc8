"""modalities / audio / image_config -> generationConfig, and the output options the answer needs."""

from __future__ import annotations

from typing import Any

import pytest

from translator.convert.request import build_gemini_call
from translator.errors import ApiError
from translator.gemini.validate import validate_generate_content_request
from translator.openai.validate import validate_chat_request

USER = [{"role": "user", "content": "Draw a cat"}]


def call(model: str, **params: Any) -> Any:
    built = build_gemini_call(validate_chat_request({"model": model, "messages": USER, **params}))
    validate_generate_content_request(built.body)
    return built


def error(model: str, **params: Any) -> ApiError:
    with pytest.raises(ApiError) as info:
        call(model, **params)
    assert info.value.status == 400
    return info.value


CASES = [
    pytest.param("gemini-2.5-flash-image", {"modalities": ["text", "image"]},
                 {"responseModalities": ["TEXT", "IMAGE"]}, id="text-image"),
    pytest.param("gemini-3-pro-image-preview",
                 {"modalities": ["image"], "image_config": {"aspect_ratio": "16:9", "image_size": "2k"}},
                 {"responseModalities": ["IMAGE"], "imageConfig": {"aspectRatio": "16:9", "imageSize": "2K"}},
                 id="image-config"),
    pytest.param("gemini-2.5-flash-image", {"image_config": {"aspect_ratio": "1:1"}},
                 {"imageConfig": {"aspectRatio": "1:1"}}, id="image-config-without-modalities"),
    pytest.param("gemini-2.5-flash-preview-tts", {"modalities": ["audio"], "audio": {"voice": "Kore", "format": "wav"}},
                 {"responseModalities": ["AUDIO"],
                  "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}}}, id="audio-voice"),
    pytest.param("gemini-3.1-flash-tts-preview", {"modalities": ["audio"], "audio": {"voice": {"id": "Puck"}, "format": "pcm16"}},
                 {"responseModalities": ["AUDIO"],
                  "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Puck"}}}}, id="voice-object"),
    pytest.param("gemini-2.5-flash-preview-tts", {"modalities": ["audio"]}, {"responseModalities": ["AUDIO"]},
                 id="audio-default-voice"),
    pytest.param("gemini-2.5-flash", {"modalities": ["text", "text"]}, {"responseModalities": ["TEXT"]}, id="text-deduped"),
    pytest.param("my-tuned-image-model", {"modalities": ["text", "image"]}, {"responseModalities": ["TEXT", "IMAGE"]},
                 id="unknown-model-passes"),
]


@pytest.mark.parametrize("model, params, expected", CASES)
def test_output_generation_config(model: str, params: dict[str, Any], expected: dict[str, Any]) -> None:
    assert call(model, **params).body["generationConfig"] == expected


def test_audio_format_reaches_the_answer() -> None:
    assert call("gemini-2.5-flash-preview-tts", modalities=["audio"]).outputs.audio_format == "wav"
    assert call("gemini-2.5-flash-preview-tts", modalities=["audio"], audio={"voice": "Kore", "format": "pcm16"}).outputs.audio_format == "pcm16"
    assert call("gemini-2.5-flash-preview-tts", modalities=["audio"], stream=True).outputs.audio_format == "pcm16"
    assert call("gemini-2.5-flash").outputs.audio_format is None


def test_json_output_keeps_code_blocks_out_of_content() -> None:
    assert call("gemini-3-flash-preview").outputs.code_in_content is True
    assert call("gemini-3-flash-preview", response_format={"type": "json_object"}).outputs.code_in_content is False


def test_audio_options_without_audio_output_are_reported_as_ignored() -> None:
    built = call("gemini-2.5-flash", audio={"voice": "Kore", "format": "wav"})
    assert "generationConfig" not in built.body
    assert built.ignored == ["audio"]


BAD = [
    pytest.param("gemini-2.5-flash", {"modalities": ["text", "image"]}, "modalities", id="no-image-output"),
    pytest.param("gemini-3-flash-preview", {"modalities": ["audio"]}, "modalities", id="no-audio-output"),
    pytest.param("gemini-2.5-flash-image", {"modalities": ["audio"]}, "modalities", id="image-model-no-audio"),
    pytest.param("gemini-2.5-flash", {"image_config": {"aspect_ratio": "1:1"}}, "image_config", id="image-config-text-model"),
    pytest.param("gemini-2.5-flash-image", {"image_config": {"aspect_ratio": "2:1"}}, "image_config.aspect_ratio",
                 id="aspect-enum"),
    pytest.param("gemini-2.5-flash-image", {"image_config": {"image_size": "8K"}}, "image_config.image_size", id="size-enum"),
    pytest.param("gemini-2.5-flash-image", {"image_config": {"aspectRatio": "1:1"}}, "image_config.aspectRatio",
                 id="image-config-typo"),
    pytest.param("gemini-2.5-flash-preview-tts", {"modalities": ["audio"], "audio": {"voice": "Kore", "format": "mp3"}},
                 "audio.format", id="mp3"),
    pytest.param("gemini-2.5-flash-preview-tts",
                 {"modalities": ["audio"], "stream": True, "audio": {"voice": "Kore", "format": "wav"}},
                 "audio.format", id="wav-stream"),
    pytest.param("gemini-2.5-flash-preview-tts", {"modalities": ["audio"], "audio": {"voice": {"name": "Kore"}}},
                 "audio.voice.id", id="voice-object-without-id"),
    pytest.param("gemini-2.5-flash", {"modalities": ["video"]}, "modalities[0]", id="unknown-modality"),
]


@pytest.mark.parametrize("model, params, param", BAD)
def test_bad_output_requests_name_the_field(model: str, params: dict[str, Any], param: str) -> None:
    assert error(model, **params).param == param
