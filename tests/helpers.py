"""Shared test helpers: paths, fixtures on disk, request builders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
RECORDINGS = SHARED / "recordings"

SERVER_KEY = "server-gemini-key-SECRET"
CLIENT_KEY = "client-token"


def fixture_json(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def recording(name: str) -> bytes:
    path = RECORDINGS / name
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is absent)")
    return path.read_bytes()


def recording_manifest() -> list[dict[str, Any]]:
    path = RECORDINGS / "MANIFEST.json"
    if not path.exists():
        return []
    return json.loads(path.read_text())


def chat_body(content: str = "Hello", **extra: Any) -> dict[str, Any]:
    return {"model": "gemini-2.5-flash", "messages": [{"role": "user", "content": content}], **extra}
