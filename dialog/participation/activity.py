"""Counts for the catalogue's lists: the comments and replies residents can read, counted from
the index that holds just those, and the participants from the tallies kept as residents take
part."""

from flask import Flask
from sqlalchemy import func, select, union, union_all

from dialog.catalogue import activity
from dialog.catalogue.activity import Activity
from dialog.catalogue.models import FocusArea, Goal, Plan
from dialog.extensions import db
from dialog.participation.models import (
    Comment,
    FocusAreaParticipant,
    GoalParticipant,
    GoalTally,
    shown_comments,
)


def goal_counts(goal_ids: list[int]) -> dict[int, Activity]:
    """One query: each goal's comments and replies residents can read, and its participants."""
    shown = (
        select(Comment.goal_id.label("goal_id"), func.count().label("n"))
        .where(Comment.goal_id.in_(goal_ids), shown_comments())
        .group_by(Comment.goal_id)
        .subquery()
    )
    people = (
        select(GoalTally.goal_id, func.sum(GoalTally.participant_count).label("n"))
        .where(GoalTally.goal_id.in_(goal_ids))
        .group_by(GoalTally.goal_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Goal.id, func.coalesce(shown.c.n, 0), func.coalesce(people.c.n, 0))
        .outerjoin(shown, shown.c.goal_id == Goal.id)
        .outerjoin(people, people.c.goal_id == Goal.id)
        .where(Goal.id.in_(goal_ids))
    )
    return {goal_id: Activity(int(n), int(p)) for goal_id, n, p in rows if n or p}


def plan_counts(plan_ids: list[int]) -> dict[int, Activity]:
    """One query: the comments and replies residents can read on the plan's goals and focus
    areas, and the participants counted once per plan, whether they took part on a goal or a
    focus area."""
    written = union_all(
        select(Goal.plan_id.label("plan_id"))
        .join(Comment, Comment.goal_id == Goal.id)
        .where(Goal.plan_id.in_(plan_ids), shown_comments()),
        select(FocusArea.plan_id)
        .join(Comment, Comment.focus_area_id == FocusArea.id)
        .where(FocusArea.plan_id.in_(plan_ids), shown_comments()),
    ).subquery()
    comments = (
        select(written.c.plan_id, func.count().label("n")).group_by(written.c.plan_id).subquery()
    )
    # union (not union all): one row per plan and account
    took_part = union(
        select(Goal.plan_id.label("plan_id"), GoalParticipant.user_id.label("user_id"))
        .join(GoalParticipant, GoalParticipant.goal_id == Goal.id)
        .where(Goal.plan_id.in_(plan_ids)),
        select(FocusArea.plan_id, FocusAreaParticipant.user_id)
        .join(FocusAreaParticipant, FocusAreaParticipant.focus_area_id == FocusArea.id)
        .where(FocusArea.plan_id.in_(plan_ids)),
    ).subquery()
    people = (
        select(took_part.c.plan_id, func.count().label("n"))
        .group_by(took_part.c.plan_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Plan.id, func.coalesce(comments.c.n, 0), func.coalesce(people.c.n, 0))
        .outerjoin(comments, comments.c.plan_id == Plan.id)
        .outerjoin(people, people.c.plan_id == Plan.id)
        .where(Plan.id.in_(plan_ids))
    )
    return {plan_id: Activity(int(n), int(p)) for plan_id, n, p in rows if n or p}


def init_app(app: Flask) -> None:
    activity.register(app, goal_counts, plan_counts)
