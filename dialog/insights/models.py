"""The public "what we heard" page of a plan (återkoppling), as a communicator chose it."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog.catalogue.models import Plan
from dialog.db import Base, TimestampMixin


class FeedbackPage(TimestampMixin, Base):
    """Which parts of the plan's summary are public; the figures are read live when shown."""

    __tablename__ = "feedback_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), unique=True)
    #: The communicator's own words above the figures (plain text).
    intro: Mapped[str | None] = mapped_column(Text)
    show_figures: Mapped[bool] = mapped_column(default=True)
    show_ratings: Mapped[bool] = mapped_column(default=True)
    show_matrix: Mapped[bool] = mapped_column(default=True)
    show_weeks: Mapped[bool] = mapped_column(default=False)
    #: The plan's computed themes (names, sizes, quotes that are published).
    show_themes: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: The plan's opinion groups (dialog/insights/groups), as last computed.
    show_groups: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Ids of the comments quoted; one that is no longer published is left out when shown.
    quote_ids: Mapped[list] = mapped_column(JSON, default=list)
    #: None while not public (never published, or taken down).
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    plan: Mapped[Plan] = relationship()

    def snapshot(self) -> dict:
        return {
            "intro": self.intro,
            "show_figures": self.show_figures,
            "show_ratings": self.show_ratings,
            "show_matrix": self.show_matrix,
            "show_weeks": self.show_weeks,
            "show_themes": self.show_themes,
            "show_groups": self.show_groups,
            "quote_ids": ",".join(str(i) for i in self.quote_ids or []),
            "published_at": self.published_at,
        }
