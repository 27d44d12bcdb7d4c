"""Whether residents can add to a goal or focus area today, and what the page should say
about it."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from dialog.catalogue.models import DialogueWindow, FocusArea, Goal, GroupKind, PlanStatus


def today() -> date:
    """The date in the municipality's time zone: windows open and close on local days."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


@dataclass(frozen=True)
class DialogueState:
    window: DialogueWindow | None
    is_open: bool
    #: "open", "upcoming", "closed" or "none" (never opened for dialogue).
    phase: str


def dialogue_window(subject: Goal | FocusArea) -> DialogueWindow | None:
    """A goal's own window, else its plan's if the plan opens its goals for dialogue; a focus
    area's plan's window if the plan opens its focus areas (sections are never open)."""
    level = subject.plan.dialogue_level_enum
    if isinstance(subject, FocusArea):
        is_open = level.focus_areas_open and subject.kind == GroupKind.FOCUS_AREA
        return subject.plan.window if is_open else None
    return subject.window or (subject.plan.window if level.goals_open else None)


def dialogue_state(subject: Goal | FocusArea, day: date | None = None) -> DialogueState:
    """The subject's window (see dialogue_window); archived subjects and plans are closed."""
    day = day or today()
    window = dialogue_window(subject)
    if window is None:
        return DialogueState(None, False, "none")
    if subject.is_archived or subject.plan.status == PlanStatus.ARCHIVED:
        return DialogueState(window, False, "closed")
    if window.is_open_on(day):
        return DialogueState(window, True, "open")
    if day < window.opens_on:
        return DialogueState(window, False, "upcoming")
    return DialogueState(window, False, "closed")
