"""What the blueprints' forms share: validators for free text and e-mail addresses, choices
from (value, label) pairs, and the sign-out form every signed-in page's header carries."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, ValidationError

from ..scoring.evidence import ReviewStatus
from ..services.evidence import MAX_COMMENT


def no_control_characters(_form, field) -> None:
    """Refuse NUL bytes and other control characters in free text."""
    if field.data and any(ord(ch) < 32 and ch not in "\t\n\r" for ch in field.data):
        raise ValidationError("Remove the control characters from this field.")


def as_choices(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip(value):
    """Surrounding spaces are never meant."""
    return value.strip() if isinstance(value, str) else value


def looks_like_email(_form, field) -> None:
    """One @, something on each side, a dot in the domain: the rest is the mail server's business."""
    if field.data and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", field.data):
        raise ValidationError("Enter an email address such as name@example.com.")


class ReviewForm(FlaskForm):
    """A reviewer's decision on one answer: the pressed button (validate, challenge, back to
    claimed), and for a challenge the comment and the level the reviewer believes.

    Pages show one per answer, each with its own prefix so that field ids stay unique."""

    decision = StringField(
        "Decision",
        validators=[DataRequired("Choose a decision."), AnyOf([status.value for status in ReviewStatus])],
    )
    comment = TextAreaField(
        "Comment (needed to challenge)", validators=[Length(max=MAX_COMMENT), no_control_characters]
    )
    believed = SelectField("Level you believe is right", choices=[], validate_choice=False)


class SignOutForm(FlaskForm):
    """Only the CSRF token: signing out is a POST so no other site can trigger it."""
