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
import gc
import json
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache, partial

from .group import GroupScorecard

T = typing.TypeVar("T")

#: Raised by `from_json` for text that does not fit the class (a format of another release).
StoredFormatError = (AttributeError, KeyError, TypeError, ValueError)


@dataclass(frozen=True)
class RoomScores:
    """A room's group scorecard, and each participant's (answered, applicable) count."""

    group: GroupScorecard | None
    progress: tuple[tuple[int, int], ...]


def to_plain(value: object, kind: object = None) -> object:
    """`value`, declared as `kind` (its own class when not given), as JSON-ready data."""
    return _writer(type(value) if kind is None else kind)(value)


def from_plain(kind: object, data: object) -> object:
    """The value of type `kind` that `to_plain` turned into `data`."""
    return _reader(kind)(data)


@cache
def _writer(kind: object) -> Callable[[object], object]:
    """How to write a value declared as `kind`, worked out once per type (rooms hold 100,000s of values)."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        write = _writer(_optional(kind, args))
        return lambda value: None if value is None else write(value)
    if origin in (tuple, list):
        items = [_writer(arg) for arg in args if arg is not Ellipsis]
        if (len(items) == 1 and args[-1] is Ellipsis) or origin is list:
            write = items[0]
            return lambda value: [write(item) for item in value]
        return lambda value: [write(item) for write, item in zip(items, value, strict=True)]
    if origin in (dict, Mapping):
        write = _writer(args[1])
        return lambda value: {_text_key(key): write(item) for key, item in value.items()}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        fields = _later(lambda: [(f.name, _writer(hint)) for f, hint in _fields(kind, everyone=True)])
        return lambda value: {name: write(getattr(value, name)) for name, write in fields()}
    if isinstance(kind, type) and issubclass(kind, Enum):
        return lambda value: value.value
    if kind in (str, int, float, bool):
        return _same
    raise TypeError(f"a {kind!r} cannot be stored as JSON")


@cache
def _reader(kind: object) -> Callable[[object], object]:
    """How to read back a value declared as `kind`, worked out once per type."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        read = _reader(_optional(kind, args))
        return lambda data: None if data is None else read(data)
    if origin in (tuple, list):
        items = [_reader(arg) for arg in args if arg is not Ellipsis]
        if (len(items) == 1 and args[-1] is Ellipsis) or origin is list:
            read, build = items[0], origin
            return lambda data: build([read(item) for item in _array(data)])
        return lambda data: tuple(read(item) for read, item in zip(items, _array(data), strict=True))
    if origin in (dict, Mapping):
        read = _reader(args[1])
        return lambda data: {_text_key(key): read(item) for key, item in data.items()}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        fields = _later(lambda: [(f.name, _reader(hint)) for f, hint in _fields(kind, everyone=False)])
        if hasattr(kind, "__post_init__") or hasattr(kind, "__slots__"):
            return lambda data: kind(**{name: read(data[name]) for name, read in fields()})
        return partial(_filled, kind, fields)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind
    if kind in (str, int, float, bool):
        expected = (int, float) if kind is float else kind
        return partial(_checked, expected, kind is not bool)
    raise TypeError(f"cannot read a stored {kind!r}")


def _fields(kind: type, everyone: bool) -> list[tuple[dataclasses.Field, object]]:
    """A dataclass's fields with their resolved annotations (strings in this package); only those
    its constructor takes unless `everyone`."""
    hints = typing.get_type_hints(kind)
    return [(f, hints[f.name]) for f in dataclasses.fields(kind) if everyone or f.init]


def _later(work: Callable[[], list]) -> Callable[[], list]:
    """`work`'s result, worked out on first use: a class that holds itself (a group of groups)
    has its writer cached before its fields' writers are looked up."""
    done: list = []

    def result() -> list:
        """The list, made once."""
        if not done:
            done.append(work())
        return done[0]

    return result


def _filled(kind: type, fields: Callable[[], list], data: dict) -> object:
    """A plain frozen dataclass with every field read from `data`, filled as unpickling fills an
    object: its frozen __init__ would set each field through object.__setattr__, which takes
    half the time of reading a 200-person room back."""
    values = {name: read(data[name]) for name, read in fields()}
    made = object.__new__(kind)
    made.__dict__.update(values)
    return made


def _optional(kind: object, args: tuple) -> object:
    """X of a declared `X | None` (the only unions results hold)."""
    present = [arg for arg in args if arg is not type(None)]
    if len(present) != 1 or len(args) != 2:
        raise TypeError(f"only X | None can be stored, not {kind!r}")
    return present[0]


def _same(value: object) -> object:
    """A plain value, written as it is."""
    return value


def _checked(expected: type | tuple[type, ...], not_bool: bool, data: object) -> object:
    """`data`, checked to be of the `expected` type (a stored true is no number)."""
    if not isinstance(data, expected) or (not_bool and isinstance(data, bool)):
        raise TypeError(f"expected {expected}, found {data!r}")
    return data


def _text_key(key: object) -> str:
    """A mapping's key, checked to be text (JSON would silently turn a number into text)."""
    if not isinstance(key, str):
        raise TypeError(f"only mappings with text keys can be stored, not the key {key!r}")
    return key


def to_json(value: object) -> str:
    """`value` (a dataclass of plain values) as compact JSON text."""
    return json.dumps(_writer(type(value))(value), separators=(",", ":"), allow_nan=False)


def from_json(kind: type[T], text: str) -> T:
    """The `kind` instance that `to_json` wrote as `text`; one of StoredFormatError when it does not fit."""
    collecting = gc.isenabled()
    gc.disable()  # 100,000s of new objects, none in a cycle: no collection can free any of them
    try:
        return typing.cast(T, _reader(kind)(json.loads(text)))
    finally:
        if collecting:
            gc.enable()


def _array(data: object) -> list:
    """`data`, checked to be a JSON array."""
    if not isinstance(data, list):
        raise TypeError(f"expected an array, found {data!r}")
    return data
