"""A tagged PDF read back as a screen reader meets it: the structure tree, and the text
each element marks on the page, with whether that text is painted at all.

The text comes from the pages' content streams through each font's ToUnicode map, the
way WeasyPrint writes them (Type0 fonts with two-byte codes). Each run of text keeps the
marked content it sits in, so a test can tell tagged text from an artifact and find text
that is tagged but drawn invisibly (no fill, invisible render mode, or clipped away).
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary


@dataclass
class Run:
    """One text-showing operation: its text, the marked content around it, and whether
    anything of it reaches the page."""

    page: int  # 1-based
    text: str
    mcid: int | None  # the innermost MCID around it
    artifact: bool  # inside an /Artifact sequence
    painted: bool


@dataclass(repr=False)
class Element:
    """A structure element with the text of the marked content it holds (its own and its
    descendants')."""

    kind: str  # e.g. "/TH"
    path: str  # e.g. "Document/Sect/Table/TBody/TR/TH"
    page: int | None  # 1-based
    obj: Dictionary
    parent: Element | None
    children: list[Element] = field(default_factory=list)
    marks: list[tuple[int, int]] = field(default_factory=list)  # (page, MCID) of its own content
    document: TaggedPdf | None = None

    def all_marks(self) -> list[tuple[int, int]]:
        """(page, MCID) of every piece of content in this element and below it."""
        return self.marks + [mark for child in self.children for mark in child.all_marks()]

    def runs(self) -> list[Run]:
        """The text runs this element and its descendants mark, in content order."""
        assert self.document is not None
        return [run for mark in self.all_marks() for run in self.document.runs_by_mark.get(mark, [])]

    def text(self) -> str:
        """The element's text, runs joined."""
        return "".join(run.text for run in self.runs())

    def describe(self) -> str:
        """How a failing test names it: role, page, place in the tree and text."""
        text = " ".join(self.text().split())
        return f"{self.kind} on page {self.page} ({self.path}): “{text[:70]}”"

    def __repr__(self) -> str:
        """Its description: a failing assertion prints it instead of the whole subtree."""
        return self.describe()

    def attributes(self) -> list[Dictionary]:
        """Its attribute dictionaries (/A may be one or an array)."""
        value = self.obj.get("/A")
        if value is None:
            return []
        return [a for a in (value if isinstance(value, Array) else [value]) if isinstance(a, Dictionary)]


class TaggedPdf:
    """A PDF's structure tree in document order and its pages' text runs."""

    def __init__(self, data: bytes) -> None:
        self.pdf = pikepdf.open(io.BytesIO(data))
        self.page_numbers = {page.obj.objgen: n for n, page in enumerate(self.pdf.pages, start=1)}
        self.runs: list[Run] = []
        cmaps: dict[tuple[int, int], dict[bytes, str]] = {}  # each font's ToUnicode map, read once
        for number, page in enumerate(self.pdf.pages, start=1):
            self.runs += _page_runs(page, number, cmaps)
        self.runs_by_mark: dict[tuple[int, int], list[Run]] = defaultdict(list)
        for run in self.runs:
            if run.mcid is not None:
                self.runs_by_mark[(run.page, run.mcid)].append(run)
        self.elements: list[Element] = []  # every element, parents first, in document order
        root = self.pdf.Root.StructTreeRoot
        for kid in _items(root.get("/K")):
            self._read(kid, None, "", None)

    def _read(self, node: Dictionary, parent: Element | None, path: str, page: int | None) -> None:
        """Add `node` and everything below it to `elements`."""
        if "/Pg" in node:
            page = self.page_numbers.get(node.Pg.objgen, page)
        kind = str(node.S)
        element = Element(kind, f"{path}/{kind[1:]}".lstrip("/"), page, node, parent, document=self)
        self.elements.append(element)
        if parent is not None:
            parent.children.append(element)
        for kid in _items(node.get("/K")):
            if isinstance(kid, Dictionary) and "/S" in kid:
                self._read(kid, element, element.path, page)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                kid_page = self.page_numbers.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                element.marks.append((kid_page, int(kid.MCID)))
            elif isinstance(kid, int) and not isinstance(kid, bool):
                element.marks.append((page, int(kid)))

    def of_kind(self, kind: str) -> list[Element]:
        """Every element of one role, in document order."""
        return [e for e in self.elements if e.kind == kind]

    def owned_marks(self) -> set[tuple[int, int]]:
        """(page, MCID) of all content that some element of the tree holds."""
        return {mark for element in self.elements for mark in element.marks}


def _items(value) -> list:
    """/K as a list, whether it is one item or an array."""
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _to_unicode(font: Dictionary, cmaps: dict) -> dict[bytes, str]:
    """A font's ToUnicode map, code bytes to text (bfchar and bfrange entries)."""
    key = font.objgen
    if key not in cmaps or key == (0, 0):
        table: dict[bytes, str] = {}
        if "/ToUnicode" in font:
            cmap = font.ToUnicode.read_bytes().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for source, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                    table[bytes.fromhex(source)] = bytes.fromhex(target).decode("utf-16-be", "replace")
            for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
                for low, high, target in re.findall(
                    r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
                ):
                    start, width = int(target, 16), len(low) // 2
                    for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                        table[code.to_bytes(width, "big")] = chr(start + offset)
        cmaps[key] = table
    return cmaps[key]


def _decode(font: Dictionary | None, data: bytes, cmaps: dict) -> str:
    """Shown bytes as text: two-byte codes for a Type0 font, one byte otherwise."""
    if font is None:
        return ""
    table = _to_unicode(font, cmaps)
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    return "".join(table.get(data[i : i + width], "\ufffd") for i in range(0, len(data), width))


def _page_runs(page: pikepdf.Page, number: int, cmaps: dict) -> list[Run]:
    """The text runs of one page, in the order they are drawn."""
    resources = page.obj.get("/Resources", Dictionary())
    fonts = resources.get("/Font", Dictionary())
    states = resources.get("/ExtGState", Dictionary())
    runs: list[Run] = []
    marks: list[tuple[str, int | None]] = []
    # Graphics state: fill alpha, text render mode, whether the clip has no area, font.
    state = {"alpha": 1.0, "mode": 0, "clipped": False, "font": None}
    saved: list[dict] = []
    last_rect = None
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            saved.append(dict(state))
        elif op == "Q":
            state = saved.pop()
        elif op == "gs":
            alpha = states[str(operands[0])].get("/ca")
            if alpha is not None:
                state["alpha"] = float(alpha)
        elif op == "Tr":
            state["mode"] = int(operands[0])
        elif op == "Tf":
            state["font"] = fonts.get(str(operands[0]))
        elif op == "re":
            last_rect = [float(x) for x in operands]
        elif op in ("W", "W*"):
            if last_rect is not None and (last_rect[2] == 0 or last_rect[3] == 0):
                state["clipped"] = True
        elif op in ("m", "l", "c", "v", "y", "h"):
            last_rect = None
        elif op == "BDC":
            properties = operands[1]
            mcid = (
                int(properties.MCID) if isinstance(properties, Dictionary) and "/MCID" in properties else None
            )
            marks.append((str(operands[0]), mcid))
        elif op == "BMC":
            marks.append((str(operands[0]), None))
        elif op == "EMC":
            marks.pop()
        elif op in ("Tj", "TJ", "'", '"'):
            shown = operands[-1]
            pieces = shown if isinstance(shown, Array) else [shown]
            data = b"".join(bytes(p) for p in pieces if isinstance(p, pikepdf.String))
            mcid = next((m for _, m in reversed(marks) if m is not None), None)
            painted = state["alpha"] > 0 and state["mode"] != 3 and not state["clipped"]
            artifact = any(tag == "/Artifact" for tag, _ in marks)
            runs.append(Run(number, _decode(state["font"], data, cmaps), mcid, artifact, painted))
    return runs
