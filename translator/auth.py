"""Who may call us, and which key goes upstream."""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from translator.config import Settings
from translator.errors import authentication_error


def client_token(headers: Mapping[str, str]) -> str | None:
    auth = headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    goog = headers.get("x-goog-api-key", "").strip()
    if goog:
        return goog
    api_key = headers.get("api-key", "").strip()  # Azure-style clients
    return api_key or None


def _matches_any(token: str, allowed: tuple[str, ...]) -> bool:
    # Compare against every key so the time taken does not reveal which one (if any) matched.
    found = False
    for key in allowed:
        found |= hmac.compare_digest(token.encode(), key.encode())
    return found


def upstream_key(headers: Mapping[str, str], settings: Settings) -> str:
    """The Gemini key for this request, or a 401 in the OpenAI shape."""
    token = client_token(headers)
    server_key = settings.server_key
    if server_key is not None:
        if settings.client_api_keys:
            if token is None:
                raise authentication_error("Missing API key: send 'Authorization: Bearer <key>'.")
            if not _matches_any(token, settings.client_api_keys):
                raise authentication_error("Incorrect API key provided.")
        return server_key
    if token is None:
        raise authentication_error(
            "Missing API key: send your Gemini API key as 'Authorization: Bearer <key>', "
            "or configure GEMINI_API_KEY on the server."
        )
    return token
