"""How many comments and replies residents can read on each goal and focus area, from the rows
a trigger on comments keeps (`ShownCommentCount`, migration 9e4b7c2a5d13).

Counting the comments themselves took 10-17 ms for a goal with 100,000 of them, and every new
comment makes the pages count again; a subject's count is now the sum of its few rows. The
trigger only ever inserts (+1 or -1), so writers never wait for a counter row; `fold` replaces
a subject's rows by their sum: after every FOLD_EVERY-th comment on the subject that receives
it, and for every subject each SHOWN_COUNT_FOLD_SECONDS."""

from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, delete, func, insert, select

from dialog.catalogue.models import FocusArea
from dialog.extensions import db
from dialog.jobs import job
from dialog.participation.models import ShownCommentCount

#: A subject's rows are folded when a new comment's id is a multiple of this.
FOLD_EVERY = 500


def column_of(subject: Any) -> Any:
    """The column naming the goal or focus area in ShownCommentCount."""
    if isinstance(subject, FocusArea):
        return ShownCommentCount.focus_area_id
    return ShownCommentCount.goal_id


def total(where: ColumnElement[bool]) -> Select:
    """The count where `where` holds, as one value (0 when there are no rows)."""
    return select(func.coalesce(func.sum(ShownCommentCount.delta), 0)).where(where)


def of_subject(subject: Any) -> Select:
    """The subject's count, as a statement to select or embed."""
    return total(column_of(subject) == subject.id)


def after_posting(subject: Any, comment_id: int) -> None:
    """Fold the subject's rows after every FOLD_EVERY-th comment (by id, across the site), once
    the comment's transaction has committed."""
    if comment_id % FOLD_EVERY == 0:
        column = "focus_area_id" if isinstance(subject, FocusArea) else "goal_id"
        fold_job.enqueue(column, subject.id)


def fold(
    column: str | None = None, subject_id: int | None = None, connection: Connection | None = None
) -> int:
    """Replace the rows of one subject (or of all) by one row per subject holding their sum;
    the number of rows taken. The rows deleted are exactly the rows summed (DELETE … RETURNING),
    so a comment written meanwhile keeps its row for the next fold. On the session's
    connection unless given one (bulk loaders call it after inserting comments)."""
    executor: Connection | Any = connection if connection is not None else db.session
    statement = delete(ShownCommentCount)
    if column is not None:
        statement = statement.where(getattr(ShownCommentCount, column) == subject_id)
    taken = executor.execute(
        statement.returning(
            ShownCommentCount.goal_id, ShownCommentCount.focus_area_id, ShownCommentCount.delta
        )
    ).all()
    sums: Counter[tuple[int | None, int | None]] = Counter()
    for goal_id, focus_area_id, delta in taken:
        sums[(goal_id, focus_area_id)] += delta
    rows = [
        {"goal_id": goal_id, "focus_area_id": focus_area_id, "delta": n}
        for (goal_id, focus_area_id), n in sums.items()
        if n
    ]
    if rows:
        executor.execute(insert(ShownCommentCount), rows)
    return len(taken)


@job("dialog.participation.fold_shown_counts", every="SHOWN_COUNT_FOLD_SECONDS")
def fold_job(column: str | None = None, subject_id: int | None = None) -> None:
    if column not in (None, "goal_id", "focus_area_id"):
        raise ValueError(column)
    fold(column, subject_id)
    db.session.commit()
