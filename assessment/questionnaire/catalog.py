"""The set of questionnaires and profiles found in a folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .crosswalk import Crosswalk, crosswalk_from
from .gate import Gate, gate_rules_from
from .loader import document_kind_of, load_questionnaire, profiles_from, questionnaire_from, read_document
from .model import Questionnaire
from .problems import Problem, QuestionnaireError, display_path
from .source import Document
from .targets import TargetProfile


@dataclass
class Catalog:
    """Questionnaires by id, their profiles, and the files that were refused and why.

    `archived` holds earlier major versions by family ("ai-execution@1") with their own
    profiles, so results on an earlier version are never judged against later targets;
    `crosswalks` holds, by the family they map from, how earlier answers carry forward.
    """

    questionnaires: dict[str, Questionnaire] = field(default_factory=dict)
    profiles: dict[str, tuple[TargetProfile, ...]] = field(default_factory=dict)
    refused: dict[str, list[Problem]] = field(default_factory=dict)
    archived: dict[str, Questionnaire] = field(default_factory=dict)
    archived_profiles: dict[str, tuple[TargetProfile, ...]] = field(default_factory=dict)
    crosswalks: dict[str, Crosswalk] = field(default_factory=dict)
    #: Production gates by the id of the assessment whose answers they draw on.
    gates: dict[str, Gate] = field(default_factory=dict)

    def get(self, questionnaire_id: str) -> Questionnaire:
        """The questionnaire with this id; UnknownQuestionnaire lists the known ids."""
        try:
            return self.questionnaires[questionnaire_id]
        except KeyError:
            raise UnknownQuestionnaire(questionnaire_id, sorted(q.id for q in self.assessments)) from None

    def profiles_for(self, questionnaire: Questionnaire | str) -> tuple[TargetProfile, ...]:
        """The target profiles for a questionnaire (possibly none).

        Given a questionnaire of an earlier major version than the one served, the
        profiles archived for that version; given an id, the served version's profiles.
        """
        if isinstance(questionnaire, str):
            return self.profiles.get(questionnaire, ())
        served = self.questionnaires.get(questionnaire.id)
        if served is not None and served.family == questionnaire.family:
            return self.profiles.get(questionnaire.id, ())
        return self.archived_profiles.get(questionnaire.family, ())

    def crosswalk(self, earlier: Questionnaire, later: Questionnaire) -> Crosswalk | None:
        """How answers to `earlier` carry to `later`, when a crosswalk joins their families."""
        crosswalk = self.crosswalks.get(earlier.family)
        return crosswalk if crosswalk is not None and crosswalk.to_family == later.family else None

    def gate_for(self, questionnaire: Questionnaire | str) -> Gate | None:
        """The production gate that draws on this assessment's answers, if one is loaded."""
        return self.gates.get(questionnaire if isinstance(questionnaire, str) else questionnaire.id)

    @property
    def assessments(self) -> list[Questionnaire]:
        """The questionnaires an organisation can be assessed with (not production gates)."""
        return [q for q in self.questionnaires.values() if q.is_assessment]

    @property
    def problems(self) -> list[Problem]:
        """Every problem of every refused file."""
        return sorted(p for problems in self.refused.values() for p in problems)


class UnknownQuestionnaire(KeyError):
    """No questionnaire has this id."""

    def __init__(self, questionnaire_id: str, known: list[str]):
        self.questionnaire_id = questionnaire_id
        self.known = known
        super().__init__(questionnaire_id)

    def __str__(self) -> str:
        known = ", ".join(self.known) or "none"
        return f"unknown questionnaire '{self.questionnaire_id}' (known: {known})"


def questionnaire_files(directory: Path) -> list[Path]:
    """The YAML files directly in a folder, sorted (vocabularies live in sub-folders)."""
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_catalog(paths: list[Path], base: Catalog | None = None) -> Catalog:
    """Load every file; valid ones join the catalog, invalid ones are refused whole.

    Questionnaires load before profiles, so a profiles file may come first on the list.
    `base` supplies already-known questionnaires that profiles may refer to.
    """
    catalog = Catalog()
    known = dict(base.questionnaires) if base else {}
    profile_documents: list[Document] = []
    crosswalk_documents: list[tuple[Path, Document]] = []
    gate_documents: list[Document] = []
    for path in paths:
        try:
            document = read_document(path)
            if document_kind_of(document) == "benchmark-profiles":
                profile_documents.append(document)
                continue
            if document_kind_of(document) == "crosswalk":
                crosswalk_documents.append((Path(path), document))
                continue
            if document_kind_of(document) == "gate-rules":
                gate_documents.append(document)
                continue
            questionnaire = questionnaire_from(document, path)
        except QuestionnaireError as error:
            catalog.refused[display_path(path)] = error.problems
            continue
        except Exception as error:  # no file's content may stop the others from loading
            catalog.refused[display_path(path)] = [_unreadable(path, error)]
            continue
        if questionnaire.id in catalog.questionnaires:
            first = catalog.questionnaires[questionnaire.id].path
            catalog.refused[document.file] = [
                document.problem(("id",), f"questionnaire id '{questionnaire.id}' is already used by {first}")
            ]
            continue
        catalog.questionnaires[questionnaire.id] = questionnaire
        known[questionnaire.id] = questionnaire
    for document in profile_documents:
        target = known.get(str(document.data.get("questionnaire")))
        try:
            profiles = profiles_from(document, target)
        except QuestionnaireError as error:
            catalog.refused[document.file] = error.problems
            continue
        except Exception as error:  # as above
            catalog.refused[document.file] = [_unreadable(Path(document.file), error)]
            continue
        catalog.profiles[document.data["questionnaire"]] = (
            catalog.profiles.get(document.data["questionnaire"], ()) + profiles
        )
    for path, document in crosswalk_documents:
        _add_crosswalk(catalog, path, document, known)
    for document in gate_documents:
        _add_gate(catalog, document, known)
    return catalog


def _add_gate(catalog: Catalog, document: Document, known: dict[str, Questionnaire]) -> None:
    """Check gate rules against their gate and assessment; keep the gate if sound."""
    data = document.data
    gate = known.get(str(data.get("gate")))
    try:
        rules = gate_rules_from(document, gate, known.get(str(data.get("questionnaire"))))
    except QuestionnaireError as error:
        catalog.refused[document.file] = error.problems
        return
    except Exception as error:  # as for the other files
        catalog.refused[document.file] = [_unreadable(Path(document.file), error)]
        return
    if rules.questionnaire in catalog.gates:
        catalog.refused[document.file] = [
            document.problem(("questionnaire",), f"{rules.questionnaire} already has a production gate")
        ]
        return
    catalog.gates[rules.questionnaire] = Gate(gate, rules)


def _add_crosswalk(catalog: Catalog, path: Path, document: Document, known: dict[str, Questionnaire]) -> None:
    """Check a crosswalk against the archived version it names and the served one; keep it if sound."""
    data = document.data
    earlier = None
    source = data.get("from", {}).get("file") if isinstance(data.get("from"), dict) else None
    try:
        if isinstance(source, str):
            try:
                earlier = load_questionnaire(path.parent / source)
            except QuestionnaireError as error:
                raise QuestionnaireError(
                    [document.problem(("from", "file"), f"cannot use {source}: {error.problems[0]}")]
                ) from None
        crosswalk = crosswalk_from(document, earlier, known.get(str(data.get("questionnaire"))))
    except QuestionnaireError as error:
        catalog.refused[document.file] = error.problems
        return
    except Exception as error:  # as for the other files
        catalog.refused[document.file] = [_unreadable(path, error)]
        return
    catalog.crosswalks[crosswalk.from_family] = crosswalk


def _unreadable(path: Path, error: Exception) -> Problem:
    """The problem for a file that failed in a way no check foresaw."""
    return Problem(display_path(path), 1, f"the file cannot be read ({type(error).__name__})")


def load_directory(directory: Path) -> Catalog:
    """The catalog of every questionnaire, profiles and crosswalk file in a folder, with the
    earlier versions kept in its `archive` sub-folder."""
    catalog = load_catalog(questionnaire_files(directory))
    archive = directory / "archive"
    if archive.is_dir():
        earlier = load_catalog(questionnaire_files(archive))
        catalog.refused.update(earlier.refused)
        for questionnaire in earlier.questionnaires.values():
            catalog.archived[questionnaire.family] = questionnaire
            catalog.archived_profiles[questionnaire.family] = earlier.profiles.get(questionnaire.id, ())
    return catalog
