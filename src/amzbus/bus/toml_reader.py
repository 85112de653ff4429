"""Typed reads from a parsed TOML table whose errors name the file and the dotted key."""

from __future__ import annotations

from typing import Any, NoReturn

from .errors import ConfigError

_REQUIRED = object()


class TomlTable:
    def __init__(self, raw: Any, *, source: str, path: str) -> None:
        if not isinstance(raw, dict):
            raise ConfigError(f"{source}: {path or 'top level'}: must be a table")
        self.raw, self.source, self.path = raw, source, path

    def _key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> NoReturn:
        raise ConfigError(f"{self.source}: {self._key(key)}: {problem}")

    def reject_unknown(self, known: set[str]) -> None:
        for key in self.raw:
            if key not in known:
                self.fail(key, f"unknown key (expected one of: {', '.join(sorted(known))})")

    def _get(self, key: str, default: Any, kinds: tuple[type, ...], noun: str) -> Any:
        if key not in self.raw:
            if default is _REQUIRED:
                self.fail(key, "is required")
            return default
        value = self.raw[key]
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            self.fail(key, f"must be {noun}, not {type(value).__name__}")
        return value

    def string(self, key: str, default: Any = _REQUIRED) -> Any:
        value = self._get(key, default, (str,), "a string")
        if value is not None and isinstance(value, str) and not value.strip():
            self.fail(key, "must not be empty")
        return value

    def url(self, key: str, default: Any = _REQUIRED) -> Any:
        value = self.string(key, default)
        if value is not None and not value.startswith(("http://", "https://")):
            self.fail(key, f"must be an http:// or https:// URL, not {value!r}")
        return value.rstrip("/") if value else value

    def integer(self, key: str, default: Any = _REQUIRED, minimum: int | None = None) -> Any:
        value = self._get(key, default, (int,), "an integer")
        if minimum is not None and value is not None and value < minimum:
            self.fail(key, f"must be at least {minimum}")
        return value

    def number(self, key: str, default: Any = _REQUIRED, minimum: float | None = None) -> Any:
        value = self._get(key, default, (int, float), "a number")
        if minimum is not None and value is not None and value < minimum:
            self.fail(key, f"must be at least {minimum}")
        return float(value) if value is not None else None

    def boolean(self, key: str, default: Any = _REQUIRED) -> Any:
        return self._get(key, default, (bool,), "true or false")

    def choice(self, key: str, choices: tuple[str, ...], default: Any = _REQUIRED) -> Any:
        value = self.string(key, default)
        if value is not None and value not in choices:
            self.fail(key, f"must be one of {', '.join(sorted(choices))}, not {value!r}")
        return value

    def string_list(self, key: str) -> list[str]:
        value = self._get(key, _REQUIRED, (list,), "a list of strings")
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.fail(f"{key}[{index}]", f"must be a string, not {type(item).__name__}")
        return value

    def table(self, key: str) -> "TomlTable":
        return TomlTable(self.raw.get(key, {}), source=self.source, path=self._key(key))

    def tables(self, key: str) -> list["TomlTable"]:
        value = self._get(key, [], (list,), "an array of tables ([[...]])")
        return [TomlTable(item, source=self.source, path=f"{self._key(key)}[{i}]") for i, item in enumerate(value)]
