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
from dialog.catalogue.kinds import DialogueLevel, GroupKind
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
        # A YAML key may be a number, true/false or null: named as text, it is not an index.
        unknown = [str(key) for key in instance if key not in properties]
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
    schema problems first, then duplicates and site checks.

    The deeper checks run also when the schema refuses the document, on every part it found
    sound (`_Sound`): one upload reports every problem, not the schema's first and the rest
    after the next upload."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    # jsonschema reports each missing key of an object as an error of its own, and each such
    # error names the object's whole list of required keys: said once, a problem is counted once.
    problems = list(dict.fromkeys(found for error in errors for found in _describe(error)))
    if not isinstance(data, dict):
        return problems
    sound = _Sound(problems)
    deeper = _duplicate_problems(data, sound)
    municipality = data.get("municipality")
    if isinstance(municipality, dict):
        deeper += _site_problems(municipality, sound, static_root)
    return list(dict.fromkeys(problems + deeper))


class _Sound:
    """What the deeper checks may read of a document: the values the schema found nothing
    wrong with (nothing at their path or under it). A check skips a value that is missing,
    of the wrong type or refused by the schema (which has said so already), and so only the
    part it cannot read; the lists and mappings around a value need only be of their type."""

    def __init__(self, schema_problems: list[Problem]) -> None:
        self._refused = {
            found.path[:end] for found in schema_problems for end in range(len(found.path) + 1)
        }

    def text(self, node: Any, path: Where, key: str) -> str | None:
        """`node[key]` (`node` is at `path`) if it is text the schema accepts, else None."""
        value = node.get(key) if isinstance(node, dict) else None
        return value if isinstance(value, str) and (*path, key) not in self._refused else None

    def texts(self, node: Any, path: Where, key: str) -> list[tuple[Where, str]]:
        """The sound text items of the list `node[key]`, with their paths."""
        return [
            (where, item)
            for where, item in _items(node, path, key)
            if isinstance(item, str) and where not in self._refused
        ]

    def texts_of(self, node: Any, path: Where, keys: tuple[str, ...]) -> dict[str, str]:
        """The sound text values of `keys` in `node`."""
        found = {key: self.text(node, path, key) for key in keys}
        return {key: text for key, text in found.items() if text is not None}

    def optional(self, node: dict, path: Where, key: str, default: str) -> str | None:
        """`node[key]` if sound, `default` if it is not given, None if it cannot be read."""
        return self.text(node, path, key) if key in node else default


def _items(node: Any, path: Where, key: str) -> list[tuple[Where, Any]]:
    """The items of the list `node[key]` with their paths; none if it is not a list."""
    found = node.get(key) if isinstance(node, dict) else None
    return (
        [((*path, key, i), item) for i, item in enumerate(found)] if isinstance(found, list) else []
    )


def _site_problems(municipality: dict, sound: _Sound, static_root: Path) -> list[Problem]:
    where: Where = ("municipality",)
    committees = [
        (index, sound.texts_of(committee, path, ("name", "full_name")))
        for index, (path, committee) in enumerate(_items(municipality, where, "committees"))
    ]
    problems = committee_problems(committees)
    colour = sound.text(municipality, where, "brand_colour")
    if colour is not None:
        problems += colour_problems(colour, (*where, "brand_colour"))
    file = sound.text(municipality.get("logo"), (*where, "logo"), "file")
    if file is not None:
        problems += logo_problems(file, static_root, (*where, "logo", "file"))
    return problems


def duplicate(where: Where, kind: str, value: str, other: Where | str) -> Problem:
    """`value` (a slug, code or name) is already used by `other`: a path, or another file."""
    if isinstance(other, str):
        message = f"duplicate {kind} '{value}' (also in {other})"
        return problem(where, "duplicate", message, value=value, other_file=other)
    message = f"duplicate {kind} '{value}' (as {field_path(other)})"
    return problem(where, "duplicate", message, value=value, other=other)


def _duplicate_problems(data: dict, sound: _Sound) -> list[Problem]:
    problems = []
    municipality = data.get("municipality")
    if isinstance(municipality, dict):
        name = sound.text(municipality, ("municipality",), "name")
        if name is not None and not slugify(name) and "slug" not in municipality:
            message = "missing (the name gives no slug)"
            problems.append(problem(("municipality", "slug"), "no_slug", message, source="name"))
        districts = sound.texts(municipality, ("municipality",), "districts")
        problems.extend(_twice_problems(districts, "district"))
    plan_slugs: dict[str, int] = {}
    for p, (where, plan) in enumerate(_items(data, (), "plans")):
        if not isinstance(plan, dict):
            continue
        # The slug the plan gives, else its title's (None: the one it has cannot be read).
        title = sound.text(plan, where, "title")
        slug = sound.text(plan, where, "slug") if "slug" in plan else title and slugify(title)
        if slug == "":
            message = "missing (the title gives no slug)"
            problems.append(problem((*where, "slug"), "no_slug", message, source="title"))
        elif slug is not None and slug in plan_slugs:
            problems.append(duplicate((*where, "slug"), "slug", slug, ("plans", plan_slugs[slug])))
        if slug:
            plan_slugs.setdefault(slug, p)
        status, kind = sound.text(plan, where, "status"), sound.optional(plan, where, "kind", "")
        if status is not None and kind is not None:
            problems.extend(plan_kind_problems(status, kind, where))
        problems.extend(_level_problems(plan, where, sound))
        problems.extend(_plan_duplicates(plan, where, sound))
        problems.extend(_window_problems(plan, where, sound))
    return problems


def _level_problems(plan: dict, where: Where, sound: _Sound) -> list[Problem]:
    """The dialogue level against the kinds of the plan's groups (None: a group or its kind
    that cannot be read)."""
    level = sound.optional(plan, where, "dialogue_level", DialogueLevel.GOALS)
    if level is None:
        return []
    if "focus_areas" in plan and not isinstance(plan["focus_areas"], list):
        return []
    kinds = [
        sound.optional(area, path, "kind", GroupKind.FOCUS_AREA) if isinstance(area, dict) else None
        for path, area in _items(plan, where, "focus_areas")
    ]
    return dialogue_level_problems(level, kinds, where)


def twice(where: Where, kind: str, value: str) -> Problem:
    """A name given twice in one list (districts, a goal's committees)."""
    return problem(where, "twice", f"duplicate {kind} '{value}'", value=value)


def _twice_problems(names: list[tuple[Where, str]], kind: str) -> list[Problem]:
    """Names in one list (districts, a goal's committees) that are the same but for case and
    spaces."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for path, name in names:
        key = " ".join(name.split()).casefold()
        if key in seen:
            problems.append(twice(path, kind, name))
        seen.add(key)
    return problems


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _window_problems(plan: dict, where: Where, sound: _Sound) -> list[Problem]:
    """Dates must exist, and a window cannot close before it opens."""
    windows = [((*where, "dialogue"), plan.get("dialogue"))]
    windows += [
        ((*path, "dialogue"), goal.get("dialogue"))
        for path, goal in _goals(plan, where)
        if isinstance(goal, dict)
    ]
    problems = []
    for path, window in windows:
        texts = {key: sound.text(window, path, key) for key in ("opens", "closes")}
        days = {key: parse_day(text) for key, text in texts.items() if text is not None}
        for key, day in days.items():
            if day is None:
                message = f"no such date '{texts[key]}'"
                problems.append(problem((*path, key), "no_such_date", message, value=texts[key]))
        opens, closes = days.get("opens"), days.get("closes")
        if opens and closes and closes < opens:
            message = "before the opening date"
            problems.append(problem((*path, "closes"), "closes_before_opens", message))
    return problems


def _goals(plan: dict, where: Where) -> list[tuple[Where, Any]]:
    """The plan's goals with their paths: in its focus areas, then its own."""
    return [
        goal
        for path, area in _items(plan, where, "focus_areas")
        for goal in _items(area, path, "goals")
    ] + _items(plan, where, "goals")


def _plan_duplicates(plan: dict, where: Where, sound: _Sound) -> list[Problem]:
    problems = []
    area_codes: dict[str, Where] = {}
    area_titles: dict[str, Where] = {}
    for path, area in _items(plan, where, "focus_areas"):
        problems.extend(_check_unique(area, path, area_codes, area_titles, sound))
    goal_codes: dict[str, Where] = {}
    goal_titles: dict[str, Where] = {}
    for path, goal in _goals(plan, where):
        problems.extend(_check_unique(goal, path, goal_codes, goal_titles, sound))
        problems.extend(_twice_problems(sound.texts(goal, path, "committees"), "committee"))
    return problems


def _check_unique(
    item: Any, path: Where, codes: dict, titles: dict, sound: _Sound
) -> list[Problem]:
    """Codes are unique in a plan; so are titles of items without a code (they match by title).
    An item whose code (or, without one, title) cannot be read is not compared."""
    if not isinstance(item, dict):
        return []
    if "code" in item:
        code = sound.text(item, path, "code")
        if code is None:
            return []
        code = code.strip()
        if code in codes:
            return [duplicate((*path, "code"), "code", code, codes[code])]
        codes[code] = path
        return []
    title = sound.text(item, path, "title")
    if title is None:
        return []
    title = " ".join(title.split()).casefold()
    if title in titles:
        message = f"duplicate title without a code (as {field_path(titles[title])})"
        return [problem((*path, "title"), "same_title", message, other=titles[title])]
    titles[title] = path
    return []
