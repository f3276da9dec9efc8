"""Settings from command-line flags and the environment, validated once at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

GOOGLE_BASE_URL = "https://generativelanguage.googleapis.com"

UpstreamAuth = Literal["x-goog-api-key", "bearer"]
# "json": schemas go to parametersJsonSchema / responseJsonSchema as JSON Schema; "legacy": converted to the
# OpenAPI-subset `parameters` / `responseSchema`, for hosts that reject the newer fields.
SchemaDialect = Literal["json", "legacy"]


class ConfigError(ValueError):
    """A setting has a value the service cannot run with."""


def _split_keys(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(k.strip() for k in raw.split(",") if k.strip())


def _number(env: Mapping[str, str], name: str, default: float, *, minimum: float = 0) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be >= {minimum}, got {raw!r}")
    return value


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    gemini_base_url: str = GOOGLE_BASE_URL
    mock: bool = False
    # Upstream keys held by the server (GEMINI_API_KEY, comma-separated). Empty: pass-through mode,
    # where each client's own bearer token (or x-goog-api-key) is forwarded upstream.
    gemini_api_keys: tuple[str, ...] = ()
    # Tokens clients must present when the server holds the upstream key (TRANSLATOR_API_KEYS).
    client_api_keys: tuple[str, ...] = ()
    upstream_auth: UpstreamAuth = "x-goog-api-key"
    connect_timeout: float = 10.0
    # Whole non-streamed upstream call; thinking models can take minutes.
    request_timeout: float = 600.0
    # Longest silence tolerated between two upstream stream events.
    stream_idle_timeout: float = 300.0
    # How often a silent stream gets a `: keep-alive` comment.
    keepalive_interval: float = 15.0
    # Retries of an upstream call that failed to connect (nothing was sent, so retrying is safe).
    connect_retries: int = 1
    max_body_bytes: int = 32 * 1024 * 1024
    fetch_max_bytes: int = 20 * 1024 * 1024
    fetch_timeout: float = 15.0
    # Lets image_url fetches reach loopback/private addresses: only for tests and trusted networks.
    fetch_allow_private: bool = False
    log_level: str = "INFO"
    # Operator defaults merged under every request's safetySettings (JSON list), empty by default.
    default_safety_settings: tuple[dict[str, str], ...] = field(default=())
    schema_dialect: SchemaDialect = "json"
    # Thought signatures kept for clients that echo only tool-call ids (in-process LRU; 0 turns it off).
    signature_store_size: int = 10_000
    # Keys the signature tags in tool-call ids; empty: derived from the upstream key of each request.
    signature_secret: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if not (0 < self.port < 65536):
            raise ConfigError(f"port must be 1..65535, got {self.port}")
        if not self.gemini_base_url.startswith(("http://", "https://")):
            raise ConfigError(f"GEMINI_BASE_URL must be an http(s) URL, got {self.gemini_base_url!r}")
        object.__setattr__(self, "gemini_base_url", self.gemini_base_url.rstrip("/"))
        if self.upstream_auth not in ("x-goog-api-key", "bearer"):
            raise ConfigError(
                f"TRANSLATOR_UPSTREAM_AUTH must be 'x-goog-api-key' or 'bearer', got {self.upstream_auth!r}"
            )
        if self.schema_dialect not in ("json", "legacy"):
            raise ConfigError(f"TRANSLATOR_SCHEMA_DIALECT must be 'json' or 'legacy', got {self.schema_dialect!r}")
        if self.signature_store_size < 0:
            raise ConfigError(f"TRANSLATOR_SIGNATURE_STORE_SIZE must be >= 0, got {self.signature_store_size}")

    @property
    def server_key(self) -> str | None:
        """The upstream key used for every request, when the server holds one."""
        return self.gemini_api_keys[0] if self.gemini_api_keys else None

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        port_raw = env.get("TRANSLATOR_PORT", "8080")
        try:
            port = int(port_raw)
        except ValueError:
            raise ConfigError(f"TRANSLATOR_PORT must be an integer, got {port_raw!r}") from None
        safety = env.get("TRANSLATOR_SAFETY_SETTINGS", "")
        return cls(
            host=env.get("TRANSLATOR_HOST", "127.0.0.1"),
            port=port,
            gemini_base_url=env.get("GEMINI_BASE_URL") or GOOGLE_BASE_URL,
            mock=_flag(env, "TRANSLATOR_MOCK"),
            gemini_api_keys=_split_keys(env.get("GEMINI_API_KEY")),
            client_api_keys=_split_keys(env.get("TRANSLATOR_API_KEYS")),
            upstream_auth=env.get("TRANSLATOR_UPSTREAM_AUTH", "x-goog-api-key").strip().lower(),  # type: ignore[arg-type]
            connect_timeout=_number(env, "TRANSLATOR_CONNECT_TIMEOUT", 10.0, minimum=0.1),
            request_timeout=_number(env, "TRANSLATOR_REQUEST_TIMEOUT", 600.0, minimum=0.1),
            stream_idle_timeout=_number(env, "TRANSLATOR_STREAM_IDLE_TIMEOUT", 300.0, minimum=0.1),
            keepalive_interval=_number(env, "TRANSLATOR_KEEPALIVE_INTERVAL", 15.0, minimum=0.05),
            connect_retries=int(_number(env, "TRANSLATOR_CONNECT_RETRIES", 1)),
            max_body_bytes=int(_number(env, "TRANSLATOR_MAX_BODY_BYTES", 32 * 1024 * 1024, minimum=1024)),
            fetch_max_bytes=int(_number(env, "TRANSLATOR_FETCH_MAX_BYTES", 20 * 1024 * 1024, minimum=1)),
            fetch_timeout=_number(env, "TRANSLATOR_FETCH_TIMEOUT", 15.0, minimum=0.1),
            fetch_allow_private=_flag(env, "TRANSLATOR_FETCH_ALLOW_PRIVATE"),
            log_level=env.get("TRANSLATOR_LOG_LEVEL", "INFO").upper(),
            default_safety_settings=_parse_safety(safety),
            schema_dialect=env.get("TRANSLATOR_SCHEMA_DIALECT", "json").strip().lower(),  # type: ignore[arg-type]
            signature_store_size=int(_number(env, "TRANSLATOR_SIGNATURE_STORE_SIZE", 10_000)),
            signature_secret=env.get("TRANSLATOR_SIGNATURE_SECRET", ""),
        )


def _parse_safety(raw: str) -> tuple[dict[str, str], ...]:
    if not raw.strip():
        return ()
    import json

    try:
        value = json.loads(raw)
    except ValueError:
        raise ConfigError("TRANSLATOR_SAFETY_SETTINGS must be a JSON list of {category, threshold}") from None
    if not isinstance(value, list) or not all(
        isinstance(v, dict) and isinstance(v.get("category"), str) and isinstance(v.get("threshold"), str)
        for v in value
    ):
        raise ConfigError("TRANSLATOR_SAFETY_SETTINGS must be a JSON list of {category, threshold}")
    from translator.convert.safety import normalize_safety_settings
    from translator.errors import ApiError

    try:
        return tuple(normalize_safety_settings(value, "TRANSLATOR_SAFETY_SETTINGS"))
    except ApiError as exc:
        raise ConfigError(exc.message) from None
