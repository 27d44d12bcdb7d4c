"""Public pages: municipalities, plans, focus areas, goals, committees, search, site pages."""

import re
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog.catalogue import activity, listing, queries, site
from dialog.catalogue.models import FocusArea, Goal, Municipality
from dialog.catalogue.phases import plan_phase, today
from dialog.catalogue.search import search as run_search
from dialog.catalogue.search.query import make_query
from dialog.catalogue.search.sources import sources
from dialog.catalogue.sections import focus_area_sections, goal_sections, plan_sections
from dialog.core import frames
from dialog.core.cache import cached_page, current_version
from dialog.core.reading import reads_only
from dialog.core.text import parse_page
from dialog.extensions import db

bp = Blueprint("catalogue", __name__)
COLOUR = re.compile(r"#[0-9a-f]{6}")


@bp.app_context_processor
def _site() -> dict[str, Any]:
    """The municipality whose site this page is part of (name, logo, colour, contacts)."""
    return {"site": site.current(), "site_contacts": site.contacts}


# Account mail (templates/mail/_account.txt) asks it for itself, so that no sender has to.
bp.add_app_template_global(site.hosts_several, "hosts_several_municipalities")


@bp.get("/")
@cached_page
def index() -> ResponseReturnValue:
    """Start page: every municipality, or the home municipality's own page."""
    home = site.home()
    if home is not None:
        return municipality(home.slug, is_home=True)
    day = today()
    dialogues = listing.open_dialogues(day)
    sort = "discussed" if request.args.get("sort") == "discussed" else "closing"
    return render_template(
        "catalogue/index.html",
        municipalities=queries.list_municipalities(),
        dialogues=listing.apply(dialogues, listing.Choices(sort=sort)),
        closing_soon=listing.closing_soon(dialogues, day),
        soon_days=listing.SOON_DAYS,
        sort=sort,
    )


@bp.get("/kommun/<slug>")
@cached_page
def municipality(slug: str, is_home: bool = False) -> ResponseReturnValue:
    """A municipality's vision and its plans with their dialogue phase, filtered and sorted."""
    found = queries.municipality_or_404(slug, with_listing=True)
    choices = listing.read_choices(request.args, goals=False)
    items = listing.plan_items(found.plans, today())
    by_plan = {item.subject.id: item for item in items}
    groups = [(s, [by_plan[p.id] for p in plans]) for s, plans in queries.plans_by_status(found)]
    return render_template(
        "catalogue/municipality.html",
        municipality=found,
        groups=groups,
        is_home=is_home,
        choices=choices,
        chosen=listing.apply(items, choices) if choices.active else None,
        open_items=[i for i in items if i.phase == "open"],
    )


@bp.get("/kommun/<slug>/stil.css")
def stylesheet(slug: str) -> ResponseReturnValue:
    """The municipality's brand colour as CSS (the CSP allows no inline styles)."""
    found = db.session.execute(
        select(Municipality.name, Municipality.brand_colour).filter_by(slug=slug)
    ).first()
    if found is None or not COLOUR.fullmatch(found.brand_colour or ""):
        abort(404)
    body = render_template("catalogue/brand.css", name=found.name, colour=found.brand_colour)
    response = Response(body, mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 24 * 3600
    return response


@bp.get("/kommun/<slug>/plan/<plan_slug>")
@cached_page
def plan(slug: str, plan_slug: str) -> ResponseReturnValue:
    """A plan with its focus areas and their goals, and the goals outside any focus area."""
    found = queries.plan_or_404(queries.municipality_or_404(slug), plan_slug)
    day = today()
    choices = listing.read_choices(request.args)
    items = listing.goal_items(found.goals, day)
    plan_activity = listing.plan_items([found], day)[0].activity
    return render_template(
        "catalogue/plan.html",
        plan=found,
        municipality=found.municipality,
        phase=plan_phase(found, day),
        plan_activity=plan_activity,
        items={item.subject.id: item for item in items},
        choices=choices,
        chosen=listing.filter_goals(items, choices) if choices.active else None,
        committees=sorted(
            {c for g in found.goals for c in g.committees}, key=lambda c: (c.position, c.name)
        ),
        sections=plan_sections(found),
    )


@bp.get("/fokusomrade/<int:area_id>")
@cached_page
def focus_area(area_id: int) -> ResponseReturnValue:
    """One focus area (or section) with its description, goals, and what other areas add
    below it (the dialogue, where the plan opens its focus areas)."""
    return render_focus_area(queries.focus_area_or_404(area_id))


def render_focus_area(area: FocusArea, status: int = 200, **state: Any) -> tuple[str, int]:
    """The focus area page; `state` goes unread to the registered sections."""
    day = today()
    items = listing.goal_items(area.goals, day)
    return render_template(
        "catalogue/focus_area.html",
        area=area,
        plan=area.plan,
        phase=plan_phase(area.plan, day),
        items={item.subject.id: item for item in items},
        sections=focus_area_sections(area, state),
    ), status


@bp.get("/mal/<int:goal_id>")
@reads_only
@cached_page
def goal(goal_id: int) -> ResponseReturnValue:
    """One goal, assignment or aspect, with what other areas add below it (the dialogue)."""
    if not (frames.keeping() and frames.keepable()):
        return render_goal(queries.goal_or_404(goal_id))
    # The goal, its plan, municipality, windows and committees as of the content version:
    # loaded once per version and process, then copied into this request's session.
    kept = frames.kept((current_version().token, "goal", goal_id), lambda _m: _detached(goal_id))
    found = db.session.merge(kept, load=False)
    site.remember(found.plan.municipality)
    return render_goal(found)


def _detached(goal_id: int) -> Goal:
    """The goal as `goal_or_404` loads it, in a session of its own, then let go of."""
    with Session(db.engine) as own:
        found = own.scalars(queries.goal_statement(True), {"goal_id": goal_id}).unique().first()
        if found is None:
            abort(404)
        own.expunge_all()
    return found


def render_goal(goal: Goal, status: int = 200, **state: Any) -> tuple[str | bytes, int]:
    """The goal page; `state` goes unread to the registered sections (e.g. a form's errors).
    A plain view fills the page kept for its kind of reader (dialog/core/frames.py) with the
    sections, made for this reader, and the CSRF token."""
    sections = goal_sections(goal, state)

    def render(shown: list[Markup]) -> str:
        return render_template(
            "catalogue/goal.html",
            goal=goal,
            plan=goal.plan,
            sections=shown,
            activity=activity.for_goals([goal.id]).get(goal.id, activity.NONE),
        )

    if status != 200 or state or not frames.keepable():
        return render(sections), status

    parts = (*frames.page_parts(), "goal", goal.id, *frames.header_kind(), bool(sections))
    page = frames.frame(parts, lambda marks: render([marks("sections")] if sections else []))
    # The template puts each section between line breaks; the frame has one mark for them all.
    # The body goes out as the bytes joined while filling (not encoded again by Flask).
    return page.fill({"sections": frames.join(Markup("\n\n"), sections)}).encoded, status


@bp.get("/kommun/<slug>/namnd/<committee_slug>")
@cached_page
def committee(slug: str, committee_slug: str) -> ResponseReturnValue:
    """A committee, board or company and the assignments and goals it is responsible for."""
    found = queries.committee_or_404(queries.municipality_or_404(slug), committee_slug)
    return render_template("catalogue/committee.html", committee=found)


def _page(name: str) -> int:
    number = parse_page(request.args.get(name, "1"), 10_000)
    if number is None:
        abort(400)
    return number


@bp.get("/sok")
@cached_page
def search() -> ResponseReturnValue:
    """Search plans, focus areas, goals and comments; the chosen municipality first."""
    text = request.args.get("q", "").strip()
    if len(text) > current_app.config["SEARCH_MAX_LENGTH"]:
        abort(400)
    municipalities = queries.list_municipalities()
    chosen = next((m for m in municipalities if m.slug == request.args.get("kommun")), None)
    chosen = site.remember(chosen) if chosen else site.current()
    only = request.args.get("bara") == "1" and chosen is not None
    pages = {name: _page(f"{name}_page") for name in sources()} | {"": _page("page")}
    results = None
    if text:
        query = make_query(text, chosen.id if chosen else None, only)
        results = run_search(query, pages)
    return render_template(
        "catalogue/search.html",
        query=text,
        results=results,
        municipalities=municipalities,
        chosen=chosen,
        only=only,
    )


@bp.get("/tillganglighet")
@cached_page
def accessibility() -> ResponseReturnValue:
    """The accessibility statement (tillgänglighetsredogörelse) that Swedish law requires."""
    return render_template("catalogue/accessibility.html")


@bp.get("/kakor")
@cached_page
def cookies() -> ResponseReturnValue:
    """The cookies this site sets: only those it needs to work, so no consent is asked."""
    return render_template("catalogue/cookies.html")
