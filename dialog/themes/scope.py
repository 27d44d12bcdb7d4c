"""Which comments a theme run reads: a goal's, or a plan's (its goals and focus areas).

Residents' comments and replies in any status a moderator has not refused (published, awaiting
moderation, hidden: all part of the record) count; rejected and withdrawn comments and the
municipality's own replies do not. Comments from other channels are comments too.
"""

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Select, or_, select

from dialog.catalogue.models import FocusArea, Goal
from dialog.extensions import db
from dialog.participation.models import Comment, CommentStatus, shown_comments
from dialog.themes.models import ThemeRun

LEFT_OUT = (CommentStatus.REJECTED.value, CommentStatus.WITHDRAWN.value)


def in_scope(goal_id: int | None, plan_id: int | None) -> ColumnElement[bool]:
    if goal_id is not None:
        where = Comment.goal_id == goal_id
    else:
        where = or_(
            Comment.goal_id.in_(select(Goal.id).where(Goal.plan_id == plan_id)),
            Comment.focus_area_id.in_(select(FocusArea.id).where(FocusArea.plan_id == plan_id)),
        )
    return where & Comment.status.not_in(LEFT_OUT) & Comment.is_official.is_(False)


def comments_of(run: ThemeRun) -> Select:
    """(id, body, shown) of the run's comments, oldest first; `shown`: residents can read it
    (a theme's label may quote only such a comment)."""
    return (
        select(Comment.id, Comment.body, shown_comments().label("shown"))
        .where(in_scope(run.goal_id, run.plan_id))
        .order_by(Comment.id)
    )


def comment_refs(comment_ids: Iterable[int]) -> dict[int, str | None]:
    """Comment id → the source's own reference of a comment from another channel (a paper
    form's number), None for comments written on the site."""
    wanted = list(comment_ids)
    found: dict[int, str | None] = dict.fromkeys(wanted)
    for start in range(0, len(wanted), 1000):
        for comment_id, ref in db.session.execute(
            select(Comment.id, Comment.source_ref).where(
                Comment.id.in_(wanted[start : start + 1000]), Comment.source_ref.is_not(None)
            )
        ):
            found[comment_id] = ref
    return found
