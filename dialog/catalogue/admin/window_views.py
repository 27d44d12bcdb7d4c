"""Officials' pages for dialogue windows: open or change one, and close it now after a
confirmation (residents can add nothing from today on)."""

from datetime import timedelta

from flask import flash, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from dialog.accounts.guards import role_required
from dialog.accounts.roles import Role
from dialog.catalogue.admin import services, windows
from dialog.catalogue.admin.forms import ActionForm, WindowForm
from dialog.catalogue.admin.views import (
    HERE,
    back_to,
    bp,
    confirmed,
    find_goal,
    find_plan,
    save_or_show,
)
from dialog.catalogue.models import DialogueWindow, Goal, Municipality, Plan
from dialog.catalogue.phases import today
from dialog.extensions import db


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


def _window_url(municipality: Municipality, target: Plan | Goal) -> str:
    if isinstance(target, Plan):
        return url_for("catalogue_admin.plan_window", slug=municipality.slug, plan_slug=target.slug)
    return url_for("catalogue_admin.goal_window", slug=municipality.slug, goal_id=target.id)


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
        saved = save_or_show(
            form,
            lambda: windows.save_window(municipality, target, form.entry(), current_user),
            _("The dialogue window is saved."),
        )
        if saved is not None:
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
    """Close a plan's dialogue now, after a confirmation: yesterday was its last day."""
    plan = find_plan(municipality, plan_slug)
    return _close(municipality, plan, plan)


@bp.post(HERE + "/mal/<int:goal_id>/dialog/stang")
@role_required(Role.ADMIN)
def close_goal_window(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """Close a goal's own dialogue now, after a confirmation: yesterday was its last day."""
    goal = find_goal(municipality, goal_id)
    return _close(municipality, goal, goal.plan)


def _why_not_close(window: DialogueWindow | None) -> str | None:
    """Why there is nothing to close now (asked before the confirmation, and again after)."""
    if window is None:
        return _("There is no dialogue window to close.")
    if today() - timedelta(days=1) < window.opens_on:
        return _("The dialogue has not been open a whole day yet: change its dates instead.")
    if not window.is_open_on(today()):
        return _("The dialogue is already closed.")
    return None


def _close(municipality: Municipality, target: Plan | Goal, plan: Plan) -> ResponseReturnValue:
    window = _window_of(target)
    problem = _why_not_close(window)
    if problem is not None:
        flash(problem, "error")
        return back_to(municipality, plan)
    assert window is not None  # _why_not_close says so
    if not confirmed():
        return render_template(
            "catalogue/admin/confirm_close.html",
            municipality=municipality,
            target=target,
            plan=plan,
            back=_window_url(municipality, target),
            form=ActionForm(),
        )
    if ActionForm().validate_on_submit():
        try:
            windows.close_window(municipality, window, today() - timedelta(days=1), current_user)
        except services.Invalid as invalid:
            db.session.rollback()
            flash(" ".join(line for lines in invalid.problems.values() for line in lines), "error")
        else:
            db.session.commit()
            flash(_("The dialogue is closed."), "success")
    return back_to(municipality, plan)
