"""The per-question checks: dimension and group, options, cumulative labels, facts,
owners, covers. They run as part of `QuestionnaireChecks`, whose state they read."""

from __future__ import annotations

from datetime import date

from .common import CUMULATIVE_OPENING, RESERVED_IDS, items, question_kind_of, text


class QuestionChecks:
    """Per-question rules (a part of QuestionnaireChecks)."""

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
