"""What the machine has: system tools and fonts some tests need.

A test that needs one calls `require` through these checks: on a developer's machine it
skips with a one-line reason naming the Debian package; under CI=true it fails, because
CI (`.ci/run`) installs everything and nothing may skip there.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI") == "true"


def require(reason: str) -> None:
    """Skip with a one-line reason on a developer's machine; fail under CI=true."""
    if IN_CI:
        pytest.fail(f"{reason} (required under CI=true)", pytrace=False)
    pytest.skip(reason)


def poppler(tool: str) -> str:
    """The path of one of poppler's tools (pdftotext, pdffonts, pdftoppm)."""
    path = shutil.which(tool)
    if path is None:
        require(f"no {tool}: install Debian's poppler-utils package")
    return path


def page_image(pdf: Path | str, number: int, prefix: Path | str) -> Path:
    """Page `number` of a PDF as a 70 dpi PNG beside `prefix` (pdftoppm adds the page number);
    the image's path, so a look test can say it was written."""
    Path(prefix).parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            poppler("pdftoppm"),
            "-r",
            "70",
            "-png",
            "-f",
            str(number),
            "-l",
            str(number),
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    (image,) = Path(prefix).parent.glob(f"{Path(prefix).name}-*{number}.png")
    return image


def fonts(*families: str, packages: str = "fonts-noto-core and fonts-noto-cjk") -> None:
    """Require font families the reports fall back to (Noto's symbols, scripts, CJK and
    emoji), naming the Debian `packages` that install them."""
    missing = [family for family in families if not _installed(family)]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        require(f"no {', '.join(missing)} font{plural}: install Debian's {packages}")


class _FontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.c_void_p)]


def _installed(family: str) -> bool:
    """Whether fontconfig, the library WeasyPrint's Pango asks, lists a face of the family.

    Asked through libfontconfig itself rather than `fc-list`, which a machine can lack
    while having the fonts; FONTCONFIG_FILE is honoured as it is by the renderer.
    """
    fontconfig = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "libfontconfig.so.1")
    fontconfig.FcNameParse.restype = ctypes.c_void_p
    fontconfig.FcNameParse.argtypes = [ctypes.c_char_p]
    fontconfig.FcObjectSetCreate.restype = ctypes.c_void_p
    fontconfig.FcFontList.restype = ctypes.POINTER(_FontSet)
    fontconfig.FcFontList.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    fontconfig.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    fontconfig.FcObjectSetDestroy.argtypes = [ctypes.c_void_p]
    fontconfig.FcFontSetDestroy.argtypes = [ctypes.POINTER(_FontSet)]
    # A hyphen separates the size in fontconfig's name syntax; escape it in a family.
    pattern = fontconfig.FcNameParse(family.replace("-", "\\-").encode())
    objects = fontconfig.FcObjectSetCreate()
    try:
        found = fontconfig.FcFontList(None, pattern, objects)
        count = found.contents.nfont if found else 0
        if found:
            fontconfig.FcFontSetDestroy(found)
        return count > 0
    finally:
        fontconfig.FcObjectSetDestroy(objects)
        fontconfig.FcPatternDestroy(pattern)
