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
    Integer,
    Select,
    and_,
    cast,
    func,
    literal,
    null,
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
    written: list[ColumnElement[bool]] = [received.is_(None)]
    dated: list[ColumnElement[bool]] = [received.is_not(None)]
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


def _written(scope: Scope, selection: Filter) -> list[Select]:
    """SELECTs of (user id) of each comment and reply residents wrote in scope and period (a
    comment from another channel has no author), one per kind of subject, so that each is read
    from the index on its own column and the author alone."""
    return [
        _in_period(
            select(Comment.author_id.label("user_id")).where(part, Comment.author_id.is_not(None)),
            Comment.created_at,
            selection,
        )
        for part in scope.comment_parts()
    ]


def _reactors(scope: Scope, selection: Filter) -> list[Select]:
    """SELECTs of (user id) of everyone who reacted in scope and period, as `_written`."""
    return [
        _in_period(
            select(Reaction.user_id.label("user_id"))
            .join(Comment, Comment.id == Reaction.comment_id)
            .where(part, Reaction.user_id.is_not(None)),
            Reaction.created_at,
            selection,
        )
        for part in scope.comment_parts()
    ]


def _answers(scope: Scope, selection: Filter) -> list[Select]:
    """SELECTs of (user id, question, value) of every answer in scope and period, one per kind
    of subject."""
    return [
        _in_period(
            select(Rating.user_id.label("user_id"), Rating.question, Rating.value).where(
                part, Rating.user_id.is_not(None)
            ),
            Rating.created_at,
            selection,
        )
        for part in scope.rating_parts()
    ]


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
    """Reports on comments in scope, one branch per kind of subject: each is read from the
    few reports and their comments by id, where the OR of `Scope.comments` made PostgreSQL
    read every comment to find the ones reported."""
    reported = union_all(
        *(
            _by_people(
                _in_period(
                    select(Report.id).join(Comment, Comment.id == Report.comment_id).where(part),
                    Report.created_at,
                    selection,
                ),
                Report.user_id,
                selection,
            )
            for part in scope.comment_parts()
        )
    ).subquery()
    return db.session.scalar(select(func.count()).select_from(reported)) or 0


#: (goal id, focus area id, question, value 0–5) → answers; 0 is "don't know".
RatingGroups = dict[tuple[int | None, int | None, str, int], int]
#: (question, answers 1–5 one resident gave, their sum) → residents who gave them.
ResidentTotals = dict[tuple[str, int, int], int]


@dataclass(frozen=True)
class RatingAnswers:
    """The answers in scope counted per subject and value (`counts`), and per resident
    (`residents`): the interval of a mean over many goals treats a resident as one unit."""

    counts: RatingGroups
    residents: ResidentTotals


def rating_groups(scope: Scope, selection: Filter) -> RatingAnswers:
    """Answers per subject, question and value, and per resident and question, in one statement:
    the distributions of both questions and the matrix's means are added up from it (they
    were three reads of every answer in scope, one of them a full scan of the ratings).

    Each branch names only its own subject column (the other is NULL: a rating has one
    subject), so that PostgreSQL answers the goals' branch from the index on (goal_id,
    question, value, user_id) alone."""
    none = cast(null(), Integer)
    subjects: list[tuple[Any, Any]] = [
        (Rating.goal_id.label("goal_id"), none.label("focus_area_id")),
        (none.label("goal_id"), Rating.focus_area_id.label("focus_area_id")),
    ]

    def answers(per_resident: bool) -> Any:
        """Every answer in scope: its subject, question and value; or, per resident, the
        question, value and resident of those from 1 to 5. Read twice, once for each grouping:
        as one WITH that both read, PostgreSQL first wrote every answer in scope to a temporary
        file (0.19 s of CPU against 0.14 s at bench size)."""
        branches = []
        for part, subject in zip(scope.rating_parts(), subjects, strict=False):
            if per_resident:
                query = select(Rating.question, Rating.value, Rating.user_id).where(
                    part, Rating.value > 0
                )
            else:
                query = select(*subject, Rating.question, Rating.value).where(part)
            branches.append(
                _by_people(
                    _in_period(query, Rating.created_at, selection), Rating.user_id, selection
                )
            )
        return union_all(*branches).subquery()

    given = answers(per_resident=False)
    keys = (given.c.goal_id, given.c.focus_area_id, given.c.question, given.c.value)
    per_subject = select(literal(0), *keys, none, none, func.count()).group_by(*keys)
    scored = answers(per_resident=True)
    person = (
        select(
            scored.c.question,
            func.count().label("given"),
            func.sum(scored.c.value).label("total"),
        )
        .group_by(scored.c.user_id, scored.c.question)
        .subquery()
    )
    per_resident = select(
        literal(1),
        none,
        none,
        person.c.question,
        none,
        person.c.given,
        person.c.total,
        func.count(),
    ).group_by(person.c.question, person.c.given, person.c.total)
    counts: RatingGroups = {}
    residents: ResidentTotals = {}
    for branch, goal_id, area_id, question, value, given, total, count in db.session.execute(
        union_all(per_subject, per_resident)
    ):
        name = str(getattr(question, "value", question))
        if branch == 0:
            counts[(goal_id, area_id, name, value)] = count
        else:
            residents[(name, int(given), int(total))] = count
    return RatingAnswers(counts, residents)


def ratings(
    scope: Scope, selection: Filter, groups: RatingAnswers | None = None
) -> dict[RatingQuestion, stats.Distribution]:
    """The distribution of each question's answers (from `rating_groups`, read if not given),
    its interval computed with each resident as one unit."""
    if groups is None:
        groups = rating_groups(scope, selection)
    counts: dict[str, Counter[int]] = {question.value: Counter() for question in RatingQuestion}
    for (_goal, _area, question, value), count in groups.counts.items():
        counts[question][value] += count
    residents: dict[str, dict[tuple[int, int], int]] = {q.value: {} for q in RatingQuestion}
    for (question, given, total), count in groups.residents.items():
        residents[question][(given, total)] = count
    return {
        q: stats.distribution(dict(counts[q.value]), residents=residents[q.value])
        for q in RatingQuestion
    }


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
    """Comments more residents agree than disagree with, most agreeing first (`top_lists`)."""
    agree, disagree = Comment.agree_count, Comment.disagree_count
    return _top(scope, selection, (agree.desc(),), limit, agree > disagree)


def most_disagreed(scope: Scope, selection: Filter, limit: int = 5) -> list[Comment]:
    """Comments more residents disagree than agree with, most disagreeing first."""
    agree, disagree = Comment.agree_count, Comment.disagree_count
    return _top(scope, selection, (disagree.desc(),), limit, disagree > agree)


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

    The published comments with any reaction are read once (a WITH query, which PostgreSQL
    materialises since it is used three times); each list takes its first rows from it by
    ORDER BY … LIMIT (a top-N sort each, where ranking every comment three ways with window
    functions sorted them all three times). The comments found are then loaded by id.

    "Most agreed with" takes only comments more residents agree than disagree with, and "most
    disagreed with" the reverse: a comment 77 agreed and 125 disagreed with headed "most agreed
    with" in a summary for politicians, and, shown once, was then missing from the other list.
    """
    agree, disagree = Comment.agree_count, Comment.disagree_count
    reacted = (
        _comments(scope, selection, Comment.id, agree, disagree)
        .where(Comment.status == CommentStatus.PUBLISHED.value, or_(agree > 0, disagree > 0))
        .cte("reacted")
    )
    c = reacted.c
    lists = [
        (1, c.agree_count > c.disagree_count, c.agree_count.desc(), limit),
        (2, c.disagree_count > c.agree_count, c.disagree_count.desc(), limit),
        (
            3,
            and_(c.agree_count > 0, c.disagree_count > 0),
            _least(c.agree_count, c.disagree_count).desc(),
            limit * 10,
        ),
    ]
    branches = [
        select(
            select(c.id, c.agree_count, c.disagree_count, literal(which).label("list"))
            .where(condition)
            .order_by(order, c.id)
            .limit(size)
            .subquery()
        )
        for which, condition, order, size in lists
    ]
    rows = db.session.execute(union_all(*branches)).all()
    if not rows:
        return TopLists([], [], [])
    found = {
        comment.id: comment
        for comment in db.session.scalars(
            select(Comment)
            .where(Comment.id.in_({row.id for row in rows}))
            .options(joinedload(Comment.goal), joinedload(Comment.focus_area))
        )
    }
    ranked: dict[int, list] = {1: [], 2: [], 3: []}
    for row in rows:
        ranked[row.list].append(row)
    ranked[1].sort(key=lambda r: (-r.agree_count, r.id))
    ranked[2].sort(key=lambda r: (-r.disagree_count, r.id))
    ranked[3].sort(key=lambda r: (-stats.divisiveness(r.agree_count, r.disagree_count), r.id))
    return TopLists(
        [found[r.id] for r in ranked[1]],
        [found[r.id] for r in ranked[2]],
        [found[r.id] for r in ranked[3][:limit]],
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


def people_cells(scope: Scope, selection: Filter) -> PeopleCells:
    """Participants, their comments and their answers per (district, age band), in one query.

    The comments and the answers in scope are counted and summed per resident first (WITH
    queries, each used twice): those residents are the writers and raters among the
    participants, and their figures are added up per cell in the same pass that counts heads
    and looks each resident up once. Before, counting the participants, the comments per cell
    and the answers per cell each looked up the resident of every row."""
    questions = [question.value for question in RatingQuestion]
    wrote = union_all(*_written(scope, selection)).subquery()
    written = (
        select(wrote.c.user_id, func.count().label("comments"))
        .group_by(wrote.c.user_id)
        .cte("written")
    )
    answers = union_all(*_answers(scope, selection)).subquery()

    def scored(question: str) -> ColumnElement[bool]:
        return and_(answers.c.question == question, answers.c.value > 0)

    # FILTER, not SUM(CASE …): PostgreSQL skips the rows instead of adding zeros.
    sums = [
        func.sum(answers.c.value).filter(scored(q)).label(f"sum_{i}")
        for i, q in enumerate(questions)
    ]
    counts = [func.count().filter(scored(q)).label(f"n_{i}") for i, q in enumerate(questions)]
    rated = select(answers.c.user_id, *sums, *counts).group_by(answers.c.user_id).cte("rated")
    people = union(
        select(written.c.user_id), *_reactors(scope, selection), select(rated.c.user_id)
    ).subquery()
    keys = (User.district_id, User.age_band)
    figures = [func.coalesce(func.sum(written.c.comments), 0)]
    figures += [func.coalesce(func.sum(rated.c[f"sum_{i}"]), 0) for i in range(len(questions))]
    figures += [func.coalesce(func.sum(rated.c[f"n_{i}"]), 0) for i in range(len(questions))]
    query = _filtered(
        select(*keys, func.count(), *figures)
        .select_from(people)
        .join(User, User.id == people.c.user_id)
        .outerjoin(written, written.c.user_id == people.c.user_id)
        .outerjoin(rated, rated.c.user_id == people.c.user_id),
        selection,
    ).group_by(*keys)
    heads: dict[tuple, int] = {}
    comments: dict[tuple, int] = {}
    ratings: dict[tuple, tuple[int, int]] = {}
    for district, band, count, wrote_count, *found in db.session.execute(query):
        band = getattr(band, "value", band)
        heads[(district, band)] = count
        comments[(district, band)] = int(wrote_count)
        for i, question in enumerate(questions):
            total, number = int(found[i]), int(found[len(questions) + i])
            if number:
                ratings[(district, band, question)] = (total, number)
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
        keyed = [(band.value, band.label) for band in AgeBand]
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
        .options(joinedload(Goal.plan))  # named beside each goal when they span plans
        .where(Goal.id.in_(scope.goals), Goal.id.in_(with_comments))
        .order_by(Goal.plan_id, Goal.position)
    )
    return [goal for goal in db.session.scalars(query) if goal.id not in answered]
