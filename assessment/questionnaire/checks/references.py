"""The checks of references between items: conditions (`applies_when`, `readiness_when`),
`depends_on` and its cycles, and the ownership links (`owned_by`). They run as part of
`QuestionnaireChecks`, whose state they read."""

from __future__ import annotations

from typing import Any

from .common import items, question_kind_of, text


class ReferenceChecks:
    """Rules about what items refer to (a part of QuestionnaireChecks)."""

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
