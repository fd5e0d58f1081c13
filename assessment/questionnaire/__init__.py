"""Questionnaires as validated files: the pure core that everything else reads.

No Flask and no database here: `load_questionnaire` turns a YAML file into immutable
objects or refuses it with every problem found, each as `file:line: message`.
"""

from .catalog import Catalog, UnknownQuestionnaire, load_catalog, load_directory
from .export import questionnaire_as_dict
from .loader import load_profiles, load_questionnaire, load_stored_questionnaire
from .model import (
    NOBODY,
    NOT_APPLICABLE,
    UNKNOWN,
    BenchmarkProfile,
    Condition,
    Dimension,
    Group,
    Level,
    LevelRule,
    Option,
    Owner,
    Question,
    QuestionKind,
    Questionnaire,
    Reference,
    Risk,
    Rollup,
    ScoringRules,
    Target,
    TierRule,
)
from .problems import Problem, QuestionnaireError

__all__ = [
    "NOBODY",
    "NOT_APPLICABLE",
    "UNKNOWN",
    "BenchmarkProfile",
    "Catalog",
    "Condition",
    "Dimension",
    "Group",
    "Level",
    "LevelRule",
    "Option",
    "Owner",
    "Problem",
    "Question",
    "QuestionKind",
    "Questionnaire",
    "QuestionnaireError",
    "Reference",
    "Risk",
    "Rollup",
    "ScoringRules",
    "Target",
    "TierRule",
    "UnknownQuestionnaire",
    "load_catalog",
    "load_directory",
    "load_profiles",
    "load_questionnaire",
    "load_stored_questionnaire",
    "questionnaire_as_dict",
]
