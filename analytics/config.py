"""One reader for every configuration file (``data/config/*.toml``, ``data/rules/*.toml``).

A province edits these files, so a mistake must be found on load and explained: every
error names the file, the key and the values that are allowed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from pathlib import Path


class ConfigError(ValueError):
    """A configuration file is wrong; the message names the file, key and allowed values."""


class Section:
    """A table of a TOML file that knows where it is, so each check can say so."""

    def __init__(self, path: Path, doc: dict, where: str = ""):
        self.path, self.doc, self.where = path, doc, where

    def fail(self, key: str, message: str):
        raise ConfigError(f"{self.path}: {self._at(key)}: {message}")

    def _at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where and key else (self.where or key)

    def section(self, key: str) -> "Section":
        value = self.doc.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, f"{value!r}; allowed: a table [{self._at(key)}]")
        return Section(self.path, value, self._at(key))

    def sections(self, key: str) -> dict[str, "Section"]:
        """The sub-tables of ``key`` by name (``[groups.mining]``, ``[groups.construction]`` ...)."""
        table = self.section(key)
        return {name: table.section(name) for name in table.doc}

    def items(self, key: str) -> list["Section"]:
        """An array of tables (``[[bands.no_new_injury]]``)."""
        value = self.doc.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(key, f"{value!r}; allowed: an array of tables [[{self._at(key)}]]")
        return [Section(self.path, v, f"{self._at(key)}[{i}]") for i, v in enumerate(value)]

    def require(self, *keys: str) -> None:
        for key in keys:
            if key not in self.doc:
                self.fail(key, f"missing key '{key}'")

    def get(self, key: str, default=None):
        return self.doc.get(key, default)

    def text(self, key: str, default: str | None = None) -> str:
        value = self.doc.get(key, default)
        if not isinstance(value, str):
            self.fail(key, f"{value!r}; allowed: text")
        return value

    def integer(self, key: str, default: int | None = None, minimum: int | None = None) -> int | None:
        value = self.doc.get(key, default)
        if value is None and default is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or (minimum is not None and value < minimum):
            self.fail(key, f"{value!r}; allowed: a whole number" + (f" ≥ {minimum}" if minimum is not None else ""))
        return value

    def number(self, key: str, default: float | None = None, low: float | None = None, high: float | None = None,
               below_high: bool = False) -> float | None:
        """A number within ``[low, high]`` (``[low, high)`` with ``below_high``)."""
        value = self.doc.get(key, default)
        if value is None and default is None:
            return None
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        ok = ok and (low is None or value >= low) and (high is None or (value < high if below_high else value <= high))
        if not ok:
            bounds = f"from {low:g}" if low is not None else ""
            if high is not None:
                bounds += f" {'to below' if below_high else 'to'} {high:g}"
            self.fail(key, f"{value!r}; allowed: a number {bounds}".rstrip())
        return float(value)

    def choice(self, key: str, allowed: Collection, default=None):
        value = self.doc.get(key, default)
        if value not in allowed:
            self.fail(key, f"{value!r}; allowed: {', '.join(map(str, allowed))}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.doc.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, f"{value!r}; allowed: true, false")
        return value


def read(path: str | Path) -> Section:
    """The whole file as a :class:`Section`; a missing or malformed file is a ``ConfigError``."""
    path = Path(path)
    try:
        return Section(path, tomllib.loads(path.read_text("utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
