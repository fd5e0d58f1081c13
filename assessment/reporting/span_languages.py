"""/Lang on each tagged piece of text in another script than the document's English.

WeasyPrint 70 does not carry an element's `lang` into its structure element, so the
structure repair reads the text back: a page that uses a font able to draw Arabic,
Hebrew, Han, kana or Hangul has its content decoded through the fonts' ToUnicode maps,
and each piece of marked content whose letters are all of one such script gives the
element that holds it the language `scripts.language_of` names. The report's templates
put each run of another script in an element of its own (`scripts.marked_languages`), so
a name in three scripts is three pieces, each with its own language. A report in English
alone costs only the reading of its fonts' maps.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pikepdf
from pikepdf import Array, Dictionary, String

from .scripts import LATIN, language_of, script_of

__all__ = ["mark_languages"]

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_TRIPLE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_TEXT_OPERATORS = "BDC BMC EMC Tf Tj TJ ' \""


def mark_languages(document: pikepdf.Pdf, tree: Dictionary) -> None:
    """Give /Lang to the structure elements whose text is all in one other script."""
    owners = _owners(tree)
    maps: dict[tuple[int, int], dict[bytes, str]] = {}
    foreign: dict[tuple[int, int], bool] = {}  # each font's answer, once: fonts recur on every page
    for page in document.pages:
        fonts = page.resources.get("/Font", Dictionary())
        if "/StructParents" not in page.obj or not any(
            _draws_another_script(font, maps, foreign) for _, font in fonts.items()
        ):
            continue
        page_owners = owners.get(int(page.obj.StructParents))
        for mcid, text in _marked_text(page, fonts, maps).items():
            language = language_of(text)
            if language and page_owners is not None and mcid < len(page_owners):
                owner = page_owners[mcid]
                if isinstance(owner, Dictionary):
                    owner.Lang = String(language)


def _owners(tree: Dictionary) -> dict[int, Array]:
    """Each page's MCID-to-element array from the parent tree, by its /StructParents key."""
    numbers = tree.ParentTree.get("/Nums", Array())
    pairs = ((numbers[i], numbers[i + 1]) for i in range(0, len(numbers) - 1, 2))
    return {int(key): owners for key, owners in pairs if isinstance(owners, Array)}


def _draws_another_script(font: Dictionary, maps: dict, foreign: dict) -> bool:
    """Whether a font's map holds a letter of a script other than the document's (all of
    which come after U+0590)."""
    key = font.objgen
    if key not in foreign or key == (0, 0):
        characters = {ch for text in _to_unicode(font, maps).values() for ch in text if ch >= "\u0590"}
        foreign[key] = any(script_of(ch) not in (None, LATIN) for ch in characters)
    return foreign[key]


def _to_unicode(font: Dictionary, maps: dict) -> dict[bytes, str]:
    """A font's ToUnicode map, code bytes to text, read once per font."""
    key = font.objgen
    if key in maps and key != (0, 0):
        return maps[key]
    table: dict[bytes, str] = {}
    if "/ToUnicode" in font:
        cmap = font.ToUnicode.read_bytes()
        for block in _BFCHAR.findall(cmap):
            for source, target in _PAIR.findall(block):
                text = bytes.fromhex(target.decode()).decode("utf-16-be", "replace")
                table[bytes.fromhex(source.decode())] = text
        for block in _BFRANGE.findall(cmap):
            for low, high, target in _TRIPLE.findall(block):
                start, width = int(target, 16), len(low) // 2
                for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    table[code.to_bytes(width, "big")] = chr(start + offset)
    maps[key] = table
    return table


def _marked_text(page: pikepdf.Page, fonts: Dictionary, maps: dict) -> dict[int, str]:
    """The text of each MCID on the page (WeasyPrint's fonts are Type0, two bytes a code)."""
    texts: dict[int, list[str]] = defaultdict(list)
    marks: list[int | None] = []
    table: dict[bytes, str] = {}
    for operands, operator in pikepdf.parse_content_stream(page, _TEXT_OPERATORS):
        op = str(operator)
        if op == "BDC":
            properties = operands[1]
            has_mcid = isinstance(properties, Dictionary) and "/MCID" in properties
            marks.append(int(properties.MCID) if has_mcid else None)
        elif op == "BMC":
            marks.append(None)
        elif op == "EMC":
            if marks:
                marks.pop()
        elif op == "Tf":
            font = fonts.get(str(operands[0]))
            table = _to_unicode(font, maps) if font is not None else {}
        else:
            mcid = next((m for m in reversed(marks) if m is not None), None)
            if mcid is None:
                continue
            shown = operands[-1]
            pieces = shown if isinstance(shown, Array) else [shown]
            data = b"".join(bytes(piece) for piece in pieces if isinstance(piece, String))
            texts[mcid].append("".join(table.get(data[i : i + 2], "") for i in range(0, len(data), 2)))
    return {mcid: "".join(pieces) for mcid, pieces in texts.items()}
