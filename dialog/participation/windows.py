"""Whether residents can add to a goal today, and what the page should say about it."""

from dataclasses import dataclass
from datetime import date

from dialog.catalogue.models import DialogueWindow, Goal
from dialog.catalogue.phases import Phase, goal_phase, goal_window, today

__all__ = ["DialogueState", "dialogue_state", "today"]


@dataclass(frozen=True)
class DialogueState:
    window: DialogueWindow | None
    is_open: bool
    #: "open", "upcoming", "closed" or "none" (never opened for dialogue).
    phase: str


def dialogue_state(goal: Goal, day: date | None = None) -> DialogueState:
    """The goal's own window, else its plan's; archived goals and plans are closed."""
    phase = goal_phase(goal, day or today())
    return DialogueState(goal_window(goal), phase == Phase.OPEN, phase.value)
