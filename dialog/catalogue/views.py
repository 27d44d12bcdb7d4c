"""Public pages: municipalities, plans, focus areas, goals, committees and search."""

from flask import Blueprint, abort, current_app, render_template, request

from dialog.catalogue import queries
from dialog.core.text import parse_page

bp = Blueprint("catalogue", __name__)


@bp.get("/")
def index():
    """Start page: every municipality, and a search box."""
    return render_template("catalogue/index.html", municipalities=queries.list_municipalities())


@bp.get("/kommun/<slug>")
def municipality(slug: str):
    """A municipality's vision and its plans, grouped by status."""
    found = queries.municipality_or_404(slug, with_listing=True)
    groups = queries.plans_by_status(found)
    return render_template("catalogue/municipality.html", municipality=found, groups=groups)


@bp.get("/kommun/<slug>/plan/<plan_slug>")
def plan(slug: str, plan_slug: str):
    """A plan with its focus areas and their goals, and the goals outside any focus area."""
    found = queries.plan_or_404(queries.municipality_or_404(slug), plan_slug)
    return render_template("catalogue/plan.html", plan=found, municipality=found.municipality)


@bp.get("/fokusomrade/<int:area_id>")
def focus_area(area_id: int):
    """One focus area with its description and goals."""
    area = queries.focus_area_or_404(area_id)
    return render_template("catalogue/focus_area.html", area=area, plan=area.plan)


@bp.get("/kommun/<slug>/namnd/<committee_slug>")
def committee(slug: str, committee_slug: str):
    """A committee and the assignments and goals it is responsible for."""
    found = queries.committee_or_404(queries.municipality_or_404(slug), committee_slug)
    return render_template("catalogue/committee.html", committee=found)


@bp.get("/sok")
def search():
    """Search the title and text of every goal."""
    query = request.args.get("q", "").strip()
    page = request.args.get("page", "1")
    number = parse_page(page, 10_000)
    if number is None:
        abort(400)
    if len(query) > current_app.config["SEARCH_MAX_LENGTH"]:
        abort(400)
    results = queries.search_goals(query, number) if query else None
    return render_template("catalogue/search.html", query=query, results=results)


@bp.get("/tillganglighet")
def accessibility():
    """The accessibility statement (tillgänglighetsredogörelse) that Swedish law requires."""
    return render_template("catalogue/accessibility.html")
