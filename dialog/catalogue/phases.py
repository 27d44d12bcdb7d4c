"""Where a plan's, goal's or focus area's dialogue stands today: open, upcoming, closed, or
never opened."""

import enum
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from dialog.catalogue.models import DialogueWindow, FocusArea, Goal, GroupKind, Plan, PlanStatus


class Phase(enum.StrEnum):
    OPEN = "open"
    UPCOMING = "upcoming"
    CLOSED = "closed"
    #: Never opened for dialogue: the text can be read, nothing can be added.
    NONE = "none"


def today() -> date:
    """The date in the municipality's time zone: windows open and close on local days."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def phase_of(window: DialogueWindow | None, day: date, is_closed: bool = False) -> Phase:
    """`is_closed`: the plan or goal is archived, so its dialogue is over whatever the dates."""
    if window is None:
        return Phase.NONE
    if is_closed:
        return Phase.CLOSED
    if window.is_open_on(day):
        return Phase.OPEN
    return Phase.UPCOMING if day < window.opens_on else Phase.CLOSED


def plan_phase(plan: Plan, day: date) -> Phase:
    return phase_of(plan.window, day, plan.status == PlanStatus.ARCHIVED)


def goal_window(goal: Goal) -> DialogueWindow | None:
    """The goal's own window, else its plan's if the plan opens its goals for dialogue."""
    return goal.window or (goal.plan.window if goal.plan.dialogue_level_enum.goals_open else None)


def focus_area_window(area: FocusArea) -> DialogueWindow | None:
    """The plan's window if the plan opens its focus areas (sections are never open)."""
    is_open = area.plan.dialogue_level_enum.focus_areas_open and area.kind == GroupKind.FOCUS_AREA
    return area.plan.window if is_open else None


def focus_area_phase(area: FocusArea, day: date) -> Phase:
    closed = area.is_archived or area.plan.status == PlanStatus.ARCHIVED
    return phase_of(focus_area_window(area), day, closed)


def goal_phase(goal: Goal, day: date) -> Phase:
    closed = goal.is_archived or goal.plan.status == PlanStatus.ARCHIVED
    return phase_of(goal_window(goal), day, closed)
