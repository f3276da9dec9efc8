"""What each Gemini model accepts: the one table to update when Google ships or changes a model.

Rows match a model id by prefix, most specific first; aliases resolve to a concrete row first.
Sources: Google's thinking, image-generation and function-calling guides, and the 400s other
adapters recorded (see ../shared/docs/gemini-native-api.md sections 5, 6 and 15).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ThinkingKnob = Literal["budget", "level"]
LEVELS = ("MINIMAL", "LOW", "MEDIUM", "HIGH")


@dataclass(frozen=True)
class ModelCaps:
    # Which thinking control the model takes; None: it does not think (never send thinkingConfig).
    thinking: ThinkingKnob | None = "budget"
    # Budget models: accepted range, and whether 0 (off) is allowed.
    budget_min: int = 0
    budget_max: int = 24576
    can_disable_thinking: bool = True
    # Level models: the levels the model accepts, lowest first.
    levels: tuple[str, ...] = ()
    # Thinking effort -> level, per Google's OpenAI-compatibility table for this model.
    effort_levels: dict[str, str] = field(default_factory=dict)
    penalties: bool = False
    logprobs: bool = False
    multiple_candidates: bool = True
    # Built-in tools (search, URL context, code execution, maps) in one request with functions.
    builtin_with_functions: bool = False
    # responseMimeType application/json together with function tools.
    json_with_functions: bool = False
    image_output: bool = False
    audio_output: bool = False
    maps: bool = True
    # True for rows that describe a model family we have not seen yet (prefix fallbacks).
    guessed: bool = False


# Google's OpenAI-compatibility layer budgets for reasoning_effort on budget models; also the budget
# a raw thinking_level stands for on a budget model. Efforts above `high` take the model's budget_max.
EFFORT_BUDGETS = {"minimal": 1024, "low": 1024, "medium": 8192, "high": 24576}

_GEMINI3_FLASH_LEVELS = {"minimal": "MINIMAL", "low": "LOW", "medium": "MEDIUM", "high": "HIGH"}
_GEMINI3_PRO_LEVELS = {"minimal": "LOW", "low": "LOW", "medium": "MEDIUM", "high": "HIGH"}

_G25_PRO = ModelCaps(thinking="budget", budget_min=128, budget_max=32768, can_disable_thinking=False)
_G25_FLASH = ModelCaps(thinking="budget", budget_min=0, budget_max=24576)
_G25_FLASH_LITE = ModelCaps(thinking="budget", budget_min=512, budget_max=24576)
_G3_PRO = ModelCaps(
    thinking="level", levels=("LOW", "HIGH"), effort_levels={"minimal": "LOW", "low": "LOW", "medium": "HIGH", "high": "HIGH"},
    can_disable_thinking=False, builtin_with_functions=True, json_with_functions=True, multiple_candidates=False,
)
_G31_PRO = ModelCaps(
    thinking="level", levels=("LOW", "MEDIUM", "HIGH"), effort_levels=_GEMINI3_PRO_LEVELS,
    can_disable_thinking=False, builtin_with_functions=True, json_with_functions=True,
)
_G3_FLASH = ModelCaps(
    thinking="level", levels=LEVELS, effort_levels=_GEMINI3_FLASH_LEVELS,
    can_disable_thinking=False, builtin_with_functions=True, json_with_functions=True,
)
# 3.7 Flash refuses MINIMAL ("Thinking level is unsupported: THINKING_LEVEL_MINIMAL").
_G37_FLASH = ModelCaps(
    thinking="level", levels=("LOW", "MEDIUM", "HIGH"), effort_levels=_GEMINI3_PRO_LEVELS,
    can_disable_thinking=False, builtin_with_functions=True, json_with_functions=True,
)

# Speech models: audio out only, no thinking options.
_TTS = ModelCaps(thinking=None, audio_output=True, multiple_candidates=False)

# (prefix, caps), most specific first.
_ROWS: tuple[tuple[str, ModelCaps], ...] = (
    ("gemini-2.5-flash-image", ModelCaps(thinking=None, image_output=True, multiple_candidates=False)),
    ("gemini-2.5-flash-preview-tts", _TTS),
    ("gemini-2.5-pro-preview-tts", _TTS),
    ("gemini-2.5-flash-tts", _TTS),
    ("gemini-2.5-pro-tts", _TTS),
    ("gemini-3.1-flash-tts", _TTS),
    ("gemini-3.8-flash-tts", _TTS),
    ("gemini-3.8-flash-lite-tts", _TTS),
    ("gemini-2.0-flash-preview-image-generation", ModelCaps(thinking=None, image_output=True, multiple_candidates=False)),
    ("gemini-2.5-flash-lite", _G25_FLASH_LITE),
    ("gemini-2.5-flash", _G25_FLASH),
    ("gemini-2.5-pro", _G25_PRO),
    ("gemini-2.0-flash-lite", ModelCaps(thinking=None, penalties=True)),
    ("gemini-2.0-flash", ModelCaps(thinking=None, penalties=True)),
    ("gemini-3-pro-image", ModelCaps(
        thinking="level", levels=("LOW", "HIGH"), effort_levels=_G3_PRO.effort_levels, can_disable_thinking=False,
        image_output=True, multiple_candidates=False)),
    ("gemini-3.1-flash-image", ModelCaps(
        thinking="level", levels=LEVELS, effort_levels=_GEMINI3_FLASH_LEVELS, can_disable_thinking=False,
        image_output=True, multiple_candidates=False)),
    ("gemini-3-pro", _G3_PRO),
    ("gemini-3.1-pro", _G31_PRO),
    ("gemini-3-flash", _G3_FLASH),
    ("gemini-3.1-flash-lite", _G3_FLASH),
    ("gemini-3.1-flash", _G3_FLASH),
    ("gemini-3.7-flash", _G37_FLASH),
    ("gemini-3.8-flash", _G37_FLASH),
    # Families not in the table yet: the nearest known behaviour, marked as a guess.
    ("gemini-3", ModelCaps(
        thinking="level", levels=("LOW", "MEDIUM", "HIGH"), effort_levels=_GEMINI3_PRO_LEVELS,
        can_disable_thinking=False, builtin_with_functions=True, json_with_functions=True, guessed=True)),
    ("gemini-2", ModelCaps(thinking="budget", guessed=True)),
    ("gemini-1.5", ModelCaps(thinking=None, penalties=True, guessed=True)),
)

# Moving aliases: what they pointed at when this table was last checked.
ALIASES = {
    "gemini-flash-latest": "gemini-3-flash-preview",
    "gemini-flash-lite-latest": "gemini-3.1-flash-lite",
    "gemini-pro-latest": "gemini-3.1-pro-preview",
}

# A model we know nothing about: send what the client asked for and let Gemini judge.
UNKNOWN = ModelCaps(thinking="budget", guessed=True, penalties=True, logprobs=True, builtin_with_functions=True,
                    json_with_functions=True)


def resolve_alias(model: str) -> str:
    return ALIASES.get(model, model)


def capabilities(model: str) -> ModelCaps:
    name = resolve_alias(model)
    for prefix, caps in _ROWS:
        if name.startswith(prefix):
            return caps
    return UNKNOWN
