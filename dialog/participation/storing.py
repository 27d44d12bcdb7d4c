"""Storing a comment once per form token and counting it, in as few round trips as the database
allows: the write behind `services.post_comment`, which has checked the rules and the text."""

from collections.abc import Mapping
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    Insert,
    Integer,
    Select,
    SmallInteger,
    Table,
    bindparam,
    exists,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from dialog.core import versions
from dialog.extensions import db
from dialog.participation.models import (
    Comment,
    FocusAreaParticipant,
    FocusAreaTally,
    GoalParticipant,
    GoalTally,
)
from dialog.participation.subjects import (
    Subject,
    after,
    count_comment,
    count_participant,
    plan_participant_of,
    tables,
    tally_slot,
)


def store_and_count(
    subject: Subject, values: Mapping[str, Any], parent: Comment | None, official: bool
) -> tuple[int, str] | None:
    """Insert the comment unless its form token is stored already, and count it: the author
    among the subject's and its plan's participants (not the municipality), a top-level comment
    on the tally, a reply on its parent. (id, status) of the new row, or None when the token
    was there.

    On PostgreSQL all of it, and the pages' content version (dialog/core/versions.py), is one
    statement: every comment would otherwise cost three round trips and an ORM row more."""
    dialect = db.engine.dialect.name
    new = {f"new_{name}": value for name, value in values.items()}
    if dialect == "postgresql":
        participant, tally, column = tables(subject)
        statement = _stored_and_counted(participant, tally, column, parent is not None, official)
        parameters = {
            **new,
            "subject_id": subject.id,
            "subject_plan_id": subject.plan_id,
            "participant_id": values["author_id"],
            "parent_ref": values["parent_id"],
            "parent_updated_at": values["updated_at"],
            "slot": tally_slot(),
            **versions.replacement(),
        }
        # On the session's connection: the ORM has nothing to do with these rows.
        row = db.session.connection().execute(statement, parameters).one_or_none()
        if row is None:
            return None
        versions.replaced(parameters)
        return row[0], row[1]
    # On the session's connection, past the ORM: the pages' version is replaced only when a
    # row was inserted (a form sent again changes nothing a page shows).
    row = db.session.connection().execute(_insert_once(dialect), new).one_or_none()
    if row is None:
        return None
    versions.bump()
    # The municipality is not a participant; a new participant's first top-level comment goes
    # on the tally in the same statement.
    counted = not official and count_participant(
        subject, cast(int, values["author_id"]), comments=1 if parent is None else 0
    )
    if parent is None:
        if not counted:
            count_comment(subject)
    else:
        db.session.execute(
            update(Comment)
            .where(Comment.id == parent.id)
            .values(reply_count=Comment.reply_count + 1)
        )
    return row[0], row[1]


@cache
def _insert_once(dialect: str) -> Insert:
    """INSERT of a comment unless its form token is stored already, RETURNING its id and
    status; built once per process (the values are bound parameters, `new_` and the column's
    name)."""
    table = cast(Table, Comment.__table__)
    names = ["goal_id", "focus_area_id", "author_id", "parent_id", "body", "category"]
    names += ["status", "held_for", "submission_token", "is_official", "created_at", "updated_at"]
    # Parameters not named as columns: an UPDATE of comments in the same statement would set
    # every column a parameter is named after.
    given = {name: bindparam(f"new_{name}", type_=table.c[name].type) for name in names}
    # The columns' own defaults as constants: an INSERT inside a CTE gets none of them.
    constant = {
        c.name: literal(c.default.arg, type_=c.type)
        for c in table.c
        if c.name not in given and isinstance(c.default, ScalarElementColumnDefault)
    }
    insert = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    statement = insert.values({**constant, **given})
    statement = statement.on_conflict_do_nothing(index_elements=["submission_token"])
    return statement.returning(table.c.id, table.c.status)


@cache
def _stored_and_counted(
    participant: type[FocusAreaParticipant | GoalParticipant],
    tally: type[FocusAreaTally | GoalTally],
    column: str,
    reply: bool,
    official: bool,
) -> Select[Any]:
    """PostgreSQL: `store_and_count` in one statement, built once per process. Each write
    after the comment's is done only when the comment was inserted (the CTE `inserted` has its
    row); rows are locked in the order the separate statements locked them (the participant,
    the plan's participant, the tally, the parent, the content version last, as at a commit),
    each write waiting for the one before. Extra parameters: subject_id, subject_plan_id,
    participant_id, parent_ref, parent_updated_at, slot and versions.replacement().
    """
    comments = cast(Table, Comment.__table__)
    people, counts = cast(Table, participant.__table__), cast(Table, tally.__table__)
    inserted = cast(postgresql.Insert, _insert_once("postgresql")).cte("inserted")
    subject_id = bindparam("subject_id", type_=Integer)
    writes: list[Any] = []
    done: Any = None  # the last write so far: the next one waits for it
    if not official:  # the municipality is not a participant
        added = (
            postgresql.insert(people)
            .from_select(
                [column, "user_id"],
                select(subject_id, bindparam("participant_id", type_=Integer)).select_from(
                    inserted
                ),
            )
            .on_conflict_do_nothing(index_elements=[column, "user_id"])
            .returning(people.c.user_id)
            .cte("added")
        )
        in_plan = plan_participant_of(added)
        slot = bindparam("slot", type_=SmallInteger)
        if reply:  # the tally only for a new participant
            source = select(subject_id, slot, literal(0), literal(1)).select_from(added)
        else:
            new = select(func.count()).select_from(added).scalar_subquery()
            source = select(subject_id, slot, literal(1), new).select_from(inserted)
        source = source.where(after(in_plan))
        counted = postgresql.insert(counts).from_select(
            [column, "slot", "comment_count", "participant_count"], source
        )
        done = (
            counted.on_conflict_do_update(
                index_elements=[column, "slot"],
                set_={
                    "participant_count": counts.c.participant_count
                    + counted.excluded.participant_count,
                    "comment_count": counts.c.comment_count + counted.excluded.comment_count,
                },
            )
            .returning(counts.c.slot)
            .cte("counted")
        )
        writes += [added, in_plan, done]
    if reply:
        parent = (
            update(comments)
            .where(comments.c.id == bindparam("parent_ref", type_=Integer))
            .where(exists(select(inserted.c.id)))
            # (onupdate defaults are not made for a statement inside a CTE either)
            .values(
                reply_count=comments.c.reply_count + 1,
                updated_at=bindparam("parent_updated_at", type_=comments.c.updated_at.type),
            )
        )
        if done is not None:
            parent = parent.where(after(done))
        done = parent.returning(comments.c.id).cte("parent")
        writes.append(done)
    source = select(*versions.version_parameters()).select_from(inserted)
    if done is not None:
        source = source.where(after(done))
    writes.append(versions.replacing("postgresql", source).cte("version"))
    return select(inserted.c.id, inserted.c.status).add_cte(*writes)
