"""Storage: typed models, engines for SQLite and PostgreSQL, migrations, and queries."""

from .answers import answers_of, record_answer
from .audit import AuditEvent  # noqa: F401
from .engine import is_sqlite, make_engine, start_writing, try_start_writing
from .mail_invitations import WorkshopInvitation  # noqa: F401
from .migrate import current_revision, head_revision, upgrade
from .models import (
    Answer,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Base,
    Organisation,
    QuestionnaireVersion,
    Respondent,
)
from .peer_statistics import cohort_statistics
from .portfolio import GateAnswer, Initiative, Portfolio
from .questionnaires import register_questionnaire, versions_with_same_number
from .render_jobs import JobStatus, RenderJob  # noqa: F401
from .respondent_summaries import RespondentSummary, summarise_respondent
from .review import (  # noqa: F401
    ActionChange,
    AnswerReview,
    Evidence,
    EvidenceFile,
    PlanAction,
    ReviewerLink,
    ReviewEvent,
    evidence_of,
    plan_of,
    reviews_of,
)
from .room_scores import StoredRoomScores  # noqa: F401
from .summaries import AssessmentSummary, DimensionSummary, mark_stale, outdated, summarise
from .two_factor import RecoveryCode  # noqa: F401
from .workspaces import (  # noqa: F401
    Account,
    AgreedAnswer,
    Client,
    Invitation,
    Membership,
    PasswordReset,
    PeerCohort,
    Workshop,
    Workspace,
)

__all__ = [
    "Answer",
    "Assessment",
    "AssessmentKind",
    "AssessmentStatus",
    "AssessmentSummary",
    "Base",
    "DimensionSummary",
    "GateAnswer",
    "Initiative",
    "Organisation",
    "Portfolio",
    "QuestionnaireVersion",
    "Respondent",
    "RespondentSummary",
    "answers_of",
    "cohort_statistics",
    "current_revision",
    "head_revision",
    "is_sqlite",
    "make_engine",
    "mark_stale",
    "outdated",
    "record_answer",
    "register_questionnaire",
    "start_writing",
    "summarise",
    "summarise_respondent",
    "try_start_writing",
    "upgrade",
    "versions_with_same_number",
]
