"""Settings for tools and thought signatures."""

from __future__ import annotations

import pytest

from translator.config import ConfigError, Settings


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.schema_dialect == "json"
    assert settings.signature_store_size == 10_000
    assert settings.signature_secret == ""


def test_from_env() -> None:
    settings = Settings.from_env({"TRANSLATOR_SCHEMA_DIALECT": "Legacy", "TRANSLATOR_SIGNATURE_STORE_SIZE": "0",
                                  "TRANSLATOR_SIGNATURE_SECRET": "s3cret"})
    assert (settings.schema_dialect, settings.signature_store_size, settings.signature_secret) == ("legacy", 0, "s3cret")
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize("env", [{"TRANSLATOR_SCHEMA_DIALECT": "openapi"}, {"TRANSLATOR_SIGNATURE_STORE_SIZE": "-1"},
                                 {"TRANSLATOR_SIGNATURE_STORE_SIZE": "many"}])
def test_bad_values(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        Settings.from_env(env)
