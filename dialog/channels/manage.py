"""Officials' pages for a goal's comments from other channels: the list, the upload form, and
publishing one on the goal page or taking it off again.

Routes declare their roles once; the rules themselves are in `permissions.py` and the services
enforce them. A goal or comment of another municipality than the one in the address is refused
(403, written to the audit log), as on every official page (docs/security.md).
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from dialog.accounts.guards import refuse_elsewhere, role_required
from dialog.catalogue.lookup import find_goal
from dialog.catalogue.models import Goal, Municipality
from dialog.channels import queries, services
from dialog.channels.forms import ImportForm, PublishForm
from dialog.channels.permissions import IMPORTERS, VIEWERS
from dialog.channels.reading import Problem
from dialog.core.permissions import may
from dialog.core.text import parse_page
from dialog.extensions import db
from dialog.participation.models import Comment, CommentChannel

bp = Blueprint("channels", __name__, url_prefix="/hantera")
HERE = "/<slug>/mal/<int:goal_id>/andra-kanaler"
PER_PAGE = 50


def _render(
    municipality: Municipality,
    goal: Goal,
    form: ImportForm,
    problems: list[Problem] | None = None,
) -> str:
    page = parse_page(request.args.get("page", "1"), 100_000) or 1
    return render_template(
        "channels/imported.html",
        municipality=municipality,
        goal=goal,
        form=form,
        publish_form=PublishForm(),
        problems=problems or [],
        comments=queries.imported_on(goal, page, PER_PAGE),
        unpublished=queries.unpublished_count(goal),
        may_import=may(current_user, "comments.import", municipality) is None,
    )


@bp.get(HERE)
@role_required(*sorted(VIEWERS))
def imported(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """The goal's comments from paper forms, meetings, e-mail and other channels."""
    return _render(municipality, find_goal(municipality, goal_id), ImportForm())


@bp.post(HERE + "/importera")
@role_required(*sorted(IMPORTERS))
def upload(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """Import a file of comments: all of it is checked first, and nothing is written if any
    line has a problem (each is listed, with its line and column)."""
    goal = find_goal(municipality, goal_id)
    form = ImportForm()
    file = form.document.data if form.validate_on_submit() else None
    name = (getattr(file, "filename", "") or "").rsplit("/", 1)[-1]
    if file is None or not name:
        if not form.errors:
            form.document.errors = [_("Choose a file to upload.")]
        return _render(municipality, goal, form)
    raw = file.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
    channel = CommentChannel(form.channel.data) if form.channel.data else None
    result, problems = services.import_file(goal, name, raw, current_user, channel)
    if result is None:
        db.session.rollback()
        return _render(municipality, goal, form, problems)
    db.session.commit()
    flash(
        _(
            "Imported: %(added)s new, %(existing)s already imported.",
            added=result.added,
            existing=result.existing,
        ),
        "success",
    )
    return redirect(url_for("channels.imported", slug=municipality.slug, goal_id=goal.id))


def _imported_comment(municipality: Municipality, comment_id: int) -> tuple[Comment, Goal]:
    comment = db.get_or_404(Comment, comment_id)
    goal = comment.goal
    if goal is None:  # only a goal's comments come from other channels
        abort(404)
    if goal.plan.municipality_id != municipality.id:
        refuse_elsewhere(municipality, "comments", comment.id)
    return comment, goal


def _back(municipality: Municipality, goal: Goal, comment: Comment) -> ResponseReturnValue:
    return redirect(
        url_for(
            "channels.imported", slug=municipality.slug, goal_id=goal.id, _anchor=f"c{comment.id}"
        )
    )


@bp.post("/<slug>/kommentarer/<int:comment_id>/publicera")
@role_required(*sorted(IMPORTERS))
def publish(municipality: Municipality, comment_id: int) -> ResponseReturnValue:
    """Publish an imported comment on the goal page, shown with its channel (audited)."""
    comment, goal = _imported_comment(municipality, comment_id)
    if not comment.is_imported:
        flash(_("Only comments from other channels are published here."), "error")
    elif not PublishForm().validate_on_submit():
        flash(_("The form was incomplete. Reload the page and try again."), "error")
    elif services.publish(comment, current_user):
        db.session.commit()
        flash(_("The comment is published on the goal page."), "success")
    else:
        flash(_("The comment was published already."), "info")
    return _back(municipality, goal, comment)


@bp.post("/<slug>/kommentarer/<int:comment_id>/avpublicera")
@role_required(*sorted(IMPORTERS))
def unpublish(municipality: Municipality, comment_id: int) -> ResponseReturnValue:
    """Take a published imported comment off the goal page again (audited). It is hidden, not
    deleted: it stays on this list, in the summaries, themes and exports."""
    comment, goal = _imported_comment(municipality, comment_id)
    if not comment.is_imported:
        flash(_("Only comments from other channels are unpublished here."), "error")
    elif not PublishForm().validate_on_submit():
        flash(_("The form was incomplete. Reload the page and try again."), "error")
    elif services.unpublish(comment, current_user):
        db.session.commit()
        flash(
            _("The comment is no longer shown on the goal page. It is kept, and still counted."),
            "success",
        )
    else:
        flash(_("The comment was not published on the goal page."), "info")
    return _back(municipality, goal, comment)
