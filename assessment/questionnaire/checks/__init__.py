"""Cross-checks that a JSON Schema cannot express: ids, references and ordering.

One run reports every problem at once, in no particular order. The document-level rules
(levels, unique ids, groups, the unknown value) live here; the per-question rules in
`questions.py` and the rules about references between items in `references.py`.
"""

from __future__ import annotations

from ..problems import Problem
from ..schema import describe_path
from ..source import Document
from .common import MAX_OWNER_ID, RESERVED_IDS, items, question_kind_of, text
from .questions import QuestionChecks
from .references import ReferenceChecks

__all__ = ["QuestionnaireChecks", "items", "question_kind_of", "text"]


class QuestionnaireChecks(QuestionChecks, ReferenceChecks):
    """Runs every cross-check on one parsed questionnaire document."""

    def __init__(self, document: Document, vocabulary: set[str] | None):
        self.doc = document
        self.data = document.data
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []
        self.dimensions = {text(d, "id"): d for _, d in items(self.data, "dimensions")}
        self.positions = {text(q, "id"): i for i, q in items(self.data, "questions")}
        self.questions = {text(q, "id"): q for _, q in items(self.data, "questions")}
        values = [v.get("value") for _, v in items(self.data, "levels")]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        self.level_values = numbers
        self.level_range = (min(numbers), max(numbers)) if numbers else None
        # Every dimension's group tree, built once (it reports duplicate group ids as it
        # goes), so no check depends on another having run first.
        self._trees = {
            id(dimension): self.group_tree(dimension, ("dimensions", index))
            for index, dimension in items(self.data, "dimensions")
        }

    def run(self) -> list[Problem]:
        """All cross-check problems, in no particular order."""
        self.check_levels()
        self.check_unique("owners", "owner", reserved=True)
        self.check_owner_ids()
        self.check_unique("dimensions", "dimension")
        self.check_unique("questions", "question")
        self.check_groups()
        self.check_unknown_value()
        for index, question in items(self.data, "questions"):
            self.check_question(index, question)
        for index, dimension in items(self.data, "dimensions"):
            self.check_dimension_conditions(index, dimension)
        self.check_dependency_cycles()
        self.check_owned_by()
        return self.problems

    def add(self, path: tuple, message: str) -> None:
        """Record a problem at a path of the document, named as the schema messages are."""
        where = describe_path(self.data, path)
        self.problems.append(self.doc.problem(path, f"{where}: {message}"))

    def check_levels(self) -> None:
        """Level values are distinct and listed from lowest to highest."""
        previous = None
        for index, level in items(self.data, "levels"):
            value = level.get("value")
            if not isinstance(value, int | float):
                continue
            if previous is not None and value <= previous:
                self.add(
                    ("levels", index, "value"),
                    f"level values must increase down the list: {value:g} follows {previous:g}",
                )
            previous = value

    def check_owner_ids(self) -> None:
        """Owner ids are short enough for a shared answer to be stored whole."""
        for index, owner in items(self.data, "owners"):
            ident = text(owner, "id") or ""
            if len(ident) > MAX_OWNER_ID:
                self.add(
                    ("owners", index, "id"), f"owner id '{ident}' is longer than {MAX_OWNER_ID} characters"
                )

    def check_unique(self, key: str, noun: str, reserved: bool = False) -> None:
        """No two items of the list `key` share an id."""
        seen: dict[str, int] = {}
        for index, item in items(self.data, key):
            ident = text(item, "id")
            if ident is None:
                continue
            if reserved and ident in RESERVED_IDS:
                self.add((key, index, "id"), f"{noun} id '{ident}' is reserved")
            if ident in seen:
                first = self.doc.line_of((key, seen[ident]))
                self.add((key, index, "id"), f"duplicate {noun} id '{ident}' (first at line {first})")
            else:
                seen[ident] = index

    def group_tree(self, dimension: dict, base: tuple = ()) -> dict[str, tuple[tuple, bool]]:
        """Every group of a dimension's tree: id -> (path, is it a leaf)."""
        found: dict[str, tuple[tuple, bool]] = {}

        def visit(path: tuple, group: dict) -> None:
            children = list(items(group, "groups"))
            ident = text(group, "id")
            if ident in found:
                self.add(path + ("id",), f"duplicate group id '{ident}' in this dimension")
            found.setdefault(ident, (path, not children))
            for g_index, child in children:
                visit(path + ("groups", g_index), child)

        for g_index, group in items(dimension, "groups"):
            visit(base + ("groups", g_index), group)
        return found

    def leaf_groups(self, dimension: dict) -> tuple[set[str], set[str]]:
        """(all group ids, leaf group ids) of a dimension's tree."""
        tree = self._trees[id(dimension)]
        return set(tree), {ident for ident, (_, leaf) in tree.items() if leaf}

    def check_groups(self) -> None:
        """Group ids are unique within their dimension and every leaf group has questions."""
        for d_index, dimension in items(self.data, "dimensions"):
            tree = self._trees[id(dimension)]
            dimension_id = text(dimension, "id")
            mine = [q for q in self.questions.values() if text(q, "dimension") == dimension_id]
            used = {text(q, "group") for q in mine}
            for ident, (path, leaf) in tree.items():
                if leaf and ident not in used:
                    self.add(path, f"group '{ident}' has no questions")
            if not any(question_kind_of(q) == "maturity" for q in mine):
                self.add(("dimensions", d_index), f"dimension '{dimension_id}' has no maturity questions")

    def check_unknown_value(self) -> None:
        """A numeric `unknown_value` lies within the declared levels."""
        scoring = self.data.get("scoring")
        value = scoring.get("unknown_value") if isinstance(scoring, dict) else None
        if (
            isinstance(value, int | float)
            and self.level_range
            and not (self.level_range[0] <= value <= self.level_range[1])
        ):
            self.add(("scoring", "unknown_value"), f"unknown_value {value:g} is outside the declared levels")
