"""Every comment figure of a summary from one grouped scan of the comments.

Counting comments by status, by channel, replies, comments per week and (without a filter) the
reactions on them each took a pass over a plan's comments; one query grouped by day, status,
reply or not, channel and shown or not answers them all, and the groups are added up here.
Comments from other channels count in every figure here; the comments per district and age
band (residents' only: an imported comment has no account behind it) are counted with the
participants, in `queries.people_cells`.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select

from dialog.accounts.models import User
from dialog.extensions import db
from dialog.insights.queries import Filter, Scope, _day, comments_in_period
from dialog.participation.models import Comment, CommentChannel, CommentStatus


@dataclass(frozen=True)
class Group:
    day: date
    status: str
    is_reply: bool
    channel: str
    #: Whether the goal page lists it (an imported comment only once an official published it).
    shown: bool
    count: int
    agree: int
    disagree: int


@dataclass(frozen=True)
class ChannelCount:
    """A channel's comments and replies, and how many of them the site shows (published, and
    for an imported comment also published on the goal page by an official)."""

    channel: CommentChannel
    total: int
    shown: int

    @property
    def not_shown(self) -> int:
        return self.total - self.shown


@dataclass(frozen=True)
class CommentFacts:
    groups: list[Group]

    def by_status(self) -> dict[str, int]:
        """Comments and replies of every channel by status."""
        found: Counter[str] = Counter()
        for group in self.groups:
            found[group.status] += group.count
        return {status.value: found.get(status.value, 0) for status in CommentStatus}

    def by_channel(self) -> list[ChannelCount]:
        """Each channel with comments, in the channels' order."""
        totals: Counter[str] = Counter()
        shown: Counter[str] = Counter()
        for group in self.groups:
            totals[group.channel] += group.count
            if group.shown and group.status == CommentStatus.PUBLISHED.value:
                shown[group.channel] += group.count
        return [
            ChannelCount(channel, totals[channel.value], shown[channel.value])
            for channel in CommentChannel
            if totals[channel.value]
        ]

    def replies(self) -> int:
        return sum(group.count for group in self.groups if group.is_reply)

    def reactions(self) -> dict[str, int]:
        """The counters kept on the comments: right when neither period nor people narrow."""
        return {
            "agree": sum(group.agree for group in self.groups),
            "disagree": sum(group.disagree for group in self.groups),
        }

    def weeks(self) -> list[tuple[date, int]]:
        """(Monday of the ISO week, comments of every channel) from the first to the last week
        with comments, weeks without comments included as 0."""
        return [(monday, web + other) for monday, web, other in self.weeks_by_channel()]

    def weeks_by_channel(self) -> list[tuple[date, int, int]]:
        """(Monday, comments on the site, comments from other channels) as `weeks`; an
        imported comment counts in the week it was received."""
        web: Counter[date] = Counter()
        other: Counter[date] = Counter()
        for group in self.groups:
            monday = group.day - timedelta(days=group.day.weekday())
            if group.channel == CommentChannel.WEB.value:
                web[monday] += group.count
            else:
                other[monday] += group.count
        if not web and not other:
            return []
        first, last = min(web | other), max(web | other)
        mondays = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
        return [(monday, web[monday], other[monday]) for monday in mondays]


def comment_facts(scope: Scope, selection: Filter) -> CommentFacts:
    """One grouped read of the comments in scope and period, of every channel.

    A comment is counted on the day it came in (an imported one on the day it was received,
    see `queries.comments_in_period`). Residents are looked up only when the filter narrows
    by district or age band: the author's profile's, or an imported comment's own (it has no
    author). The comments per district and age band are counted by `queries.people_cells`,
    which looks the residents up anyway."""
    day = func.coalesce(Comment.received_on, _day(Comment.created_at)).label("day")
    is_reply = case((Comment.parent_id.is_(None), 0), else_=1).label("is_reply")
    shown = case(
        (Comment.channel == CommentChannel.WEB.value, 1),
        (Comment.published_at.is_not(None), 1),
        else_=0,
    ).label("shown")
    query = (
        select(
            day,
            Comment.status,
            is_reply,
            Comment.channel,
            shown,
            func.count(),
            func.sum(Comment.agree_count),
            func.sum(Comment.disagree_count),
        )
        .select_from(Comment)
        .where(scope.comments())
    )
    query = comments_in_period(query, selection)
    if selection.narrows_people:
        query = query.outerjoin(User, User.id == Comment.author_id)
    if selection.district_id is not None:
        query = query.where(
            func.coalesce(User.district_id, Comment.district_id) == selection.district_id
        )
    if selection.age_band is not None:
        query = query.where(func.coalesce(User.age_band, Comment.age_band) == selection.age_band)
    query = query.group_by(day, Comment.status, is_reply, Comment.channel, shown)
    groups = []
    for row in db.session.execute(query):
        when, status, reply, channel, visible, count, agree, disagree = row
        when = when if isinstance(when, date) else date.fromisoformat(str(when)[:10])
        groups.append(
            Group(
                when,
                str(getattr(status, "value", status)),
                bool(reply),
                str(getattr(channel, "value", channel)),
                bool(visible),
                count,
                agree or 0,
                disagree or 0,
            )
        )
    return CommentFacts(groups)
