"""OpenAI content parts that carry media -> Gemini `inlineData` / `fileData` parts."""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes

from translator.errors import invalid_request

_DATA_URL = re.compile(r"^data:(?P<mime>[\w.+-]+/[\w.+-]+)?(?P<params>(?:;[\w.+-]+=[^;,]*)*)(?P<b64>;base64)?,", re.I)

# Gemini reads these by reference (`fileData`) instead of inline bytes.
_FILE_URI_PREFIXES = ("gs://",)
_FILES_API = re.compile(r"^https://generativelanguage\.googleapis\.com/(v1beta|v1|v1alpha)/files/[\w-]+$")
_YOUTUBE = re.compile(r"^https?://(www\.|m\.)?(youtube\.com/(watch|shorts|live)|youtu\.be/)", re.I)

AUDIO_MIME = {
    "wav": "audio/wav",
    "mp3": "audio/mp3",
    "aiff": "audio/aiff",
    "aac": "audio/aac",
    "ogg": "audio/ogg",
    "flac": "audio/flac",
    "pcm16": "audio/pcm",
    "webm": "audio/webm",
    "m4a": "audio/mp4",
}


@dataclass(frozen=True)
class InlineMedia:
    """Media the service fetched for an http(s) `image_url`, already base64-encoded."""

    mime_type: str
    data: str


def parse_data_url(url: str, param: str) -> dict[str, Any]:
    """`data:image/png;base64,...` -> `{"inlineData": {...}}`, or a 400 naming `param`."""
    match = _DATA_URL.match(url)
    if not match or not match.group("mime"):
        raise invalid_request(
            "Invalid data URL: expected 'data:<mime type>;base64,<data>'.", param=param, code="invalid_image_url"
        )
    payload = url[match.end() :]
    if match.group("b64"):
        payload = payload.strip()
        try:
            base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            raise invalid_request("Invalid data URL: the data is not valid base64.", param=param, code="invalid_image_url") from None
    else:
        payload = base64.b64encode(unquote_to_bytes(payload)).decode("ascii")
    if not payload:
        raise invalid_request("Invalid data URL: the data is empty.", param=param, code="invalid_image_url")
    return {"inlineData": {"mimeType": match.group("mime").lower(), "data": payload}}


def is_file_reference(url: str) -> bool:
    return url.startswith(_FILE_URI_PREFIXES) or bool(_FILES_API.match(url)) or bool(_YOUTUBE.match(url))


def needs_fetch(url: str) -> bool:
    """An http(s) URL that must be downloaded and inlined (Gemini cannot read arbitrary URLs)."""
    return url.startswith(("http://", "https://")) and not is_file_reference(url)


def _guess_mime(name: str | None, default: str) -> str:
    if name:
        guessed, _ = mimetypes.guess_type(name)
        if guessed:
            return guessed
    return default


def image_part(url: str, param: str, media: Mapping[str, InlineMedia]) -> dict[str, Any]:
    if url.startswith("data:"):
        return parse_data_url(url, param)
    if is_file_reference(url):
        ref: dict[str, Any] = {"fileUri": url}
        if _YOUTUBE.match(url):
            ref["mimeType"] = "video/*"
        elif not url.startswith("gs://") or "." in url.rsplit("/", 1)[-1]:
            guessed = _guess_mime(url, "")
            if guessed:
                ref["mimeType"] = guessed
        return {"fileData": ref}
    fetched = media.get(url)
    if fetched is not None:
        return {"inlineData": {"mimeType": fetched.mime_type, "data": fetched.data}}
    raise invalid_request(
        "Unsupported image URL: use a data: URL, an http(s) URL, a Gemini Files API URI or gs://.",
        param=param,
        code="invalid_image_url",
    )


def audio_part(data: str, fmt: str, param: str) -> dict[str, Any]:
    mime = AUDIO_MIME.get(fmt.lower(), f"audio/{fmt.lower()}")
    try:
        base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise invalid_request("input_audio.data must be base64-encoded audio.", param=f"{param}.data") from None
    return {"inlineData": {"mimeType": mime, "data": data}}


def file_part(file_data: str | None, file_id: str | None, filename: str | None, param: str, files_base_url: str) -> dict[str, Any]:
    if file_data:
        if file_data.startswith("data:"):
            return parse_data_url(file_data, f"{param}.file_data")
        try:
            base64.b64decode(file_data, validate=True)
        except (binascii.Error, ValueError):
            raise invalid_request(
                "file.file_data must be a data URL or base64 data.", param=f"{param}.file_data"
            ) from None
        return {"inlineData": {"mimeType": _guess_mime(filename, "application/pdf"), "data": file_data}}
    assert file_id is not None
    if "://" in file_id:
        uri = file_id
    else:
        name = file_id if file_id.startswith("files/") else f"files/{file_id}"
        uri = f"{files_base_url}/v1beta/{name}"
    ref: dict[str, Any] = {"fileUri": uri}
    if filename:
        ref["mimeType"] = _guess_mime(filename, "application/octet-stream")
    return {"fileData": ref}
