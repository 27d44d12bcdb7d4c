"""A municipality's goal or focus area by id, for officials' routes: 404 when there is none,
403 (and an audit entry) when it is another municipality's."""

from dialog.accounts.guards import refuse_elsewhere
from dialog.catalogue.models import FocusArea, Goal, Municipality
from dialog.extensions import db


def find_goal(municipality: Municipality, goal_id: int) -> Goal:
    """The goal; refused (403, logged) if it is another municipality's."""
    goal = db.get_or_404(Goal, goal_id)
    if goal.plan.municipality_id != municipality.id:
        refuse_elsewhere(municipality, "goals", goal.id)
    return goal


def find_area(municipality: Municipality, area_id: int) -> FocusArea:
    """The focus area; refused (403, logged) if it is another municipality's."""
    area = db.get_or_404(FocusArea, area_id)
    if area.plan.municipality_id != municipality.id:
        refuse_elsewhere(municipality, "focus_areas", area.id)
    return area
