"""A goal document's problems in words an administrator reads, in Swedish or English.

One line per problem: where ("Plan 1 “Mål 2025”, goal 2 “1:1”"), which field ("the code")
and what is wrong ("must be text, not a number"). The items are named by what the file gives
them (a plan by its title, a goal or focus area by its code, else its title), so that the place
is found in the file without counting.
"""

from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from dialog.catalogue.importer.problems import Path, Problem

#: Items of a list, by the list's key: how one is called, with its number and name.
ITEMS = {
    "plans": _l("plan %(n)s"),
    "focus_areas": _l("focus area %(n)s"),
    "goals": _l("goal %(n)s"),
    "committees": _l("committee %(n)s"),
}
#: Keys of the format in words, as the subject of a sentence ("the code must be …").
FIELDS = {
    "municipality": _l("the municipality"),
    "plans": _l("the plans"),
    "name": _l("the name"),
    "slug": _l("the web name (slug)"),
    "vision": _l("the vision"),
    "en": _l("the English texts"),
    "logo": _l("the logo"),
    "file": _l("the file"),
    "alt": _l("the text alternative"),
    "brand_colour": _l("the brand colour"),
    "contact": _l("the contact details"),
    "address": _l("the address"),
    "email": _l("the e-mail address"),
    "phone": _l("the phone number"),
    "website": _l("the website"),
    "data_controller": _l("the data controller"),
    "data_protection_officer": _l("the data protection officer"),
    "accessibility_contact": _l("the accessibility contact"),
    "mail_sender": _l("the mail sender"),
    "comment_max_length": _l("the longest comment allowed"),
    "committees": _l("the committees"),
    "full_name": _l("the full name"),
    "districts": _l("the districts"),
    "title": _l("the title"),
    "intro": _l("the introduction"),
    "kind": _l("the kind"),
    "status": _l("the status"),
    "period": _l("the period"),
    "source": _l("the source"),
    "dialogue_level": _l("the dialogue level"),
    "dialogue": _l("the dialogue window"),
    "focus_areas": _l("the focus areas"),
    "goals": _l("the goals"),
    "code": _l("the code"),
    "description": _l("the description"),
    "opens": _l("the opening date"),
    "closes": _l("the closing date"),
    "ladder": _l("the step on the participation ladder"),
    "influence": _l("what residents can influence"),
    "readers": _l("who reads the input"),
}
#: The kinds of value the format has, as "must be …, not …" names them.
TYPES = {
    "text": _l("text"),
    "number": _l("a number"),
    "list": _l("a list"),
    "mapping": _l("a group of fields (key: value)"),
    "true/false": _l("true or false"),
    "boolean": _l("true or false"),
    "nothing": _l("empty"),
}
#: What a value that does not match its pattern should look like.
PATTERNS = {
    "empty": _l("%(field)s has no text."),
    "date": _l("%(field)s is not a date. Write it as YYYY-MM-DD, e.g. 2026-03-31."),
    "slug": _l("%(field)s may only have lowercase a–z, digits 0–9 and “-”."),
    "email": _l("%(field)s is not an e-mail address."),
    "phone": _l("%(field)s is not a phone number. Use digits, spaces, “-” and “+”."),
    "web": _l("%(field)s is not a web address. Write it with https://, e.g. https://lund.se."),
    "colour": _l("%(field)s is not a colour. Write it as #rrggbb, e.g. #00507a."),
    "image": _l("%(field)s must be an SVG or PNG file under static/, e.g. kommuner/lund.svg."),
    "one_line": _l(
        "%(field)s must be one line: remove the line breaks, tabs and invisible control characters."
    ),
    "control": _l("%(field)s has invisible control characters. Remove them."),
}
#: The light colours a brand colour meets (importer.site.TEXT_COLOURS).
AGAINST = {"#ffffff": _l("white"), "#f2f5f7": _l("the light tint")}
LABEL_LENGTH = 40
#: Around each name taken from the file, in lines for a page (`marked=True`): the page marks
#: the names as Swedish where it is in English (`admin/uploads.for_page`). Private-use
#: characters, which the names themselves are cleared of.
NAME_START, NAME_END = "\ue000", "\ue001"


def _label(item: Any, key: str, prefer_title: bool = False) -> str | None:
    """The name a list item has in the file: a code (unless `prefer_title`), else its title."""
    if not isinstance(item, dict):
        return None
    names = ["title", "slug"] if key == "plans" else ["name", "full_name"]
    if key in ("focus_areas", "goals"):
        names = ["title", "code"] if prefer_title else ["code", "title"]
    text = next((item[n] for n in names if isinstance(item.get(n), str) and item[n].strip()), None)
    if text is None:
        return None
    text = " ".join(text.replace(NAME_START, "").replace(NAME_END, "").split())
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"


def _child(node: Any, key: str | int) -> Any:
    if isinstance(key, int):
        return node[key] if isinstance(node, list) and 0 <= key < len(node) else None
    return node.get(key) if isinstance(node, dict) else None


def _field_words(key: str | int) -> str:
    return str(FIELDS[key]) if key in FIELDS else f"“{key}”"


Places = list[tuple[str, int]]


def _places(
    path: Path, document: Any, prefer_title: bool = False, marked: bool = False
) -> tuple[Places, Path]:
    """The items and groups `path` passes through, in words (with the length of the path to
    each), and the rest of it (the field)."""
    places: Places = []
    node, index = document, 0
    while index < len(path):
        key = path[index]
        following = path[index + 1] if index + 1 < len(path) else None
        if isinstance(key, str) and key in ITEMS and isinstance(following, int):
            node = _child(_child(node, key), following)
            place = str(ITEMS[key]) % {"n": following + 1}
            name = _label(node, key, prefer_title)
            if name and marked:
                name = f"{NAME_START}{name}{NAME_END}"
            words = _("%(place)s “%(name)s”", place=place, name=name) if name else place
            index += 2
            places.append((words, index))
            continue
        rest = path[index:]
        if len(rest) == 1 or (len(rest) == 2 and isinstance(rest[1], int)):
            return places, rest
        index += 1
        places.append((_field_words(key), index))
        node = _child(node, key)
    return places, ()


def _subject(rest: Path, places: Places) -> str:
    """The field's words ("the code"), or the item itself when the problem is the item."""
    if not rest:
        return places.pop()[0] if places else _("the document")
    words = _field_words(rest[0])
    if len(rest) == 2:
        return _("%(field)s (item %(n)s)", field=words, n=int(rest[1]) + 1)
    return words


def _other(problem: Problem, document: Any, marked: bool) -> str:
    """The item a duplicate clashes with, named from where the two places part."""
    if problem.detail("other_file"):
        return _("a plan in %(file)s", file=problem.detail("other_file"))
    other: Path = problem.detail("other", ())
    places, _rest = _places(other, document, prefer_title=True, marked=marked)
    apart = [words for words, end in places if other[:end] != problem.path[:end]]
    return ", ".join(apart or [places[-1][0]])


def _number(value: float) -> str:
    text = f"{value:g}"
    locale = get_locale()
    return text.replace(".", ",") if locale is not None and locale.language == "sv" else text


def _sentence(problem: Problem, field: str, document: Any, marked: bool) -> str:
    """What is wrong with `field`, in plain words."""
    value, code = problem.detail("value"), problem.code
    if code == "missing":
        return _("%(field)s is missing.", field=field)
    if code == "wrong_type":
        expected = str(TYPES.get(problem.detail("expected"), problem.detail("expected")))
        got = str(TYPES.get(problem.detail("got"), problem.detail("got")))
        return _(
            "%(field)s must be %(expected)s, not %(got)s.", field=field, expected=expected, got=got
        )
    if code == "not_allowed":
        allowed = ", ".join(problem.detail("allowed", ()))
        return _(
            "%(field)s cannot be “%(value)s”. Use one of: %(allowed)s.",
            field=field,
            value=value,
            allowed=allowed,
        )
    if code == "pattern":
        return str(PATTERNS[problem.detail("kind")]) % {"field": field}
    if code == "too_long":
        limit = problem.detail("limit")
        return _("%(field)s is too long (at most %(n)s characters).", field=field, n=limit)
    if code == "too_small":
        return _("%(field)s must be at least %(n)s.", field=field, n=problem.detail("limit"))
    if code == "too_large":
        return _("%(field)s must be at most %(n)s.", field=field, n=problem.detail("limit"))
    if code == "no_keys":
        return _("%(field)s is empty. Give at least one of its fields.", field=field)
    if code == "no_slug":
        source = _field_words(problem.detail("source"))
        return _(
            "%(field)s is missing, and %(source)s has no letters or digits to make one from.",
            field=field,
            source=source,
        )
    if code == "duplicate":
        other = _other(problem, document, marked)
        return _(
            "%(field)s “%(value)s” is already used by %(other)s.",
            field=field,
            value=value,
            other=other,
        )
    if code == "twice":
        return _("%(field)s: “%(value)s” is given twice.", field=field, value=value)
    if code == "same_title":
        other = _other(problem, document, marked)
        return _(
            "%(field)s is the same as that of %(other)s, and neither has a code. Give one of "
            "them a code.",
            field=field,
            other=other,
        )
    if code == "status_kind":
        return _(
            "%(field)s “%(value)s” does not fit the kind “%(kind)s”. Use one of: %(allowed)s.",
            field=field,
            value=value,
            kind=problem.detail("kind"),
            allowed=", ".join(problem.detail("allowed", ())),
        )
    if code == "level_needs_areas":
        return _(
            "%(field)s “%(value)s” needs at least one focus area (kind focus_area). Sections "
            "and drivers of change are not open for dialogue.",
            field=field,
            value=value,
        )
    if code == "no_such_date":
        return _("%(field)s “%(value)s” is not a day in the calendar.", field=field, value=value)
    if code == "closes_before_opens":
        return _("%(field)s is before the opening date.", field=field)
    if code == "contrast":
        return _(
            "%(field)s has too little contrast against %(against)s (%(colour)s): %(ratio)s:1, "
            "and at least %(minimum)s:1 is needed. Choose a darker colour.",
            field=field,
            against=str(AGAINST.get(problem.detail("against"), problem.detail("against"))),
            colour=problem.detail("against"),
            ratio=_number(problem.detail("ratio")),
            minimum=_number(problem.detail("minimum")),
        )
    if code == "no_such_file":
        return _("%(field)s “%(value)s” is not a file under static/.", field=field, value=value)
    return _("%(field)s: %(message)s", field=field, message=problem.message)


def in_words(problem: Problem, document: Any, marked: bool = False) -> str:
    """One line for people: where, which field, and what is wrong; with `marked`, the names
    from the file are between NAME_START and NAME_END."""
    # A name given twice is said of the whole list ("the committees"), not of its item.
    path = problem.path[:-1] if problem.code == "twice" else problem.path
    found, rest = _places(path, document, marked=marked)
    if problem.code == "unknown_key":
        key = rest[0] if rest else problem.path[-1]
        text = _("“%(key)s” is not a field the import knows. Check the spelling.", key=key)
    else:  # the subject may be the last place itself ("Plan 2 must be …")
        text = _sentence(problem, _subject(rest, found), document, marked)
    places = [words for words, _end in found]
    line = f"{', '.join(places)}: {text}" if places else text
    return line[:1].upper() + line[1:]
