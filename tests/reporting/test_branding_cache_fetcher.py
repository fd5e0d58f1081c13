"""Logos are checked and re-encoded; cache keys move exactly with their inputs; the fetcher refuses."""

from __future__ import annotations

import io
import signal
import time

import pytest
from PIL import Image

from assessment.reporting import Branding, BrandingError, ReportCache, accept_logo, report_key
from assessment.reporting.fetcher import LOGO_URL, RefusedURL, ReportFetcher, asset_url, chart_url
from assessment.reporting.pdf import write_pdf
from assessment.reporting.time_limit import RenderTimeout, time_limit


def image_bytes(fmt: str, size=(40, 20)) -> bytes:
    """A small image in a format."""
    out = io.BytesIO()
    Image.new("RGB", size, "#336699").save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_png_and_jpeg_logos_are_re_encoded_as_png(fmt):
    logo = accept_logo(image_bytes(fmt) + b"trailing payload")
    assert logo.startswith(b"\x89PNG") and b"trailing payload" not in logo


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n-corrupt-", "could not be read"),
        (image_bytes("GIF"), "must be a PNG or JPEG"),
        (b"x" * (3 * 1024 * 1024), "the limit is"),
        (image_bytes("PNG", (5000, 4000)), "pixels"),
    ],
)
def test_bad_logos_are_refused_with_a_clear_message(data, message):
    with pytest.raises(BrandingError, match=message):
        accept_logo(data)


def test_accent_colour_must_be_a_hex_colour():
    with pytest.raises(BrandingError, match="accent colour"):
        Branding(accent="red; background: url(file:///etc/passwd)")


def test_cache_key_changes_exactly_when_an_input_changes():
    base = ("rev-1", "1.0:abc", "tmpl-1", Branding())
    key = report_key(*base)
    assert report_key(*base) == key
    variants = [
        ("rev-2", "1.0:abc", "tmpl-1", Branding()),
        ("rev-1", "1.0:abd", "tmpl-1", Branding()),
        ("rev-1", "1.0:abc", "tmpl-2", Branding()),
        ("rev-1", "1.0:abc", "tmpl-1", Branding(accent="#000000")),
        ("rev-1", "1.0:abc", "tmpl-1", Branding(name="Other")),
        ("rev-1", "1.0:abc", "tmpl-1", Branding(logo=b"png")),
        ("rev-11.0", ":abc", "tmpl-1", Branding()),  # parts never run together
    ]
    keys = {report_key(*v) for v in variants}
    assert key not in keys and len(keys) == len(variants)


def test_cache_serves_what_was_stored(tmp_path):
    cache = ReportCache(tmp_path / "reports")
    key = report_key("r", "q", "t", Branding())
    assert cache.get(key) is None
    cache.put(key, b"%PDF-1.7 test")
    assert cache.get(key) == b"%PDF-1.7 test"
    with pytest.raises(ValueError, match="not a report key"):
        cache.get("../../etc/passwd")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.css",
        "https://example.com/a.png",
        "data:image/png;base64,AAAA",
        asset_url("../../setup.cfg"),
        asset_url(".hidden"),
        chart_url("missing.png"),
        "report://brand/other.png",
    ],
)
def test_fetcher_refuses_everything_but_our_assets(url):
    with pytest.raises(RefusedURL):
        ReportFetcher({}, None).fetch(url)


def test_fetcher_serves_assets_charts_and_logo():
    fetcher = ReportFetcher({"radar.png": b"png-bytes"}, b"logo-bytes")
    assert fetcher.fetch(chart_url("radar.png")).read() == b"png-bytes"
    assert fetcher.fetch(LOGO_URL).read() == b"logo-bytes"
    assert b"@page" in fetcher.fetch(asset_url("report.css")).read()


SLOW_HTML = "<p>" + " ".join(["word"] * 200_000) + "</p>"  # about a minute of layout


def test_a_render_that_outlasts_its_time_limit_is_stopped():
    started = time.perf_counter()
    with pytest.raises(RenderTimeout, match=r"longer than 0\.2 seconds"):
        write_pdf(SLOW_HTML, {}, None, "#1d4e89", timeout=0.2)
    assert time.perf_counter() - started < 5


def test_a_render_that_ends_in_time_leaves_no_alarm_behind():
    before = signal.getsignal(signal.SIGALRM)
    pdf = write_pdf("<p>Short.</p>", {}, None, "#1d4e89", timeout=0.3)
    deadline = time.perf_counter() + 0.8  # well past the limit, running Python all the while
    while time.perf_counter() < deadline:
        pass
    assert pdf.startswith(b"%PDF")
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


def test_a_late_alarm_outside_a_render_disarms_instead_of_raising():
    """Should the alarm fire just after a render (its clean-up interrupted), it must not raise
    in whatever code runs next: the handler finds no render on the stack and disarms."""
    with time_limit(0.05):
        handler = signal.getsignal(signal.SIGALRM)
    signal.signal(signal.SIGALRM, handler)  # as if the clean-up had been cut short
    signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)
    deadline = time.perf_counter() + 0.5
    while time.perf_counter() < deadline:
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
