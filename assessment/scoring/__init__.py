"""The pure scoring engine: answers in, scorecards, comparisons and roadmaps out.

No Flask, no database, no I/O: every function takes loaded questionnaire objects and
plain mappings, and every result has `to_dict()` for JSON.
"""

from .answers import (
    AnswerError,
    AnswerProblem,
    Answers,
    applicable_answers,
    question_applies,
    questions_asked,
    unanswered_scoping,
    validate_answers,
)
from .benchmark import (
    DEFAULT_PROFILE,
    TargetComparison,
    TargetGap,
    compare_group_with_profile,
    compare_with_profile,
    default_profile,
)
from .cohort import (
    Cohort,
    CohortFilter,
    PeerComparison,
    PeerPractice,
    PeerRecord,
    PeerStat,
    build_cohort,
    compare_group_with_peers,
    compare_with_peers,
)
from .cohort_import import CohortImportError, CohortProblem, parse_cohort_csv
from .explain import AnswerChange, Explanation
from .group import AgreedScore, GroupScorecard, Participant, QuestionSpread, score_group
from .ownership import OwnershipClarity, OwnerSpread
from .progress import Progress, TargetProgress, progress_between, progress_to_date
from .roadmap import Roadmap, RoadmapItem, build_roadmap, profile_target
from .roles import RoleGap, RoleScores
from .room import room_answers, score_room
from .scorecard import (
    METHOD,
    AnswerCounts,
    AnswerStatus,
    DimensionScore,
    QuestionScore,
    Scorecard,
    lowest_values,
    score_answers,
)
from .tree import GroupScore
from .trend import Change, NotComparable, Trend, compare_scorecards, compare_through

__all__ = [
    "DEFAULT_PROFILE",
    "METHOD",
    "AgreedScore",
    "AnswerChange",
    "AnswerCounts",
    "AnswerError",
    "AnswerProblem",
    "AnswerStatus",
    "Answers",
    "Change",
    "Cohort",
    "CohortFilter",
    "CohortImportError",
    "CohortProblem",
    "DimensionScore",
    "Explanation",
    "GroupScore",
    "GroupScorecard",
    "NotComparable",
    "OwnerSpread",
    "OwnershipClarity",
    "Participant",
    "PeerComparison",
    "PeerPractice",
    "PeerRecord",
    "PeerStat",
    "Progress",
    "QuestionScore",
    "QuestionSpread",
    "Roadmap",
    "RoadmapItem",
    "RoleGap",
    "RoleScores",
    "Scorecard",
    "TargetComparison",
    "TargetGap",
    "TargetProgress",
    "Trend",
    "applicable_answers",
    "build_cohort",
    "build_roadmap",
    "compare_group_with_peers",
    "compare_group_with_profile",
    "compare_scorecards",
    "compare_through",
    "compare_with_peers",
    "compare_with_profile",
    "default_profile",
    "lowest_values",
    "parse_cohort_csv",
    "profile_target",
    "progress_between",
    "progress_to_date",
    "question_applies",
    "questions_asked",
    "room_answers",
    "score_answers",
    "score_group",
    "score_room",
    "unanswered_scoping",
    "validate_answers",
]
