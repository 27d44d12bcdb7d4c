"""Moderators' writes: decisions on comments and internal notes. Never commit.

A decision is one conditional UPDATE on the comment's version: of two moderators (or a stale
form and a fresh one) acting on the same version, exactly one changes the row; the other is
told that the comment was already handled, and nothing of theirs is stored.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import CursorResult, select, update

from dialog.accounts.models import User
from dialog.core import audit
from dialog.core.permissions import NotAllowed, Refusal, enforce, may
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation.models import Action, Decision, Note
from dialog.moderation.permissions import municipality_of
from dialog.moderation.queries import reported_since
from dialog.participation.models import Comment, CommentStatus, Report, ReportReason
from dialog.participation.notifications import notify_decision

#: Where each action leaves the comment (None: the status stays).
TO = {
    Action.PUBLISH: CommentStatus.PUBLISHED,
    Action.REJECT: CommentStatus.REJECTED,
    Action.HIDE: CommentStatus.HIDDEN,
    Action.RESTORE: CommentStatus.PUBLISHED,
    Action.DISMISS: None,
    Action.HIGHLIGHT: None,
    Action.UNHIGHLIGHT: None,
}
#: The grounds a moderator gives: the rules page lists the same (not "other").
REASONS = [reason for reason in ReportReason if reason != ReportReason.OTHER]
#: Decisions the author is told about (by mail if they opted in, and on My page).
TOLD = {Action.PUBLISH, Action.REJECT, Action.HIDE, Action.RESTORE}
#: Decisions that settle the comment's open reports.
SETTLES_REPORTS = {Action.PUBLISH, Action.REJECT, Action.HIDE, Action.DISMISS}


def stale() -> Refusal:
    return Refusal(
        "already_handled",
        _(
            "Someone else has already handled this comment, or it has changed since you "
            "opened it. Nothing was changed; look at it again."
        ),
    )


@dataclass(frozen=True)
class Request:
    """What the moderator asked for, as the form sent it."""

    action: Action
    #: The comment's version the moderator saw.
    version: int
    reason: str | None = None
    message: str | None = None


def check_request(comment: Comment, moderator: User, asked: Request) -> list[Refusal]:
    """Every problem with the request, before anything is written."""
    problems = [may(moderator, "moderation.decide", comment)]
    if asked.version != comment.version:
        problems.append(stale())
    else:
        problems.append(may(moderator, "moderation.decision", (comment, asked.action)))
    if asked.action.needs_reason and asked.reason not in REASONS:
        problems.append(Refusal("reason", _("Choose the rule the comment breaks.")))
    return [p for p in problems if p is not None]


def came_to_the_desk(comment: Comment) -> datetime:
    """When the comment came to the desk: when its oldest open report was made, if residents
    reported it, else when it came into its hold (`queries.held_since`: its latest edit, else
    when it was sent). A comment reported weeks after it was published has waited for a
    moderator since the report, and one held after its author edited it since the edit, not
    since it was written: the desk figures measure the moderators' wait, not the resident's."""
    reported = db.session.scalar(select(reported_since()).where(Comment.id == comment.id))
    return reported or comment.edited_at or comment.created_at


def decide(comment: Comment, moderator: User, asked: Request) -> Decision:
    """Apply one decision, record it in the decisions and the audit log, tell the author."""
    enforce(*check_request(comment, moderator, asked))
    before = snapshot(comment)
    target = TO[asked.action]
    values: dict[str, Any] = {"version": Comment.version + 1}
    if target is not None:
        values["status"] = target.value
        values["held_for"] = None
        values["moderation_reason"] = author_reason(comment.author, asked)
        if target != CommentStatus.PUBLISHED:
            values["is_highlighted"] = False
    if asked.action == Action.DISMISS and comment.status == CommentStatus.PENDING:
        if comment.held_for is None:  # held only because of the reports: back it goes
            values["status"] = CommentStatus.PUBLISHED.value
    if asked.action in (Action.HIGHLIGHT, Action.UNHIGHLIGHT):
        values["is_highlighted"] = asked.action == Action.HIGHLIGHT
    changed = db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id, Comment.version == asked.version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], changed).rowcount != 1:
        raise NotAllowed(stale())
    db.session.refresh(comment)
    now = utcnow()
    came_to_desk = came_to_the_desk(comment)
    if asked.action in SETTLES_REPORTS:
        db.session.execute(
            update(Report)
            .where(Report.comment_id == comment.id, Report.resolved_at.is_(None))
            .values(resolved_at=now)
        )
    municipality_id = municipality_of(comment)
    decision = Decision(
        comment_id=comment.id,
        municipality_id=municipality_id,
        author_id=comment.author_id,
        moderator_id=moderator.id,
        action=asked.action.value,
        reason=asked.reason if asked.action.needs_reason else None,
        message=asked.message or None,
        status_before=before["status"],
        status_after=comment.status,
        submitted_at=came_to_desk,
        created_at=now,
    )
    db.session.add(decision)
    audit.record(
        f"moderation.{asked.action.value}",
        actor=moderator,
        municipality_id=municipality_id,
        target=comment,
        before=before,
        after=snapshot(comment) | ({"message": asked.message} if asked.message else {}),
        reason=decision.reason,
    )
    if asked.action in TOLD and comment.author is not None and not comment.author.is_deleted:
        notify_decision(comment)
    db.session.flush()
    return decision


def author_reason(author: User | None, asked: Request) -> str | None:
    """The text the author sees on My page and in the mail, in the author's language (an
    imported comment, which has no author, keeps it in Swedish for the record)."""
    if not asked.action.needs_reason or asked.reason is None:
        return None
    with force_locale((author.language if author else None) or "sv"):
        text = ReportReason(asked.reason).label
        if asked.message:
            text = f"{text}. {asked.message}"
    return text


def snapshot(comment: Comment) -> dict:
    """What the audit log keeps of a comment's moderation state (never its text)."""
    return {
        "status": comment.status,
        "version": comment.version,
        "is_highlighted": comment.is_highlighted,
        "held_for": comment.held_for,
    }


def add_note(comment: Comment, official: User, body: str) -> Note:
    """An internal note for the other officials; recorded like every official action."""
    enforce(may(official, "moderation.decide", comment))
    note = Note(comment_id=comment.id, author_id=official.id, body=body, created_at=utcnow())
    db.session.add(note)
    db.session.flush()
    audit.record(
        "moderation.note",
        actor=official,
        municipality_id=municipality_of(comment),
        target=comment,
        after={"note_id": note.id},
    )
    return note


#: What can be done to a selection on the desk.
BULK_ACTIONS = (Action.PUBLISH, Action.REJECT, Action.HIDE, Action.DISMISS)


#: Bulk actions the moderator confirms first: each writer is told, and the comments leave view.
CONFIRMED_FIRST = (Action.REJECT, Action.HIDE)


def decide_all(chosen: list[tuple[Comment, int]], moderator: User, asked: Request) -> int:
    """One decision on every (comment, version seen): all of them, or (any problem) none.

    Every problem is collected, each naming its comment, before anything is written.
    """
    enforce(*check_all(chosen, moderator, asked))
    for comment, version in chosen:
        decide(comment, moderator, Request(asked.action, version, asked.reason, asked.message))
    return len(chosen)


def to_look_at(chosen: list[tuple[Comment, int]], moderator: User, asked: Request) -> set[int]:
    """The ids of the selection that a refusal names (handled by someone else, changed): the
    list comes back with these unticked, so that none is decided again unread."""
    return {
        comment.id
        for comment, version in chosen
        for problem in check_request(
            comment, moderator, Request(asked.action, version, asked.reason, asked.message)
        )
        if problem.code != "reason"
    }


def gone_refusals(ids: list[int]) -> list[Refusal]:
    """For ticked comments that are no longer in this municipality's queues (deleted, say)."""
    return [
        Refusal(
            "gone",
            _(
                "Comment %(id)s: This comment is no longer here; it may have been deleted. "
                "Look at the list again.",
                id=comment_id,
            ),
        )
        for comment_id in ids
    ]


def check_all(chosen: list[tuple[Comment, int]], moderator: User, asked: Request) -> list[Refusal]:
    """Every problem with a bulk decision, one per comment and reason, without writing."""
    problems = []
    if not chosen:
        problems.append(Refusal("empty", _("Choose at least one comment.")))
    for comment, version in chosen:
        single = Request(asked.action, version, asked.reason, asked.message)
        for problem in check_request(comment, moderator, single):
            if problem.code == "reason":
                if all(p.code != "reason" for p in problems):
                    problems.append(problem)
                continue
            problems.append(
                Refusal(
                    problem.code,
                    _("Comment %(id)s: %(problem)s", id=comment.id, problem=problem.reason),
                )
            )
    return problems
