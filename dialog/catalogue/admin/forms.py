"""Forms for the catalogue; each gives its values as an entry in the import format.

The forms only parse: whether the values are acceptable is decided by the importer's rules
(`checks.py`), so that a form and an import file are judged alike.
"""

from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypedDict

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)

# types-WTForms describes WTForms 3.2; SelectChoice came in 3.3.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import Optional

from dialog.catalogue.admin.checks import english, put
from dialog.catalogue.importer.municipality import SITE_KEYS
from dialog.catalogue.kinds import (
    CommitteeKind,
    DialogueLevel,
    GoalKind,
    GroupKind,
    PlanKind,
    PlanStatus,
)
from dialog.catalogue.models import LadderStep
from dialog.core.forms import SubmissionTokenMixin, clean_text, strip_filter
from dialog.core.text import one_line, whole_number


class _TextOptions(TypedDict):
    filters: list[Callable[[Any], Any]]
    validators: list[Any]


TEXT: _TextOptions = {"filters": [strip_filter], "validators": [clean_text]}
#: A description is longer than its title, and its box too (a browser's default is two lines).
TEXT_BOX = {"rows": 6}


def _one_line(value: object) -> object:
    return one_line(value) if isinstance(value, str) else value


def title_field(label: str) -> TextAreaField:
    """A title (of a plan, focus area, goal or assignment, often a whole sentence) in a box of
    three lines, to be read in whole; a title is one line all the same, so what is typed is
    stored as `one_line` gives it, as the importer stores a title from a file."""
    return TextAreaField(label, render_kw={"rows": 3}, filters=[_one_line], validators=[clean_text])


class _Labelled(Protocol):
    """A kind or status: its value is sent, its label shown."""

    @property
    def value(self) -> str: ...

    @property
    def label(self) -> str: ...


def _choices(kinds: Iterable[_Labelled]) -> list[SelectChoice]:
    return [SelectChoice(kind.value, kind.label) for kind in kinds]


class ContentCheckboxes(SelectMultipleField):
    """Boxes named by municipal content (committees): the labels are marked as Swedish on an
    English page (`_forms.html` asks `choices_are_content`)."""

    choices_are_content = True


class _Form(FlaskForm):
    """Choices from the kinds' labels, made per request so that they are in its language."""

    KINDS: dict[str, Iterable[_Labelled]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, kinds in self.KINDS.items():
            getattr(self, name).choices = _choices(kinds)


class GoalForm(_Form):
    KINDS = {"kind": GoalKind}
    code = StringField(_l("Code"), description=_l("Optional, e.g. 1.2."), **TEXT)
    title = title_field(_l("Title"))
    description = TextAreaField(_l("Description"), render_kw=TEXT_BOX, **TEXT)
    kind = SelectField(_l("Kind"), choices=[])
    area = SelectField(_l("Focus area"), choices=[], default="")
    # Boxes rather than a multiple <select>, which needs Ctrl (or ⌘) and cannot be used on a phone.
    committee_ids = ContentCheckboxes(
        _l("Committees"),
        description=_l("The committees given an assignment. Choose one or more."),
        choices=[],
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )
    title_en = title_field(_l("Title in English"))
    description_en = TextAreaField(_l("Description in English"), render_kw=TEXT_BOX, **TEXT)

    def entry(self, committee_names: list[str]) -> dict:
        data: dict = {}
        put(data, "code", self.code.data)
        put(data, "title", self.title.data)
        put(data, "description", self.description.data)
        data["kind"] = self.kind.data
        put(data, "en", english(title=self.title_en.data, description=self.description_en.data))
        put(data, "committees", committee_names)
        return data


class FocusAreaForm(_Form):
    KINDS = {"kind": GroupKind}
    code = StringField(_l("Code"), description=_l("Optional, e.g. A."), **TEXT)
    title = title_field(_l("Title"))
    kind = SelectField(_l("Kind"), choices=[])
    description = TextAreaField(_l("Description"), **TEXT)
    title_en = title_field(_l("Title in English"))
    description_en = TextAreaField(_l("Description in English"), **TEXT)

    def entry(self) -> dict:
        data: dict = {}
        put(data, "code", self.code.data)
        if self.kind.data != GroupKind.FOCUS_AREA.value:
            data["kind"] = self.kind.data
        put(data, "title", self.title.data)
        put(data, "description", self.description.data)
        put(data, "en", english(title=self.title_en.data, description=self.description_en.data))
        return data


class PlanForm(_Form):
    KINDS = {"kind": PlanKind, "status": PlanStatus, "dialogue_level": DialogueLevel}
    title = title_field(_l("Title"))
    slug = StringField(
        _l("Web name"),
        description=_l("Part of the page address, e.g. budget-2027; made from the title if empty."),
        **TEXT,
    )
    kind = SelectField(_l("Kind of document"), choices=[], default=PlanKind.GOVERNING.value)
    # A status the kind above can have: the first one listed, a proposal's, was refused for a
    # governing document, so a new plan saved as the form offered it was sent back.
    status = SelectField(_l("Status"), choices=[], default=PlanStatus.ADOPTED.value)
    period = StringField(_l("Period"), description=_l("e.g. 2025–2028"), **TEXT)
    dialogue_level = SelectField(
        _l("What residents comment on and rate"),
        description=_l(
            "While the plan is open for dialogue. Focus areas can be chosen once the plan has "
            "some; sections are never open."
        ),
        choices=[],
    )
    intro = TextAreaField(_l("Introduction"), **TEXT)
    source = TextAreaField(_l("Source"), description=_l("Where the document is published."), **TEXT)
    title_en = title_field(_l("Title in English"))
    intro_en = TextAreaField(_l("Introduction in English"), **TEXT)

    def entry(self) -> dict:
        data: dict = {}
        if self.slug is not None:  # removed when the plan exists: its slug stays
            put(data, "slug", self.slug.data)
        put(data, "title", self.title.data)
        data["kind"], data["status"] = self.kind.data, self.status.data
        if self.dialogue_level.data != DialogueLevel.GOALS.value:
            data["dialogue_level"] = self.dialogue_level.data
        for key in ("period", "intro", "source"):
            put(data, key, getattr(self, key).data)
        put(data, "en", english(title=self.title_en.data, intro=self.intro_en.data))
        return data


class WindowForm(_Form):
    KINDS = {"ladder": LadderStep}
    opens = StringField(_l("Opens"), render_kw={"type": "date"}, **TEXT)
    closes = StringField(
        _l("Closes"),
        description=_l("The last day residents can take part. Leave empty to keep it open."),
        render_kw={"type": "date"},
        **TEXT,
    )
    ladder = SelectField(
        _l("Step on the participation ladder"),
        choices=[],
    )
    influence = TextAreaField(_l("What residents can influence"), **TEXT)
    readers = TextAreaField(_l("Who reads the input, and when"), **TEXT)
    influence_en = TextAreaField(_l("What residents can influence, in English"), **TEXT)
    readers_en = TextAreaField(_l("Who reads the input, in English"), **TEXT)

    def entry(self) -> dict:
        data: dict = {}
        for key in ("opens", "closes", "ladder", "influence", "readers"):
            put(data, key, getattr(self, key).data)
        put(data, "en", english(influence=self.influence_en.data, readers=self.readers_en.data))
        return data


class CommitteeForm(_Form):
    KINDS = {"kind": CommitteeKind}
    name = StringField(_l("Name"), description=_l("Short name, e.g. LKF."), **TEXT)
    full_name = StringField(_l("Full name"), description=_l("Optional."), **TEXT)
    kind = SelectField(_l("Kind"), choices=[])

    def entry(self) -> dict:
        data: dict = {}
        put(data, "name", self.name.data)
        put(data, "full_name", self.full_name.data)
        data["kind"] = self.kind.data
        return data


class MunicipalityForm(FlaskForm):
    name = StringField(_l("Name"), **TEXT)
    slug = StringField(
        _l("Web name"), description=_l("e.g. lund; made from the name if empty."), **TEXT
    )

    def entry(self) -> dict:
        data: dict = {}
        put(data, "name", self.name.data)
        put(data, "slug", self.slug.data)
        return data


class SettingsForm(FlaskForm):
    name = StringField(_l("Name of the municipality"), **TEXT)
    vision = TextAreaField(_l("Vision"), **TEXT)
    vision_en = TextAreaField(_l("Vision in English"), **TEXT)
    comment_max_length = StringField(
        _l("Longest comment (characters)"),
        description=_l("Leave empty for the site's default."),
        render_kw={"inputmode": "numeric"},
        **TEXT,
    )
    logo = FileField(
        _l("New logo (PNG)"),
        description=_l("A PNG image of at most 200 kB. Leave empty to keep the present logo."),
        render_kw={"accept": "image/png"},
    )
    logo_alt = StringField(
        _l("Text alternative of the logo"),
        description=_l("What the logo says, for those who cannot see it, e.g. Lunds kommun."),
        **TEXT,
    )
    remove_logo = BooleanField(_l("Remove the logo"), validators=[Optional()])
    brand_colour = StringField(
        _l("Brand colour"),
        description=_l("As #rrggbb; white text on it needs a contrast of at least 4.5:1."),
        **TEXT,
    )
    contact_address = TextAreaField(_l("Postal address"), **TEXT)
    contact_email = StringField(_l("Contact e-mail"), **TEXT)
    contact_phone = StringField(_l("Contact phone"), **TEXT)
    website = StringField(_l("Website"), **TEXT)
    controller_name = StringField(_l("Data controller"), **TEXT)
    controller_email = StringField(_l("Data controller's e-mail"), **TEXT)
    controller_phone = StringField(_l("Data controller's phone"), **TEXT)
    dpo_name = StringField(_l("Data protection officer"), **TEXT)
    dpo_email = StringField(_l("Data protection officer's e-mail"), **TEXT)
    dpo_phone = StringField(_l("Data protection officer's phone"), **TEXT)
    accessibility_email = StringField(_l("Accessibility contact e-mail"), **TEXT)
    accessibility_phone = StringField(_l("Accessibility contact phone"), **TEXT)
    mail_sender_name = StringField(_l("Mail sender name"), **TEXT)
    mail_sender_address = StringField(_l("Mail sender address"), **TEXT)

    def entry(self, logo_file: str | None) -> dict:
        """The municipality's keys of the import format; `logo_file` is under static/."""
        values = {column: getattr(self, column).data for column in self._site_columns()}
        values["logo_file"] = logo_file
        values["comment_max_length"] = _number(self.comment_max_length.data)
        data: dict = {}
        put(data, "name", self.name.data)
        for key, columns in SITE_KEYS.items():
            if None in columns:
                put(data, key, values[columns[None]])
                continue
            put(data, key, {sub: values[col] for sub, col in columns.items() if values[col]})
        return data

    def _site_columns(self) -> list[str]:
        return [c for cols in SITE_KEYS.values() for c in cols.values() if c != "logo_file"]


def _number(text: str | None) -> int | str | None:
    """An integer when the text is one; the text otherwise, so that the schema names it."""
    if not text:
        return None
    number = whole_number(text)
    return text if number is None else number


class UploadForm(FlaskForm):
    document = FileField(
        _l("Goal document"),
        description=_l(
            "A YAML or JSON file in the import format, like the current content you can "
            "download above: change that file, or write yours the same way."
        ),
        render_kw={"accept": ".yaml,.yml,.json"},
    )


class ConfirmUploadForm(SubmissionTokenMixin, FlaskForm):
    upload = HiddenField()


class ActionForm(FlaskForm):
    """Buttons that post without other fields (archive, restore, move, close)."""
