"""Forms for officials: the second-factor code, invitations, roles and the audit log filter."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, Field, SelectField, StringField

# types-WTForms describes WTForms 3.2; SelectChoice came in 3.3.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from dialog.accounts.roles import Role
from dialog.core.forms import IntegerField, NumberRange, strip_filter


def role_choices() -> list[SelectChoice]:
    """No role is chosen beforehand, so that nobody becomes an administrator by accident."""
    return [SelectChoice("", _l("Choose a role"))] + [
        SelectChoice(role.value, f"{role.label} – {role.description}") for role in Role
    ]


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        description=_l(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        filters=[strip_filter],
        validators=[
            InputRequired(_l("Enter the code.")),
            Length(max=40, message=_l("The code is too long.")),
        ],
    )


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        description=_l("The invitation is valid for seven days and works once."),
        filters=[strip_filter],
        validators=[
            InputRequired(_l("Enter the e-mail address of the person to invite.")),
            Length(max=254, message=_l("The e-mail address is too long.")),
            Email(_l("Enter an e-mail address like name@example.se."), check_deliverability=False),
        ],
    )
    role = SelectField(
        _l("Role"),
        choices=role_choices,
        validators=[InputRequired(_l("Choose a role."))],
    )


class GrantForm(FlaskForm):
    """Another role for someone who already has one in the municipality."""

    user = SelectField(_l("Person"), coerce=str, validators=[InputRequired(_l("Choose a person."))])
    role = SelectField(
        _l("Role"), choices=role_choices, validators=[InputRequired(_l("Choose a role."))]
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the address says what is confirmed."""


class AuditFilterForm(FlaskForm):
    """Read from the query string; a filter changes nothing, so it needs no CSRF token."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()])
    actor = SelectField(_l("Done by"), validators=[Optional()])
    target_type = SelectField(_l("Kind of target"), validators=[Optional()])
    target_id = IntegerField(
        _l("Target number"),
        invalid_value_message=_l("Enter a whole number."),
        validators=[
            Optional(),
            NumberRange(min=1, max=2**31 - 1, message=_l("Enter a whole number.")),
        ],
    )
    since = DateField(
        _l("From (date)"),
        description=_l("For example 2026-11-01."),
        validators=[Optional()],
    )
    until = DateField(
        _l("To (date)"),
        description=_l("For example 2026-11-30."),
        validators=[Optional()],
    )

    def validate_until(self, field: Field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end date must not be before the start date."))
