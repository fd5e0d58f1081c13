"""Checks on every request before any view sees it.

A NUL character has no place in anything a person types or a URL, and PostgreSQL text
cannot hold one: without this check it reached the database (a 500 on PostgreSQL, a
stored value on SQLite). It is refused here once, for every field, query parameter, path
part and upload filename, rather than by each form.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, abort, request

NUL = "\x00"
REFUSAL = "The request contains a NUL character, which no field accepts. Nothing was saved."


def _request_texts() -> Iterable[str]:
    """Every piece of text the request carries to a view (not file contents)."""
    yield from (str(value) for value in (request.view_args or {}).values())
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            yield key
            yield value
    for key, upload in request.files.items(multi=True):
        yield key
        yield upload.filename or ""


def refuse_nul_characters() -> None:
    """400 for a request with a NUL character in any field, parameter, path part or filename."""
    if any(NUL in text for text in _request_texts()):
        abort(
            400,
            description="The request contains a NUL character, which no field accepts. Nothing was saved.",
        )


def init_app(app: Flask) -> None:
    """Register the check."""
    app.before_request(refuse_nul_characters)
