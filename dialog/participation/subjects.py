"""What residents take part on: a goal or a focus area, the "subject" of comments and ratings.

Everything that differs between the two kinds is answered here (which column stores the
subject, its tally, its page and its form addresses), so that comments, replies, ratings,
reactions and reports are written once for both."""

import random
from functools import cache
from typing import Any, cast

from flask import abort, url_for
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    SmallInteger,
    Table,
    bindparam,
    func,
    literal,
    select,
)
from sqlalchemy.dialects import postgresql

from dialog.catalogue.models import FocusArea, Goal, Plan
from dialog.catalogue.queries import focus_area_or_404, goal_or_404
from dialog.db import upsert_statement
from dialog.extensions import db
from dialog.participation import shown
from dialog.participation.models import (
    TALLY_SLOTS,
    Comment,
    FocusAreaParticipant,
    FocusAreaTally,
    GoalParticipant,
    GoalTally,
    PlanParticipant,
    Rating,
)

Subject = Goal | FocusArea
#: The words in URLs and form targets for each kind of subject.
GOAL, FOCUS_AREA = "goal", "focus_area"


def kind_of(subject: Subject) -> str:
    return FOCUS_AREA if isinstance(subject, FocusArea) else GOAL


def key(subject: Subject) -> str:
    """ "goal:7" or "focus_area:3": what a comment form's token is bound to."""
    return f"{kind_of(subject)}:{subject.id}"


def rating_kind(subject: Subject) -> str:
    """The kind the rating questions are worded for (goal, assignment, aspect, focus_area)."""
    return FOCUS_AREA if isinstance(subject, FocusArea) else subject.kind


def load_or_404(kind: str, subject_id: int) -> Subject:
    if kind == GOAL:
        return goal_or_404(subject_id)
    if kind == FOCUS_AREA:
        return focus_area_or_404(subject_id)
    abort(404)


def of_comment(comment: Comment) -> Subject:
    """The comment's subject, loaded as its page loads it."""
    if comment.goal_id is not None:
        return goal_or_404(comment.goal_id)
    return focus_area_or_404(comment.focus_area_id or 0)


def same_subject(a: Comment, subject: Subject) -> bool:
    return (a.goal_id, a.focus_area_id) == ids(subject)


def ids(subject: Subject) -> tuple[int | None, int | None]:
    """(goal_id, focus_area_id) as stored on a comment or rating."""
    return (None, subject.id) if isinstance(subject, FocusArea) else (subject.id, None)


def values(subject: Subject) -> dict[str, int | None]:
    goal_id, focus_area_id = ids(subject)
    return {"goal_id": goal_id, "focus_area_id": focus_area_id}


def comment_condition(subject: Subject) -> ColumnElement[bool]:
    if isinstance(subject, FocusArea):
        return Comment.focus_area_id == subject.id
    return Comment.goal_id == subject.id


def rating_condition(subject: Subject) -> ColumnElement[bool]:
    if isinstance(subject, FocusArea):
        return Rating.focus_area_id == subject.id
    return Rating.goal_id == subject.id


def join_plan(query: Select) -> Select:
    """A query over comments joined to the plan of each comment's goal or focus area (Plan,
    Goal and FocusArea can then be filtered on; one of the last two is NULL per row)."""
    return (
        query.outerjoin(Goal, Goal.id == Comment.goal_id)
        .outerjoin(FocusArea, FocusArea.id == Comment.focus_area_id)
        .join(Plan, Plan.id == func.coalesce(Goal.plan_id, FocusArea.plan_id))
    )


def uncount_comments(goal_id: int | None, focus_area_id: int | None, n: int) -> None:
    """`n` fewer top-level comments on a goal's or focus area's tally (they were deleted): taken
    off one slot, which may go below zero (the sum over the slots is what counts)."""
    tally, column, subject_id = (
        (GoalTally, "goal_id", goal_id)
        if goal_id is not None
        else (FocusAreaTally, "focus_area_id", focus_area_id)
    )
    _add_to_tally(tally, column, cast(int, subject_id), comments=-n)


def _add_to_tally(
    tally: type[FocusAreaTally | GoalTally], column: str, subject_id: int, comments: int
) -> None:
    statement = upsert_statement(tally).values(
        {column: subject_id, "slot": tally_slot(), "comment_count": comments}
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[column, "slot"],
            set_={"comment_count": tally.comment_count + statement.excluded.comment_count},
        )
    )


def tally_slot() -> int:
    """The row of a subject's tally a write adds to: one of TALLY_SLOTS, at random, so that
    two writers at the same moment seldom need the same row lock."""
    return random.randrange(TALLY_SLOTS)  # noqa: S311 (spreads writes, guards nothing)


def rating_conflict(subject: Subject) -> list[str]:
    """The unique constraint an answer to a rating question is upserted on."""
    column = "focus_area_id" if isinstance(subject, FocusArea) else "goal_id"
    return [column, "user_id", "question"]


def comment_count(subject: Subject) -> int:
    """Top-level comments in any status, from the tally's slots (never counted row by row)."""
    if isinstance(subject, FocusArea):
        query = select(func.sum(FocusAreaTally.comment_count)).filter_by(focus_area_id=subject.id)
    else:
        query = select(func.sum(GoalTally.comment_count)).filter_by(goal_id=subject.id)
    return int(db.session.scalar(query) or 0)


def counts(subject: Subject) -> tuple[int, int]:
    """(top-level comments the list holds, from the tally; comments and replies residents can
    read, from the trigger's rows: shown.py) in one statement: the list pages by the first,
    residents are told the second."""
    _participant, tally, column = tables(subject)
    listed = select(func.sum(tally.comment_count)).filter_by(**{column: subject.id})
    found = db.session.execute(
        select(listed.scalar_subquery(), shown.of_subject(subject).scalar_subquery())
    ).one()
    return int(found[0] or 0), int(found[1] or 0)


def shown_count(subject: Subject) -> int:
    """Comments and replies residents can read on the goal or focus area."""
    return int(db.session.scalar(shown.of_subject(subject)) or 0)


def count_comment(subject: Subject) -> None:
    """One more top-level comment on the subject's tally."""
    if isinstance(subject, FocusArea):
        _add_to_tally(FocusAreaTally, "focus_area_id", subject.id, comments=1)
    else:
        _add_to_tally(GoalTally, "goal_id", subject.id, comments=1)


def page_url(subject: Subject, **arguments: Any) -> str:
    """The subject's page (owned by the catalogue), e.g. with sort, page or _anchor."""
    if isinstance(subject, FocusArea):
        return url_for("catalogue.focus_area", area_id=subject.id, **arguments)
    return url_for("catalogue.goal", goal_id=subject.id, **arguments)


def action_url(subject: Subject, action: str) -> str:
    """Where the subject's comment ("comment") or rating ("rate") form posts."""
    if isinstance(subject, FocusArea):
        return url_for(f"participation.{action}_focus_area", area_id=subject.id)
    return url_for(f"participation.{action}", goal_id=subject.id)


def tables(
    subject: Subject,
) -> tuple[type[FocusAreaParticipant | GoalParticipant], type[FocusAreaTally | GoalTally], str]:
    """The subject's participants and tally, and the column naming the subject in both."""
    if isinstance(subject, FocusArea):
        return FocusAreaParticipant, FocusAreaTally, "focus_area_id"
    return GoalParticipant, GoalTally, "goal_id"


def count_participant(subject: Subject, user_id: int, comments: int = 0) -> bool:
    """Count the account once among the subject's participants (and its plan's), the first time
    it takes part; `comments` more top-level comments go on the tally with it. True when they
    did (the caller counts them itself otherwise): always on PostgreSQL, where participant and
    tally are one statement; elsewhere when the account was new (one statement more for a
    known one)."""
    participant, tally, column = tables(subject)
    if db.engine.dialect.name == "postgresql":
        statement = _participant_and_tally(participant, tally, column, comments > 0)
        parameters = {"subject_id": subject.id, "user_id": user_id, "comments": comments}
        parameters |= {"subject_plan_id": subject.plan_id, "slot": tally_slot()}
        db.session.execute(statement, parameters)
        return True
    added = db.session.execute(
        upsert_statement(participant)
        .values({column: subject.id, "user_id": user_id})
        .on_conflict_do_nothing(index_elements=[column, "user_id"])
        .returning(participant.user_id)
    ).scalar()
    if added is None:
        return False
    db.session.execute(
        upsert_statement(PlanParticipant)
        .values(plan_id=subject.plan_id, user_id=user_id)
        .on_conflict_do_nothing(index_elements=["plan_id", "user_id"])
    )
    db.session.execute(
        upsert_statement(tally)
        .values(
            {
                column: subject.id,
                "slot": tally_slot(),
                "comment_count": comments,
                "participant_count": 1,
            }
        )
        .on_conflict_do_update(
            index_elements=[column, "slot"],
            set_={
                "participant_count": tally.participant_count + 1,
                "comment_count": tally.comment_count + comments,
            },
        )
    )
    return True


@cache
def _participant_and_tally(
    participant: type[FocusAreaParticipant | GoalParticipant],
    tally: type[FocusAreaTally | GoalTally],
    column: str,
    with_comments: bool,
) -> postgresql.Insert:
    """PostgreSQL: the participant (the CTE `added`, a row when new), the plan's participant
    when that is new (`in_plan`) and the tally in one statement, built once per process
    (parameters: subject_id, subject_plan_id, user_id, comments, slot). Without comments to
    count the tally is left alone (not even locked) unless the participant is new.
    """
    # Tables, not the models: parameters given to an ORM statement would make it a bulk insert.
    people, counts = cast(Table, participant.__table__), cast(Table, tally.__table__)
    subject_id = bindparam("subject_id", type_=Integer)
    added = (
        postgresql.insert(people)
        .values({column: subject_id, "user_id": bindparam("user_id", type_=Integer)})
        .on_conflict_do_nothing(index_elements=[column, "user_id"])
        .returning(people.c.user_id)
        .cte("added")
    )
    in_plan = plan_participant_of(added)
    slot = bindparam("slot", type_=SmallInteger)
    if with_comments:
        new = select(func.count()).select_from(added).scalar_subquery()
        source = select(subject_id, slot, bindparam("comments", type_=Integer), new)
    else:
        source = select(subject_id, slot, literal(0), literal(1)).select_from(added)
    # The tally after the plan's participant, as a comment's statement orders them.
    source = source.where(after(in_plan))
    statement = postgresql.insert(counts).from_select(
        [column, "slot", "comment_count", "participant_count"], source
    )
    return statement.add_cte(added, in_plan).on_conflict_do_update(
        index_elements=[column, "slot"],
        set_={
            "participant_count": counts.c.participant_count + statement.excluded.participant_count,
            "comment_count": counts.c.comment_count + statement.excluded.comment_count,
        },
    )


def plan_participant_of(added: Any) -> Any:
    """PostgreSQL: a CTE that counts the account among the plan's participants (parameter
    subject_plan_id) when `added`, the CTE inserting the goal's or focus area's participant,
    has its row: an account already known there is known to the plan too."""
    people = cast(Table, PlanParticipant.__table__)
    return (
        postgresql.insert(people)
        .from_select(
            ["plan_id", "user_id"],
            select(bindparam("subject_plan_id", type_=Integer), added.c.user_id),
        )
        .on_conflict_do_nothing(index_elements=["plan_id", "user_id"])
        .returning(people.c.user_id)
        .cte("in_plan")
    )


def after(write: Any) -> ColumnElement[bool]:
    """Always true, but evaluated only once `write` (a CTE) has run: what orders the writes of
    one statement."""
    return select(func.count()).select_from(write).scalar_subquery() >= 0
