"""Officials' pages for a municipality's settings and committees, and for adding a
municipality (platform administrators); dialogue windows are in `window_views.py`."""

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from dialog.accounts.guards import platform_admin_required, role_required
from dialog.accounts.roles import Role
from dialog.catalogue.admin import archiving, logos, services
from dialog.catalogue.admin.forms import (
    ActionForm,
    CommitteeForm,
    MunicipalityForm,
    SettingsForm,
)
from dialog.catalogue.admin.views import (
    HERE,
    _change_archive,
    _move,
    back_to,
    bp,
    committee_or_404,
    save_or_show,
)
from dialog.catalogue.models import Committee, Municipality
from dialog.extensions import db


@bp.route("/innehall/kommuner/ny", methods=["GET", "POST"])
@platform_admin_required
def new_municipality() -> ResponseReturnValue:
    """Add a municipality; its settings, officials and plans come next."""
    form = MunicipalityForm()
    if form.validate_on_submit():
        created = save_or_show(
            form,
            lambda: services.create_municipality(form.entry(), current_user),
            _("%(name)s is added.", name=form.name.data),
        )
        if created is not None:
            return redirect(url_for("catalogue_admin.settings", slug=created.slug))
    return render_template("catalogue/admin/municipality_form.html", form=form)


@bp.get("/innehall/kommuner")
@platform_admin_required
def municipalities() -> ResponseReturnValue:
    """Every municipality, archived ones too, in the order residents see them."""
    order = (Municipality.position, Municipality.name)
    found = list(db.session.scalars(select(Municipality).order_by(*order)))
    return render_template(
        "catalogue/admin/municipalities.html", municipalities=found, form=ActionForm()
    )


def _municipality_or_404(slug: str) -> Municipality:
    return db.first_or_404(select(Municipality).filter_by(slug=slug))


@bp.post("/innehall/kommuner/<slug>/flytta")
@platform_admin_required
def move_municipality(slug: str) -> ResponseReturnValue:
    """Move a municipality up or down in the list residents see."""
    found = _municipality_or_404(slug)
    step = {"upp": -1, "ned": 1}.get(request.form.get("riktning", ""))
    if ActionForm().validate_on_submit() and step is not None:
        if archiving.move(found, found, step, current_user):
            db.session.commit()
    return redirect(url_for("catalogue_admin.municipalities"))


@bp.post("/innehall/kommuner/<slug>/arkivera")
@platform_admin_required
def archive_municipality(slug: str) -> ResponseReturnValue:
    """Hide a municipality from residents: its pages, the lists and search."""
    found = _municipality_or_404(slug)
    return _change_archive(
        found, found, archiving.archive, url_for("catalogue_admin.municipalities")
    )


@bp.post("/innehall/kommuner/<slug>/aterstall")
@platform_admin_required
def restore_municipality(slug: str) -> ResponseReturnValue:
    """Show an archived municipality to residents again."""
    found = _municipality_or_404(slug)
    _change_archive(found, found, archiving.restore)
    return redirect(url_for("catalogue_admin.municipalities"))


@bp.route(HERE + "/installningar", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def settings(municipality: Municipality) -> ResponseReturnValue:
    """The municipality's name, vision, logo, brand colour, contacts and mail sender."""
    form = SettingsForm(obj=municipality)
    if form.validate_on_submit():
        logo_file, problem = _logo(municipality, form)
        if problem:
            form.logo.errors = [problem]
        else:
            saved = save_or_show(
                form,
                lambda: services.save_settings(municipality, form.entry(logo_file), current_user),
                _("The settings are saved."),
            )
            if saved is not None:
                return redirect(url_for("catalogue_admin.settings", slug=municipality.slug))
    return render_template("catalogue/admin/settings.html", municipality=municipality, form=form)


def _logo(municipality: Municipality, form: SettingsForm) -> tuple[str | None, str | None]:
    """(the logo file to keep or the one just stored, a problem with the upload)."""
    if form.remove_logo.data:
        return None, None
    upload = form.logo.data
    if upload is None or not getattr(upload, "filename", ""):
        return municipality.logo_file, None
    raw = upload.read(logos.MAX_BYTES + 1)
    problem = logos.logo_problem(raw)
    return (None, problem) if problem else (logos.store_logo(municipality.slug, raw), None)


@bp.route(HERE + "/namnder/ny", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_committee(municipality: Municipality) -> ResponseReturnValue:
    """Add a committee, board or company that can be given assignments."""
    return _committee_form(municipality, None)


@bp.route(HERE + "/namnder/<committee_slug>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_committee(municipality: Municipality, committee_slug: str) -> ResponseReturnValue:
    """Change a committee's name, full name or kind."""
    return _committee_form(municipality, committee_or_404(municipality, committee_slug))


@bp.post(HERE + "/namnder/<committee_slug>/arkivera")
@role_required(Role.ADMIN)
def archive_committee(municipality: Municipality, committee_slug: str) -> ResponseReturnValue:
    """Hide a committee from residents' lists and pages; its assignments keep naming it."""
    committee = committee_or_404(municipality, committee_slug)
    return _change_archive(municipality, committee, archiving.archive)


@bp.post(HERE + "/namnder/<committee_slug>/aterstall")
@role_required(Role.ADMIN)
def restore_committee(municipality: Municipality, committee_slug: str) -> ResponseReturnValue:
    """Show an archived committee to residents again."""
    committee = committee_or_404(municipality, committee_slug)
    return _change_archive(municipality, committee, archiving.restore)


@bp.post(HERE + "/namnder/<committee_slug>/flytta")
@role_required(Role.ADMIN)
def move_committee(municipality: Municipality, committee_slug: str) -> ResponseReturnValue:
    """Move a committee up or down in the municipality's list."""
    committee = committee_or_404(municipality, committee_slug)
    return _move(municipality, committee, f"committee-{committee.id}")


def _committee_form(municipality: Municipality, committee: Committee | None) -> ResponseReturnValue:
    form = CommitteeForm(obj=committee)
    if form.validate_on_submit():
        saved = save_or_show(
            form,
            lambda: services.save_committee(municipality, committee, form.entry(), current_user),
            _("The committee is saved."),
        )
        if saved is not None:
            return back_to(municipality)
    return render_template(
        "catalogue/admin/committee_form.html",
        municipality=municipality,
        committee=committee,
        form=form,
    )
