"""Participation's part of a resident's data: to download (GDPR art. 15 and 20) and to erase.

Accounts owns the download and the deletion; these are registered as its hooks."""

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from dialog.accounts.models import User
from dialog.core.dates import iso_local
from dialog.extensions import db
from dialog.participation.models import Comment, CommentVersion, Rating, Reaction, Report
from dialog.participation.services import withdraw_all_by


def _time(moment: datetime | None) -> str | None:
    """ISO 8601 with the Swedish offset, e.g. 2026-11-28T07:26:00+01:00."""
    return iso_local(moment)


def participation_data(user: User) -> dict[str, Any]:
    """Participation's part of the personal-data download: what the resident wrote and did."""
    comments = db.session.scalars(
        select(Comment).filter_by(author_id=user.id).order_by(Comment.id)
    ).all()
    versions = db.session.scalars(
        select(CommentVersion)
        .where(CommentVersion.comment_id.in_([c.id for c in comments]))
        .order_by(CommentVersion.id)
    ).all()
    return {
        "comments": [
            {
                "id": c.id,
                "goal_id": c.goal_id,
                "focus_area_id": c.focus_area_id,
                "reply_to": c.parent_id,
                "text": c.body,
                "category": c.category,
                "status": c.status,
                "moderation_reason": c.moderation_reason,
                "created_at": _time(c.created_at),
                "edited_at": _time(c.edited_at),
                "withdrawn_at": _time(c.withdrawn_at),
                "earlier_versions": [
                    {"text": v.body, "written_at": _time(v.written_at)}
                    for v in versions
                    if v.comment_id == c.id
                ],
            }
            for c in comments
        ],
        "ratings": [
            {
                "goal_id": r.goal_id,
                "focus_area_id": r.focus_area_id,
                "question": r.question,
                "value": r.value or None,
                "dont_know": r.value == 0,
                "updated_at": _time(r.updated_at),
            }
            for r in db.session.scalars(select(Rating).filter_by(user_id=user.id))
        ],
        "reactions": [
            {"comment_id": r.comment_id, "reaction": r.kind, "updated_at": _time(r.updated_at)}
            for r in db.session.scalars(select(Reaction).filter_by(user_id=user.id))
        ],
        "reports": [
            {
                "comment_id": r.comment_id,
                "reason": r.reason,
                "details": r.details,
                "created_at": _time(r.created_at),
            }
            for r in db.session.scalars(select(Report).filter_by(user_id=user.id))
        ],
    }


def erase_participation(user: User, withdraw_comments: bool) -> None:
    """Account deletion, participation's part (the privacy notice says the same).

    Kept as public record: the comments' text as last sent, under "former participant" or
    withdrawn. Erased: earlier versions of comments the person withdraws (an edit often removed
    something personal), what they wrote in reports, and every link from their ratings,
    reactions and reports to them; those rows stay, so counts and distributions do not change.
    """
    if withdraw_comments:
        withdraw_all_by(user)
        own = select(Comment.id).where(Comment.author_id == user.id)
        db.session.execute(
            update(CommentVersion)
            .where(CommentVersion.comment_id.in_(own))
            .values(body="", category=None)
        )
    db.session.execute(
        update(Report).where(Report.user_id == user.id).values(user_id=None, details=None)
    )
    for model in (Rating, Reaction):
        db.session.execute(update(model).where(model.user_id == user.id).values(user_id=None))
