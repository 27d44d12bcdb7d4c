"""Shared form pieces: text checks, number ranges, the honeypot and the idempotency token."""

import math
import uuid
from collections.abc import Mapping

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadData, URLSafeSerializer
from wtforms import Field, HiddenField, StringField, validators
from wtforms.form import BaseForm
from wtforms.validators import ValidationError

from dialog.core.text import has_control_characters


def clean_text(form: object, field: Field) -> None:
    """No control characters and nothing that arrived as invalid UTF-8 (decoded as U+FFFD)."""
    value = field.data or ""
    if "\ufffd" in value or has_control_characters(value):
        raise ValidationError(_l("Remove the invisible control characters and try again."))


class NumberRange(validators.NumberRange):
    """WTForms' range check, for whole numbers of any length too: its test for NaN turns the
    number into a float, which one of over 308 digits cannot be (an OverflowError, so a 500
    instead of the field's message). Such a number is checked as the infinity of its sign, so
    the range refuses it with its own message."""

    def __call__(self, form: BaseForm, field: Field) -> None:
        sent = field.data
        if not isinstance(sent, int) or abs(sent) < 10**300:
            super().__call__(form, field)
            return
        field.data = math.inf if sent > 0 else -math.inf
        try:
            super().__call__(form, field)
        finally:
            field.data = sent


def strip_filter(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class HoneypotForm(FlaskForm):
    """A field people never see (hidden by CSS); scripts that fill every field are caught."""

    website = StringField(_l("Leave this field empty"))

    @property
    def caught_a_bot(self) -> bool:
        return bool(self.website.data)


def new_submission_token() -> str:
    """The random part of a form token, and what the row stores (unique: exactly once)."""
    return uuid.uuid4().hex


def _is_nonce(value: object) -> bool:
    return (
        isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)
    )


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="dialog.submission-token")


def submission_token(owner_id: int, target: str) -> str:
    """A new form token for this owner and target (see `SubmissionTokenMixin`)."""
    return _signer().dumps([owner_id, target, new_submission_token()])


def sent_nonce(data: Mapping[str, str]) -> str | None:
    """The nonce of the form token in sent form data when its signature holds, whoever it was
    issued to (for looking up whether that form was stored already), else None."""
    try:
        _owner, _bound, nonce = _signer().loads(data.get("submission_token") or "")
    except (BadData, TypeError, ValueError):
        return None
    return nonce if _is_nonce(nonce) else None


class SubmissionTokenMixin:
    """A token issued with the form to one account for one target (e.g. "goal:12"), signed so
    that it cannot be moved: another account's token or one from another page is refused, and
    a form sent twice carries the same nonce, which the server stores once (exactly once)."""

    submission_token = HiddenField()
    #: The nonce of a token that passed `token_problem`, for the service to store.
    nonce: str | None = None

    def _read_token(self, owner_id: int, target: str) -> tuple[str | None, bool]:
        """(nonce, issued here): the nonce when the signature holds, and whether it was issued
        to this owner for this target."""
        try:
            owner, bound, nonce = _signer().loads(self.submission_token.data or "")
        except (BadData, TypeError, ValueError):
            return None, False
        if not _is_nonce(nonce):
            return None, False
        return nonce, (owner, bound) == (owner_id, target)

    def issue_token(self, owner_id: int, target: str) -> None:
        """Give the form a token for this owner and target; a form shown again after an error
        keeps its own token, so that sending it once more still stores one row."""
        _nonce, issued_here = self._read_token(owner_id, target)
        if not issued_here:
            self.submission_token.data = submission_token(owner_id, target)

    def checked_nonce(self) -> str:
        """The nonce `token_problem` accepted; asking before it did is a programming error."""
        if self.nonce is None:
            raise RuntimeError("No form token has been accepted")
        return self.nonce

    def token_problem(self, owner_id: int, target: str) -> str | None:
        """Why the token cannot be used here (shown to the visitor), or None and `nonce` set."""
        nonce, issued_here = self._read_token(owner_id, target)
        if nonce is None:
            return str(_l("The form was incomplete. Reload the page and try again."))
        if not issued_here:
            return str(
                _l(
                    "This form was made for another account or another page, so nothing was "
                    "saved. Check your text and send it again."
                )
            )
        self.nonce = nonce
        return None
