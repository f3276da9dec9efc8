"""The SignatureStore's I/O around a request: look up before converting, remember after answering.

A failing store (a shared cache that is down) never fails a request: lookups then find nothing, so the
conversion falls back to Google's placeholder signature, and the failure is logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence

from translator.convert.signatures import SignatureStore, ToolCallIds, ids_to_look_up
from translator.openai.request import AssistantMessage, Message

log = logging.getLogger("translator")


async def fetch_signatures(store: SignatureStore, messages: Sequence[Message], ids: ToolCallIds) -> dict[str, str]:
    calls = [
        (call.id, call.extra_content)
        for msg in messages
        if isinstance(msg, AssistantMessage)
        for call in msg.tool_calls or []
    ]
    wanted = ids_to_look_up(calls, ids)
    if not wanted:
        return {}
    try:
        found = await asyncio.gather(*(store.get(call_id) for call_id in wanted))
    except Exception as exc:  # noqa: BLE001 - any store failure degrades to the fallback
        log.warning("signature store lookup failed (%s); replaying without stored signatures", type(exc).__name__)
        return {}
    return {call_id: sig for call_id, sig in zip(wanted, found) if isinstance(sig, str) and sig}


async def remember_signatures(store: SignatureStore, entries: Iterable[tuple[str, str]]) -> None:
    entries = list(entries)
    if not entries:
        return
    try:
        await asyncio.gather(*(store.put(call_id, sig) for call_id, sig in entries))
    except Exception as exc:  # noqa: BLE001
        log.warning("signature store write failed (%s); clients must echo extra_content", type(exc).__name__)
