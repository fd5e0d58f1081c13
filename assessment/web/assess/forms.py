"""Forms of the self-assessment: the organisation profile and one form per section."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...questionnaire import (
    MAX_SHARED_OWNERS,
    NOBODY,
    NOT_APPLICABLE,
    UNKNOWN,
    Question,
    QuestionKind,
    Questionnaire,
    owner_code,
    owner_ids,
)
from ...questionnaire.profile_vocabulary import AI_STAGES, INDUSTRIES, REGIONS, SIZE_BANDS
from ...services.evidence import MAX_NAME, MAX_NOTE
from ...services.evidence_files import describe_limits
from ..forms import as_choices, no_control_characters, strip


def _choices(options: tuple[tuple[str, str], ...]) -> list[SelectChoice]:
    return as_choices((("", "Choose one"), *options))


class ProfileForm(FlaskForm):
    """Who is being assessed, and whether their scores may join peer comparisons."""

    name = StringField(
        "Organisation name",
        validators=[DataRequired("Enter the organisation's name."), Length(max=200), no_control_characters],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    industry = SelectField(
        "Industry", choices=_choices(INDUSTRIES), validators=[DataRequired("Choose an industry.")]
    )
    size_band = SelectField("Size", choices=_choices(SIZE_BANDS), validators=[DataRequired("Choose a size.")])
    region = SelectField(
        "Main region", choices=_choices(REGIONS), validators=[DataRequired("Choose the main region.")]
    )
    ai_stage = SelectField(
        "Where your AI work stands", choices=_choices(AI_STAGES), validators=[DataRequired("Choose a stage.")]
    )
    consent = BooleanField(
        "Include an anonymised copy of our scores in peer comparisons. Our name is never shown, "
        "and peer figures appear only once at least 10 organisations take part."
    )


class RetakeForm(FlaskForm):
    """Start again, blank or from the previous answers."""

    start_from = RadioField(
        "Start the new assessment",
        choices=as_choices((("blank", "With no answers"), ("previous", "From our previous answers"))),
        default="previous",
        validators=[DataRequired()],
    )


class SwitchForm(FlaskForm):
    """Confirm switching this browser to the assessment of another resume link."""


class ReplaceLinkForm(FlaskForm):
    """Replace the private link, so a copy someone else has stops working."""


class EvidenceForm(FlaskForm):
    """One evidence item behind an answer: a note, links, files, until when it holds, and who adds it."""

    note = TextAreaField(
        "Note",
        description="What shows the answer is true: a process, a record, a meeting, who keeps it.",
        validators=[Length(max=MAX_NOTE), no_control_characters],
        filters=[strip],
    )
    links = TextAreaField(
        "Links",
        description="One web address per line, starting with https://.",
        validators=[Length(max=MAX_NOTE), no_control_characters],
    )
    expires_on = DateField(
        "Valid until (optional)",
        description="After this day the evidence no longer keeps a validation standing.",
        validators=[Optional()],
    )
    files = MultipleFileField("Files", description=describe_limits())
    added_by = StringField(
        "Your name",
        validators=[DataRequired("Enter your name."), Length(max=MAX_NAME), no_control_characters],
        filters=[strip],
    )


class DeleteEvidenceForm(FlaskForm):
    """Only the CSRF token: deleting an item is a POST."""


class ReviewerForm(FlaskForm):
    """Invite a named reviewer to sign off the answers."""

    name = StringField(
        "Reviewer's name",
        description="Their name is shown beside every answer they validate or challenge.",
        validators=[DataRequired("Enter the reviewer's name."), Length(max=MAX_NAME), no_control_characters],
        filters=[strip],
    )


class WithdrawReviewerForm(FlaskForm):
    """Only the CSRF token: withdrawing a reviewer's link is a POST."""


def answer_choices(questionnaire: Questionnaire, question: Question) -> list[tuple[str, str]]:
    """Every answer a question accepts, in the order they are shown (none for a fact, whose
    answer is typed, apart from "Don't know")."""
    if question.kind is QuestionKind.OWNERSHIP:
        codes = [owner.id for owner in questionnaire.owners] + [NOBODY]
    elif question.kind is QuestionKind.FACT:
        codes = []
    else:
        codes = list(question.option_ids)
    # Scoping answers decide what is asked: they must be definite.
    if question.kind is not QuestionKind.SCOPING:
        codes += [NOT_APPLICABLE] if question.not_applicable else []
        codes += [UNKNOWN] if question.unknown else []
    return [(code, questionnaire.answer_words(question, code)) for code in codes]


#: Answers to an ownership question that stand alone: they cannot be combined with owners.
SOLE_OWNER_ANSWERS = (NOBODY, UNKNOWN, NOT_APPLICABLE)


class OwnersField(SelectMultipleField):
    """Who owns an activity: one function, up to MAX_SHARED_OWNERS that share it, or one of
    Nobody, Don't know, Not applicable. Its `answer` is the stored code."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        super().pre_validate(form)
        chosen = self.data or []
        sole = [code for code in chosen if code in SOLE_OWNER_ANSWERS]
        if sole and len(chosen) > 1:
            raise ValidationError(f"Choose the owners, or {dict(self.choices_words)[sole[0]]}, not both.")
        if len(chosen) > MAX_SHARED_OWNERS:
            raise ValidationError(
                f"Choose at most {MAX_SHARED_OWNERS} functions. If more share it, nobody really owns it: "
                "choose the one that leads."
            )

    @property
    def choices_words(self) -> list[tuple[str, str]]:
        return [(choice.value, choice.label) for choice in self.choices]

    @property
    def answer(self) -> str | None:
        """The stored code for the choices made, or None when nothing is chosen."""
        chosen = self.data or []
        if not chosen:
            return None
        return chosen[0] if chosen[0] in SOLE_OWNER_ANSWERS else owner_code(chosen)


class FactField(StringField):
    """An outcome figure, typed; "Don't know" is a checkbox beside it. Its `answer` is the
    stored form of the figure, "unknown", or None when left empty."""

    def __init__(self, label, question: Question, unknown_field: str, **kwargs):
        super().__init__(label, **kwargs)
        self.question = question
        self.unknown_field = unknown_field
        self.answer: str | None = None

    def post_validate(self, form, validation_stopped: bool) -> None:
        unknown = form[self.unknown_field].data if self.unknown_field in form else False
        typed = (self.data or "").strip()
        if unknown and typed:
            self.errors.append("Enter a figure or choose Don't know, not both.")
        elif unknown:
            self.answer = UNKNOWN
        elif typed:
            try:
                self.answer = self.question.fact.normalise(typed)
            except ValueError as error:
                self.errors.append(str(error))


def fact_unknown_field(question: Question) -> str:
    """The name of the "Don't know" checkbox beside a fact's figure."""
    return f"{question.id}--unknown"


def section_form(questionnaire: Questionnaire, questions: tuple[Question, ...], answers: dict[str, str]):
    """A form with one field per question, pre-filled with the stored answers: radio buttons
    for options, checkboxes for owners, a text box for a figure."""

    class SectionForm(FlaskForm):
        pass

    for question in questions:
        stored = answers.get(question.id)
        if question.kind is QuestionKind.FACT:
            unknown_name = fact_unknown_field(question)
            setattr(
                SectionForm,
                question.id,
                FactField(
                    question.text,
                    question,
                    unknown_name,
                    default=stored if stored not in (None, UNKNOWN) else None,
                    validators=[Optional(), Length(max=40)],
                ),
            )
            setattr(SectionForm, unknown_name, BooleanField("Don't know", default=stored == UNKNOWN))
            continue
        choices = as_choices(answer_choices(questionnaire, question))
        if question.kind is QuestionKind.OWNERSHIP:
            chosen = list(owner_ids(stored)) if stored and stored not in SOLE_OWNER_ANSWERS else []
            field = OwnersField(
                question.text,
                choices=choices,
                default=chosen or ([stored] if stored else []),
                validate_choice=True,
            )
        else:
            field = RadioField(
                question.text,
                choices=choices,
                # Only a missing answer is optional: whitespace is not a choice and gets its error.
                validators=[Optional(strip_whitespace=False)],
                default=stored,
                validate_choice=True,
            )
        setattr(SectionForm, question.id, field)
    return SectionForm()


def submitted_answer(form, question: Question) -> str | None:
    """The stored code a posted section form gives a question, or None when left blank."""
    field = form[question.id]
    if isinstance(field, OwnersField | FactField):
        return field.answer
    return field.data or None
