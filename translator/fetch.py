"""Downloading http(s) image URLs for inlining, with a host policy, a size cap and a timeout."""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import socket
from collections.abc import Iterable

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from translator.convert.media import InlineMedia
from translator.errors import invalid_request

# `image_url` parts carry images; anything else at the URL is refused rather than guessed at.
ALLOWED_PREFIXES = ("image/",)


def is_public_address(host: str) -> bool:
    ip = ipaddress.ip_address(host)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class PublicOnlyResolver(AbstractResolver):
    """Resolves names, then refuses any address that is loopback, private, link-local or reserved.

    Checking the resolved address (not the URL's text) also covers DNS names that point inside.
    """

    def __init__(self) -> None:
        self._inner = aiohttp.ThreadedResolver()

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        allowed = [r for r in results if is_public_address(r["host"])]
        if not allowed:
            raise OSError(f"{host} resolves only to non-public addresses")
        return allowed

    async def close(self) -> None:
        await self._inner.close()


def make_fetch_session(allow_private: bool) -> aiohttp.ClientSession:
    resolver = None if allow_private else PublicOnlyResolver()
    connector = aiohttp.TCPConnector(resolver=resolver, limit=32, ttl_dns_cache=60)
    return aiohttp.ClientSession(connector=connector, auto_decompress=True)


async def _fetch_one(
    session: aiohttp.ClientSession, url: str, param: str, *, max_bytes: int, timeout: float, allow_private: bool
) -> InlineMedia:
    host = URL(url).host or ""
    if not allow_private:
        try:
            if not is_public_address(host):
                raise invalid_request("Image URLs must point to a public address.", param=param, code="invalid_image_url")
        except ValueError:
            pass  # a name, checked by the resolver after lookup
    try:
        async with session.get(
            url, timeout=aiohttp.ClientTimeout(total=timeout), allow_redirects=True, max_redirects=3
        ) as resp:
            if resp.status != 200:
                raise invalid_request(
                    f"Could not fetch the image URL: HTTP {resp.status}.", param=param, code="invalid_image_url"
                )
            mime = resp.content_type.lower()
            if not mime.startswith(ALLOWED_PREFIXES):
                raise invalid_request(
                    f"The image URL returned content type {mime!r}, not an image.", param=param, code="invalid_image_url"
                )
            if resp.content_length is not None and resp.content_length > max_bytes:
                raise invalid_request(f"The image at the URL exceeds {max_bytes} bytes.", param=param, code="image_too_large")
            body = bytearray()
            async for chunk in resp.content.iter_chunked(65536):
                body += chunk
                if len(body) > max_bytes:
                    raise invalid_request(
                        f"The image at the URL exceeds {max_bytes} bytes.", param=param, code="image_too_large"
                    )
    except asyncio.TimeoutError:
        raise invalid_request(f"Fetching the image URL took longer than {timeout:g} s.", param=param, code="invalid_image_url") from None
    except (aiohttp.ClientError, OSError) as exc:
        raise invalid_request(
            f"Could not fetch the image URL ({type(exc).__name__}).", param=param, code="invalid_image_url"
        ) from None
    return InlineMedia(mime_type=mime, data=base64.b64encode(bytes(body)).decode("ascii"))


async def fetch_all(
    session: aiohttp.ClientSession,
    urls: Iterable[tuple[str, str]],
    *,
    max_bytes: int,
    timeout: float,
    allow_private: bool,
) -> dict[str, InlineMedia]:
    """Fetch each distinct `(url, param)` concurrently; the first failure becomes the 400."""
    unique: dict[str, str] = {}
    for url, param in urls:
        unique.setdefault(url, param)
    if not unique:
        return {}
    results = await asyncio.gather(
        *(
            _fetch_one(session, url, param, max_bytes=max_bytes, timeout=timeout, allow_private=allow_private)
            for url, param in unique.items()
        )
    )
    return dict(zip(unique, results))
