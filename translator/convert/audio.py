"""Gemini audio parts -> OpenAI `message.audio` / `delta.audio`.

Gemini's speech models answer with raw 16-bit PCM (`audio/L16;codec=pcm;rate=24000`, mono). Despite
the L16 name the samples are little-endian, as Google's own samples show by writing them straight
into a WAV file. `wav` wraps them in a 44-byte header; `pcm16` hands them over as they are. Any other
audio type passes through untouched.
"""

from __future__ import annotations

import base64
import re
import secrets
import struct
from collections.abc import Sequence
from typing import Any

from translator.convert.parts import InlineAudio

DEFAULT_RATE = 24000
_PARAM = re.compile(r";\s*(\w+)\s*=\s*([^;]+)")


def new_audio_id() -> str:
    return "audio_" + secrets.token_hex(12)


def is_pcm(mime: str) -> bool:
    base = mime.split(";", 1)[0].strip().lower()
    return base in ("audio/l16", "audio/pcm", "audio/raw") or "codec=pcm" in mime.lower().replace(" ", "")


def _params(mime: str) -> dict[str, str]:
    return {k.lower(): v.strip() for k, v in _PARAM.findall(mime)}


def pcm_to_wav(pcm: bytes, *, rate: int = DEFAULT_RATE, channels: int = 1, sample_bits: int = 16) -> bytes:
    block = channels * sample_bits // 8
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF", 36 + len(pcm), b"WAVE",
        b"fmt ", 16, 1, channels, rate, rate * block, block, sample_bits,
        b"data", len(pcm),
    )
    return header + pcm


def wav_to_pcm(wav: bytes) -> bytes | None:
    """The samples of a WAV file's `data` chunk, or None when `wav` is not a plain WAV file."""
    if len(wav) < 12 or wav[:4] != b"RIFF" or wav[8:12] != b"WAVE":
        return None
    at = 12
    while at + 8 <= len(wav):
        chunk, size = struct.unpack("<4sI", wav[at : at + 8])
        if chunk == b"data":
            return wav[at + 8 : at + 8 + size]
        at += 8 + size + (size & 1)
    return None


def _decode(data: str) -> bytes:
    return base64.b64decode(data + "=" * (-len(data) % 4), altchars=b"-_" if ("-" in data or "_" in data) else None)


def audio_bytes(chunks: Sequence[InlineAudio], fmt: str | None) -> bytes:
    """All audio parts of a message as one clip in the requested format (wav when none was asked for)."""
    raw = b"".join(_decode(c.data) for c in chunks)
    mime = chunks[0].mime_type
    if is_pcm(mime):
        if fmt == "pcm16":
            return raw
        params = _params(mime)
        rate = int(params["rate"]) if params.get("rate", "").isdigit() else DEFAULT_RATE
        channels = int(params["channels"]) if params.get("channels", "").isdigit() else 1
        return pcm_to_wav(raw, rate=rate, channels=channels)
    if fmt == "pcm16" and mime.lower().startswith(("audio/wav", "audio/x-wav", "audio/wave")):
        return wav_to_pcm(raw) or raw
    return raw


def audio_message(chunks: Sequence[InlineAudio], *, transcript: str, created: int, fmt: str | None) -> dict[str, Any]:
    """OpenAI's `message.audio`. Nothing is kept server-side for later turns, so it expires at once:
    clients then send the transcript back as text, which is what Gemini needs anyway."""
    if len(chunks) == 1 and fmt == "pcm16" and is_pcm(chunks[0].mime_type):
        data = chunks[0].data  # already what the client wants: skip decoding
    else:
        data = base64.b64encode(audio_bytes(chunks, fmt)).decode()
    return {"id": new_audio_id(), "data": data, "expires_at": created, "transcript": transcript}
