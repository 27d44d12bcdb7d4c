"""Reads for the officials' list of a goal's imported comments."""

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from dialog.catalogue.models import Goal
from dialog.extensions import db
from dialog.participation.models import Comment, CommentChannel


def imported_on(goal: Goal, page: int, per_page: int) -> Pagination:
    """The goal's imported comments, newest first, with their districts."""
    return db.paginate(
        select(Comment)
        .where(Comment.goal_id == goal.id, Comment.channel != CommentChannel.WEB.value)
        .order_by(Comment.id.desc())
        .options(selectinload(Comment.district)),
        page=page,
        per_page=per_page,
        error_out=False,
    )


def unpublished_count(goal: Goal) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Comment)
            .where(
                Comment.goal_id == goal.id,
                Comment.channel != CommentChannel.WEB.value,
                Comment.published_at.is_(None),
            )
        )
        or 0
    )
