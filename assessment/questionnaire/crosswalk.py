"""Crosswalks: how the answers to one major version of a questionnaire carry to the next.

A crosswalk file names, for every question of the earlier version, the question of the
later version that asks about the same practice (or none), and for every option the
option that describes the same state (or none). An answer is carried only where the
file says it means the same thing; everything else is listed with the file's note, so
a trend across versions is computed on like-for-like questions and says which are not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .checks import items, text
from .model import NOT_APPLICABLE, UNKNOWN, QuestionKind, Questionnaire
from .problems import Problem, QuestionnaireError
from .schema import schema_problems
from .source import Document


@dataclass(frozen=True)
class QuestionMapping:
    """Where one earlier question's answers go."""

    source: str
    target: str | None
    #: Earlier option id -> later option id, or None when that answer cannot be carried.
    #: Empty for ownership questions, whose owner ids carry as they are.
    options: Mapping[str, str | None]
    note: str = ""


@dataclass(frozen=True)
class Dropped:
    """An earlier answer that the crosswalk does not carry, and why."""

    question: str
    reason: str


@dataclass(frozen=True)
class Carried:
    """Earlier answers restated as answers to the later version."""

    answers: Mapping[str, str]
    dropped: tuple[Dropped, ...]


@dataclass(frozen=True)
class Crosswalk:
    """A validated mapping from `from_version` to `to_version` of one questionnaire."""

    questionnaire: str
    from_version: str
    to_version: str
    description: str
    mappings: tuple[QuestionMapping, ...]
    #: Later questions that no earlier question maps to, in the later order.
    new_questions: tuple[str, ...] = ()

    @property
    def from_family(self) -> str:
        """The earlier family, e.g. "ai-execution@1": the crosswalk serves every version of it."""
        return f"{self.questionnaire}@{self.from_version.split('.')[0]}"

    @property
    def to_family(self) -> str:
        """The later family."""
        return f"{self.questionnaire}@{self.to_version.split('.')[0]}"

    def mapping(self, question_id: str) -> QuestionMapping | None:
        """The mapping of an earlier question, if the crosswalk lists it."""
        return next((m for m in self.mappings if m.source == question_id), None)

    def target_of(self, question_id: str) -> str | None:
        """The later question an earlier one maps to, if any."""
        mapping = self.mapping(question_id)
        return mapping.target if mapping else None

    def source_of(self, question_id: str) -> str | None:
        """The earlier question that maps to a later one, if any."""
        return next((m.source for m in self.mappings if m.target == question_id), None)

    def carry(self, answers: Mapping[str, str]) -> Carried:
        """The earlier answers restated for the later version, and the ones left behind.

        "Don't know" and "not applicable" carry as they are (the caller checks that the
        later question still accepts them); owner ids carry as they are.
        """
        carried: dict[str, str] = {}
        dropped: list[Dropped] = []
        for question_id, code in answers.items():
            mapping = self.mapping(question_id)
            if mapping is None:
                dropped.append(Dropped(question_id, f"not in the crosswalk to {self.to_version}"))
            elif mapping.target is None:
                dropped.append(Dropped(question_id, mapping.note))
            elif code in (UNKNOWN, NOT_APPLICABLE) or not mapping.options:
                carried[mapping.target] = code
            elif mapping.options.get(code) is None:
                dropped.append(Dropped(question_id, mapping.note or "that answer has no counterpart"))
            else:
                carried[mapping.target] = mapping.options[code]
        return Carried(MappingProxyType(carried), tuple(dropped))


def crosswalk_from(
    document: Document, earlier: Questionnaire | None, later: Questionnaire | None
) -> Crosswalk:
    """Validate a parsed crosswalk against the two versions it joins and build it.

    `earlier` is the questionnaire the file's `from.file` names (None when it could not
    be loaded, which the caller reports); `later` is the served questionnaire.
    """
    problems = schema_problems(document, "crosswalk")
    if not problems:
        problems = _problems(document, earlier, later)
    if problems:
        raise QuestionnaireError(problems)
    data = document.data
    mappings = tuple(
        QuestionMapping(
            source=entry["from"],
            target=entry.get("to"),
            options=MappingProxyType(dict(entry.get("options") or {})),
            note=(entry.get("note") or "").strip(),
        )
        for entry in data["questions"]
    )
    targets = {m.target for m in mappings}
    new = tuple(q.id for q in later.questions if q.id not in targets) if later else ()
    return Crosswalk(
        questionnaire=data["questionnaire"],
        from_version=str(data["from"]["version"]),
        to_version=str(data["to"]["version"]),
        description=" ".join(str(data.get("description", "")).split()),
        mappings=mappings,
        new_questions=new,
    )


def _problems(
    document: Document, earlier: Questionnaire | None, later: Questionnaire | None
) -> list[Problem]:
    """Every way the file disagrees with the two versions it joins."""
    data = document.data
    problems: list[Problem] = []
    name = data["questionnaire"]
    for side, questionnaire in (("from", earlier), ("to", later)):
        version = str(data[side]["version"])
        if questionnaire is None:
            where = "the archived file it names" if side == "from" else "the served questionnaires"
            problems.append(document.problem((side,), f"{name} {version} is not among {where}"))
        elif (questionnaire.id, questionnaire.version) != (name, version):
            problems.append(
                document.problem(
                    (side, "version"),
                    f"expected {name} {version}, found {questionnaire.id} {questionnaire.version}",
                )
            )
    if problems:
        return problems
    listed: set[str] = set()
    targets: dict[str, str] = {}
    for index, entry in items(data, "questions"):
        where = ("questions", index)
        source_id, target_id = text(entry, "from"), entry.get("to")
        if source_id in listed:
            problems.append(document.problem(where + ("from",), f"'{source_id}' is listed twice"))
        listed.add(source_id)
        try:
            source = earlier.question(source_id)
        except KeyError:
            problems.append(
                document.problem(where + ("from",), f"{name} {earlier.version} has no question '{source_id}'")
            )
            continue
        note = (entry.get("note") or "").strip()
        if target_id is None:
            if not note:
                problems.append(document.problem(where, f"'{source_id}' maps to nothing: say why in 'note'"))
            continue
        if target_id in targets:
            problems.append(
                document.problem(
                    where + ("to",), f"'{target_id}' already carries the answers of '{targets[target_id]}'"
                )
            )
        targets[target_id] = source_id
        try:
            target = later.question(target_id)
        except KeyError:
            problems.append(
                document.problem(where + ("to",), f"{name} {later.version} has no question '{target_id}'")
            )
            continue
        if target.kind is not source.kind:
            problems.append(
                document.problem(
                    where + ("to",),
                    f"'{source_id}' is a {source.kind.value} question "
                    f"but '{target_id}' is a {target.kind.value} one",
                )
            )
            continue
        problems += _option_problems(document, where, entry, source, target, note)
    for question in earlier.questions:
        if question.id not in listed:
            problems.append(
                document.problem(
                    ("questions",), f"'{question.id}' of {name} {earlier.version} is not in the crosswalk"
                )
            )
    return problems


def _option_problems(document, where, entry, source, target, note) -> list[Problem]:
    """Options must name every earlier option once and only later options of the target."""
    options = entry.get("options")
    if source.kind is QuestionKind.OWNERSHIP:
        if options:
            return [
                document.problem(
                    where + ("options",), "ownership answers carry as they are: remove 'options'"
                )
            ]
        return []
    if not isinstance(options, dict):
        return [
            document.problem(where, f"'{source.id}' needs 'options': every earlier option and where it goes")
        ]
    problems = []
    for option_id in source.option_ids:
        if option_id not in options:
            problems.append(
                document.problem(where + ("options",), f"option '{option_id}' of '{source.id}' is missing")
            )
    for option_id, later_id in options.items():
        if option_id not in source.option_ids:
            problems.append(
                document.problem(where + ("options", option_id), f"'{source.id}' has no option '{option_id}'")
            )
        elif later_id is not None and later_id not in target.option_ids:
            problems.append(
                document.problem(where + ("options", option_id), f"'{target.id}' has no option '{later_id}'")
            )
    if None in options.values() and not note:
        problems.append(
            document.problem(where, f"some answers to '{source.id}' are not carried: say why in 'note'")
        )
    return problems
