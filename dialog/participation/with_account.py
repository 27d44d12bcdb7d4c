"""The reader's own rows on a goal page, read in the statement that loads their account.

A signed-in view of a goal page asks the database twice: for the account, device and roles
(dialog/accounts/sessions.py), then for the reader's reactions, reports, ratings and any block
in force (`queries.personal_state`). The second asks only what the address already tells (the
goal) and the account's id, so it rides along with the first as one more column (`RIDER`): the
rows joined into one string, in SQL that SQLite and PostgreSQL both run. `personal_state` takes them
from there when they were read for this very reader and goal, else asks itself.
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Integer,
    String,
    bindparam,
    cast,
    func,
    literal_column,
    select,
    union_all,
)

from dialog.accounts.sessions import Rider, ridden
from dialog.catalogue.models import Goal, Plan
from dialog.db import utcnow
from dialog.moderation import blocks
from dialog.participation.models import Comment, Rating, Reaction, Report

NAME = "participation.goal_page"
#: Between rows, and between the three fields of a row ("what", "key", "value"): neither is in
#: an id, a number, a reaction's kind or a rating question's name.
ROWS, FIELDS = ",", "|"


def _text(constant: str) -> ColumnElement[str]:
    """A constant of this module (no input) as SQL text: one parameter less per execution."""
    return literal_column(f"'{constant}'", String)


def _item(what: str, key: Any, value: ColumnElement[Any]) -> ColumnElement[str]:
    return (_text(what + FIELDS) + cast(key, String) + _text(FIELDS) + value).label("item")


def _column() -> ColumnElement[Any]:
    """The reader's block in force in the goal's municipality, reactions to and reports of the
    goal's comments and answers to its ratings, as 'what|key|value' joined by ','; NULL when
    there are none."""
    user_id = bindparam("user_id", type_=Integer)
    goal_id = bindparam("rider_goal_id", type_=Integer)
    municipality_id = (
        select(Plan.municipality_id)
        .join(Goal, Goal.plan_id == Plan.id)
        .where(Goal.id == goal_id)
        .scalar_subquery()
    )
    now = bindparam("rider_now", type_=DateTime(timezone=True))
    block_ids = blocks.in_force(user_id, municipality_id, now).subquery()
    rows = union_all(
        select(_item("block", block_ids.c.id, _text(""))),
        select(_item("reaction", Reaction.comment_id, cast(Reaction.kind, String)))
        .join(Comment, Comment.id == Reaction.comment_id)
        .where(Reaction.user_id == user_id, Comment.goal_id == goal_id),
        select(_item("report", Report.comment_id, _text("")))
        .join(Comment, Comment.id == Report.comment_id)
        .where(Report.user_id == user_id, Comment.goal_id == goal_id),
        select(_item("rating", Rating.question, cast(Rating.value, String))).where(
            Rating.goal_id == goal_id, Rating.user_id == user_id
        ),
    ).subquery()
    # The separator as SQL text: given as a string it is a parameter rendered into the SQL on
    # every execution (a "post-compile" one), which costs more than the rest of the statement.
    return select(
        func.aggregate_strings(rows.c.item, _text(ROWS))  # type: ignore[arg-type]
    ).scalar_subquery()


def _parameters(view_args: Mapping[str, Any]) -> dict[str, Any] | None:
    goal_id = view_args.get("goal_id")
    if not isinstance(goal_id, int):
        return None
    return {"rider_goal_id": goal_id, "rider_now": utcnow()}


#: Registered for the goal page (catalogue.goal) in participation's init_app.
RIDER = Rider(NAME, _column, _parameters)


def rows_for(user_id: int, goal_id: int) -> list[tuple[str, str, str]] | None:
    """The reader's rows read with their account for this goal, or None when they were not
    (another page, another reader, no account loaded yet)."""
    found = ridden(NAME, user_id, {"rider_goal_id": goal_id})
    if found is None:
        return None
    text = found.value or ""
    rows = []
    for item in text.split(ROWS) if text else ():
        what, key, value = item.split(FIELDS)
        rows.append((what, key, value))
    return rows
