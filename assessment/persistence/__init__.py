"""Storage: typed models, engines for SQLite and PostgreSQL, migrations, and queries."""

from .answers import answers_of, record_answer
from .engine import is_sqlite, make_engine
from .migrate import current_revision, head_revision, upgrade
from .models import Answer, Assessment, Base, Organisation, QuestionnaireVersion, Respondent
from .questionnaires import register_questionnaire, versions_with_same_number
from .summaries import AssessmentSummary, DimensionSummary, cohort_statistics, summarise
from .workspaces import Account, AgreedAnswer, Client, Membership, PeerCohort, Workshop, Workspace  # noqa: F401

__all__ = [
    "Answer",
    "Assessment",
    "AssessmentSummary",
    "Base",
    "DimensionSummary",
    "Organisation",
    "QuestionnaireVersion",
    "Respondent",
    "answers_of",
    "cohort_statistics",
    "current_revision",
    "head_revision",
    "is_sqlite",
    "make_engine",
    "record_answer",
    "register_questionnaire",
    "summarise",
    "upgrade",
    "versions_with_same_number",
]
