"""Counts for the catalogue's lists: the comments and replies residents can read, counted from
the index that holds just those, and the people residents can see took part: those who wrote a
comment or reply residents can read, or answered a rating question ("commented or rated", as
the lists say). Not the tallies' participants: they count an account from its first comment,
whatever a moderator decided about it, so a person whose only comment is hidden, waiting or
rejected was counted."""

from typing import Any

from flask import Flask
from sqlalchemy import ColumnElement, Select, func, select, union, union_all
from sqlalchemy.orm import QueryableAttribute

from dialog.catalogue import activity
from dialog.catalogue.activity import Activity
from dialog.catalogue.models import FocusArea, Goal, Plan
from dialog.extensions import db
from dialog.participation.models import Comment, Rating, shown_comments

#: The column naming the goal, focus area or plan a row counts for.
CountedFor = ColumnElement[Any] | QueryableAttribute[Any]


def _wrote(subject_id: CountedFor) -> Select[Any, int | None]:
    """(subject id, author) of the comments and replies residents can read, by residents: not
    the municipality's own answers, nor comments from other channels (no account)."""
    return (
        select(subject_id, Comment.author_id.label("user_id"))
        .select_from(Comment)
        .where(shown_comments(), Comment.author_id.is_not(None), Comment.is_official.is_(False))
    )


def _rated(subject_id: CountedFor) -> Select[Any, int | None]:
    """(subject id, account) of the rating answers (a deleted account's stay, but nameless)."""
    return select(subject_id, Rating.user_id).select_from(Rating).where(Rating.user_id.is_not(None))


def goal_counts(goal_ids: list[int]) -> dict[int, Activity]:
    """One query: each goal's comments and replies residents can read, and the people who
    commented or rated where residents can see it."""
    shown = (
        select(Comment.goal_id.label("goal_id"), func.count().label("n"))
        .where(Comment.goal_id.in_(goal_ids), shown_comments())
        .group_by(Comment.goal_id)
        .subquery()
    )
    # union (not union all): one row per goal and account
    took_part = union(
        _wrote(Comment.goal_id.label("goal_id")).where(Comment.goal_id.in_(goal_ids)),
        _rated(Rating.goal_id).where(Rating.goal_id.in_(goal_ids)),
    ).subquery()
    people = (
        select(took_part.c.goal_id, func.count().label("n"))
        .group_by(took_part.c.goal_id)
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
    areas, and the people who commented or rated where residents can see it, counted once per
    plan, whether they took part on a goal or a focus area."""
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
        _wrote(Goal.plan_id.label("plan_id"))
        .join(Goal, Comment.goal_id == Goal.id)
        .where(Goal.plan_id.in_(plan_ids)),
        _wrote(FocusArea.plan_id)
        .join(FocusArea, Comment.focus_area_id == FocusArea.id)
        .where(FocusArea.plan_id.in_(plan_ids)),
        _rated(Goal.plan_id)
        .join(Goal, Rating.goal_id == Goal.id)
        .where(Goal.plan_id.in_(plan_ids)),
        _rated(FocusArea.plan_id)
        .join(FocusArea, Rating.focus_area_id == FocusArea.id)
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
