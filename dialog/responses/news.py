"""The municipality's responses on goals a resident commented on, as events on My page."""

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from dialog.extensions import db
from dialog.participation.models import Comment
from dialog.participation.news import LIMIT, Event
from dialog.responses.models import OfficialResponse


def responses_for(user_id: int) -> list[Event]:
    """The latest responses (or their latest edits) on goals where the resident commented."""
    commented = select(Comment.goal_id).where(
        Comment.author_id == user_id, Comment.is_official.is_(False)
    )
    found = db.session.scalars(
        select(OfficialResponse)
        .where(OfficialResponse.goal_id.in_(commented))
        .order_by(OfficialResponse.updated_at.desc())
        .limit(LIMIT)
        .options(joinedload(OfficialResponse.goal))
    )
    return [
        Event(
            "response",
            response.edited_at or response.published_at,
            goal_title=response.goal.title,
            text=response.body,
            url=url_for("catalogue.goal", goal_id=response.goal_id, _anchor="feedback-heading"),
        )
        for response in found
    ]
