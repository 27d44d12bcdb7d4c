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
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog.catalogue.kinds import (  # noqa: F401 (re-exported: the models' vocabulary)
    CommitteeKind,
    DialogueLevel,
    GoalKind,
    GroupKind,
    PlanKind,
    PlanStatus,
)
from dialog.db import Base, TimestampMixin, enum_column


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
    vision_en: Mapped[str | None] = mapped_column(Text)
    #: Longest comment residents may write here; None means the site default.
    comment_max_length: Mapped[int | None]
    #: The municipality's own site: a logo under static/ (SVG or PNG), its text alternative,
    #: and a brand colour (#rrggbb) checked for contrast when it is imported.
    logo_file: Mapped[str | None] = mapped_column(String(200))
    logo_alt: Mapped[str | None] = mapped_column(String(200))
    brand_colour: Mapped[str | None] = mapped_column(String(7))
    contact_address: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    #: Personuppgiftsansvarig: who is responsible for residents' personal data here.
    controller_name: Mapped[str | None] = mapped_column(String(200))
    controller_email: Mapped[str | None] = mapped_column(String(254))
    controller_phone: Mapped[str | None] = mapped_column(String(40))
    dpo_name: Mapped[str | None] = mapped_column(String(200))
    dpo_email: Mapped[str | None] = mapped_column(String(254))
    dpo_phone: Mapped[str | None] = mapped_column(String(40))
    accessibility_email: Mapped[str | None] = mapped_column(String(254))
    accessibility_phone: Mapped[str | None] = mapped_column(String(40))
    #: The sender of mail about this municipality's dialogues (stored for the mail code).
    mail_sender_name: Mapped[str | None] = mapped_column(String(200))
    mail_sender_address: Mapped[str | None] = mapped_column(String(254))
    #: Exports show authors' display names instead of pseudonymous ids (administrators decide).
    export_display_names: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Place in the list of municipalities (then by name); set by platform administrators.
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Hidden from residents' lists and pages; kept with everything attached (public records).
    is_archived: Mapped[bool] = mapped_column(default=False, server_default=false())

    plans: Mapped[list["Plan"]] = relationship(
        back_populates="municipality", order_by=lambda: (Plan.position, Plan.id)
    )
    committees: Mapped[list["Committee"]] = relationship(
        back_populates="municipality", order_by=lambda: (Committee.position, Committee.name)
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
    title_en: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[PlanKind] = mapped_column(enum_column(PlanKind, 20), default=PlanKind.PROPOSAL)
    status: Mapped[PlanStatus] = mapped_column(
        enum_column(PlanStatus, 20), default=PlanStatus.PROPOSED
    )
    period: Mapped[str | None] = mapped_column(String(50))
    intro: Mapped[str | None] = mapped_column(Text)
    intro_en: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    #: Order among the municipality's plans (then by id), set by its administrators.
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    #: What residents discuss and rate while the plan's window is open: goals, focus areas, both.
    dialogue_level: Mapped[DialogueLevel] = mapped_column(
        enum_column(DialogueLevel, 20),
        default=DialogueLevel.GOALS,
        server_default=DialogueLevel.GOALS.value,
    )

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

    @property
    def kind_enum(self) -> PlanKind:
        return PlanKind(self.kind)

    @property
    def dialogue_level_enum(self) -> DialogueLevel:
        return DialogueLevel(self.dialogue_level)


class FocusArea(TimestampMixin, Base):
    """A group of goals within a plan: a fokusområde, or a section or driver of change."""

    __tablename__ = "focus_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    code: Mapped[str | None] = mapped_column(String(20))
    #: focus_area, or section/change_pressure for groups that are not focus areas.
    kind: Mapped[GroupKind] = mapped_column(
        enum_column(GroupKind, 20), default=GroupKind.FOCUS_AREA
    )
    title: Mapped[str] = mapped_column(String(500))
    title_en: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    #: Set when the focus area left its import file; it stays, with everything attached.
    is_archived: Mapped[bool] = mapped_column(default=False)

    plan: Mapped[Plan] = relationship(back_populates="focus_areas")
    goals: Mapped[list["Goal"]] = relationship(
        back_populates="focus_area", order_by="Goal.position"
    )

    @property
    def kind_enum(self) -> GroupKind:
        return GroupKind(self.kind)


class Goal(TimestampMixin, Base):
    """A mål, särskilt uppdrag or aspect: the thing residents read and discuss."""

    __tablename__ = "goals"
    __table_args__ = (Index("ix_goals_plan_id_position", "plan_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    focus_area_id: Mapped[int | None] = mapped_column(ForeignKey("focus_areas.id"), index=True)
    code: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    title_en: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[GoalKind] = mapped_column(enum_column(GoalKind, 20), default=GoalKind.GOAL)
    position: Mapped[int] = mapped_column(default=0)
    #: Set when the goal left its import file; its dialogue is kept.
    is_archived: Mapped[bool] = mapped_column(default=False)

    plan: Mapped[Plan] = relationship(back_populates="goals")
    focus_area: Mapped[FocusArea | None] = relationship(back_populates="goals")
    committees: Mapped[list["Committee"]] = relationship(
        secondary=goal_committees,
        back_populates="goals",
        order_by=lambda: (Committee.position, Committee.name),
    )
    window: Mapped["DialogueWindow | None"] = relationship(
        primaryjoin="DialogueWindow.goal_id == Goal.id", viewonly=True
    )

    @property
    def kind_enum(self) -> GoalKind:
        return GoalKind(self.kind)


class Committee(TimestampMixin, Base):
    """A nämnd, the kommunstyrelse or a municipal company (bolag) that is given assignments."""

    __tablename__ = "committees"
    __table_args__ = (
        UniqueConstraint("municipality_id", "name"),
        UniqueConstraint("municipality_id", "slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(120))
    kind: Mapped[CommitteeKind] = mapped_column(
        enum_column(CommitteeKind, 20), default=CommitteeKind.COMMITTEE
    )
    #: The full name where `name` is short, e.g. "Lunds Kommuns Fastighets AB" for LKF.
    full_name: Mapped[str | None] = mapped_column(String(200))
    #: No longer shown to residents as a committee; assignments given to it keep naming it.
    is_archived: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: The order the municipality lists its committees in (administrators move them).
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    municipality: Mapped[Municipality] = relationship(back_populates="committees")
    goals: Mapped[list[Goal]] = relationship(
        secondary=goal_committees, back_populates="committees", order_by=Goal.position
    )

    @property
    def kind_enum(self) -> CommitteeKind:
        return CommitteeKind(self.kind)

    @property
    def display_name(self) -> str:
        """The full name, short name in brackets: "Lunds Kommuns Fastighets AB (LKF)"."""
        if self.full_name and self.full_name != self.name:
            return f"{self.full_name} ({self.name})"
        return self.name


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
    ladder_step: Mapped[LadderStep] = mapped_column(
        enum_column(LadderStep, 20), default=LadderStep.CONSULTATION
    )
    #: What residents can influence, in the municipality's words.
    influence: Mapped[str] = mapped_column(Text)
    influence_en: Mapped[str | None] = mapped_column(Text)
    #: Who reads the input and when.
    readers: Mapped[str] = mapped_column(Text)
    readers_en: Mapped[str | None] = mapped_column(Text)

    @property
    def ladder(self) -> LadderStep:
        return LadderStep(self.ladder_step)

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)
