"""Whether residents can add to a goal or focus area today, and what the page should say
about it."""

from dataclasses import dataclass
from datetime import date

from dialog.catalogue.models import DialogueWindow, FocusArea, Goal
from dialog.catalogue.phases import (
    Phase,
    focus_area_phase,
    focus_area_window,
    goal_phase,
    goal_window,
    today,
)

__all__ = ["DialogueState", "dialogue_state", "today"]


@dataclass(frozen=True)
class DialogueState:
    window: DialogueWindow | None
    is_open: bool
    #: "open", "upcoming", "closed" or "none" (never opened for dialogue).
    phase: str


def dialogue_state(subject: Goal | FocusArea, day: date | None = None) -> DialogueState:
    """A goal's own window, else its plan's if the plan opens its goals; a focus area's plan's
    window if the plan opens its focus areas; archived subjects and plans are closed."""
    day = day or today()
    if isinstance(subject, FocusArea):
        phase, window = focus_area_phase(subject, day), focus_area_window(subject)
    else:
        phase, window = goal_phase(subject, day), goal_window(subject)
    return DialogueState(window, phase == Phase.OPEN, phase.value)
