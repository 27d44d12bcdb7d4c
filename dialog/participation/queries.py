"""Reads for goal pages, permalinks, my page and the API: paginated, counted without scanning."""

import math
from dataclasses import dataclass, field

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from dialog.extensions import db
from dialog.participation.models import (
    Comment,
    Rating,
    RatingQuestion,
    Reaction,
    public_comments,
)
from dialog.participation.subjects import (
    Subject,
    comment_condition,
    comment_count,
    rating_condition,
)

SORTS = {
    "newest": (Comment.id.desc(),),
    "oldest": (Comment.id.asc(),),
    "agreed": (Comment.agree_count.desc(), Comment.id.desc()),
    "replies": (Comment.reply_count.desc(), Comment.id.desc()),
}


@dataclass
class CommentPage:
    comments: list[Comment]
    replies: dict[int, list[Comment]]
    my_reactions: dict[int, str]
    total: int
    page: int
    per_page: int
    sort: str

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def comment_page(
    subject: Subject, sort: str, page: int, per_page: int, user_id: int | None
) -> CommentPage:
    """One page of top-level comments on a goal or focus area with all their replies and the
    reader's reactions."""
    total = comment_count(subject)
    comments = list(
        db.session.scalars(
            select(Comment)
            .where(comment_condition(subject), Comment.parent_id.is_(None), public_comments())
            .order_by(*SORTS[sort])
            .limit(per_page)
            .offset((page - 1) * per_page)
            # Authors in a second query: a join would be made for every skipped row of a deep page.
            .options(selectinload(Comment.author))
        )
    )
    replies = replies_of([c.id for c in comments if c.reply_count])
    everything = [c.id for c in comments] + [r.id for rs in replies.values() for r in rs]
    return CommentPage(
        comments, replies, reactions_of(user_id, everything), total, page, per_page, sort
    )


def replies_of(parent_ids: list[int]) -> dict[int, list[Comment]]:
    if not parent_ids:
        return {}
    found: dict[int, list[Comment]] = {pid: [] for pid in parent_ids}
    for reply in db.session.scalars(
        select(Comment)
        .where(Comment.parent_id.in_(parent_ids))
        .order_by(Comment.id)
        .options(joinedload(Comment.author))
    ):
        found[reply.parent_id].append(reply)  # type: ignore[index]  # in parent_ids: not None
    return found


def reactions_of(user_id: int | None, comment_ids: list[int]) -> dict[int, str]:
    if user_id is None or not comment_ids:
        return {}
    rows = db.session.execute(
        select(Reaction.comment_id, Reaction.kind).where(
            Reaction.user_id == user_id, Reaction.comment_id.in_(comment_ids)
        )
    )
    return {key: value for key, value in rows}


def comment_or_none(comment_id: int) -> Comment | None:
    """The comment as the public pages may show it: an imported one only once published."""
    return db.session.scalar(
        select(Comment)
        .filter_by(id=comment_id)
        .where(public_comments())
        .options(joinedload(Comment.author))
    )


@dataclass
class Distribution:
    question: RatingQuestion
    #: value → number of answers, for 1–5 and 0 ("don't know").
    counts: dict[int, int] = field(default_factory=dict)

    @property
    def respondents(self) -> int:
        return sum(self.counts.values())

    def share(self, value: int) -> int:
        """Whole percent of all respondents, for the bars."""
        total = self.respondents
        return round(100 * self.counts.get(value, 0) / total) if total else 0


def rating_distributions(subject: Subject) -> dict[RatingQuestion, Distribution]:
    result = {q: Distribution(q, {v: 0 for v, _label in q.scale}) for q in RatingQuestion}
    rows = db.session.execute(
        select(Rating.question, Rating.value, func.count())
        .where(rating_condition(subject))
        .group_by(Rating.question, Rating.value)
    )
    for question, value, count in rows:
        if question in result:
            result[RatingQuestion(question)].counts[value] = count
    return result


def my_ratings(subject: Subject, user_id: int | None) -> dict[str, int]:
    if user_id is None:
        return {}
    rows = db.session.execute(
        select(Rating.question, Rating.value).where(
            rating_condition(subject), Rating.user_id == user_id
        )
    )
    return {key: value for key, value in rows}


def comments_by(user_id: int, page: int, per_page: int) -> Pagination:
    """A resident's comments and replies, newest first, with their goals or focus areas."""
    return db.paginate(
        select(Comment)
        .where(Comment.author_id == user_id)
        .order_by(Comment.id.desc())
        .options(joinedload(Comment.goal), joinedload(Comment.focus_area)),
        page=page,
        per_page=per_page,
        error_out=False,
    )


def ratings_by(user_id: int) -> list[Rating]:
    return list(
        db.session.scalars(
            select(Rating)
            .where(Rating.user_id == user_id)
            .order_by(Rating.goal_id, Rating.focus_area_id, Rating.question)
            .options(joinedload(Rating.goal), joinedload(Rating.focus_area))
        )
    )
