"""What happened to my comments: replies and reactions, the newest first, and which of them
arrived since I last opened My page (accounts stores the visit after the page is made).

Areas that build on participation add their own kinds of event through `register`: the
municipality's official responses on goals I took part in come from the area that stores them.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import aliased, joinedload

from dialog.accounts.models import User
from dialog.catalogue.models import Goal, Plan
from dialog.db import as_utc
from dialog.extensions import db
from dialog.participation.models import Comment, CommentStatus, Reaction

#: Events shown; older ones are on the comments' own pages.
LIMIT = 20


@dataclass(frozen=True)
class Event:
    #: "reply", "reaction", or "response" (the municipality's, from another area).
    kind: str
    at: datetime
    #: My comment that the event is about (None for a response on a goal).
    comment: Comment | None = None
    reply: Comment | None = None
    #: "agree" or "disagree" for reactions; who reacted is not shown.
    reaction: str | None = None
    is_new: bool = False
    #: For responses: the goal's title, the response's text and where to read it.
    goal_title: str = ""
    text: str = ""
    url: str = ""


#: user id → that user's latest events of one kind, at most LIMIT.
Source = Callable[[int], list[Event]]
_KEY = "dialog.news_sources"


def register(app: Flask, source: Source) -> None:
    """Add a kind of event to My page for this app (once; a repeat is ignored)."""
    registered = app.extensions.setdefault(_KEY, [])
    if source not in registered:
        registered.append(source)


@dataclass(frozen=True)
class News:
    events: list[Event]
    #: The previous visit; None on the first.
    since: datetime | None

    @property
    def new_count(self) -> int:
        return sum(1 for e in self.events if e.is_new)


def _replies(user_id: int) -> list[Comment]:
    mine = aliased(Comment)
    return list(
        db.session.scalars(
            select(Comment)
            .join(mine, Comment.parent_id == mine.id)
            .where(
                mine.author_id == user_id,
                Comment.author_id != user_id,
                Comment.status == CommentStatus.PUBLISHED.value,
            )
            .order_by(Comment.id.desc())
            .limit(LIMIT)
            .options(
                joinedload(Comment.parent)
                .joinedload(Comment.goal)
                .joinedload(Goal.plan)
                .joinedload(Plan.municipality),
                joinedload(Comment.author),
            )
        )
    )


def _reactions(user_id: int) -> list[tuple[Reaction, Comment]]:
    rows = db.session.execute(
        select(Reaction, Comment)
        .join(Comment, Reaction.comment_id == Comment.id)
        .where(Comment.author_id == user_id)
        .order_by(Reaction.updated_at.desc(), Reaction.id.desc())
        .limit(LIMIT)
        .options(joinedload(Comment.goal))
    )
    return [(reaction, comment) for reaction, comment in rows]


def whats_new(user: User) -> News:
    """Replies and reactions to my comments, newest first, new since the previous visit."""
    since = as_utc(user.my_page_seen_at)

    def new(moment: datetime) -> bool:
        return since is None or as_utc(moment) > since

    events = [
        Event("reply", r.created_at, r.parent, reply=r, is_new=new(r.created_at))
        for r in _replies(user.id)
    ] + [
        Event("reaction", r.updated_at, c, reaction=r.kind, is_new=new(r.updated_at))
        for r, c in _reactions(user.id)
    ]
    for source in current_app.extensions.get(_KEY, []):
        events += [replace(e, is_new=new(e.at)) for e in source(user.id)]
    events.sort(key=lambda e: as_utc(e.at), reverse=True)
    return News(events[:LIMIT], since)
