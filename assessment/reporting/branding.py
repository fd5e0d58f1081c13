"""A workspace's branding on the cover and accents: a checked logo and an accent colour.

The accent colours headings, links' page numbers and the level pills (white text on the
accent), so it must read as text: WCAG asks 4.5:1. A chosen colour that is too light is
kept as chosen but darkened for print (`readable_accent`), hue unchanged, and the owner is
told which colour the reports use and why (`accent_notice`).

A logo arrives as bytes a user uploaded, so it is decoded by Pillow within size and
pixel caps and re-encoded as a fresh PNG: whatever the original carried besides pixels
(metadata, trailing data, a polyglot payload) never reaches the PDF.

The work is bounded too: the pixel cap is checked on the header, before any decoding; a
JPEG is decoded at a reduced scale when it is larger than needed; and the stored PNG is
at most MAX_STORED_SIDE pixels on its long side (about 5 cm at 300 dpi, more than a
cover needs), so a small but detailed upload cannot become a huge, slow image.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import math
import re
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 4096 * 4096
MAX_STORED_SIDE = 600
ACCEPTED_FORMATS = ("PNG", "JPEG")
DEFAULT_ACCENT = "#1d4e89"
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
#: WCAG 2's minimum contrast for text (1.4.3, level AA); the accent is printed as text.
TEXT_CONTRAST = 4.5
#: The lightest backgrounds the accent sits on: the page and the pale panels (report.css --wash).
WHITE = "#ffffff"
WASH = "#f4f6f8"


class BrandingError(ValueError):
    """A logo or colour that cannot be used, with a message the uploader can act on."""


@dataclass(frozen=True)
class Branding:
    """Who the report is from and how it looks: name, accent colour, logo (checked PNG bytes)."""

    name: str = "Execution Maturity"
    accent: str = DEFAULT_ACCENT
    logo: bytes | None = None

    def __post_init__(self) -> None:
        if not _HEX_COLOUR.fullmatch(self.accent):
            raise BrandingError(f"accent colour must look like #1d4e89, not {self.accent[:20]!r}")

    @property
    def print_accent(self) -> str:
        """The accent the reports use: the chosen one, darkened when it is too light to read."""
        return readable_accent(self.accent)

    @property
    def fingerprint(self) -> str:
        """A hash of everything that changes how a report looks."""
        digest = hashlib.sha256()
        for part in (self.name.encode(), self.accent.lower().encode(), self.logo or b""):
            digest.update(len(part).to_bytes(8, "big") + part)
        return digest.hexdigest()


def accept_logo(data: bytes) -> bytes:
    """Check an uploaded logo (PNG or JPEG, within caps) and return it re-encoded as a PNG
    of at most MAX_STORED_SIDE pixels on its long side."""
    if not data:
        raise BrandingError("the logo file is empty")
    if len(data) > MAX_LOGO_BYTES:
        raise BrandingError(f"the logo is {len(data) // 1024} KB; the limit is {MAX_LOGO_BYTES // 1024} KB")
    try:
        with warnings.catch_warnings():
            # Pillow warns before its own bomb check; our pixel cap below is stricter.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                _check_header(image)
                # A JPEG decodes at 1/2, 1/4 or 1/8 scale when that still leaves enough pixels.
                image.draft("RGB", (MAX_STORED_SIDE, MAX_STORED_SIDE))
                image.load()
                pixels = _stored_pixels(image)
    except BrandingError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise BrandingError(
            f"the logo could not be read as a PNG or JPEG image ({error.__class__.__name__})"
        ) from None
    out = io.BytesIO()
    pixels.save(out, format="PNG")
    return out.getvalue()


def _check_header(image: Image.Image) -> None:
    """Refuse other formats and oversized images from the header alone, before decoding."""
    if image.format not in ACCEPTED_FORMATS:
        raise BrandingError(f"the logo must be a PNG or JPEG image, not {image.format or 'unknown'}")
    width, height = image.size
    if width * height > MAX_LOGO_PIXELS:
        raise BrandingError(
            f"the logo is {width} by {height} pixels; the limit is {MAX_LOGO_PIXELS:,} pixels"
        )


def _stored_pixels(image: Image.Image) -> Image.Image:
    """The decoded image in RGB (RGBA when it has transparency), shrunk to MAX_STORED_SIDE."""
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    pixels = image.convert("RGBA" if transparent else "RGB")
    pixels.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return pixels


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a #rrggbb colour, from 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two #rrggbb colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def accent_contrast(colour: str) -> float:
    """The accent's contrast against the lightest background it is printed on (white or the
    pale panels), which is also the contrast of white text on an accent pill or less."""
    return min(contrast_ratio(colour, WHITE), contrast_ratio(colour, WASH))


def readable_accent(colour: str) -> str:
    """`colour` (#rrggbb) if it reads as text on the report's backgrounds (4.5:1), otherwise
    the lightest colour of the same hue and saturation that does (darkened in HLS)."""
    colour = colour.lower()
    if accent_contrast(colour) >= TEXT_CONTRAST:
        return colour
    hue, lightness, saturation = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    # Lightness steps of 1/1000 from the chosen one down: the first that passes once rounded
    # to #rrggbb. Black (lightness 0) always passes, so the loop ends.
    for step in range(math.floor(lightness * 1000), -1, -1):
        candidate = _hex(colorsys.hls_to_rgb(hue, step / 1000, saturation))
        if accent_contrast(candidate) >= TEXT_CONTRAST:
            return candidate
    return "#000000"


def accent_notice(colour: str) -> str | None:
    """What to tell an owner whose accent is too light to print as chosen, or None when it is
    printed as it is."""
    used = readable_accent(colour)
    if used == colour.lower():
        return None
    return (
        f"Your colour {colour.lower()} is too light to read on the reports' white pages and pale "
        f"panels ({_ratio(accent_contrast(colour))}; text needs {TEXT_CONTRAST:g}:1); "
        f"reports use {used} ({_ratio(accent_contrast(used))}) instead, the same hue darkened."
    )


def _ratio(value: float) -> str:
    """A contrast ratio as people write it, rounded down so 4.46 never shows as 4.5:1."""
    return f"{math.floor(value * 10) / 10:.1f}:1"


def _hex(rgb: tuple[float, float, float]) -> str:
    """A colour from 0-1 channels as #rrggbb."""
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in rgb)
