"""`reasoning_effort` and raw thinking configs -> Gemini `generationConfig.thinkingConfig`, per model.

What each model accepts comes from `translator.catalog`; this module only applies it:
budget models (Gemini 2.x) get `thinkingBudget`, level models (Gemini 3) get `thinkingLevel`,
never both, and models that do not think get no `thinkingConfig` at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from translator.catalog import EFFORT_BUDGETS, LEVELS, UNKNOWN, ModelCaps
from translator.errors import invalid_request
from translator.openai.request import ReasoningEffortObject

# The spec's ReasoningEffort values, lowest first.
EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
# Above `high`: the most the model offers.
_TOP = frozenset({"xhigh", "max"})
_INT32_MAX = 2**31 - 1

# Raw thinking-config keys, both proto JSON spellings -> our name.
_KEYS = {
    "thinking_budget": "budget",
    "thinkingBudget": "budget",
    "thinking_level": "level",
    "thinkingLevel": "level",
    "include_thoughts": "include_thoughts",
    "includeThoughts": "include_thoughts",
}


@dataclass(frozen=True)
class RawThinking:
    """A client's explicit thinking config (`thinking_config` / `google.thinking_config`)."""

    budget: int | None = None
    level: str | None = None  # MINIMAL, LOW, MEDIUM or HIGH
    include_thoughts: bool | None = None
    # Our name -> the field path as the client spelled it, for errors and reports.
    params: Mapping[str, str] = field(default_factory=dict)

    def updated_by(self, other: RawThinking) -> RawThinking:
        """`other`'s settings over ours, key by key; budget and level count as one key (the amount)."""
        params = dict(self.params)
        changes: dict[str, Any] = {}
        if other.budget is not None or other.level is not None:
            params.pop("budget", None)
            params.pop("level", None)
            changes.update(budget=None, level=None)
        changes.update({name: getattr(other, name) for name in other.params})
        return replace(self, **changes, params={**params, **other.params})

    def asks_for_thinking(self) -> list[str]:
        """The params that request thinking (as opposed to leaving it off)."""
        asking = []
        if self.budget not in (None, 0):
            asking.append(self.params["budget"])
        if self.level is not None:
            asking.append(self.params["level"])
        if self.include_thoughts:
            asking.append(self.params["include_thoughts"])
        return asking


@dataclass
class ThinkingPlan:
    config: dict[str, Any] | None
    # Params accepted but not sent (the model does not think).
    ignored: list[str] = field(default_factory=list)


def parse_effort(value: str | ReasoningEffortObject | None) -> str | None:
    """A spec `reasoning_effort` (string, or the `{"effort": ...}` object some clients send)."""
    param = "reasoning_effort"
    if isinstance(value, ReasoningEffortObject):
        value, param = value.effort, "reasoning_effort.effort"
    if value is None:
        return None
    effort = value.strip().lower()
    if effort not in EFFORTS:
        raise invalid_request(
            f"Invalid reasoning_effort {value!r}: use one of {', '.join(EFFORTS)}.", param=param, code="invalid_value"
        )
    return effort


def parse_thinking_config(value: Any, param: str) -> RawThinking:
    """Validate `{thinking_budget | thinking_level, include_thoughts}` (snake or camel case)."""
    if not isinstance(value, dict):
        raise invalid_request(f"{param} must be an object.", param=param, code="invalid_value")
    found: dict[str, Any] = {}
    params: dict[str, str] = {}
    for key, item in value.items():
        name = _KEYS.get(key)
        where = f"{param}.{key}"
        if name is None:
            raise invalid_request(
                f"Unknown field {where!r}: a thinking config takes thinking_budget, thinking_level and include_thoughts.",
                param=where,
                code="invalid_value",
            )
        if name in params:
            raise invalid_request(f"{where} repeats {params[name]}.", param=where, code="invalid_value")
        params[name] = where
        if item is not None:
            found[name] = _check(name, item, where)
    params = {name: where for name, where in params.items() if name in found}
    raw = RawThinking(**found, params=params)
    if raw.budget is not None and raw.level is not None:
        raise invalid_request(
            f"Set {params['budget']} or {params['level']}, not both: Gemini takes one of them.",
            param=params["level"],
            code="invalid_value",
        )
    return raw


def _check(name: str, value: Any, where: str) -> Any:
    if name == "budget":
        if isinstance(value, bool) or not isinstance(value, int) or not -1 <= value <= _INT32_MAX:
            raise invalid_request(
                f"{where} must be an integer: -1 (dynamic), 0 (off) or a number of tokens.", param=where,
                code="invalid_value",
            )
        return value
    if name == "level":
        level = value.upper() if isinstance(value, str) else None
        if level not in LEVELS:
            raise invalid_request(
                f"{where} must be one of {', '.join(LEVELS)} (any case), got {value!r}.", param=where,
                code="invalid_value",
            )
        return level
    if not isinstance(value, bool):
        raise invalid_request(f"{where} must be a boolean.", param=where, code="invalid_value")
    return value


def plan_thinking(caps: ModelCaps, effort: str | None, raw: RawThinking | None) -> ThinkingPlan:
    """The `thinkingConfig` to send (or None) for a model, from the effort and/or raw config.

    `reasoning_effort` sets the amount of thinking; a raw config may add `include_thoughts` to it,
    but a raw budget or level together with `reasoning_effort` is refused, as Google's own layer does.
    `reasoning_effort` (other than `none`) also asks for thought summaries unless the client set
    `include_thoughts` itself: a client that asks for reasoning is the one that shows it.
    """
    raw = raw or RawThinking()
    if effort is not None and (raw.budget is not None or raw.level is not None):
        which = raw.params["budget" if raw.budget is not None else "level"]
        raise invalid_request(
            f"reasoning_effort and {which} both set the amount of thinking: send one of them "
            "(include_thoughts may accompany reasoning_effort).",
            param=which,
            code="invalid_value",
        )
    if caps.thinking is None:
        ignored = ["reasoning_effort"] if effort not in (None, "none") else []
        return ThinkingPlan(None, ignored + raw.asks_for_thinking())

    config: dict[str, Any] = {}
    amount = _amount(caps, effort, raw)
    if amount is not None:
        config[amount[0]] = amount[1]
    include = raw.include_thoughts
    if include is None and effort not in (None, "none"):
        include = True
    if include is not None:
        config["includeThoughts"] = include
    return ThinkingPlan(config or None)


def _amount(caps: ModelCaps, effort: str | None, raw: RawThinking) -> tuple[str, int | str] | None:
    if caps is UNKNOWN:
        # Nothing known about the model: raw settings go as sent; effort becomes a budget, the
        # knob every thinking generation accepts.
        if raw.budget is not None:
            return "thinkingBudget", raw.budget
        if raw.level is not None:
            return "thinkingLevel", raw.level
        return ("thinkingBudget", _effort_budget(effort, caps)) if effort is not None else None
    if caps.thinking == "budget":
        if raw.budget is not None:
            budget = raw.budget
        elif raw.level is not None:
            budget = EFFORT_BUDGETS[raw.level.lower()]
        elif effort is not None:
            budget = _effort_budget(effort, caps)
        else:
            return None
        return "thinkingBudget", clamp_budget(budget, caps)
    # Level models. Gemini 3 still accepts budgets for backward compatibility: a raw one goes as sent.
    if raw.budget is not None:
        return "thinkingBudget", raw.budget
    if raw.level is not None:
        return "thinkingLevel", fit_level(raw.level, caps.levels)
    if effort is None:
        return None
    if effort == "none":
        return "thinkingLevel", caps.levels[0]
    if effort in _TOP:
        return "thinkingLevel", caps.levels[-1]
    return "thinkingLevel", fit_level(caps.effort_levels.get(effort, effort.upper()), caps.levels)


def _effort_budget(effort: str, caps: ModelCaps) -> int:
    if effort == "none":
        return 0
    if effort in _TOP:
        return caps.budget_max
    return EFFORT_BUDGETS[effort]


def clamp_budget(budget: int, caps: ModelCaps) -> int:
    """A budget the model accepts: -1 (dynamic) stays; 0 becomes the floor where thinking cannot be off."""
    if budget == -1:
        return budget
    if budget == 0:
        return 0 if caps.can_disable_thinking else caps.budget_min
    return max(caps.budget_min, min(budget, caps.budget_max))


def fit_level(level: str, levels: tuple[str, ...]) -> str:
    """`level` if the model takes it, else the next level up it takes, else its highest."""
    if level in levels:
        return level
    rank = LEVELS.index(level)
    above = [candidate for candidate in levels if LEVELS.index(candidate) > rank]
    return above[0] if above else levels[-1]
