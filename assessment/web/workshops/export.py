"""A workshop's answers as CSV and JSON, its QR code as SVG, its group report as PDF and its
figures as an Excel workbook and a PowerPoint deck."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import UTC, date, datetime

from ...extensions import current_methodology, database, questionnaire_for
from ...persistence.workspaces import Workshop, Workspace
from ...questionnaire import QuestionKind
from ...reporting import (
    ON_THIS_SERVICE,
    Branding,
    group_deck,
    group_workbook,
    imported_source,
    render_group_report,
)
from ...scoring import Participant, applicable_answers
from ...services.answer_times import answer_times
from ...services.peers import client_profile, workshop_peers
from ...services.review_figures import reviews_by_respondent
from ...services.workshops import agreed_answers, answers_by_respondent, previous_workshop
from ..jobs import job_kind
from ..portfolio import ReportPortfolio, report_portfolio
from ..qr import qr_svg
from ..reports import PreparedReport, cell, prepare_report, rendered, workspace_branding
from .live import workshop_profile
from .plan import room_of, what_changed_since


def participant_label(workshop: Workshop, respondent, index: int) -> str:
    """The name a named workshop collected, or a neutral label."""
    return respondent.name if (respondent.name and not workshop.anonymous) else f"Participant {index}"


#: The answers CSV's columns; the room's agreed answers follow as rows of their own.
CSV_COLUMNS = (
    "participant",
    "role",
    "question_id",
    "question",
    "answer_id",
    "answer",
    "level",
    "answered_at_utc",
)
#: What the participant column holds on an agreed answer's row.
AGREED_BY = "Agreed by the room"


def _utc_iso(moment: datetime | None) -> str:
    """An ISO 8601 time in UTC to the second ("" when unknown); SQLite returns naive UTC."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def _answer_cells(questionnaire, question_id: str, code: str) -> list[str]:
    """question id, question text, answer id, answer in words, level (maturity options only)."""
    try:
        question = questionnaire.question(question_id)
    except KeyError:  # an answer to a question this version no longer has
        return [question_id, "", code, code, ""]
    level = ""
    if question.kind is QuestionKind.MATURITY:
        option = next((o for o in question.options if o.id == code), None)
        if option is not None and option.value is not None:
            level = f"{option.value:g}"
    return [question_id, question.text, code, questionnaire.answer_words(question, code), level]


def answers_csv(workshop: Workshop) -> str:
    """One row per answer (who, role, question and answer in ids and words, level, when), in
    questionnaire order, then one row per agreed answer; every cell stays text in a spreadsheet."""
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    order = {q.id: position for position, q in enumerate(questionnaire.questions)}
    given = answers_by_respondent(database.session, workshop)
    times = answer_times(database.session, [r.id for r, _ in given])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def write(who: str, role: str, question_id: str, code: str, at) -> None:
        """One row, each cell neutralised against formulas."""
        row = [who, role, *_answer_cells(questionnaire, question_id, code), _utc_iso(at)]
        writer.writerow([cell(value) for value in row])

    for index, (respondent, answers) in enumerate(given, start=1):
        who = participant_label(workshop, respondent, index)
        for question_id in sorted(answers, key=lambda q: (order.get(q, len(order)), q)):
            write(
                who,
                respondent.role or "",
                question_id,
                answers[question_id],
                times.get((respondent.id, question_id)),
            )
    for agreed in sorted(
        workshop.agreed_answers, key=lambda a: (order.get(a.question_id, len(order)), a.question_id)
    ):
        write(AGREED_BY, "", agreed.question_id, agreed.option_id, agreed.recorded_at)
    return out.getvalue()


def answers_json(workshop: Workshop) -> dict:
    """The group answers file (`respondents` with role and answers) plus the agreed answers."""
    version = workshop.assessment.questionnaire_version
    respondents = []
    for index, (respondent, answers) in enumerate(answers_by_respondent(database.session, workshop), start=1):
        who = participant_label(workshop, respondent, index)
        respondents.append({"participant": who, "role": respondent.role or "", "answers": answers})
    return {
        "questionnaire": version.questionnaire_id,
        "version": version.version,
        "content_hash": version.content_hash,
        "organisation": {"name": workshop.client.name},
        "workshop": {
            "title": workshop.title,
            "status": workshop.assessment.status,
            "demo": workshop.assessment.is_demo,
        },
        "respondents": respondents,
        "agreed": agreed_answers(workshop),
    }


def join_qr_svg(url: str) -> str:
    """A QR code of the join link, as an SVG document."""
    return qr_svg(url)


def group_report_pdf(workshop: Workshop, branding: Branding) -> bytes:
    """The workshop's group report (PDF), from the cache or rendered now."""
    return rendered(group_report(workshop, branding))


@job_kind("group_report")
def group_report_job(params: dict) -> PreparedReport:
    """A worker's group report: the workshop (and its workspace's branding) reloaded by id."""
    workshop = database.session.get(Workshop, params["workshop_id"])
    if workshop is None:
        raise LookupError(f"workshop {params['workshop_id']} is gone")
    workspace = database.session.get(Workspace, workshop.client.workspace_id)
    return group_report(workshop, workspace_branding(workspace))


def group_report(workshop: Workshop, branding: Branding) -> PreparedReport:
    """The workshop's group report in its workspace's branding, with the agreed answers
    beside the first round and the room's claimed beside its evidenced figures; keyed so the
    cache serves it while answers, agreed answers, reviews and branding stay."""
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    given = answers_by_respondent(database.session, workshop)
    respondents = [
        Participant(r.role or "", applicable_answers(questionnaire, answers), str(r.id))
        for r, answers in given
    ]
    by_respondent = reviews_by_respondent(database.session, [r.id for r, _ in given], date.today())
    changes = what_changed_since(workshop, previous_workshop(database.session, workshop))
    review = [by_respondent[r.id] for r, _ in given]
    organisation = {"name": workshop.client.name}
    agreed = agreed_answers(workshop)
    profile = workshop_profile(workshop, questionnaire)
    cohort = workshop.peer_cohort
    # The peers enter the key by what decides them: the file's content, its name and the filters.
    peers_key = None
    if cohort is not None:
        peers_key = [cohort.content_hash, cohort.name, workshop.peer_same or [], client_profile(workshop)]
    chosen = profile.id if profile else None
    # Each participant's reviews, evidence and where each answer stands today: a lapsed
    # validation changes the key, a new day alone does not.
    reviewed = [inputs.cache_key(r.answers) for r, inputs in zip(respondents, review, strict=True)]
    judged = client_portfolio(workshop, profile)
    shown = [
        [(r.id, r.role, r.answers) for r in respondents],
        organisation,
        agreed,
        peers_key,
        chosen,
        reviewed,
        dataclasses.asdict(changes) if changes else None,
        judged.shown if judged else None,  # an initiative or gate answer changes the report
    ]
    return prepare_report(
        shown,
        questionnaire,
        branding,
        lambda timeout: render_group_report(
            questionnaire,
            respondents,
            organisation,
            agreed=agreed,
            cohort=workshop_peers(workshop, questionnaire),
            peer_source=imported_source(cohort.name) if cohort else ON_THIS_SERVICE,
            profiles=[profile] if profile else [],
            branding=branding,
            methodology=current_methodology(questionnaire),
            timeout=timeout,
            review=review,
            changes=changes,
            portfolio=judged.review if judged else None,
        ),
    )


def client_portfolio(workshop: Workshop, profile) -> ReportPortfolio | None:
    """The client's AI initiatives judged on the room's answers, as its portfolio page judges them."""
    questionnaire, answers = room_of(workshop)
    return report_portfolio(workshop.client.organisation_id, questionnaire, answers, profile)


def group_workbook_xlsx(workshop: Workshop) -> bytes:
    """The workshop as an Excel workbook: the room's figures and every participant's answers."""
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    respondents = [
        Participant(r.role or "", applicable_answers(questionnaire, answers), str(r.id))
        for r, answers in answers_by_respondent(database.session, workshop)
    ]
    profile = workshop_profile(workshop, questionnaire)
    judged = client_portfolio(workshop, profile)
    return group_workbook(
        questionnaire,
        respondents,
        {"name": workshop.client.name},
        agreed=agreed_answers(workshop),
        profile=profile,
        generated_on=date.today().isoformat(),
        portfolio=judged.review if judged else None,
    )


def group_deck_pptx(workshop: Workshop, branding: Branding) -> bytes:
    """The workshop as a PowerPoint deck in its workspace's branding: the room's summary, its
    spread against the workshop's profile (and peers), roles, roadmap and disagreements."""
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    respondents = [
        Participant(r.role or "", applicable_answers(questionnaire, answers), str(r.id))
        for r, answers in answers_by_respondent(database.session, workshop)
    ]
    profile = workshop_profile(workshop, questionnaire)
    cohort = workshop.peer_cohort
    return group_deck(
        questionnaire,
        respondents,
        {"name": workshop.client.name},
        agreed=agreed_answers(workshop),
        cohort=workshop_peers(workshop, questionnaire),
        peer_source=imported_source(cohort.name) if cohort else ON_THIS_SERVICE,
        profiles=[profile] if profile else [],
        branding=branding,
    )
