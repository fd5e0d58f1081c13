"""The only way a report render can load anything: our own assets and the charts we drew.

WeasyPrint asks its URL fetcher for every stylesheet, image and font a document names.
Ours answers `report://asset/NAME` from static/reports/, `report://chart/NAME` and
`report://brand/logo.png` from memory, and refuses every other URL (file:, http(s):,
data:, anything a respondent could have typed), so a hostile answer cannot read a file
or reach the network even if it escaped the template's autoescaping.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from pathlib import Path

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..config import PROJECT_ROOT

ASSET_DIR = PROJECT_ROOT / "static" / "reports"
SCHEME = "report://"


class RefusedURL(ValueError):
    """A report asked for something outside our own assets and charts."""


def asset_url(name: str) -> str:
    """The URL of one of our static report assets."""
    return f"{SCHEME}asset/{name}"


def chart_url(name: str) -> str:
    """The URL of a chart generated for this render."""
    return f"{SCHEME}chart/{name}"


LOGO_URL = f"{SCHEME}brand/logo.png"


class ReportFetcher(URLFetcher):
    """Serves our assets, this render's charts and the checked logo; refuses the rest."""

    def __init__(self, charts: Mapping[str, bytes], logo: bytes | None = None) -> None:
        # No redirects and no handlers are ever used: `fetch` never reaches urllib.
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self._charts = dict(charts)
        self._logo = logo

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        """The response for one of our URLs; RefusedURL for anything else."""
        if url.startswith(f"{SCHEME}chart/") and (
            body := self._charts.get(url.removeprefix(f"{SCHEME}chart/"))
        ):
            return URLFetcherResponse(url, body, {"Content-Type": _content_type(url)})
        if url == LOGO_URL and self._logo is not None:
            return URLFetcherResponse(url, self._logo, {"Content-Type": "image/png"})
        if url.startswith(f"{SCHEME}asset/") and (path := _asset_path(url.removeprefix(f"{SCHEME}asset/"))):
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _content_type(url)})
        raise RefusedURL(f"report renders fetch only their own assets, not {url[:80]!r}")


def _asset_path(name: str) -> Path | None:
    """The file of a static report asset, or None when the name leaves the asset folder."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = ASSET_DIR / name
    return path if path.is_file() else None


def _content_type(url: str) -> str:
    """The media type of a file name; WeasyPrint needs it to tell SVG from PNG."""
    return mimetypes.guess_type(url.rsplit("/", 1)[-1])[0] or "application/octet-stream"
