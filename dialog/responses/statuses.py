"""The municipality's list of goal statuses: rename, retire and add (administrators)."""

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from dialog.accounts.guards import role_required
from dialog.accounts.roles import Role
from dialog.catalogue.models import Municipality
from dialog.core.permissions import NotAllowed
from dialog.extensions import db
from dialog.responses import queries, services
from dialog.responses.forms import AddOptionForm, EditOptionForm
from dialog.responses.manage import bp, refuse_elsewhere
from dialog.responses.models import StatusOption


def render_statuses(
    municipality: Municipality,
    add_form: AddOptionForm | None = None,
    failed: tuple[int, EditOptionForm] | None = None,
) -> str:
    """Every status with a form each; a form sent with errors is shown as sent."""
    services.ensure_default_options(municipality.id)
    db.session.commit()
    options = queries.options_of(municipality.id, include_archived=True)
    forms = {
        option.id: EditOptionForm(
            prefix=f"o{option.id}", label=option.label, is_archived=option.is_archived
        )
        for option in options
    }
    if failed:
        forms[failed[0]] = failed[1]
    return render_template(
        "responses/statuses.html",
        municipality=municipality,
        options=options,
        forms=forms,
        add_form=add_form or AddOptionForm(prefix="add"),
    )


@bp.get("/<slug>/statusar")
@role_required(Role.ADMIN)
def statuses(municipality: Municipality) -> ResponseReturnValue:
    """The statuses officials can give a goal in this municipality."""
    return render_statuses(municipality)


@bp.post("/<slug>/statusar")
@role_required(Role.ADMIN)
def add_status(municipality: Municipality) -> ResponseReturnValue:
    """Add a status of the municipality's own."""
    form = AddOptionForm(prefix="add")
    if form.validate_on_submit():
        services.add_option(municipality, current_user, form.label.data or "")
        db.session.commit()
        flash(_("The status is added."), "success")
        return redirect(url_for("responses.statuses", slug=municipality.slug))
    return render_statuses(municipality, add_form=form)


@bp.post("/<slug>/statusar/<int:option_id>")
@role_required(Role.ADMIN)
def edit_status(municipality: Municipality, option_id: int) -> ResponseReturnValue:
    """Rename a status, or stop offering it (goals that have it keep it)."""
    option = db.session.get(StatusOption, option_id)
    if option is None:
        abort(404)
    if option.municipality_id != municipality.id:
        refuse_elsewhere(municipality, "goal_status_options", option.id)
    form = EditOptionForm(prefix=f"o{option.id}")
    if form.validate_on_submit():
        try:
            changed = services.edit_option(
                option, current_user, form.label.data, form.is_archived.data
            )
        except NotAllowed as refused:
            form.label.errors = [refused.first.reason]
        else:
            db.session.commit()
            flash(_("The status is saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for("responses.statuses", slug=municipality.slug))
    return render_statuses(municipality, failed=(option.id, form))
