"""Gallring: removal of old threads under each municipality's retention rule, and only so.

Comments are public records: nothing else in Dialog deletes one. An administrator sets the
retention period (days) on the desk's settings page; `flask dialog apply-retention` deletes
each thread whose top-level comment is older than that, with its replies, versions, reactions,
reports, decisions and notes, and writes one audit entry per municipality saying how many.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select

from dialog.catalogue.models import Municipality, Plan
from dialog.core import audit
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation.models import Decision, Note, Settings
from dialog.participation.models import (
    Comment,
    CommentVersion,
    Reaction,
    Report,
)
from dialog.participation.subjects import join_plan, uncount_comments

#: Threads deleted per statement batch.
BATCH = 500


@dataclass(frozen=True)
class Disposed:
    municipality: str
    cutoff: datetime
    threads: int
    comments: int


def cutoff_for(days: int) -> datetime:
    """Threads whose top-level comment was written before this go under a `days` rule."""
    return utcnow() - timedelta(days=days)


def expired_threads(municipality_id: int, cutoff: datetime) -> list[int]:
    """The top-level comments the rule removes, with their threads: the job's one selection."""
    return list(
        db.session.scalars(
            join_plan(select(Comment.id))
            .where(Plan.municipality_id == municipality_id)
            .where(Comment.parent_id.is_(None), Comment.created_at < cutoff)
            .order_by(Comment.id)
        )
    )


def thread_comments(top_ids: list[int]) -> list[int]:
    """These threads' comments: the top-level ones and their replies."""
    thread = or_(Comment.id.in_(top_ids), Comment.parent_id.in_(top_ids))
    return list(db.session.scalars(select(Comment.id).where(thread)))


def preview(municipality: Municipality, days: int) -> Disposed:
    """What the next run would delete in this municipality under a `days` rule, by the job's
    own selection, so that a confirmation page and the job cannot disagree."""
    cutoff = cutoff_for(days)
    threads = expired_threads(municipality.id, cutoff)
    comments = sum(
        len(thread_comments(threads[start : start + BATCH]))
        for start in range(0, len(threads), BATCH)
    )
    return Disposed(municipality.slug, cutoff, len(threads), comments)


def shortens(before: int | None, after: int | None) -> bool:
    """Turning the rule on or shortening it deletes more; lengthening or ending it deletes less."""
    return after is not None and (before is None or after < before)


def apply_retention(dry_run: bool = False) -> list[Disposed]:
    """Apply every municipality's rule; returns what was (or, dry, would be) deleted."""
    done = []
    rules = db.session.execute(
        select(Municipality, Settings.retention_days)
        .join(Settings, Settings.municipality_id == Municipality.id)
        .where(Settings.retention_days.is_not(None))
        .order_by(Municipality.slug)
    ).all()
    for municipality, days in rules:
        if days is None:
            continue
        cutoff = cutoff_for(days)
        threads = expired_threads(municipality.id, cutoff)
        comments = 0
        for start in range(0, len(threads), BATCH):
            comments += _dispose(threads[start : start + BATCH], dry_run)
        done.append(Disposed(municipality.slug, cutoff, len(threads), comments))
        if not dry_run:
            audit.record(
                "moderation.retention",
                municipality_id=municipality.id,
                after={"cutoff": cutoff, "threads": len(threads), "comments": comments},
                reason=f"retention_days={days}",
            )
            db.session.commit()
    return done


def _dispose(top_ids: list[int], dry_run: bool) -> int:
    """Delete these threads and everything hanging on them; returns the comments deleted."""
    ids = thread_comments(top_ids)
    if dry_run:
        return len(ids)
    per_subject = db.session.execute(
        select(Comment.goal_id, Comment.focus_area_id, func.count(Comment.id))
        .where(Comment.id.in_(top_ids))
        .group_by(Comment.goal_id, Comment.focus_area_id)
    ).all()
    for model in (CommentVersion, Reaction, Report, Decision, Note):
        db.session.execute(delete(model).where(model.comment_id.in_(ids)))
    db.session.execute(delete(Comment).where(Comment.id.in_(ids), Comment.parent_id.is_not(None)))
    db.session.execute(delete(Comment).where(Comment.id.in_(top_ids)))
    for goal_id, focus_area_id, n in per_subject:
        uncount_comments(goal_id, focus_area_id, n)
    return len(ids)
