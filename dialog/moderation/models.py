"""Moderators' decisions on comments and their internal notes.

A decision never changes a comment's text: it moves the comment between statuses and is kept
for the author's history, the desk figures and the record. The audit log holds the same facts
as before/after; this table is what the desk reads quickly.
"""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog.accounts.models import User
from dialog.db import Base, enum_column, utcnow
from dialog.participation.models import Comment, CommentStatus, ReportReason


class Action(enum.StrEnum):
    """What a moderator can do to one comment."""

    PUBLISH = "publish"
    REJECT = "reject"
    HIDE = "hide"
    RESTORE = "restore"
    DISMISS = "dismiss"
    HIGHLIGHT = "highlight"
    UNHIGHLIGHT = "unhighlight"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self])

    @property
    def needs_reason(self) -> bool:
        return self in (Action.REJECT, Action.HIDE)


ACTION_LABELS = {
    Action.PUBLISH: _l("Publish"),
    Action.REJECT: _l("Reject"),
    Action.HIDE: _l("Hide"),
    Action.RESTORE: _l("Restore"),
    Action.DISMISS: _l("Dismiss the reports"),
    Action.HIGHLIGHT: _l("Highlight"),
    Action.UNHIGHLIGHT: _l("Remove the highlight"),
}

#: What the moderator is told once a decision is saved: what happened, to which comment
#: (formatted with `id`), so that the next item's page confirms the last one.
DONE_MESSAGES = {
    Action.PUBLISH: _l("Comment %(id)s is published."),
    Action.REJECT: _l("Comment %(id)s is rejected."),
    Action.HIDE: _l("Comment %(id)s is hidden."),
    Action.RESTORE: _l("Comment %(id)s is restored."),
    Action.DISMISS: _l("The reports on comment %(id)s are dismissed."),
    Action.HIGHLIGHT: _l("Comment %(id)s is highlighted."),
    Action.UNHIGHLIGHT: _l("Comment %(id)s is no longer highlighted."),
}


class Mode(enum.StrEnum):
    """How often an official is mailed about new items in the moderation queues."""

    NEVER = "never"
    IMMEDIATE = "immediate"
    DAILY = "daily"

    @property
    def label(self) -> str:
        return str(MODE_LABELS[self])


MODE_LABELS = {
    Mode.NEVER: _l("Never"),
    Mode.IMMEDIATE: _l("At once (within a few minutes)"),
    Mode.DAILY: _l("Once a day, as a digest"),
}


class Decision(Base):
    """One moderator's decision on one comment."""

    __tablename__ = "moderation_decisions"
    __table_args__ = (
        Index(
            "ix_moderation_decisions_municipality_id_created_at", "municipality_id", "created_at"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    #: The comment's author at the time, so that their history is one indexed lookup.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[Action] = mapped_column(enum_column(Action, 20))
    #: A ReportReason value; required for reject and hide.
    reason: Mapped[ReportReason | None] = mapped_column(enum_column(ReportReason, 30))
    #: The optional message to the author.
    message: Mapped[str | None] = mapped_column(Text)
    status_before: Mapped[CommentStatus] = mapped_column(enum_column(CommentStatus, 20))
    status_after: Mapped[CommentStatus] = mapped_column(enum_column(CommentStatus, 20))
    #: When the comment came to the desk (services.came_to_the_desk: its oldest open report, or
    #: when it was sent), kept so that the desk figures need no join.
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    comment: Mapped[Comment] = relationship()
    moderator: Mapped[User | None] = relationship(foreign_keys=[moderator_id])

    @property
    def action_enum(self) -> Action:
        return Action(self.action)


class Note(Base):
    """An official's internal note on a comment; never shown to residents."""

    __tablename__ = "moderation_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[User | None] = relationship()


class Settings(Base):
    """A municipality's moderation policy; a municipality without a row uses the defaults."""

    __tablename__ = "moderation_settings"

    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), primary_key=True)
    #: Pre-moderation: nothing is public until a moderator approves it. Default: post-moderation.
    is_premoderated: Mapped[bool] = mapped_column(default=False)
    #: False: the Swedish default word list applies; True: the municipality's own (`words`).
    has_own_words: Mapped[bool] = mapped_column(default=False)
    #: Gallringsfrist: threads whose comment is older than this many days are deleted by
    #: `flask dialog apply-retention`. None: kept (the default for public records).
    retention_days: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Word(Base):
    """One entry of a municipality's own word list; "ord*" matches every word starting so."""

    __tablename__ = "moderation_words"
    __table_args__ = (UniqueConstraint("municipality_id", "word"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    word: Mapped[str] = mapped_column(String(100))


class Block(Base):
    """A resident may not take part in one municipality's dialogue, for a while or for good."""

    __tablename__ = "moderation_blocks"
    __table_args__ = (
        Index("ix_moderation_blocks_user_id_municipality_id", "user_id", "municipality_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    blocked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The written justification; required, shown to officials and kept in the audit log.
    justification: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: None: permanent.
    until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    blocked_by: Mapped[User | None] = relationship(foreign_keys=[blocked_by_id])


class Subscription(Base):
    """An official's choice of mail about new items in a municipality's queues."""

    __tablename__ = "moderation_subscriptions"
    __table_args__ = (UniqueConstraint("user_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    #: "immediate" (checked every few minutes) or "daily" (one digest a day).
    mode: Mapped[Mode] = mapped_column(enum_column(Mode, 10))
    #: Items that entered a queue after this have not been mailed about yet.
    last_sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship()
