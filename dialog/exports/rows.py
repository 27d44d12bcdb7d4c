"""The rows every export shares: comments and ratings per goal or focus area (the subject,
see dialog/participation/subjects.py), read in batches from SQL.

Rows are plain tuples in the order of the COLUMNS constants, fetched with `yield_per`, so that
an export of any size holds one batch in memory. No e-mail address or other contact data is
ever selected; authors appear by a pseudonymous id (stable within the municipality, not
reversible without the server's secret) unless the municipality's administrator has chosen to
show display names. A comment from another channel (paper, meeting, …) has no author: its
channel, the source's own reference ("ref") and the day it was received ("received_on") say
where and when it came in; a period selects it by that day.
"""

import hashlib
import hmac
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import (
    CompoundSelect,
    Select,
    String,
    case,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)

from dialog.accounts.models import User
from dialog.catalogue.models import FocusArea, Goal
from dialog.db import as_utc
from dialog.extensions import db
from dialog.insights import stats
from dialog.insights.queries import Filter, Scope, _by_people, _in_period, comments_in_period
from dialog.participation.models import Comment, CommentStatus, Rating, RatingQuestion
from dialog.participation.subjects import FOCUS_AREA, GOAL

#: subject_type is "goal" or "focus_area"; subject_id, subject_code and subject are its id, code
#: and title.
SUBJECT_COLUMNS = ("subject_type", "subject_id", "subject_code", "subject")

COMMENT_COLUMNS = (
    "comment_id",
    *SUBJECT_COLUMNS,
    "reply_to",
    "author",
    "channel",
    "ref",
    "received_on",
    "category",
    "status",
    "created_at",
    "edited_at",
    "agree",
    "disagree",
    "replies",
    "reports",
    "text",
)

#: The COMMENT_COLUMNS that can hold text a person wrote or chose (the others are numbers,
#: times and fixed words): the ones the CSV writer checks for formulas.
COMMENT_TEXT = frozenset({"subject_code", "subject", "author", "ref", "category", "text"})

RATING_COLUMNS = (
    *SUBJECT_COLUMNS,
    "question",
    "answers",
    "dont_know",
    "mean",
    "median",
    "ci95_low",
    "ci95_high",
    "answered_1",
    "answered_2",
    "answered_3",
    "answered_4",
    "answered_5",
)

BATCH = 2000


def pseudonym(user_id: int, municipality_id: int) -> str:
    """ "R-" and 10 hex digits: the same resident gets the same id in every export of the
    municipality, and another municipality cannot link the two."""
    return Pseudonyms(municipality_id)(user_id)


class Pseudonyms:
    """`pseudonym` of many residents of one municipality: the keyed hash is set up once and
    copied for each resident (the same digest as a fresh HMAC), and each id is computed once."""

    def __init__(self, municipality_id: int):
        key = current_app.config["SECRET_KEY"].encode()
        self.keyed = hmac.new(key, digestmod=hashlib.sha256)
        self.prefix = f"author:{municipality_id}:"
        self.found: dict[int, str] = {}

    def __call__(self, user_id: int) -> str:
        found = self.found.get(user_id)
        if found is None:
            digest = self.keyed.copy()
            digest.update(f"{self.prefix}{user_id}".encode())
            found = self.found[user_id] = "R-" + digest.hexdigest()[:10]
        return found


def comments_query(
    scope: Scope, selection: Filter, statuses: tuple = (CommentStatus.PUBLISHED,)
) -> Select:
    query: Select = (
        select(
            Comment.id,
            case((Comment.goal_id.is_(None), literal(FOCUS_AREA)), else_=literal(GOAL)),
            func.coalesce(Comment.goal_id, Comment.focus_area_id),
            func.coalesce(Goal.code, FocusArea.code),
            func.coalesce(Goal.title, FocusArea.title),
            Comment.parent_id,
            Comment.author_id,
            User.display_name,
            User.deleted_at,
            type_coerce(Comment.category, String),  # the stored value: no enum per row
            type_coerce(Comment.status, String),  # the stored value: no enum per row
            Comment.created_at,
            Comment.edited_at,
            Comment.agree_count,
            Comment.disagree_count,
            Comment.reply_count,
            Comment.report_count,
            Comment.body,
            type_coerce(Comment.channel, String),  # the stored value: no enum per row
            Comment.source_ref,
            Comment.received_on,
        )
        .outerjoin(Goal, Goal.id == Comment.goal_id)
        .outerjoin(FocusArea, FocusArea.id == Comment.focus_area_id)
        # Outer: an imported comment has no author, and its district and age band are its own.
        .outerjoin(User, User.id == Comment.author_id)
        .where(scope.comments(), Comment.status.in_([s.value for s in statuses]))
    )
    query = comments_in_period(query, selection)  # imported: the day received
    if selection.district_id is not None:
        query = query.where(
            or_(
                User.district_id == selection.district_id,
                Comment.district_id == selection.district_id,
            )
        )
    if selection.age_band is not None:
        query = query.where(
            or_(User.age_band == selection.age_band, Comment.age_band == selection.age_band)
        )
    return query.order_by(Comment.id)


def comment_rows(
    municipality_id: int, scope: Scope, selection: Filter, *, names: bool = False, **kwargs: Any
) -> Iterator[tuple]:
    """Read through the session's connection (no ORM row handling) in batches."""
    query = comments_query(scope, selection, **kwargs)
    connection = db.session.connection()
    shape = CommentShape(municipality_id, names)
    for row in connection.execute(query.execution_options(yield_per=BATCH)):
        yield shape(row)


class CommentShape:
    """A row of `comments_query` as the COMMENT_COLUMNS (columns added after its first 21 are
    ignored).

    Pseudonyms are computed once per author and times converted with one time zone object:
    an export of 100,000 comments spends its time writing, not hashing.
    """

    def __init__(self, municipality_id: int, names: bool):
        self.municipality_id = municipality_id
        self.names = names
        self.zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        self.pseudonyms = Pseudonyms(municipality_id)

    def time(self, moment: datetime | None) -> str:
        if moment is None:
            return ""
        if moment.tzinfo is None:
            moment = as_utc(moment)
        return moment.astimezone(self.zone).isoformat("T", "seconds")

    def author(self, author_id: int | None, name: str, deleted: datetime | None) -> str:
        if author_id is None:  # from another channel: no resident account
            return ""
        if self.names and deleted is None:
            return name
        return self.pseudonyms(author_id)

    def __call__(self, row: Any) -> tuple:
        (cid, kind, subject_id, code, title, parent, author_id, name, deleted) = row[:9]
        category, status, created, edited, agree, disagree, replies, reports, body = row[9:18]
        channel, ref, received = row[18:21]
        zone = self.zone
        return (
            cid,
            kind,
            subject_id,
            code or "",
            title,
            parent or "",
            self.author(author_id, name, deleted),
            getattr(channel, "value", channel),
            ref or "",
            "" if received is None else str(received)[:10],
            category or "",
            status,
            (
                created.astimezone(zone).isoformat("T", "seconds")
                if created is not None and created.tzinfo is not None
                else self.time(created)
            ),
            "" if edited is None else self.time(edited),
            agree,
            disagree,
            replies,
            reports,
            body,
        )


def rating_rows(scope: Scope, selection: Filter) -> Iterator[tuple]:
    """One row per subject (goal, then focus area) and question, with the distribution and
    its figures; focus areas appear where residents rated them."""
    query = select(
        Rating.goal_id, Rating.focus_area_id, Rating.question, Rating.value, func.count()
    ).where(scope.ratings())
    query = _by_people(_in_period(query, Rating.created_at, selection), Rating.user_id, selection)
    counts: dict[tuple[str, int | None, str], dict[int, int]] = {}
    for goal_id, area_id, question, value, count in db.session.execute(
        query.group_by(Rating.goal_id, Rating.focus_area_id, Rating.question, Rating.value)
    ):
        subject = (GOAL, goal_id) if goal_id is not None else (FOCUS_AREA, area_id)
        counts.setdefault((*subject, question), {})[value] = count
    rated_areas = {subject_id for kind, subject_id, _ in counts if kind == FOCUS_AREA}
    goals = select(
        literal(GOAL), Goal.id, Goal.code, Goal.title, Goal.plan_id, literal(0), Goal.position
    ).where(Goal.id.in_(scope.goals))
    subjects: Select | CompoundSelect = goals
    if scope.areas is not None and rated_areas:
        areas = select(
            literal(FOCUS_AREA),
            FocusArea.id,
            FocusArea.code,
            FocusArea.title,
            FocusArea.plan_id,
            literal(1),
            FocusArea.position,
        ).where(FocusArea.id.in_(sorted(rated_areas)), FocusArea.id.in_(scope.areas))
        subjects = union_all(goals, areas)
    ordered = subjects.subquery()
    columns = ordered.c
    for kind, subject_id, code, title, *_ in db.session.execute(
        select(ordered).order_by(columns[4], columns[5], columns[6], columns[1])
    ):
        for question in RatingQuestion:
            figures = stats.distribution(counts.get((kind, subject_id, question.value), {}))
            yield (
                kind,
                subject_id,
                code or "",
                title,
                question.value,
                figures.n,
                figures.dont_know,
                _round(figures.mean),
                _round(figures.median),
                _round(figures.ci_low),
                _round(figures.ci_high),
                *(figures.counts[value] for value in range(1, 6)),
            )


def _round(value: float | None) -> float | str:
    return "" if value is None else round(value, 3)
