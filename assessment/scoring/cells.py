"""Spreadsheet cells that stay text: what every CSV the app writes does to formula-like values.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before
one) as a formula, so a name typed as `=HYPERLINK(...)` could act when someone opens an
export. Such a cell is written with a leading apostrophe, which spreadsheets show as
text. Pure, so the register's CSV (scoring) and the web's downloads share one rule.
"""

from __future__ import annotations

#: Leading characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
