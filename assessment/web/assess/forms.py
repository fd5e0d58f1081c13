"""Forms of the self-assessment: the organisation profile and one form per section."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ...organisations import AI_STAGES, INDUSTRIES, REGIONS, SIZE_BANDS
from ...questionnaire import NOBODY, NOT_APPLICABLE, UNKNOWN, Question, QuestionKind, Questionnaire


def no_control_characters(_form, field) -> None:
    """Refuse NUL bytes and other control characters in free text."""
    if field.data and any(ord(ch) < 32 and ch not in "\t\n\r" for ch in field.data):
        raise ValidationError("Remove the control characters from this field.")


def as_choices(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


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


def answer_choices(questionnaire: Questionnaire, question: Question) -> list[tuple[str, str]]:
    """Every answer a question accepts, in the order they are shown."""
    if question.kind is QuestionKind.OWNERSHIP:
        choices = [(owner.id, owner.label) for owner in questionnaire.owners] + [(NOBODY, "Nobody")]
    else:
        choices = [(option.id, option.label) for option in question.options]
    if question.kind is QuestionKind.SCOPING:
        return choices  # scoping answers decide what is asked: they must be definite
    if question.not_applicable:
        choices.append((NOT_APPLICABLE, "Not applicable to us"))
    if question.unknown:
        choices.append((UNKNOWN, "Don't know"))
    return choices


def section_form(questionnaire: Questionnaire, questions: tuple[Question, ...], answers: dict[str, str]):
    """A form with one radio group per question, pre-filled with the stored answers."""

    class SectionForm(FlaskForm):
        pass

    for question in questions:
        field = RadioField(
            question.text,
            choices=as_choices(answer_choices(questionnaire, question)),
            # Only a missing answer is optional: whitespace is not a choice and gets its error.
            validators=[Optional(strip_whitespace=False)],
            default=answers.get(question.id),
            validate_choice=True,
        )
        setattr(SectionForm, question.id, field)
    return SectionForm()
