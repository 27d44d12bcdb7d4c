"""Everything Dialog stores about a resident: to download (GDPR art. 15 and 20) and to erase."""

from sqlalchemy import select, update

from dialog.accounts.models import User
from dialog.accounts.sessions import devices
from dialog.core.dates import iso_local
from dialog.extensions import db
from dialog.participation.models import Comment, CommentVersion, Rating, Reaction, Report
from dialog.participation.services import withdraw_all_by


def _time(moment) -> str | None:
    """ISO 8601 with the Swedish offset, e.g. 2026-11-28T07:26:00+01:00."""
    return iso_local(moment)


def personal_data(user: User) -> dict:
    comments = db.session.scalars(
        select(Comment).filter_by(author_id=user.id).order_by(Comment.id)
    ).all()
    versions = db.session.scalars(
        select(CommentVersion)
        .where(CommentVersion.comment_id.in_([c.id for c in comments]))
        .order_by(CommentVersion.id)
    ).all()
    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "language": user.language,
            "created_at": _time(user.created_at),
            "email_verified_at": _time(user.email_verified_at),
            "last_sign_in_at": _time(user.last_sign_in_at),
            "dialogue_rules": {
                "version": user.rules_version,
                "accepted_at": _time(user.rules_accepted_at),
            },
            "privacy_notice": {
                "version": user.privacy_version,
                "accepted_at": _time(user.privacy_accepted_at),
            },
            "is_blocked": user.is_blocked,
            "blocked_reason": user.blocked_reason,
        },
        "profile": {
            "district": user.district.name if user.district else None,
            "age_band": user.age_band,
            "consent_at": _time(user.profile_consent_at),
        },
        "signed_in_devices": [
            {
                "device": d.label,
                "signed_in_at": _time(d.created_at),
                "last_used_at": _time(d.last_seen_at),
            }
            for d in devices(user)
        ],
        "notifications": {
            "reply": user.notify_reply,
            "response": user.notify_response,
            "decision": user.notify_decision,
            "offer_answered_at": _time(user.reply_mail_answered_at),
        },
        "my_page_last_visited_at": _time(user.my_page_seen_at),
        "comments": [
            {
                "id": c.id,
                "goal_id": c.goal_id,
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
