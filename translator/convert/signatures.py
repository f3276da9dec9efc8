"""Gemini thought signatures across OpenAI round trips.

Gemini 3 puts a `thoughtSignature` on the first `functionCall` part of each step and rejects the next request
when a step of the current turn comes back without it. OpenAI clients echo tool calls in three ways, so the
signature travels in three layers:

1. `tool_calls[].extra_content.google.thought_signature` (Google's own spelling, which the AI SDK and clients
   that append the SDK's message object echo unchanged). Text-part signatures travel the same way on the
   message (`message.extra_content.google.thought_signature`).
2. A `SignatureStore`, keyed by the tool-call id, for clients that echo only id, name and arguments. The id of
   a signed call ends in `_ts<tag>`, a 64-bit keyed digest of the signature, so an entry is replayed only if it
   is the signature that id was minted for: a stale, foreign or corrupted entry is ignored.
3. Google's documented placeholder on the first call of a step when the real signature is gone (history from
   another model, another instance without a shared store) on models that validate signatures.

Ids stay short (at most 59 characters of `[A-Za-z0-9_-]`): Gemini's own call id when it sent a usable one,
otherwise `call_<24 hex>`, plus the tag on signed calls.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from translator.catalog import capabilities

# Google: "you can set thought signatures to ... skip_thought_signature_validator" for calls it did not sign.
DUMMY_SIGNATURE = "skip_thought_signature_validator"

_FRESH_ID = re.compile(r"call_[0-9a-f]{24}")
_TAGGED_ID = re.compile(r"(?P<base>.+)_ts(?P<tag>[0-9a-f]{16})")
# Gemini ids seen: "PPik6Btt", "call_966934". Longer or odder ones are replaced so ids stay bounded and safe.
_USABLE_GEMINI_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
_TAG_CONTEXT = b"translator thought-signature tag v1\x00"


def new_call_id() -> str:
    return "call_" + secrets.token_hex(12)


@dataclass(frozen=True)
class ParsedId:
    """What a client's tool-call id tells us."""

    gemini_id: str | None  # the id to send back in functionCall.id / functionResponse.id
    tag: str | None  # digest of the signature the call carried, when it carried one


class ToolCallIds:
    """Mints OpenAI tool-call ids for Gemini calls and reads them back.

    `secret` keys the signature tags: instances that must recognise each other's ids share it (see
    `signature_secret`); a different secret (another tenant's key in pass-through mode) never matches.
    """

    __slots__ = ("_key",)

    def __init__(self, secret: str | bytes = b"") -> None:
        raw = secret.encode() if isinstance(secret, str) else secret
        self._key = hashlib.sha256(_TAG_CONTEXT + raw).digest()

    def tag(self, signature: str) -> str:
        return hmac.new(self._key, signature.encode(), hashlib.sha256).hexdigest()[:16]

    def mint(self, gemini_id: Any, signature: str | None) -> str:
        usable = isinstance(gemini_id, str) and _USABLE_GEMINI_ID.fullmatch(gemini_id) and not _is_ours(gemini_id)
        base = gemini_id if usable else new_call_id()
        return f"{base}_ts{self.tag(signature)}" if signature else base

    def parse(self, call_id: str) -> ParsedId:
        tag = None
        base = call_id
        if (m := _TAGGED_ID.fullmatch(call_id)) is not None:
            base, tag = m["base"], m["tag"]
        # Our own fresh ids mean Gemini sent none; anything else is Gemini's (or another provider's) and goes back.
        gemini_id = None if _FRESH_ID.fullmatch(base) or not base else base
        return ParsedId(gemini_id, tag)

    def matches(self, call_id: str, signature: str) -> bool:
        tag = self.parse(call_id).tag
        return tag is not None and hmac.compare_digest(tag, self.tag(signature))


def _is_ours(call_id: str) -> bool:
    return _FRESH_ID.fullmatch(call_id) is not None or _TAGGED_ID.fullmatch(call_id) is not None


def signature_secret(configured: str, upstream_key: str) -> str:
    """The tag key: the operator's shared secret, else the upstream key the request uses.

    Instances behind one load balancer share `GEMINI_API_KEY` (or `TRANSLATOR_SIGNATURE_SECRET`), so they agree;
    in pass-through mode each client key gets its own tags, so one tenant's stored signatures never replay into
    another tenant's request. Only a truncated HMAC ever leaves the process, never the key.
    """
    return configured or upstream_key


def validates_signatures(model: str) -> bool:
    """Gemini 3 models (the level-thinking generation in the catalog) reject replayed steps without a signature."""
    return capabilities(model).thinking == "level"


# ---- the OpenAI-side spelling ------------------------------------------------------------------------------


def google_extra(signature: str) -> dict[str, Any]:
    return {"google": {"thought_signature": signature}}


def echoed_signature(extra_content: Any) -> str | None:
    """`extra_content.google.thought_signature` from a client's history, when it is a usable string."""
    if not isinstance(extra_content, Mapping):
        return None
    google = extra_content.get("google")
    if not isinstance(google, Mapping):
        return None
    value = google.get("thought_signature")
    return value if isinstance(value, str) and value else None


# ---- the store ---------------------------------------------------------------------------------------------


class SignatureStore(Protocol):
    """Where signatures wait for clients that echo only tool-call ids. Share one between instances (Redis,
    memcached...) so a conversation can move between them; entries are integrity-checked on the way out."""

    async def get(self, call_id: str) -> str | None: ...

    async def put(self, call_id: str, signature: str) -> None: ...


class MemorySignatureStore:
    """The default store: in-process, least recently used entries evicted beyond `max_entries` (0 disables it)."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    async def get(self, call_id: str) -> str | None:
        value = self._entries.get(call_id)
        if value is not None:
            self._entries.move_to_end(call_id)
        return value

    async def put(self, call_id: str, signature: str) -> None:
        if self.max_entries <= 0:
            return
        self._entries[call_id] = signature
        self._entries.move_to_end(call_id)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


def ids_to_look_up(tool_calls: Iterable[tuple[str, Any]], ids: ToolCallIds) -> list[str]:
    """Ids (from `(id, extra_content)` pairs of a request's history) whose signature only the store can give."""
    wanted: list[str] = []
    for call_id, extra in tool_calls:
        if echoed_signature(extra) is None and ids.parse(call_id).tag is not None and call_id not in wanted:
            wanted.append(call_id)
    return wanted


def signatures_to_store(completion: Mapping[str, Any]) -> list[tuple[str, str]]:
    """`(id, signature)` for every signed tool call of a chat completion (or of one streamed delta's calls)."""
    found: list[tuple[str, str]] = []
    for choice in completion.get("choices") or []:
        message = choice.get("message") or choice.get("delta") or {}
        for call in message.get("tool_calls") or []:
            signature = echoed_signature(call.get("extra_content"))
            if signature is not None and isinstance(call.get("id"), str):
                found.append((call["id"], signature))
    return found
