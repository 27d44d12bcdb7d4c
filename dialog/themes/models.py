"""Computed themes of a goal's or plan's comments, officials' changes to them, and tags.

A run is one computation over a scope (a goal or a plan). Its themes keep the label the method
gave and the officials' own label; a theme merged into another points at it. Each comment is in
at most one theme of a run. Officials' changes are carried to the next run's themes by overlap
of their comments (`previous_id`), and fed back into the computation itself.
"""

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog.db import Base, enum_column, utcnow


class RunStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ThemeRun(Base):
    """One computation of themes over a goal's or a plan's comments."""

    __tablename__ = "theme_runs"
    __table_args__ = (
        CheckConstraint("(goal_id IS NULL) <> (plan_id IS NULL)", name="one_scope"),
        Index("ix_theme_runs_goal_id_id", "goal_id", "id"),
        Index("ix_theme_runs_plan_id_id", "plan_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    status: Mapped[RunStatus] = mapped_column(enum_column(RunStatus, 10), default=RunStatus.QUEUED)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: None for a run the command line asked for.
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    computed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: How many comments the computation read.
    comment_count: Mapped[int] = mapped_column(default=0)
    #: Why a run failed, for the page (no resident text in it).
    error: Mapped[str | None] = mapped_column(Text)

    themes: Mapped[list["Theme"]] = relationship(back_populates="run", order_by="Theme.id")

    @property
    def scope(self) -> str:
        return "goal" if self.goal_id is not None else "plan"


class Theme(Base):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("theme_runs.id"), index=True)
    #: Key phrases the method found, as residents wrote them.
    label: Mapped[str] = mapped_column(String(200))
    #: An official's own name for the theme; kept across runs.
    custom_label: Mapped[str | None] = mapped_column(String(200))
    #: Set when an official merged this theme into another of the same run.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    #: The theme of the run before that this one continues (most comments in common).
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    #: Comments in the theme itself (merged themes not counted).
    size: Mapped[int] = mapped_column(default=0)
    #: Ids of up to three comments nearest the theme's centre, most representative first.
    quote_ids: Mapped[list] = mapped_column(JSON, default=list)
    #: Ids of up to three untagged comments farthest from the centre, farthest first: the page
    #: offers them for checking (None for runs computed before the column existed).
    edge_ids: Mapped[list | None] = mapped_column(JSON, default=list)

    run: Mapped[ThemeRun] = relationship(back_populates="themes")

    @property
    def name(self) -> str:
        return self.custom_label or self.label


class ThemeMember(Base):
    """A comment in a theme; the primary key keeps each comment in one theme per run."""

    __tablename__ = "theme_members"
    __table_args__ = (Index("ix_theme_members_theme_id_comment_id", "theme_id", "comment_id"),)

    run_id: Mapped[int] = mapped_column(ForeignKey("theme_runs.id"), primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"))


class Tag(Base):
    """A municipality's own name for a concern, given to comments by hand."""

    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CommentTag(Base):
    __tablename__ = "comment_tags"
    __table_args__ = (Index("ix_comment_tags_tag_id", "tag_id"),)

    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id"), primary_key=True)
    tagged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    tag: Mapped[Tag] = relationship()
