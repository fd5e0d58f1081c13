"""The language of user text in another script than the report's English.

A screen reader reads a tagged PDF in the document's language (/Lang en) unless an
element says otherwise; an Arabic or Chinese organisation name read by an English voice
is noise. Only the script is known, never the language, so a language is given only where
a script points to one:

- kana (with or without Han) is Japanese, Hangul is Korean: the script decides;
- guessed from the script's most common language: Arabic script is Arabic (it also writes
  Persian and Urdu), Hebrew script is Hebrew (also Yiddish), and Han without kana or
  Hangul is Chinese (a Japanese name written in kanji alone, e.g. 株式会社, is read as
  Chinese).

Any other text (Latin, Greek, Cyrillic, digits, emoji) keeps the document's language.
"""

from __future__ import annotations

import itertools
import unicodedata

from markupsafe import Markup, escape

__all__ = ["language_of", "language_runs", "marked_languages"]

#: Code point ranges of the scripts named above, as (first, last, script).
_RANGES = (
    (0x0590, 0x05FF, "Hebr"),
    (0xFB1D, 0xFB4F, "Hebr"),
    (0x0600, 0x06FF, "Arab"),
    (0x0750, 0x077F, "Arab"),
    (0x0870, 0x08FF, "Arab"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"),
    (0x1100, 0x11FF, "Hang"),
    (0x3130, 0x318F, "Hang"),
    (0xA960, 0xA97F, "Hang"),
    (0xAC00, 0xD7FF, "Hang"),
    (0x3040, 0x30FF, "Kana"),
    (0x31F0, 0x31FF, "Kana"),
    (0xFF66, 0xFF9F, "Kana"),
    (0x2E80, 0x2FDF, "Hani"),
    (0x3005, 0x3007, "Hani"),
    (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"),
    (0xF900, 0xFAFF, "Hani"),
    (0x20000, 0x3134F, "Hani"),
)
#: Han, kana and Hangul mix within one name, so they make one run.
_FAMILY = {"Hebr": "Hebr", "Arab": "Arab", "Hang": "CJK", "Kana": "CJK", "Hani": "CJK"}
LATIN = "Latn"  # any letter of another script: the document's language


def script_of(ch: str) -> str | None:
    """The script of a letter or ideograph ("Arab", "Hebr", "Hani", "Kana", "Hang", or
    LATIN for any other letter); None for a space, a digit, punctuation or a symbol."""
    point = ord(ch)
    for first, last, script in _RANGES:
        if first <= point <= last:
            # Marks, digits and punctuation of these blocks belong with the text around them.
            return script if unicodedata.category(ch)[0] in "LM" or script in ("Hani", "Kana") else None
    return LATIN if unicodedata.category(ch)[0] == "L" else None


def _language(scripts: set[str]) -> str | None:
    """The language of a run holding letters of these scripts (see the module's note)."""
    if "Arab" in scripts:
        return "ar"
    if "Hebr" in scripts:
        return "he"
    if "Kana" in scripts:
        return "ja"
    if "Hang" in scripts:
        return "ko"
    return "zh" if "Hani" in scripts else None


def language_of(text: str) -> str | None:
    """The language of text whose letters are all of one of the scripts above; None when
    it has none of them, or more than one, or Latin letters beside them."""
    scripts = {script for script in map(script_of, text) if script is not None}
    families = {_FAMILY.get(script, script) for script in scripts}
    return _language(scripts) if len(families) == 1 and LATIN not in families else None


def language_runs(text: str) -> list[tuple[str, str | None]]:
    """`text` cut into (piece, language) in order: each run of one script family with its
    language, the rest (and the spaces and punctuation between runs) with None."""
    families = [_FAMILY.get(script_of(ch) or "") for ch in text]
    runs: list[tuple[str, str | None]] = []
    start = 0
    while start < len(text):
        family = families[start]
        end = start + 1
        if family is None:
            while end < len(text) and families[end] is None:
                end += 1
        else:
            # A run ends at its last letter of the family: neutrals only join it in between.
            last = end
            while end < len(text) and families[end] in (family, None) and not _other_letter(text[end]):
                if families[end] == family:
                    last = end + 1
                end += 1
            end = last
        piece = text[start:end]
        runs.append((piece, language_of(piece) if family else None))
        start = end
    return [(piece, language) for piece, language in _merged(runs)]


def _other_letter(ch: str) -> bool:
    """Whether `ch` is a letter of the document's language (which ends a foreign run)."""
    return script_of(ch) == LATIN


def _merged(runs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Neighbouring pieces of the same language as one."""
    return [
        ("".join(piece for piece, _ in group), language)
        for language, group in itertools.groupby(runs, key=lambda run: run[1])
    ]


def marked_languages(text: str) -> Markup:
    """Escaped text with each run in another script in a <span lang="…">: WeasyPrint picks
    the script's own face (Chinese or Japanese Han), and the PDF's structure repair gives
    the run's element its /Lang."""
    return Markup("").join(
        Markup('<span lang="{}">{}</span>').format(language, piece) if language else escape(piece)
        for piece, language in language_runs(text)
    )
