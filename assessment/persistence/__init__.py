"""Storage: typed models, engines for SQLite and PostgreSQL, migrations, and queries."""

from .answers import answers_of, record_answer
from .engine import is_sqlite, make_engine
from .migrate import current_revision, head_revision, upgrade
from .models import Answer, Assessment, Base, Organisation, QuestionnaireVersion, Respondent
from .questionnaires import register_questionnaire, versions_with_same_number

__all__ = [
    "Answer",
    "Assessment",
    "Base",
    "Organisation",
    "QuestionnaireVersion",
    "Respondent",
    "answers_of",
    "current_revision",
    "head_revision",
    "is_sqlite",
    "make_engine",
    "record_answer",
    "register_questionnaire",
    "upgrade",
    "versions_with_same_number",
]
