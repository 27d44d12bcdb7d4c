"""Validate a parsed goal document against the JSON Schema and the rules it cannot express."""

import json
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

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
#: What a failed pattern means, by the pattern (one per kind of value in the schema).
PATTERN_MESSAGES = {
    "\\S": "empty text",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "not a date (write YYYY-MM-DD)",
    "^[a-z0-9]+(-[a-z0-9]+)*$": "not a valid slug (lowercase a-z, 0-9 and '-')",
    "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$": "not an e-mail address",
    "^\\+?[0-9][0-9 ()-]{3,38}[0-9]$": "not a phone number (digits, spaces, '-', '+')",
    "^https?://[^\\s/]+\\.[^\\s]+$": "not a web address (write https://…)",
    "^#[0-9a-fA-F]{6}$": "not a colour (write #rrggbb, e.g. #00507a)",
}
IMAGE_PATTERN_MESSAGE = "not an SVG or PNG file under static/ (e.g. kommuner/lund.svg)"


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def field_path(parts: Iterable[str | int]) -> str:
    """('plans', 0, 'title') → 'plans[0].title'."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    return {str: "text", dict: "mapping", list: "list", int: "number", float: "number"}.get(
        type(value), type(value).__name__
    )


def _describe(error: ValidationError) -> list[str]:
    where = list(error.absolute_path)
    # jsonschema types these as "Any | Unset"; for the validators below they are always set.
    value: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if error.validator == "required":
        missing = [name for name in value if name not in instance]
        return [f"{field_path([*where, name])}: missing" for name in missing]
    if error.validator == "additionalProperties":
        properties = set(schema.get("properties", {}))
        unknown = [key for key in instance if key not in properties]
        return [f"{field_path([*where, key])}: unknown key" for key in unknown]
    if error.validator == "type":
        expected = TYPE_NAMES.get(value, value)
        return [
            f"{field_path(where)}: wrong type (expected {expected}, got {_type_name(instance)})"
        ]
    if error.validator == "enum":
        name = where[-1] if where else "value"
        allowed = ", ".join(value)
        return [f"{field_path(where)}: unknown {name} '{instance}' (allowed: {allowed})"]
    if error.validator == "pattern":
        message = PATTERN_MESSAGES.get(value, IMAGE_PATTERN_MESSAGE)
        return [f"{field_path(where)}: {message}"]
    if error.validator in ("minimum", "maximum"):
        bound = "at least" if error.validator == "minimum" else "at most"
        return [f"{field_path(where)}: out of range ({bound} {value})"]
    if error.validator == "minProperties":
        return [f"{field_path(where)}: empty (give at least one key)"]
    if error.validator == "maxLength":
        return [f"{field_path(where)}: too long (at most {value} characters)"]
    return [f"{field_path(where)}: {error.message}"]


def municipality_slug(municipality: dict) -> str:
    return municipality.get("slug") or slugify(municipality["name"])


def plan_slug(plan: dict) -> str:
    return plan.get("slug") or slugify(plan["title"])


def validate_document(data: Any, static_root: Path = STATIC_ROOT) -> list[str]:
    """Every problem in the document (as parsed: anything until the schema has checked it),
    schema problems first, then duplicates and site checks."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    problems = [line for error in errors for line in _describe(error)]
    if problems:
        return problems
    return _duplicate_problems(data) + _site_problems(data["municipality"], static_root)


def _site_problems(municipality: dict, static_root: Path) -> list[str]:
    problems = committee_problems(municipality.get("committees", []))
    if "brand_colour" in municipality:
        problems += colour_problems(municipality["brand_colour"], "municipality.brand_colour")
    if "logo" in municipality:
        file = municipality["logo"]["file"]
        problems += logo_problems(file, static_root, "municipality.logo.file")
    return problems


def _duplicate_problems(data: dict) -> list[str]:
    problems = []
    if not slugify(data["municipality"]["name"]) and "slug" not in data["municipality"]:
        problems.append("municipality.slug: missing (the name gives no slug)")
    problems.extend(_district_problems(data["municipality"].get("districts", [])))
    plan_slugs: dict[str, int] = {}
    for p, plan in enumerate(data["plans"]):
        slug = plan_slug(plan)
        if not slug:
            problems.append(f"plans[{p}].slug: missing (the title gives no slug)")
        elif slug in plan_slugs:
            problems.append(
                f"plans[{p}].slug: duplicate slug '{slug}' (as plans[{plan_slugs[slug]}])"
            )
        plan_slugs.setdefault(slug, p)
        problems.extend(plan_kind_problems(plan, f"plans[{p}]"))
        problems.extend(dialogue_level_problems(plan, f"plans[{p}]"))
        problems.extend(_plan_duplicates(plan, f"plans[{p}]"))
        problems.extend(_window_problems(plan, f"plans[{p}]"))
    return problems


def _district_problems(names: list[str]) -> list[str]:
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        key = " ".join(name.split()).casefold()
        if key in seen:
            problems.append(f"municipality.districts[{index}]: duplicate district '{name}'")
        seen.setdefault(key, index)
    return problems


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _window_problems(plan: dict, where: str) -> list[str]:
    """Dates must exist, and a window cannot close before it opens."""
    windows = [(f"{where}.dialogue", plan.get("dialogue"))]
    windows += [
        (f"{where}.focus_areas[{a}].goals[{g}].dialogue", goal.get("dialogue"))
        for a, area in enumerate(plan.get("focus_areas", []))
        for g, goal in enumerate(area.get("goals", []))
    ]
    windows += [
        (f"{where}.goals[{g}].dialogue", goal.get("dialogue"))
        for g, goal in enumerate(plan.get("goals", []))
    ]
    problems = []
    for path, window in windows:
        if window is None:
            continue
        days = {key: parse_day(window[key]) for key in ("opens", "closes") if key in window}
        for key, day in days.items():
            if day is None:
                problems.append(f"{path}.{key}: no such date '{window[key]}'")
        opens, closes = days.get("opens"), days.get("closes")
        if opens and closes and closes < opens:
            problems.append(f"{path}.closes: before the opening date")
    return problems


def _plan_duplicates(plan: dict, where: str) -> list[str]:
    problems = []
    area_codes: dict[str, str] = {}
    area_titles: dict[str, str] = {}
    for a, area in enumerate(plan.get("focus_areas", [])):
        path = f"{where}.focus_areas[{a}]"
        problems.extend(_check_unique(area, path, area_codes, area_titles))
    goal_codes: dict[str, str] = {}
    goal_titles: dict[str, str] = {}
    goals = [
        (f"{where}.focus_areas[{a}].goals[{g}]", goal)
        for a, area in enumerate(plan.get("focus_areas", []))
        for g, goal in enumerate(area.get("goals", []))
    ] + [(f"{where}.goals[{g}]", goal) for g, goal in enumerate(plan.get("goals", []))]
    for path, goal in goals:
        problems.extend(_check_unique(goal, path, goal_codes, goal_titles))
        names: dict[str, int] = {}
        for c, name in enumerate(goal.get("committees", [])):
            key = " ".join(name.split()).casefold()
            if key in names:
                problems.append(f"{path}.committees[{c}]: duplicate committee '{name}'")
            names.setdefault(key, c)
    return problems


def _check_unique(item: dict, path: str, codes: dict, titles: dict) -> list[str]:
    """Codes are unique in a plan; so are titles of items without a code (they match by title)."""
    if "code" in item:
        code = item["code"].strip()
        if code in codes:
            return [f"{path}.code: duplicate code '{code}' (as {codes[code]})"]
        codes[code] = path
        return []
    title = " ".join(item["title"].split()).casefold()
    if title in titles:
        return [f"{path}.title: duplicate title without a code (as {titles[title]})"]
    titles[title] = path
    return []
