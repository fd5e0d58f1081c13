"""Scoring results as JSON text and back, so computed figures can be kept in a database.

A room's scores take a quarter of a second to compute for 200 participants; app servers
share them by storing them. They are stored as JSON, never pickled: the text can be read
by anyone auditing what was stored, and loading it runs no code. The results are frozen
dataclasses of plain values, so one rule covers them all: a dataclass becomes an object
of all its fields (those left out of comparisons too), a tuple or list an array, a mapping
an object with text keys, an enum its value. Reading rebuilds each value from the type
annotation of the field that holds it, so the same classes come back, equal field by field.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache

from .group import GroupScorecard

T = typing.TypeVar("T")

#: Raised by `from_json` for text that does not fit the class (a format of another release).
StoredFormatError = (KeyError, TypeError, ValueError)


@dataclass(frozen=True)
class RoomScores:
    """A room's group scorecard, and each participant's (answered, applicable) count."""

    group: GroupScorecard | None
    progress: tuple[tuple[int, int], ...]


def to_plain(value: object) -> object:
    """`value` as JSON-ready data (dicts, lists, text, numbers, booleans, None)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise TypeError(f"only mappings with text keys can be stored, not {value!r}")
        return {key: to_plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"a {type(value).__name__} cannot be stored as JSON")


def from_plain(kind: object, data: object) -> object:
    """The value of type `kind` that `to_plain` turned into `data`."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        (present,) = [arg for arg in args if arg is not type(None)]
        return from_plain(present, data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], item) for item in _array(data))
        return tuple(from_plain(arg, item) for arg, item in zip(args, _array(data), strict=True))
    if origin is list:
        return [from_plain(args[0], item) for item in _array(data)]
    if origin in (dict, Mapping):
        if not isinstance(data, dict):
            raise TypeError(f"expected an object, found {data!r}")
        return {key: from_plain(args[1], item) for key, item in data.items()}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {kind.__name__}, found {data!r}")
        hints = _hints(kind)
        return kind(**{f.name: from_plain(hints[f.name], data[f.name]) for f in dataclasses.fields(kind)})
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind in (str, int, float, bool):
        expected = (int, float) if kind is float else kind
        if not isinstance(data, expected) or (kind is not bool and isinstance(data, bool)):
            raise TypeError(f"expected {kind.__name__}, found {data!r}")
        return data
    raise TypeError(f"cannot read a stored {kind!r}")


def to_json(value: object) -> str:
    """`value` (a dataclass of plain values) as compact JSON text."""
    return json.dumps(to_plain(value), separators=(",", ":"), allow_nan=False)


def from_json(kind: type[T], text: str) -> T:
    """The `kind` instance that `to_json` wrote as `text`; one of StoredFormatError when it does not fit."""
    return typing.cast(T, from_plain(kind, json.loads(text)))


def _array(data: object) -> list:
    """`data`, checked to be a JSON array."""
    if not isinstance(data, list):
        raise TypeError(f"expected an array, found {data!r}")
    return data


@cache
def _hints(kind: type) -> dict[str, object]:
    """The resolved field annotations of a dataclass (annotations are strings in this package)."""
    return typing.get_type_hints(kind)
