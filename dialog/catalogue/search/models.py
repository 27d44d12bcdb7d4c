"""What search reads: one entry per plan, focus area and goal, and the words they use."""

import enum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from dialog.db import Base, enum_column

#: Swedish tsvector on PostgreSQL; " stem stem … " (Snowball) on SQLite.
DOCUMENT_TYPE = Text().with_variant(TSVECTOR(), "postgresql")


class SearchKind(enum.StrEnum):
    """What a search entry stands for."""

    PLAN = "plan"
    FOCUS_AREA = "focus_area"
    GOAL = "goal"


class SearchEntry(Base):
    """A searchable copy of one catalogue item's text, rebuilt by the importer."""

    __tablename__ = "search_entries"
    __table_args__ = (
        UniqueConstraint("kind", "target_id"),
        Index("ix_search_entries_document", "document", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    kind: Mapped[SearchKind] = mapped_column(enum_column(SearchKind, 20))
    target_id: Mapped[int]
    #: The item's own kind: the value of its PlanKind, GroupKind or GoalKind (three enums in one
    #: column, so a plain string; the catalogue's columns validate it).
    subkind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    #: Where the item is: the plan's title for focus areas and goals.
    context: Mapped[str] = mapped_column(String(500), default="")
    #: Plan slug and municipality slug, so that a result links without loading its item.
    plan_slug: Mapped[str] = mapped_column(String(120), default="")
    document = mapped_column(DOCUMENT_TYPE, nullable=False)


class SearchWord(Base):
    """A word that occurs in the catalogue, for "did you mean …?" suggestions."""

    __tablename__ = "search_words"

    word: Mapped[str] = mapped_column(String(100), primary_key=True)
    stem: Mapped[str] = mapped_column(String(100), index=True)
    #: How many catalogue items use the word; the commoner of two equally close words wins.
    frequency: Mapped[int] = mapped_column(default=1)
