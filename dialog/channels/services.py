"""Writes for comments from other channels: import a checked file, publish an imported comment
on its goal page and take it off again (it is hidden, never deleted: it stays in the summaries,
themes and exports, and in the record).

Each validates everything first and writes nothing when anything is wrong; neither commits.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import update

from dialog.catalogue.models import Goal
from dialog.channels import permissions  # noqa: F401 (registers the rules enforced here)
from dialog.channels.reading import Problem, read_file
from dialog.channels.validation import validate
from dialog.core import audit
from dialog.core.permissions import Actor, enforce, may
from dialog.db import rows_changed, upsert_statement, utcnow
from dialog.extensions import db
from dialog.participation.models import Comment, CommentChannel, CommentStatus
from dialog.participation.subjects import count_comment, uncount_comments

#: Rows per INSERT statement.
BATCH = 500


@dataclass(frozen=True)
class Imported:
    added: int
    #: Rows of the file that were imported before (the same reference, or the same values).
    existing: int


def import_file(
    goal: Goal,
    filename: str,
    raw: bytes,
    actor: Actor | None,
    default_channel: CommentChannel | None = None,
    today: date | None = None,
) -> tuple[Imported | None, list[Problem]]:
    """Read and check the whole file, then store its new rows as comments on the goal (not yet
    published); (None, problems) and nothing written when anything is wrong. `actor` None is
    the command line."""
    if actor is not None:
        enforce(may(actor, "comments.import", goal.plan.municipality_id))
    sheet = read_file(filename, raw, current_app.config["IMPORT_MAX_BYTES"])
    rows, problems = validate(goal, sheet, default_channel, today or date.today())
    if problems:
        return None, problems
    now = utcnow()
    values = [
        {
            "goal_id": goal.id,
            "author_id": None,
            "body": row.text,
            "status": CommentStatus.PUBLISHED.value,
            "submission_token": row.key,
            "channel": row.channel.value,
            "source_ref": row.ref,
            "received_on": row.received_on,
            "district_id": row.district_id,
            "age_band": row.age_band.value if row.age_band else None,
            "created_at": now,
            "updated_at": now,
        }
        for row in rows
    ]
    added = 0
    for start in range(0, len(values), BATCH):
        # Rows stored before (the same key or reference) are skipped by either unique index.
        inserted = db.session.execute(
            upsert_statement(Comment)
            .values(values[start : start + BATCH])
            .on_conflict_do_nothing()
            .returning(Comment.id)
        )
        added += len(inserted.all())
    result = Imported(added=added, existing=len(rows) - added)
    audit.record(
        "comments.import",
        actor=actor,
        municipality_id=goal.plan.municipality_id,
        target=goal,
        after={
            "file": filename[:200],
            "sha256": hashlib.sha256(raw).hexdigest(),
            "added": result.added,
            "existing": result.existing,
        },
    )
    return result, []


def publish(comment: Comment, actor: Actor) -> bool:
    """Show an imported comment on its goal's page; False if it was published already."""
    goal = comment.goal
    if goal is None or not comment.is_imported:
        raise ValueError("only imported comments on goals are published this way")
    enforce(may(actor, "comments.publish", goal.plan.municipality_id))
    claimed = rows_changed(
        db.session.execute(
            update(Comment)
            .where(Comment.id == comment.id, Comment.published_at.is_(None))
            .values(published_at=utcnow())
        )
    )
    db.session.refresh(comment)
    if not claimed:
        return False
    count_comment(goal)  # the goal page's list now holds it
    audit.record(
        "comment.publish",
        actor=actor,
        municipality_id=goal.plan.municipality_id,
        target=comment,
        after={"channel": comment.channel.value, "ref": comment.source_ref},
    )
    return True


def unpublish(comment: Comment, actor: Actor) -> bool:
    """Take a published imported comment off its goal's page again (the row and its record
    stay); False if it was not published."""
    goal = comment.goal
    if goal is None or not comment.is_imported:
        raise ValueError("only imported comments on goals are unpublished this way")
    enforce(may(actor, "comments.publish", goal.plan.municipality_id))
    published_at = comment.published_at
    claimed = rows_changed(
        db.session.execute(
            update(Comment)
            .where(Comment.id == comment.id, Comment.published_at.is_not(None))
            .values(published_at=None)
        )
    )
    db.session.refresh(comment)
    if not claimed:
        return False
    uncount_comments(goal.id, None, 1)  # the goal page's list no longer holds it
    audit.record(
        "comment.unpublish",
        actor=actor,
        municipality_id=goal.plan.municipality_id,
        target=comment,
        before={"published_at": published_at.isoformat() if published_at else None},
        after={"channel": comment.channel.value, "ref": comment.source_ref},
    )
    return True
