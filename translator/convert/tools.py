"""OpenAI `tools`, `tool_choice` and the legacy `functions` / `function_call` -> Gemini `tools` and `toolConfig`.

All functions go into one Tool's `functionDeclarations`. Parameters go as JSON Schema (`parametersJsonSchema`), or,
under the legacy schema dialect, converted to the OpenAPI-subset `parameters`. `strict` has no Gemini switch:
the full schema is sent either way. `parallel_tool_calls` has none either (reported as ignored by the caller).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from translator.convert.schema import SchemaError, function_parameters, to_openapi_schema
from translator.convert.schema_cache import parameters_json_schema
from translator.convert.tool_names import ToolNames
from translator.errors import invalid_request
from translator.openai.request import (
    AllowedToolsChoice,
    ChatCompletionRequest,
    FunctionDefinition,
    FunctionTool,
    NamedToolChoice,
)

JSON_MIME_TYPE = "application/json"


def _declaration(fn: FunctionDefinition, param: str, names: ToolNames, dialect: str) -> dict[str, Any]:
    decl: dict[str, Any] = {"name": names.add(fn.name)}
    if fn.description:
        decl["description"] = fn.description
    try:
        if dialect == "legacy":
            params = function_parameters(fn.parameters)
            if params is not None:
                decl["parameters"] = to_openapi_schema(params)
        else:
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
    _check_names(found)
    return found


def _check_names(functions: list[tuple[FunctionDefinition, str]]) -> None:
    seen: dict[str, str] = {}
    for fn, param in functions:
        if not fn.name:
            raise invalid_request("A function needs a non-empty name.", param=f"{param}.name")
        if fn.name in seen:
            raise invalid_request(
                f"Function {fn.name!r} is declared twice (also at {seen[fn.name]}).", param=f"{param}.name"
            )
        seen[fn.name] = param


def build_tools(
    req: ChatCompletionRequest, names: ToolNames, dialect: str = "json"
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Gemini `tools` and `toolConfig` for a request (empty list and None when it declares none)."""
    functions = _function_tools(req)
    declared = {fn.name for fn, _ in functions}
    choice, param = _choice(req)
    if isinstance(choice, AllowedToolsChoice):
        allowed = _allowed_names(choice, declared, param)
        if choice.allowed_tools.mode == "auto":
            # Gemini's AUTO takes no allow-list: declaring only the allowed functions means the same.
            functions = [(fn, p) for fn, p in functions if fn.name in allowed]
    tools: list[dict[str, Any]] = []
    if functions:
        tools.append({"functionDeclarations": [_declaration(fn, p, names, dialect) for fn, p in functions]})
    return tools, _tool_config(choice, param, names, declared)


def _choice(req: ChatCompletionRequest) -> tuple[Any, str]:
    if req.tool_choice is not None:
        return req.tool_choice, "tool_choice"
    return req.function_call, "function_call"


def _allowed_names(choice: AllowedToolsChoice, declared: set[str], param: str) -> list[str]:
    allowed: list[str] = []
    for j, tool in enumerate(choice.allowed_tools.tools):
        fn = tool.get("function")
        name = fn.get("name") if isinstance(fn, dict) else tool.get("name")
        where = f"{param}.allowed_tools.tools[{j}]"
        if tool.get("type", "function") != "function" or not isinstance(name, str):
            raise invalid_request("allowed_tools entries must be {type: function, function: {name}}.", param=where)
        if name not in declared:
            raise invalid_request(f"allowed_tools names {name!r}, which is not among the declared tools.", param=where)
        allowed.append(name)
    if not allowed:
        raise invalid_request("allowed_tools needs at least one tool.", param=f"{param}.allowed_tools.tools")
    return allowed


def _tool_config(choice: Any, param: str, names: ToolNames, declared: set[str]) -> dict[str, Any] | None:
    if choice is None:
        return None
    if choice in ("none", "auto"):
        # Without function declarations there is nothing to configure.
        return {"functionCallingConfig": {"mode": choice.upper()}} if declared else None
    if not declared:
        raise invalid_request(f"{param} forces a function call, but no function tools are declared.", param=param)
    if choice == "required":
        return {"functionCallingConfig": {"mode": "ANY"}}
    if isinstance(choice, AllowedToolsChoice):
        if choice.allowed_tools.mode == "auto":
            return {"functionCallingConfig": {"mode": "AUTO"}}
        allowed = _allowed_names(choice, declared, param)
        return {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": [names.to_gemini(n) for n in allowed]}}
    name = choice.function.name if isinstance(choice, NamedToolChoice) else choice.name
    if name not in declared:
        raise invalid_request(f"{param} names {name!r}, which is not among the declared tools.", param=param)
    return {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": [names.to_gemini(name)]}}


def check_forced_call_with_json(
    req: ChatCompletionRequest, tool_config: dict[str, Any] | None, generation_config: dict[str, Any]
) -> None:
    """Gemini refuses forced function calling (ANY) with a JSON response MIME type; say so before calling it."""
    mode = ((tool_config or {}).get("functionCallingConfig") or {}).get("mode")
    if mode == "ANY" and generation_config.get("responseMimeType") == JSON_MIME_TYPE:
        param = "tool_choice" if req.tool_choice is not None else "function_call"
        raise invalid_request(
            f"{param} forces a function call and response_format asks for JSON; Gemini does not support the two "
            f"together (forced function calling with responseMimeType 'application/json'). Drop one of "
            f"{param} or response_format.",
            param=param,
            code="unsupported_combination",
        )
