"""Archive, restore and reorder catalogue items; callers commit.

Archiving hides a goal or focus area from residents and keeps it, and its comments, which are
public records; the importer archives what leaves a file the same way. Restoring checks the
importer's rules again, since another item may have taken its code or title meanwhile.
"""

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from dialog.catalogue.admin import checks
from dialog.catalogue.admin.permissions import create_municipality
from dialog.catalogue.admin.services import Invalid, _allowed, _log, save_plan
from dialog.catalogue.models import Committee, FocusArea, Goal, Municipality, Plan, PlanStatus
from dialog.core.permissions import Actor, enforce
from dialog.extensions import db

Item = Goal | FocusArea | Committee | Plan | Municipality
Archivable = Goal | FocusArea | Committee | Municipality
"""Plans are archived by their status instead (`archive_plan`)."""
Movable = Goal | FocusArea | Committee | Plan | Municipality

KINDS: dict[type[Item], str] = {
    Goal: "goal",
    FocusArea: "focus_area",
    Committee: "committee",
    Plan: "plan",
    Municipality: "municipality",
}


def _kind(item: Item) -> str:
    return KINDS[type(item)]


def _may_change(actor: Actor, municipality: Municipality, item: Item) -> None:
    """Municipalities themselves are the platform administrators' to archive and order."""
    if isinstance(item, Municipality):
        enforce(create_municipality(actor))
    else:
        _allowed(actor, municipality)


def archive(municipality: Municipality, item: Archivable, actor: Actor) -> None:
    """Hide a goal, a focus area with its goals, a committee or a municipality from residents;
    nothing is deleted."""
    _may_change(actor, municipality, item)
    if item.is_archived:
        return
    item.is_archived = True
    archived = [item]
    if isinstance(item, FocusArea):
        for goal in item.goals:
            if not goal.is_archived:
                goal.is_archived = True
                archived.append(goal)
    after: dict[str, Any] = {"is_archived": True}
    if isinstance(item, FocusArea):
        after["with_goals"] = ", ".join(str(g.id) for g in archived[1:])
    _log(
        f"catalogue.{_kind(item)}.archive", actor, municipality, item, {"is_archived": False}, after
    )


def restore(municipality: Municipality, item: Archivable, actor: Actor) -> None:
    """Show an archived item again, if the importer's rules still allow it."""
    _may_change(actor, municipality, item)
    if not item.is_archived:
        return
    if isinstance(item, Goal) and item.focus_area is not None and item.focus_area.is_archived:
        raise Invalid({"": [_("Restore its focus area first.")]})
    before = checks.document(municipality)
    item.is_archived = False
    found = checks.problems(before, checks.document(municipality), (), {})
    if found:
        item.is_archived = True
        raise Invalid(found)
    before_after = ({"is_archived": True}, {"is_archived": False})
    _log(f"catalogue.{_kind(item)}.restore", actor, municipality, item, *before_after)


def _siblings(item: Movable) -> list[Any]:
    if isinstance(item, Municipality):
        order = (Municipality.position, Municipality.name)
        return list(db.session.scalars(select(Municipality).order_by(*order)))
    if isinstance(item, Plan):
        return list(item.municipality.plans)
    if isinstance(item, Committee):
        return list(item.municipality.committees)
    items: list[FocusArea] | list[Goal]
    if isinstance(item, FocusArea):
        items = item.plan.focus_areas
    elif item.focus_area is not None:
        items = item.focus_area.goals
    else:
        items = [g for g in item.plan.goals if g.focus_area_id is None]
    return [i for i in items if not i.is_archived]


def move(municipality: Municipality, item: Movable, step: int, actor: Actor) -> bool:
    """Move an item one place up (-1) or down (+1) among its siblings; False at either end."""
    _may_change(actor, municipality, item)
    siblings = _siblings(item)
    if item not in siblings:
        return False
    index = siblings.index(item)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(siblings):
        return False
    siblings[index], siblings[target] = siblings[target], siblings[index]
    before = item.position
    for position, sibling in enumerate(siblings):
        sibling.position = position
    after = {"position": item.position}
    _log(f"catalogue.{_kind(item)}.move", actor, municipality, item, {"position": before}, after)
    return True


def archive_plan(municipality: Municipality, plan: Plan, actor: Actor) -> None:
    """An archived plan is listed apart as no longer in force; its pages and comments stay."""
    entry = checks.document(municipality)["plans"][municipality.plans.index(plan)]
    for key in ("focus_areas", "goals", "dialogue"):
        entry.pop(key, None)
    entry["status"] = PlanStatus.ARCHIVED.value
    save_plan(municipality, plan, entry, actor)
