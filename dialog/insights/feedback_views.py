"""The "what we heard" page: choosing and publishing (communicators), and the public page."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from dialog.accounts.guards import role_required
from dialog.accounts.roles import Role
from dialog.catalogue.models import Municipality, Plan
from dialog.core.cache import cached_page
from dialog.extensions import db
from dialog.insights import feedback
from dialog.insights.forms import ConfirmForm, FeedbackForm
from dialog.insights.groups.presentation import groups_context
from dialog.insights.manage import bp as manage_bp
from dialog.insights.manage import plan_of
from dialog.insights.models import FeedbackPage
from dialog.insights.presentation import charts_for, decimal, percent, public_counts
from dialog.insights.reading_guide import how_to_read
from dialog.participation.models import Comment
from dialog.themes.queries import public_themes

bp = Blueprint("feedback", __name__)


def _form(page: FeedbackPage | None, candidates: dict[int, Comment]) -> FeedbackForm:
    form = FeedbackForm(obj=page) if request.method == "GET" and page else FeedbackForm()
    if request.method == "GET" and page is None:
        form.show_figures.data = form.show_ratings.data = form.show_matrix.data = True
    form.quote_ids.choices = [(c.id, c.body) for c in candidates.values()]
    return form


@manage_bp.route("/<slug>/sammanfattning/plan/<plan_slug>/vad-vi-hort", methods=["GET", "POST"])
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def edit_feedback(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """Choose what the public "what we heard" page shows, and publish it."""
    plan = plan_of(municipality, plan_slug)
    page = feedback.page_of(plan)
    candidates = {comment.id: comment for comment in feedback.candidates(plan)}
    form = _form(page, candidates)
    if form.validate_on_submit():
        feedback.publish(plan, form.data, current_user)
        db.session.commit()
        flash(_("The page is published."), "success")
        return redirect(url_for(".edit_feedback", slug=municipality.slug, plan_slug=plan.slug))
    return render_template(
        "insights/feedback_edit.html",
        municipality=municipality,
        plan=plan,
        page=page,
        form=form,
        candidates=candidates,
        confirm_form=ConfirmForm(),
    ), (400 if form.errors else 200)


@manage_bp.post("/<slug>/sammanfattning/plan/<plan_slug>/vad-vi-hort/ta-bort")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def take_down_feedback(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """Take the public page down; the choice is kept for publishing again."""
    plan = plan_of(municipality, plan_slug)
    if ConfirmForm().validate_on_submit() and feedback.take_down(plan, current_user):
        db.session.commit()
        flash(_("The page is no longer public."), "success")
    return redirect(url_for(".edit_feedback", slug=municipality.slug, plan_slug=plan.slug))


@bp.get("/kommun/<slug>/plan/<plan_slug>/vad-vi-hort")
@cached_page
def public(slug: str, plan_slug: str) -> ResponseReturnValue:
    """What residents said about the plan and what the municipality heard, as published."""
    plan = db.session.scalar(
        select(Plan).join(Municipality).where(Municipality.slug == slug, Plan.slug == plan_slug)
    )
    page = feedback.page_of(plan) if plan else None
    if plan is None or page is None or page.published_at is None:
        abort(404)
    summary, quotes = feedback.public_view(plan, page)
    return render_template(
        "insights/feedback_public.html",
        municipality=plan.municipality,
        plan=plan,
        page=page,
        summary=summary,
        quotes=quotes,
        theme_overview=public_themes(plan.id) if page.show_themes else None,
        charts=charts_for(summary),
        decimal=decimal,
        percent=percent,
        public_counts=public_counts,
        how_to_read=how_to_read(page, summary, bool(quotes)),
        **(groups_context(plan.id) if page.show_groups else {}),
    )


def plan_section(plan: Plan) -> Markup:
    """On the plan's public page: a link to its "what we heard" page, once published."""
    page = feedback.page_of(plan)
    if page is None or page.published_at is None:
        return Markup("")
    return Markup(render_template("insights/_feedback_link.html", plan=plan))  # noqa: S704
