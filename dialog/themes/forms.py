"""Officials' forms on the themes page: compute again, rename, merge, tag."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from dialog.core.forms import IntegerField, NumberRange, whole_choice
from dialog.core.urls import MAX_ID

#: A theme's or a tag's id: one the database's integer column can hold (else a 500 there).
AN_ID = [InputRequired(), NumberRange(min=1, max=MAX_ID)]


class ComputeForm(FlaskForm):
    pass


class RenameForm(FlaskForm):
    theme_id = IntegerField(validators=AN_ID)
    label = StringField(
        _l("Name of the theme"),
        validators=[Optional(), Length(max=200)],
        description=_l("Leave empty to use the computed name."),
    )


class MergeForm(FlaskForm):
    theme_id = IntegerField(validators=AN_ID)
    into_id = SelectField(
        _l("Merge into"),
        coerce=whole_choice,
        validate_choice=False,  # the service checks that both themes are of one run
        validators=[InputRequired(message=_l("Choose the theme to merge into."))],
    )


class TagForm(FlaskForm):
    name = StringField(
        _l("Tag"),
        validators=[
            DataRequired(message=_l("Write the name of the tag.")),
            Length(max=80, message=_l("A tag is at most 80 characters.")),
        ],
    )
    #: "plan" when the form is on a plan's themes page (where to go back to).
    scope = HiddenField()


class UntagForm(FlaskForm):
    tag_id = IntegerField(validators=AN_ID)
    scope = HiddenField()
