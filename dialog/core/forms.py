"""Shared form pieces: text checks, whole numbers and their ranges, the honeypot and the
idempotency token."""

import math
import re
import uuid
from collections.abc import Mapping
from typing import Any

import wtforms
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


#: Line breaks and tabs, which `clean_text` lets through for texts of several lines.
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]")


def one_line_name(form: object, field: Field) -> None:
    """A name (a goal status's) is one line: it is shown in lists, headings and mail."""
    if _BREAKS.search(field.data or ""):
        raise ValidationError(
            _l(
                "Write the name on one line, without line breaks, tabs or invisible control "
                "characters."
            )
        )


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


#: What a browser's number field sends, and what a person types: ASCII digits, nothing else
#: (`[0-9]`, not `\d`, which matches every script's digits).
_DIGITS = re.compile(r"[0-9]+\Z")
#: Spaces around a typed number are forgiven, as `int` forgives them; only ASCII ones.
_SPACES = " \t\r\n\f\v"


class IntegerField(wtforms.IntegerField):
    """WTForms' whole number field, reading ASCII digits only. WTForms reads the text with
    `int`, which takes "١٢" (Arabic-Indic digits) and "１２" (full-width) as 12, and "1_000" and
    "+5" too: a number no one meant was stored or looked up. Anything but ASCII digits (with a
    leading minus where `negative=True`) gets the field's own message for a number it cannot
    read ("Not a valid integer value.", translated by WTForms, or `invalid_value_message`),
    like "abc" does, and only that one; an empty field is left to InputRequired or Optional.
    Every IntegerField in dialog/ is this one (a test forbids WTForms' own)."""

    def __init__(self, *args: Any, negative: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.negative = negative

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        sent = valuelist[0]
        if isinstance(sent, str) and not sent.strip(_SPACES):
            self.data = None  # nothing typed: for InputRequired or Optional to judge
            return
        number = self._read(sent) if isinstance(sent, str) else None
        if number is None:
            # WTForms says what it says of "abc" (from its own catalogue, or the field's
            # `invalid_value_message`), and leaves no number.
            super().process_formdata(["not a number"])
        self.data = number

    def pre_validate(self, form: BaseForm) -> None:
        """What is no number gets that one message: the range's, which cannot hold for no
        number, would say it again in other words."""
        if self.process_errors:
            raise validators.StopValidation()

    def _read(self, sent: str) -> int | None:
        text = sent.strip(_SPACES)
        digits = text[1:] if self.negative and text.startswith("-") else text
        if not _DIGITS.match(digits):
            return None
        try:
            return int(text)
        except ValueError:  # more digits than Python reads (sys.get_int_max_str_digits)
            return None


def whole_choice(value: object) -> int:
    """`coerce=whole_choice` for a choice of numbers (a SelectField's `coerce=int` reads "١٢" as 12
    too): an int as it is, else the ASCII digits of `IntegerField`; a ValueError otherwise,
    which the field reports as a choice it cannot read."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _DIGITS.match(value) and len(value) < 20:
        return int(value)
    raise ValueError(value)


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
