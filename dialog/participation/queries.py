"""Reads for goal pages, permalinks, my page and the API: paginated, counted without scanning."""

from dataclasses import dataclass, field
from functools import cache

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import (
    ColumnElement,
    DateTime,
    Integer,
    Select,
    String,
    and_,
    any_,
    bindparam,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import InstrumentedAttribute, joinedload, selectinload
from sqlalchemy.sql import Executable

from dialog.catalogue.models import FocusArea
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation import blocks
from dialog.participation import with_account
from dialog.participation.models import (
    Comment,
    Rating,
    RatingQuestion,
    Reaction,
    Report,
    public_comments,
)
from dialog.participation.subjects import (
    Subject,
    comment_condition,
    counts,
    rating_condition,
)

SORTS = {
    "newest": (Comment.id.desc(),),
    "oldest": (Comment.id.asc(),),
    "agreed": (Comment.agree_count.desc(), Comment.id.desc()),
    "replies": (Comment.reply_count.desc(), Comment.id.desc()),
}


#: The column each sort orders by before the id (None: by id alone), and whether it descends.
KEYS = {
    "newest": (None, True),
    "oldest": (None, False),
    "agreed": (Comment.agree_count, True),
    "replies": (Comment.reply_count, True),
}


#: The largest value of an INTEGER column (ids and counts), on PostgreSQL and in practice.
MAX_INTEGER = 2**31 - 1


@dataclass(frozen=True)
class Cursor:
    """Where a page of comments starts: after (older side) or before (newer side) a comment,
    by its sort value and id. In URLs: `after=12.345` (or `after=345` for newest/oldest)."""

    direction: str  # "after" | "before"
    value: int | None
    id: int

    @classmethod
    def parse(cls, direction: str, text: str, sort: str) -> "Cursor | None":
        """None when the text is not a cursor for this sort (the caller answers 400)."""
        column, _descending = KEYS[sort]
        parts = text.split(".")
        if len(parts) != (1 if column is None else 2):
            return None
        if not all(p.isascii() and p.isdigit() and len(p) <= 10 for p in parts):
            return None
        numbers = [int(p) for p in parts]
        if max(numbers) > MAX_INTEGER:  # compared with INTEGER columns: PostgreSQL would fail
            return None
        return cls(direction, numbers[0] if column is not None else None, numbers[-1])

    @staticmethod
    def text_of(comment: Comment, sort: str) -> str:
        column, _descending = KEYS[sort]
        if column is None:
            return str(comment.id)
        return f"{getattr(comment, column.key)}.{comment.id}"


@dataclass
class CommentWindow:
    """One page of top-level comments by cursor: costs the same on page 1 and page 1000."""

    comments: list[Comment]
    replies: dict[int, list[Comment]]
    my_reactions: dict[int, str]
    #: Top-level comments in any status: the list's items (each keeps its place).
    total: int
    sort: str
    #: The cursors of the pages either side (`before=`, `after=`), or None at either end.
    previous_cursor: str | None
    next_cursor: str | None
    #: The query arguments that bring the reader back to this very page.
    here: dict[str, str]
    #: Comments and replies residents can read: what the page tells them.
    shown: int = 0


def _beyond(sort: str, cursor: Cursor) -> ColumnElement[bool]:
    """Rows on the far side of the cursor, in the direction the reader moves."""
    column, descending = KEYS[sort]
    forward = cursor.direction == "after"
    smaller = forward == descending  # moving towards smaller keys
    if column is None:
        return Comment.id < cursor.id if smaller else Comment.id > cursor.id
    # Spelled out (not a row value) so both SQLite and PostgreSQL walk ix_comments_top_*.
    if smaller:
        return or_(column < cursor.value, and_(column == cursor.value, Comment.id < cursor.id))
    return or_(column > cursor.value, and_(column == cursor.value, Comment.id > cursor.id))


def _order(sort: str, reverse: bool) -> tuple:
    column, descending = KEYS[sort]
    descending = descending != reverse
    keys = [Comment.id] if column is None else [column, Comment.id]
    return tuple(k.desc() if descending else k.asc() for k in keys)


def comment_window(
    subject: Subject,
    sort: str,
    cursor: Cursor | None,
    per_page: int,
    user_id: int | None,
    page: int = 1,
) -> CommentWindow:
    """A page of top-level comments after or before `cursor` (or the first page, or an old
    `?page=N` address by offset), with replies and the reader's reactions."""
    backwards = cursor is not None and cursor.direction == "before"
    query = select(Comment).where(
        comment_condition(subject), Comment.parent_id.is_(None), public_comments()
    )
    if cursor is not None:
        query = query.where(_beyond(sort, cursor))
    elif page > 1:
        query = query.offset((page - 1) * per_page)
    query = query.order_by(*_order(sort, backwards)).limit(per_page + 1)
    found = list(db.session.scalars(query.options(selectinload(Comment.author))))
    more = len(found) > per_page
    comments = found[:per_page]
    if backwards:
        comments.reverse()
    at_start = (cursor is None and page == 1) or (backwards and not more)
    at_end = not more if not backwards else False
    here = {"sort": sort}
    if cursor is not None:
        here[cursor.direction] = _cursor_text(cursor)
    elif page > 1:
        here["page"] = str(page)
    replies = replies_of([c.id for c in comments if c.reply_count])
    everything = [c.id for c in comments] + [r.id for rs in replies.values() for r in rs]
    listed, shown = counts(subject)
    return CommentWindow(
        comments,
        replies,
        reactions_of(user_id, everything),
        listed,
        sort,
        previous_cursor=None if at_start or not comments else Cursor.text_of(comments[0], sort),
        next_cursor=None if at_end or not comments else Cursor.text_of(comments[-1], sort),
        here=here,
        shown=shown,
    )


def page_of(
    subject: Subject, window: CommentWindow, cursor: Cursor | None, page: int, per_page: int
) -> tuple[int, int] | None:
    """(This page's number, the number of pages) of a page of comments, for "Page 2 of 3";
    None for a page with no comments. A cursor's page counts the comments before it in one
    statement (a walk along the sort's index, once per content version: the page is cached);
    a page a new comment has shifted off the grid of `per_page` counts as a page of its own."""
    if not window.comments:
        return None
    if cursor is None:
        before = (page - 1) * per_page
    else:
        first = window.comments[0]
        column, _descending = KEYS[window.sort]
        start = Cursor("before", None if column is None else getattr(first, column.key), first.id)
        counted = select(func.count()).where(
            comment_condition(subject),
            Comment.parent_id.is_(None),
            public_comments(),
            _beyond(window.sort, start),
        )
        before = db.session.scalar(counted) or 0
    after = max(0, window.total - before - len(window.comments))
    number = -(-before // per_page) + 1
    return number, number + -(-after // per_page)


def _cursor_text(cursor: Cursor) -> str:
    return str(cursor.id) if cursor.value is None else f"{cursor.value}.{cursor.id}"


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


@dataclass
class Personal:
    """The reader's own state on a page: answers to its ratings, reactions to its comments,
    and which of its comments they have reported (they see "Reported by you" instead of the
    report link)."""

    ratings: dict[str, int] = field(default_factory=dict)
    reactions: dict[int, str] = field(default_factory=dict)
    reported: set[int] = field(default_factory=set)
    #: Whether a moderator's block is in force in the subject's municipality (when asked).
    blocked: bool = False


def _among_comments(dialect: str, column: InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """`column` (a comment id) in the page's ids: on PostgreSQL one array parameter (a
    statement with more than 50 parameters is converted anew by psycopg on every execution)."""
    if dialect == "postgresql":
        return column == any_(bindparam("comment_ids", type_=ARRAY(Integer)))
    return column.in_(bindparam("comment_ids", expanding=True))


@cache
def _personal_statement(
    dialect: str, focus_area: bool, with_comments: bool, with_ratings: bool, with_block: bool
) -> Executable | None:
    """The reader's rows on a page in one statement, built once per process and shape (bound
    parameters: user_id, municipality_id, now, comment_ids, subject_id): a signed-in page view
    would otherwise build and compile it again each time."""
    user_id = bindparam("user_id", type_=Integer)
    parts: list[Select[str, str, str]] = []
    if with_block:
        now = bindparam("now", type_=DateTime(timezone=True))
        municipality_id = bindparam("municipality_id", type_=Integer)
        block_ids = blocks.in_force(user_id, municipality_id, now).subquery()
        parts.append(
            select(
                literal("block", String).label("what"),
                cast(block_ids.c.id, String).label("key"),
                literal("", String).label("value"),
            )
        )
    if with_comments:
        parts.append(
            select(
                literal("reaction", String).label("what"),
                cast(Reaction.comment_id, String).label("key"),
                cast(Reaction.kind, String).label("value"),
            ).where(Reaction.user_id == user_id, _among_comments(dialect, Reaction.comment_id))
        )
        parts.append(
            select(
                literal("report", String).label("what"),
                cast(Report.comment_id, String).label("key"),
                literal("", String).label("value"),
            ).where(Report.user_id == user_id, _among_comments(dialect, Report.comment_id))
        )
    if with_ratings:
        subject = Rating.focus_area_id if focus_area else Rating.goal_id
        parts.append(
            select(
                literal("rating", String).label("what"),
                cast(Rating.question, String).label("key"),
                cast(Rating.value, String).label("value"),
            ).where(subject == bindparam("subject_id", type_=Integer), Rating.user_id == user_id)
        )
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else union_all(*parts)


def personal_state(
    subject: Subject,
    user_id: int,
    comment_ids: list[int],
    with_ratings: bool,
    with_block: bool = False,
) -> Personal:
    """All in one statement: each alone is a round trip on every signed-in page view. With
    `with_block`, whether a block is in force too (dialog/moderation/blocks.py is told when
    none is, so that the rules need not ask again)."""
    municipality_id = subject.plan.municipality_id
    found = Personal()
    rows = None if isinstance(subject, FocusArea) else with_account.rows_for(user_id, subject.id)
    if rows is not None:  # read with the account (dialog/participation/with_account.py)
        return _personal_from(
            rows, found, user_id, comment_ids, with_ratings, with_block, municipality_id
        )
    query = _personal_statement(
        db.session.get_bind().dialect.name,
        isinstance(subject, FocusArea),
        bool(comment_ids),
        with_ratings,
        with_block,
    )
    if query is None:
        return found
    parameters = {
        "user_id": user_id,
        "municipality_id": municipality_id,
        "now": utcnow(),
        "comment_ids": list(comment_ids),
        "subject_id": subject.id,
    }
    # A read on the request's own connection: the ORM has nothing to do with these rows.
    for what, key, value in db.session.connection().execute(query, parameters):
        if what == "reaction":
            found.reactions[int(key)] = value
        elif what == "report":
            found.reported.add(int(key))
        elif what == "rating":
            found.ratings[key] = int(value)
        else:
            found.blocked = True
    if with_block and not found.blocked:
        blocks.remember_unblocked(user_id, municipality_id)
    return found


def _personal_from(
    rows: list[tuple[str, str, str]],
    found: Personal,
    user_id: int,
    comment_ids: list[int],
    with_ratings: bool,
    with_block: bool,
    municipality_id: int,
) -> Personal:
    """`personal_state` from the rows read with the account: all the reader's reactions on the
    goal, kept for the page's comments; the ratings and block only when asked, as there."""
    on_page = set(comment_ids)
    for what, key, value in rows:
        if what == "reaction" and int(key) in on_page:
            found.reactions[int(key)] = value
        elif what == "report" and int(key) in on_page:
            found.reported.add(int(key))
        elif what == "rating" and with_ratings:
            found.ratings[key] = int(value)
        elif what == "block" and with_block:
            found.blocked = True
    if with_block and not found.blocked:
        blocks.remember_unblocked(user_id, municipality_id)
    return found


def comment_or_none(comment_id: int) -> Comment | None:
    """The comment as the public pages may show it: an imported one only once published."""
    return db.session.scalar(
        select(Comment)
        .filter_by(id=comment_id)
        .where(public_comments())
        .options(joinedload(Comment.author))
    )


def has_reported(user_id: int, comment_id: int) -> bool:
    """Whether this resident has reported this comment (one report each: a second is none)."""
    found = select(Report.id).where(Report.user_id == user_id, Report.comment_id == comment_id)
    return db.session.scalar(found.limit(1)) is not None


def comment_with_token(nonce: str) -> int | None:
    """The id of the comment stored from the form with this one-time token, if any."""
    return db.session.scalar(select(Comment.id).filter_by(submission_token=nonce))


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
