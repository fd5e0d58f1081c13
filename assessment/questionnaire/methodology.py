"""The methodology text, written in Markdown beside the questionnaires.

The app's methodology page and the reports render the same file, so the explanation
of how scores are computed is written once. A questionnaire may name its own file
(`methodology:` in its YAML), so a quick check's report never describes the flagship.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from .model import Questionnaire

METHODOLOGY_FILE = "methodology.md"

# CommonMark without raw HTML: the file is ours, but nothing in it should be able to
# inject markup into a page or a PDF.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def methodology_html(questionnaires_dir: Path, questionnaire: Questionnaire | None = None) -> str | None:
    """The methodology of a questionnaire (the file it names, else the folder's shared
    methodology.md) as HTML; None when there is no such file."""
    name = (questionnaire.methodology if questionnaire else "") or METHODOLOGY_FILE
    path = Path(questionnaires_dir) / name
    if not path.is_file():
        return None
    return _markdown.render(path.read_text(encoding="utf-8"))
