"""The answers file (DESIGN section 6), read from its decoded JSON: one response
(`"answers"`, with an optional `"previous": {"answers": ...}`) or a group
(`"respondents"`, each with a `"role"` and `"answers"`).

This checks the file's shape only; whether each answer fits its question is for
`validate_answers` and the scoring. Every problem found is listed in one error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..questionnaire.problems import ProblemsError
from .room import Participant


class AnswersFileError(ProblemsError, ValueError):
    """An answers file that does not follow the contract; `problems` lists what is wrong."""


@dataclass(frozen=True)
class AnswersFile:
    """What an answers file holds: a questionnaire id and one or more respondents."""

    questionnaire: str
    respondents: tuple[Participant, ...]
    group: bool
    organisation: Mapping[str, str] = field(default_factory=dict)
    #: The profile id the file asks its report to compare with, if any.
    profile: str | None = None
    #: A single response's previous answers, for the trend, if any.
    previous: Mapping[str, str] | None = None

    @property
    def answers(self) -> Mapping[str, str]:
        """A single response's answers (the first respondent's in a group)."""
        return self.respondents[0].answers


def read_answers(data: object) -> AnswersFile:
    """The answers file in `data` (decoded JSON); AnswersFileError lists every problem."""
    if not isinstance(data, dict):
        raise AnswersFileError(["expected a JSON object at the top level"])
    problems: list[str] = []
    questionnaire = data.get("questionnaire")
    if questionnaire is None:
        problems.append("missing key 'questionnaire'")
    elif not isinstance(questionnaire, str) or not questionnaire:
        problems.append("'questionnaire' must be a string (a questionnaire id)")
    organisation = data.get("organisation", {})
    if not isinstance(organisation, dict):
        problems.append("'organisation' must be an object")
        organisation = {}
    profile = data.get("profile")
    if profile is not None and not isinstance(profile, str):
        # The report's own words for this since its first release.
        problems.append('"profile" must be a string (a profile id)')
    if ("answers" in data) == ("respondents" in data):
        problems.append("expected exactly one of 'answers' (one response) or 'respondents' (a group)")
        respondents: tuple[Participant, ...] = ()
    elif "answers" in data:
        respondents = (Participant("", _answers(data["answers"], "answers", problems)),)
    else:
        respondents = _respondents(data["respondents"], problems)
    previous = _previous(data, problems)
    if problems:
        raise AnswersFileError(problems)
    return AnswersFile(
        questionnaire=questionnaire,
        respondents=respondents,
        group="respondents" in data,
        organisation={str(key): str(value) for key, value in organisation.items()},
        profile=profile,
        previous=previous,
    )


def _answers(value: object, where: str, problems: list[str]) -> dict[str, str]:
    """Answers as an object of strings (the scoring checks the ids and options)."""
    if not isinstance(value, dict):
        problems.append(f"'{where}' must be an object of question id -> answer")
        return {}
    for question, answer in value.items():
        if not isinstance(answer, str):
            problems.append(f"{where}.{question}: the answer must be a string, got {answer!r:.60}")
    return dict(value)


def _respondents(value: object, problems: list[str]) -> tuple[Participant, ...]:
    """A group's respondents, each with a role and answers."""
    if not isinstance(value, list) or not value:
        problems.append("'respondents' must be a non-empty list")
        return ()
    respondents = []
    for index, person in enumerate(value, start=1):
        where = f"respondents[{index}]"
        if not isinstance(person, dict):
            problems.append(f"{where} must be an object")
            continue
        if not isinstance(person.get("role"), str):
            problems.append(f"{where}: missing key 'role' (a string)")
        if "answers" not in person:
            problems.append(f"{where}: missing key 'answers'")
        answers = _answers(person.get("answers", {}), f"{where}.answers", problems)
        respondents.append(Participant(str(person.get("role")), answers, str(person.get("id") or index)))
    return tuple(respondents)


def _previous(data: dict, problems: list[str]) -> dict[str, str] | None:
    """A single response's previous answers, when the file gives them."""
    if "previous" not in data:
        return None
    previous = data["previous"]
    if "respondents" in data or not isinstance(previous, dict) or "answers" not in previous:
        problems.append("'previous' must be an object with 'answers', beside a single response's 'answers'")
        return None
    return _answers(previous["answers"], "previous.answers", problems)
