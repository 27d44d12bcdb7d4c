"""Write one validated goal document: update in place, archive what left, delete nothing."""

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Generic, TypeVar

from sqlalchemy import select

from dialog.catalogue.importer.municipality import site_values
from dialog.catalogue.importer.report import Change, ImportReport
from dialog.catalogue.importer.validation import municipality_slug, parse_day, plan_slug
from dialog.catalogue.kinds import KIND_FOR_STATUS, DialogueLevel
from dialog.catalogue.models import (
    Committee,
    CommitteeKind,
    DialogueWindow,
    District,
    FocusArea,
    Goal,
    GoalKind,
    GroupKind,
    Municipality,
    Plan,
    PlanStatus,
)
from dialog.core.text import one_line, slugify
from dialog.db import Base
from dialog.extensions import db

#: What the importer matches by code and title.
_Item = TypeVar("_Item", FocusArea, Goal)


def _normalise(text: str | None) -> str | None:
    """Trim outer whitespace; None stays None so that an omitted key clears the field."""
    return text.strip() if isinstance(text, str) else None


def _title(text: str | None) -> str | None:
    """A title as the content forms store it (`one_line`), so that a file and a form agree."""
    return one_line(text) if isinstance(text, str) else None


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _assign(obj: Base, values: dict[str, Any], subject: Change, report: ImportReport) -> None:
    """Set only what differs, so that an unchanged re-import touches nothing."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed and getattr(obj, "id", None) is not None:
        report.changed.append(replace(subject, fields=tuple(changed)))


def _in_plan(item: str, plan: Change, title: str) -> Change:
    """A focus area or goal of `plan`, as the report names it."""
    return Change(item, f"{item} {plan.label} «{title}»", title, plan=plan.name)


def _committee(municipality: Municipality, name: str) -> Change:
    return Change("committee", f"committee {municipality.slug} «{name}»", name)


def _english(data: dict) -> dict:
    english = data.get("en", {})
    return {
        "title_en": _title(english.get("title")),
        "description_en": _normalise(english.get("description")),
    }


def apply_document(data: dict, report: ImportReport | None = None) -> ImportReport:
    """Upsert the municipality, its plans, focus areas, goals and committees from `data`."""
    report = report or ImportReport()
    muni_data = data["municipality"]
    slug = municipality_slug(muni_data)
    subject = Change("municipality", f"municipality {slug}", muni_data["name"].strip())
    municipality = db.session.scalar(select(Municipality).filter_by(slug=slug))
    if municipality is None:
        municipality = Municipality(slug=slug, name=muni_data["name"].strip())
        db.session.add(municipality)
        report.added.append(subject)
    values = {"name": muni_data["name"].strip()} | site_values(muni_data)
    _assign(municipality, values, subject, report)
    db.session.flush()
    if "districts" in muni_data:
        _apply_districts(municipality, muni_data["districts"], report)
    committees = _CommitteeCache(municipality)
    for committee_data in muni_data.get("committees", []):
        committees.declare(committee_data, report)
    for plan_data in data["plans"]:
        _apply_plan(municipality, plan_data, committees, report)
    db.session.flush()
    return report


def _apply_plan(
    municipality: Municipality,
    plan_data: dict[str, Any],
    committees: "_CommitteeCache",
    report: ImportReport,
) -> None:
    slug = plan_slug(plan_data)
    subject = Change("plan", f"plan {municipality.slug}/{slug}", one_line(plan_data["title"]))
    plan = db.session.scalar(select(Plan).filter_by(municipality_id=municipality.id, slug=slug))
    if plan is None:
        plan = Plan(municipality=municipality, slug=slug)
        db.session.add(plan)
        report.added.append(subject)
    english = plan_data.get("en", {})
    status = PlanStatus(plan_data["status"])
    values = {
        "title": one_line(plan_data["title"]),
        "title_en": _title(english.get("title")),
        "kind": plan_data.get("kind") or KIND_FOR_STATUS[status].value,
        "status": status.value,
        "period": _normalise(plan_data.get("period")),
        "intro": _normalise(plan_data.get("intro")),
        "intro_en": _normalise(english.get("intro")),
        "source": _normalise(plan_data.get("source")),
        "dialogue_level": plan_data.get("dialogue_level", DialogueLevel.GOALS.value),
    }
    _assign(plan, values, subject, report)
    db.session.flush()
    _apply_window(plan_data.get("dialogue"), {"plan_id": plan.id}, subject, report)
    areas = _Matcher(list(db.session.scalars(select(FocusArea).filter_by(plan_id=plan.id))))
    goals = _Matcher(list(db.session.scalars(select(Goal).filter_by(plan_id=plan.id))))
    for position, area_data in enumerate(plan_data.get("focus_areas", [])):
        area = _apply_focus_area(plan, area_data, position, areas, subject, report)
        for goal_position, goal_data in enumerate(area_data.get("goals", [])):
            _apply_goal(plan, area, goal_data, goal_position, goals, committees, subject, report)
    for position, goal_data in enumerate(plan_data.get("goals", [])):
        _apply_goal(plan, None, goal_data, position, goals, committees, subject, report)
    for area in areas.unmatched():
        if not area.is_archived:
            area.is_archived = True
            report.archived.append(_in_plan("focus area", subject, area.title))
    for goal in goals.unmatched():
        if not goal.is_archived:
            goal.is_archived = True
            report.archived.append(_in_plan("goal", subject, goal.title))


def _apply_focus_area(
    plan: Plan,
    data: dict[str, Any],
    position: int,
    areas: "_Matcher[FocusArea]",
    in_plan: Change,
    report: ImportReport,
) -> FocusArea:
    subject = _in_plan("focus area", in_plan, one_line(data["title"]))
    area = _match_or_add(areas, data, lambda: FocusArea(plan=plan), subject, report)
    values = {
        "code": _normalise(data.get("code")),
        "kind": data.get("kind", GroupKind.FOCUS_AREA.value),
        "title": one_line(data["title"]),
        "description": _normalise(data.get("description")),
        "position": position,
        "is_archived": False,
    } | _english(data)
    _assign(area, values, subject, report)
    db.session.flush()
    return area


def _apply_goal(
    plan: Plan,
    area: FocusArea | None,
    data: dict[str, Any],
    position: int,
    goals: "_Matcher[Goal]",
    committees: "_CommitteeCache",
    in_plan: Change,
    report: ImportReport,
) -> None:
    subject = _in_plan("goal", in_plan, one_line(data["title"]))
    goal = _match_or_add(goals, data, lambda: Goal(plan=plan), subject, report)
    values = {
        "focus_area_id": area.id if area else None,
        "code": _normalise(data.get("code")),
        "title": one_line(data["title"]),
        "description": _normalise(data.get("description")),
        "kind": data.get("kind", GoalKind.GOAL.value),
        "position": position,
        "is_archived": False,
    } | _english(data)
    _assign(goal, values, subject, report)
    wanted = [committees.get(name) for name in data.get("committees", [])]
    if {c.id for c in goal.committees} != {c.id for c in wanted}:
        if goal.id is not None and subject not in report.added:
            report.changed.append(replace(subject, fields=("committees",)))
        goal.committees = wanted
    db.session.flush()
    _apply_window(data.get("dialogue"), {"goal_id": goal.id}, subject, report)


def _apply_window(data: dict | None, target: dict, owner: Change, report: ImportReport) -> None:
    """Create, update or remove the dialogue window of a plan or goal."""
    window = db.session.scalar(select(DialogueWindow).filter_by(**target))
    if data is None:
        if window is not None:
            db.session.delete(window)
            report.changed.append(replace(owner, fields=("dialogue window removed",)))
        return
    values = {
        "opens_on": parse_day(data["opens"]),
        "closes_on": parse_day(data["closes"]) if "closes" in data else None,
        "ladder_step": data["ladder"],
        "influence": data["influence"].strip(),
        "influence_en": _normalise(data.get("en", {}).get("influence")),
        "readers": data["readers"].strip(),
        "readers_en": _normalise(data.get("en", {}).get("readers")),
    }
    subject = replace(owner, label=f"{owner.label} dialogue window", window=True)
    if window is None:
        db.session.add(DialogueWindow(**target, **values))
        report.added.append(subject)
        return
    _assign(window, values, subject, report)


def _apply_districts(municipality: Municipality, names: list[str], report: ImportReport) -> None:
    """Districts match by name; those left out are archived, since profiles may name them."""
    stored = {_key(d.name): d for d in municipality.districts}
    wanted = set()
    for position, name in enumerate(names):
        key, clean = _key(name), " ".join(name.split())
        wanted.add(key)
        district = stored.get(key)
        subject = Change("district", f"district {municipality.slug} «{clean}»", clean)
        if district is None:
            district = District(municipality=municipality, name=clean)
            db.session.add(district)
            report.added.append(subject)
        values = {"name": clean, "position": position, "is_archived": False}
        _assign(district, values, subject, report)
    for key, district in stored.items():
        if key not in wanted and not district.is_archived:
            district.is_archived = True
            label = f"district {municipality.slug} «{district.name}»"
            report.archived.append(Change("district", label, district.name))


def _match_or_add(
    matcher: "_Matcher[_Item]",
    data: dict[str, Any],
    make: Callable[[], _Item],
    subject: Change,
    report: ImportReport,
) -> _Item:
    """The stored item the entry means, or a new one reported as added."""
    item = matcher.match(data)
    if item is None:
        item = make()
        db.session.add(item)
        report.added.append(subject)
    return item


class _Matcher(Generic[_Item]):
    """Find the stored item a document entry means: by code, then by title; each used once."""

    def __init__(self, items: list[_Item]) -> None:
        self.items: list[_Item] = items
        self.used: set[int] = set()

    def match(self, data: dict[str, Any]) -> _Item | None:
        code = _normalise(data.get("code"))
        title = _key(data["title"])
        candidates = [i for i in self.items if i.id not in self.used]
        found = next((i for i in candidates if code and i.code == code), None)
        if found is None:
            found = next((i for i in candidates if _key(i.title) == title), None)
        if found is not None:
            self.used.add(found.id)
        return found

    def unmatched(self) -> list[_Item]:
        return [i for i in self.items if i.id not in self.used]


class _CommitteeCache:
    """Committees of one municipality by case- and space-insensitive name or full name."""

    def __init__(self, municipality: Municipality):
        self.municipality = municipality
        stored = db.session.scalars(select(Committee).filter_by(municipality_id=municipality.id))
        self.by_key: dict[str, Committee] = {}
        #: New committees are listed after those the municipality already has.
        self.next_position = 0
        for committee in stored:
            self._remember(committee)
            self.next_position = max(self.next_position, committee.position + 1)

    def _remember(self, committee: Committee) -> None:
        self.by_key[_key(committee.name)] = committee
        if committee.full_name:
            self.by_key.setdefault(_key(committee.full_name), committee)

    def declare(self, data: dict, report: ImportReport) -> None:
        """A committee listed under municipality.committees: its kind and full name."""
        is_new = _key(data["name"]) not in self.by_key
        committee = self.get(data["name"], report)
        values = {
            "kind": data.get("kind", CommitteeKind.COMMITTEE.value),
            "full_name": " ".join(data["full_name"].split()) if "full_name" in data else None,
        }
        subject = _committee(self.municipality, committee.name)
        _assign(committee, values, subject, report if not is_new else ImportReport())
        self._remember(committee)

    def get(self, name: str, report: ImportReport | None = None) -> Committee:
        key = _key(name)
        if key not in self.by_key:
            clean = " ".join(name.split())
            committee = Committee(
                municipality=self.municipality,
                name=clean,
                slug=self._free_slug(clean),
                position=self.next_position,
            )
            self.next_position += 1
            db.session.add(committee)
            db.session.flush()
            self.by_key[key] = committee
            if report is not None:
                report.added.append(_committee(self.municipality, clean))
        return self.by_key[key]

    def _free_slug(self, name: str) -> str:
        base = slugify(name) or "namnd"
        taken = {c.slug for c in self.by_key.values()}
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug
