"""E-mail to residents who opted in: replies, official responses, moderators' decisions."""

from sqlalchemy import select

from dialog.accounts.mailing import notify
from dialog.accounts.models import NotificationKind, User
from dialog.catalogue.models import Goal
from dialog.core.urls import external_url
from dialog.extensions import db
from dialog.participation.models import Comment


def permalink(comment: Comment) -> str:
    return external_url("comments.show", comment_id=comment.id)


def notify_reply(reply: Comment) -> bool:
    """Tell the parent comment's author about a reply, unless they replied to themselves."""
    parent = reply.parent
    if parent is None or parent.author_id == reply.author_id:
        return False
    return notify(
        parent.author, NotificationKind.REPLY, "reply", goal=reply.goal, link=permalink(reply)
    )


def notify_decision(comment: Comment) -> bool:
    """Tell the author what a moderator decided about their comment."""
    return notify(
        comment.author,
        NotificationKind.DECISION,
        "decision",
        comment=comment,
        goal=comment.goal,
        link=permalink(comment),
    )


def notify_official_response(goal: Goal) -> int:
    """Tell everyone who commented on the goal that the municipality has responded."""
    link = external_url("participation.goal", goal_id=goal.id)
    participants = db.session.scalars(
        select(User).where(User.id.in_(select(Comment.author_id).filter_by(goal_id=goal.id)))
    )
    return sum(
        notify(user, NotificationKind.RESPONSE, "response", goal=goal, link=link)
        for user in participants
    )
