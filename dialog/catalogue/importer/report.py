"""What an import changes: one entry per item, in two forms.

`ImportReport.lines()` is the technical record, in English, that the command line prints and
the audit log keeps ("changed goal plan lund/mal-2025 «Trygga gator» (title)");
`ImportReport.in_words()` says the same to the official on the upload page, in the page's
language ("Ändras: målet ”Trygga gator” i styrdokumentet ”Mål 2025” (titel)").
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from dialog.catalogue.importer.wording import NAME_END, NAME_START


@dataclass(frozen=True)
class Change:
    """One item the import adds, changes or archives."""

    #: "municipality", "plan", "focus area", "goal", "district" or "committee".
    item: str
    #: How the command line names it: "goal plan lund/mal-2025 «Trygga gator»".
    label: str
    #: The item's name or title, as the file gives it.
    name: str
    #: The title of the plan a focus area or goal is in.
    plan: str | None = None
    #: The change is to the item's dialogue window.
    window: bool = False
    #: What changed: the columns, "committees" or "dialogue window removed".
    fields: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.label} ({', '.join(self.fields)})" if self.fields else self.label


#: An item by its kind, with its name (and its plan's title).
ITEMS = {
    "municipality": _l("the municipality “%(name)s”"),
    "plan": _l("the plan “%(name)s”"),
    "focus area": _l("the focus area “%(name)s” in the plan “%(plan)s”"),
    "goal": _l("the goal “%(name)s” in the plan “%(plan)s”"),
    "district": _l("the district “%(name)s”"),
    "committee": _l("the committee “%(name)s”"),
}
#: What changed, in the short words of a list in brackets.
FIELDS = {
    "name": _l("name"),
    "full_name": _l("full name"),
    "vision": _l("vision"),
    "vision_en": _l("vision in English"),
    "comment_max_length": _l("longest comment allowed"),
    "brand_colour": _l("brand colour"),
    "logo_file": _l("logo"),
    "logo_alt": _l("text alternative of the logo"),
    "contact_address": _l("address"),
    "contact_email": _l("e-mail address"),
    "contact_phone": _l("phone number"),
    "website": _l("website"),
    "controller_name": _l("data controller"),
    "controller_email": _l("data controller's e-mail address"),
    "controller_phone": _l("data controller's phone number"),
    "dpo_name": _l("data protection officer"),
    "dpo_email": _l("data protection officer's e-mail address"),
    "dpo_phone": _l("data protection officer's phone number"),
    "accessibility_email": _l("accessibility contact's e-mail address"),
    "accessibility_phone": _l("accessibility contact's phone number"),
    "mail_sender_name": _l("mail sender's name"),
    "mail_sender_address": _l("mail sender's address"),
    "title": _l("title"),
    "title_en": _l("title in English"),
    "kind": _l("kind"),
    "status": _l("status"),
    "period": _l("period"),
    "intro": _l("introduction"),
    "intro_en": _l("introduction in English"),
    "source": _l("source"),
    "dialogue_level": _l("dialogue level"),
    "code": _l("code"),
    "description": _l("description"),
    "description_en": _l("description in English"),
    "position": _l("order"),
    "is_archived": _l("no longer archived"),
    "focus_area_id": _l("focus area"),
    "committees": _l("committees"),
    "opens_on": _l("opening date"),
    "closes_on": _l("closing date"),
    "ladder_step": _l("step on the participation ladder"),
    "influence": _l("what residents can influence"),
    "influence_en": _l("what residents can influence, in English"),
    "readers": _l("who reads the input"),
    "readers_en": _l("who reads the input, in English"),
    "dialogue window removed": _l("dialogue window removed"),
}


def _item_words(change: Change, marked: bool) -> str:
    def name(text: str | None) -> str:
        return f"{NAME_START}{text}{NAME_END}" if marked else str(text)

    words = str(ITEMS[change.item]) % {"name": name(change.name), "plan": name(change.plan)}
    return _("the dialogue window of %(item)s", item=words) if change.window else words


def in_words(verb: str, change: Change, marked: bool = False) -> str:
    """One line for the page: "Changed: the goal “…” in the plan “…” (title)"; with `marked`,
    the names from the file are between NAME_START and NAME_END (wording.in_words)."""
    item = _item_words(change, marked)
    if verb == "added":
        line = _("New: %(item)s", item=item)
    elif verb == "archived":
        line = _("Archived: %(item)s", item=item)
    else:
        line = _("Changed: %(item)s", item=item)
    if change.fields:
        line += f" ({', '.join(str(FIELDS.get(f, f)) for f in change.fields)})"
    return line


@dataclass
class ImportReport:
    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    archived: list[Change] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.archived)

    def _entries(self) -> list[tuple[str, Change]]:
        return (
            [("added", c) for c in self.added]
            + [("changed", c) for c in self.changed]
            + [("archived", c) for c in self.archived]
        )

    def lines(self) -> list[str]:
        """The command line's lines, in English whatever the language (the audit log's too)."""
        return [f"{verb} {change}" for verb, change in self._entries()]

    def in_words(self, marked: bool = False) -> list[str]:
        """The same changes in the language of the request, one line each."""
        return [in_words(verb, change, marked) for verb, change in self._entries()]
