"""Counts for the catalogue's lists, from the tallies kept as residents take part."""

from flask import Flask
from sqlalchemy import func, select, union, union_all

from dialog.catalogue import activity
from dialog.catalogue.activity import Activity
from dialog.catalogue.models import FocusArea, Goal
from dialog.extensions import db
from dialog.participation.models import (
    FocusAreaParticipant,
    FocusAreaTally,
    GoalParticipant,
    GoalTally,
    goal_totals,
)


def goal_counts(goal_ids: list[int]) -> dict[int, Activity]:
    rows = db.session.execute(goal_totals().where(GoalTally.goal_id.in_(goal_ids)))
    return {goal_id: Activity(int(n), int(people)) for goal_id, n, people in rows}


def plan_counts(plan_ids: list[int]) -> dict[int, Activity]:
    """One query: comments summed from the goals' and focus areas' tallies, participants
    counted once per plan, whether they took part on a goal or a focus area."""
    tallies = union_all(
        select(Goal.plan_id.label("plan_id"), GoalTally.comment_count.label("n"))
        .join(GoalTally, GoalTally.goal_id == Goal.id)
        .where(Goal.plan_id.in_(plan_ids)),
        select(FocusArea.plan_id, FocusAreaTally.comment_count)
        .join(FocusAreaTally, FocusAreaTally.focus_area_id == FocusArea.id)
        .where(FocusArea.plan_id.in_(plan_ids)),
    ).subquery()
    comments = (
        select(tallies.c.plan_id, func.sum(tallies.c.n).label("n"))
        .group_by(tallies.c.plan_id)
        .subquery()
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
        select(comments.c.plan_id, comments.c.n, func.coalesce(people.c.n, 0)).outerjoin(
            people, people.c.plan_id == comments.c.plan_id
        )
    )
    return {plan_id: Activity(int(n or 0), int(p)) for plan_id, n, p in rows}


def init_app(app: Flask) -> None:
    activity.register(app, goal_counts, plan_counts)
