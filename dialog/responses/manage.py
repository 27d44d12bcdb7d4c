"""Officials' pages for answering on goals: the waiting list, a goal's response and status,
official replies and the municipality's list of statuses.

Each route declares its roles once; a goal or comment of another municipality than the one in
the address is refused with 403 and written to the audit log, like the guard's own refusals.
"""

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from dialog.accounts.guards import refuse_elsewhere, role_required
from dialog.catalogue.lookup import find_goal
from dialog.catalogue.models import Goal, Municipality
from dialog.core.permissions import NotAllowed
from dialog.core.text import parse_page, whole_number
from dialog.extensions import db
from dialog.participation.models import Comment, CommentStatus, public_comments
from dialog.responses import queries, services
from dialog.responses.forms import (
    REPLY_MAX,
    OfficialReplyForm,
    ResponseForm,
    StatusForm,
)
from dialog.responses.permissions import RESPONDERS

bp = Blueprint("responses", __name__, url_prefix="/hantera")
RESPONDING = sorted(RESPONDERS)
INCOMPLETE = _l("The form was incomplete. Reload the page and try again.")


@bp.get("/<slug>/aterkoppling")
@role_required(*RESPONDING)
def waiting(municipality: Municipality) -> ResponseReturnValue:
    """Goals with comments that have no response yet, the most discussed first."""
    page = parse_page(request.args.get("page", "1"), 100_000)
    if page is None:
        abort(400)
    found = queries.waiting_goals(municipality.id, page, current_app.config["RESPONSES_PER_PAGE"])
    return render_template("responses/waiting.html", municipality=municipality, waiting=found)


def render_goal(
    municipality: Municipality,
    goal: Goal,
    response_form: ResponseForm | None = None,
    status_form: StatusForm | None = None,
) -> str:
    """The goal's response and status with their forms, as sent when one had errors."""
    services.ensure_default_options(municipality.id)
    db.session.commit()
    feedback = queries.feedback(goal.id)
    if response_form is None:
        shown = feedback.response
        response_form = ResponseForm(
            body=shown.body if shown else None, revision=str(shown.revision if shown else 0)
        )
    if status_form is None:
        current = feedback.status
        status_form = StatusForm(
            option=str(current.option_id) if current else "",
            progress=current.progress if current else 0,
            happened_on=date.today(),
        )
    status_form.option.choices = status_choices(municipality.id)
    page = parse_page(request.args.get("page", "1"), 100_000) or 1
    comments = db.paginate(
        select(Comment)
        .where(
            Comment.goal_id == goal.id,
            Comment.parent_id.is_(None),
            Comment.status == CommentStatus.PUBLISHED.value,
            public_comments(),
        )
        .order_by(Comment.id.desc()),
        page=page,
        per_page=current_app.config["COMMENTS_PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "responses/goal.html",
        municipality=municipality,
        goal=goal,
        feedback=feedback,
        response_form=response_form,
        status_form=status_form,
        comments=comments,
    )


def status_choices(municipality_id: int) -> list[tuple[str, str]]:
    options = queries.options_of(municipality_id)
    return [("", _("Choose a status"))] + [(str(o.id), o.name) for o in options]


@bp.get("/<slug>/mal/<int:goal_id>/aterkoppling")
@role_required(*RESPONDING)
def goal(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """Where an official writes the goal's response and sets its status."""
    return render_goal(municipality, find_goal(municipality, goal_id))


@bp.post("/<slug>/mal/<int:goal_id>/aterkoppling/publicera")
@role_required(*RESPONDING)
def publish(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """Publish the response, or save a new wording of it (the old one is kept)."""
    found = find_goal(municipality, goal_id)
    form = ResponseForm()
    if not form.validate_on_submit():
        if form.revision.errors:  # a hidden field: say it where the official can see it
            form.body.errors = [*form.body.errors, INCOMPLETE]
            form.revision.errors = []
        return render_goal(municipality, found, response_form=form)
    try:
        _response, changed = services.publish_response(
            found, current_user, form.body.data or "", whole_number(form.revision.data) or 0
        )
    except NotAllowed as refused:
        db.session.rollback()
        form.body.errors = [refused.first.reason]
        current = queries.response_of(found.id)
        form.revision.data = str(current.revision if current else 0)  # the next send replaces
        return render_goal(municipality, found, response_form=form)
    db.session.commit()
    flash(_("The response is published.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for("responses.goal", slug=municipality.slug, goal_id=found.id))


@bp.post("/<slug>/mal/<int:goal_id>/status")
@role_required(*RESPONDING)
def set_status(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """Add a dated status update with its progress."""
    found = find_goal(municipality, goal_id)
    form = StatusForm()
    form.option.choices = status_choices(municipality.id)
    if (
        not form.validate_on_submit()
        or form.progress.data is None  # both InputRequired: refused by the validation already
        or form.happened_on.data is None
    ):
        return render_goal(municipality, found, status_form=form)
    try:
        services.set_status(
            found,
            current_user,
            int(form.option.data),
            form.progress.data,
            form.happened_on.data,
            form.note.data,
        )
    except NotAllowed as refused:
        form.option.errors = [refused.first.reason]
        return render_goal(municipality, found, status_form=form)
    db.session.commit()
    flash(_("The status is updated."), "success")
    return redirect(url_for("responses.goal", slug=municipality.slug, goal_id=found.id))


def _comment_in(municipality: Municipality, comment_id: int) -> Comment:
    comment = db.get_or_404(Comment, comment_id)
    if comment.subject.plan.municipality_id != municipality.id:
        refuse_elsewhere(municipality, "comments", comment.id)
    return comment


@bp.route("/<slug>/kommentarer/<int:comment_id>/svara", methods=["GET", "POST"])
@role_required(*RESPONDING)
def reply(municipality: Municipality, comment_id: int) -> ResponseReturnValue:
    """Reply to a resident's comment as the municipality."""
    comment = _comment_in(municipality, comment_id)
    form = OfficialReplyForm()
    target = f"official-reply:{comment.id}"
    if request.method == "POST":
        problem = None
        if form.validate_on_submit():
            problem = form.token_problem(current_user.id, target)
            if problem is None:
                try:
                    services.reply_officially(
                        comment, current_user, form.body.data or "", form.checked_nonce()
                    )
                except NotAllowed as refused:
                    problem = refused.first.reason
                else:
                    db.session.commit()
                    flash(_("The reply is published as the municipality's."), "success")
                    return redirect(url_for("comments.show", comment_id=comment.id))
        if problem:
            form.body.errors = [problem]
    form.issue_token(current_user.id, target)
    return render_template(
        "responses/reply.html",
        municipality=municipality,
        comment=comment,
        form=form,
        reply_max=REPLY_MAX,  # shown, and counted down as one writes (dialog.js)
    )
