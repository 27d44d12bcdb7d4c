"""Writes from the content forms: check by the importer's rules, write, log; callers commit.

Each service takes the item's entry in the import format (as the form gives it), puts it into
the municipality's document, and refuses with `Invalid` (problems by form field) when the
importer would refuse that document. Nothing is deleted: archiving hides an item from
residents and keeps it, with its comments, for the record.
"""

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from dialog.catalogue.admin import checks
from dialog.catalogue.admin.permissions import administer_catalogue
from dialog.catalogue.admin.permissions import create_municipality as create_municipality_rule
from dialog.catalogue.importer.municipality import SITE_KEYS
from dialog.catalogue.importer.problems import Path
from dialog.catalogue.models import (
    Committee,
    CommitteeKind,
    DialogueLevel,
    FocusArea,
    Goal,
    GoalKind,
    GroupKind,
    Municipality,
    Plan,
)
from dialog.catalogue.search import refresh_index
from dialog.core import audit
from dialog.core.permissions import Actor, enforce
from dialog.core.text import slugify
from dialog.extensions import db

GOAL_FIELDS = {
    "code": "code",
    "title": "title",
    "description": "description",
    "kind": "kind",
    "en.title": "title_en",
    "en.description": "description_en",
    "committees": "committee_ids",
}
AREA_FIELDS = {key: value for key, value in GOAL_FIELDS.items() if key != "committees"}
PLAN_FIELDS = {
    "slug": "slug",
    "title": "title",
    "kind": "kind",
    "status": "status",
    "period": "period",
    "dialogue_level": "dialogue_level",
    "intro": "intro",
    "source": "source",
    "en.title": "title_en",
    "en.intro": "intro_en",
}
COMMITTEE_FIELDS = {"name": "name", "full_name": "full_name", "kind": "kind"}
SITE_FIELDS = {"name": "name", "slug": "slug"} | {
    key if sub is None else f"{key}.{sub}": column
    for key, columns in SITE_KEYS.items()
    for sub, column in columns.items()
}
SITE_FIELDS["logo.file"] = "logo"


class Invalid(Exception):
    """The importer's rules refuse the change: problems by form field ('' for the form)."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(line for lines in problems.values() for line in lines))


def _check(before: dict, after: dict, prefix: Path, fields: dict[str, str]) -> None:
    found = checks.problems(before, after, prefix, fields)
    if found:
        raise Invalid(found)


def _write(item: object, values: dict) -> tuple[dict, dict]:
    """Set what differs; (before, after) of the changed columns, for the audit log."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in values.items():
        if getattr(item, name) != value:
            before[name], after[name] = getattr(item, name), value
            setattr(item, name, value)
    return before, after


def _log(
    action: str,
    actor: Actor,
    municipality: Municipality,
    item: object,
    before: dict,
    after: dict,
) -> None:
    """Record the change and bring the municipality's search entries up to date."""
    db.session.flush()
    audit.record(
        action,
        actor=actor,
        municipality_id=municipality.id,
        target=item,
        before=before,
        after=after,
    )
    refresh_index([municipality.id])


def _text(entry: dict, key: str, english: bool = False) -> str | None:
    value = entry.get("en", {}).get(key) if english else entry.get(key)
    return value.strip() if isinstance(value, str) else None


def _allowed(actor: Actor, municipality: Municipality) -> None:
    enforce(administer_catalogue(actor, municipality))


def _next_position(items: Iterable[Plan | FocusArea | Goal | Committee]) -> int:
    return max((item.position for item in items), default=-1) + 1


def save_goal(
    municipality: Municipality,
    plan: Plan,
    goal: Goal | None,
    entry: dict,
    area: FocusArea | None,
    committees: Sequence[Committee],
    actor: Actor,
) -> Goal:
    """Create or change a goal; it moves last when it changes focus area."""
    _allowed(actor, municipality)
    before = checks.document(municipality)
    after = copy.deepcopy(before)
    old = checks.take_goal(after, goal) if goal is not None else None
    checks.put(entry, "dialogue", (old or {}).get("dialogue"))
    prefix = checks.append_last(after, plan, "goals", entry)
    _check(before, after, prefix, GOAL_FIELDS)
    siblings = area.goals if area else [g for g in plan.goals if g.focus_area_id is None]
    is_new = goal is None
    if goal is None:
        goal = Goal(plan=plan, position=_next_position(siblings))
        db.session.add(goal)
    elif goal.focus_area_id != (area.id if area else None):
        goal.position = _next_position(siblings)
    values = {
        "focus_area_id": area.id if area else None,
        "code": _text(entry, "code"),
        "title": _text(entry, "title"),
        "description": _text(entry, "description"),
        "kind": entry.get("kind", GoalKind.GOAL.value),
        "title_en": _text(entry, "title", english=True),
        "description_en": _text(entry, "description", english=True),
    }
    changed = _write(goal, values)
    if is_new or {c.id for c in goal.committees} != {c.id for c in committees}:
        changed[0]["committees"] = ", ".join(c.name for c in goal.committees)
        changed[1]["committees"] = ", ".join(c.name for c in committees)
        goal.committees = list(committees)
    action = "catalogue.goal.create" if is_new else "catalogue.goal.update"
    _log(action, actor, municipality, goal, *changed)
    return goal


def save_area(
    municipality: Municipality, plan: Plan, area: FocusArea | None, entry: dict, actor: Actor
) -> FocusArea:
    """Create or change a focus area (or section) of a plan."""
    _allowed(actor, municipality)
    before = checks.document(municipality)
    after = copy.deepcopy(before)
    old = checks.take_area(after, area) if area is not None else None
    checks.put(entry, "goals", (old or {}).get("goals"))
    prefix = checks.append_last(after, plan, "focus_areas", entry)
    _check(before, after, prefix, AREA_FIELDS)
    is_new = area is None
    if area is None:
        area = FocusArea(plan=plan, position=_next_position(plan.focus_areas))
        db.session.add(area)
    values = {
        "code": _text(entry, "code"),
        "kind": entry.get("kind", GroupKind.FOCUS_AREA.value),
        "title": _text(entry, "title"),
        "description": _text(entry, "description"),
        "title_en": _text(entry, "title", english=True),
        "description_en": _text(entry, "description", english=True),
    }
    action = "catalogue.focus_area.create" if is_new else "catalogue.focus_area.update"
    _log(action, actor, municipality, area, *_write(area, values))
    return area


def save_plan(municipality: Municipality, plan: Plan | None, entry: dict, actor: Actor) -> Plan:
    """Create or change a plan; its web name (slug) is given once, when it is created."""
    _allowed(actor, municipality)
    before = checks.document(municipality)
    after = copy.deepcopy(before)
    if plan is not None:
        old = after["plans"].pop(municipality.plans.index(plan))
        for key in ("focus_areas", "goals", "dialogue"):
            checks.put(entry, key, old.get(key))
        entry["slug"] = plan.slug
    after["plans"].append(entry)
    _check(before, after, ("plans", len(after["plans"]) - 1), PLAN_FIELDS)
    is_new = plan is None
    if plan is None:
        slug = entry.get("slug") or slugify(entry["title"])
        position = _next_position(municipality.plans)
        plan = Plan(municipality=municipality, slug=slug, position=position)
        db.session.add(plan)
    values = {
        "title": _text(entry, "title"),
        "title_en": _text(entry, "title", english=True),
        "kind": entry["kind"],
        "status": entry["status"],
        "period": _text(entry, "period"),
        "dialogue_level": entry.get("dialogue_level", DialogueLevel.GOALS.value),
        "intro": _text(entry, "intro"),
        "intro_en": _text(entry, "intro", english=True),
        "source": _text(entry, "source"),
    }
    action = "catalogue.plan.create" if is_new else "catalogue.plan.update"
    _log(action, actor, municipality, plan, *_write(plan, values))
    return plan


def save_committee(
    municipality: Municipality, committee: Committee | None, entry: dict, actor: Actor
) -> Committee:
    """Create or change a committee (nämnd, board or company) of the municipality."""
    _allowed(actor, municipality)
    before = checks.document(municipality)
    after = copy.deepcopy(before)
    listed = after["municipality"].setdefault("committees", [])
    if committee is not None:
        listed.pop(municipality.committees.index(committee))
    listed.append(entry)
    _check(before, after, ("municipality", "committees", len(listed) - 1), COMMITTEE_FIELDS)
    is_new = committee is None
    name = " ".join(entry["name"].split())
    _name_is_free(municipality, committee, name)
    if committee is None:
        taken = set(db.session.scalars(select(Committee.slug).filter_by(municipality=municipality)))
        slug, n = slugify(name) or "namnd", 2
        while slug in taken:
            slug, n = f"{slugify(name) or 'namnd'}-{n}", n + 1
        position = _next_position(municipality.committees)
        committee = Committee(municipality=municipality, slug=slug, position=position)
        db.session.add(committee)
    values = {
        "name": name,
        "full_name": " ".join(entry["full_name"].split()) if "full_name" in entry else None,
        "kind": entry.get("kind", CommitteeKind.COMMITTEE.value),
    }
    action = "catalogue.committee.create" if is_new else "catalogue.committee.update"
    _log(action, actor, municipality, committee, *_write(committee, values))
    return committee


def _name_is_free(municipality: Municipality, committee: Committee | None, name: str) -> None:
    """No two committees share a name, archived ones included (the document lists only the
    others, so the importer's own check cannot see them)."""
    others = select(Committee.name).filter_by(municipality_id=municipality.id)
    if committee is not None:
        others = others.where(Committee.id != committee.id)
    if name.casefold() in {other.casefold() for other in db.session.scalars(others)}:
        raise Invalid({"name": [_("Another committee already has this name.")]})


def save_settings(municipality: Municipality, settings: dict, actor: Actor) -> Municipality:
    """The municipality's name, vision, logo, colour, contacts and mail sender; the
    municipality is returned, as every form's service returns what it saved."""
    _allowed(actor, municipality)
    before = checks.document(municipality)
    after = copy.deepcopy(before)
    kept = {k: after["municipality"].get(k) for k in ("districts", "committees", "slug")}
    after["municipality"] = settings | {k: v for k, v in kept.items() if v}
    _check(before, after, ("municipality",), SITE_FIELDS)
    values = {"name": settings["name"].strip()}
    for key, columns in SITE_KEYS.items():
        for sub, column in columns.items():
            value = settings.get(key) if sub is None else settings.get(key, {}).get(sub)
            value = value.strip() if isinstance(value, str) else value
            values[column] = value.lower() if key == "brand_colour" and value else value
    _log(
        "catalogue.settings.update",
        actor,
        municipality,
        municipality,
        *_write(municipality, values),
    )
    return municipality


def create_municipality(entry: dict, actor: Actor) -> Municipality:
    """A new, empty municipality (platform administrators); its settings come next."""
    enforce(create_municipality_rule(actor))
    after = {"municipality": entry, "plans": []}
    _check({"municipality": {"name": "-"}, "plans": []}, after, ("municipality",), SITE_FIELDS)
    slug = entry.get("slug") or slugify(entry["name"])
    if db.session.scalar(select(Municipality.id).filter_by(slug=slug)) is not None:
        raise Invalid({"slug": [_("A municipality with this web name exists already.")]})
    last = db.session.scalar(select(func.max(Municipality.position)))
    municipality = Municipality(slug=slug, name=entry["name"].strip(), position=(last or 0) + 1)
    db.session.add(municipality)
    _log(
        "catalogue.municipality.create",
        actor,
        municipality,
        municipality,
        {},
        {"name": municipality.name, "slug": slug},
    )
    return municipality
