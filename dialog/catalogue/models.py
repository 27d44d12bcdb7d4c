"""The catalogue: a municipality's plans, focus areas, goals and committees."""

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog.db import Base, TimestampMixin


class PlanStatus(enum.StrEnum):
    ADOPTED = "adopted"
    PROPOSED = "proposed"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return str(PLAN_STATUS_LABELS[self])

    @property
    def group_heading(self) -> str:
        """Heading for a list of plans with this status, e.g. on a municipality page."""
        return str(PLAN_GROUP_HEADINGS[self])


class GoalKind(enum.StrEnum):
    GOAL = "goal"
    ASSIGNMENT = "assignment"
    ASPECT = "aspect"

    @property
    def label(self) -> str:
        return str(GOAL_KIND_LABELS[self])


PLAN_STATUS_LABELS = {
    PlanStatus.ADOPTED: _l("Adopted"),
    PlanStatus.PROPOSED: _l("Proposed"),
    PlanStatus.ARCHIVED: _l("Archived"),
}
PLAN_GROUP_HEADINGS = {
    PlanStatus.ADOPTED: _l("Adopted plans"),
    PlanStatus.PROPOSED: _l("Proposals"),
    PlanStatus.ARCHIVED: _l("Archived plans"),
}


class LadderStep(enum.StrEnum):
    """The steps of the participation ladder (delaktighetstrappan), lowest first."""

    INFORMATION = "information"
    CONSULTATION = "consultation"
    DIALOGUE = "dialogue"
    INFLUENCE = "influence"
    CODETERMINATION = "codetermination"

    @property
    def label(self) -> str:
        return str(LADDER_LABELS[self])

    @property
    def explanation(self) -> str:
        return str(LADDER_EXPLANATIONS[self])


LADDER_LABELS = {
    LadderStep.INFORMATION: _l("Information"),
    LadderStep.CONSULTATION: _l("Consultation"),
    LadderStep.DIALOGUE: _l("Dialogue"),
    LadderStep.INFLUENCE: _l("Influence"),
    LadderStep.CODETERMINATION: _l("Co-determination"),
}
LADDER_EXPLANATIONS = {
    LadderStep.INFORMATION: _l("The municipality informs; your views are not asked for."),
    LadderStep.CONSULTATION: _l(
        "The municipality asks for your views before it decides, and decides itself."
    ),
    LadderStep.DIALOGUE: _l(
        "Residents and the municipality discuss the question together before it is decided."
    ),
    LadderStep.INFLUENCE: _l("Residents take part in shaping the proposal that is decided."),
    LadderStep.CODETERMINATION: _l("Residents take part in the decision itself."),
}
GOAL_KIND_LABELS = {
    GoalKind.GOAL: _l("Goal"),
    GoalKind.ASSIGNMENT: _l("Special assignment"),
    GoalKind.ASPECT: _l("Aspect"),
}

goal_committees = Table(
    "goal_committees",
    Base.metadata,
    Column("goal_id", ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True),
    Column("committee_id", ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_goal_committees_committee_id", "committee_id"),
)


class Municipality(TimestampMixin, Base):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    vision: Mapped[str | None] = mapped_column(Text)
    #: Longest comment residents may write here; None means the site default.
    comment_max_length: Mapped[int | None]

    plans: Mapped[list["Plan"]] = relationship(back_populates="municipality", order_by="Plan.id")
    committees: Mapped[list["Committee"]] = relationship(
        back_populates="municipality", order_by="Committee.name"
    )
    districts: Mapped[list["District"]] = relationship(
        back_populates="municipality", order_by="District.position"
    )


class Plan(TimestampMixin, Base):
    """A styrdokument: an adopted, proposed or archived document of goals."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("municipality_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default=PlanStatus.PROPOSED.value)
    period: Mapped[str | None] = mapped_column(String(50))
    intro: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)

    municipality: Mapped[Municipality] = relationship(back_populates="plans")
    focus_areas: Mapped[list["FocusArea"]] = relationship(
        back_populates="plan", order_by="FocusArea.position"
    )
    goals: Mapped[list["Goal"]] = relationship(back_populates="plan", order_by="Goal.position")
    window: Mapped["DialogueWindow | None"] = relationship(
        primaryjoin="DialogueWindow.plan_id == Plan.id", viewonly=True
    )

    @property
    def status_enum(self) -> PlanStatus:
        return PlanStatus(self.status)


class FocusArea(TimestampMixin, Base):
    """A fokusområde: a group of goals within a plan."""

    __tablename__ = "focus_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    code: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    #: Set when the focus area left its import file; it stays, with everything attached.
    is_archived: Mapped[bool] = mapped_column(default=False)

    plan: Mapped[Plan] = relationship(back_populates="focus_areas")
    goals: Mapped[list["Goal"]] = relationship(
        back_populates="focus_area", order_by="Goal.position"
    )


class Goal(TimestampMixin, Base):
    """A mål, särskilt uppdrag or aspect: the thing residents read and discuss."""

    __tablename__ = "goals"
    __table_args__ = (Index("ix_goals_plan_id_position", "plan_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    focus_area_id: Mapped[int | None] = mapped_column(ForeignKey("focus_areas.id"), index=True)
    code: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default=GoalKind.GOAL.value)
    position: Mapped[int] = mapped_column(default=0)
    #: Set when the goal left its import file; its dialogue is kept.
    is_archived: Mapped[bool] = mapped_column(default=False)

    plan: Mapped[Plan] = relationship(back_populates="goals")
    focus_area: Mapped[FocusArea | None] = relationship(back_populates="goals")
    committees: Mapped[list["Committee"]] = relationship(
        secondary=goal_committees, back_populates="goals", order_by="Committee.name"
    )
    window: Mapped["DialogueWindow | None"] = relationship(
        primaryjoin="DialogueWindow.goal_id == Goal.id", viewonly=True
    )

    @property
    def kind_enum(self) -> GoalKind:
        return GoalKind(self.kind)


class Committee(TimestampMixin, Base):
    """A nämnd or municipal company that is given assignments."""

    __tablename__ = "committees"
    __table_args__ = (
        UniqueConstraint("municipality_id", "name"),
        UniqueConstraint("municipality_id", "slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(120))

    municipality: Mapped[Municipality] = relationship(back_populates="committees")
    goals: Mapped[list[Goal]] = relationship(
        secondary=goal_committees, back_populates="committees", order_by=Goal.position
    )


class District(Base):
    """A kommundel: residents may give one, for statistics only."""

    __tablename__ = "districts"
    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    #: Set when the district left its import file; profiles that name it keep it.
    is_archived: Mapped[bool] = mapped_column(default=False)

    municipality: Mapped[Municipality] = relationship(back_populates="districts")


class DialogueWindow(Base):
    """When a plan (or one goal) is open for dialogue, and what residents can influence."""

    __tablename__ = "dialogue_windows"
    __table_args__ = (CheckConstraint("(plan_id IS NULL) <> (goal_id IS NULL)", name="one_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), unique=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"), unique=True)
    #: First and last day (inclusive, in the municipality's time zone) of the dialogue.
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    ladder_step: Mapped[str] = mapped_column(String(20), default=LadderStep.CONSULTATION.value)
    #: What residents can influence, in the municipality's words.
    influence: Mapped[str] = mapped_column(Text)
    #: Who reads the input and when.
    readers: Mapped[str] = mapped_column(Text)

    @property
    def ladder(self) -> LadderStep:
        return LadderStep(self.ladder_step)

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)
