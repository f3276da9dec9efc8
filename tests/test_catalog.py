"""The model table answers what each model accepts."""

from __future__ import annotations

import pytest

from translator.catalog import UNKNOWN, capabilities


@pytest.mark.parametrize(
    "model, knob, can_disable",
    [
        ("gemini-2.5-pro", "budget", False),
        ("gemini-2.5-flash", "budget", True),
        ("gemini-2.5-flash-lite", "budget", True),
        ("gemini-2.5-flash-image", None, True),
        ("gemini-3-pro-preview", "level", False),
        ("gemini-3-flash-preview", "level", False),
        ("gemini-flash-latest", "level", False),
        ("gemini-3.7-flash", "level", False),
    ],
)
def test_thinking_knob_per_model(model: str, knob: str | None, can_disable: bool) -> None:
    caps = capabilities(model)
    assert caps.thinking == knob
    assert caps.can_disable_thinking == can_disable


def test_specific_rows_win_over_family_prefixes() -> None:
    assert capabilities("gemini-2.5-flash-lite").budget_min == 512
    assert capabilities("gemini-2.5-flash").budget_min == 0
    assert "MINIMAL" not in capabilities("gemini-3.7-flash").levels
    assert "MINIMAL" in capabilities("gemini-3-flash-preview").levels
    assert capabilities("gemini-3.1-pro-preview").levels == ("LOW", "MEDIUM", "HIGH")


def test_unknown_models_are_not_second_guessed() -> None:
    assert capabilities("some-tuned-model") is UNKNOWN
    assert capabilities("gemini-4-ultra").guessed is False or capabilities("gemini-4-ultra") is UNKNOWN


@pytest.mark.parametrize(
    "model, image, audio",
    [
        ("gemini-2.5-flash-image", True, False),
        ("gemini-3-pro-image-preview", True, False),
        ("gemini-3.1-flash-image-preview", True, False),
        ("gemini-2.5-flash-preview-tts", False, True),
        ("gemini-3.1-flash-tts-preview", False, True),
        ("gemini-3.8-flash-tts", False, True),
        ("gemini-3.8-flash-lite-tts", False, True),
        ("gemini-3.8-flash", False, False),
        ("gemini-2.5-flash", False, False),
    ],
)
def test_output_modalities_per_model(model: str, image: bool, audio: bool) -> None:
    caps = capabilities(model)
    assert (caps.image_output, caps.audio_output) == (image, audio)
    if audio:
        assert caps.thinking is None
