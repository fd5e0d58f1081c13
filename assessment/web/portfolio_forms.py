"""The portfolio pages' forms: an initiative's register fields, its gate answers, the
register's CSV upload, and the work-in-progress limit.

An initiative's fields are checked by the register's own rules (`field_problems`), the
ones the CSV import applies, so the form and the file can never disagree about a value;
the form only gathers the text.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Form, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from ..questionnaire.gate import Gate
from ..questionnaire.model import NOT_APPLICABLE, UNKNOWN, Question
from ..scoring.register import (
    COLUMNS,
    EU_AI_ACT_CLASSES,
    EU_ROLES,
    MAX_BYTES,
    RISK_TIERS,
    STAGES,
    VALUE_BANDS,
)
from ..services.portfolio import MAX_WIP, MIN_WIP
from .forms import as_choices, strip

#: The largest register file the import reads.
MAX_REGISTER_BYTES = MAX_BYTES


def _text(label: str, **kw) -> StringField:
    """Free text: the register's rules check it (`field_problems`), as they check a CSV cell."""
    return StringField(label, filters=[strip], **kw)


def _choice(label: str, vocabulary: Mapping[str, str], default: str | None = None) -> SelectField:
    """A vocabulary's choices, opening on the register's default (an unknown id is the rules' to refuse)."""
    return SelectField(label, choices=as_choices(vocabulary.items()), default=default, validate_choice=False)


class InitiativeForm(FlaskForm):
    """Every field of the register, named as the register (and its CSV columns) name them."""

    name = _text("Name")
    stage = _choice("Stage", STAGES)
    owner = _text("Accountable owner")
    sponsor = _text("Business sponsor")
    value_band = _choice("Expected value", VALUE_BANDS, "medium")
    value_measure = _text("Value measure", description="One line: how the value will be measured.")
    annual_cost = _text("Annual cost", description="A number, such as 120000.")
    team_size = _text("Team size", description="People working on it, a whole number.")
    delivery_team = _text("Delivery team")
    risk_tier = _choice("Risk tier", RISK_TIERS, "medium")
    eu_ai_act = _choice("EU AI Act class", EU_AI_ACT_CLASSES)
    eu_role = _choice("Role under the EU AI Act", EU_ROLES)
    uses_agents = SelectField(
        "Uses agents", choices=as_choices([("no", "No"), ("yes", "Yes")]), validate_choice=False
    )
    autonomy = SelectField("Autonomy tier asked for", choices=[], validate_choice=False)
    vendors = _text("Vendors", description="Separate several with semicolons.")
    models = _text("Models", description="Separate several with semicolons.")
    started = _text("Started", description="YYYY-MM-DD", render_kw={"placeholder": "YYYY-MM-DD"})
    target_date = _text("Target date", description="YYYY-MM-DD", render_kw={"placeholder": "YYYY-MM-DD"})

    #: The register's columns, in the order the form shows them: the stage beside the name.
    FIELDS = ("name", "stage", *(column for column in COLUMNS if column not in ("name", "stage")))

    def offer_tiers(self, gate: Gate | None) -> InitiativeForm:
        """Offer the gate's autonomy tiers (none for an initiative without agents)."""
        tiers = [(tier.id, tier.label) for tier in gate.rules.autonomy] if gate else []
        self.autonomy.choices = as_choices([("", "None (no agents)"), *tiers])
        return self

    def values(self) -> dict[str, str]:
        """The posted fields as the register's text values."""
        return {name: self[name].data or "" for name in self.FIELDS}

    def refuse(self, problems: Mapping[str, str]) -> None:
        """Show the register's problems next to their fields (the name field takes the rest)."""
        for name, message in problems.items():
            field = self[name] if name in self.FIELDS else self.name
            field.errors = [*field.errors, f"{field.label.text} {message}"]


def gate_choices(question: Question) -> list[tuple[str, str]]:
    """A gate question's options, with "Don't know" and, where allowed, "Not applicable"."""
    choices = [(option.id, option.label) for option in question.options]
    if question.unknown:
        choices.append((UNKNOWN, "Don't know"))
    if question.not_applicable:
        choices.append((NOT_APPLICABLE, "Not applicable"))
    return choices


class _GateForm(FlaskForm):
    """Radio groups, one per asked gate question, added per gate."""


def gate_form(questions: tuple[Question, ...], answers: Mapping[str, str], formdata=None) -> Form:
    """One radio group per question, each refusing a code that is not among its choices."""
    fields = {
        question.id: RadioField(
            question.text,
            choices=as_choices(gate_choices(question)),
            validators=[Optional()],  # a question left unanswered stays unanswered
            validate_choice=True,
        )
        for question in questions
    }
    form_class = type("GateForm", (_GateForm,), fields)
    if formdata is None:
        return form_class(formdata=None, data={q: a for q, a in answers.items() if q in fields})
    return form_class(formdata=formdata)


class ImportForm(FlaskForm):
    """A register file to import whole."""

    register = FileField(
        "Register file",
        description=f"A UTF-8 CSV file of at most {MAX_REGISTER_BYTES // 1024} KB, one initiative per row.",
    )
    content: str = ""

    def validate_register(self, field: FileField) -> None:
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError("Choose the CSV file to import.")
        data = upload.read(MAX_REGISTER_BYTES + 1)
        if len(data) > MAX_REGISTER_BYTES:
            raise ValidationError(f"The file is too large: the limit is {MAX_REGISTER_BYTES // 1024} KB.")
        try:
            self.content = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The file is not UTF-8 text: save it as CSV (UTF-8).") from None


class WipForm(FlaskForm):
    """The organisation's limit on initiatives in flight per delivery team."""

    limit = IntegerField(
        "Initiatives in flight per delivery team",
        validators=[
            InputRequired("Give the limit as a whole number."),
            NumberRange(MIN_WIP, MAX_WIP, f"Give a limit from {MIN_WIP} to {MAX_WIP}."),
        ],
    )
