"""Cross-checks that a JSON Schema cannot express: ids, references and ordering.

The checks read the raw parsed data defensively (skipping parts of the wrong shape,
which the schema already reports), so that one run reports every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from .model import MAX_SHARED_OWNERS, NOBODY, OWNER_SEPARATOR, UNKNOWN
from .problems import Problem
from .schema import describe_path
from .source import Document

RESERVED_IDS = {UNKNOWN, NOBODY, "n-a", "na"}
#: How the label of a cumulative level above the third begins.
CUMULATIVE_OPENING = "As above, and "
#: The longest owner id: a shared answer of the most owners must fit the stored 64 characters.
MAX_OWNER_ID = (64 - (MAX_SHARED_OWNERS - 1) * len(OWNER_SEPARATOR)) // MAX_SHARED_OWNERS


def items(data: Any, key: str) -> Iterator[tuple[int, dict]]:
    """(index, item) for each mapping in the list `data[key]`, skipping malformed ones."""
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def text(item: dict, key: str) -> str | None:
    """item[key] when it is text, else None."""
    value = item.get(key)
    return value if isinstance(value, str) else None


def question_kind_of(question: dict) -> str:
    """A question's kind, maturity by default."""
    return text(question, "kind") or "maturity"


class QuestionnaireChecks:
    """Runs every cross-check on one parsed questionnaire document."""

    def __init__(self, document: Document, vocabulary: set[str] | None):
        self.doc = document
        self.data = document.data
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []
        self._trees: dict[int, dict[str, tuple[tuple, bool]]] = {}
        self.dimensions = {text(d, "id"): d for _, d in items(self.data, "dimensions")}
        self.positions = {text(q, "id"): i for i, q in items(self.data, "questions")}
        self.questions = {text(q, "id"): q for _, q in items(self.data, "questions")}
        values = [v.get("value") for _, v in items(self.data, "levels")]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        self.level_values = numbers
        self.level_range = (min(numbers), max(numbers)) if numbers else None

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
            tree = self.group_tree(dimension, ("dimensions", d_index))
            self._trees[id(dimension)] = tree
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

    def check_question(self, index: int, question: dict) -> None:
        """Every per-question rule: dimension, group, options, covers, references."""
        path = ("questions", index)
        kind = question_kind_of(question)
        dimension_id = text(question, "dimension")
        if dimension_id is not None and dimension_id not in self.dimensions:
            known = ", ".join(sorted(k for k in self.dimensions if k))
            self.add(path + ("dimension",), f"unknown dimension '{dimension_id}' (known: {known})")
        elif kind == "maturity" and dimension_id is None:
            self.add(path, "a maturity question needs a dimension")
        self.check_group(path, question, kind)
        if kind == "maturity":
            self.check_maturity_options(path, question)
            self.check_cumulative(path, question)
        elif kind == "scoping":
            self.check_scoping_options(path, question)
        elif kind == "fact":
            self.check_fact(path, question)
        else:
            self.check_ownership(path, question)
        if kind != "fact" and "fact" in question:
            self.add(path + ("fact",), f"'fact' only applies to fact questions, not {kind} ones")
        self.check_covers(path, question)
        self.check_conditions(path + ("applies_when",), question.get("applies_when"), before=index)
        self.check_depends_on(path, question)

    def check_group(self, path: tuple, question: dict, kind: str) -> None:
        """A question names a leaf group of its own dimension when the dimension has groups."""
        dimension = self.dimensions.get(text(question, "dimension"))
        group = text(question, "group")
        if dimension is None:
            if group is not None:
                self.add(path + ("group",), "a group needs the question's dimension")
            return
        every, leaves = self.leaf_groups(dimension)
        if group is None:
            if leaves and kind == "maturity":
                self.add(path, f"dimension '{text(dimension, 'id')}' has groups: name one with 'group'")
        elif group not in every:
            known = ", ".join(sorted(g for g in every if g)) or "none"
            self.add(
                path + ("group",),
                f"unknown group '{group}' in dimension '{text(dimension, 'id')}' (known: {known})",
            )
        elif group not in leaves:
            self.add(path + ("group",), f"group '{group}' has sub-groups: name one of them")

    def check_option_ids(self, path: tuple, question: dict) -> None:
        """Option ids are unique within a question and not reserved."""
        seen: set[str] = set()
        for o_index, option in items(question, "options"):
            ident = text(option, "id")
            if ident in RESERVED_IDS:
                self.add(path + ("options", o_index, "id"), f"option id '{ident}' is reserved")
            elif ident in seen:
                self.add(path + ("options", o_index, "id"), f"duplicate option id '{ident}'")
            seen.add(ident)

    def check_maturity_options(self, path: tuple, question: dict) -> None:
        """Maturity options have values inside the levels, strictly increasing."""
        if "options" not in question:
            self.add(path, "missing required field 'options'")
            return
        self.check_option_ids(path, question)
        previous = None
        for o_index, option in items(question, "options"):
            value = option.get("value")
            where = path + ("options", o_index)
            if value is None:
                self.add(where, f"option '{text(option, 'id')}' needs a value")
                continue
            if not isinstance(value, int | float) or isinstance(value, bool):
                continue
            low_high = self.level_range
            if low_high and not low_high[0] <= value <= low_high[1]:
                self.add(
                    where + ("value",),
                    f"value {value:g} is outside the declared levels ({low_high[0]:g} to {low_high[1]:g})",
                )
            if previous is not None and value <= previous:
                self.add(
                    where + ("value",),
                    f"options must be listed from least to most mature: value {value:g} follows {previous:g}",
                )
            previous = value

    def check_scoping_options(self, path: tuple, question: dict) -> None:
        """Scoping questions have unscored options and no scoring fields."""
        if "options" not in question:
            self.add(path, "missing required field 'options'")
        self.check_option_ids(path, question)
        for o_index, option in items(question, "options"):
            if "value" in option:
                self.add(
                    path + ("options", o_index, "value"), "scoping options are not scored: remove 'value'"
                )
        self.check_unscored_fields(path, question, "scoping")

    def check_cumulative(self, path: tuple, question: dict) -> None:
        """With `cumulative_levels`, options above the third level say they include the one below."""
        if self.data.get("cumulative_levels") is not True:
            return
        values = sorted(v for v in self.level_values if isinstance(v, int | float))
        if len(values) < 3:
            return
        for o_index, option in items(question, "options"):
            value, label = option.get("value"), text(option, "label") or ""
            if (
                isinstance(value, int | float)
                and value > values[2]
                and not label.startswith(CUMULATIVE_OPENING)
            ):
                self.add(
                    path + ("options", o_index, "label"),
                    f"levels are cumulative: the label of option '{text(option, 'id')}' (value {value:g}) "
                    f"must begin with '{CUMULATIVE_OPENING}'",
                )

    def check_fact(self, path: tuple, question: dict) -> None:
        """Fact questions say what they accept, have no options and are not scored."""
        if "options" in question:
            self.add(path + ("options",), "fact questions are answered with a figure: remove 'options'")
        fact = question.get("fact")
        if not isinstance(fact, dict):
            self.add(path, "a fact question needs 'fact' (its type, unit and range)")
        else:
            low, high = fact.get("min"), fact.get("max")
            kind = fact.get("type")
            wanted = str if kind == "date" else int | float
            for key, bound in (("min", low), ("max", high)):
                if bound is not None and not isinstance(bound, wanted):
                    noun = "a date (year-month-day)" if kind == "date" else "a number"
                    self.add(path + ("fact", key), f"'{key}' of a {kind} fact must be {noun}")
            if isinstance(low, wanted) and isinstance(high, wanted) and low > high:
                self.add(path + ("fact", "max"), f"'max' ({high}) is below 'min' ({low})")
            if kind == "date":
                for key, bound in (("min", low), ("max", high)):
                    if isinstance(bound, str):
                        try:
                            date.fromisoformat(bound)
                        except ValueError:
                            self.add(path + ("fact", key), f"'{bound}' is not a date")
        self.check_unscored_fields(path, question, "fact")

    def check_ownership(self, path: tuple, question: dict) -> None:
        """Ownership questions take their answers from the declared owners."""
        if "options" in question:
            self.add(path + ("options",), "ownership questions are answered with an owner: remove 'options'")
        if not list(items(self.data, "owners")):
            self.add(path, "ownership questions need the top-level 'owners' list")
        self.check_unscored_fields(path, question, "ownership")

    def check_unscored_fields(self, path: tuple, question: dict, kind: str) -> None:
        """Fields that only mean something for scored questions."""
        for field in ("critical", "weight", "risk", "not_applicable", "depends_on", "owned_by"):
            if field in question:
                self.add(path + (field,), f"'{field}' only applies to maturity questions, not {kind} ones")

    def check_covers(self, path: tuple, question: dict) -> None:
        """Every `covers` id is in the declared concern vocabulary."""
        covers = question.get("covers")
        if not isinstance(covers, list) or not covers:
            return
        if self.vocabulary is None:
            self.add(path + ("covers",), "'covers' needs a concern vocabulary: declare 'concerns'")
            return
        for c_index, concern in enumerate(covers):
            if isinstance(concern, str) and concern not in self.vocabulary:
                self.add(path + ("covers", c_index), f"concern '{concern}' is not in the vocabulary")

    def check_conditions(self, path: tuple, conditions: Any, before: int) -> None:
        """Each condition names an earlier question that has options, and its option ids."""
        if not isinstance(conditions, list):
            return
        for c_index, condition in enumerate(conditions):
            if not isinstance(condition, dict):
                continue
            where = path + (c_index,)
            target = text(condition, "question")
            if target is None:
                continue
            if target not in self.positions:
                self.add(where + ("question",), f"applies_when refers to unknown question '{target}'")
                continue
            if self.positions[target] >= before:
                self.add(
                    where + ("question",),
                    f"applies_when refers to question '{target}', which is not asked before this point",
                )
                continue
            referred = self.questions[target]
            options = {text(o, "id") for _, o in items(referred, "options")}
            if not options:
                self.add(
                    where + ("question",),
                    f"applies_when can only refer to a question with options; '{target}' has none",
                )
                continue
            for a_index, option in enumerate(condition.get("any_of") or []):
                if isinstance(option, str) and option not in options:
                    self.add(where + ("any_of", a_index), f"question '{target}' has no option '{option}'")

    def check_dimension_conditions(self, index: int, dimension: dict) -> None:
        """A dimension's conditions refer to questions asked before its first question."""
        own = [
            self.positions[i]
            for i, q in self.questions.items()
            if text(q, "dimension") == text(dimension, "id")
        ]
        first = min(own) if own else len(self.positions)
        self.check_conditions(("dimensions", index, "applies_when"), dimension.get("applies_when"), first)
        readiness = dimension.get("readiness")
        if isinstance(readiness, dict):
            where = ("dimensions", index, "readiness", "when")
            self.check_conditions(where, readiness.get("when"), first)
            for c_index, condition in enumerate(readiness.get("when") or []):
                target = text(condition, "question") if isinstance(condition, dict) else None
                if target in self.questions and question_kind_of(self.questions[target]) != "scoping":
                    self.add(
                        where + (c_index, "question"),
                        f"readiness can only follow a scoping answer; '{target}' is not a scoping question",
                    )

    def check_depends_on(self, path: tuple, question: dict) -> None:
        """Dependencies name other maturity questions."""
        for d_index, dependency in enumerate(question.get("depends_on") or []):
            if not isinstance(dependency, str):
                continue
            if dependency == text(question, "id"):
                self.add(path + ("depends_on", d_index), "a question cannot depend on itself")
            elif dependency not in self.questions:
                self.add(
                    path + ("depends_on", d_index), f"depends_on refers to unknown question '{dependency}'"
                )
            elif question_kind_of(self.questions[dependency]) != "maturity":
                self.add(
                    path + ("depends_on", d_index),
                    f"depends_on must name a maturity question; '{dependency}' is not one",
                )

    def check_owned_by(self) -> None:
        """Every `owned_by` (on a dimension, a group or a question) names an ownership question."""
        places = [(("questions", index), q) for index, q in items(self.data, "questions")]
        for d_index, dimension in items(self.data, "dimensions"):
            places.append((("dimensions", d_index), dimension))
            tree = self._trees.get(id(dimension), {})
            places += [(path, self._group_at(path)) for path, _ in tree.values()]
        for path, item in places:
            activity = item.get("owned_by") if isinstance(item, dict) else None
            if not isinstance(activity, str):
                continue
            if activity not in self.questions:
                self.add(path + ("owned_by",), f"owned_by refers to unknown question '{activity}'")
            elif question_kind_of(self.questions[activity]) != "ownership":
                self.add(
                    path + ("owned_by",),
                    f"owned_by must name an ownership question (an activity); '{activity}' is not one",
                )

    def _group_at(self, path: tuple) -> dict:
        """The group a tree path (from `group_tree`) points at."""
        node: Any = self.data
        for step in path:
            node = node[step]
        return node

    def check_dependency_cycles(self) -> None:
        """depends_on never loops back on itself."""
        graph = {
            qid: [d for d in (q.get("depends_on") or []) if d in self.questions and d != qid]
            for qid, q in self.questions.items()
            if qid
        }
        state: dict[str, int] = {}  # 1: on the current path, 2: done

        def visit(node: str, trail: list[str]) -> None:
            state[node] = 1
            for nxt in graph.get(node, []):
                if state.get(nxt) == 1:
                    cycle = " -> ".join(trail[trail.index(nxt) :] + [nxt])
                    self.add(("questions", self.positions[node], "depends_on"), f"dependency cycle: {cycle}")
                elif nxt not in state:
                    visit(nxt, trail + [nxt])
            state[node] = 2

        for node in graph:
            if node not in state:
                visit(node, [node])
