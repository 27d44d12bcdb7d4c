"""The municipality's answer on a goal (återkoppling) and the goal's public status."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog.accounts.models import User
from dialog.catalogue.models import Goal, Municipality
from dialog.db import Base, TimestampMixin, enum_column, utcnow


class DefaultStatus(enum.StrEnum):
    """The statuses every municipality starts with; each can be renamed or retired."""

    UNDER_CONSIDERATION = "under_consideration"
    INPUT_USED = "input_used"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    NOT_PURSUED = "not_pursued"

    @property
    def label(self) -> str:
        return str(DEFAULT_LABELS[self])


DEFAULT_LABELS = {
    DefaultStatus.UNDER_CONSIDERATION: _l("Under consideration"),
    DefaultStatus.INPUT_USED: _l("Input used"),
    DefaultStatus.IN_PROGRESS: _l("In progress"),
    DefaultStatus.ACHIEVED: _l("Achieved"),
    DefaultStatus.NOT_PURSUED: _l("Not pursued"),
}


class OfficialResponse(TimestampMixin, Base):
    """What the municipality does with the input on one goal; edits keep earlier versions."""

    __tablename__ = "official_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), unique=True)
    body: Mapped[str] = mapped_column(Text)
    #: The official who wrote the current text (shown only to officials and in the audit log).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Counts the wordings; a form carries the one it showed, so that an edit made meanwhile by
    #: someone else is never overwritten unseen.
    revision: Mapped[int] = mapped_column(default=1)

    goal: Mapped[Goal] = relationship()
    author: Mapped[User | None] = relationship()
    versions: Mapped[list["OfficialResponseVersion"]] = relationship(
        back_populates="response", order_by="OfficialResponseVersion.id.desc()"
    )


class OfficialResponseVersion(Base):
    """An earlier text of a response, kept because what a municipality said is a public record."""

    __tablename__ = "official_response_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("official_responses.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: When this text was published (the response's publication or its previous edit).
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    replaced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    response: Mapped[OfficialResponse] = relationship(back_populates="versions")


class StatusOption(Base):
    """One entry of a municipality's list of goal statuses."""

    __tablename__ = "goal_status_options"
    __table_args__ = (UniqueConstraint("municipality_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    #: A DefaultStatus value for the shipped entries (translated label), None for added ones.
    code: Mapped[DefaultStatus | None] = mapped_column(enum_column(DefaultStatus, 40))
    #: The municipality's own wording; None keeps the translated default label.
    label: Mapped[str | None] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    #: Retired entries are no longer offered, but updates that used them keep their label.
    is_archived: Mapped[bool] = mapped_column(default=False)

    municipality: Mapped[Municipality] = relationship()

    @property
    def name(self) -> str:
        if self.label:
            return self.label
        return self.code.label if self.code else ""


class StatusUpdate(Base):
    """A dated step in a goal's public status; the newest one is the current status."""

    __tablename__ = "goal_status_updates"
    __table_args__ = (
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_goal_status_updates_goal_id_id", "goal_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"))
    option_id: Mapped[int] = mapped_column(ForeignKey("goal_status_options.id"))
    #: Per cent done, 0–100.
    progress: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)
    #: The day the update concerns, as the official states it.
    happened_on: Mapped[date] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    option: Mapped[StatusOption] = relationship()


class ResponseReminder(Base):
    """That the administrators were reminded about a goal: once per goal, never again."""

    __tablename__ = "response_reminders"

    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
