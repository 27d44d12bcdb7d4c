"""The importer's rules, asked of a form.

A form's change is written into the municipality's document as `export_municipality` gives
it, and `find_problems` judges the whole document, exactly as it judges an import file.
Problems the stored content already had are not blamed on the form; the rest are keyed by
the form field their path names and put into words for people by their code, never by the
wording of the importer's technical line.
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from dialog.catalogue.importer import export_municipality, wording
from dialog.catalogue.importer.problems import Path, Problem
from dialog.catalogue.importer.validation import find_problems
from dialog.catalogue.kinds import PlanKind
from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan

_Item = TypeVar("_Item", FocusArea, Goal)

#: The words a form shows for a problem, by its code; a failed pattern by the kind of value
#: ("pattern.date"), a duplicate by the field it is in ("duplicate.code"). %(n)s is the
#: problem's limit, %(value)s its value, %(ratio)s a contrast.
WORDS = {
    "no_slug": _l("Give a name that has letters or digits."),
    "missing": _l("This field is required."),
    "pattern.empty": _l("This field is required."),
    "not_allowed": _l("Choose one of the options."),
    "pattern.date": _l("Write a date as YYYY-MM-DD."),
    "no_such_date": _l("There is no such date."),
    "closes_before_opens": _l("The closing date is before the opening date."),
    "pattern.slug": _l("Use only lowercase a–z, 0–9 and '-'."),
    "pattern.email": _l("Enter an e-mail address, like namn@kommun.se."),
    "pattern.phone": _l("Enter a phone number: digits, spaces, '-' and '+'."),
    "pattern.web": _l("Enter a web address that begins with https://."),
    "pattern.colour": _l("Write the colour as #rrggbb, e.g. #00507a."),
    "pattern.image": _l("The logo must be an SVG or PNG file."),
    "pattern.one_line": _l(
        "Write the name on one line, without line breaks, tabs or invisible control characters."
    ),
    "pattern.control": _l("Remove the invisible control characters and try again."),
    "no_such_file": _l("The logo file is missing. Upload it again."),
    "too_long": _l("Too long: at most %(n)s characters."),
    "too_small": _l("Too small: at least %(n)s."),
    "too_large": _l("Too large: at most %(n)s."),
    "duplicate.slug": _l("Another plan of this municipality already uses this web name."),
    "duplicate.code": _l("Another item in this plan has the code %(value)s."),
    "same_title": _l(
        "Another item in this plan has this title and no code. Give one of them a code."
    ),
    "status_kind": _l(
        "This status does not fit the kind of document. A document of the kind “%(kind)s” "
        "can be: %(allowed)s."
    ),
    "level_needs_areas": _l(
        "Only focus areas can be opened for dialogue, and this plan has none yet. Choose “The "
        "goals” for now; once the plan has focus areas, change the plan and choose them here."
    ),
    "duplicate.name": _l("%(value)s is already a committee of this municipality."),
    "duplicate.full_name": _l("%(value)s is already a committee of this municipality."),
    "contrast": _l(
        "Too little contrast (%(ratio)s:1) against white or the light tint; at least 4.5:1 "
        "is needed. Choose a darker colour."
    ),
}


def _words_key(found: Problem) -> str:
    if found.code == "pattern":
        return f"pattern.{found.detail('kind')}"
    if found.code == "duplicate":
        return f"duplicate.{found.field}"
    return found.code


def in_words(found: Problem, document: Any) -> str:
    """The problem with one field, as a sentence in the visitor's language; a problem the
    forms have no words of their own for is said as the import says it."""
    text = WORDS.get(_words_key(found))
    if text is None:
        return wording.in_words(found, document)
    ratio = found.detail("ratio")
    values = {
        "n": found.detail("limit"),
        "value": found.detail("value"),
        "ratio": format_decimal(ratio, "0.00") if isinstance(ratio, float | int) else ratio,
        **_kind_and_statuses(found),
    }
    return str(text) % values


def _kind_and_statuses(found: Problem) -> dict[str, str]:
    """The kind of document and the statuses it may have, in the words of the form's lists,
    so that a refused status says which to choose instead."""
    kind = found.detail("kind")
    if found.code != "status_kind" or kind not in {k.value for k in PlanKind}:
        return {}
    statuses = PlanKind(kind).statuses
    return {"kind": PlanKind(kind).label, "allowed": ", ".join(s.label.lower() for s in statuses)}


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


def append_last(document_: dict, plan: Plan, key: str, entry: dict) -> Path:
    """Put `entry` last in the plan's `key` list, so that a clash is blamed on it; its path."""
    entries = plan_data(document_, plan).setdefault(key, [])
    entries.append(entry)
    return ("plans", plan.municipality.plans.index(plan), key, len(entries) - 1)


def _field_key(rest: Path) -> str:
    """The key of a `fields` mapping a path names ('en.title'; a list's item names the list)."""
    if rest and isinstance(rest[-1], int):
        rest = rest[:-1]
    return ".".join(str(part) for part in rest)


def problems(
    before: dict, after: dict, prefix: Path, fields: dict[str, str]
) -> dict[str, list[str]]:
    """Problems `after` (the document with the form's change) has and `before` had not, by
    form field: `fields` maps a key under `prefix` ("en.title") to a field name; problems
    elsewhere, or under no known key, are keyed ''."""
    known = set(find_problems(before))
    found: dict[str, list[str]] = {}
    for problem in find_problems(after):
        if problem in known:
            continue
        key = ""
        if problem.path[: len(prefix)] == prefix:
            key = fields.get(_field_key(problem.path[len(prefix) :]), "")
        found.setdefault(key, []).append(in_words(problem, after))
    return found


def put(target: dict, key: str, value: object) -> None:
    """Set `key` only when there is a value, as the import format leaves empty keys out."""
    if value not in (None, "", [], {}):
        target[key] = value


def english(**texts: str | None) -> dict:
    return {key: value for key, value in texts.items() if value}
