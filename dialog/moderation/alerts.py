"""Mail to moderators when something enters their queues: at once, or as a daily digest.

"At once" mail is sent by the alerts job, which posting a held comment or reporting one
enqueues to run right after that commit; the same job also runs every MODERATION_ALERT_SECONDS as
a sweep. "Once a day" is sent every MODERATION_DIGEST_SECONDS. Both look for items that entered
a queue since each subscriber was last told and move that moment on, so a sweep after the
immediate run finds nothing to send again; a subscription being mailed by one run is skipped by
a concurrent one (row lock), and each mail has a key per subscriber and moment.
"""

from datetime import datetime

from sqlalchemy import delete, func, select

from dialog.accounts.models import User
from dialog.accounts.permissions import InMunicipality, hold_role
from dialog.catalogue.models import Municipality, Plan
from dialog.core.outbox import queue_mail
from dialog.core.permissions import enforce, may
from dialog.core.urls import external_url
from dialog.db import as_utc, upsert_statement, utcnow
from dialog.extensions import db
from dialog.jobs import job
from dialog.moderation.models import Mode, Subscription
from dialog.moderation.permissions import DESK_ROLES
from dialog.moderation.queries import Queue, held_since
from dialog.participation.models import Comment, CommentStatus, HoldReason, Report
from dialog.participation.subjects import join_plan


def mode_of(user: User, municipality_id: int) -> Mode:
    found = db.session.scalar(
        select(Subscription.mode).filter_by(user_id=user.id, municipality_id=municipality_id)
    )
    return Mode(found) if found else Mode.NEVER


def subscribe(user: User, municipality_id: int, mode: Mode) -> None:
    """Choose the mail; counting starts now, so nothing already waiting is mailed."""
    enforce(may(user, "moderation.desk", municipality_id))
    if mode == Mode.NEVER:
        db.session.execute(
            delete(Subscription).where(
                Subscription.user_id == user.id, Subscription.municipality_id == municipality_id
            )
        )
        return
    db.session.execute(
        upsert_statement(Subscription)
        .values(
            user_id=user.id, municipality_id=municipality_id, mode=mode.value, last_sent_at=utcnow()
        )
        .on_conflict_do_update(
            index_elements=["user_id", "municipality_id"], set_={"mode": mode.value}
        )
    )


def new_items(municipality_id: int, since: datetime) -> dict[Queue, int]:
    """What entered each queue after `since`: held comments (when they came into the hold: a
    comment held after an edit entered it at the edit), and reports still open."""
    scoped = lambda query: (  # noqa: E731
        join_plan(query).where(Plan.municipality_id == municipality_id)
    )
    held = dict(
        db.session.execute(
            scoped(select(Comment.held_for, func.count(Comment.id)))
            .where(Comment.status == CommentStatus.PENDING.value, held_since() > since)
            .where(Comment.held_for.is_not(None))
            .group_by(Comment.held_for)
        ).all()
    )
    reported = db.session.scalar(
        scoped(
            select(func.count(func.distinct(Report.comment_id))).join(
                Comment, Comment.id == Report.comment_id
            )
        ).where(Report.created_at > since, Report.resolved_at.is_(None))
    )
    return {
        Queue.APPROVAL: held.get(HoldReason.APPROVAL, 0),
        Queue.REPORTED: reported or 0,
        Queue.WORD_LIST: held.get(HoldReason.WORD_LIST, 0),
    }


def send_due(mode: Mode) -> int:
    """Mail every subscriber of `mode` who has something new; returns the mails queued."""
    now = utcnow()
    sent = 0
    subscriptions = db.session.scalars(
        select(Subscription)
        .filter_by(mode=mode.value)
        .with_for_update(of=Subscription, skip_locked=True)
    ).all()
    for subscription in subscriptions:
        user = subscription.user
        place = InMunicipality(subscription.municipality_id, DESK_ROLES)
        if user.is_deleted or not user.email or hold_role(user, place) is not None:
            continue  # no longer a moderator there: nothing is sent
        counts = new_items(subscription.municipality_id, as_utc(subscription.last_sent_at))
        subscription.last_sent_at = now
        if not any(counts.values()):
            continue
        municipality = db.session.get(Municipality, subscription.municipality_id)
        if municipality is None:
            continue
        queue_mail(
            user.email,
            "desk_digest" if mode == Mode.DAILY else "desk_alert",
            user.language,
            key=f"desk:{subscription.id}:{now.isoformat()}",
            user=user,
            municipality=municipality,
            counts=counts,
            link=external_url("moderation.desk", slug=municipality.slug),
        )
        sent += 1
    db.session.commit()
    return sent


@job("dialog.moderation.alerts", every="MODERATION_ALERT_SECONDS")
def alerts() -> None:
    send_due(Mode.IMMEDIATE)


@job("dialog.moderation.digest", every="MODERATION_DIGEST_SECONDS")
def digest() -> None:
    send_due(Mode.DAILY)
