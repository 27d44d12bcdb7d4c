"""Downloads for communicators and administrators; each is recorded in the audit log first."""

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from dialog.accounts.guards import role_required
from dialog.accounts.roles import Role
from dialog.catalogue.lookup import find_area, find_goal
from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan
from dialog.exports import disclosure as disclosures
from dialog.exports import report, services
from dialog.extensions import db
from dialog.insights import queries
from dialog.insights.forms import DisplayNamesForm
from dialog.insights.manage import filter_form, plan_of

bp = Blueprint("exports", __name__, url_prefix="/hantera")


def download(export: services.Export) -> Response:
    return Response(
        stream_with_context(export.chunks),
        content_type=export.mimetype,  # as given: `mimetype=` adds a second charset to text/csv
        headers={
            "Content-Disposition": f'attachment; filename="{export.filename}"',
            "Cache-Control": "no-store",
        },
    )


def _export(
    municipality: Municipality,
    plan: Plan,
    kind: str,
    subject: Goal | FocusArea | None = None,
) -> ResponseReturnValue:
    form = filter_form(municipality)
    if not form.validate():
        abort(400)
    delimiter = ";" if request.args.get("separator") == "semicolon" else ","
    try:
        export = services.export_plan(
            kind,
            plan,
            form.selection(),
            request.args.get("format", "csv"),
            actor=current_user,
            delimiter=delimiter,
            subject=subject,
        )
    except services.ExportError:
        abort(400)
    db.session.commit()
    return download(export)


@bp.get("/<slug>/export/plan/<plan_slug>/kommentarer")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def comments(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """The plan's published comments and replies as CSV, XLSX or JSON."""
    return _export(municipality, plan_of(municipality, plan_slug), "comments")


@bp.get("/<slug>/export/plan/<plan_slug>/betyg")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def ratings(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """The distribution of both rating questions per goal of the plan."""
    return _export(municipality, plan_of(municipality, plan_slug), "ratings")


@bp.get("/<slug>/export/mal/<int:goal_id>/kommentarer")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def goal_comments(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """One goal's published comments and replies, as the plan's."""
    goal = find_goal(municipality, goal_id)
    return _export(municipality, goal.plan, "comments", goal)


@bp.get("/<slug>/export/mal/<int:goal_id>/betyg")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def goal_ratings(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """The distribution of both rating questions of one goal."""
    goal = find_goal(municipality, goal_id)
    return _export(municipality, goal.plan, "ratings", goal)


@bp.get("/<slug>/export/omrade/<int:area_id>/kommentarer")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def focus_area_comments(municipality: Municipality, area_id: int) -> ResponseReturnValue:
    """A focus area's published comments and replies and its goals', as the plan's."""
    area = find_area(municipality, area_id)
    return _export(municipality, area.plan, "comments", area)


@bp.get("/<slug>/export/omrade/<int:area_id>/betyg")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def focus_area_ratings(municipality: Municipality, area_id: int) -> ResponseReturnValue:
    """The distribution of both rating questions of a focus area (where rated) and its goals."""
    area = find_area(municipality, area_id)
    return _export(municipality, area.plan, "ratings", area)


@bp.post("/<slug>/export/visningsnamn")
@role_required(Role.ADMIN)
def display_names(municipality: Municipality) -> ResponseReturnValue:
    """Turn display names in exports on or off (pseudonymous ids otherwise)."""
    form = DisplayNamesForm()
    if form.validate_on_submit():
        services.set_display_names(municipality, form.show.data, current_user)
        db.session.commit()
        flash(
            _("Exports now show display names.")
            if form.show.data
            else _("Exports now show pseudonymous ids."),
            "success",
        )
    return redirect(url_for("summaries.municipality_summary", slug=municipality.slug))


def _report(
    municipality: Municipality, title: str, scope: queries.Scope, *, with_matrix: bool, target: Any
) -> ResponseReturnValue:
    form = filter_form(municipality)
    fmt, lang = request.args.get("format", "pdf"), request.args.get("lang", "sv")
    if not form.validate() or fmt not in report.FORMATS or lang not in report.LANGUAGES:
        abort(400)
    data = report.build(
        fmt,
        municipality,
        title,
        scope,
        form.selection(),
        lang,
        with_matrix=with_matrix,
        actor=current_user,
        target=target,
    )
    db.session.commit()
    name = services.report_filename(target, fmt, lang)
    return Response(
        data,
        mimetype=report.FORMATS[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/<slug>/rapport/plan/<plan_slug>")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def plan_report(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """The plan's dialogue summary report as PDF or DOCX, in Swedish or English."""
    plan = plan_of(municipality, plan_slug)
    scope = queries.of_plan(plan.id)
    return _report(municipality, plan.title, scope, with_matrix=True, target=plan)


@bp.get("/<slug>/rapport/omrade/<int:area_id>")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def focus_area_report(municipality: Municipality, area_id: int) -> ResponseReturnValue:
    """A focus area's report."""
    area = find_area(municipality, area_id)
    scope = queries.of_area(area.id)
    return _report(municipality, area.title, scope, with_matrix=True, target=area)


@bp.get("/<slug>/rapport/mal/<int:goal_id>")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def goal_report(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """One goal's report."""
    goal = find_goal(municipality, goal_id)
    scope = queries.of_goal(goal.id)
    return _report(municipality, goal.title, scope, with_matrix=False, target=goal)


@bp.get("/<slug>/export/plan/<plan_slug>/utlamnande")
@role_required(Role.ADMIN)
def disclosure(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """Every record of the plan's dialogue, hidden and rejected too, with moderation history."""
    plan = plan_of(municipality, plan_slug)
    form = filter_form(municipality)
    fmt = request.args.get("format", "xlsx")
    if not form.validate() or fmt not in disclosures.FORMATS:
        abort(400)
    name, mimetype, chunks = disclosures.disclose(plan, form.selection(), fmt, current_user)
    db.session.commit()
    return download(services.Export(name, mimetype, chunks))
