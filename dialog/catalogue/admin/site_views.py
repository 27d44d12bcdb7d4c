"""Officials' pages for a municipality's settings, committees, dialogue windows and uploads,
and for adding a municipality (platform administrators)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from dialog.accounts.guards import platform_admin_required, role_required
from dialog.accounts.roles import Role
from dialog.catalogue.admin import archiving, logos, services, windows
from dialog.catalogue.admin.forms import (
    ActionForm,
    CommitteeForm,
    MunicipalityForm,
    SettingsForm,
    WindowForm,
)
from dialog.catalogue.admin.views import (
    HERE,
    _change_archive,
    _move,
    back_to,
    bp,
    committee_or_404,
    find_goal,
    find_plan,
    show_problems,
)
from dialog.catalogue.models import Committee, DialogueWindow, Goal, Municipality, Plan
from dialog.extensions import db


@bp.route("/innehall/kommuner/ny", methods=["GET", "POST"])
@platform_admin_required
def new_municipality() -> ResponseReturnValue:
    """Add a municipality; its settings, officials and plans come next."""
    form = MunicipalityForm()
    if form.validate_on_submit():
        try:
            created = services.create_municipality(form.entry(), current_user)
        except services.Invalid as invalid:
            db.session.rollback()
            show_problems(form, invalid.problems)
        else:
            db.session.commit()
            flash(_("%(name)s is added.", name=created.name), "success")
            return redirect(url_for("catalogue_admin.settings", slug=created.slug))
    return render_template("catalogue/admin/municipality_form.html", form=form)


def today() -> date:
    """The date in the municipality's time zone, where windows open and close on local days."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


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
            try:
                services.save_settings(municipality, form.entry(logo_file), current_user)
            except services.Invalid as invalid:
                db.session.rollback()
                show_problems(form, invalid.problems)
            else:
                db.session.commit()
                flash(_("The settings are saved."), "success")
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
        try:
            services.save_committee(municipality, committee, form.entry(), current_user)
        except services.Invalid as invalid:
            db.session.rollback()
            show_problems(form, invalid.problems)
        else:
            db.session.commit()
            flash(_("The committee is saved."), "success")
            return back_to(municipality)
    return render_template(
        "catalogue/admin/committee_form.html",
        municipality=municipality,
        committee=committee,
        form=form,
    )


@bp.route(HERE + "/planer/<plan_slug>/dialog", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def plan_window(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """Open a plan for dialogue, or change its window."""
    plan = find_plan(municipality, plan_slug)
    return _window_form(municipality, plan, plan)


@bp.route(HERE + "/mal/<int:goal_id>/dialog", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def goal_window(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """Give one goal a dialogue window of its own."""
    goal = find_goal(municipality, goal_id)
    return _window_form(municipality, goal, goal.plan)


def _window_of(target: Plan | Goal) -> DialogueWindow | None:
    key = {"plan_id": target.id} if isinstance(target, Plan) else {"goal_id": target.id}
    return db.session.scalar(select(DialogueWindow).filter_by(**key))


def _window_form(
    municipality: Municipality, target: Plan | Goal, plan: Plan
) -> ResponseReturnValue:
    window = _window_of(target)
    form = WindowForm(data=windows.window_entry(window) if window else None)
    if request.method == "GET" and window is not None:
        english = windows.window_entry(window).get("en", {})
        form.influence_en.data, form.readers_en.data = (
            english.get("influence"),
            english.get("readers"),
        )
    if form.validate_on_submit():
        try:
            windows.save_window(municipality, target, form.entry(), current_user)
        except services.Invalid as invalid:
            db.session.rollback()
            show_problems(form, invalid.problems)
        else:
            db.session.commit()
            flash(_("The dialogue window is saved."), "success")
            return back_to(municipality, plan)
    return render_template(
        "catalogue/admin/window_form.html",
        municipality=municipality,
        target=target,
        plan=plan,
        window=window,
        form=form,
        close_form=ActionForm(),
        today=today(),
    )


@bp.post(HERE + "/planer/<plan_slug>/dialog/stang")
@role_required(Role.ADMIN)
def close_plan_window(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """Close a plan's dialogue now: yesterday was its last day."""
    plan = find_plan(municipality, plan_slug)
    return _close(municipality, plan, plan)


@bp.post(HERE + "/mal/<int:goal_id>/dialog/stang")
@role_required(Role.ADMIN)
def close_goal_window(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """Close a goal's own dialogue now: yesterday was its last day."""
    goal = find_goal(municipality, goal_id)
    return _close(municipality, goal, goal.plan)


def _close(municipality: Municipality, target: Plan | Goal, plan: Plan) -> ResponseReturnValue:
    window = _window_of(target)
    if window is None:
        flash(_("There is no dialogue window to close."), "error")
        return back_to(municipality, plan)
    if ActionForm().validate_on_submit():
        day = today() - timedelta(days=1)
        if day < window.opens_on:
            flash(
                _("The dialogue has not been open a whole day yet: change its dates instead."),
                "error",
            )
            return back_to(municipality, plan)
        try:
            windows.close_window(municipality, window, day, current_user)
        except services.Invalid as invalid:
            db.session.rollback()
            flash(" ".join(line for lines in invalid.problems.values() for line in lines), "error")
        else:
            db.session.commit()
            flash(_("The dialogue is closed."), "success")
    return back_to(municipality, plan)
