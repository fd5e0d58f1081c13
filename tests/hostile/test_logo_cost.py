"""F2: a small but detailed logo upload costs bounded time and stores a small image."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
from PIL import Image

from assessment.extensions import database
from assessment.persistence import Workspace
from assessment.reporting import accept_logo
from assessment.reporting.branding import MAX_STORED_SIDE
from tests.support.journeys import sign_up

STORED_BYTES_BOUND = MAX_STORED_SIDE * MAX_STORED_SIDE * 4 + 64 * 1024  # raw RGBA and headroom


@pytest.fixture(scope="module")
def noisy_jpeg() -> bytes:
    """The review's file: 4096 x 4096 blocky noise at JPEG quality 5, about half a megabyte."""
    rng = np.random.default_rng(7)
    noise = Image.fromarray(rng.integers(0, 256, (512, 512, 3), dtype=np.uint8))
    out = io.BytesIO()
    noise.resize((4096, 4096), Image.Resampling.NEAREST).save(out, "JPEG", quality=5)
    return out.getvalue()


def decoded(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return image


def test_a_noisy_sixteen_megapixel_jpeg_is_shrunk_quickly(noisy_jpeg):
    began = time.perf_counter()
    logo = accept_logo(noisy_jpeg)
    elapsed = time.perf_counter() - began
    assert elapsed < 5, f"took {elapsed:.1f} s (was 24 s)"
    assert decoded(logo).size == (MAX_STORED_SIDE, MAX_STORED_SIDE)
    assert len(logo) < STORED_BYTES_BOUND  # was 29.6 MB


def test_a_flat_sixteen_megapixel_png_is_shrunk_keeping_its_shape():
    out = io.BytesIO()
    Image.new("RGB", (4096, 1024), "#0b6e4f").save(out, "PNG")
    logo = decoded(accept_logo(out.getvalue()))
    assert logo.size == (MAX_STORED_SIDE, MAX_STORED_SIDE // 4)


def test_a_small_logo_keeps_its_size_and_its_transparency():
    out = io.BytesIO()
    Image.new("RGBA", (120, 40), (11, 110, 79, 0)).save(out, "PNG")
    logo = decoded(accept_logo(out.getvalue()))
    assert logo.size == (120, 40) and logo.mode == "RGBA" and logo.getpixel((0, 0))[3] == 0


def test_an_uploaded_noisy_logo_is_stored_small(journey_app, noisy_jpeg):
    client = journey_app.test_client()
    sign_up(client)
    began = time.perf_counter()
    response = client.post(
        "/workspaces/1/branding", data={"accent": "#aa3300", "logo": (io.BytesIO(noisy_jpeg), "noise.jpg")}
    )
    assert time.perf_counter() - began < 10
    assert response.status_code == 302
    served = client.get("/workspaces/1/logo.png").data
    assert decoded(served).size == (MAX_STORED_SIDE, MAX_STORED_SIDE)
    with journey_app.app_context():
        assert len(database.session.get(Workspace, 1).logo) < STORED_BYTES_BOUND
