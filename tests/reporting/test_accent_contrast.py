"""The accent colour reads as text: a colour too light for 4.5:1 is darkened, hue kept."""

from __future__ import annotations

import colorsys

from hypothesis import given
from hypothesis import strategies as st

from assessment.reporting.branding import (
    WASH,
    WHITE,
    accent_contrast,
    accent_notice,
    contrast_ratio,
    readable_accent,
)

colours = st.integers(min_value=0, max_value=0xFFFFFF).map(lambda n: f"#{n:06x}")


def hls(colour: str) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))


def test_contrast_ratios_match_wcag_examples():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert contrast_ratio("#777777", "#777777") == 1.0
    assert round(contrast_ratio("#ffd400", WHITE), 2) == 1.43  # the review's yellow
    assert round(contrast_ratio("#1d4e89", WHITE), 1) == 8.4  # the default accent


@given(colours)
def test_every_colour_comes_out_readable_on_white_and_the_panels(colour):
    used = readable_accent(colour)
    assert contrast_ratio(used, WHITE) >= 4.5
    assert contrast_ratio(used, WASH) >= 4.5


@given(colours)
def test_a_darkened_colour_keeps_its_hue_and_a_readable_one_is_unchanged(colour):
    used = readable_accent(colour)
    if accent_contrast(colour) >= 4.5:
        assert used == colour
        return
    assert hls(used)[1] < hls(colour)[1]  # darker
    channels = [int(used[i : i + 2], 16) for i in (1, 3, 5)]
    if max(channels) - min(channels) >= 24:  # enough colour left for the hue to mean something
        difference = abs(hls(used)[0] - hls(colour)[0])
        assert min(difference, 1 - difference) <= 0.02  # about 7 degrees, from rounding to #rrggbb


@given(colours)
def test_the_darkening_is_no_more_than_needed(colour):
    used = readable_accent(colour)
    if used != colour:
        # One step (of 1/1000 in lightness) lighter would not have been readable.
        hue, lightness, saturation = hls(used)
        lighter = colorsys.hls_to_rgb(hue, min(1.0, lightness + 0.004), saturation)
        assert accent_contrast("#" + "".join(f"{round(c * 255):02x}" for c in lighter)) < 4.6


def test_the_owner_is_told_which_colour_is_used_and_why():
    assert accent_notice("#1d4e89") is None
    notice = accent_notice("#FFD400")
    used = readable_accent("#ffd400")
    assert notice == (
        "Your colour #ffd400 is too light to read on the reports' white pages and pale panels "
        f"(1.3:1; text needs 4.5:1); reports use {used} (4.5:1) instead, the same hue darkened."
    )
    assert used == "#866f00"
