"""Every text colour in the report stylesheet reads at 4.5:1 or more on the background it sits on.

The stylesheet is read as it is written: each rule's `color` against the rule's own
background, or against the background of the panel it is printed in (listed below), or
white, the page. The accent is checked at the default and at the palest colour a
workspace's accent can be printed in.
"""

from __future__ import annotations

import re

import pytest

from assessment.reporting.branding import DEFAULT_ACCENT, readable_accent
from assessment.reporting.branding import contrast_ratio as ratio
from tests.support import ROOT

CSS = (ROOT / "static" / "reports" / "report.css").read_text()
#: Rules whose text sits on a panel the rule itself does not paint: the headline cards.
PANELS = {".headline__": "var(--wash)"}
NAMED = {"white": "#ffffff"}


def rules() -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) of every innermost block, comments removed."""
    css = re.sub(r"/\*.*?\*/", "", CSS, flags=re.DOTALL)
    found = []
    for selector, body in re.findall(r"([^{};]+)\{([^{}]*)\}", css):
        pairs = (part.split(":", 1) for part in body.split(";") if ":" in part)
        found.append((" ".join(selector.split()), {k.strip(): v.strip() for k, v in pairs}))
    return found


def colour(value: str, accent: str) -> str | None:
    """A declaration's colour as #rrggbb (None for transparent or no colour)."""
    variables = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", CSS)) | {"accent": accent}
    value = re.sub(r"var\(--([\w-]+)\)", lambda m: variables[m[1]], value)
    found = re.search(r"#[0-9a-fA-F]{6}\b|\bwhite\b", value)
    return None if found is None else NAMED.get(found[0], found[0]).lower()


def pairs(accent: str) -> list[tuple[str, str, str]]:
    """(selector, text colour, background colour) of every rule that sets either."""
    found = []
    for selector, declarations in rules():
        text = declarations.get("color")
        background = declarations.get("background") or declarations.get("background-color")
        if (text is None and background is None) or text == "transparent":
            continue  # a rule that sets no colour, or draws none
        if background is None:
            background = next((bg for prefix, bg in PANELS.items() if prefix in selector), "white")
        found.append((selector, colour(text or "var(--ink)", accent), colour(background, accent)))
    return found


@pytest.mark.parametrize("accent", [DEFAULT_ACCENT, readable_accent("#ffd400"), readable_accent("#ffffff")])
def test_every_text_colour_reads_on_its_background(accent):
    checked = pairs(accent)
    assert len(checked) > 30  # the rules were found
    low = [(s, t, b, round(ratio(t, b), 2)) for s, t, b in checked if ratio(t, b) < 4.5]
    assert low == []


def test_the_footer_and_muted_text_were_checked():
    checked = {selector: (text, background) for selector, text, background in pairs(DEFAULT_ACCENT)}
    assert checked["@bottom-left"][1] == "#ffffff"
    assert checked[".headline__label"] == ("#616e7c", "#f4f6f8")
    assert checked[".pill"] == ("#ffffff", DEFAULT_ACCENT)
