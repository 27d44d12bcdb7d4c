"""What other areas add to a goal's, focus area's or plan's page: the catalogue owns the pages,
they plug in.

An area registers a function `section(subject, state) -> Markup` once per app, for goal pages
(`add_goal_section`, called with a Goal) or focus area pages (`add_focus_area_section`, called
with a FocusArea), or both with the same function; the page renders every section registered
for it below its content, in the order registered. `state` is what a view that re-shows the
page passes through (for example a form with its errors); the catalogue never looks inside it,
so it need not know who contributes what. Plan pages take `section(plan) -> Markup`
(`add_plan_section`), shown after the plan's introduction.
"""

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup

from dialog.catalogue.models import FocusArea, Goal, Plan

GoalSection = Callable[[Goal, Mapping[str, Any]], Markup]
FocusAreaSection = Callable[[FocusArea, Mapping[str, Any]], Markup]
PlanSection = Callable[[Plan], Markup]
_GOAL_KEY = "dialog.goal_sections"
_FOCUS_AREA_KEY = "dialog.focus_area_sections"
_PLAN_KEY = "dialog.plan_sections"


def _add(app: Flask, key: str, section: Callable[..., Markup]) -> None:
    registered = app.extensions.setdefault(key, [])
    if section not in registered:
        registered.append(section)


def add_goal_section(app: Flask, section: GoalSection) -> None:
    """Register a section of the goal page for this app (once; a repeat is ignored)."""
    _add(app, _GOAL_KEY, section)


def add_focus_area_section(app: Flask, section: FocusAreaSection) -> None:
    """Register a section of the focus area page for this app (once; a repeat is ignored)."""
    _add(app, _FOCUS_AREA_KEY, section)


def add_plan_section(app: Flask, section: PlanSection) -> None:
    """Register a section of the plan page (after its introduction) for this app, once."""
    _add(app, _PLAN_KEY, section)


def goal_sections(goal: Goal, state: Mapping[str, Any]) -> list[Markup]:
    """Every registered section, rendered for this goal."""
    return [section(goal, state) for section in current_app.extensions.get(_GOAL_KEY, [])]


def focus_area_sections(area: FocusArea, state: Mapping[str, Any]) -> list[Markup]:
    """Every registered section, rendered for this focus area."""
    return [section(area, state) for section in current_app.extensions.get(_FOCUS_AREA_KEY, [])]


def plan_sections(plan: Plan) -> list[Markup]:
    """Every registered plan section, rendered for this plan."""
    return [section(plan) for section in current_app.extensions.get(_PLAN_KEY, [])]
