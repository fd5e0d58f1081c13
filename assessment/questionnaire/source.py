"""YAML parsing that remembers where every value came from.

PyYAML's composer gives us a node tree with line marks; we turn it into plain Python
data ourselves so that each key and list item keeps its line, so that duplicate keys are
reported instead of silently overwritten, and so that YAML 1.1 surprises do not
happen: `no` stays the text "no" (not False) and dates stay text.

A questionnaire file is reviewed text, not a program, so what YAML can do beyond plain
data is refused as a problem on its line rather than run or expanded: aliases of
mappings or lists (`*name`, which nest or multiply without end: "billion laughs"),
merge keys (`<<`), tags other than YAML's own, numbers too long to convert and nesting
deeper than MAX_DEPTH.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem, QuestionnaireError

NodePath = tuple[str | int, ...]
MAX_DEPTH = 50  # far deeper than any questionnaire; bounds the recursion below
_PLAIN_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


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
    lines: dict[NodePath, int] = field(default_factory=dict)
    #: The YAML text exactly as parsed, so it can be stored beside the hash of its data.
    text: str = field(default="", repr=False)

    def line_of(self, path: NodePath) -> int:
        """The line of the deepest known node on `path` (1 when nothing is known)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1

    def problem(self, path: NodePath, message: str) -> Problem:
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
    except RecursionError:
        raise QuestionnaireError([Problem(file, 1, f"nested deeper than {MAX_DEPTH} levels")]) from None
    if node is None:
        raise QuestionnaireError([Problem(file, 1, "the file is empty")])
    document = Document(file, None, {(): node.start_mark.line + 1}, text)
    problems: list[Problem] = []
    try:
        document.data = _Converter(loader, document, problems).convert(node, ())
    finally:
        loader.dispose()
    if problems:
        raise QuestionnaireError(problems)
    return document


@dataclass
class _Converter:
    """Turns a node tree into plain data, recording lines, duplicate keys and refused YAML."""

    loader: _Loader
    doc: Document
    problems: list[Problem]
    seen_collections: set[int] = field(default_factory=set)

    def refuse(self, node: yaml.Node, message: str) -> None:
        """Record a problem on the node's line."""
        self.problems.append(Problem(self.doc.file, node.start_mark.line + 1, message))

    def convert(self, node: yaml.Node, path: NodePath) -> Any:
        """Plain data for a node; None for a refused node (its problem is recorded)."""
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            return self.scalar(node)
        if len(path) > MAX_DEPTH:
            self.refuse(node, f"nested deeper than {MAX_DEPTH} levels")
            return None
        if id(node) in self.seen_collections:
            self.refuse(node, "aliases (*name) of mappings or lists are not supported: write the value out")
            return None
        if node.tag not in _PLAIN_COLLECTION_TAGS:
            self.refuse(node, f"the tag {node.tag} is not supported")
            return None
        self.seen_collections.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, path)
        return self.mapping(node, path)

    def mapping(self, node: yaml.MappingNode, path: NodePath) -> dict[str, Any]:
        """A mapping's keys (text, each once) and converted values."""
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.refuse(key_node, "merge keys (<<) are not supported: write the keys out")
                continue
            key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.problems.append(Problem(self.doc.file, line, f"keys must be text, not {key!r}"))
                continue
            if key in result:
                first = self.doc.lines[path + (key,)]
                self.problems.append(
                    Problem(self.doc.file, line, f"duplicate key '{key}' (first at line {first})")
                )
                continue
            self.doc.lines[path + (key,)] = line
            result[key] = self.convert(value_node, path + (key,))
        return result

    def sequence(self, node: yaml.SequenceNode, path: NodePath) -> list[Any]:
        """A list's converted items, each with its line."""
        items = []
        for index, item in enumerate(node.value):
            self.doc.lines[path + (index,)] = item.start_mark.line + 1
            items.append(self.convert(item, path + (index,)))
        return items

    def scalar(self, node: yaml.Node) -> Any:
        """A scalar's value; None with a problem for unknown tags and unconvertible numbers."""
        try:
            return self.loader.construct_object(node)
        except yaml.constructor.ConstructorError:
            self.refuse(node, f"the tag {node.tag} is not supported")
        except ValueError as error:  # e.g. an integer over Python's 4,300-digit conversion limit
            self.refuse(node, f"this value cannot be read ({str(error)[:80]})")
        return None
