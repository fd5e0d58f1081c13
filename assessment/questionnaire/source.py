"""YAML parsing that remembers where every value came from.

PyYAML's composer gives us a node tree with line marks; we turn it into plain Python
data ourselves so that each key and list item keeps its line, so that duplicate keys are
reported instead of silently overwritten, and so that YAML 1.1 surprises do not
happen: `no` stays the text "no" (not False) and dates stay text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem, QuestionnaireError

Path = tuple[str | int, ...]


# libyaml's parser when PyYAML was built with it (several times faster), else pure Python.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """A safe loader with YAML 1.2 booleans and without timestamps."""


_DROPPED_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class Document:
    """Parsed data plus the line of every key and list item in it."""

    file: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of the deepest known node on `path` (1 when nothing is known)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1

    def problem(self, path: Path, message: str) -> Problem:
        """A problem located at `path`."""
        return Problem(self.file, self.line_of(path), message)


def parse(text: str, file: str) -> Document:
    """Parse YAML text; raise QuestionnaireError for syntax errors and duplicate keys."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or error.context or "cannot be read"
        raise QuestionnaireError([Problem(file, line, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as error:
        raise QuestionnaireError([Problem(file, 1, f"YAML error: {error}")]) from None
    if node is None:
        raise QuestionnaireError([Problem(file, 1, "the file is empty")])
    document = Document(file, None, {(): node.start_mark.line + 1})
    problems: list[Problem] = []
    try:
        document.data = _convert(node, (), loader, document, problems)
    finally:
        loader.dispose()
    if problems:
        raise QuestionnaireError(problems)
    return document


def _convert(node: yaml.Node, path: Path, loader: _Loader, doc: Document, problems: list[Problem]):
    """Turn a node into plain data, recording lines and duplicate keys."""
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                problems.append(Problem(doc.file, line, f"keys must be text, not {key!r}"))
                continue
            if key in result:
                first = doc.lines[path + (key,)]
                problems.append(Problem(doc.file, line, f"duplicate key '{key}' (first at line {first})"))
                continue
            doc.lines[path + (key,)] = line
            result[key] = _convert(value_node, path + (key,), loader, doc, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            doc.lines[path + (index,)] = item.start_mark.line + 1
            items.append(_convert(item, path + (index,), loader, doc, problems))
        return items
    return loader.construct_object(node)
