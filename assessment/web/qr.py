"""QR codes as SVG (the `qrcode` library), shared by the workshop's join link and the
two-factor set-up page."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg


def qr_svg(text: str) -> str:
    """A QR code of `text`, as an SVG document."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as a data: URI for an <img>, so it needs no second request (and
    whatever it encodes is never put in a URL of its own)."""
    encoded = base64.b64encode(qr_svg(text).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
