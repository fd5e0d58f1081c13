"""A workspace's report branding: owners upload a logo and pick a colour; the group report wears them."""

from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image

from assessment.extensions import database
from assessment.persistence import Workspace
from assessment.web.reports import workspace_branding
from tests.support.journeys import add_member, answer, join, join_code, make_workshop, sign_up
from tests.support.machine import poppler

ACCENT = (0xAA, 0x33, 0x00)


def image_bytes(fmt: str, size=(120, 40), colour="#0b6e4f") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


def upload(client, data: bytes | None, accent="#aa3300", **extra):
    form = {"accent": accent, **extra}
    if data is not None:
        form["logo"] = (io.BytesIO(data), "logo.bin")
    return client.post("/workspaces/1/branding", data=form)


def stored(app) -> tuple[bytes | None, str | None]:
    with app.app_context():
        workspace = database.session.get(Workspace, 1)
        return workspace.logo, workspace.accent


def cover_pixels(pdf: bytes, tmp_path) -> set[tuple[int, int, int]]:
    """The colours of the report's cover page as pdftoppm draws it."""
    (tmp_path / "r.pdf").write_bytes(pdf)
    pdftoppm = poppler("pdftoppm")
    subprocess.run(
        [pdftoppm, "-r", "20", "-f", "1", "-l", "1", "-png", str(tmp_path / "r.pdf"), str(tmp_path / "c")],
        check=True,
    )
    (page,) = tmp_path.glob("c-*.png")
    return {colour for _, colour in Image.open(page).convert("RGB").getcolors(maxcolors=1 << 20)}


@pytest.mark.slow  # renders and rasterises group reports
def test_the_group_report_wears_the_uploaded_logo_and_accent_colour(journey_app, tmp_path):
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "reports")
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    answer(join(journey_app, join_code(journey_app)), "all-named")
    plain = consultant.get("/workspaces/1/workshops/1/report.pdf").data
    (tmp_path / "plain").mkdir()
    assert ACCENT not in cover_pixels(plain, tmp_path / "plain")

    response = upload(consultant, image_bytes("JPEG"), accent="#AA3300")
    assert response.status_code == 302
    page = consultant.get(response.headers["Location"]).get_data(as_text=True)
    assert "Branding saved" in page and 'src="/workspaces/1/logo.png"' in page
    logo = consultant.get("/workspaces/1/logo.png")
    assert logo.mimetype == "image/png" and logo.data.startswith(b"\x89PNG")  # a JPEG in, a fresh PNG out
    assert Image.open(io.BytesIO(logo.data)).size == (120, 40)

    branded = consultant.get("/workspaces/1/workshops/1/report.pdf").data
    assert branded != plain  # the cached plain report is not served once the branding changed
    (tmp_path / "branded").mkdir()
    assert ACCENT in cover_pixels(branded, tmp_path / "branded")
    (tmp_path / "branded" / "r.pdf").write_bytes(branded)
    images = subprocess.run(
        [poppler("pdfimages"), "-list", "-f", "1", "-l", "1", str(tmp_path / "branded" / "r.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    # The logo, on the cover (its alpha channel is listed as a separate "smask").
    assert [row.split()[3:5] for row in images if row.split()[2] == "image"] == [["120", "40"]]


def test_a_bad_logo_is_refused_with_a_clear_message_and_the_old_logo_stays(journey_app):
    consultant = journey_app.test_client()
    sign_up(consultant)
    assert upload(consultant, image_bytes("PNG")).status_code == 302
    before = stored(journey_app)
    for data, message in [
        (
            b"\x89PNG\r\n\x1a\n" + b"not really a picture" * 20,
            "The logo could not be read as a PNG or JPEG image",
        ),
        (image_bytes("GIF"), "The logo must be a PNG or JPEG image, not GIF"),
        (b"", "The logo file is empty"),
        (image_bytes("PNG", size=(5000, 4000)), "The logo is 5000 by 4000 pixels"),
    ]:
        response = upload(consultant, data, accent="#000000")
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert message in page and "The current logo is unchanged." in page
        assert stored(journey_app) == before  # neither the logo nor the colour changed
    # Saving without choosing a file keeps the logo.
    assert upload(consultant, None, accent="#aa3300").status_code == 302
    assert stored(journey_app) == before
    refused = upload(consultant, None, accent="red")
    assert refused.status_code == 422
    assert "Give the colour as # and six hexadecimal digits" in refused.get_data(as_text=True)
    assert stored(journey_app) == before


def test_an_owner_can_remove_the_logo_and_a_facilitator_cannot_change_branding(journey_app):
    owner = journey_app.test_client()
    sign_up(owner)
    upload(owner, image_bytes("PNG"))
    facilitator = journey_app.test_client()
    sign_up(facilitator, email="grace@example.com", workspace="Grace Ltd")
    add_member(owner, facilitator)
    assert facilitator.get("/workspaces/1/branding").status_code == 403
    assert upload(facilitator, None, accent="#000000").status_code == 403
    assert facilitator.get("/workspaces/1/logo.png").status_code == 200  # members see the logo
    assert upload(owner, None, remove_logo="y").status_code == 302
    assert stored(journey_app) == (None, "#aa3300")
    assert owner.get("/workspaces/1/logo.png").status_code == 404


def test_a_colour_too_light_to_read_is_kept_but_darkened_and_the_owner_is_told(journey_app):
    owner = journey_app.test_client()
    sign_up(owner)
    response = upload(owner, None, accent="#FFD400")
    assert response.status_code == 302
    assert stored(journey_app) == (None, "#ffd400")  # what the owner chose is kept
    page = owner.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="#ffd400"' in page.lower()
    assert (
        "Your colour #ffd400 is too light to read on the reports&#39; white pages and pale panels "
        "(1.3:1; text needs 4.5:1); reports use #866f00 (4.5:1) instead, the same hue darkened."
    ) in page
    with journey_app.app_context():
        branding = workspace_branding(database.session.get(Workspace, 1))
    assert (branding.accent, branding.print_accent) == ("#ffd400", "#866f00")
    # A dark colour is used as it is, with nothing to say.
    upload(owner, None, accent="#0b6e4f")
    assert "too light" not in owner.get("/workspaces/1/branding").get_data(as_text=True)
