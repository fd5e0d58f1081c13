"""Forms of a workshop: its settings, status, visibility, the consensus round, peers and joining."""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ...extensions import current_catalog
from ...services.workshops import DEFAULT_ROLES, WorkshopSettings
from ..forms import as_choices, no_control_characters, strip
from .zones import DEFAULT_ZONE, NoSuchTime, to_utc, zone_names

MAX_ROLES = 20
MAX_ROLE_LENGTH = 64
# The roles field as typed: twenty roles of 64 characters, with room for blank lines and
# indentation. Longer text is refused before it is split, so its cost stays bounded.
MAX_ROLES_TEXT = 4 * MAX_ROLES * (MAX_ROLE_LENGTH + 1)


def _optional(options) -> list:
    """Choices with a blank first entry."""
    return as_choices((("", "Not specified"), *options))


def role_lines(value):
    """One role per line, blank lines and repeats dropped; text over MAX_ROLES_TEXT is left
    as it is for the length check to refuse."""
    if not isinstance(value, str) or len(value) > MAX_ROLES_TEXT:
        return value
    stripped = (line.strip() for line in value.splitlines())
    return "\n".join(dict.fromkeys(line for line in stripped if line))


class _SettingsFields(FlaskForm):
    """The settings a workshop is created with and may later edit."""

    title = StringField(
        "Title",
        validators=[DataRequired("Give the workshop a title."), Length(max=200), no_control_characters],
        filters=[strip],
    )
    participants = RadioField(
        "Participants",
        choices=as_choices((("anonymous", "Anonymous"), ("named", "Named: each gives their name"))),
        default="anonymous",
    )
    roles = TextAreaField(
        "Roles offered (one per line)",
        default="\n".join(DEFAULT_ROLES),
        validators=[
            DataRequired("Offer at least one role."),
            Length(max=MAX_ROLES_TEXT, message=f"Offer at most {MAX_ROLES} roles, one per line."),
            no_control_characters,
        ],
        filters=[role_lines],
    )
    target_profile = SelectField("Target profile", validators=[Optional()])
    closes_at = DateTimeLocalField(
        "Closes at (optional)",
        description="The workshop closes itself at this time, in the time zone chosen below.",
        validators=[Optional()],
        # The first format is what the browser's date-time input reads back.
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    time_zone = SelectField("Time zone of the close date", default=DEFAULT_ZONE)

    #: The close date in UTC once validated (None when none was given).
    closes_at_utc: datetime | None = None

    def __init__(self, *args, **kwargs) -> None:
        """Offer every time zone this machine knows."""
        super().__init__(*args, **kwargs)
        self.time_zone.choices = as_choices((name, name.replace("_", " ")) for name in zone_names())

    def validate_roles(self, field) -> None:
        """Between one and twenty roles, each short enough to store."""
        if field.errors:
            return  # already refused (too long to look at)
        roles = self.role_list()
        if len(roles) > MAX_ROLES:
            raise ValidationError(f"Offer at most {MAX_ROLES} roles.")
        if any(len(role) > MAX_ROLE_LENGTH for role in roles):
            raise ValidationError(f"Keep each role under {MAX_ROLE_LENGTH} characters.")

    def validate_closes_at(self, field) -> None:
        """A local time that exists in the chosen zone, kept as UTC."""
        if field.data is None:
            return
        try:
            self.closes_at_utc = to_utc(field.data, self.time_zone.data or DEFAULT_ZONE)
        except NoSuchTime as error:
            raise ValidationError(f"{error} Choose another time.") from None

    def role_list(self) -> tuple[str, ...]:
        """The roles, in the order typed."""
        return tuple(line for line in (self.roles.data or "").splitlines() if line)

    def settings(self) -> WorkshopSettings:
        """The workshop's settings as entered (validate first: the close date is then in UTC)."""
        return WorkshopSettings(
            self.title.data,
            self.participants.data == "anonymous",
            self.role_list(),
            self.target_profile.data or None,
            self.closes_at_utc,
            self.time_zone.data,
        )


class WorkshopForm(_SettingsFields):
    """A new workshop's settings."""

    questionnaire = SelectField("Questionnaire", validators=[DataRequired("Choose a questionnaire.")])

    def __init__(self, *args, **kwargs) -> None:
        """Offer the questionnaires and profiles the catalog serves."""
        super().__init__(*args, **kwargs)
        catalog = current_catalog()
        served = sorted(catalog.assessments, key=lambda q: (not q.listed, q.title))
        self.questionnaire.choices = as_choices((q.id, f"{q.title} ({q.version})") for q in served)
        profiles = [(p.id, f"{q.title}: {p.title}") for q in served for p in catalog.profiles_for(q.id)]
        self.target_profile.choices = as_choices((("", "None"), *profiles))

    def validate_target_profile(self, field) -> None:
        """The profile must belong to the chosen questionnaire."""
        if field.data:
            ids = {p.id for p in current_catalog().profiles_for(self.questionnaire.data)}
            if field.data not in ids:
                raise ValidationError("This profile belongs to another questionnaire.")


class WorkshopSettingsForm(_SettingsFields):
    """An existing workshop's settings: its questionnaire stays, its profiles alone are offered."""

    def __init__(self, questionnaire_id: str, *args, **kwargs) -> None:
        """Offer the target profiles of the workshop's questionnaire."""
        super().__init__(*args, **kwargs)
        profiles = [(p.id, p.title) for p in current_catalog().profiles_for(questionnaire_id)]
        self.target_profile.choices = as_choices((("", "None"), *profiles))


class StatusForm(FlaskForm):
    """Close or reopen a workshop."""

    action = HiddenField(validators=[DataRequired()])


class VisibilityForm(FlaskForm):
    """Show or hide the results to participants."""

    visible = HiddenField(validators=[DataRequired()])


class AgreedForm(FlaskForm):
    """The answer the room agreed for one question (empty to remove it)."""

    question = HiddenField(validators=[DataRequired(), Length(max=64)])
    option = StringField(validators=[Optional(), Length(max=64)])


class JoinCodeForm(FlaskForm):
    """The code shown in the room."""

    code = StringField(
        "Workshop code", validators=[DataRequired("Enter the code shown in the room."), Length(max=16)]
    )


class JoinForm(FlaskForm):
    """A participant's role, and name when the workshop asks for it."""

    role = RadioField("Your role", validators=[DataRequired("Choose your role.")])
    name = StringField("Your name", validators=[Length(max=200), no_control_characters], filters=[strip])

    def __init__(self, roles: list[str], *args, **kwargs) -> None:
        """Offer the workshop's roles."""
        super().__init__(*args, **kwargs)
        self.role.choices = as_choices((role, role) for role in roles)


class PeersForm(FlaskForm):
    """Which imported peer data a workshop's room is compared with, and how peers are chosen."""

    cohort = SelectField("Compare the room with", choices=[])
    same_industry = BooleanField("Only peers of the client's industry")
    same_size = BooleanField("Only peers of the client's size")
    same_region = BooleanField("Only peers of the client's region")

    def __init__(self, cohorts, client: dict[str, str], *args, **kwargs) -> None:
        """Offer the workspace's cohorts (or none), and the client's own industry, size and
        region to keep peers by; `client` maps those fields to the labels of the client's values."""
        super().__init__(*args, **kwargs)
        self.cohort.choices = [("", "No imported peers"), *((str(c.id), c.name) for c in cohorts)]
        self.client = client
        for name, label in client.items():
            self[f"same_{name}"].label.text = f"Only peers with the client's {name}: {label}"

    def offered(self):
        """The `same_*` boxes for the fields the client's profile gives."""
        return [self[f"same_{name}"] for name in self.client]

    @property
    def same(self) -> tuple[str, ...]:
        """The fields peers must share with the client (only those the client gives)."""
        return tuple(name for name in self.client if self[f"same_{name}"].data)
