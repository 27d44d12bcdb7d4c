"""Every comment figure of a summary from one grouped scan of the comments.

Counting comments by status, replies, comments per week, comments per district and age band,
and (without a filter) the reactions on them each took a pass over a plan's comments; one
query grouped by day, status, reply or not, district and age band answers them all, and the
groups are added up here.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select

from dialog.accounts.models import User
from dialog.extensions import db
from dialog.insights.queries import Filter, Scope, _day, _filtered, _in_period
from dialog.participation.models import Comment, CommentStatus


@dataclass(frozen=True)
class Group:
    day: date
    status: str
    is_reply: bool
    district_id: int | None
    age_band: str | None
    count: int
    agree: int
    disagree: int


@dataclass(frozen=True)
class CommentFacts:
    groups: list[Group]

    def by_status(self) -> dict[str, int]:
        found: Counter[str] = Counter()
        for group in self.groups:
            found[group.status] += group.count
        return {status.value: found.get(status.value, 0) for status in CommentStatus}

    def replies(self) -> int:
        return sum(group.count for group in self.groups if group.is_reply)

    def by_person(self) -> dict[tuple, int]:
        found: Counter = Counter()
        for group in self.groups:
            found[(group.district_id, group.age_band)] += group.count
        return dict(found)

    def reactions(self) -> dict[str, int]:
        """The counters kept on the comments: right when neither period nor people narrow."""
        return {
            "agree": sum(group.agree for group in self.groups),
            "disagree": sum(group.disagree for group in self.groups),
        }

    def weeks(self) -> list[tuple[date, int]]:
        """(Monday of the ISO week, comments) from the first to the last week with comments,
        weeks without comments included as 0."""
        weeks: Counter[date] = Counter()
        for group in self.groups:
            weeks[group.day - timedelta(days=group.day.weekday())] += group.count
        if not weeks:
            return []
        first, last = min(weeks), max(weeks)
        span = (last - first).days // 7 + 1
        return [
            (first + timedelta(weeks=i), weeks[first + timedelta(weeks=i)]) for i in range(span)
        ]


def comment_facts(scope: Scope, selection: Filter) -> CommentFacts:
    day = _day(Comment.created_at).label("day")
    is_reply = case((Comment.parent_id.is_(None), 0), else_=1).label("is_reply")
    query = (
        select(
            day,
            Comment.status,
            is_reply,
            User.district_id,
            User.age_band,
            func.count(),
            func.sum(Comment.agree_count),
            func.sum(Comment.disagree_count),
        )
        .select_from(Comment)
        .join(User, User.id == Comment.author_id)
        .where(scope.comments())
    )
    query = _filtered(_in_period(query, Comment.created_at, selection), selection)
    query = query.group_by(day, Comment.status, is_reply, User.district_id, User.age_band)
    groups = []
    for when, status, reply, district, band, count, agree, disagree in db.session.execute(query):
        when = when if isinstance(when, date) else date.fromisoformat(str(when)[:10])
        groups.append(
            Group(when, status, bool(reply), district, band, count, agree or 0, disagree or 0)
        )
    return CommentFacts(groups)
