"""Reading settings from a TOML file: ``summarizer.toml`` or ``[tool.summarizer]``.

:mod:`summarizer.config` decides which file is read and where it stands in the precedence;
this module reads one file and checks each value against the type of the field it names
(keys are field names, with ``-`` or ``_``; a table becomes a dataclass such as
``Sampling``). Relative paths are taken from the file's directory.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Union

from summarizer.errors import ConfigurationError

__all__ = ["PYPROJECT_TABLE", "has_pyproject_table", "read_config_file"]

PYPROJECT_TABLE = ("tool", "summarizer")
"""Where the settings live in a ``pyproject.toml``."""


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigurationError(f"config file {path} not found") from exc
    except OSError as exc:
        raise ConfigurationError(f"cannot read config file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"config file {path} is not valid TOML: {exc}") from exc


def _pyproject_table(document: Mapping[str, Any]) -> Any:
    table: Any = document
    for part in PYPROJECT_TABLE:
        if not isinstance(table, Mapping) or part not in table:
            return None
        table = table[part]
    return table


def has_pyproject_table(path: Path) -> bool:
    """Whether ``path`` (a ``pyproject.toml``) has a ``[tool.summarizer]`` table.

    Raises:
        ConfigurationError: The file cannot be read or is not valid TOML.

    """
    return _pyproject_table(_load_toml(path)) is not None


def read_config_file(path: Path, target: type[Any]) -> dict[str, Any]:
    """The field values ``path`` sets for the dataclass ``target``, converted and checked.

    A file named ``pyproject.toml`` is read from its ``[tool.summarizer]`` table (none: no
    values); any other file from its top level.

    Raises:
        ConfigurationError: The file cannot be read, is not TOML, names an unknown key or
            holds a value of the wrong type; the message names the file and the key.

    """
    document = _load_toml(path)
    where = str(path)
    if path.name == "pyproject.toml":
        document = _pyproject_table(document)
        where = f"{path} [{'.'.join(PYPROJECT_TABLE)}]"
        if document is None:
            return {}
        if not isinstance(document, dict):
            raise ConfigurationError(f"{where}: must be a table")
    return _fields(document, target, where, "", path.parent)


def _fields(
    table: Mapping[str, Any], target: type[Any], where: str, prefix: str, base: Path
) -> dict[str, Any]:
    """Convert a table's entries to ``target``'s fields; unknown keys are errors."""
    hints = typing.get_type_hints(target)
    known = {f.name for f in dataclasses.fields(target) if f.init}
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        name = prefix + raw_key
        if key not in known:
            choices = ", ".join(sorted(k.replace("_", "-") for k in known))
            raise ConfigurationError(f"{where}: unknown key {name!r} (known: {choices})")
        values[key] = _convert(value, hints[key], where, name, base)
    return values


def _convert(value: Any, hint: Any, where: str, name: str, base: Path) -> Any:
    """``value`` as the type ``hint`` describes, or a :class:`ConfigurationError`."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):  # TOML has no null: X | None reads as X
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return _convert(value, options[0], where, name, base)
    elif origin is Literal:
        choices = typing.get_args(hint)
        if value in choices:
            return value
        listed = ", ".join(repr(c) for c in choices)
        raise ConfigurationError(f"{where}: {name} = {value!r} is not one of {listed}")
    elif dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if isinstance(value, dict):
            try:
                return hint(**_fields(value, hint, where, f"{name}.", base))
            except (TypeError, ValueError) as exc:
                raise ConfigurationError(f"{where}: {name}: {exc}") from exc
        raise ConfigurationError(f"{where}: {name} must be a table")
    elif hint is Path:
        if isinstance(value, str) and value.strip():
            path = Path(value).expanduser()
            return path if path.is_absolute() else base / path
    elif hint is bool:
        if isinstance(value, bool):
            return value
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif hint is str and isinstance(value, str):
        return value
    expected = getattr(hint, "__name__", str(hint))
    raise ConfigurationError(f"{where}: {name} = {value!r} is not a valid {expected}")
