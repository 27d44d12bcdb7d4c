"""Summary pages for officials with any role in the municipality: figures, charts, tables.

One page per scope (municipality, plan, focus area, goal), filtered by period, district and
age band from the query string; a filter with mistakes re-renders with the messages (400).
"""

from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select

from dialog.accounts.guards import role_required
from dialog.accounts.roles import Role
from dialog.catalogue.lookup import find_area, find_goal
from dialog.catalogue.models import District, Municipality, Plan
from dialog.catalogue.phases import today
from dialog.core.permissions import may
from dialog.core.templating import translated
from dialog.extensions import db
from dialog.insights import permissions as _rules  # noqa: F401  (registers the rules)
from dialog.insights import queries
from dialog.insights.forms import DisplayNamesForm, SummaryFilterForm
from dialog.insights.groups.presentation import groups_context
from dialog.insights.period import dialogue_start, period_text
from dialog.insights.presentation import (
    charts_for,
    decimal,
    method_text,
    percent,
    quote_lists,
    status_row,
)
from dialog.insights.summary import summarise
from dialog.themes.queries import overview as theme_overview

bp = Blueprint("summaries", __name__, url_prefix="/hantera")

ANY_ROLE = (Role.ADMIN, Role.MODERATOR, Role.COMMUNICATOR)


def start_links(actor: Any, municipality: Municipality) -> list[tuple[str, str]]:
    """The officials' start page links to the municipality's summary."""
    if may(actor, "summaries.view", municipality) is not None:
        return []
    return [
        (
            url_for("summaries.municipality_summary", slug=municipality.slug),
            _("Summaries of the dialogue"),
        )
    ]


def filter_form(municipality: Municipality) -> SummaryFilterForm:
    districts = db.session.scalars(
        select(District)
        .where(District.municipality_id == municipality.id, District.is_archived.is_(False))
        .order_by(District.position, District.name)
    )
    return SummaryFilterForm(request.args, list(districts))


def plan_of(municipality: Municipality, plan_slug: str) -> Plan:
    found = db.session.scalar(
        select(Plan).filter_by(municipality_id=municipality.id, slug=plan_slug)
    )
    return found or abort(404)


def heading(name: str | Markup) -> Markup:
    """'Summary for …' with the name kept as given: `translated` marks a Swedish title with
    lang="sv" on English pages (WCAG 3.1.2); the <title> takes the same text without tags."""
    return Markup(escape(_("Summary for %(name)s"))) % {"name": name}  # noqa: S704 (escaped)


def _render(
    municipality: Municipality,
    title: Markup,
    scope: queries.Scope,
    *,
    with_matrix: bool = False,
    **context: Any,
) -> tuple[str, int]:
    form = filter_form(municipality)
    valid = form.validate()
    text = title.striptags()
    summary = summarise(text, scope, form.selection(), with_matrix) if valid else None
    target = context.get("goal") or context.get("area") or context.get("plan")
    period = None
    if valid:
        period = period_text(form.selection(), today(), dialogue_start(scope, target))
    return render_template(
        "insights/summary.html",
        municipality=municipality,
        title=text,
        heading=title,
        form=form,
        summary=summary,
        period=period,
        charts=charts_for(summary) if summary else None,
        decimal=decimal,
        percent=percent,
        quote_lists=quote_lists,
        status_row=status_row,
        method_text=method_text,
        filter_args=form.as_args() if valid else {},
        display_form=DisplayNamesForm(show=municipality.export_display_names),
        **context,
    ), (200 if valid else 400)


@bp.get("/<slug>/sammanfattning")
@role_required(*ANY_ROLE)
def municipality_summary(municipality: Municipality) -> ResponseReturnValue:
    """Everything residents said in the municipality, with links to each plan's summary."""
    plans = db.session.scalars(
        select(Plan).where(Plan.municipality_id == municipality.id).order_by(Plan.id)
    )
    return _render(
        municipality,
        heading(municipality.name),
        queries.of_municipality(municipality.id),
        plans=list(plans),
    )


@bp.get("/<slug>/sammanfattning/plan/<plan_slug>")
@role_required(*ANY_ROLE)
def plan_summary(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """A plan's summary with its importance–performance matrix."""
    plan = plan_of(municipality, plan_slug)
    return _render(
        municipality,
        heading(translated(plan, "title")),
        queries.of_plan(plan.id),
        with_matrix=True,
        plan=plan,
        theme_overview=theme_overview(plan_id=plan.id),
        themes_url=url_for("themes.plan_themes", slug=municipality.slug, plan_slug=plan.slug),
        areas=list(plan.focus_areas),
        goals=[goal for goal in plan.goals if goal.focus_area_id is None],
        **groups_context(plan.id),
    )


@bp.get("/<slug>/sammanfattning/omrade/<int:area_id>")
@role_required(*ANY_ROLE)
def focus_area_summary(municipality: Municipality, area_id: int) -> ResponseReturnValue:
    """A focus area's summary and its matrix."""
    area = find_area(municipality, area_id)
    return _render(
        municipality,
        heading(translated(area, "title")),
        queries.of_area(area.id),
        with_matrix=True,
        plan=area.plan,
        area=area,
    )


@bp.get("/<slug>/sammanfattning/mal/<int:goal_id>")
@role_required(*ANY_ROLE)
def goal_summary(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """One goal's summary."""
    goal = find_goal(municipality, goal_id)
    return _render(
        municipality,
        heading(translated(goal, "title")),
        queries.of_goal(goal.id),
        plan=goal.plan,
        goal=goal,
        theme_overview=theme_overview(goal_id=goal.id),
        themes_url=url_for("themes.goal_themes", slug=municipality.slug, goal_id=goal.id),
    )
