"""The kinds and statuses of catalogue items, with the words residents see for them."""

import enum

from flask_babel import lazy_gettext as _l


class PlanKind(enum.StrEnum):
    """What a document is: a decided goal document, a proposal for one, or background."""

    GOVERNING = "governing"
    PROPOSAL = "proposal"
    BACKGROUND = "background"

    @property
    def label(self) -> str:
        return str(PLAN_KIND_LABELS[self])

    @property
    def statuses(self) -> tuple["PlanStatus", ...]:
        """The statuses a document of this kind can honestly have."""
        return STATUSES_BY_KIND[self]


class PlanStatus(enum.StrEnum):
    """Where a document stands in the decision process."""

    PROPOSED = "proposed"
    RETURNED = "returned"
    ADOPTED = "adopted"
    CURRENT = "current"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return str(PLAN_STATUS_LABELS[self])

    @property
    def group_heading(self) -> str:
        """Heading for a list of plans with this status, e.g. on a municipality page."""
        return str(PLAN_GROUP_HEADINGS[self])


STATUSES_BY_KIND = {
    PlanKind.GOVERNING: (PlanStatus.ADOPTED, PlanStatus.ARCHIVED),
    PlanKind.PROPOSAL: (PlanStatus.PROPOSED, PlanStatus.RETURNED, PlanStatus.ARCHIVED),
    PlanKind.BACKGROUND: (PlanStatus.CURRENT, PlanStatus.ARCHIVED),
}
#: The kind a document has when its file names only a status (files written before kinds).
KIND_FOR_STATUS = {
    PlanStatus.PROPOSED: PlanKind.PROPOSAL,
    PlanStatus.RETURNED: PlanKind.PROPOSAL,
    PlanStatus.ADOPTED: PlanKind.GOVERNING,
    PlanStatus.CURRENT: PlanKind.BACKGROUND,
    PlanStatus.ARCHIVED: PlanKind.GOVERNING,
}


class GroupKind(enum.StrEnum):
    """What a group of goals within a plan is: a focus area, or only a part of the document."""

    FOCUS_AREA = "focus_area"
    SECTION = "section"
    CHANGE_PRESSURE = "change_pressure"

    @property
    def label(self) -> str:
        return str(GROUP_KIND_LABELS[self])

    @property
    def contents_heading(self) -> str:
        return str(GROUP_CONTENTS_HEADINGS[self])


class GoalKind(enum.StrEnum):
    GOAL = "goal"
    ASSIGNMENT = "assignment"
    ASPECT = "aspect"

    @property
    def label(self) -> str:
        return str(GOAL_KIND_LABELS[self])


class DialogueLevel(enum.StrEnum):
    """Which level of a plan residents discuss and rate: its goals, its focus areas, or both."""

    GOALS = "goals"
    FOCUS_AREAS = "focus_areas"
    BOTH = "both"

    @property
    def label(self) -> str:
        return str(DIALOGUE_LEVEL_LABELS[self])

    @property
    def goals_open(self) -> bool:
        return self in (DialogueLevel.GOALS, DialogueLevel.BOTH)

    @property
    def focus_areas_open(self) -> bool:
        return self in (DialogueLevel.FOCUS_AREAS, DialogueLevel.BOTH)


class CommitteeKind(enum.StrEnum):
    """A nämnd, a styrelse (the executive board) or a municipal company (bolag)."""

    COMMITTEE = "committee"
    BOARD = "board"
    COMPANY = "company"

    @property
    def label(self) -> str:
        return str(COMMITTEE_KIND_LABELS[self])


PLAN_KIND_LABELS = {
    PlanKind.GOVERNING: _l("Governing document"),
    PlanKind.PROPOSAL: _l("Proposal"),
    PlanKind.BACKGROUND: _l("Background document"),
}
PLAN_STATUS_LABELS = {
    PlanStatus.PROPOSED: _l("Not yet decided"),
    PlanStatus.RETURNED: _l("Sent back for more work"),
    PlanStatus.ADOPTED: _l("Adopted"),
    PlanStatus.CURRENT: _l("In use for planning"),
    PlanStatus.ARCHIVED: _l("No longer current"),
}
PLAN_GROUP_HEADINGS = {
    PlanStatus.PROPOSED: _l("Proposals"),
    PlanStatus.RETURNED: _l("Proposals sent back for more work"),
    PlanStatus.ADOPTED: _l("Adopted plans"),
    PlanStatus.CURRENT: _l("Background for planning"),
    PlanStatus.ARCHIVED: _l("No longer current"),
}
GROUP_KIND_LABELS = {
    GroupKind.FOCUS_AREA: _l("Focus area"),
    GroupKind.SECTION: _l("Section"),
    GroupKind.CHANGE_PRESSURE: _l("Driver of change"),
}
GROUP_CONTENTS_HEADINGS = {
    GroupKind.FOCUS_AREA: _l("Goals in this focus area"),
    GroupKind.SECTION: _l("In this section"),
    GroupKind.CHANGE_PRESSURE: _l("Aspects of this driver of change"),
}
GOAL_KIND_LABELS = {
    GoalKind.GOAL: _l("Goal"),
    GoalKind.ASSIGNMENT: _l("Special assignment"),
    GoalKind.ASPECT: _l("Aspect"),
}
DIALOGUE_LEVEL_LABELS = {
    DialogueLevel.GOALS: _l("The goals"),
    DialogueLevel.FOCUS_AREAS: _l("The focus areas"),
    DialogueLevel.BOTH: _l("Both the focus areas and the goals"),
}
COMMITTEE_KIND_LABELS = {
    CommitteeKind.COMMITTEE: _l("Committee"),
    CommitteeKind.BOARD: _l("Executive board"),
    CommitteeKind.COMPANY: _l("Municipal company"),
}
