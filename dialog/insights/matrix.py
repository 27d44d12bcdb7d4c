"""The importance–performance matrix of a plan: each goal, and each focus area residents rate
(the plan's dialogue level), by mean importance and performance.

The cross-hairs are the averages of the placed subjects' means (the usual data-centred
placement), so the matrix shows where they stand relative to each other. The quadrant with
importance at or above the line and performance below it is "prioritise here".
"""

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from dialog.catalogue.kinds import DialogueLevel
from dialog.catalogue.models import FocusArea, Goal, Plan
from dialog.extensions import db
from dialog.insights.queries import Filter, RatingAnswers, Scope, rating_groups
from dialog.participation.models import RatingQuestion
from dialog.participation.subjects import Subject, ids


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
    #: The goal or focus area placed.
    subject: Subject
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
    #: Goals, and focus areas open for dialogue, without answers to both questions: not placed.
    unplaced: list[Subject]

    @property
    def prioritise(self) -> list[Point]:
        return [p for p in self.points if p.quadrant is Quadrant.PRIORITISE]


def matrix(scope: Scope, selection: Filter, groups: RatingAnswers | None = None) -> Matrix:
    """The matrix of the subjects in scope, from the answers `queries.rating_groups` counted
    (read here if not given)."""
    if groups is None:
        groups = rating_groups(scope, selection)
    sums: dict[tuple[int | None, int | None, str], list[int]] = {}
    for (goal_id, area_id, question, value), count in groups.counts.items():
        if value > 0:  # "don't know" has no place on the scale
            slot = sums.setdefault((goal_id, area_id, question), [0, 0])
            slot[0] += value * count
            slot[1] += count
    means: dict[tuple[int | None, int | None], dict[str, tuple[float, int]]] = {}
    for (goal_id, area_id, question), (total, count) in sums.items():
        means.setdefault((goal_id, area_id), {})[question] = (total / count, count)
    subjects: list[Subject] = list(
        db.session.scalars(
            select(Goal).where(Goal.id.in_(scope.goals)).order_by(Goal.position, Goal.id)
        )
    )
    if scope.areas is not None:
        open_levels = [level.value for level in DialogueLevel if level.focus_areas_open]
        subjects += db.session.scalars(
            select(FocusArea)
            .join(Plan, Plan.id == FocusArea.plan_id)
            .where(FocusArea.id.in_(scope.areas), Plan.dialogue_level.in_(open_levels))
            .order_by(FocusArea.position, FocusArea.id)
        )
    both = [s for s in subjects if len(means.get(ids(s), {})) == 2]
    unplaced = [s for s in subjects if s not in both]
    if not both:
        return Matrix([], None, None, unplaced)
    imp, perf = RatingQuestion.IMPORTANCE.value, RatingQuestion.PERFORMANCE.value
    importance_line = sum(means[ids(s)][imp][0] for s in both) / len(both)
    performance_line = sum(means[ids(s)][perf][0] for s in both) / len(both)
    points = []
    for subject in both:
        (i, i_n), (p, p_n) = means[ids(subject)][imp], means[ids(subject)][perf]
        points.append(
            Point(subject, i, p, i_n, p_n, _quadrant(i >= importance_line, p >= performance_line))
        )
    return Matrix(points, importance_line, performance_line, unplaced)


def _quadrant(important: bool, performing: bool) -> Quadrant:
    if important:
        return Quadrant.KEEP_UP if performing else Quadrant.PRIORITISE
    return Quadrant.POSSIBLE_OVERKILL if performing else Quadrant.LOW_PRIORITY
