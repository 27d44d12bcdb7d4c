"""The officials' page of a plan's opinion groups, and asking for them to be computed again."""

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from dialog.accounts.guards import role_required
from dialog.accounts.roles import Role
from dialog.catalogue.models import Municipality
from dialog.core.permissions import may
from dialog.extensions import db
from dialog.insights import permissions as _rules  # noqa: F401  (registers the rules)
from dialog.insights.forms import ConfirmForm
from dialog.insights.groups import presentation, services
from dialog.insights.groups.models import Outcome
from dialog.insights.groups.presentation import PENDING, OpinionGroups
from dialog.insights.manage import bp, plan_of
from dialog.insights.presentation import decimal, percent


@bp.get("/<slug>/sammanfattning/plan/<plan_slug>/asiktsgrupper")
@role_required(Role.ADMIN, Role.MODERATOR, Role.COMMUNICATOR)
def opinion_groups(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """The plan's opinion groups as last computed; computed first when never computed. The
    button to compute them again is offered only where that could give something new."""
    plan = plan_of(municipality, plan_slug)
    found, can_change = _as_it_stands(plan.id)
    return render_template(
        "insights/groups.html",
        municipality=municipality,
        plan=plan,
        found=found,
        sizes_chart=presentation.sizes_chart(found) if found.shown else None,
        divisive_chart=presentation.divisive_chart(found) if found.shown else None,
        method_text=presentation.method_text,
        outcome_text=presentation.outcome_text,
        can_change=can_change,
        may_compute=may(current_user, "opinion_groups.compute", municipality) is None,
        confirm_form=ConfirmForm(),
        decimal=decimal,
        percent=percent,
    )


def _as_it_stands(plan_id: int) -> tuple[OpinionGroups, bool]:
    """The plan's groups as last computed, and whether computing them again could give anything
    new: not while too few residents have rated enough goals, when it could only say "too few"
    again. Those residents are then counted now, so that the page says how many more are needed
    as the ratings stand; once there are enough, the groups are computed (as on a first view)."""
    found = presentation.for_plan(plan_id)
    if found is not None and found.outcome != Outcome.TOO_FEW:
        return found, True
    residents = services.eligible_residents(plan_id)
    if residents < services.maths.MIN_RESIDENTS:
        return OpinionGroups(Outcome.TOO_FEW, residents), False
    # Runs after the commit: here without a broker, on a worker with one.
    services.compute_job.enqueue(plan_id)
    db.session.commit()
    found = presentation.for_plan(plan_id)
    if found is None or found.outcome == Outcome.TOO_FEW:
        found = OpinionGroups(PENDING, residents)
    return found, True


@bp.post("/<slug>/sammanfattning/plan/<plan_slug>/asiktsgrupper/berakna")
@role_required(Role.ADMIN, Role.COMMUNICATOR)
def compute_opinion_groups(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """Compute the plan's groups again from the current ratings (a background job)."""
    plan = plan_of(municipality, plan_slug)
    if may(current_user, "opinion_groups.compute", municipality) is not None:
        abort(403)
    if ConfirmForm().validate_on_submit():
        services.request_computation(plan, current_user)
        db.session.commit()
        flash(_("The opinion groups are being computed from the current ratings."), "success")
    return redirect(url_for(".opinion_groups", slug=municipality.slug, plan_slug=plan.slug))
