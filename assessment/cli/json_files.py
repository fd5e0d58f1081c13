"""JSON files given on the command line: read strictly, written as standard JSON.

An answers file comes from anywhere, so everything Python's json module would turn into
a traceback later is refused here with one line: text that is not UTF-8, nesting too
deep to walk, integers over Python's conversion limit, NaN and Infinity (not JSON) and
lone surrogates (which no PDF or terminal can encode). JSONDecodeError is left to the
caller, which words it as its command always has.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from ..scoring.answers_file import AnswersFile, AnswersFileError, read_answers

_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonFileError(ValueError):
    """A file that cannot be read as standard JSON; the message says why, in one line."""


def _refuse_constant(name: str) -> Any:
    raise JsonFileError(f"{name} is not a JSON number")


def read_json(path: Path) -> Any:
    """The JSON value in a file; JsonFileError (or json.JSONDecodeError) says what is wrong."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise JsonFileError(f"cannot read the file ({error.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise JsonFileError(f"the file is not UTF-8 text (byte {error.start + 1} is not)") from None
    if not text.strip():
        raise JsonFileError("the file is empty")
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise JsonFileError("the JSON is nested too deeply") from None
    except json.JSONDecodeError:
        raise
    except JsonFileError:
        raise
    except ValueError as error:  # an integer over the 4,300-digit conversion limit
        raise JsonFileError(f"a number cannot be read ({str(error)[:60]})") from None
    if _has_surrogate(data):
        raise JsonFileError("the file holds an unpaired surrogate (\\ud800-\\udfff), which is not text")
    return data


def read_answers_file(path: Path) -> AnswersFile:
    """The answers file at `path`; AnswersFileError says what is wrong, on one line."""
    try:
        data = read_json(path)
    except JsonFileError as error:
        raise AnswersFileError([str(error)]) from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise AnswersFileError([f"{where}: malformed JSON: {error.msg}"]) from None
    return read_answers(data)


def _has_surrogate(data: Any) -> bool:
    """True when any key or string in the (already depth-bounded) value is a lone surrogate."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def standard_json(data: Any) -> str:
    """Indented JSON without NaN or Infinity (written as null: JSON has no such numbers)."""
    return json.dumps(_finite(data), indent=2, ensure_ascii=False, allow_nan=False)


def _finite(data: Any) -> Any:
    """The value with every non-finite float replaced by None."""
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(value) for value in data]
    return data
