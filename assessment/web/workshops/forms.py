"""Forms of workspaces, clients, workshops, the consensus round and joining."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import ColorInput

from ...extensions import current_catalog
from ...persistence.workspaces import MEMBER_ROLES
from ...questionnaire.profile_vocabulary import INDUSTRIES, REGIONS, SIZE_BANDS
from ...reporting.branding import MAX_LOGO_BYTES, MAX_LOGO_PIXELS, BrandingError, accept_logo
from ...services.peers import MAX_COHORT_BYTES, MAX_COHORT_ROWS, CheckedFile, CohortRefused, check_cohort_file
from ...services.workshops import DEFAULT_ROLES
from ..forms import as_choices, looks_like_email, no_control_characters, strip

MAX_ROLES = 20
MAX_ROLE_LENGTH = 64
# The roles field as typed: twenty roles of 64 characters, with room for blank lines and
# indentation. Longer text is refused before it is split, so its cost stays bounded.
MAX_ROLES_TEXT = 4 * MAX_ROLES * (MAX_ROLE_LENGTH + 1)


def _optional(options) -> list:
    """Choices with a blank first entry."""
    return as_choices((("", "Not specified"), *options))


class ClientForm(FlaskForm):
    """A new client (the organisation being assessed)."""

    name = StringField(
        "Client name",
        validators=[DataRequired("Enter the client's name."), Length(max=200), no_control_characters],
        filters=[strip],
    )
    industry = SelectField("Industry", choices=_optional(INDUSTRIES), validators=[Optional()])
    size_band = SelectField("Size", choices=_optional(SIZE_BANDS), validators=[Optional()])
    region = SelectField("Main region", choices=_optional(REGIONS), validators=[Optional()])


class MemberForm(FlaskForm):
    """Invite an email address to a role in the workspace."""

    email = StringField(
        "Their email address",
        validators=[DataRequired("Enter an email address."), Length(max=254), looks_like_email],
        filters=[strip],
    )
    role = SelectField("Role", choices=as_choices((r, r.capitalize()) for r in MEMBER_ROLES))


class ResetLinkForm(FlaskForm):
    """Only the CSRF token: an owner issues a member's password-reset link."""


class RemovalForm(FlaskForm):
    """Only the CSRF token: an owner removes a member or withdraws an invitation."""


class BrandingForm(FlaskForm):
    """A workspace's report branding: a logo to check and re-encode, and an accent colour."""

    logo = FileField(
        "Logo",
        description=(
            f"A PNG or JPEG file of at most {MAX_LOGO_BYTES // 1024 // 1024} MB and "
            f"{MAX_LOGO_PIXELS // 1_000_000} megapixels. Leave empty to keep the current logo."
        ),
    )
    remove_logo = BooleanField("Remove the logo (the cover then shows the workspace name)")
    accent = StringField(
        "Accent colour",
        validators=[
            DataRequired("Choose an accent colour."),
            Regexp(
                r"^#[0-9a-fA-F]{6}$", message="Give the colour as # and six hexadecimal digits, e.g. #1d4e89."
            ),
        ],
        widget=ColorInput(),
        filters=[strip],
    )

    #: The uploaded logo once checked and re-encoded as PNG (None when none was sent).
    checked_logo: bytes | None = None

    def validate_logo(self, field: FileField) -> None:
        """Decode the upload within the caps; the message says what to change."""
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            return
        try:
            self.checked_logo = accept_logo(upload.read(MAX_LOGO_BYTES + 1))
        except BrandingError as error:
            message = str(error)
            raise ValidationError(
                f"{message[:1].upper()}{message[1:]}. The current logo is unchanged."
            ) from None


def role_lines(value):
    """One role per line, blank lines and repeats dropped; text over MAX_ROLES_TEXT is left
    as it is for the length check to refuse."""
    if not isinstance(value, str) or len(value) > MAX_ROLES_TEXT:
        return value
    stripped = (line.strip() for line in value.splitlines())
    return "\n".join(dict.fromkeys(line for line in stripped if line))


class WorkshopForm(FlaskForm):
    """A workshop's settings."""

    title = StringField(
        "Title",
        validators=[DataRequired("Give the workshop a title."), Length(max=200), no_control_characters],
        filters=[strip],
    )
    questionnaire = SelectField("Questionnaire", validators=[DataRequired("Choose a questionnaire.")])
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
    closes_at = DateTimeLocalField("Closes at (UTC, optional)", validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        """Offer the questionnaires and profiles the catalog serves."""
        super().__init__(*args, **kwargs)
        catalog = current_catalog()
        served = sorted(catalog.questionnaires.values(), key=lambda q: (not q.listed, q.title))
        self.questionnaire.choices = as_choices((q.id, f"{q.title} ({q.version})") for q in served)
        profiles = [(p.id, f"{q.title}: {p.title}") for q in served for p in catalog.profiles_for(q.id)]
        self.target_profile.choices = as_choices((("", "None"), *profiles))

    def validate_roles(self, field) -> None:
        """Between one and twenty roles, each short enough to store."""
        if field.errors:
            return  # already refused (too long to look at)
        roles = self.role_list()
        if len(roles) > MAX_ROLES:
            raise ValidationError(f"Offer at most {MAX_ROLES} roles.")
        if any(len(role) > MAX_ROLE_LENGTH for role in roles):
            raise ValidationError(f"Keep each role under {MAX_ROLE_LENGTH} characters.")

    def validate_target_profile(self, field) -> None:
        """The profile must belong to the chosen questionnaire."""
        if field.data:
            ids = {p.id for p in current_catalog().profiles_for(self.questionnaire.data)}
            if field.data not in ids:
                raise ValidationError("This profile belongs to another questionnaire.")

    def role_list(self) -> tuple[str, ...]:
        """The roles, in the order typed."""
        return tuple(line for line in (self.roles.data or "").splitlines() if line)


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


class CohortForm(FlaskForm):
    """Anonymised prior results to import as a peer cohort."""

    name = StringField(
        "Name",
        description="How reports name these peers, for example “Retail clients 2025”.",
        validators=[DataRequired("Give the benchmark data a name."), Length(max=200), no_control_characters],
        filters=[strip],
    )
    results = FileField(
        "Results file",
        description=(
            f"A UTF-8 CSV file of at most {MAX_COHORT_BYTES // 1024 // 1024} MB and "
            f"{MAX_COHORT_ROWS:,} results, one assessment per row, in the columns described below."
        ),
    )

    #: The upload once checked whole; None until then.
    checked: CheckedFile | None = None

    def validate_results(self, field: FileField) -> None:
        """Check every row; each problem becomes an error of its own, and nothing is stored."""
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError("Choose the CSV file to import.")
        try:
            self.checked = check_cohort_file(upload.read(MAX_COHORT_BYTES + 1))
        except CohortRefused as error:
            field.errors.extend(error.problems)
            raise ValidationError("Nothing was imported; correct the file and upload it again.") from None


class PeersForm(FlaskForm):
    """Which imported benchmark data a workshop's room is compared with, and how peers are chosen."""

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
