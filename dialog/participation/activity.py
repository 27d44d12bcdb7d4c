"""Counts for the catalogue's lists, from the tallies kept as residents take part."""

from flask import Flask
from sqlalchemy import func, select

from dialog.catalogue import activity
from dialog.catalogue.activity import Activity
from dialog.catalogue.models import Goal
from dialog.extensions import db
from dialog.participation.models import GoalParticipant, GoalTally


def goal_counts(goal_ids: list[int]) -> dict[int, Activity]:
    rows = db.session.execute(
        select(GoalTally.goal_id, GoalTally.comment_count, GoalTally.participant_count).where(
            GoalTally.goal_id.in_(goal_ids)
        )
    )
    return {goal_id: Activity(comments, people) for goal_id, comments, people in rows}


def plan_counts(plan_ids: list[int]) -> dict[int, Activity]:
    """One query: comments summed from the tallies, participants counted once per plan."""
    comments = (
        select(Goal.plan_id, func.sum(GoalTally.comment_count).label("n"))
        .join(GoalTally, GoalTally.goal_id == Goal.id)
        .where(Goal.plan_id.in_(plan_ids))
        .group_by(Goal.plan_id)
        .subquery()
    )
    people = (
        select(Goal.plan_id, func.count(func.distinct(GoalParticipant.user_id)).label("n"))
        .join(GoalParticipant, GoalParticipant.goal_id == Goal.id)
        .where(Goal.plan_id.in_(plan_ids))
        .group_by(Goal.plan_id)
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
