"""Shared form pieces: text checks, the honeypot and the idempotency token."""

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError

from dialog.core.text import has_control_characters


def clean_text(form, field) -> None:
    """No control characters and nothing that arrived as invalid UTF-8 (decoded as U+FFFD)."""
    value = field.data or ""
    if "\ufffd" in value or has_control_characters(value):
        raise ValidationError(_l("Remove the invisible control characters and try again."))


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


class HoneypotForm(FlaskForm):
    """A field people never see (hidden by CSS); scripts that fill every field are caught."""

    website = StringField(_l("Leave this field empty"))

    @property
    def caught_a_bot(self) -> bool:
        return bool(self.website.data)


def new_submission_token() -> str:
    return uuid.uuid4().hex


class SubmissionTokenMixin:
    """A token made when the form is first shown; the server stores each once (exactly once)."""

    submission_token = HiddenField(default=new_submission_token)

    def token_is_valid(self) -> bool:
        token = self.submission_token.data or ""
        return len(token) == 32 and all(c in "0123456789abcdef" for c in token)
