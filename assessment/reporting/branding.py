"""A workspace's branding on the cover and accents: a checked logo and an accent colour.

A logo arrives as bytes a user uploaded, so it is decoded by Pillow within size and
pixel caps and re-encoded as a fresh PNG: whatever the original carried besides pixels
(metadata, trailing data, a polyglot payload) never reaches the PDF.

The work is bounded too: the pixel cap is checked on the header, before any decoding; a
JPEG is decoded at a reduced scale when it is larger than needed; and the stored PNG is
at most MAX_STORED_SIDE pixels on its long side (about 5 cm at 300 dpi, more than a
cover needs), so a small but detailed upload cannot become a huge, slow image.
"""

from __future__ import annotations

import hashlib
import io
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
