"""HTML from the report templates, and PDF from HTML with WeasyPrint.

The Jinja environment autoescapes everything, so a respondent's text reaches the PDF
only as text. WeasyPrint is given our fetcher for the document and for the stylesheet
object, so neither can load anything but our own assets and this render's charts.

Every printed value passes through `printable`: a character no font can draw (a control
character, a private-use or unassigned code point) would print as an empty box, so it is
printed as its code point, e.g. "[U+E000]". User text inside an English sentence is set
apart in a <bdi> element (`isolated`): WeasyPrint lays out each inline element's text on
its own, so a right-to-left name cannot reorder the words around it, even across a line
break (where Unicode's isolate characters would be split from their text).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..config import PROJECT_ROOT
from .collector import collector_paused
from .fetcher import LOGO_URL, ReportFetcher, asset_url, chart_url
from .review import file_size, report_day
from .scripts import marked_languages
from .structure import repair_structure
from .time_limit import RenderTimeout, time_limit

__all__ = ["DEFAULT_TIMEOUT", "RenderTimeout", "render_html", "write_pdf"]

TEMPLATES = PROJECT_ROOT / "templates"
STYLESHEET = "report.css"
DEFAULT_TIMEOUT = 120.0
NO_VALUE = "\u2013"  # an en dash where a figure is missing
#: Unicode's first-strong isolate and pop directional isolate, for the running header,
#: which takes text only and is laid out as one line.
FSI, PDI = "\u2068", "\u2069"
#: Character categories no font draws: controls, private use, surrogates, unassigned.
_UNDRAWABLE = {"Cc", "Co", "Cs", "Cn"}
_KEPT_CONTROLS = "\t\n\r"


def printable(value: Any) -> Any:
    """`value` as the report prints it: text with each character no font draws replaced by
    its code point in brackets (e.g. "[U+E000]") instead of an empty box; other values
    (numbers, trusted markup) unchanged."""
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    if all(unicodedata.category(ch) not in _UNDRAWABLE or ch in _KEPT_CONTROLS for ch in value):
        return value
    return "".join(
        f"[U+{ord(ch):04X}]" if unicodedata.category(ch) in _UNDRAWABLE and ch not in _KEPT_CONTROLS else ch
        for ch in value
    )


def isolated(text: Any) -> Markup:
    """User text (escaped) set apart from the sentence around it for the bidirectional
    algorithm: an Arabic or Hebrew name keeps its own order and leaves the English around
    it in its own. A run in another script is marked with its language (`marked_languages`)."""
    return Markup("<bdi>{}</bdi>").format(marked_languages(printable(str(text))))


def isolated_text(text: Any) -> str:
    """`isolated` for a place that takes plain text (the running header): Unicode isolates."""
    return f"{FSI}{printable(str(text))}{PDI}"


_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=printable,
)
_environment.globals.update(asset_url=asset_url, chart_url=chart_url, logo_url=LOGO_URL)
#: Where user text is shortened, in display width (a wide CJK character counts two): titles
#: (cover, summary, document title) and everywhere else. 120 fits the cover title in five
#: lines whatever the script.
TITLE_LIMIT = 120
TEXT_LIMIT = 300
#: Break opportunities in the full-text appendix come this often in an unbroken run.
VERBATIM_CHUNK = 20


def breakable(text: str, chunk: int = 40) -> str:
    """Text with a zero-width space every `chunk` characters of a long unbroken run.

    Pango's line breaking is quadratic on one huge word (a 100,000-character name took
    minutes); with break opportunities it wraps in linear time and the text is unchanged.
    """
    return re.sub(
        rf"\S{{{chunk},}}",
        lambda m: "\u200b".join(m[0][i : i + chunk] for i in range(0, len(m[0]), chunk)),
        str(text),
    )


def display_width(text: str) -> int:
    """How wide text sets, in units of a Latin character: wide and full-width characters
    (CJK ideographs, kana, Hangul) count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


#: The cover title's own limit, in display width: four lines at 32 pt in any script.
COVER_LIMIT = 80


def cut(text: str, limit: int) -> str:
    """The longest start of `text` within `limit` units of display width."""
    kept, width = [], 0
    for ch in str(text):
        width += display_width(ch)
        if width > limit:
            break
        kept.append(ch)
    return "".join(kept)


def cover_title(text: str) -> tuple[Markup, bool]:
    """(the title as the cover prints it, whether it was shortened); a shortened title ends
    in an ellipsis, and the cover says where the whole text is."""
    text = str(text)
    if display_width(text) <= COVER_LIMIT:
        return isolated(breakable(text)), False
    return isolated(breakable(cut(text, COVER_LIMIT).rstrip() + "…")), True


def shortened(text: str, limit: int = TEXT_LIMIT) -> Markup:
    """User text cut at `limit` units of display width, with a note pointing to the appendix
    that prints it in full (see `text_in_full`): a cover, a table cell or a running header
    has no room for a 100,000-character answer, and 118 CJK characters need as much room
    as 236 Latin ones. The user's part is isolated, so the note reads in order after it
    whatever its script, and breakable."""
    text = str(text)
    if display_width(text) <= limit:
        return isolated(breakable(text))
    note = f"({len(text):,} characters in all; in full in the appendix)"
    return Markup("{} {}").format(isolated(breakable(cut(text, limit) + "…")), note)


def text_in_full(organisation: Mapping[str, Any], roles: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(label, text) of every piece of user text that `shortened` cut somewhere in the report.

    The report prints these once, in full, in an appendix made for them (`verbatim`).
    """
    entries = []
    for key, value in organisation.items():  # every field is on the cover, shortened
        limit = COVER_LIMIT if key == "name" else TITLE_LIMIT
        if isinstance(value, str) and display_width(value) > limit:
            entries.append(("Organisation name" if key == "name" else _label(key), value))
    entries += [("Role", role) for role in dict.fromkeys(roles) if display_width(str(role)) > TEXT_LIMIT]
    return entries


def verbatim(text: str) -> Markup:
    """Text for the full-text appendix: unchanged but for a zero-width space every
    `VERBATIM_CHUNK` characters of an unbroken run, so a line can end anywhere cheaply, and
    each run in another script marked with its language."""
    return marked_languages(printable(breakable(text, VERBATIM_CHUNK)))


def _label(key: str) -> str:
    """An organisation field's key as a label (e.g. "legal_name" -> "Legal name")."""
    return key.replace("_", " ").capitalize()


def demoted(html: str, levels: int = 2) -> str:
    """Trusted HTML with every heading `levels` deeper (h1 becomes h3), h6 at most.

    The methodology is written as a page of its own, titled with an h1; in a report it sits
    inside the "Methodology" chapter, an h2, and the cover's title is the one h1.
    """
    return re.sub(r"<(/?)h([1-6])\b", lambda m: f"<{m[1]}h{min(int(m[2]) + levels, 6)}", html)


_environment.globals.update(text_in_full=text_in_full, cover_title=cover_title)
_environment.filters["breakable"] = shortened
_environment.filters["short"] = lambda text: shortened(text, TITLE_LIMIT)
_environment.filters["isolated_text"] = isolated_text
_environment.filters["isolated"] = isolated
_environment.filters["verbatim"] = verbatim
#: User text printed whole (evidence notes, reviewers' comments): isolated and breakable.
_environment.filters["whole"] = lambda text: isolated(breakable(str(text)))
_environment.filters["file_size"] = file_size
_environment.filters["day"] = report_day
_environment.filters["one"] = lambda value: NO_VALUE if value is None else f"{value:.1f}"
_environment.filters["percent"] = lambda value: NO_VALUE if value is None else f"{round(value * 100)}%"
_environment.filters["level"] = lambda value: NO_VALUE if value is None else f"{value:g}"


def render_html(template: str, **context: Any) -> str:
    """One of the templates under templates/reports/, filled in."""
    return _environment.get_template(f"reports/{template}").render(**context)


def write_pdf(
    html: str, charts: Mapping[str, bytes], logo: bytes | None, accent: str, timeout: float = DEFAULT_TIMEOUT
) -> bytes:
    """A tagged PDF/UA-1 document (title and language from the HTML) fetching only our assets.

    WeasyPrint's structure tree is mended afterwards where it cannot say what PDF/UA-1
    asks (`repair_structure`: header scopes, margins as artifacts, list items), outside
    the time limit, which stops only WeasyPrint's own code.
    """
    fetcher = ReportFetcher(charts, logo)
    fonts = font_configuration()
    # The accent is a checked #rrggbb value (Branding refuses anything else).
    stylesheets = [
        CSS(url=asset_url(STYLESHEET), url_fetcher=fetcher, font_config=fonts),
        CSS(string=f":root {{ --accent: {accent}; }}", url_fetcher=fetcher, font_config=fonts),
    ]
    document = HTML(string=html, base_url=asset_url(""), url_fetcher=fetcher)
    with collector_paused():
        with time_limit(timeout):
            pdf = document.write_pdf(
                stylesheets=stylesheets, font_config=fonts, pdf_variant="pdf/ua-1", uncompressed_pdf=False
            )
        return repair_structure(pdf)


_threads = threading.local()


def font_configuration() -> FontConfiguration:
    """This thread's WeasyPrint font configuration, made on its first render.

    Making one loads fontconfig's configuration and font list, 7% of a report's render
    time, so a thread's renders share it; threads do not, because Pango's font map is not
    safe to use from two at once. It holds only the system's fonts and their caches: our
    stylesheet has no @font-face rule, which is the one thing that would add to it.
    """
    fonts = getattr(_threads, "fonts", None)
    if fonts is None:
        fonts = _threads.fonts = FontConfiguration()
    return fonts
