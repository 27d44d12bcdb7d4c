"""Whether residents can add to a goal today, and what the page should say about it."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from dialog.catalogue.models import DialogueWindow, Goal, PlanStatus


def today() -> date:
    """The date in the municipality's time zone: windows open and close on local days."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


@dataclass(frozen=True)
class DialogueState:
    window: DialogueWindow | None
    is_open: bool
    #: "open", "upcoming", "closed" or "none" (never opened for dialogue).
    phase: str


def dialogue_state(goal: Goal, day: date | None = None) -> DialogueState:
    """The goal's own window, else its plan's; archived goals and plans are closed."""
    day = day or today()
    window = goal.window or goal.plan.window
    if window is None:
        return DialogueState(None, False, "none")
    if goal.is_archived or goal.plan.status == PlanStatus.ARCHIVED:
        return DialogueState(window, False, "closed")
    if window.is_open_on(day):
        return DialogueState(window, True, "open")
    if day < window.opens_on:
        return DialogueState(window, False, "upcoming")
    return DialogueState(window, False, "closed")
