"""Forms for officials answering on goals: response, status, official reply, status list."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
)

from dialog.core.forms import (
    IntegerField,
    NumberRange,
    SubmissionTokenMixin,
    clean_text,
    one_line_name,
    strip_filter,
)

RESPONSE_MAX = 20_000
NOTE_MAX = 2_000
REPLY_MAX = 5_000


class ResponseForm(FlaskForm):
    #: The revision of the response the form showed, 0 for none (see services.publish_response).
    revision = HiddenField(validators=[InputRequired(), Regexp(r"[0-9]{1,9}\Z")], default="0")
    body = TextAreaField(
        _l("How we take care of the input"),
        description=_l(
            "Shown first on the goal page and sent to residents who took part and asked to be "
            "told. Say what the municipality does with what was said, and when."
        ),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Write the response.")),
            Length(max=RESPONSE_MAX, message=_l("At most %(max)d characters.")),
            clean_text,
        ],
    )


class StatusForm(FlaskForm):
    option = SelectField(
        _l("Status"), validators=[InputRequired(_l("Choose a status."))], validate_choice=True
    )
    progress = IntegerField(
        _l("Progress (per cent)"),
        description=_l("A whole number from 0 to 100."),
        invalid_value_message=_l("Enter the progress as a number from 0 to 100."),
        validators=[
            InputRequired(_l("Enter the progress as a number from 0 to 100.")),
            NumberRange(0, 100, _l("Enter the progress as a number from 0 to 100.")),
        ],
    )
    happened_on = DateField(
        _l("Date of the update"),
        description=_l("For example 2026-03-31."),
        validators=[InputRequired(_l("Enter the date as YYYY-MM-DD."))],
    )
    note = TextAreaField(
        _l("What has happened (optional)"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=_l("At most %(max)d characters.")),
            clean_text,
        ],
    )


class OfficialReplyForm(SubmissionTokenMixin, FlaskForm):
    body = TextAreaField(
        _l("Reply as the municipality"),
        description=_l("Shown with the municipality's name and marked as an official reply."),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Write the reply.")),
            Length(max=REPLY_MAX, message=_l("At most %(max)d characters.")),
            clean_text,
        ],
    )


class AddOptionForm(FlaskForm):
    label = StringField(
        _l("New status"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Write the name of the status.")),
            Length(max=100, message=_l("At most %(max)d characters.")),
            clean_text,
            one_line_name,
        ],
    )


class EditOptionForm(FlaskForm):
    label = StringField(
        _l("Name"),
        description=_l("Leave empty to use the standard name, translated for each language."),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=100, message=_l("At most %(max)d characters.")),
            clean_text,
            one_line_name,
        ],
    )
    is_archived = BooleanField(_l("No longer offered"))
