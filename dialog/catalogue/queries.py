"""Reads for the catalogue pages and the API; each loads what its page shows, at once."""

from functools import cache

from flask import abort
from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import joinedload, load_only, selectinload

from dialog.catalogue.models import (
    Committee,
    DialogueWindow,
    FocusArea,
    Goal,
    Municipality,
    Plan,
    PlanStatus,
)
from dialog.catalogue.site import remember
from dialog.extensions import db

#: What a dialogue window's rules read (when it opens and closes), without its texts.
WINDOW_RULES = (
    DialogueWindow.id,
    DialogueWindow.plan_id,
    DialogueWindow.goal_id,
    DialogueWindow.opens_on,
    DialogueWindow.closes_on,
)
STATUS_ORDER = [
    PlanStatus.PROPOSED,
    PlanStatus.ADOPTED,
    PlanStatus.CURRENT,
    PlanStatus.RETURNED,
    PlanStatus.ARCHIVED,
]


def list_municipalities() -> list[Municipality]:
    """The municipalities residents see, in the order platform administrators set."""
    stmt = select(Municipality).filter_by(is_archived=False)
    return list(db.session.scalars(stmt.order_by(Municipality.position, Municipality.name)))


def municipality_or_404(slug: str, with_listing: bool = False) -> Municipality:
    """The municipality; `with_listing` also loads its plans and committees for its own page."""
    stmt = select(Municipality).filter_by(slug=slug, is_archived=False)
    if with_listing:
        stmt = stmt.options(
            selectinload(Municipality.plans).selectinload(Plan.window),
            selectinload(Municipality.committees),
        )
    return remember(db.session.scalar(stmt) or abort(404))


def plans_by_status(municipality: Municipality) -> list[tuple[PlanStatus, list[Plan]]]:
    """Plans grouped as residents look for them: proposals first, then what is in force."""
    groups = [(s, [p for p in municipality.plans if p.status == s]) for s in STATUS_ORDER]
    return [(status, plans) for status, plans in groups if plans]


def plan_or_404(municipality: Municipality, slug: str) -> Plan:
    found = db.session.scalar(
        select(Plan)
        .filter_by(municipality_id=municipality.id, slug=slug)
        .options(
            joinedload(Plan.window),
            selectinload(Plan.focus_areas).selectinload(FocusArea.goals),
            selectinload(Plan.goals).selectinload(Goal.committees),
            selectinload(Plan.goals).selectinload(Goal.window),
        )
    )
    return found or abort(404)


def focus_area_or_404(area_id: int) -> FocusArea:
    found = db.session.scalar(
        select(FocusArea)
        .filter_by(id=area_id)
        .options(
            selectinload(FocusArea.plan).selectinload(Plan.municipality),
            selectinload(FocusArea.plan).selectinload(Plan.window),
            selectinload(FocusArea.goals).selectinload(Goal.window),
        )
    )
    if found is None:
        abort(404)
    remember(found.plan.municipality)
    return found


@cache
def goal_statement(with_committees: bool) -> Select[Goal]:
    """Built once per process (parameter goal_id): every goal page and form asks."""
    statement = (
        select(Goal)
        .where(Goal.id == bindparam("goal_id", type_=Integer))
        .options(
            # One row for everything there is one of (and a row per committee).
            joinedload(Goal.plan).joinedload(Plan.municipality),
            joinedload(Goal.plan).joinedload(Plan.window),
            joinedload(Goal.window),
            joinedload(Goal.focus_area),
        )
    )
    if with_committees:
        return statement.options(joinedload(Goal.committees))
    # A form's POST asks the rules (windows, status, the municipality's limits), not the page's
    # texts: fewer columns to send and read back (any other is loaded when asked for).
    plan = joinedload(Goal.plan)
    return statement.options(
        load_only(Goal.id, Goal.plan_id, Goal.focus_area_id, Goal.kind, Goal.is_archived),
        plan.load_only(Plan.id, Plan.municipality_id, Plan.status, Plan.dialogue_level),
        plan.joinedload(Plan.municipality).load_only(
            Municipality.id, Municipality.slug, Municipality.comment_max_length
        ),
        plan.joinedload(Plan.window).load_only(*WINDOW_RULES),
        joinedload(Goal.window).load_only(*WINDOW_RULES),
        joinedload(Goal.focus_area).load_only(
            FocusArea.id, FocusArea.plan_id, FocusArea.kind, FocusArea.is_archived
        ),
    )


def goal_or_404(goal_id: int, with_committees: bool = True) -> Goal:
    """The goal with its plan, municipality and windows; `with_committees=False` for a form's
    POST, which does not show them (the page shown again for a mistake loads them lazily)."""
    found = (
        db.session.scalars(goal_statement(with_committees), {"goal_id": goal_id}).unique().first()
    )
    if found is None:
        abort(404)
    remember(found.plan.municipality)
    return found


def committee_or_404(municipality: Municipality, slug: str) -> Committee:
    found = db.session.scalar(
        select(Committee)
        .filter_by(municipality_id=municipality.id, slug=slug, is_archived=False)
        .options(selectinload(Committee.goals).selectinload(Goal.plan))
    )
    return found or abort(404)
