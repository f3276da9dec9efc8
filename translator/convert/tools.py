"""OpenAI `tools`, `tool_choice` and the legacy `functions` -> Gemini `tools` and `toolConfig`."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from translator.convert.schema import SchemaError
from translator.convert.schema_cache import parameters_json_schema
from translator.convert.tool_names import ToolNames
from translator.errors import invalid_request
from translator.openai.request import ChatCompletionRequest, FunctionDefinition, FunctionTool, NamedToolChoice


def _declaration(fn: FunctionDefinition, param: str, names: ToolNames) -> dict[str, Any]:
    decl: dict[str, Any] = {"name": names.add(fn.name)}
    if fn.description:
        decl["description"] = fn.description
    try:
        params = parameters_json_schema(fn.parameters)
        if params is not None:
            decl["parametersJsonSchema"] = params
    except SchemaError as exc:
        raise invalid_request(
            f"The parameters schema of function {fn.name!r} cannot be sent to Gemini: {exc.message}",
            param=f"{param}.parameters" + (f".{exc.path}" if exc.path else ""),
            code="invalid_schema",
        ) from None
    return decl


def _function_tools(req: ChatCompletionRequest) -> list[tuple[FunctionDefinition, str]]:
    found: list[tuple[FunctionDefinition, str]] = []
    for i, raw in enumerate(req.tools or []):
        param = f"tools[{i}]"
        if raw.get("type") != "function":
            raise invalid_request(
                f"Unsupported tool type {raw.get('type')!r}.", param=f"{param}.type", code="unsupported_tool"
            )
        try:
            tool = FunctionTool.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            loc = ".".join(str(x) for x in err.get("loc", ()))
            raise invalid_request(f"Invalid tool: {err.get('msg')}.", param=f"{param}.{loc}" if loc else param) from None
        found.append((tool.function, f"{param}.function"))
    for i, fn in enumerate(req.functions or []):
        found.append((fn, f"functions[{i}]"))
    return found


def build_tools(req: ChatCompletionRequest, names: ToolNames) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Gemini `tools` and `toolConfig` for a request (empty list and None when it declares none)."""
    functions = _function_tools(req)
    tools: list[dict[str, Any]] = []
    if functions:
        tools.append({"functionDeclarations": [_declaration(fn, p, names) for fn, p in functions]})
    config = _tool_config(req, names, declared={fn.name for fn, _ in functions})
    return tools, config


def _tool_config(req: ChatCompletionRequest, names: ToolNames, declared: set[str]) -> dict[str, Any] | None:
    choice = req.tool_choice if req.tool_choice is not None else req.function_call
    param = "tool_choice" if req.tool_choice is not None else "function_call"
    if choice is None:
        return None
    if choice == "none":
        return {"functionCallingConfig": {"mode": "NONE"}}
    if choice == "auto":
        return {"functionCallingConfig": {"mode": "AUTO"}}
    if choice == "required":
        if not declared:
            raise invalid_request("tool_choice 'required' needs at least one function tool.", param=param)
        return {"functionCallingConfig": {"mode": "ANY"}}
    name = choice.function.name if isinstance(choice, NamedToolChoice) else choice.name
    if name not in declared:
        raise invalid_request(f"tool_choice names {name!r}, which is not among the declared tools.", param=param)
    return {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": [names.to_gemini(name)]}}
