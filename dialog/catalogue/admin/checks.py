"""The importer's rules, asked of a form.

A form's change is written into the municipality's document as `export_municipality` gives
it, and `validate_document` judges the whole document, exactly as it judges an import file.
Problems the stored content already had are not blamed on the form; the rest are keyed by
the form field they name and put into words for people.
"""

import re
from collections.abc import Iterable
from typing import TypeVar

from flask_babel import lazy_gettext as _l

from dialog.catalogue.importer import export_municipality
from dialog.catalogue.importer.validation import validate_document
from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan

_Item = TypeVar("_Item", FocusArea, Goal)

#: Importer message (a regular expression on what follows the path) → the words people see.
MESSAGES = [
    (r"^missing \(the \w+ gives no slug\)", _l("Give a name that has letters or digits.")),
    (r"^missing$", _l("This field is required.")),
    (r"empty text", _l("This field is required.")),
    (r"unknown \w+ '.*' \(allowed", _l("Choose one of the options.")),
    (r"not a date", _l("Write a date as YYYY-MM-DD.")),
    (r"no such date", _l("There is no such date.")),
    (r"before the opening date", _l("The closing date is before the opening date.")),
    (r"not a valid slug", _l("Use only lowercase a–z, 0–9 and '-'.")),
    (r"not an e-mail address", _l("Enter an e-mail address, like namn@kommun.se.")),
    (r"not a phone number", _l("Enter a phone number: digits, spaces, '-' and '+'.")),
    (r"not a web address", _l("Enter a web address that begins with https://.")),
    (r"not a colour", _l("Write the colour as #rrggbb, e.g. #00507a.")),
    (r"not an SVG or PNG file", _l("The logo must be an SVG or PNG file.")),
    (r"no such file under static", _l("The logo file is missing. Upload it again.")),
    (r"too long \(at most (?P<n>\d+)", _l("Too long: at most %(n)s characters.")),
    (r"out of range \(at least (?P<n>\d+)", _l("Too small: at least %(n)s.")),
    (r"out of range \(at most (?P<n>\d+)", _l("Too large: at most %(n)s.")),
    (r"duplicate slug", _l("Another plan of this municipality already uses this web name.")),
    (r"duplicate code '(?P<value>.*)'", _l("Another item in this plan has the code %(value)s.")),
    (
        r"duplicate title without a code",
        _l("Another item in this plan has this title and no code. Give one of them a code."),
    ),
    (r"does not fit kind", _l("This status does not fit the kind of document.")),
    (
        r"needs at least one group of kind focus_area",
        _l("Only focus areas can be opened for dialogue, and this plan has none."),
    ),
    (
        r"duplicate committee '(?P<value>.*)'",
        _l("%(value)s is already a committee of this municipality."),
    ),
    (
        r"too little contrast: (?P<ratio>[\d.]+):1",
        _l(
            "Too little contrast (%(ratio)s:1) against white or the light tint; at least 4.5:1 "
            "is needed. Choose a darker colour."
        ),
    ),
]


def in_words(message: str) -> str:
    """The importer's message about one field, as a sentence in the visitor's language."""
    for pattern, text in MESSAGES:
        found = re.search(pattern, message)
        if found:
            return str(text) % found.groupdict() if found.groupdict() else str(text)
    return message


def document(municipality: Municipality) -> dict:
    """The municipality as an import file would give it (archived items left out)."""
    return export_municipality(municipality)


def _shown(items: Iterable[_Item]) -> list[_Item]:
    return [item for item in items if not item.is_archived]


def plan_data(document_: dict, plan: Plan) -> dict:
    return document_["plans"][plan.municipality.plans.index(plan)]


def take_area(document_: dict, area: FocusArea) -> dict | None:
    """Remove the focus area's entry from the document and return it (None if archived)."""
    areas = plan_data(document_, area.plan).get("focus_areas", [])
    shown = _shown(area.plan.focus_areas)
    return areas.pop(shown.index(area)) if area in shown else None


def take_goal(document_: dict, goal: Goal) -> dict | None:
    """Remove the goal's entry from the document and return it (None if archived)."""
    if goal.is_archived or (goal.focus_area and goal.focus_area.is_archived):
        return None
    data = plan_data(document_, goal.plan)
    if goal.focus_area is None:
        siblings, entries = [g for g in goal.plan.goals if g.focus_area_id is None], data["goals"]
    else:
        area_index = _shown(goal.plan.focus_areas).index(goal.focus_area)
        siblings, entries = goal.focus_area.goals, data["focus_areas"][area_index]["goals"]
    return entries.pop(_shown(siblings).index(goal))


def append_last(document_: dict, plan: Plan, key: str, entry: dict) -> str:
    """Put `entry` last in the plan's `key` list, so that a clash is blamed on it; its path."""
    entries = plan_data(document_, plan).setdefault(key, [])
    entries.append(entry)
    return f"plans[{plan.municipality.plans.index(plan)}].{key}[{len(entries) - 1}]"


def _split(line: str) -> tuple[str, str]:
    path, _sep, message = line.partition(": ")
    return path, message


def _under(path: str, prefix: str) -> str | None:
    """What follows `prefix` in `path` ('' for the item itself), or None if elsewhere."""
    if path == prefix:
        return ""
    for joint in (".", "["):
        if path.startswith(prefix + joint):
            return path[len(prefix) + (1 if joint == "." else 0) :]
    return None


def problems(
    before: dict, after: dict, prefix: str, fields: dict[str, str]
) -> dict[str, list[str]]:
    """Problems `after` (the document with the form's change) has and `before` had not, by
    form field: `fields` maps a key under `prefix` ("en.title") to a field name; problems
    elsewhere, or under no known key, are keyed ''."""
    known = set(validate_document(before))
    found: dict[str, list[str]] = {}
    for line in validate_document(after):
        if line in known:
            continue
        path, message = _split(line)
        rest = _under(path, prefix)
        key = ""
        if rest is not None:
            key = fields.get(rest) or fields.get(re.sub(r"\[\d+\]$", "", rest), "")
        found.setdefault(key, []).append(in_words(message))
    return found


def put(target: dict, key: str, value: object) -> None:
    """Set `key` only when there is a value, as the import format leaves empty keys out."""
    if value not in (None, "", [], {}):
        target[key] = value


def english(**texts: str | None) -> dict:
    return {key: value for key, value in texts.items() if value}
