"""The forms of a workspace's pages: clients, members, branding and peer files."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import ColorInput

from ...persistence.workspaces import FACILITATOR, MEMBER_ROLES
from ...questionnaire.profile_vocabulary import INDUSTRIES, REGIONS, SIZE_BANDS
from ...reporting.branding import MAX_LOGO_BYTES, MAX_LOGO_PIXELS, BrandingError, accept_logo
from ...services.peers import MAX_COHORT_BYTES, MAX_COHORT_ROWS, CheckedFile, CohortRefused, check_cohort_file
from ..forms import as_choices, looks_like_email, no_control_characters, strip


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


#: Facilitator first: it is the default, and an owner's rights are granted on purpose.
ROLE_CHOICES = tuple((r, r.capitalize()) for r in sorted(MEMBER_ROLES, key=lambda r: r != FACILITATOR))
ROLE_HINT = "Facilitators run workshops. Owners also manage members, branding and peer data."


class MemberForm(FlaskForm):
    """Invite an email address to a role in the workspace."""

    email = StringField(
        "Their email address",
        validators=[DataRequired("Enter an email address."), Length(max=254), looks_like_email],
        filters=[strip],
    )
    role = SelectField(
        "Role",
        choices=as_choices(ROLE_CHOICES),
        default=FACILITATOR,
        description=ROLE_HINT,
    )


class RoleForm(FlaskForm):
    """An owner gives a member another role."""

    role = SelectField("Role", choices=as_choices(ROLE_CHOICES))


class ResetLinkForm(FlaskForm):
    """Only the CSRF token: an owner issues a member's password-reset link."""


class RemovalForm(FlaskForm):
    """Only the CSRF token: an owner removes a member or withdraws an invitation."""


class RemoveMemberForm(FlaskForm):
    """The confirmation page's form: removal happens only with `confirm` set to "yes", which
    only that page sends, so the Remove button on the workspace page cannot remove by itself."""

    confirm = HiddenField()


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


class CohortForm(FlaskForm):
    """Anonymised prior results to import as a peer cohort."""

    name = StringField(
        "Name",
        description="How reports name these peers, for example “Retail clients 2025”.",
        validators=[DataRequired("Give the peer data a name."), Length(max=200), no_control_characters],
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
