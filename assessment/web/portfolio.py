"""The AI initiative portfolio's pages, shared by the self-assessment and the workshop.

Each blueprint finds the organisation (the self-assessor's, or the workshop client's), the
answers its maturity is judged on (the respondent's claimed answers, or the room's with
the agreed ones, as the results and the plan read them) and the target profile, as a
`Place`; everything else is here: the register and its forms, the CSV files, each
initiative's gate, the portfolio review (matrix, ranked blockers, work in progress, the
actions that unblock most) and the what-if. State changes go through
`services.portfolio`; the views commit.

Why one module: the pages judge one portfolio the same way (one review per request from
the same scorecard and roadmap), and split they could judge it differently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from flask import abort, redirect, render_template, request, url_for

from ..extensions import current_catalog, database
from ..questionnaire import Questionnaire, TargetProfile
from ..questionnaire.gate import Gate
from ..scoring import Roadmap, Scorecard, build_roadmap, score_answers, unanswered_scoping
from ..scoring.answers import question_applies
from ..scoring.portfolio import (
    QUADRANT_ADVICE,
    QUADRANTS,
    STATUSES,
    PortfolioReview,
    review_portfolio,
    what_if,
)
from ..scoring.register import (
    EU_AI_ACT_CLASSES,
    EU_ROLES,
    RISK_TIERS,
    STAGES,
    VALUE_BANDS,
    RegisterError,
    field_problems,
    record_values,
    write_register,
)
from ..services import audit
from ..services import portfolio as service
from . import audit_trail, events
from .portfolio_forms import ImportForm, InitiativeForm, WipForm, gate_form
from .portfolio_matrix import matrix
from .reports import CSV, download

VOCABULARIES = {
    "stages": STAGES,
    "bands": VALUE_BANDS,
    "risks": RISK_TIERS,
    "eu_classes": EU_AI_ACT_CLASSES,
    "eu_roles": EU_ROLES,
    "quadrants": QUADRANTS,
    "advice": QUADRANT_ADVICE,
    "statuses": STATUSES,
}


@dataclass(frozen=True)
class Place:
    """Whose portfolio a page shows, what its maturity is judged on, and how its pages link."""

    organisation_id: int
    questionnaire: Questionnaire
    answers: Mapping[str, str]  # the applicable ones
    profile: TargetProfile | None
    title: str
    subtitle: str
    back: tuple[tuple[str, str], ...]  # (url, words) links back to the results and the plan
    prefix: str = ""  # the blueprint's prefix for the portfolio endpoints
    ids: Mapping[str, int] = field(default_factory=dict)
    file_name: str = "portfolio"

    def url(self, name: str, **values) -> str:
        """The url of one of this place's portfolio pages."""
        return url_for(f".{self.prefix}{name}", **self.ids, **values)

    @cached_property
    def gate(self) -> Gate | None:
        """The production gate that draws on the questionnaire, if one is loaded."""
        return current_catalog().gate_for(self.questionnaire)

    @property
    def agents_question(self) -> str:
        return self.gate.rules.agents_question if self.gate else ""

    @cached_property
    def missing(self) -> tuple[str, ...]:
        """The organisation's unanswered scoping questions, in words."""
        return tuple(
            self.questionnaire.question(q).text for q in unanswered_scoping(self.questionnaire, self.answers)
        )

    @cached_property
    def scorecard(self) -> Scorecard:
        return score_answers(self.questionnaire, self.answers)

    @cached_property
    def roadmap(self) -> Roadmap:
        """The roadmap against the profile, as the results page and the plan build it."""
        return build_roadmap(self.questionnaire, self.scorecard, self.profile)

    def records(self, portfolio) -> list:
        """The portfolio's initiatives as the rules read them ([] before there is a portfolio)."""
        return service.records(database.session, portfolio, self.agents_question) if portfolio else []

    def review(self, portfolio) -> PortfolioReview:
        """The portfolio judged against the organisation's scorecard and roadmap."""
        limit = portfolio.wip_limit if portfolio else None
        return review_portfolio(
            self.gate, self.questionnaire, self.scorecard, self.roadmap, self.records(portfolio), limit
        )


def _render(template: str, place: Place, status: int = 200, **context):
    return render_template(template, place=place, gate=place.gate, **VOCABULARIES, **context), status


def _without_gate(place: Place):
    """The plain page saying there is no production gate for this questionnaire."""
    return _render("portfolio/no_gate.html", place)


def _portfolio(place: Place, create: bool = False):
    return service.portfolio_for(database.session, place.organisation_id, create=create)


def _initiative(place: Place, portfolio, initiative_id: int):
    """One initiative of this organisation's portfolio; 404 for any other id."""
    if portfolio is None:
        abort(404)
    try:
        return service.initiative_in(database.session, portfolio, initiative_id)
    except LookupError:
        events.refused(f"initiative {initiative_id} refused")
        abort(404)


def overview(place: Place):
    """The portfolio page: the matrix, the ranked initiatives with their blockers, work in
    progress per team and the actions that unblock most."""
    if place.gate is None:
        return _without_gate(place)
    review = place.review(_portfolio(place))
    return _render("portfolio/overview.html", place, review=review, chart=matrix(review))


def register_page(place: Place, form=None, import_form=None, wip_form=None, problems=(), status=200):
    """The register: its table, the add form, the CSV files and the work-in-progress limit."""
    if place.gate is None:
        return _without_gate(place)
    portfolio = _portfolio(place)
    review = place.review(portfolio)
    limit = review.wip_limit
    return _render(
        "portfolio/register.html",
        place,
        status,
        review=review,
        judged={i.record.key: i for i in review.initiatives},
        form=form or InitiativeForm(formdata=None).offer_tiers(place.gate),
        import_form=import_form or ImportForm(formdata=None),
        wip_form=wip_form or WipForm(formdata=None, data={"limit": limit}),
        problems=problems,
    )


def _save(place: Place, form: InitiativeForm, portfolio, initiative=None) -> bool:
    """Check and save a posted initiative; False (the reasons on the form) when refused."""
    if not form.validate():
        return False
    values = form.values()
    if problems := field_problems(values):
        form.refuse(problems)
        return False
    try:
        service.save_initiative(database.session, portfolio, values, initiative)
    except RegisterError as error:
        database.session.rollback()
        form.refuse(_problems_by_field(error))
        return False
    return True


def _problems_by_field(error: RegisterError) -> dict[str, str]:
    """A refused initiative's problems by field (one that names no field goes with the name)."""
    return dict(error.fields) or {"name": " ".join(error.problems)}


def create(place: Place):
    """Add an initiative to the register (the portfolio is made on the first)."""
    if place.gate is None:
        return _without_gate(place)
    form = InitiativeForm().offer_tiers(place.gate)
    if not _save(place, form, _portfolio(place, create=True)):
        database.session.rollback()
        return register_page(place, form=form, status=422)
    database.session.commit()
    return redirect(place.url("portfolio_register"))


def edit(place: Place, initiative_id: int):
    """An initiative's fields, to change."""
    if place.gate is None:
        return _without_gate(place)
    portfolio = _portfolio(place)
    initiative = _initiative(place, portfolio, initiative_id)
    if request.method == "POST":
        form = InitiativeForm().offer_tiers(place.gate)
        if _save(place, form, portfolio, initiative):
            database.session.commit()
            return redirect(place.url("portfolio_register"))
        database.session.rollback()
        initiative = _initiative(place, portfolio, initiative_id)
        return _render("portfolio/edit.html", place, 422, initiative=initiative, form=form)
    values = record_values(service.record_of(initiative, place.agents_question))
    form = InitiativeForm(formdata=None, data=values).offer_tiers(place.gate)
    return _render("portfolio/edit.html", place, initiative=initiative, form=form)


def remove(place: Place, initiative_id: int):
    """Delete an initiative and its gate answers."""
    if place.gate is None:
        return _without_gate(place)
    portfolio = _portfolio(place)
    initiative = _initiative(place, portfolio, initiative_id)
    if "workspace_id" in place.ids:  # a workshop client's register: the workspace's audit log
        audit_trail.record(
            audit.DELETED,
            place.ids["workspace_id"],
            target=initiative,
            detail={"what": "initiative", "client": place.title},
        )
    service.delete_initiative(database.session, portfolio, initiative)
    database.session.commit()
    return redirect(place.url("portfolio_register"))


def _asked(place: Place, initiative) -> tuple:
    """The gate questions this initiative answers (the agent items only when it uses agents)."""
    answers = {place.agents_question: "yes" if initiative.uses_agents else "no"}
    gate = place.gate.questionnaire
    return tuple(q for q in place.gate.asked if question_applies(gate, q, answers))


def gate_page(place: Place, initiative_id: int):
    """An initiative's production gate: one radio group per question, saved together."""
    if place.gate is None:
        return _without_gate(place)
    portfolio = _portfolio(place)
    initiative = _initiative(place, portfolio, initiative_id)
    questions = _asked(place, initiative)
    current = {answer.question_id: answer.code for answer in initiative.gate_answers}
    if request.method == "POST":
        form = gate_form(questions, current, request.form)
        if not form.validate():
            return _render(
                "portfolio/gate.html", place, 422, initiative=initiative, form=form, questions=questions
            )
        answers = {q.id: form[q.id].data or "" for q in questions}
        try:
            service.answer_gate(
                database.session, initiative, place.gate.questionnaire, answers, place.agents_question
            )
        except RegisterError as error:  # the form checks the codes first; this is the service's word
            database.session.rollback()
            initiative = _initiative(place, portfolio, initiative_id)
            form.form_errors.extend(error.problems)
            return _render(
                "portfolio/gate.html", place, 422, initiative=initiative, form=form, questions=questions
            )
        database.session.commit()
        return redirect(place.url("portfolio", _anchor=f"initiative-{initiative.id}"))
    form = gate_form(questions, current)
    return _render("portfolio/gate.html", place, initiative=initiative, form=form, questions=questions)


def import_file(place: Place):
    """Import a register file whole: every bad field listed by row, nothing changed on error."""
    if place.gate is None:
        return _without_gate(place)
    form = ImportForm()
    if not form.validate():
        return register_page(place, import_form=form, status=422)
    try:
        summary = service.import_register(
            database.session,
            _portfolio(place, create=True),
            form.content,
            place.gate.questionnaire,
            place.agents_question,
        )
    except RegisterError as error:
        database.session.rollback()
        return register_page(place, import_form=form, problems=_row_problems(error), status=422)
    database.session.commit()
    return redirect(
        place.url(
            "portfolio_register",
            created=summary.created,
            updated=summary.updated,
            unchanged=summary.unchanged,
        )
    )


def _row_problems(error: RegisterError) -> tuple[str, ...]:
    """Every problem of a refused file, each naming its row and column."""
    return tuple(error.problems)


def export_file(place: Place):
    """The register as CSV, in the columns the import reads (formula-safe cells)."""
    if place.gate is None:
        abort(404)
    portfolio = _portfolio(place)
    gate = place.gate.questionnaire
    if portfolio is None:  # nothing registered yet: the columns alone
        text = write_register([], [q.id for q in place.gate.asked])
    else:
        text = service.export_register(database.session, portfolio, gate, place.agents_question)
    if "workspace_id" in place.ids:
        audit_trail.on_download(
            audit.EXPORT,
            place.ids["workspace_id"],
            detail={"export": "initiative register (CSV)", "client": place.title},
        )
    return download(text.encode(), f"{place.file_name} register.csv", CSV, "register.csv")


def wip(place: Place):
    """Set the organisation's limit on initiatives in flight per delivery team."""
    if place.gate is None:
        return _without_gate(place)
    form = WipForm()
    if not form.validate():
        return register_page(place, wip_form=form, status=422)
    service.set_wip_limit(database.session, _portfolio(place, create=True), form.limit.data)
    database.session.commit()
    return redirect(place.url("portfolio_register", _anchor="wip"))


def what_if_page(place: Place):
    """Tick roadmap actions; see which initiatives become ready and how each readiness moves."""
    if place.gate is None:
        return _without_gate(place)
    portfolio = _portfolio(place)
    review = place.review(portfolio)
    roadmap = place.roadmap
    on_roadmap = {item.question: item for item in roadmap.items}
    # The actions that clear blockers first, most initiatives unblocked first; then the rest.
    in_blockers = [action.question for action in review.actions if action.question in on_roadmap]
    offered = [(q, on_roadmap[q].action) for q in in_blockers] + [
        (item.question, item.action) for item in roadmap.items if item.question not in in_blockers
    ]
    chosen = [q for q in request.args.getlist("done") if q in on_roadmap]
    outcome = None
    if chosen:
        limit = portfolio.wip_limit if portfolio else None
        outcome = what_if(
            place.gate, place.questionnaire, place.scorecard, roadmap, place.records(portfolio), chosen, limit
        )
    return _render(
        "portfolio/what_if.html",
        place,
        review=review,
        offered=offered,
        blocking=set(in_blockers),
        chosen=set(chosen),
        outcome=outcome,
        horizons={item.question: item.horizon for item in roadmap.items},
    )


def links(place: Place) -> dict[str, str]:
    """The portfolio's pages, for the pages that link to it."""
    return {name: place.url(name) for name in ("portfolio", "portfolio_register", "what_if")}


@dataclass(frozen=True)
class ReportPortfolio:
    """An organisation's portfolio judged for a report, and what it shows for the report cache."""

    review: PortfolioReview
    shown: list


def report_portfolio(
    organisation_id: int,
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    profile: TargetProfile | None,
) -> ReportPortfolio | None:
    """The portfolio a report's chapter shows, judged on the report's answers and profile (so its
    actions and horizons are the report's roadmap's); None without a gate or initiatives."""
    gate = current_catalog().gate_for(questionnaire)
    portfolio = service.portfolio_for(database.session, organisation_id) if gate else None
    records = service.records(database.session, portfolio, gate.rules.agents_question) if portfolio else ()
    if not records:
        return None
    card = score_answers(questionnaire, answers)
    review = review_portfolio(
        gate, questionnaire, card, build_roadmap(questionnaire, card, profile), records, portfolio.wip_limit
    )
    shown = [
        gate.questionnaire.content_hash,
        portfolio.wip_limit,
        [[record_values(r), sorted(r.gate_answers.items())] for r in records],
    ]
    return ReportPortfolio(review, shown)
