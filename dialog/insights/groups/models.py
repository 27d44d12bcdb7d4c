"""A plan's opinion groups as last computed: page views read this row, never the ratings."""

import enum
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from dialog.db import Base, enum_column


class Outcome(enum.StrEnum):
    GROUPS = "groups"
    #: Fewer than maths.MIN_RESIDENTS residents rated maths.MIN_RATED goals or more.
    TOO_FEW = "too_few"
    #: No split into groups of at least maths.SMALL_GROUP residents.
    NO_GROUPS = "no_groups"


class OpinionGroupResult(Base):
    """The outcome of the last computation for one plan (see dialog/insights/groups/maths.py)."""

    __tablename__ = "opinion_group_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), unique=True)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome, 20))
    #: Residents who rated at least 3 of the plan's goals when computed.
    residents: Mapped[int]
    #: Number and latest change of the ratings read: a different value means "compute again".
    fingerprint: Mapped[str] = mapped_column(String(80))
    #: Groups, goals (by id), representative, consensus and divisive goals; {} unless "groups".
    result: Mapped[dict] = mapped_column(JSON, default=dict)
