"""The desk's forms: a decision on one comment, an internal note, the queue filters."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Field, HiddenField, RadioField, SelectField, TextAreaField

# types-WTForms describes WTForms 3.2; SelectChoice came in 3.3.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from dialog.core.forms import IntegerField, NumberRange, strip_filter
from dialog.moderation.alerts import Mode
from dialog.moderation.blocks import PERIODS
from dialog.moderation.services import BULK_ACTIONS, REASONS


def reason_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Choose a reason"))] + [
        SelectChoice(reason.value, reason.label) for reason in REASONS
    ]


class DecisionForm(FlaskForm):
    """One action; `version` is the comment's version when the page was shown."""

    version = IntegerField(
        widget=HiddenInput(),
        validators=[InputRequired(), NumberRange(min=1, max=2_000_000_000)],
    )
    queue = HiddenField()
    reason = SelectField(
        _l("Reason"),
        description=_l("The rule in the dialogue rules that the comment breaks."),
        choices=reason_choices,
        validate_choice=False,
    )
    message = TextAreaField(
        _l("Message to the writer (optional)"),
        description=_l("Shown to the writer with the reason, on My page and in the e-mail."),
        filters=[strip_filter],
        validators=[Optional(), Length(max=1000, message=_l("At most 1,000 characters."))],
    )


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("Internal note"),
        description=_l("Seen only by the municipality's officials, never by residents."),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Write the note.")),
            Length(max=2000, message=_l("At most 2,000 characters.")),
        ],
    )


class FilterForm(FlaskForm):
    """Read from the query string; no CSRF token since it changes nothing."""

    class Meta:
        csrf = False

    plan = SelectField(_l("Plan"), validate_choice=False, validators=[Optional()])
    goal = SelectField(_l("Goal"), validate_choice=False, validators=[Optional()])
    reason = SelectField(_l("Report reason"), validate_choice=False, validators=[Optional()])
    # The day the comment was written, as the list shows it beside each comment; not the day
    # of an edit or a report, which the queues are worked by (queries._key): the labels say so.
    since = DateField(_l("Written on or after"), validators=[Optional()])
    until = DateField(_l("Written on or before"), validators=[Optional()])

    def validate_until(self, field: Field) -> None:
        """Dates the wrong way round narrowed the queue to nothing without a word."""
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The last day comes before the first day."))


#: When comments are published, by the code the settings and the audit log keep.
POLICIES = {
    "post": _l("At once; moderators can hide them afterwards (post-moderation)"),
    "pre": _l("Only after a moderator has approved them (pre-moderation)"),
}


class PolicyForm(FlaskForm):
    policy = RadioField(
        _l("When comments are published"),
        choices=[SelectChoice(code, label) for code, label in POLICIES.items()],
        validators=[InputRequired(_l("Choose when comments are published."))],
    )
    words = TextAreaField(
        _l("Word list"),
        description=_l(
            "One word per line. A comment containing one of them waits for a moderator, in "
            "either mode. A * at the end also matches longer words: “idiot*” holds “idioterna”."
        ),
        validators=[Length(max=100_000, message=_l("The list is too long."))],
    )
    retention_days = IntegerField(
        _l("Retention period in days"),
        description=_l(
            "Leave empty to keep every comment. Otherwise, threads older than this are deleted "
            "for good when the retention command runs, as the municipality's document "
            "management plan decides. At least 30 days."
        ),
        invalid_value_message=_l("Give a number from 30 to 36,500."),
        validators=[
            Optional(),
            NumberRange(min=30, max=36_500, message=_l("Give a number from 30 to 36,500.")),
        ],
    )


class BlockForm(FlaskForm):
    period = SelectField(
        _l("How long"),
        choices=lambda: [SelectChoice(key, label) for key, (_d, label) in PERIODS.items()],
        validators=[InputRequired(_l("Choose how long the block lasts."))],
    )
    justification = TextAreaField(
        _l("Justification"),
        description=_l(
            "Required. Why the writer may not take part: seen by officials and kept in the "
            "audit log."
        ),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Write why the writer is blocked.")),
            Length(max=2000, message=_l("At most 2,000 characters.")),
        ],
    )


class BulkForm(DecisionForm):
    """A decision on the comments ticked in the queue; each carries its version."""

    action = SelectField(
        _l("Do with the chosen comments"),
        choices=lambda: (
            [SelectChoice("", _l("Choose an action"))]
            + [SelectChoice(a.value, a.label) for a in BULK_ACTIONS]
        ),
        validators=[InputRequired(_l("Choose what to do with the chosen comments."))],
    )
    version = None  # type: ignore[assignment]  # each ticked comment carries its own


class SubscriptionForm(FlaskForm):
    mode = RadioField(
        _l("E-mail me when comments enter the queues"),
        choices=lambda: [SelectChoice(mode.value, mode.label) for mode in Mode],
        validators=[InputRequired(_l("Choose when to get e-mail."))],
    )
