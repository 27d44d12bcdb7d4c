"""Lists of plans and goals with their dialogue phase and activity, filtered and sorted.

Filters and sorts arrive as plain GET parameters (the pages work without JavaScript); an
unknown value means "no filter" rather than an error, so an old or edited link still shows
something useful.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from dialog.catalogue import activity
from dialog.catalogue.activity import NONE, Activity
from dialog.catalogue.models import DialogueWindow, Goal, Municipality, Plan, PlanStatus
from dialog.catalogue.phases import Phase, goal_phase, goal_window, plan_phase
from dialog.core.text import whole_number
from dialog.extensions import db

#: Open dialogues closing within this many days are listed as "closing soon".
SOON_DAYS = 30
PHASE_FILTERS = ("open", "closed")
SORTS = ("document", "discussed", "closing")


@dataclass(frozen=True)
class Item:
    """A plan or goal as a list shows it."""

    #: The Plan or Goal.
    subject: Any
    window: DialogueWindow | None
    phase: Phase
    activity: Activity

    @property
    def closes_on(self) -> date | None:
        return self.window.closes_on if self.window else None


@dataclass(frozen=True)
class Choices:
    phase: str = ""
    area: int | None = None
    committee: str = ""
    sort: str = "document"

    @property
    def active(self) -> bool:
        return self != Choices()


def read_choices(args: Mapping[str, str], goals: bool = True) -> Choices:
    """The list's filters and sort from the query string; unknown values are ignored.
    Lists of plans (`goals=False`) have no focus area or committee to filter by."""
    phase = args.get("fas", "")
    sort = args.get("sort", "document")
    return Choices(
        phase=phase if phase in PHASE_FILTERS else "",
        area=whole_number(args.get("omrade")) if goals else None,
        committee=args.get("ansvarig", "")[:120] if goals else "",
        sort=sort if sort in SORTS else "document",
    )


def _closing_key(item: Item) -> tuple[int, date]:
    """Open dialogues by closing date, those without one after; then everything else."""
    if item.phase != Phase.OPEN:
        return (2, date.max)
    return (0, item.closes_on) if item.closes_on else (1, date.max)


def apply(items: list[Item], choices: Choices) -> list[Item]:
    """Filter by phase, then sort; the document's order is the order given."""
    if choices.phase == "open":
        items = [i for i in items if i.phase == Phase.OPEN]
    elif choices.phase == "closed":
        items = [i for i in items if i.phase == Phase.CLOSED]
    if choices.sort == "discussed":
        return sorted(items, key=lambda i: (-i.activity.comments, -i.activity.participants))
    if choices.sort == "closing":
        return sorted(items, key=_closing_key)
    return list(items)


def plan_items(plans: list[Plan], day: date) -> list[Item]:
    counts = activity.for_plans(p.id for p in plans)
    return [Item(p, p.window, plan_phase(p, day), counts.get(p.id, NONE)) for p in plans]


def goal_items(goals: list[Goal], day: date) -> list[Item]:
    goals = [g for g in goals if not g.is_archived]
    counts = activity.for_goals(g.id for g in goals)
    return [Item(g, goal_window(g), goal_phase(g, day), counts.get(g.id, NONE)) for g in goals]


def filter_goals(items: list[Item], choices: Choices) -> list[Item]:
    """Goals of one focus area and/or one committee, then by phase and sort."""
    if choices.area is not None:
        items = [i for i in items if i.subject.focus_area_id == choices.area]
    if choices.committee:
        items = [i for i in items if any(c.slug == choices.committee for c in i.subject.committees)]
    return apply(items, choices)


def open_dialogues(day: date) -> list[Item]:
    """Plans open for dialogue today, in every municipality residents see, closing soonest
    first."""
    plans = db.session.scalars(
        select(Plan)
        .join(DialogueWindow, DialogueWindow.plan_id == Plan.id)
        .join(Municipality, Municipality.id == Plan.municipality_id)
        .where(
            Municipality.is_archived.is_(False),
            Plan.status != PlanStatus.ARCHIVED.value,
            DialogueWindow.opens_on <= day,
            or_(DialogueWindow.closes_on.is_(None), DialogueWindow.closes_on >= day),
        )
        .options(joinedload(Plan.municipality), joinedload(Plan.window))
        .order_by(Plan.id)
    ).unique()
    return sorted(plan_items(list(plans), day), key=_closing_key)


def closing_soon(items: list[Item], day: date) -> list[Item]:
    last = day + timedelta(days=SOON_DAYS)
    return [i for i in items if i.closes_on is not None and i.closes_on <= last]
