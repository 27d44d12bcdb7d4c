"""Reads for summaries: every figure is counted in SQL over a scope and a filter.

A scope is what residents took part on in one goal, a focus area, a plan or a municipality:
a SELECT of goal ids and a SELECT of focus area ids (comments and ratings belong to one or
the other, see dialog/participation/subjects.py), so that the same functions serve every
summary page, the exports and the report. The filter narrows
by the date an activity happened and by the district and age band the resident gave on their
profile (self-declared, optional, for statistics only).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    func,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import joinedload

from dialog.accounts.models import User
from dialog.catalogue.models import District, FocusArea, Goal, Plan
from dialog.db import as_utc
from dialog.extensions import db
from dialog.insights import stats
from dialog.participation.models import (
    Comment,
    CommentStatus,
    Rating,
    RatingQuestion,
    Reaction,
    ReactionKind,
    Report,
)


@dataclass(frozen=True)
class Filter:
    since: date | None = None
    until: date | None = None
    district_id: int | None = None
    age_band: str | None = None

    @property
    def narrows_people(self) -> bool:
        return self.district_id is not None or self.age_band is not None

    def as_dict(self) -> dict:
        chosen = {
            "since": self.since,
            "until": self.until,
            "district_id": self.district_id,
            "age_band": self.age_band,
        }
        return {key: value for key, value in chosen.items() if value is not None}


@dataclass(frozen=True)
class Scope:
    """The goals (`goals`, a SELECT of ids) and focus areas (`areas`, a SELECT of ids or None
    for none) whose comments and ratings a summary counts."""

    goals: Select
    areas: Select | None = None

    def _either(self, goal_column: Any, area_column: Any) -> ColumnElement[bool]:
        if self.areas is None:
            return goal_column.in_(self.goals)
        return or_(goal_column.in_(self.goals), area_column.in_(self.areas))

    def comments(self) -> ColumnElement[bool]:
        """The condition on `Comment` for comments in scope."""
        return self._either(Comment.goal_id, Comment.focus_area_id)

    def ratings(self) -> ColumnElement[bool]:
        """The condition on `Rating` for answers in scope."""
        return self._either(Rating.goal_id, Rating.focus_area_id)

    def _parts(self, goal_column: Any, area_column: Any) -> list[ColumnElement[bool]]:
        if self.areas is None:
            return [goal_column.in_(self.goals)]
        return [goal_column.in_(self.goals), area_column.in_(self.areas)]

    def comment_parts(self) -> list[ColumnElement[bool]]:
        """`comments()` as one condition per kind of subject (disjoint: a comment has one
        subject): each can be read from an index of its own column, which the OR of the two
        keeps PostgreSQL from doing."""
        return self._parts(Comment.goal_id, Comment.focus_area_id)

    def rating_parts(self) -> list[ColumnElement[bool]]:
        """`ratings()` as one condition per kind of subject, as `comment_parts`."""
        return self._parts(Rating.goal_id, Rating.focus_area_id)


def of_municipality(municipality_id: int) -> Scope:
    return Scope(
        select(Goal.id)
        .join(Plan, Plan.id == Goal.plan_id)
        .where(Plan.municipality_id == municipality_id),
        select(FocusArea.id)
        .join(Plan, Plan.id == FocusArea.plan_id)
        .where(Plan.municipality_id == municipality_id),
    )


def of_plan(plan_id: int) -> Scope:
    return Scope(
        select(Goal.id).where(Goal.plan_id == plan_id),
        select(FocusArea.id).where(FocusArea.plan_id == plan_id),
    )


def of_area(area_id: int) -> Scope:
    """The focus area itself and its goals."""
    return Scope(
        select(Goal.id).where(Goal.focus_area_id == area_id),
        select(FocusArea.id).where(FocusArea.id == area_id),
    )


def of_goal(goal_id: int) -> Scope:
    return Scope(select(Goal.id).where(Goal.id == goal_id))


def _start(day: date) -> datetime:
    return as_utc(datetime.combine(day, time.min))


def _in_period(query: Select, column: Any, selection: Filter) -> Select:
    if selection.since:
        query = query.where(column >= _start(selection.since))
    if selection.until:
        query = query.where(column < _start(selection.until + timedelta(days=1)))
    return query


def comments_in_period(query: Select, selection: Filter) -> Select:
    """Comments by the day they came in: an imported comment's `received_on` (a paper form
    received in March and imported in June counts in March), else when it was written or
    imported (`created_at`)."""
    if not (selection.since or selection.until):
        return query
    received, created = Comment.received_on, Comment.created_at
    written, dated = [received.is_(None)], [received.is_not(None)]
    if selection.since:
        written.append(created >= _start(selection.since))
        dated.append(received >= selection.since)
    if selection.until:
        written.append(created < _start(selection.until + timedelta(days=1)))
        dated.append(received <= selection.until)
    return query.where(or_(and_(*written), and_(*dated)))


def _by_people(query: Select, user_column: Any, selection: Filter) -> Select:
    if not selection.narrows_people:
        return query
    query = query.join(User, User.id == user_column)
    if selection.district_id is not None:
        query = query.where(User.district_id == selection.district_id)
    if selection.age_band is not None:
        query = query.where(User.age_band == selection.age_band)
    return query


def _comments(scope: Scope, selection: Filter, *columns: Any) -> Select:
    query = select(*columns).select_from(Comment).where(scope.comments())
    query = comments_in_period(query, selection)
    return _by_people(query, Comment.author_id, selection)


def activity(scope: Scope, selection: Filter) -> Subquery:
    """(user id) of everyone who commented, reacted or rated in scope and period.

    One branch of the union per kind of subject (goal, focus area), so that each is read
    from the indexes on its own column."""
    commented = [
        _in_period(
            select(Comment.author_id.label("user_id")).where(part, Comment.author_id.is_not(None)),
            Comment.created_at,
            selection,
        )
        for part in scope.comment_parts()
    ]
    reacted = [
        _in_period(
            select(Reaction.user_id.label("user_id"))
            .join(Comment, Comment.id == Reaction.comment_id)
            .where(part, Reaction.user_id.is_not(None)),
            Reaction.created_at,
            selection,
        )
        for part in scope.comment_parts()
    ]
    rated = [
        _in_period(
            select(Rating.user_id.label("user_id")).where(part, Rating.user_id.is_not(None)),
            Rating.created_at,
            selection,
        )
        for part in scope.rating_parts()
    ]
    return union(*commented, *reacted, *rated).subquery()


def count_reactions(scope: Scope, selection: Filter) -> dict[str, int]:
    query = (
        select(Reaction.kind, func.count())
        .join(Comment, Comment.id == Reaction.comment_id)
        .where(scope.comments())
        .group_by(Reaction.kind)
    )
    query = _by_people(
        _in_period(query, Reaction.created_at, selection), Reaction.user_id, selection
    )
    found: dict[ReactionKind, int] = {kind: count for kind, count in db.session.execute(query)}
    return {kind.value: found.get(kind, 0) for kind in ReactionKind}


def count_reports(scope: Scope, selection: Filter) -> int:
    query = (
        select(func.count())
        .select_from(Report)
        .join(Comment, Comment.id == Report.comment_id)
        .where(scope.comments())
    )
    query = _by_people(_in_period(query, Report.created_at, selection), Report.user_id, selection)
    return db.session.scalar(query) or 0


def rating_counts(scope: Scope, selection: Filter, question: RatingQuestion) -> dict[int, int]:
    answers = _rating_parts(
        scope,
        selection,
        lambda part: select(Rating.value).where(part, Rating.question == question.value),
    )
    query = select(answers.c.value, func.count()).group_by(answers.c.value)
    return dict(db.session.execute(query).all())


def _rating_parts(scope: Scope, selection: Filter, build: Any) -> Subquery:
    """The union (all rows) of `build(condition)` for each kind of subject in scope (see
    `Scope.rating_parts`), each narrowed by the filter: PostgreSQL reads each branch from an
    index on its subject column, where the OR of `Scope.ratings` made it read every answer."""
    return union_all(
        *(
            _by_people(
                _in_period(build(part), Rating.created_at, selection), Rating.user_id, selection
            )
            for part in scope.rating_parts()
        )
    ).subquery()


def ratings(scope: Scope, selection: Filter) -> dict[RatingQuestion, stats.Distribution]:
    return {q: stats.distribution(rating_counts(scope, selection, q)) for q in RatingQuestion}


def _day(column: Any) -> Any:
    """The calendar day (UTC) of a timestamp, as text or a date, in either database."""
    if db.engine.dialect.name == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)


def _top(
    scope: Scope, selection: Filter, order: tuple, limit: int, *conditions: Any
) -> list[Comment]:
    query = _comments(scope, selection, Comment).where(
        Comment.status == CommentStatus.PUBLISHED.value, *conditions
    )
    query = (
        query.options(joinedload(Comment.goal), joinedload(Comment.focus_area))
        .order_by(*order, Comment.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def most_agreed(scope: Scope, selection: Filter, limit: int = 5) -> list[Comment]:
    return _top(scope, selection, (Comment.agree_count.desc(),), limit, Comment.agree_count > 0)


def most_disagreed(scope: Scope, selection: Filter, limit: int = 5) -> list[Comment]:
    return _top(
        scope, selection, (Comment.disagree_count.desc(),), limit, Comment.disagree_count > 0
    )


def most_divisive(scope: Scope, selection: Filter, limit: int = 5) -> list[Comment]:
    """Comments with both kinds of reaction, ranked by `stats.divisiveness`."""
    candidates = _top(
        scope,
        selection,
        (_least(Comment.agree_count, Comment.disagree_count).desc(),),
        limit * 10,
        Comment.agree_count > 0,
        Comment.disagree_count > 0,
    )
    candidates.sort(key=lambda c: (-stats.divisiveness(c.agree_count, c.disagree_count), c.id))
    return candidates[:limit]


@dataclass(frozen=True)
class TopLists:
    agreed: list[Comment]
    disagreed: list[Comment]
    divisive: list[Comment]


def _least(first: Any, second: Any) -> Any:
    if db.engine.dialect.name == "sqlite":
        return func.min(first, second)
    return func.least(first, second)


def top_lists(scope: Scope, selection: Filter, limit: int = 5) -> TopLists:
    """`most_agreed`, `most_disagreed` and `most_divisive` from one read of the comments.

    Each published comment with any reaction is ranked three ways at once (window functions);
    the comments that rank high enough in any of them are then loaded by id: two queries in
    place of three reads of every comment in scope.
    """
    agree, disagree = Comment.agree_count, Comment.disagree_count
    ranked = (
        _comments(
            scope,
            selection,
            Comment.id,
            agree,
            disagree,
            func.row_number().over(order_by=(agree.desc(), Comment.id)).label("agreed"),
            func.row_number().over(order_by=(disagree.desc(), Comment.id)).label("disagreed"),
            func.row_number()
            .over(order_by=(_least(agree, disagree).desc(), Comment.id))
            .label("divided"),
        )
        .where(Comment.status == CommentStatus.PUBLISHED.value, or_(agree > 0, disagree > 0))
        .subquery()
    )
    rows = db.session.execute(
        select(ranked).where(
            or_(
                ranked.c.agreed <= limit,
                ranked.c.disagreed <= limit,
                ranked.c.divided <= limit * 10,
            )
        )
    ).all()
    if not rows:
        return TopLists([], [], [])
    found = {
        comment.id: comment
        for comment in db.session.scalars(
            select(Comment)
            .where(Comment.id.in_([row.id for row in rows]))
            .options(joinedload(Comment.goal), joinedload(Comment.focus_area))
        )
    }
    agreed = sorted(
        (r for r in rows if r.agreed <= limit and r.agree_count > 0), key=lambda r: r.agreed
    )
    disagreed = sorted(
        (r for r in rows if r.disagreed <= limit and r.disagree_count > 0),
        key=lambda r: r.disagreed,
    )
    candidates = [
        r for r in rows if r.divided <= limit * 10 and r.agree_count > 0 and r.disagree_count > 0
    ]
    candidates.sort(key=lambda r: (-stats.divisiveness(r.agree_count, r.disagree_count), r.id))
    return TopLists(
        [found[r.id] for r in agreed],
        [found[r.id] for r in disagreed],
        [found[r.id] for r in candidates[:limit]],
    )


@dataclass(frozen=True)
class Cell:
    label: str
    participants: int
    comments: int | None
    importance: float | None
    performance: float | None

    @property
    def suppressed(self) -> bool:
        return self.participants < stats.SMALL_CELL


@dataclass(frozen=True)
class PeopleCells:
    """Counts per (district id, age band) of the residents in a selection, shared by every
    breakdown and the participant count."""

    heads: dict[tuple, int]
    comments: dict[tuple, int]
    #: (district, age band, question) → (sum of answers 1–5, number of answers)
    ratings: dict[tuple, tuple[int, int]]

    @property
    def participants(self) -> int:
        return sum(self.heads.values())


def people_cells(scope: Scope, selection: Filter, comments: dict[tuple, int]) -> PeopleCells:
    """`comments` per (district, age band) come from `facts.comment_facts`."""
    people = activity(scope, selection)
    keys = (User.district_id, User.age_band)
    heads = _grouped(select(*keys, func.count()).select_from(people), people.c.user_id, selection)
    answers = union_all(
        *(
            _in_period(
                select(Rating.user_id, Rating.question, Rating.value).where(part, Rating.value > 0),
                Rating.created_at,
                selection,
            )
            for part in scope.rating_parts()
        )
    ).subquery()
    rated = _filtered(
        select(*keys, answers.c.question, func.sum(answers.c.value), func.count())
        .select_from(answers)
        .join(User, User.id == answers.c.user_id),
        selection,
    )
    ratings = {
        (district, band, question): (int(total), count)
        for district, band, question, total, count in db.session.execute(
            rated.group_by(*keys, answers.c.question)
        )
    }
    return PeopleCells(heads, comments, ratings)


def breakdown(cells: PeopleCells, by: str) -> list[Cell]:
    """Participants, comments and mean ratings per district ("district") or age band ("age").

    Figures of a cell with fewer than `stats.SMALL_CELL` participants are left out (None); the
    template says they are suppressed. People who gave nothing are one cell, "Not stated".
    """
    position = 0 if by == "district" else 1
    heads: Counter = Counter()
    comments: Counter = Counter()
    sums: dict[tuple, list[int]] = {}
    for key, count in cells.heads.items():
        heads[key[position]] += count
    for key, count in cells.comments.items():
        comments[key[position]] += count
    for (district, band, question), (total, count) in cells.ratings.items():
        slot = sums.setdefault(((district, band)[position], question), [0, 0])
        slot[0] += total
        slot[1] += count

    def mean(key: Any, question: RatingQuestion) -> float | None:
        total, count = sums.get((key, question.value), (0, 0))
        return total / count if count else None

    result = []
    for key, label in _labels(by, heads):
        count = heads.get(key, 0)
        small = count < stats.SMALL_CELL
        result.append(
            Cell(
                label=label,
                participants=count,
                comments=None if small else comments.get(key, 0),
                importance=None if small else mean(key, RatingQuestion.IMPORTANCE),
                performance=None if small else mean(key, RatingQuestion.PERFORMANCE),
            )
        )
    return result


def _filtered(query: Select, selection: Filter) -> Select:
    if selection.district_id is not None:
        query = query.where(User.district_id == selection.district_id)
    if selection.age_band is not None:
        query = query.where(User.age_band == selection.age_band)
    return query


def _grouped(query: Select, user_column: Any, selection: Filter) -> dict:
    """{(district, age band): count} over rows joined to their resident, the filter applied."""
    query = _filtered(query.join(User, User.id == user_column), selection)
    keys = query.selected_columns[:-1]
    return {tuple(row[:-1]): row[-1] for row in db.session.execute(query.group_by(*keys))}


def _labels(by: str, heads: dict) -> list[tuple]:
    from flask_babel import gettext as _

    from dialog.accounts.models import AgeBand

    if by == "district":
        ids = [key for key in heads if key is not None]
        names = dict(
            db.session.execute(
                select(District.id, District.name)
                .where(District.id.in_(ids))
                .order_by(District.position, District.name)
            ).all()
        )
        keyed = [(i, names.get(i, str(i))) for i in sorted(ids, key=lambda i: names.get(i, ""))]
    else:
        keyed = [(band.value, band.value.replace("-", "–")) for band in AgeBand]
        keyed = [(k, label) for k, label in keyed if k in heads]
    return keyed + ([(None, _("Not stated"))] if None in heads else [])


def goals_with_comments_without_response(scope: Scope, selection: Filter) -> list[Goal]:
    """Goals in scope with published comments and no official response (see `responses`)."""
    from dialog.insights.responses import responded_goal_ids

    # Only the goals' own comments count: the scope without its focus areas, so that the
    # goals are looked up by goal_id alone (not every comment of every goal checked for the OR).
    with_comments = _comments(Scope(scope.goals), selection, Comment.goal_id).where(
        Comment.status == CommentStatus.PUBLISHED.value
    )
    answered = responded_goal_ids(scope, selection)
    query = (
        select(Goal)
        .where(Goal.id.in_(scope.goals), Goal.id.in_(with_comments))
        .order_by(Goal.plan_id, Goal.position)
    )
    return [goal for goal in db.session.scalars(query) if goal.id not in answered]
