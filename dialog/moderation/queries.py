"""What the desk reads: its queues, their counts and each comment in context."""

import enum
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    and_,
    case,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import aliased, selectinload

from dialog.catalogue.models import FocusArea, Goal, Plan
from dialog.core.text import whole_number
from dialog.db import as_utc
from dialog.extensions import db
from dialog.moderation.models import Decision, Note
from dialog.participation.models import (
    Comment,
    CommentStatus,
    HoldReason,
    Report,
    ReportReason,
)
from dialog.participation.subjects import join_plan


class Queue(enum.StrEnum):
    APPROVAL = "approval"
    REPORTED = "reported"
    WORD_LIST = "word_list"

    @property
    def label(self) -> str:
        return str(QUEUE_LABELS[self])

    @property
    def has_reports(self) -> bool:
        """Whether the queue's comments carry open reports, so that a report's reason can
        narrow it: a comment awaiting approval or held by the word list is not yet shown to
        anyone who could report it."""
        return self is Queue.REPORTED


QUEUE_LABELS = {
    Queue.APPROVAL: _l("Awaiting approval"),
    Queue.REPORTED: _l("Reported"),
    Queue.WORD_LIST: _l("Held by the word list"),
}

OPEN_REPORT = and_(Report.comment_id == Comment.id, Report.resolved_at.is_(None))


@dataclass(frozen=True)
class Filters:
    """What the moderator narrowed a queue to; None is "any"."""

    plan_id: int | None = None
    goal_id: int | None = None
    reason: str | None = None
    since: date | None = None
    until: date | None = None

    def __bool__(self) -> bool:
        return any(value is not None for value in asdict(self).values())

    def args(self) -> dict[str, str]:
        """The filters as the desk's query string names them, for links that keep them."""
        named = {
            "plan": self.plan_id,
            "goal": self.goal_id,
            "reason": self.reason,
            "since": self.since,
            "until": self.until,
        }
        return {name: str(value) for name, value in named.items() if value is not None}

    @classmethod
    def read(cls, values: Mapping[str, str], queue: Queue) -> "Filters":
        """The filters carried by a link or a form for `queue`; a value that is not one is left
        out, and so is a report's reason on a queue without reports (a `reason=` kept from the
        reported queue emptied the approval queue without a word)."""
        reason = values.get("reason") if queue.has_reports else None
        return cls(
            plan_id=whole_number(values.get("plan")),
            goal_id=whole_number(values.get("goal")),
            reason=reason if reason in {r.value for r in ReportReason} else None,
            since=_day(values.get("since")),
            until=_day(values.get("until")),
        )


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _in_queue(queue: Queue) -> ColumnElement[bool]:
    pending = Comment.status == CommentStatus.PENDING.value
    if queue == Queue.APPROVAL:
        return and_(pending, Comment.held_for == HoldReason.APPROVAL)
    if queue == Queue.WORD_LIST:
        return and_(pending, Comment.held_for == HoldReason.WORD_LIST)
    return and_(
        Comment.status.in_([CommentStatus.PUBLISHED.value, CommentStatus.PENDING.value]),
        exists().where(OPEN_REPORT),
    )


def _scoped(query: Select, municipality_id: int) -> Select:
    return join_plan(query).where(Plan.municipality_id == municipality_id)


def _start(day: date) -> datetime:
    return as_utc(datetime.combine(day, time.min))


def _narrowed(query: Select, municipality_id: int, queue: Queue, filters: Filters) -> Select:
    """`query` over the queue's comments, narrowed by the filters."""
    query = _scoped(query, municipality_id).where(_in_queue(queue))
    if filters.plan_id is not None:
        query = query.where(Plan.id == filters.plan_id)
    if filters.goal_id is not None:
        query = query.where(Comment.goal_id == filters.goal_id)
    if filters.reason and queue.has_reports:
        query = query.where(exists().where(OPEN_REPORT, Report.reason == filters.reason))
    if filters.since:
        query = query.where(Comment.created_at >= _start(filters.since))
    if filters.until:
        query = query.where(Comment.created_at < _start(filters.until + timedelta(days=1)))
    return query


def reported_since() -> ScalarSelect:
    """When the comment's oldest open report was made (None without one), correlated with the
    comment of the enclosing statement: the reported queue is worked by it, first reported
    first handled, so that a comment written long ago but reported a minute ago does not go
    before one whose report has waited for hours. A report dealt with does not count."""
    return (
        select(func.min(Report.created_at)).where(OPEN_REPORT).correlate(Comment).scalar_subquery()
    )


def held_since(comment: type[Comment] = Comment) -> ColumnElement[datetime]:
    """When the comment came into its hold (approval or the word list): its latest edit, else
    when it was sent. A resident's edit of a published comment can hold the new text for a
    moderator (participation.services.edit_comment): it came to the desk then, not when it was
    first written, and must not go before comments that have waited longer. `edited_at` is set
    by an edit of the text only, and only a published comment can be edited, so a held
    comment's latest edit is the one that held it (an edit never moves a comment that already
    waits)."""
    return func.coalesce(comment.edited_at, comment.created_at)


def _key(queue: Queue) -> ColumnElement[datetime]:
    """What the queue is worked by, oldest first: when the comment was reported (the oldest
    open report) in the reported queue, when it came into its hold in the others."""
    return reported_since() if queue.has_reports else held_since()


def order(queue: Queue) -> tuple[ColumnElement, ...]:
    """The order a queue is worked in: its key, oldest first, the id settling comments that
    share one instant."""
    return (_key(queue), Comment.id.expression)


def queue_query(municipality_id: int, queue: Queue, filters: Filters = Filters()) -> Select:
    """The queue's comments in the order it is worked in, narrowed by the filters."""
    query = _narrowed(select(Comment), municipality_id, queue, filters)
    return query.options(
        selectinload(Comment.author),
        selectinload(Comment.goal).selectinload(Goal.plan),
        selectinload(Comment.focus_area).selectinload(FocusArea.plan),
    ).order_by(*order(queue))


def count_in(municipality_id: int, queue: Queue, filters: Filters = Filters()) -> int:
    """How many comments wait in the queue, narrowed by the filters (by default none)."""
    query = _narrowed(select(func.count(Comment.id)), municipality_id, queue, filters)
    return db.session.scalar(query) or 0


def counts(municipality_id: int) -> dict[Queue, int]:
    """How many comments wait in each queue (without filters)."""
    return {queue: count_in(municipality_id, queue) for queue in Queue}


def _anchor(queue: Queue, comment_id: int) -> ColumnElement:
    """The comment's key in the queue's order, read in the statement that compares with it.

    In the reported queue: its oldest open report or, when a decision has just settled them
    all, the oldest of those the last decision settled (the comment's place as it was, so that
    the next one after a decision is the next in the order); a comment never reported falls
    back on when it was written. In the other queues: when it came into its hold."""
    me = aliased(Comment)
    if not queue.has_reports:
        return select(held_since(me)).where(me.id == comment_id).scalar_subquery()
    written = select(me.created_at).where(me.id == comment_id).scalar_subquery()
    report = aliased(Report)
    still_open = (
        select(func.min(report.created_at))
        .where(report.comment_id == comment_id, report.resolved_at.is_(None))
        .scalar_subquery()
    )
    last = aliased(Report)
    settled_last = select(func.max(last.resolved_at)).where(last.comment_id == comment_id)
    settled = (
        select(func.min(report.created_at))
        .where(
            report.comment_id == comment_id,
            report.resolved_at == settled_last.scalar_subquery(),
        )
        .scalar_subquery()
    )
    return func.coalesce(still_open, settled, written)


def _earlier(queue: Queue, comment_id: int) -> ColumnElement[bool]:
    """Comments before this one in the queue's order."""
    key, anchor = _key(queue), _anchor(queue, comment_id)
    return or_(key < anchor, and_(key == anchor, Comment.id < comment_id))


def _later(queue: Queue, comment_id: int) -> ColumnElement[bool]:
    """Comments after this one in the queue's order."""
    key, anchor = _key(queue), _anchor(queue, comment_id)
    return or_(key > anchor, and_(key == anchor, Comment.id > comment_id))


def after_in(
    municipality_id: int, queue: Queue, comment: Comment, filters: Filters = Filters()
) -> int | None:
    """The id of the comment after this one in the queue's order, or None when it is the last:
    Skip and the page after a decision walk the queue forward and never come round to its
    start unasked. The comment itself need not be in the queue any more (just decided)."""
    query = _narrowed(select(Comment.id), municipality_id, queue, filters)
    query = query.where(_later(queue, comment.id))
    return db.session.scalar(query.order_by(*order(queue)).limit(1))


def first_in(municipality_id: int, queue: Queue, filters: Filters = Filters()) -> int | None:
    """The id of the queue's first comment in its order, or None when the queue is empty."""
    query = _narrowed(select(Comment.id), municipality_id, queue, filters)
    return db.session.scalar(query.order_by(*order(queue)).limit(1))


@dataclass(frozen=True)
class Position:
    """Where a comment stands in a queue: `number` of `total`, in the queue's order."""

    number: int
    total: int


def position_in(
    municipality_id: int, queue: Queue, comment: Comment, filters: Filters = Filters()
) -> Position | None:
    """The comment's place in the queue narrowed by the filters (in its order, as `after_in`
    walks it), or None when it is not in it. One counting statement: the queue
    is never loaded."""
    query = _narrowed(
        select(
            func.count(Comment.id),
            func.count(case((_earlier(queue, comment.id), 1))),
            func.count(case((Comment.id == comment.id, 1))),
        ),
        municipality_id,
        queue,
        filters,
    )
    total, before, present = db.session.execute(query).one()
    return Position(before + 1, total) if present else None


def queues_of(comment: Comment) -> list[Queue]:
    """The queues the comment is in now."""
    found = []
    for queue in Queue:
        query = select(func.count(Comment.id)).where(Comment.id == comment.id, _in_queue(queue))
        if db.session.scalar(query):
            found.append(queue)
    return found


def plans_and_goals(municipality_id: int) -> tuple[list[Plan], list[Goal]]:
    """Choices for the filters: the municipality's plans, and goals that have comments (in
    no useful order: the menus sort them by the title they show, `sorted_as_shown`)."""
    plans = list(
        db.session.scalars(
            select(Plan).where(Plan.municipality_id == municipality_id).order_by(Plan.id)
        )
    )
    goals = list(
        db.session.scalars(
            select(Goal)
            .join(Plan, Plan.id == Goal.plan_id)
            .where(Plan.municipality_id == municipality_id)
            .where(exists().where(Comment.goal_id == Goal.id))
            .order_by(Goal.id)
        )
    )
    return plans, goals


@dataclass(frozen=True)
class Context:
    """Everything a moderator needs to decide on one comment."""

    comment: Comment
    reports: list[Report]
    decisions: list[Decision]
    author_history: list[Decision]
    notes: list[Note]
    #: The writer's other comments waiting at this desk: a pattern is seen before deciding.
    author_waiting: list[Comment]
    #: Their open reports, as the desk's list counts them (the comment's counter keeps the
    #: reports a moderator has dealt with too).
    waiting_reports: dict[int, int]


HISTORY = 20


def open_reasons(comment_ids: list[int]) -> dict[int, list[tuple[ReportReason, int]]]:
    """The open reports' reasons of the listed comments, most reported first: what the list
    shows beside the count, so that a moderator sees why before opening (the reporters' own
    words stay on the comment's page). One statement for the page."""
    if not comment_ids:
        return {}
    rows = db.session.execute(
        select(Report.comment_id, Report.reason, func.count())
        .where(Report.comment_id.in_(comment_ids), Report.resolved_at.is_(None))
        .group_by(Report.comment_id, Report.reason)
    )
    found: dict[int, list[tuple[ReportReason, int]]] = {}
    for comment_id, reason, n in rows:
        found.setdefault(comment_id, []).append((ReportReason(reason), int(n)))
    for reasons in found.values():
        reasons.sort(key=lambda pair: (-pair[1], list(ReportReason).index(pair[0])))
    return found


def reported_since_of(comment_ids: list[int]) -> dict[int, datetime]:
    """When each listed comment's oldest open report was made (none: left out), the key the
    reported queue is worked by: the list says how long each has waited. One statement."""
    if not comment_ids:
        return {}
    rows = db.session.execute(
        select(Report.comment_id, func.min(Report.created_at))
        .where(Report.comment_id.in_(comment_ids), Report.resolved_at.is_(None))
        .group_by(Report.comment_id)
    )
    return {comment_id: as_utc(since) for comment_id, since in rows}


def context(comment: Comment, municipality_id: int) -> Context:
    """The comment's reports, decisions and notes, and the writer's record at this desk."""
    reports = db.session.scalars(
        select(Report).where(Report.comment_id == comment.id).order_by(Report.created_at)
    ).all()
    decisions = db.session.scalars(
        select(Decision)
        .where(Decision.comment_id == comment.id)
        .options(selectinload(Decision.moderator))
        .order_by(Decision.created_at.desc(), Decision.id.desc())
    ).all()
    # An imported comment has no writer, so no history (None would match every other one).
    # Only this municipality's decisions: another's are not this desk's to read or open.
    history = (
        db.session.scalars(
            select(Decision)
            .where(
                Decision.author_id == comment.author_id,
                Decision.comment_id != comment.id,
                Decision.municipality_id == municipality_id,
            )
            .order_by(Decision.created_at.desc(), Decision.id.desc())
            .limit(HISTORY)
        ).all()
        if comment.author_id is not None
        else []
    )
    notes = db.session.scalars(
        select(Note)
        .where(Note.comment_id == comment.id)
        .options(selectinload(Note.author))
        .order_by(Note.created_at, Note.id)
    ).all()
    waiting = author_waiting(comment, municipality_id) if comment.author_id is not None else []
    open_counts = open_report_counts([other.id for other in waiting])
    return Context(
        comment, list(reports), list(decisions), list(history), list(notes), waiting, open_counts
    )


def open_report_counts(comment_ids: list[int]) -> dict[int, int]:
    """How many open reports each listed comment has (none: left out). One statement."""
    if not comment_ids:
        return {}
    rows = db.session.execute(
        select(Report.comment_id, func.count())
        .where(Report.comment_id.in_(comment_ids), Report.resolved_at.is_(None))
        .group_by(Report.comment_id)
    )
    return {comment_id: int(n) for comment_id, n in rows}


def author_waiting(comment: Comment, municipality_id: int) -> list[Comment]:
    """The writer's other comments in any of this municipality's queues, oldest first."""
    query = _scoped(select(Comment), municipality_id).where(
        Comment.author_id == comment.author_id,
        Comment.id != comment.id,
        or_(*(_in_queue(queue) for queue in Queue)),
    )
    query = query.options(selectinload(Comment.goal), selectinload(Comment.focus_area))
    written = (Comment.created_at, Comment.id)
    return list(db.session.scalars(query.order_by(*written).limit(HISTORY)))
