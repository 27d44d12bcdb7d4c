"""What other areas add to a goal's or a plan's page: the catalogue owns the page, they plug in.

An area registers a function `section(goal, state) -> Markup` once per app; the goal page
renders every registered section below the goal, in the order registered. `state` is what a
view that re-shows the page passes through (for example a form with its errors); the catalogue
never looks inside it, so it need not know who contributes what.
"""

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup

from dialog.catalogue.models import Goal, Plan

GoalSection = Callable[[Goal, Mapping[str, Any]], Markup]
_KEY = "dialog.goal_sections"


def add_goal_section(app: Flask, section: GoalSection) -> None:
    """Register a section of the goal page for this app (once; a repeat is ignored)."""
    registered = app.extensions.setdefault(_KEY, [])
    if section not in registered:
        registered.append(section)


def goal_sections(goal: Goal, state: Mapping[str, Any]) -> list[Markup]:
    """Every registered section, rendered for this goal."""
    return [section(goal, state) for section in current_app.extensions.get(_KEY, [])]


PlanSection = Callable[[Plan], Markup]
_PLAN_KEY = "dialog.plan_sections"


def add_plan_section(app: Flask, section: PlanSection) -> None:
    """Register a section of the plan page (after its introduction) for this app, once."""
    registered = app.extensions.setdefault(_PLAN_KEY, [])
    if section not in registered:
        registered.append(section)


def plan_sections(plan: Plan) -> list[Markup]:
    """Every registered plan section, rendered for this plan."""
    return [section(plan) for section in current_app.extensions.get(_PLAN_KEY, [])]
