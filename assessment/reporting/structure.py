"""Repairs to the structure tree WeasyPrint writes, so a report meets PDF/UA-1.

WeasyPrint 70 tags the document from the HTML, but five things it cannot express, so
they are mended in the rendered PDF with pikepdf (a few per cent of a render's time):

- A table header cell's scope. HTML's `scope` is not carried over, and PDF/UA wants
  every /TH to say whether it heads a column or a row. It is read from the cell's place
  in the tree: a /TH that starts a row holding data cells heads that row; any other
  (in a /THead, or in a row of headers only) heads its column.
- The page margins. The running header and footer are drawn as tagged text that belongs
  to no element of the tree, which is neither real content nor an artifact. Their marked
  content becomes a pagination /Artifact and leaves the parent tree.
- A list item holding blocks. An <li> with paragraphs in it (a Markdown "loose" list)
  puts a /P straight into the /LI, which may hold only /Lbl and /LBody; such children
  move into an /LBody of their own.
- The table of contents. HTML has no element for it, so it arrives as a list whose every
  item is one link into the document: that list becomes a /TOC, its items /TOCI and
  their bodies /Reference (ISO 32000-1, 14.8.4.3.2).
- The language of text in another script (`span_languages`): WeasyPrint drops `lang`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name

from .span_languages import mark_languages

__all__ = ["repair_structure"]

#: What an /LI may hold (ISO 32000-1, table 336).
LIST_ITEM_PARTS = frozenset({"/Lbl", "/LBody"})
#: Marked content that WeasyPrint opens for a piece of tagged text or an image.
_MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_PAGINATION = b"/Artifact <</Type /Pagination>> BDC"


def repair_structure(pdf: bytes) -> bytes:
    """The PDF with every /TH scoped, the margins' text marked as artifacts, every /LI
    holding only /Lbl and /LBody, the contents a /TOC and text in another script with its
    /Lang; the same bytes when it has no structure tree."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        tree = document.Root.get("/StructTreeRoot")
        if tree is None:
            return pdf
        reached = set()
        for element, parent in _elements(tree):
            reached.add(element.objgen)
            kind = element.get("/S")
            if kind == "/TH":
                _scope(element, parent)
            elif kind == "/LI":
                _wrap_list_item(document, element)
            elif kind == "/L" and _is_contents(element):
                _make_contents(element)
        _mark_unreached_as_artifacts(document, tree, reached)
        mark_languages(document, tree)
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()


def _elements(tree: Dictionary) -> Iterator[tuple[Dictionary, Dictionary]]:
    """(element, its parent) for every structure element reachable from the root, parents
    first."""
    stack = [(kid, tree) for kid in _kids(tree)]
    while stack:
        element, parent = stack.pop()
        yield element, parent
        stack.extend((kid, element) for kid in _kids(element))


def _kids(node: Dictionary) -> list[Dictionary]:
    """The structure elements among a node's /K (not its marked content or annotations)."""
    kids = node.get("/K")
    if kids is None:
        return []
    items = kids if isinstance(kids, Array) else [kids]
    return [kid for kid in items if isinstance(kid, Dictionary) and "/S" in kid]


def _scope(header: Dictionary, row: Dictionary) -> None:
    """Give a /TH its /Scope: /Row when it starts a row that holds data cells, else /Column."""
    cells = [kid for kid in _kids(row) if kid.get("/S") in ("/TH", "/TD")]
    group = row.get("/P")
    heads_row = (
        cells
        and group is not None
        and group.get("/S") != "/THead"
        and cells[0].objgen == header.objgen
        and any(cell.get("/S") == "/TD" for cell in cells)
    )
    scope = Name.Row if heads_row else Name.Column
    attributes = header.get("/A")
    if isinstance(attributes, Dictionary):
        attributes.Scope = scope
    elif isinstance(attributes, Array):
        attributes.append(Dictionary(O=Name.Table, Scope=scope))
    else:
        header.A = Dictionary(O=Name.Table, Scope=scope)


def _wrap_list_item(document: pikepdf.Pdf, item: Dictionary) -> None:
    """Move each run of an /LI's children that are neither /Lbl nor /LBody into a new /LBody."""
    kids = item.get("/K")
    if not isinstance(kids, Array) or all(
        not isinstance(kid, Dictionary) or str(kid.get("/S")) in LIST_ITEM_PARTS for kid in kids
    ):
        return
    mended, body = [], None
    for kid in kids:
        if isinstance(kid, Dictionary) and "/S" in kid and str(kid.S) not in LIST_ITEM_PARTS:
            if body is None:
                body = document.make_indirect(
                    Dictionary(Type=Name.StructElem, S=Name.LBody, P=item, K=Array())
                )
                if "/Pg" in item:
                    body.Pg = item.Pg
                mended.append(body)
            kid.P = body
            body.K.append(kid)
        else:
            mended.append(kid)
            body = None
    item.K = Array(mended)


def _links(element: Dictionary) -> list[Dictionary]:
    """The /Link elements in and below an element."""
    found = []
    stack = [element]
    while stack:
        node = stack.pop()
        if node.get("/S") == "/Link":
            found.append(node)
        stack.extend(_kids(node))
    return found


def _is_contents(items: Dictionary) -> bool:
    """Whether a list is a table of contents: each item holds exactly one link, and that
    link goes to a place in the document (a /Dest, not a URI)."""
    entries = _kids(items)
    if not entries:
        return False
    for entry in entries:
        links = _links(entry)
        kids = [kid for link in links for kid in _items(link.get("/K")) if isinstance(kid, Dictionary)]
        annotations = [kid.Obj for kid in kids if kid.get("/Type") == "/OBJR"]
        if len(links) != 1 or len(annotations) != 1 or "/Dest" not in annotations[0]:
            return False
    return True


def _make_contents(items: Dictionary) -> None:
    """Re-tag a contents list: /L to /TOC, /LI to /TOCI, /LBody to /Reference."""
    items.S = Name.TOC
    for entry in _kids(items):
        entry.S = Name.TOCI
        for part in _kids(entry):
            if part.get("/S") == "/LBody":
                part.S = Name.Reference


def _items(value) -> list:
    """/K as a list, whether one item or an array."""
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _mark_unreached_as_artifacts(document: pikepdf.Pdf, tree: Dictionary, reached: set) -> None:
    """Re-mark content whose element is not in the tree as a pagination artifact, and take
    it out of the parent tree."""
    pages = {int(page.obj.StructParents): page for page in document.pages if "/StructParents" in page.obj}
    numbers = tree.ParentTree.get("/Nums", Array())
    for index in range(0, len(numbers) - 1, 2):
        owners, page = numbers[index + 1], pages.get(int(numbers[index]))
        if page is None or not isinstance(owners, Array):
            continue
        stray = set()
        for mcid, owner in enumerate(owners):
            if isinstance(owner, Dictionary) and owner.objgen not in reached:
                stray.add(mcid)
                owners[mcid] = None
        if stray:
            _rewrite_marks(page, stray)


def _rewrite_marks(page: pikepdf.Page, stray: set[int]) -> None:
    """Turn the page's marked content with these MCIDs into pagination artifacts."""
    contents = page.obj.Contents
    for stream in contents if isinstance(contents, Array) else [contents]:
        data = stream.read_bytes()
        mended = _MARKED.sub(lambda m: _PAGINATION if int(m[1]) in stray else m[0], data)
        if mended != data:
            stream.write(mended)
