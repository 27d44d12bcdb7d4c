"""Counts for the catalogue's lists: the comments and replies residents can read, summed from
the rows a trigger on comments keeps (shown.py), and the people residents can see took part:
those who wrote a comment or reply residents can read, or answered a rating question
("commented or rated", as the lists say).

The people come from the participant rows kept as residents take part (every resident who
commented, in any status, or rated: read without scanning a million ratings) less the few whose
only comments residents cannot read (waiting, hidden, rejected, withdrawn) and who did not rate.
Counting the people from the comments and ratings themselves took 0.85 s for every goal and 1.2 s
for every plan on 100,000 comments and 1,000,000 ratings, after every write; a plan's from the
union of its goals' and focus areas' participant rows still took 1.06 s for every plan (0.53
million rows de-duplicated), so a plan has participant rows of its own (plan_participants),
kept with the goals' and focus areas' (subjects.py, storing.py)."""

from typing import Any

from flask import Flask
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    func,
    not_,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import aliased

from dialog.catalogue import activity
from dialog.catalogue.activity import Activity
from dialog.catalogue.models import FocusArea, Goal, Plan
from dialog.extensions import db
from dialog.participation.models import (
    Comment,
    GoalTally,
    PlanParticipant,
    Rating,
    ShownCommentCount,
    shown_comments,
)


def _hidden_writing() -> ColumnElement[bool]:
    """A comment residents cannot read, written by a resident (not the municipality's answer,
    not a comment from another channel)."""
    return and_(
        not_(shown_comments()),
        Comment.author_id.is_not(None),
        Comment.is_official.is_(False),
    )


def _unseen_writers(
    subject_id: Any, where: ColumnElement[bool], seen_elsewhere: Any, rated: Any
) -> Select[Any]:
    """(subject, account) of residents with a comment residents cannot read on the subject and
    neither a comment they can read nor a rating there (`seen_elsewhere` and `rated` say, for
    the outer comment, whether there is one)."""
    return (
        select(subject_id, Comment.author_id.label("user_id"))
        .select_from(Comment)
        .where(where, _hidden_writing(), not_(seen_elsewhere), not_(rated))
    )


def goal_counts(goal_ids: list[int]) -> dict[int, Activity]:
    """One query: each goal's comments and replies residents can read, and the people who
    commented or rated where residents can see it."""
    shown = (
        select(
            ShownCommentCount.goal_id.label("goal_id"), func.sum(ShownCommentCount.delta).label("n")
        )
        .where(ShownCommentCount.goal_id.in_(goal_ids))
        .group_by(ShownCommentCount.goal_id)
        .subquery()
    )
    tallied = (
        select(GoalTally.goal_id, func.sum(GoalTally.participant_count).label("n"))
        .where(GoalTally.goal_id.in_(goal_ids))
        .group_by(GoalTally.goal_id)
        .subquery()
    )
    other = aliased(Comment)
    unseen_rows = (
        _unseen_writers(
            Comment.goal_id.label("goal_id"),
            Comment.goal_id.in_(goal_ids),
            exists().where(
                other.goal_id == Comment.goal_id,
                other.author_id == Comment.author_id,
                shown_comments(other),
            ),
            exists().where(Rating.goal_id == Comment.goal_id, Rating.user_id == Comment.author_id),
        )
        .distinct()
        .subquery()
    )
    unseen = (
        select(unseen_rows.c.goal_id, func.count().label("n"))
        .group_by(unseen_rows.c.goal_id)
        .subquery()
    )
    people = func.coalesce(tallied.c.n, 0) - func.coalesce(unseen.c.n, 0)
    rows = db.session.execute(
        select(Goal.id, func.coalesce(shown.c.n, 0), people)
        .outerjoin(shown, shown.c.goal_id == Goal.id)
        .outerjoin(tallied, tallied.c.goal_id == Goal.id)
        .outerjoin(unseen, unseen.c.goal_id == Goal.id)
        .where(Goal.id.in_(goal_ids))
    )
    return {goal_id: Activity(int(n), int(p)) for goal_id, n, p in rows if n or p}


def _plan_unseen(plan_ids: list[int]) -> Any:
    """(plan_id, n): per plan, the residents with a comment residents cannot read on one of its
    goals or focus areas and neither a comment they can read nor a rating anywhere in the plan.

    The candidates are few (a few thousand at most, from the partial indexes over such
    comments); each is checked against the account's own comments and ratings by subqueries
    that stop at the first row found. As NOT EXISTS PostgreSQL planned anti joins by its
    estimates instead, and hashed every comment or all 1,000,000 ratings. For every plan at once
    PostgreSQL still overestimates the candidates (19,470 for 3,870) and compiles the statement
    (JIT, 0.2 s of 0.6 s on a loaded 2-CPU machine); turning JIT off around it would cost the
    pages two statements more."""
    candidates = union(
        select(Goal.plan_id.label("plan_id"), Comment.author_id.label("user_id"))
        .join(Goal, Comment.goal_id == Goal.id)
        .where(Goal.plan_id.in_(plan_ids), _hidden_writing()),
        select(FocusArea.plan_id, Comment.author_id)
        .join(FocusArea, Comment.focus_area_id == FocusArea.id)
        .where(FocusArea.plan_id.in_(plan_ids), _hidden_writing()),
    ).subquery()
    goals = select(Goal.id).where(Goal.plan_id == candidates.c.plan_id).correlate(candidates)
    areas = select(FocusArea.id).where(FocusArea.plan_id == candidates.c.plan_id)

    def none_in_plan(row: Any, user_id: Any, *where: ColumnElement[bool]) -> ColumnElement[bool]:
        first = select(row.id).where(
            user_id == candidates.c.user_id,
            or_(row.goal_id.in_(goals), row.focus_area_id.in_(areas.correlate(candidates))),
            *where,
        )
        return first.limit(1).correlate(candidates).scalar_subquery().is_(None)

    other = aliased(Comment)
    return (
        select(candidates.c.plan_id, func.count().label("n"))
        .where(
            none_in_plan(other, other.author_id, shown_comments(other)),
            none_in_plan(Rating, Rating.user_id),
        )
        .group_by(candidates.c.plan_id)
        .subquery()
    )


def plan_counts(plan_ids: list[int]) -> dict[int, Activity]:
    """One query: the comments and replies residents can read on the plan's goals and focus
    areas, and the people who commented or rated where residents can see it, counted once per
    plan, whether they took part on a goal or a focus area."""
    written = union_all(
        select(Goal.plan_id.label("plan_id"), ShownCommentCount.delta)
        .join(ShownCommentCount, ShownCommentCount.goal_id == Goal.id)
        .where(Goal.plan_id.in_(plan_ids)),
        select(FocusArea.plan_id, ShownCommentCount.delta)
        .join(ShownCommentCount, ShownCommentCount.focus_area_id == FocusArea.id)
        .where(FocusArea.plan_id.in_(plan_ids)),
    ).subquery()
    comments = (
        select(written.c.plan_id, func.sum(written.c.delta).label("n"))
        .group_by(written.c.plan_id)
        .subquery()
    )
    # One row per plan and account already (plan_participants), from the primary key alone.
    tallied = (
        select(PlanParticipant.plan_id, func.count().label("n"))
        .where(PlanParticipant.plan_id.in_(plan_ids))
        .group_by(PlanParticipant.plan_id)
        .subquery()
    )
    unseen = _plan_unseen(plan_ids)
    people = func.coalesce(tallied.c.n, 0) - func.coalesce(unseen.c.n, 0)
    rows = db.session.execute(
        select(Plan.id, func.coalesce(comments.c.n, 0), people)
        .outerjoin(comments, comments.c.plan_id == Plan.id)
        .outerjoin(tallied, tallied.c.plan_id == Plan.id)
        .outerjoin(unseen, unseen.c.plan_id == Plan.id)
        .where(Plan.id.in_(plan_ids))
    )
    return {plan_id: Activity(int(n), int(p)) for plan_id, n, p in rows if n or p}


def init_app(app: Flask) -> None:
    activity.register(app, goal_counts, plan_counts)
