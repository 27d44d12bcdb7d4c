"""Writes for residents' participation; each is safe to repeat (exactly once) and never commits.

Each write asks the rules in `permissions.py` itself and raises NotAllowed carrying every
problem found, whatever the caller checked before."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import (
    ColumnElement,
    Insert,
    Integer,
    Select,
    SmallInteger,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from dialog.accounts.models import User
from dialog.core import versions
from dialog.core.permissions import NotAllowed, Refusal, enforce, may
from dialog.db import upsert_statement, utcnow
from dialog.extensions import db
from dialog.moderation.alerts import alerts as moderator_alerts
from dialog.participation import permissions  # noqa: F401 (registers the rules asked here)
from dialog.participation.models import (
    Comment,
    CommentCategory,
    CommentStatus,
    CommentVersion,
    FocusAreaParticipant,
    FocusAreaTally,
    GoalParticipant,
    GoalTally,
    HoldReason,
    Rating,
    RatingQuestion,
    Reaction,
    ReactionKind,
    Report,
)
from dialog.participation.permissions import replyable
from dialog.participation.subjects import (
    Subject,
    count_comment,
    count_participant,
    rating_conflict,
    same_subject,
    tables,
    tally_slot,
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
    stored = _store_and_count(subject, values, parent, official)
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
    return Posted(stored[0], CommentStatus(stored[1]), True)


def _store_and_count(
    subject: Subject, values: Mapping[str, Any], parent: Comment | None, official: bool
) -> tuple[int, str] | None:
    """Insert the comment unless its form token is stored already, and count it: the author
    among the subject's participants (not the municipality), a top-level comment on the tally,
    a reply on its parent. (id, status) of the new row, or None when the token was there.

    On PostgreSQL all of it, and the pages' content version (dialog/core/versions.py), is one
    statement: every comment would otherwise cost three round trips and an ORM row more."""
    dialect = db.engine.dialect.name
    new = {f"new_{name}": value for name, value in values.items()}
    if dialect == "postgresql":
        participant, tally, column = tables(subject)
        statement = _stored_and_counted(participant, tally, column, parent is not None, official)
        parameters = {
            **new,
            "subject_id": subject.id,
            "participant_id": values["author_id"],
            "parent_ref": values["parent_id"],
            "parent_updated_at": values["updated_at"],
            "slot": tally_slot(),
            **versions.replacement(),
        }
        # On the session's connection: the ORM has nothing to do with these rows.
        row = db.session.connection().execute(statement, parameters).one_or_none()
        if row is None:
            return None
        versions.replaced(parameters)
        return row[0], row[1]
    # On the session's connection, past the ORM: the pages' version is replaced only when a
    # row was inserted (a form sent again changes nothing a page shows).
    row = db.session.connection().execute(_insert_once(dialect), new).one_or_none()
    if row is None:
        return None
    versions.bump()
    # The municipality is not a participant; a new participant's first top-level comment goes
    # on the tally in the same statement.
    counted = not official and count_participant(
        subject, cast(int, values["author_id"]), comments=1 if parent is None else 0
    )
    if parent is None:
        if not counted:
            count_comment(subject)
    else:
        db.session.execute(
            update(Comment)
            .where(Comment.id == parent.id)
            .values(reply_count=Comment.reply_count + 1)
        )
    return row[0], row[1]


@cache
def _insert_once(dialect: str) -> Insert:
    """INSERT of a comment unless its form token is stored already, RETURNING its id and
    status; built once per process (the values are bound parameters, `new_` and the column's
    name)."""
    table = cast(Table, Comment.__table__)
    names = ["goal_id", "focus_area_id", "author_id", "parent_id", "body", "category"]
    names += ["status", "held_for", "submission_token", "is_official", "created_at", "updated_at"]
    # Parameters not named as columns: an UPDATE of comments in the same statement would set
    # every column a parameter is named after.
    given = {name: bindparam(f"new_{name}", type_=table.c[name].type) for name in names}
    # The columns' own defaults as constants: an INSERT inside a CTE gets none of them.
    constant = {
        c.name: literal(c.default.arg, type_=c.type)
        for c in table.c
        if c.name not in given and isinstance(c.default, ScalarElementColumnDefault)
    }
    insert = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    statement = insert.values({**constant, **given})
    statement = statement.on_conflict_do_nothing(index_elements=["submission_token"])
    return statement.returning(table.c.id, table.c.status)


@cache
def _stored_and_counted(
    participant: type[FocusAreaParticipant | GoalParticipant],
    tally: type[FocusAreaTally | GoalTally],
    column: str,
    reply: bool,
    official: bool,
) -> Select[Any]:
    """PostgreSQL: `_store_and_count` in one statement, built once per process. Each write
    after the comment's is done only when the comment was inserted (the CTE `inserted` has its
    row); rows are locked in the order the separate statements locked them (the tally, the
    parent, the content version last, as at a commit), each write waiting for the one before.
    Extra parameters: subject_id, participant_id, parent_ref, parent_updated_at, slot and
    versions.replacement().
    """
    comments = cast(Table, Comment.__table__)
    people, counts = cast(Table, participant.__table__), cast(Table, tally.__table__)
    inserted = cast(postgresql.Insert, _insert_once("postgresql")).cte("inserted")
    subject_id = bindparam("subject_id", type_=Integer)
    writes: list[Any] = []
    done: Any = None  # the last write so far: the next one waits for it
    if not official:  # the municipality is not a participant
        added = (
            postgresql.insert(people)
            .from_select(
                [column, "user_id"],
                select(subject_id, bindparam("participant_id", type_=Integer)).select_from(
                    inserted
                ),
            )
            .on_conflict_do_nothing(index_elements=[column, "user_id"])
            .returning(people.c.user_id)
            .cte("added")
        )
        slot = bindparam("slot", type_=SmallInteger)
        if reply:  # the tally only for a new participant
            source = select(subject_id, slot, literal(0), literal(1)).select_from(added)
        else:
            new = select(func.count()).select_from(added).scalar_subquery()
            source = select(subject_id, slot, literal(1), new).select_from(inserted)
        counted = postgresql.insert(counts).from_select(
            [column, "slot", "comment_count", "participant_count"], source
        )
        done = (
            counted.on_conflict_do_update(
                index_elements=[column, "slot"],
                set_={
                    "participant_count": counts.c.participant_count
                    + counted.excluded.participant_count,
                    "comment_count": counts.c.comment_count + counted.excluded.comment_count,
                },
            )
            .returning(counts.c.slot)
            .cte("counted")
        )
        writes += [added, done]
    if reply:
        parent = (
            update(comments)
            .where(comments.c.id == bindparam("parent_ref", type_=Integer))
            .where(exists(select(inserted.c.id)))
            # (onupdate defaults are not made for a statement inside a CTE either)
            .values(
                reply_count=comments.c.reply_count + 1,
                updated_at=bindparam("parent_updated_at", type_=comments.c.updated_at.type),
            )
        )
        if done is not None:
            parent = parent.where(_after(done))
        done = parent.returning(comments.c.id).cte("parent")
        writes.append(done)
    source = select(*versions.version_parameters()).select_from(inserted)
    if done is not None:
        source = source.where(_after(done))
    writes.append(versions.replacing("postgresql", source).cte("version"))
    return select(inserted.c.id, inserted.c.status).add_cte(*writes)


def _after(write: Any) -> ColumnElement[bool]:
    """Always true, but evaluated only once `write` (a CTE) has run: what orders the writes."""
    return select(func.count()).select_from(write).scalar_subquery() >= 0


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
