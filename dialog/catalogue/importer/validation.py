"""Validate a parsed goal document against the JSON Schema and the rules it cannot express.

`find_problems` gives every problem as a `Problem`: put into words by `wording.py`, and
matched by its code and path in the content forms (`admin/checks.py`)."""

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from dialog.catalogue.importer.problems import Path as Where
from dialog.catalogue.importer.problems import Problem, field_path, problem
from dialog.catalogue.importer.site import (
    colour_problems,
    committee_problems,
    dialogue_level_problems,
    logo_problems,
    plan_kind_problems,
)
from dialog.core.text import slugify

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "import-schema.json"
STATIC_ROOT = Path(__file__).resolve().parents[3] / "static"
TYPE_NAMES = {"string": "text", "object": "mapping", "array": "list", "integer": "number"}
#: What a failed pattern means, by the pattern (one per kind of value in the schema): the kind
#: of value (for `wording.py`) and the technical message.
PATTERN_MESSAGES = {
    "\\S": ("empty", "empty text"),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": ("date", "not a date (write YYYY-MM-DD)"),
    "^[a-z0-9]+(-[a-z0-9]+)*$": ("slug", "not a valid slug (lowercase a-z, 0-9 and '-')"),
    "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$": ("email", "not an e-mail address"),
    "^\\+?[0-9][0-9 ()-]{3,38}[0-9]$": ("phone", "not a phone number (digits, spaces, '-', '+')"),
    "^https?://[^\\s/]+\\.[^\\s]+$": ("web", "not a web address (write https://…)"),
    "^#[0-9a-fA-F]{6}$": ("colour", "not a colour (write #rrggbb, e.g. #00507a)"),
    # A name goes into a mail's subject and From header, a page's title and lists: one line.
    "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$(?!\\n)": (
        "one_line",
        "not one line (a line break, tab or control character)",
    ),
    # Titles and texts may wrap (titles are stored on one line), but no one types NUL or ESC.
    "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$": (
        "control",
        "has control characters",
    ),
}
IMAGE_PATTERN_MESSAGE = ("image", "not an SVG or PNG file under static/ (e.g. kommuner/lund.svg)")


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    return {str: "text", dict: "mapping", list: "list", int: "number", float: "number"}.get(
        type(value), type(value).__name__
    )


def _describe(error: ValidationError) -> list[Problem]:
    where = list(error.absolute_path)
    # jsonschema types these as "Any | Unset"; for the validators below they are always set.
    value: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if error.validator == "required":
        missing = [name for name in value if name not in instance]
        return [problem([*where, name], "missing", "missing") for name in missing]
    if error.validator == "additionalProperties":
        properties = set(schema.get("properties", {}))
        unknown = [key for key in instance if key not in properties]
        return [problem([*where, key], "unknown_key", "unknown key") for key in unknown]
    if error.validator == "type":
        expected, got = TYPE_NAMES.get(value, value), _type_name(instance)
        message = f"wrong type (expected {expected}, got {got})"
        return [problem(where, "wrong_type", message, expected=expected, got=got)]
    if error.validator == "enum":
        name = where[-1] if where else "value"
        allowed = ", ".join(value)
        message = f"unknown {name} '{instance}' (allowed: {allowed})"
        return [problem(where, "not_allowed", message, value=str(instance), allowed=list(value))]
    if error.validator == "pattern":
        kind, message = PATTERN_MESSAGES.get(value, IMAGE_PATTERN_MESSAGE)
        return [problem(where, "pattern", message, kind=kind, value=str(instance))]
    if error.validator in ("minimum", "maximum"):
        bound = "at least" if error.validator == "minimum" else "at most"
        code = "too_small" if error.validator == "minimum" else "too_large"
        return [problem(where, code, f"out of range ({bound} {value})", limit=value)]
    if error.validator == "minProperties":
        return [problem(where, "no_keys", "empty (give at least one key)")]
    if error.validator == "maxLength":
        message = f"too long (at most {value} characters)"
        return [problem(where, "too_long", message, limit=value)]
    return [problem(where, "schema", error.message)]


def municipality_slug(municipality: dict) -> str:
    return municipality.get("slug") or slugify(municipality["name"])


def plan_slug(plan: dict) -> str:
    return plan.get("slug") or slugify(plan["title"])


def find_problems(data: Any, static_root: Path = STATIC_ROOT) -> list[Problem]:
    """Every problem in the document (as parsed: anything until the schema has checked it),
    schema problems first, then duplicates and site checks."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    # jsonschema reports each missing key of an object as an error of its own, and each such
    # error names the object's whole list of required keys: said once, a problem is counted once.
    problems = list(dict.fromkeys(found for error in errors for found in _describe(error)))
    if problems:
        return problems
    return _duplicate_problems(data) + _site_problems(data["municipality"], static_root)


def _site_problems(municipality: dict, static_root: Path) -> list[Problem]:
    problems = committee_problems(municipality.get("committees", []))
    if "brand_colour" in municipality:
        where = ("municipality", "brand_colour")
        problems += colour_problems(municipality["brand_colour"], where)
    if "logo" in municipality:
        file = municipality["logo"]["file"]
        problems += logo_problems(file, static_root, ("municipality", "logo", "file"))
    return problems


def duplicate(where: Where, kind: str, value: str, other: Where | str) -> Problem:
    """`value` (a slug, code or name) is already used by `other`: a path, or another file."""
    if isinstance(other, str):
        message = f"duplicate {kind} '{value}' (also in {other})"
        return problem(where, "duplicate", message, value=value, other_file=other)
    message = f"duplicate {kind} '{value}' (as {field_path(other)})"
    return problem(where, "duplicate", message, value=value, other=other)


def _duplicate_problems(data: dict) -> list[Problem]:
    problems = []
    if not slugify(data["municipality"]["name"]) and "slug" not in data["municipality"]:
        message = "missing (the name gives no slug)"
        problems.append(problem(("municipality", "slug"), "no_slug", message, source="name"))
    problems.extend(_district_problems(data["municipality"].get("districts", [])))
    plan_slugs: dict[str, int] = {}
    for p, plan in enumerate(data["plans"]):
        slug = plan_slug(plan)
        where: Where = ("plans", p)
        if not slug:
            message = "missing (the title gives no slug)"
            problems.append(problem((*where, "slug"), "no_slug", message, source="title"))
        elif slug in plan_slugs:
            problems.append(duplicate((*where, "slug"), "slug", slug, ("plans", plan_slugs[slug])))
        plan_slugs.setdefault(slug, p)
        problems.extend(plan_kind_problems(plan, where))
        problems.extend(dialogue_level_problems(plan, where))
        problems.extend(_plan_duplicates(plan, where))
        problems.extend(_window_problems(plan, where))
    return problems


def twice(where: Where, kind: str, value: str) -> Problem:
    """A name given twice in one list (districts, a goal's committees)."""
    return problem(where, "twice", f"duplicate {kind} '{value}'", value=value)


def _district_problems(names: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        key = " ".join(name.split()).casefold()
        if key in seen:
            problems.append(twice(("municipality", "districts", index), "district", name))
        seen.setdefault(key, index)
    return problems


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _window_problems(plan: dict, where: Where) -> list[Problem]:
    """Dates must exist, and a window cannot close before it opens."""
    windows = [((*where, "dialogue"), plan.get("dialogue"))]
    windows += [
        ((*where, "focus_areas", a, "goals", g, "dialogue"), goal.get("dialogue"))
        for a, area in enumerate(plan.get("focus_areas", []))
        for g, goal in enumerate(area.get("goals", []))
    ]
    windows += [
        ((*where, "goals", g, "dialogue"), goal.get("dialogue"))
        for g, goal in enumerate(plan.get("goals", []))
    ]
    problems = []
    for path, window in windows:
        if window is None:
            continue
        days = {key: parse_day(window[key]) for key in ("opens", "closes") if key in window}
        for key, day in days.items():
            if day is None:
                message = f"no such date '{window[key]}'"
                problems.append(problem((*path, key), "no_such_date", message, value=window[key]))
        opens, closes = days.get("opens"), days.get("closes")
        if opens and closes and closes < opens:
            message = "before the opening date"
            problems.append(problem((*path, "closes"), "closes_before_opens", message))
    return problems


def _plan_duplicates(plan: dict, where: Where) -> list[Problem]:
    problems = []
    area_codes: dict[str, Where] = {}
    area_titles: dict[str, Where] = {}
    for a, area in enumerate(plan.get("focus_areas", [])):
        path: Where = (*where, "focus_areas", a)
        problems.extend(_check_unique(area, path, area_codes, area_titles))
    goal_codes: dict[str, Where] = {}
    goal_titles: dict[str, Where] = {}
    goals = [
        ((*where, "focus_areas", a, "goals", g), goal)
        for a, area in enumerate(plan.get("focus_areas", []))
        for g, goal in enumerate(area.get("goals", []))
    ] + [((*where, "goals", g), goal) for g, goal in enumerate(plan.get("goals", []))]
    for path, goal in goals:
        problems.extend(_check_unique(goal, path, goal_codes, goal_titles))
        names: dict[str, int] = {}
        for c, name in enumerate(goal.get("committees", [])):
            key = " ".join(name.split()).casefold()
            if key in names:
                problems.append(twice((*path, "committees", c), "committee", name))
            names.setdefault(key, c)
    return problems


def _check_unique(item: dict, path: Where, codes: dict, titles: dict) -> list[Problem]:
    """Codes are unique in a plan; so are titles of items without a code (they match by title)."""
    if "code" in item:
        code = item["code"].strip()
        if code in codes:
            return [duplicate((*path, "code"), "code", code, codes[code])]
        codes[code] = path
        return []
    title = " ".join(item["title"].split()).casefold()
    if title in titles:
        message = f"duplicate title without a code (as {field_path(titles[title])})"
        return [problem((*path, "title"), "same_title", message, other=titles[title])]
    titles[title] = path
    return []
