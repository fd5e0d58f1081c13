"""The methodology text, written in Markdown beside the questionnaires.

The app's methodology page and the reports render the same file, so the explanation
of how scores are computed is written once.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

METHODOLOGY_FILE = "methodology.md"

# CommonMark without raw HTML: the file is ours, but nothing in it should be able to
# inject markup into a page or a PDF.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def methodology_html(questionnaires_dir: Path) -> str | None:
    """The methodology as HTML, or None when the folder has no methodology file."""
    path = Path(questionnaires_dir) / METHODOLOGY_FILE
    if not path.is_file():
        return None
    return _markdown.render(path.read_text(encoding="utf-8"))
