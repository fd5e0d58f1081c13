"""Slides in a workspace's branding, drawn with python-pptx: titles, text, native tables and charts.

Everything a deck shows is real PowerPoint content a consultant can edit: text in runs
(python-pptx escapes it, so a name like `<b>&` stays literal text), tables as table shapes
and charts as chart shapes with their data inside. Text is never set smaller than 12 pt:
a table too long for one slide goes on as many slides as it needs (`Deck.paged_table`).

Why one module: `Deck` is the one place python-pptx is spoken (geometry, fonts, colours,
tables, charts), so the two decks that use it say only what their slides hold.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from .branding import Branding
from .pdf import display_width

WIDTH, HEIGHT = Emu(12192000), Inches(7.5)  # 16:9, as PowerPoint makes a widescreen slide
MARGIN = Inches(0.6)
BODY_TOP = Inches(1.45)
BODY_BOTTOM = Inches(6.85)
SMALLEST = 12  # points: no text on a slide is smaller
TITLE_ONLY = 5  # the default template's "Title Only" layout: every slide has a real title
INK = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x5B, 0x67, 0x70)
WHITE, STRIPE = RGBColor(0xFF, 0xFF, 0xFF), RGBColor(0xF1, 0xF3, 0xF5)
GREYS = (RGBColor(0x9A, 0xA5, 0xB1), RGBColor(0xC9, 0xD1, 0xD9), RGBColor(0x5B, 0x67, 0x70))
ROWS_PER_SLIDE = 8
BRAND_LIMIT = 60  # display width of the brand name in a footer


@dataclass(frozen=True)
class Box:
    """Where a shape goes on a slide, in EMU."""

    left: int
    top: int
    width: int
    height: int


BODY = Box(MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP)


class Deck:
    """A 16:9 presentation whose slides share a title style, an accent rule and a footer."""

    def __init__(self, branding: Branding, title: str, subject: str, day: date) -> None:
        """An empty deck; `title`, `subject`, the brand and `day` go into the file's properties."""
        self.branding = branding
        self.accent = RGBColor.from_string(branding.accent[1:])  # fills: rules, bands, table headers
        self.accent_text = RGBColor.from_string(branding.print_accent[1:])  # text on white, legible
        self.presentation = Presentation()
        self.presentation.slide_width, self.presentation.slide_height = WIDTH, HEIGHT
        properties = self.presentation.core_properties
        properties.title, properties.subject = title[:250], subject[:250]
        properties.author = properties.last_modified_by = branding.name[:250]
        properties.comments = ""
        properties.created = properties.modified = datetime(day.year, day.month, day.day)

    def slide(self, title: str, size: int = 28):
        """A new slide with its title, the accent rule under it and the footer."""
        slide = self.presentation.slides.add_slide(self.presentation.slide_layouts[TITLE_ONLY])
        heading = slide.shapes.title
        heading.left, heading.top, heading.width, heading.height = (
            MARGIN,
            Inches(0.35),
            BODY.width,
            Inches(0.85),
        )
        write(heading.text_frame, [title], size, bold=True, colour=INK, anchor=MSO_ANCHOR.BOTTOM)
        rule = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN, Inches(1.25), Inches(1.6), Pt(4))
        self._solid(rule, self.accent)
        self._footer(slide)
        return slide

    def cover(self, kicker: str, title: str, under_title: Sequence[str], facts: Sequence[str]):
        """The title slide: the accent band, the logo (or the brand's name), a kicker, the title,
        muted lines under it (such as a note that it was shortened) and lines of facts."""
        slide = self.presentation.slides.add_slide(self.presentation.slide_layouts[TITLE_ONLY])
        self.band(slide)
        left, width = Inches(1.0), WIDTH - Inches(1.6)
        if self.branding.logo:
            self.logo(slide, Box(left, Inches(0.6), Inches(3.5), Inches(1.0)))
        else:
            brand = fitted(self.branding.name, BRAND_LIMIT)
            self.text(
                slide,
                Box(left, Inches(0.6), width, Inches(0.6)),
                [brand],
                20,
                bold=True,
                colour=self.accent_text,
            )
        self.text(slide, Box(left, Inches(1.9), width, Inches(0.5)), [kicker], 16, colour=MUTED)
        heading = slide.shapes.title
        heading.left, heading.top, heading.width, heading.height = left, Inches(2.4), width, Inches(1.9)
        write(heading.text_frame, [title], 36, bold=True, colour=INK)
        top = Inches(4.35)
        if under_title:
            self.text(slide, Box(left, top, width, Inches(0.5)), under_title, SMALLEST, colour=MUTED)
            top += Inches(0.5)
        self.text(slide, Box(left, top, width, Inches(2.0)), facts, 16, colour=INK)
        return slide

    def _footer(self, slide) -> None:
        """The brand's name on the left and the slide's number on the right."""
        number = len(self.presentation.slides)
        top, height = Inches(7.0), Inches(0.35)
        brand = fitted(self.branding.name, BRAND_LIMIT)
        left = slide.shapes.add_textbox(MARGIN, top, Inches(9), height)
        write(left.text_frame, [brand], SMALLEST, colour=MUTED)
        right = slide.shapes.add_textbox(WIDTH - MARGIN - Inches(1.5), top, Inches(1.5), height)
        write(right.text_frame, [str(number)], SMALLEST, colour=MUTED, align=PP_ALIGN.RIGHT)

    def band(self, slide) -> None:
        """A full-height accent band on the left edge (the title slide's mark)."""
        self._solid(slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.3), HEIGHT), self.accent)

    def logo(self, slide, box: Box) -> None:
        """The branding's logo, fitted into `box` with its proportions kept, described by the brand."""
        if not self.branding.logo:
            return
        with Image.open(io.BytesIO(self.branding.logo)) as image:
            width, height = image.size
        scale = min(box.width / width, box.height / height)
        picture = slide.shapes.add_picture(
            io.BytesIO(self.branding.logo),
            box.left,
            box.top,
            Emu(int(width * scale)),
            Emu(int(height * scale)),
        )
        describe(picture, f"{self.branding.name} logo")

    def text(self, slide, box: Box, paragraphs: Sequence[str], size: int = 16, **style):
        """A text box of plain paragraphs."""
        shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
        write(shape.text_frame, paragraphs, size, **style)
        return shape

    def figures(self, slide, figures: Sequence[tuple[str, str, str]], top: int = BODY_TOP) -> None:
        """Headline figures side by side: (label, value, note) each, the value large in the accent."""
        gap = Inches(0.3)
        width = (BODY.width - gap * (len(figures) - 1)) // len(figures)
        for index, (label, value, note) in enumerate(figures):
            left = BODY.left + index * (width + gap)
            self.text(slide, Box(left, top, width, Inches(0.35)), [label], 14, colour=MUTED)
            self.text(
                slide,
                Box(left, top + Inches(0.35), width, Inches(0.55)),
                [value],
                30,
                bold=True,
                colour=self.accent_text,
            )
            self.text(slide, Box(left, top + Inches(0.9), width, Inches(0.4)), [note], SMALLEST, colour=MUTED)

    def points(self, slide, box: Box, heading: str, items: Sequence[tuple[str, str]], empty: str) -> None:
        """A heading and numbered points, each a line in bold and a muted line under it."""
        shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
        frame = shape.text_frame
        write(frame, [heading], 18, bold=True, colour=INK)
        for number, (main, detail) in enumerate(items, 1):
            add_paragraph(frame, f"{number}. {main}", 14, bold=True, space_before=8)
            add_paragraph(frame, detail, SMALLEST, colour=MUTED)
        if not items:
            add_paragraph(frame, empty, 14, space_before=8)

    def table(self, slide, box: Box, header: Sequence[str], rows: Sequence[Sequence[str]], widths):
        """A native table: the header in the accent colour, then the rows, 12 pt at least."""
        shape = slide.shapes.add_table(len(rows) + 1, len(header), box.left, box.top, box.width, box.height)
        table = shape.table
        total = sum(widths)
        for index, share in enumerate(widths):
            table.columns[index].width = Emu(int(box.width * share / total))
        ink = header_ink(self.branding.accent)
        for column, text in enumerate(header):
            cell = table.cell(0, column)
            cell.fill.solid()
            cell.fill.fore_color.rgb = self.accent
            write(cell.text_frame, [text], 14, bold=True, colour=ink)
        table.horz_banding = False  # the default style's bands are in its own blue: ours are neutral
        for row_index, row in enumerate(rows, 1):
            for column, text in enumerate(row):
                cell = table.cell(row_index, column)
                cell.fill.solid()
                cell.fill.fore_color.rgb = STRIPE if row_index % 2 == 0 else WHITE
                write(cell.text_frame, str(text).split("\n"), 14, colour=INK)
            table.rows[row_index].height = Emu(row_height(row, widths, box.width))
        table.rows[0].height = Emu(row_height(header, widths, box.width))
        return shape

    def paged_table(self, title: str, header, rows, widths, caption: str = "") -> list:
        """A table on as many slides as it needs (8 rows at most each, and no more than fit),
        each titled "(2 of 3)" after the first when there are several; returns the slides."""
        pages = page_rows(rows, widths, BODY.width, BODY.height - (Inches(0.6) if caption else 0))
        slides = []
        for number, page in enumerate(pages, 1):
            suffix = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
            slide = self.slide(title + suffix)
            top = BODY.top
            if caption:
                self.text(slide, Box(BODY.left, top, BODY.width, Inches(0.5)), [caption], 14, colour=MUTED)
                top += Inches(0.6)
            height = sum(row_height(r, widths, BODY.width) for r in [header, *page])
            self.table(slide, Box(BODY.left, top, BODY.width, height), header, page, widths)
            slides.append(slide)
        return slides

    def bar_chart(self, slide, box: Box, categories, series, top: float, description: str):
        """A native clustered bar chart: one bar per series for each category, the first series in
        the accent colour; the values sit in the chart's own data for PowerPoint to edit."""
        data = CategoryChartData(number_format="0.0")
        data.categories = list(categories)
        for name, values in series:
            data.add_series(name, list(values))
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, box.left, box.top, box.width, box.height, data
        )
        describe(frame, description)
        chart = frame.chart
        chart.font.size, chart.font.color.rgb = Pt(SMALLEST), INK
        chart.has_legend = len(series) > 1
        if chart.has_legend:
            chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
        chart.category_axis.reverse_order = True  # the first category on top, as in the tables
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, top, 1
        plot = chart.plots[0]
        plot.gap_width, plot.has_data_labels = 60, True
        plot.data_labels.number_format, plot.data_labels.number_format_is_linked = "0.0", False
        plot.data_labels.font.size = Pt(SMALLEST)
        for index, drawn in enumerate(plot.series):
            drawn.format.fill.solid()
            drawn.format.fill.fore_color.rgb = self.accent if index == 0 else GREYS[(index - 1) % len(GREYS)]
        return frame

    def notes(self, slide, text: str) -> None:
        """Speaker notes under a slide (where text too long for the slide is given in full)."""
        slide.notes_slide.notes_text_frame.text = text

    def save(self) -> bytes:
        """The .pptx file."""
        buffer = io.BytesIO()
        self.presentation.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _solid(shape, colour: RGBColor) -> None:
        """Fill a shape with one colour and no outline."""
        shape.fill.solid()
        shape.fill.fore_color.rgb = colour
        shape.line.fill.background()


def write(
    frame,
    paragraphs: Sequence[str],
    size: int,
    bold: bool = False,
    colour: RGBColor = INK,
    align=None,
    anchor=MSO_ANCHOR.TOP,
) -> None:
    """Replace a text frame's text with plain paragraphs, word-wrapped, in one style."""
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for index, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        _run(paragraph, text, size, bold, colour)
        if align is not None:
            paragraph.alignment = align


def add_paragraph(
    frame, text: str, size: int, bold: bool = False, colour: RGBColor = INK, space_before: int = 0
) -> None:
    """One more plain paragraph at the end of a text frame."""
    paragraph = frame.add_paragraph()
    paragraph.space_before = Pt(space_before)
    _run(paragraph, text, size, bold, colour)


def _run(paragraph, text: str, size: int, bold: bool, colour: RGBColor) -> None:
    """A run of plain text in a paragraph, never smaller than SMALLEST."""
    run = paragraph.add_run()
    run.text = str(text)
    run.font.size = Pt(max(size, SMALLEST))
    run.font.bold = bold
    run.font.color.rgb = colour


def describe(shape, text: str) -> None:
    """Alternative text for a picture or chart, read out by a screen reader."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)


def header_ink(accent: str) -> RGBColor:
    """White on a dark accent, near-black on a light one, so a header is always readable."""
    red, green, blue = (int(accent[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return WHITE if luminance < 0.55 else INK


def fitted(text: str, limit: int) -> str:
    """`text` when it is within `limit` units of display width, else its longest start that
    fits with an ellipsis after it (a wide CJK character counts two, as in the PDF)."""
    text = str(text)
    if display_width(text) <= limit:
        return text
    kept, width = [], 0
    for ch in text:
        width += display_width(ch)
        if width > limit - 1:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"


def lines(text: str, width: int, size: int = 14) -> int:
    """How many lines `text` takes in a column `width` EMU wide, estimated generously."""
    usable = max(width - Inches(0.2), Inches(0.3))
    per_line = max(1, int(usable / (Pt(size) * 0.55)))
    return sum(max(1, math.ceil(display_width(part) / per_line)) for part in str(text).split("\n"))


def row_height(row: Sequence[str], widths, width: int) -> int:
    """A table row's height: its tallest cell's lines at 14 pt, with the cell's margins."""
    total = sum(widths)
    tallest = max(lines(text, int(width * share / total)) for text, share in zip(row, widths, strict=True))
    return int(tallest * Pt(14) * 1.2 + Inches(0.1))


def page_rows(rows, widths, width: int, height: int) -> list[list]:
    """Rows split into pages of at most ROWS_PER_SLIDE rows that fit in `height` under a header."""
    pages: list[list] = [[]]
    used = Inches(0.6)  # the header row
    for row in rows:
        needed = row_height(row, widths, width)
        if pages[-1] and (len(pages[-1]) == ROWS_PER_SLIDE or used + needed > height):
            pages.append([])
            used = Inches(0.6)
        pages[-1].append(row)
        used += needed
    return pages
