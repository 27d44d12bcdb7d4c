"""Downloads for communicators and administrators; each is recorded in the audit log first."""

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
from flask_babel import gettext as _
from flask_login import current_user

from dialog.accounts.guards import role_required
from dialog.accounts.roles import Role
from dialog.exports import services
from dialog.extensions import db
from dialog.insights.forms import DisplayNamesForm
from dialog.insights.manage import filter_form, plan_of

bp = Blueprint("exports", __name__, url_prefix="/hantera")


def download(export: services.Export) -> Response:
    return Response(
        stream_with_context(export.chunks),
        mimetype=export.mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{export.filename}"',
            "Cache-Control": "no-store",
        },
    )


def _plan_export(municipality, plan_slug: str, kind: str):
    plan = plan_of(municipality, plan_slug)
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
        )
    except services.ExportError:
        abort(400)
    db.session.commit()
    return download(export)


@bp.get("/<slug>/export/plan/<plan_slug>/kommentarer")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def comments(municipality, plan_slug: str):
    """The plan's published comments and replies as CSV, XLSX or JSON."""
    return _plan_export(municipality, plan_slug, "comments")


@bp.get("/<slug>/export/plan/<plan_slug>/betyg")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def ratings(municipality, plan_slug: str):
    """The distribution of both rating questions per goal of the plan."""
    return _plan_export(municipality, plan_slug, "ratings")


@bp.post("/<slug>/export/visningsnamn")
@role_required(Role.ADMIN)
def display_names(municipality):
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
