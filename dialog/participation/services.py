"""Writes for residents' participation; each is safe to repeat (exactly once) and never commits.

Each write asks the rules in `permissions.py` itself and raises NotAllowed carrying every
problem found, whatever the caller checked before."""

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import (
    and_,
    case,
    delete,
    func,
    select,
    update,
)

from dialog.accounts.models import User
from dialog.core.permissions import NotAllowed, Refusal, enforce, may
from dialog.db import upsert_statement, utcnow
from dialog.extensions import db
from dialog.moderation.alerts import alerts as moderator_alerts
from dialog.participation import (
    permissions,  # noqa: F401 (registers the rules asked here)
    shown,
)
from dialog.participation.models import (
    Comment,
    CommentCategory,
    CommentStatus,
    CommentVersion,
    HoldReason,
    Rating,
    RatingQuestion,
    Reaction,
    ReactionKind,
    Report,
)
from dialog.participation.permissions import replyable
from dialog.participation.storing import store_and_count
from dialog.participation.subjects import (
    Subject,
    count_participant,
    rating_conflict,
    same_subject,
)
from dialog.participation.subjects import values as subject_values
from dialog.participation.text import count_links


@dataclass(frozen=True)
class Posted:
    comment_id: int
    status: CommentStatus
    #: False when the same form token had already been stored (double click, retry).
    created: bool
    _loaded: Comment | None = field(default=None, repr=False, compare=False)

    @property
    def comment(self) -> Comment:
        """The stored row, loaded when asked (a new comment's INSERT reads back only its id
        and status: most callers need nothing more)."""
        return self._loaded or db.session.get_one(Comment, self.comment_id)


def max_comment_length(subject: Subject) -> int:
    configured = subject.plan.municipality.comment_max_length
    return min(configured or current_app.config["COMMENT_MAX_LENGTH"], 10_000)


def body_refusal(body: str | None, subject: Subject) -> Refusal | None:
    """The problem with a comment's text (empty, too long, too many links), or None."""
    if not body:
        return Refusal("body", _("Write your comment."))
    limit = max_comment_length(subject)
    if len(body) > limit:
        return Refusal(
            "body",
            _(
                "The comment is %(n)s characters long; at most %(limit)s are allowed.",
                n=len(body),
                limit=limit,
            ),
        )
    links = current_app.config["COMMENT_MAX_LINKS"]
    if count_links(body) > links:
        return Refusal("body", _("A comment may contain at most %(n)s links.", n=links))
    return None


def post_comment(
    subject: Subject,
    author: User,
    body: str,
    category: str | None,
    token: str,
    parent: Comment | None = None,
    official: bool = False,
) -> Posted:
    """Store the comment once per form token; a repeat returns the one stored first.

    `subject` is the goal or focus area commented on (a reply's is its parent's).
    `token` is the nonce of a form token issued to `author` for this subject or parent. Replies
    have no category (the reply form has none; a crafted one is dropped here). Raises
    NotAllowed with every problem found: the rules for posting, and the text's.
    `official` stores a reply written as the municipality: the caller has enforced who may
    answer for it (that rule belongs to the area above), so only the comment's own state is
    checked here, and the dialogue may be closed (answers often come after it)."""
    if parent is None:
        allowed = may(author, "comment.post", subject)
    elif not same_subject(parent, subject):
        allowed = Refusal("nested", _("You can only reply to a comment, not to a reply."))
    else:
        allowed = replyable(parent) if official else may(author, "comment.reply", parent)
        category = None
    if official and parent is None:
        raise ValueError("an official comment is always a reply")
    enforce(allowed, body_refusal(body, subject))
    # The municipality's moderation policy and word list may hold a resident's comment for a
    # moderator first; the municipality's own answer is not held for its own moderators.
    held = None if official else may(author, "comment.publish_now", (subject, body))
    status = CommentStatus.PUBLISHED if held is None else CommentStatus.PENDING
    now = utcnow()
    values = {
        **subject_values(subject),
        "author_id": author.id,
        "parent_id": parent.id if parent else None,
        "body": body,
        "category": category,
        "status": status.value,
        "held_for": HoldReason(held.code).value if held is not None else None,
        "submission_token": token,
        "is_official": official,
        "created_at": now,
        "updated_at": now,
    }
    stored = store_and_count(subject, values, parent, official)
    if stored is None:
        existing = db.session.scalar(select(Comment).filter_by(submission_token=token))
        if (
            existing is None
            or existing.author_id != author.id
            or not same_subject(existing, subject)
            or existing.parent_id != (parent.id if parent else None)
        ):
            raise NotAllowed(
                Refusal(
                    "token_used",
                    _("This form has already been used. Reload the page and try again."),
                )
            )
        return Posted(existing.id, existing.status, False, existing)
    if held is not None:  # moderators who chose "at once" are mailed as soon as this commits
        moderator_alerts.enqueue()
    shown.after_posting(subject, stored[0])
    return Posted(stored[0], CommentStatus(stored[1]), True)


def edit_comment(comment: Comment, editor: User, body: str, category: str | None) -> bool:
    """Replace the text, keeping the earlier version; False if nothing changed. A reply keeps
    no category, whatever a crafted form sends."""
    enforce(may(editor, "comment.edit", comment), body_refusal(body, comment.subject))
    chosen = CommentCategory(category) if category and comment.parent_id is None else None
    if comment.body == body and comment.category == chosen:
        return False
    db.session.add(
        CommentVersion(
            comment=comment,
            body=comment.body,
            category=comment.category,
            written_at=comment.edited_at or comment.created_at,
        )
    )
    comment.body = body
    comment.category = chosen
    comment.edited_at = utcnow()
    comment.version = Comment.version + 1  # a moderator's open form is now stale
    held = may(comment.author, "comment.publish_now", (comment.subject, body))
    if held is not None:  # the new text waits for a moderator, as a new comment would
        comment.status = CommentStatus.PENDING
        comment.held_for = HoldReason(held.code)
        moderator_alerts.enqueue()  # it entered a queue: "at once" moderators hear, as on posting
    db.session.flush()
    return True


def withdraw_comment(comment: Comment, author: User) -> None:
    """The author takes the comment back; readers see a marker, the record is kept."""
    enforce(may(author, "comment.withdraw", comment))
    comment.status = CommentStatus.WITHDRAWN
    comment.withdrawn_at = utcnow()
    db.session.flush()


def withdraw_all_by(user: User) -> None:
    """Account deletion: every published or hidden comment of the person is withdrawn."""
    db.session.execute(
        update(Comment)
        .where(Comment.author_id == user.id)
        .where(Comment.status.in_([CommentStatus.PUBLISHED, CommentStatus.PENDING]))
        .values(status=CommentStatus.WITHDRAWN.value, withdrawn_at=utcnow())
    )


def react(comment: Comment, user: User, kind: ReactionKind | None) -> None:
    """Agree, disagree, or (None) take the reaction back; the counts are recounted."""
    enforce(may(user, "comment.react", comment))
    # Reactions to one comment take turns from here (its row locked until the commit), so that
    # each recount sees every reaction committed before it: on PostgreSQL a recount that waited
    # for another's row lock would otherwise count from a snapshot taken before that commit.
    db.session.execute(select(Comment.id).where(Comment.id == comment.id).with_for_update())
    if kind is None:
        db.session.execute(
            delete(Reaction)
            .where(and_(Reaction.comment_id == comment.id, Reaction.user_id == user.id))
            .execution_options(synchronize_session=False)
        )
    else:
        now = utcnow()
        db.session.execute(
            upsert_statement(Reaction)
            .values(
                comment_id=comment.id,
                user_id=user.id,
                kind=kind.value,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_update(
                index_elements=["comment_id", "user_id"],
                set_={"kind": kind.value, "updated_at": now},
            )
        )
    counts = {
        k: select(func.count())
        .where(Reaction.comment_id == comment.id, Reaction.kind == k)
        .scalar_subquery()
        for k in ReactionKind
    }
    db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(
            agree_count=counts[ReactionKind.AGREE], disagree_count=counts[ReactionKind.DISAGREE]
        )
    )
    db.session.expire(comment)


def report_comment(comment: Comment, user: User, reason: str, details: str | None) -> bool:
    """One report per resident and comment; enough reports hide it until a moderator decides."""
    enforce(may(user, "comment.report", comment))
    now = utcnow()
    inserted = db.session.execute(
        upsert_statement(Report)
        .values(
            comment_id=comment.id,
            user_id=user.id,
            reason=reason,
            details=details,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["comment_id", "user_id"])
        .returning(Report.id)
    ).scalar()
    if inserted is None:
        return False
    moderator_alerts.enqueue()  # the reported queue: "at once" moderators hear after the commit
    threshold = current_app.config["REPORT_THRESHOLD"]
    db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(
            report_count=Comment.report_count + 1,
            status=case(
                (
                    and_(
                        Comment.report_count + 1 >= threshold,
                        Comment.status == CommentStatus.PUBLISHED.value,
                    ),
                    CommentStatus.PENDING.value,
                ),
                else_=Comment.status,
            ),
        )
    )
    db.session.expire(comment)
    return True


def rate(subject: Subject, user: User, answers: dict[RatingQuestion, int]) -> None:
    """Store or change this resident's answers on a goal or focus area (0 = don't know)."""
    enforce(may(user, "goal.rate", subject))
    now = utcnow()
    if answers:
        count_participant(subject, user.id)
    for question, value in answers.items():
        db.session.execute(
            upsert_statement(Rating)
            .values(
                **subject_values(subject),
                user_id=user.id,
                question=question.value,
                value=value,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_update(
                index_elements=rating_conflict(subject),
                set_={"value": value, "updated_at": now},
            )
        )


#: Callers catch the one exception type from here as well as from core.permissions.
__all__ = ["NotAllowed", "Posted"]
