"""The importance–performance matrix of a plan: each goal by mean importance and performance.

The cross-hairs are the averages of the goals' means (the usual data-centred placement), so
the matrix shows where goals stand relative to each other. The quadrant with importance at or
above the line and performance below it is "prioritise here".
"""

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from dialog.catalogue.models import Goal
from dialog.extensions import db
from dialog.insights.queries import Filter, _by_people, _in_period
from dialog.participation.models import Rating, RatingQuestion


class Quadrant(enum.StrEnum):
    PRIORITISE = "prioritise"
    KEEP_UP = "keep_up"
    LOW_PRIORITY = "low_priority"
    POSSIBLE_OVERKILL = "possible_overkill"

    @property
    def label(self) -> str:
        return str(QUADRANT_LABELS[self])


QUADRANT_LABELS = {
    Quadrant.PRIORITISE: _l("Prioritise here: important, and doing less well"),
    Quadrant.KEEP_UP: _l("Keep up the good work: important, and doing well"),
    Quadrant.LOW_PRIORITY: _l("Low priority: less important, and doing less well"),
    Quadrant.POSSIBLE_OVERKILL: _l("Possible overkill: less important, and doing well"),
}


@dataclass(frozen=True)
class Point:
    goal: Goal
    importance: float
    performance: float
    importance_n: int
    performance_n: int
    quadrant: Quadrant


@dataclass(frozen=True)
class Matrix:
    points: list[Point]
    importance_line: float | None
    performance_line: float | None
    #: Goals without answers to both questions: not placed.
    unplaced: list[Goal]

    @property
    def prioritise(self) -> list[Point]:
        return [p for p in self.points if p.quadrant is Quadrant.PRIORITISE]


def matrix(scope: Select, selection: Filter) -> Matrix:
    query = select(Rating.goal_id, Rating.question, func.avg(Rating.value), func.count()).where(
        Rating.goal_id.in_(scope), Rating.value > 0
    )
    query = _by_people(_in_period(query, Rating.created_at, selection), Rating.user_id, selection)
    means: dict[int, dict[str, tuple[float, int]]] = {}
    for goal_id, question, mean, count in db.session.execute(
        query.group_by(Rating.goal_id, Rating.question)
    ):
        means.setdefault(goal_id, {})[question] = (float(mean), count)
    goals = list(
        db.session.scalars(select(Goal).where(Goal.id.in_(scope)).order_by(Goal.position, Goal.id))
    )
    both = [g for g in goals if len(means.get(g.id, {})) == 2]
    unplaced = [g for g in goals if g not in both]
    if not both:
        return Matrix([], None, None, unplaced)
    imp, perf = RatingQuestion.IMPORTANCE.value, RatingQuestion.PERFORMANCE.value
    importance_line = sum(means[g.id][imp][0] for g in both) / len(both)
    performance_line = sum(means[g.id][perf][0] for g in both) / len(both)
    points = []
    for goal in both:
        (i, i_n), (p, p_n) = means[goal.id][imp], means[goal.id][perf]
        points.append(
            Point(goal, i, p, i_n, p_n, _quadrant(i >= importance_line, p >= performance_line))
        )
    return Matrix(points, importance_line, performance_line, unplaced)


def _quadrant(important: bool, performing: bool) -> Quadrant:
    if important:
        return Quadrant.KEEP_UP if performing else Quadrant.PRIORITISE
    return Quadrant.POSSIBLE_OVERKILL if performing else Quadrant.LOW_PRIORITY
