"""Account forms; every message is translated and every field keeps what was typed."""

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
)

# types-WTForms describes WTForms 3.2; SelectChoice came in 3.3.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from dialog.accounts.models import NOTIFICATION_LABELS, AgeBand, NotificationKind
from dialog.accounts.names import normalise_name, validate_display_name
from dialog.core.forms import HoneypotForm, clean_text, strip_filter

PASSWORD_MIN = 10
PASSWORD_MAX = 200


def _email_field(label: LazyString | None = None) -> EmailField:
    return EmailField(
        label or _l("E-mail address"),
        filters=[strip_filter],
        validators=[
            InputRequired(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("The e-mail address is too long.")),
            Email(_l("Enter an e-mail address like name@example.se."), check_deliverability=False),
        ],
    )


def _new_password_field(label: LazyString | None = None) -> PasswordField:
    return PasswordField(
        label or _l("Password"),
        description=_l(
            "At least %(n)s characters. A few unrelated words make a good password.", n=PASSWORD_MIN
        ),
        validators=[
            InputRequired(_l("Choose a password.")),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l(
                    "The password must be %(min)s to %(max)s characters long.",
                    min=PASSWORD_MIN,
                    max=PASSWORD_MAX,
                ),
            ),
        ],
    )


class RegisterForm(HoneypotForm):
    email = _email_field()
    display_name = StringField(
        _l("Name shown with your comments"),
        # "Pseudonym" is a word a first-time visitor of 70 may not know: said in plain words.
        description=_l(
            "It need not be your real name: a made-up name (a pseudonym) is fine. Only this "
            "name is shown, never your e-mail."
        ),
        filters=[normalise_name],
        validators=[
            InputRequired(_l("Choose a name to show with your comments.")),
            Length(min=2, max=60, message=_l("The name must be 2 to 60 characters long.")),
            clean_text,
            validate_display_name,
        ],
    )
    password = _new_password_field()
    accept_rules = BooleanField(
        _l("I have read and accept the dialogue rules"),
        validators=[InputRequired(_l("You need to accept the dialogue rules to take part."))],
    )
    accept_privacy = BooleanField(
        _l("I have read the privacy notice"),
        validators=[
            InputRequired(_l("You need to confirm that you have read the privacy notice."))
        ],
    )

    def validate_password(self, field: Field) -> None:
        if self.email.data and field.data and field.data.strip().lower() == self.email.data.lower():
            raise ValidationError(_l("The password must not be your e-mail address."))


class SignInForm(FlaskForm):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Keep me signed in on this device"))


class EmailOnlyForm(FlaskForm):
    email = _email_field()


class NewPasswordForm(FlaskForm):
    password = _new_password_field(_l("New password"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[InputRequired(_l("Enter your current password."))]
    )
    password = _new_password_field(_l("New password"))


class ChangeEmailForm(FlaskForm):
    email = _email_field(_l("New e-mail address"))
    current_password = PasswordField(
        _l("Current password"), validators=[InputRequired(_l("Enter your current password."))]
    )


AGE_BAND_CHOICES = [SelectChoice("", _l("I prefer not to say"))] + [
    SelectChoice(band.value, band.label) for band in AgeBand
]


class ProfileForm(FlaskForm):
    district = SelectField(_l("District (kommundel)"), validators=[Optional()], coerce=str)
    age_band = SelectField(_l("Age"), choices=AGE_BAND_CHOICES, validators=[Optional()])
    consent = BooleanField(
        _l("I agree that this information is used, without my name, for statistics")
    )

    def validate_consent(self, field: Field) -> None:
        if (self.district.data or self.age_band.data) and not field.data:
            raise ValidationError(
                _l(
                    "Tick the box to agree, or choose "
                    "\u201cI prefer not to say\u201d in both lists."
                )
            )


class NotificationsForm(FlaskForm):
    reply = BooleanField(NOTIFICATION_LABELS[NotificationKind.REPLY])
    response = BooleanField(NOTIFICATION_LABELS[NotificationKind.RESPONSE])
    decision = BooleanField(NOTIFICATION_LABELS[NotificationKind.DECISION])


class DeleteAccountForm(FlaskForm):
    comments = RadioField(
        _l("What should happen to your comments?"),
        choices=[
            SelectChoice(
                "keep", _l("Keep them, shown as written by \u201cformer participant\u201d")
            ),
            SelectChoice("withdraw", _l("Withdraw them (the text is hidden from readers)")),
        ],
        validators=[InputRequired(_l("Choose what should happen to your comments."))],
    )
    current_password = PasswordField(
        _l("Your password, to confirm"),
        validators=[InputRequired(_l("Enter your password to confirm."))],
    )


class UnsubscribeForm(FlaskForm):
    """Only the CSRF token: the signed link says who and what."""


class ConfirmForm(FlaskForm):
    """Only the CSRF token: a link from a mail acts on a button press, not on opening it."""
