"""E-mail to residents who opted in: replies, official responses, moderators' decisions.

One recipient: the outbox row is written in the caller's transaction. Many recipients: a job
writes the rows in batches after the caller's commit, so the request does not wait for them.
"""

import uuid

from sqlalchemy import CompoundSelect, select

from dialog.accounts.mailing import in_their_language, notify
from dialog.accounts.models import NotificationKind, User
from dialog.catalogue.models import Goal
from dialog.core.urls import external_url
from dialog.extensions import db
from dialog.jobs import job
from dialog.participation.models import Comment, Rating


def permalink(comment: Comment, reader: User) -> str:
    return external_url("comments.show", comment_id=comment.id, **in_their_language(reader))


def notify_reply(reply: Comment) -> bool:
    """Tell the parent comment's author about a reply, unless they replied to themselves."""
    parent = reply.parent
    # An imported comment has no author to tell.
    if parent is None or parent.author is None or parent.author_id == reply.author_id:
        return False
    return notify(
        parent.author,
        NotificationKind.REPLY,
        "reply",
        key=f"reply:{reply.id}",
        municipality=reply.subject.plan.municipality,
        goal=reply.subject,
        link=permalink(reply, parent.author),
    )


def notify_decision(comment: Comment) -> bool:
    """Tell the author what a moderator decided about their comment (if it has one)."""
    if comment.author is None:
        return False
    return notify(
        comment.author,
        NotificationKind.DECISION,
        "decision",
        comment=comment,
        municipality=comment.subject.plan.municipality,
        goal=comment.subject,
        link=permalink(comment, comment.author),
    )


def notify_official_response(goal: Goal, event_key: str | None = None) -> None:
    """After the commit, tell everyone who commented on or rated the goal that the municipality
    responded (officials who replied as the municipality are not told about their own answer).

    `event_key` names the response, so that the same response never mails anyone twice.
    """
    official_response_mail.enqueue(goal.id, event_key or uuid.uuid4().hex)


def participants_of(goal_id: int) -> CompoundSelect[int | None]:
    """Who took part in a goal: residents who commented, replied or rated."""
    commented = select(Comment.author_id).where(
        Comment.goal_id == goal_id,
        Comment.is_official.is_(False),
        Comment.author_id.is_not(None),  # imported comments have no resident to tell
    )
    rated = select(Rating.user_id).where(Rating.goal_id == goal_id, Rating.user_id.is_not(None))
    return commented.union(rated)


#: Recipients per transaction of the fan-out job.
FAN_OUT_BATCH = 200


@job("dialog.participation.official_response")
def official_response_mail(goal_id: int, event_key: str) -> None:
    """One outbox row per participant, a batch per transaction; safe to run again."""
    goal = db.session.get(Goal, goal_id)
    if goal is None:
        return
    batch = FAN_OUT_BATCH
    after = 0
    while True:
        participants = db.session.scalars(
            select(User)
            .where(User.id.in_(participants_of(goal_id)))
            .where(User.id > after)
            .order_by(User.id)
            .limit(batch)
        ).all()
        for user in participants:
            notify(
                user,
                NotificationKind.RESPONSE,
                "response",
                key=f"response:{event_key}:{user.id}",
                municipality=goal.plan.municipality,
                goal=goal,
                link=external_url("catalogue.goal", goal_id=goal.id, **in_their_language(user)),
            )
        db.session.commit()
        if len(participants) < batch:
            return
        after = participants[-1].id
