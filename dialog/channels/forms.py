"""The officials' forms: upload a file of comments, publish or unpublish one imported comment."""

from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from markupsafe import Markup, escape
from wtforms import SelectField

from dialog.channels.reading import COLUMNS
from dialog.participation.models import IMPORTED_CHANNELS


class ImportForm(FlaskForm):
    document = FileField(
        _l("File of comments"),
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
        self.document.description = columns_hint()
        self.channel.choices = [("", _l("None: every row names its channel"))] + [
            (channel.value, channel.label) for channel in IMPORTED_CHANNELS
        ]


#: The Swedish name the hint gives each column (the importer reads a few more, "synpunkt" for
#: the text among them): the officials' pages call the text a "kommentar".
SHOWN_SWEDISH = ("kommentar", "kanal", "inkommen", "referens", "kommundel", "åldersgrupp")


def columns_hint() -> Markup:
    """The file's columns by name, each marked with its language: Swedish names in an English
    sentence (and English ones in a Swedish sentence) are read with the right voice."""

    def names(found: Iterable[str], lang: str) -> Markup:
        return Markup(", ").join(Markup('<code lang="{}">{}</code>').format(lang, n) for n in found)

    sentence = _(
        "CSV (UTF-8, comma or semicolon), Excel (.xlsx) or JSON with the columns %(english)s "
        "(or their Swedish names %(swedish)s); only text is required."
    )
    return Markup(escape(sentence)) % {  # noqa: S704 (escaped; the names are our own)
        "english": names(COLUMNS, "en"),
        "swedish": names(SHOWN_SWEDISH, "sv"),
    }


class PublishForm(FlaskForm):
    """A button that posts nothing but its CSRF token (publish, and unpublish)."""
