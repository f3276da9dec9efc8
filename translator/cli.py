"""Command line: `translator serve [--host] [--port] [--gemini-base-url] [--mock]`."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from aiohttp import web

from translator.config import ConfigError, Settings

ACCESS_LOG_FORMAT = '%a "%r" %s %b %Tfs'


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="translator", description="OpenAI Chat Completions API served from Gemini.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", help="address to bind (env TRANSLATOR_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to bind (env TRANSLATOR_PORT, default 8080)")
    serve.add_argument(
        "--gemini-base-url", help="host serving Gemini's native API (env GEMINI_BASE_URL, default Google's)"
    )
    serve.add_argument(
        "--mock", action="store_true", default=None, help="serve from the built-in fake Gemini upstream (offline)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env().with_overrides(
            host=args.host, port=args.port, gemini_base_url=args.gemini_base_url, mock=args.mock
        )
    except ConfigError as exc:
        print(f"translator: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if settings.server_key and not settings.client_api_keys and settings.host not in ("127.0.0.1", "localhost", "::1"):
        logging.getLogger("translator").warning(
            "GEMINI_API_KEY is set and TRANSLATOR_API_KEYS is not: anyone who reaches %s can spend the key",
            settings.host,
        )
    from translator.app import create_app
    from translator.runtime import tune_gc

    tune_gc()
    web.run_app(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        access_log_format=ACCESS_LOG_FORMAT,
        # A client that hangs up cancels its handler at once, and with it the upstream call.
        handler_cancellation=True,
        print=lambda msg: logging.getLogger("translator").info(msg.strip()),
    )
    return 0
