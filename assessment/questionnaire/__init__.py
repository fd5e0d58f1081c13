"""Questionnaires as validated files: the pure core that everything else reads.

No Flask and no database here: `load_questionnaire` turns a YAML file into immutable
objects or refuses it with every problem found, each as `file:line: message`.
"""

from .catalog import Catalog, UnknownQuestionnaire, load_catalog, load_directory
from .crosswalk import Carried, Crosswalk, Dropped
from .export import questionnaire_as_dict
from .loader import load_profiles, load_questionnaire, load_stored_questionnaire
from .model import (
    MAX_SHARED_OWNERS,
    NOBODY,
    NOT_APPLICABLE,
    UNKNOWN,
    Condition,
    Dimension,
    Fact,
    FactType,
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
    TierRule,
    owner_code,
    owner_ids,
)
from .problems import Problem, QuestionnaireError
from .targets import Target, TargetProfile

__all__ = [
    "MAX_SHARED_OWNERS",
    "NOBODY",
    "NOT_APPLICABLE",
    "UNKNOWN",
    "Carried",
    "Catalog",
    "Condition",
    "Crosswalk",
    "Dimension",
    "Dropped",
    "Fact",
    "FactType",
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
    "TargetProfile",
    "TierRule",
    "UnknownQuestionnaire",
    "load_catalog",
    "load_directory",
    "load_profiles",
    "load_questionnaire",
    "load_stored_questionnaire",
    "owner_code",
    "owner_ids",
    "questionnaire_as_dict",
]
