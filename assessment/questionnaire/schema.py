"""Validation of a parsed file against the committed JSON Schemas, with plain messages."""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .problems import Problem
from .source import Document

#: The committed schemas live with the questionnaires so editors can find them.
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "questionnaires" / "schema"
SCHEMA_FILES = {
    "questionnaire": "questionnaire.schema.json",
    "benchmark-profiles": "profiles.schema.json",
    "crosswalk": "crosswalk.schema.json",
    "gate-rules": "gate-rules.schema.json",
}


@cache
def validator(kind: str) -> Draft202012Validator:
    """The validator for one kind of file, built once."""
    schema = json.loads((SCHEMA_DIR / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_problems(document: Document, kind: str) -> list[Problem]:
    """Every schema violation in the document, located at the offending node."""
    problems = []
    for error in validator(kind).iter_errors(document.data):
        problems.extend(_problems_for(document, error))
    return problems


def describe_path(data: Any, path: tuple) -> str:
    """A readable location such as `questions[eval-changes].options[none].value`.

    List items are named by their `id` when they have one, else by position.
    """
    text = ""
    node = data
    for step in path:
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            name = item.get("id") if isinstance(item, dict) else None
            text += f"[{name}]" if isinstance(name, str) else f"[{step + 1}]"
            node = item
        else:
            text += f".{step}" if text else str(step)
            node = node.get(step) if isinstance(node, dict) else None
    return text or "file"


def _problems_for(document: Document, error: ValidationError) -> list[Problem]:
    """Turn one jsonschema error into one or more located problems."""
    path = tuple(error.absolute_path)
    where = describe_path(document.data, path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        extras = [key for key in error.instance if key not in known]
        return [
            document.problem(path + (key,), f"{where}: unknown field '{key}'{_suggest(key, known)}")
            for key in extras
        ]
    return [document.problem(path, f"{where}: {_message(error)}")]


def _suggest(word: str, choices: list[str]) -> str:
    """A ' (did you mean ...?)' hint for a misspelt field name."""
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _short(value: Any) -> str:
    """A value as it would appear in the file, cut short."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
}


def _message(error: ValidationError) -> str:
    """A plain-English message for the common schema keywords."""
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in expected if name not in value]
        return f"missing required field '{missing[0]}'" if missing else error.message
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        return f"expected {wanted}, got {_short(value)}"
    if kind == "enum":
        return f"{_short(value)} is not one of: {', '.join(map(str, expected))}"
    if kind == "const":
        return f"must be {_short(expected)}, got {_short(value)}"
    if kind == "pattern":
        hint = error.schema.get("description")
        return f"{_short(value)} is not valid" + (f": {hint}" if hint else f" (expected {expected})")
    if kind == "minItems":
        return f"needs at least {expected} item{'s' if expected != 1 else ''}"
    if kind == "minLength":
        return "must not be empty"
    if kind == "maxLength":
        return f"is longer than {expected} characters"
    if kind == "exclusiveMinimum":
        return f"must be greater than {expected}, got {_short(value)}"
    if kind == "exclusiveMaximum":
        return f"must be less than {expected}, got {_short(value)}"
    if kind == "minimum":
        return f"must be at least {expected}, got {_short(value)}"
    if kind == "propertyNames":
        return f"{_short(value)} has an invalid key"
    return error.message
