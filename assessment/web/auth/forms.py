"""Forms of sign-up and sign-in."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import AnyOf, DataRequired, EqualTo, Length, ValidationError

from ...services.passwords import weakness
from ..forms import looks_like_email, no_control_characters, strip

MIN_PASSWORD = 12


class SignUpForm(FlaskForm):
    """A new consultant account and its first workspace."""

    name = StringField(
        "Your name",
        validators=[DataRequired("Enter your name."), Length(max=200), no_control_characters],
        filters=[strip],
    )
    email = StringField(
        "Email address",
        validators=[DataRequired("Enter your email address."), Length(max=254), looks_like_email],
        filters=[strip],
    )
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Choose a password."),
            Length(min=MIN_PASSWORD, max=200, message=f"Use at least {MIN_PASSWORD} characters."),
        ],
    )
    workspace = StringField(
        "Workspace name",
        validators=[DataRequired("Name your workspace."), Length(max=200), no_control_characters],
        filters=[strip],
    )

    def validate_password(self, field: PasswordField) -> None:
        """Long enough (the Length check) and not among the first guesses of any attacker."""
        reason = weakness(field.data or "", self.email.data or "")
        if reason and not field.errors:
            raise ValidationError(f"This password {reason}, so it is easy to guess: choose another.")


class SignInForm(FlaskForm):
    """Email and password."""

    email = StringField(
        "Email address",
        validators=[DataRequired("Enter your email address."), Length(max=254)],
        filters=[strip],
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password."), Length(max=200)])


def new_password_field(label: str = "New password") -> PasswordField:
    """A password being chosen: long enough, and not too short to type by accident."""
    return PasswordField(
        label,
        validators=[
            DataRequired("Choose a password."),
            Length(min=MIN_PASSWORD, max=200, message=f"Use at least {MIN_PASSWORD} characters."),
        ],
    )


class NewPasswordForm(FlaskForm):
    """A new password typed twice, checked against the same policy as at sign-up.

    `email` is the account's address, set by the view, so the policy can refuse it."""

    email = ""
    password = new_password_field()
    confirm = PasswordField(
        "The new password again",
        validators=[
            DataRequired("Type the new password again."),
            EqualTo("password", "The two passwords differ."),
        ],
    )

    def validate_password(self, field: PasswordField) -> None:
        """Not among the first guesses of any attacker."""
        reason = weakness(field.data or "", self.email)
        if reason and not field.errors:
            raise ValidationError(f"This password {reason}, so it is easy to guess: choose another.")


class ChangePasswordForm(NewPasswordForm):
    """The current password, then the new one twice."""

    current = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password."), Length(max=200)]
    )


class InvitationForm(FlaskForm):
    """The invitee's answer: accept or decline (two buttons posting `answer`)."""

    answer = StringField(validators=[DataRequired(), AnyOf(("accept", "decline"))])


def code_field(label: str = "Code from your authenticator app") -> StringField:
    """A six-digit code (or, where accepted, a recovery code) as typed: spaces allowed."""
    return StringField(
        label,
        validators=[DataRequired("Enter the code."), Length(max=64, message="This code is too long.")],
        filters=[strip],
    )


class TwoFactorCodeForm(FlaskForm):
    """A code from the authenticator app: to confirm set-up or make new recovery codes."""

    code = code_field()


class SecondStepForm(FlaskForm):
    """The second step of signing in: the app's code or a recovery code."""

    code = code_field("Code from your authenticator app, or a recovery code")


class DisableTwoFactorForm(FlaskForm):
    """The password and a code, to turn two-factor sign-in off."""

    password = PasswordField(
        "Your password", validators=[DataRequired("Enter your password."), Length(max=200)]
    )
    code = code_field("Code from your authenticator app, or a recovery code")
