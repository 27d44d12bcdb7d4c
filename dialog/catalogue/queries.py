"""Reads for the catalogue pages and the API; each loads what its page shows, at once."""

from flask import abort
from sqlalchemy import and_, func, literal_column, or_, select
from sqlalchemy.orm import joinedload, selectinload

from dialog.catalogue.models import Committee, FocusArea, Goal, Municipality, Plan, PlanStatus
from dialog.extensions import db

STATUS_ORDER = [PlanStatus.PROPOSED, PlanStatus.ADOPTED, PlanStatus.ARCHIVED]


def list_municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


def municipality_or_404(slug: str, with_listing: bool = False) -> Municipality:
    """The municipality; `with_listing` also loads its plans and committees for its own page."""
    stmt = select(Municipality).filter_by(slug=slug)
    if with_listing:
        stmt = stmt.options(selectinload(Municipality.plans), selectinload(Municipality.committees))
    return db.session.scalar(stmt) or abort(404)


def plans_by_status(municipality: Municipality) -> list[tuple[PlanStatus, list[Plan]]]:
    """Plans grouped as residents look for them: proposals first, then what is in force."""
    groups = [(s, [p for p in municipality.plans if p.status == s]) for s in STATUS_ORDER]
    return [(status, plans) for status, plans in groups if plans]


def plan_or_404(municipality: Municipality, slug: str) -> Plan:
    found = db.session.scalar(
        select(Plan)
        .filter_by(municipality_id=municipality.id, slug=slug)
        .options(
            selectinload(Plan.focus_areas).selectinload(FocusArea.goals),
            selectinload(Plan.goals).selectinload(Goal.committees),
        )
    )
    return found or abort(404)


def focus_area_or_404(area_id: int) -> FocusArea:
    found = db.session.scalar(
        select(FocusArea)
        .filter_by(id=area_id)
        .options(
            selectinload(FocusArea.plan).selectinload(Plan.municipality),
            selectinload(FocusArea.goals),
        )
    )
    return found or abort(404)


def goal_or_404(goal_id: int) -> Goal:
    found = db.session.scalar(
        select(Goal)
        .filter_by(id=goal_id)
        .options(
            # One row for everything there is one of; the committees in a second query.
            joinedload(Goal.plan).joinedload(Plan.municipality),
            joinedload(Goal.plan).joinedload(Plan.window),
            joinedload(Goal.window),
            joinedload(Goal.focus_area),
            selectinload(Goal.committees),
        )
    )
    return found or abort(404)


def committee_or_404(municipality: Municipality, slug: str) -> Committee:
    found = db.session.scalar(
        select(Committee)
        .filter_by(municipality_id=municipality.id, slug=slug)
        .options(selectinload(Committee.goals).selectinload(Goal.plan))
    )
    return found or abort(404)


def search_goals(query: str, page: int, per_page: int = 20):
    """Goals whose title or text match; PostgreSQL's Swedish full-text search where we have it."""
    stmt = (
        select(Goal)
        .where(Goal.is_archived.is_(False))
        .options(selectinload(Goal.plan).selectinload(Plan.municipality))
    )
    if db.engine.dialect.name == "postgresql":
        stmt = _postgresql_search(stmt, query)
    else:
        stmt = _portable_search(stmt, query)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False, count=True)


def _postgresql_search(stmt, query: str):
    swedish = literal_column("'swedish'::regconfig")
    document = func.coalesce(Goal.title, "") + " " + func.coalesce(Goal.description, "")
    vector = func.to_tsvector(swedish, document)
    tsquery = func.websearch_to_tsquery(swedish, query)
    return stmt.where(vector.op("@@")(tsquery)).order_by(
        func.ts_rank(vector, tsquery).desc(), Goal.id
    )


def _portable_search(stmt, query: str):
    """Every word must occur in the title or text, compared with Unicode case folding."""
    conditions = []
    for word in query.split():
        pattern = "%" + _escape_like(word.casefold()) + "%"
        conditions.append(
            or_(
                func.casefold(Goal.title).like(pattern, escape="\\"),
                func.casefold(func.coalesce(Goal.description, "")).like(pattern, escape="\\"),
            )
        )
    return stmt.where(and_(*conditions)).order_by(Goal.plan_id, Goal.position, Goal.id)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
