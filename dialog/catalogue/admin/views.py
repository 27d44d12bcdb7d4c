"""Officials' pages for the catalogue: plans, focus areas, goals and their order.

Routes declare their role once (`role_required(Role.ADMIN)`); the rules are in
`permissions.py`. A view parses the form, calls one service, commits once and redirects;
refused changes re-render the form with the problems by field.
"""

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response

# types-WTForms describes WTForms 3.2; SelectChoice came in 3.3.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from dialog.accounts.guards import role_required
from dialog.accounts.roles import Role
from dialog.catalogue.admin import archiving, services
from dialog.catalogue.admin.forms import ActionForm, FocusAreaForm, GoalForm, PlanForm
from dialog.catalogue.lookup import find_area, find_goal
from dialog.catalogue.models import Committee, FocusArea, Goal, Municipality, Plan
from dialog.core.permissions import Actor
from dialog.core.templating import content_choice
from dialog.extensions import db

bp = Blueprint("catalogue_admin", __name__, url_prefix="/hantera")
#: Where a municipality's content pages live.
HERE = "/<slug>/innehall"


def find_plan(municipality: Municipality, plan_slug: str) -> Plan:
    plan = db.session.scalar(
        select(Plan).filter_by(municipality_id=municipality.id, slug=plan_slug)
    )
    return plan or abort(404)


def show_problems(form: FlaskForm, problems: dict[str, list[str]]) -> None:
    """Put the importer's problems on the fields they name; the rest on the form."""
    general = list(problems.get("", []))
    for name, lines in problems.items():
        field = getattr(form, name, None) if name else None
        if field is None:
            general.extend(lines if name else [])
            continue
        field.errors = list(field.errors) + lines
    form.form_errors = general


_Saved = TypeVar("_Saved")


def save_or_show(form: FlaskForm, save: Callable[[], _Saved], message: str) -> _Saved | None:
    """Run a form's service (it writes the audit log) and commit with `message` as a flash;
    when the importer's rules refuse the change, roll back and put the problems on the form's
    fields, so that the form is shown again with them (None)."""
    try:
        saved = save()
    except services.Invalid as invalid:
        db.session.rollback()
        show_problems(form, invalid.problems)
        return None
    db.session.commit()
    flash(message, "success")
    return saved


def back_to(
    municipality: Municipality, plan: Plan | None = None, anchor: str | None = None
) -> Response:
    if plan is None:
        return redirect(url_for("catalogue_admin.overview", slug=municipality.slug))
    return redirect(
        url_for(
            "catalogue_admin.plan_page", slug=municipality.slug, plan_slug=plan.slug, _anchor=anchor
        )
    )


@bp.get(HERE + "")
@role_required(Role.ADMIN)
def overview(municipality: Municipality) -> ResponseReturnValue:
    """The municipality's plans and committees, with links to change each."""
    return render_template(
        "catalogue/admin/overview.html", municipality=municipality, form=ActionForm()
    )


@bp.route(HERE + "/planer/ny", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_plan(municipality: Municipality) -> ResponseReturnValue:
    """Add a plan (styrdokument) to the municipality."""
    return _plan_form(municipality, None)


@bp.get(HERE + "/planer/<plan_slug>")
@role_required(Role.ADMIN)
def plan_page(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """A plan's details, its focus areas and goals in order, and the buttons to change them."""
    plan = find_plan(municipality, plan_slug)
    return render_template(
        "catalogue/admin/plan.html", municipality=municipality, plan=plan, form=ActionForm()
    )


@bp.route(HERE + "/planer/<plan_slug>/andra", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_plan(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """Change a plan's title, kind, status, period and texts."""
    return _plan_form(municipality, find_plan(municipality, plan_slug))


def _plan_form(municipality: Municipality, plan: Plan | None) -> ResponseReturnValue:
    form = PlanForm(obj=plan)
    if plan is not None:
        del form.slug  # given once: the plan's pages and links use it
    if form.validate_on_submit():
        saved = save_or_show(
            form,
            lambda: services.save_plan(municipality, plan, form.entry(), current_user),
            _("The plan is saved."),
        )
        if saved is not None:
            return back_to(municipality, saved)
    template = "catalogue/admin/plan_form.html"
    return render_template(template, municipality=municipality, plan=plan, form=form)


@bp.post(HERE + "/planer/<plan_slug>/arkivera")
@role_required(Role.ADMIN)
def archive_plan(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """Mark a plan as archived: listed apart as no longer in force, its pages kept."""
    plan = find_plan(municipality, plan_slug)
    if not confirmed():
        return confirm_archive(municipality, plan, back_to(municipality, plan).location)
    if ActionForm().validate_on_submit():
        try:
            archiving.archive_plan(municipality, plan, current_user)
        except services.Invalid as invalid:
            db.session.rollback()
            flash(" ".join(line for lines in invalid.problems.values() for line in lines), "error")
        else:
            db.session.commit()
            flash(_("The plan is archived."), "success")
    return back_to(municipality, plan)


def _goal_choices(form: GoalForm, municipality: Municipality, plan: Plan) -> None:
    form.area.choices = [SelectChoice("", _("No focus area"))] + [
        content_choice(str(a.id), a.title) for a in plan.focus_areas if not a.is_archived
    ]
    form.committee_ids.choices = [
        SelectChoice(str(c.id), c.display_name) for c in municipality.committees
    ]
    if not form.committee_ids.choices:
        form.committee_ids.description = _("There are no committees to choose from yet.")


def _goal_form(municipality: Municipality, plan: Plan, goal: Goal | None) -> ResponseReturnValue:
    form = GoalForm(obj=goal)
    _goal_choices(form, municipality, plan)
    if request.method == "GET" and goal is not None:
        form.area.data = str(goal.focus_area_id or "")
        form.committee_ids.data = [str(c.id) for c in goal.committees]
    if form.validate_on_submit():
        area = next((a for a in plan.focus_areas if str(a.id) == form.area.data), None)
        chosen = [
            c for c in municipality.committees if str(c.id) in (form.committee_ids.data or [])
        ]
        entry = form.entry([c.name for c in chosen])
        saved = save_or_show(
            form,
            lambda: services.save_goal(municipality, plan, goal, entry, area, chosen, current_user),
            _("The goal is saved."),
        )
        if saved is not None:
            return back_to(municipality, plan, f"goal-{saved.id}")
        _goal_choices(form, municipality, plan)
    template = "catalogue/admin/goal_form.html"
    return render_template(template, municipality=municipality, plan=plan, goal=goal, form=form)


@bp.route(HERE + "/planer/<plan_slug>/mal/ny", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_goal(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """Add a goal, assignment or aspect to a plan."""
    return _goal_form(municipality, find_plan(municipality, plan_slug), None)


@bp.route(HERE + "/mal/<int:goal_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_goal(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """Change a goal's texts, kind, focus area and committees."""
    goal = find_goal(municipality, goal_id)
    return _goal_form(municipality, goal.plan, goal)


def _area_form(
    municipality: Municipality, plan: Plan, area: FocusArea | None
) -> ResponseReturnValue:
    form = FocusAreaForm(obj=area)
    if form.validate_on_submit():
        saved = save_or_show(
            form,
            lambda: services.save_area(municipality, plan, area, form.entry(), current_user),
            _("The focus area is saved."),
        )
        if saved is not None:
            return back_to(municipality, plan, f"area-{saved.id}")
    template = "catalogue/admin/area_form.html"
    return render_template(template, municipality=municipality, plan=plan, area=area, form=form)


@bp.route(HERE + "/planer/<plan_slug>/omraden/ny", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_area(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """Add a focus area (or section) to a plan."""
    return _area_form(municipality, find_plan(municipality, plan_slug), None)


@bp.route(HERE + "/omraden/<int:area_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_area(municipality: Municipality, area_id: int) -> ResponseReturnValue:
    """Change a focus area's code, kind and texts."""
    area = find_area(municipality, area_id)
    return _area_form(municipality, area.plan, area)


#: The field a confirmation page (catalogue/admin/_confirm.html) adds to the button's form.
CONFIRMED = "bekraftat"


def confirmed() -> bool:
    """Whether the form comes from a confirmation page (archiving, closing a dialogue)."""
    return request.form.get(CONFIRMED) == "ja"


def confirm_archive(municipality: Municipality, item: archiving.Item, back: str) -> str:
    """Archiving hides an item (a focus area with its goals) from residents at once, so the
    administrator first sees what goes and confirms on a page of its own (no script needed)."""
    goals = [g for g in item.goals if not g.is_archived] if isinstance(item, FocusArea) else []
    return render_template(
        "catalogue/admin/confirm_archive.html",
        municipality=municipality,
        item=item,
        kind=archiving.KINDS[type(item)],
        goals=goals,
        back=back,
        form=ActionForm(),
    )


def _change_archive(
    municipality: Municipality,
    item: archiving.Archivable,
    change: Callable[[Municipality, archiving.Archivable, Actor], None],
    back: str | None = None,
) -> ResponseReturnValue:
    """Archive (hide from residents, keep; after a confirmation) or restore an item."""
    plan = getattr(item, "plan", None)
    back = back or back_to(municipality, plan).location
    if change is archiving.archive and not item.is_archived and not confirmed():
        return confirm_archive(municipality, item, back)
    if ActionForm().validate_on_submit():
        goals = item.goals if isinstance(item, FocusArea) else []
        archived_goals = sum(not g.is_archived for g in goals)
        try:
            change(municipality, item, current_user)
        except services.Invalid as invalid:
            db.session.rollback()
            flash(" ".join(line for lines in invalid.problems.values() for line in lines), "error")
        else:
            db.session.commit()
            flash(_archive_message(item, archived_goals), "success")
    return redirect(back)


def _archive_message(item: archiving.Archivable, archived_goals: int) -> str:
    if not item.is_archived:
        return _("Restored: %(title)s.", title=_title(item))
    if archived_goals:
        return ngettext(
            "Archived: %(title)s and its %(num)s goal.",
            "Archived: %(title)s and its %(num)s goals.",
            archived_goals,
            title=_title(item),
        )
    return _("Archived: %(title)s.", title=_title(item))


def _title(item: archiving.Item) -> str:
    """The name the lists show, so that a message names what the official pressed."""
    if isinstance(item, Committee):
        return item.display_name
    return item.name if isinstance(item, Municipality) else item.title


def _move(
    municipality: Municipality, item: archiving.Movable, anchor: str | None
) -> ResponseReturnValue:
    """Move one place up or down (buttons, so that no script is needed)."""
    step = {"upp": -1, "ned": 1}.get(request.form.get("riktning", ""))
    if ActionForm().validate_on_submit() and step is not None:
        if archiving.move(municipality, item, step, current_user):
            db.session.commit()
            flash(_("Moved: %(title)s.", title=_title(item)), "success")
    return back_to(municipality, getattr(item, "plan", None), anchor)


@bp.post(HERE + "/planer/<plan_slug>/flytta")
@role_required(Role.ADMIN)
def move_plan(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """Move a plan up or down in the municipality's list."""
    return _move(municipality, find_plan(municipality, plan_slug), None)


@bp.post(HERE + "/mal/<int:goal_id>/arkivera")
@role_required(Role.ADMIN)
def archive_goal(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """Hide a goal from residents; it and its comments are kept."""
    return _change_archive(municipality, find_goal(municipality, goal_id), archiving.archive)


@bp.post(HERE + "/mal/<int:goal_id>/aterstall")
@role_required(Role.ADMIN)
def restore_goal(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """Show an archived goal again."""
    return _change_archive(municipality, find_goal(municipality, goal_id), archiving.restore)


@bp.post(HERE + "/mal/<int:goal_id>/flytta")
@role_required(Role.ADMIN)
def move_goal(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """Move a goal up or down among its siblings."""
    return _move(municipality, find_goal(municipality, goal_id), f"goal-{goal_id}")


@bp.post(HERE + "/omraden/<int:area_id>/arkivera")
@role_required(Role.ADMIN)
def archive_area(municipality: Municipality, area_id: int) -> ResponseReturnValue:
    """Hide a focus area and its goals from residents; all are kept."""
    return _change_archive(municipality, find_area(municipality, area_id), archiving.archive)


@bp.post(HERE + "/omraden/<int:area_id>/aterstall")
@role_required(Role.ADMIN)
def restore_area(municipality: Municipality, area_id: int) -> ResponseReturnValue:
    """Show an archived focus area again (its goals are restored one by one)."""
    return _change_archive(municipality, find_area(municipality, area_id), archiving.restore)


@bp.post(HERE + "/omraden/<int:area_id>/flytta")
@role_required(Role.ADMIN)
def move_area(municipality: Municipality, area_id: int) -> ResponseReturnValue:
    """Move a focus area up or down within its plan."""
    return _move(municipality, find_area(municipality, area_id), f"area-{area_id}")


def committee_or_404(municipality: Municipality, committee_slug: str) -> Committee:
    found = db.session.scalar(
        select(Committee).filter_by(municipality_id=municipality.id, slug=committee_slug)
    )
    return found or abort(404)
