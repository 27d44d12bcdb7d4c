"""The officials' forms: upload a file of comments, publish or unpublish one imported comment."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField

from dialog.participation.models import IMPORTED_CHANNELS


class ImportForm(FlaskForm):
    document = FileField(
        _l("File of comments"),
        description=_l(
            "CSV (UTF-8, comma or semicolon), Excel (.xlsx) or JSON with the columns text, "
            "channel, received_on, ref, district and age_band (or their Swedish names synpunkt, "
            "kanal, inkommen, referens, kommundel and åldersgrupp); only text is required."
        ),
        render_kw={"accept": ".csv,.xlsx,.json"},
    )
    channel = SelectField(
        _l("Channel for rows that name none"),
        description=_l("Used only where the file's channel column is empty or missing."),
        choices=[],
        validate_choice=True,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.channel.choices = [("", _l("None: every row names its channel"))] + [
            (channel.value, channel.label) for channel in IMPORTED_CHANNELS
        ]


class PublishForm(FlaskForm):
    """A button that posts nothing but its CSRF token (publish, and unpublish)."""
