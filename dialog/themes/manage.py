"""The themes pages of a goal and of a plan, for officials; changes by communicators and
administrators. Every change is a small form that posts, is recorded, and comes back here."""

from collections import defaultdict
from typing import Any

from flask import Blueprint, abort, flash, get_flashed_messages, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from dialog.accounts.guards import refuse_elsewhere, role_required
from dialog.accounts.roles import Role
from dialog.catalogue.lookup import find_goal
from dialog.catalogue.models import Goal, Municipality, Plan
from dialog.core.collation import sorted_for_page
from dialog.core.permissions import may
from dialog.core.urls import MAX_ID
from dialog.extensions import db
from dialog.participation.models import Comment
from dialog.themes import permissions as _rules  # noqa: F401  (registers the rules)
from dialog.themes import queries, services
from dialog.themes.forms import ComputeForm, MergeForm, RenameForm, TagForm, UntagForm
from dialog.themes.models import RunStatus, Tag, Theme, ThemeRun
from dialog.themes.scope import comment_refs

bp = Blueprint("themes", __name__, url_prefix="/hantera")

ANY_ROLE = (Role.ADMIN, Role.MODERATOR, Role.COMMUNICATOR)
EDITORS = (Role.ADMIN, Role.COMMUNICATOR)
#: Comments listed under each theme on the page (all of them are in the exports).
LISTED = 10
#: The category of messages about tagging a comment, shown at that comment (templates/_messages.html
#: leaves them out): the page comes back there, far below the messages at the top.
TAG_MESSAGE = "comment-tag"


def plan_of(municipality: Municipality, plan_slug: str) -> Plan:
    found = db.session.scalar(
        select(Plan).filter_by(municipality_id=municipality.id, slug=plan_slug)
    )
    return found or abort(404)


def page_of(subject: Goal | Plan) -> str:
    slug = (subject if isinstance(subject, Plan) else subject.plan).municipality.slug
    if isinstance(subject, Plan):
        return url_for("themes.plan_themes", slug=slug, plan_slug=subject.slug)
    return url_for("themes.goal_themes", slug=slug, goal_id=subject.id)


def _render(municipality: Municipality, subject: Goal | Plan) -> ResponseReturnValue:
    is_goal = isinstance(subject, Goal)
    ids = {"goal_id": subject.id} if is_goal else {"plan_id": subject.id}
    run = queries.latest_run(**ids)
    found = queries.result(run) if run else None
    shown = set()
    if found:
        for view in found.themes:
            shown.update(view.quote_ids + view.edge_ids + view.comment_ids[:LISTED])
        shown.update(found.unsorted[: LISTED * 5])
    comments = {c.id: c for c in db.session.scalars(select(Comment).where(Comment.id.in_(shown)))}
    tags = sorted_for_page(
        db.session.scalars(select(Tag).where(Tag.municipality_id == municipality.id)),
        lambda tag: tag.name,
    )
    return render_template(
        "themes/themes.html",
        municipality=municipality,
        subject=subject,
        is_goal=is_goal,
        plan=subject if not is_goal else subject.plan,  # type: ignore[union-attr]
        run=run,
        newest=queries.newest_request(**ids),
        found=found,
        comments=comments,
        comment_tags=queries.tag_pairs_of(comments),
        tag_messages=_tag_messages(),
        shown_ids=set(comments),
        known_tags=list(tags),
        refs=comment_refs(comments),
        listed=LISTED,
        may_edit=may(current_user, "themes.edit", municipality) is None,
        compute_form=ComputeForm(),
        rename_form=RenameForm(),
        merge_form=MergeForm(),
        tag_form=TagForm(),
        untag_form=UntagForm(),
    )


@bp.get("/<slug>/teman/mal/<int:goal_id>")
@role_required(*ANY_ROLE)
def goal_themes(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """The themes in a goal's comments, as last computed."""
    return _render(municipality, find_goal(municipality, goal_id))


@bp.get("/<slug>/teman/plan/<plan_slug>")
@role_required(*ANY_ROLE)
def plan_themes(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """The themes in all comments on a plan's goals and focus areas."""
    return _render(municipality, plan_of(municipality, plan_slug))


def _compute(subject: Goal | Plan) -> ResponseReturnValue:
    if ComputeForm().validate_on_submit():
        run = services.request_run(subject, current_user)
        db.session.commit()  # without a broker the job has run by now (dialog/jobs.py)
        if (
            db.session.scalar(select(ThemeRun.status).where(ThemeRun.id == run.id))
            == RunStatus.DONE
        ):
            flash(_("The themes are computed."), "success")
        else:
            flash(
                _("The themes are being computed. The page shows them when they are ready."),
                "success",
            )
    return redirect(page_of(subject))


@bp.post("/<slug>/teman/mal/<int:goal_id>/berakna")
@role_required(*EDITORS)
def compute_goal(municipality: Municipality, goal_id: int) -> ResponseReturnValue:
    """Compute a goal's themes again (a background job)."""
    return _compute(find_goal(municipality, goal_id))


@bp.post("/<slug>/teman/plan/<plan_slug>/berakna")
@role_required(*EDITORS)
def compute_plan(municipality: Municipality, plan_slug: str) -> ResponseReturnValue:
    """Compute a plan's themes again (a background job)."""
    return _compute(plan_of(municipality, plan_slug))


def _theme(municipality: Municipality, theme_id: Any) -> Theme | None:
    # Read before the form is validated: an id the integer column cannot hold is no theme.
    known = isinstance(theme_id, int) and 0 < theme_id <= MAX_ID
    theme = db.session.get(Theme, theme_id) if known else None
    if theme is not None and theme.run.municipality_id != municipality.id:
        refuse_elsewhere(municipality, "themes", theme.id)
    return theme


def _back(municipality: Municipality, theme: Theme | None) -> ResponseReturnValue:
    if theme is None:
        return redirect(url_for("summaries.municipality_summary", slug=municipality.slug))
    run = theme.run
    subject = (
        db.session.get(Goal, run.goal_id) if run.goal_id else db.session.get(Plan, run.plan_id)
    )
    return redirect(page_of(subject))  # type: ignore[arg-type]


@bp.post("/<slug>/teman/namn")
@role_required(*EDITORS)
def rename(municipality: Municipality) -> ResponseReturnValue:
    """Give a theme an official's own name."""
    form = RenameForm()
    theme = _theme(municipality, form.theme_id.data)
    if theme is not None and form.validate_on_submit():
        services.rename(theme, form.label.data or "", current_user)
        db.session.commit()
        flash(_("The theme is now called “%(name)s”.", name=theme.name), "success")
    else:
        flash(_("The name could not be changed: %(errors)s", errors=_errors(form)), "error")
    return _back(municipality, theme)


@bp.post("/<slug>/teman/sla-ihop")
@role_required(*EDITORS)
def merge(municipality: Municipality) -> ResponseReturnValue:
    """Merge one theme into another."""
    form = MergeForm()
    theme = _theme(municipality, form.theme_id.data)
    into = _theme(municipality, form.into_id.data)
    if theme is None or into is None or not form.validate_on_submit():
        flash(_("Choose the theme to merge into."), "error")
        return _back(municipality, theme)
    if theme.id == into.id:  # one form chooses both: the same theme twice is an easy slip
        flash(_("Choose two different themes to merge."), "error")
        return _back(municipality, theme)
    try:
        services.merge(theme, into, current_user)
    except services.ThemeError as error:
        flash(str(error), "error")
        return _back(municipality, theme)
    db.session.commit()
    flash(_("“%(theme)s” is merged into “%(into)s”.", theme=theme.name, into=into.name), "success")
    return _back(municipality, theme)


def _comment(municipality: Municipality, comment_id: int) -> Comment:
    comment = db.get_or_404(Comment, comment_id)
    if comment.subject.plan.municipality_id != municipality.id:
        refuse_elsewhere(municipality, "comments", comment.id)
    return comment


def _comment_page(comment: Comment, scope: str | None) -> ResponseReturnValue:
    plan = comment.subject.plan
    if scope == "plan" or comment.goal is None:
        return redirect(page_of(plan) + f"#comment-{comment.id}")
    return redirect(page_of(comment.goal) + f"#comment-{comment.id}")


@bp.post("/<slug>/teman/kommentar/<int:comment_id>/taggar")
@role_required(*EDITORS)
def tag(municipality: Municipality, comment_id: int) -> ResponseReturnValue:
    """Tag a comment by hand."""
    comment = _comment(municipality, comment_id)
    form = TagForm()
    if form.validate_on_submit():
        if services.tag(comment, form.name.data or "", municipality.id, current_user):
            db.session.commit()
        _tell(
            comment,
            "success",
            _("Comment %(id)s is tagged “%(tag)s”.", id=comment.id, tag=form.name.data),
        )
    else:
        _tell(comment, "error", _("The tag could not be added: %(errors)s", errors=_errors(form)))
    return _comment_page(comment, form.scope.data)


@bp.post("/<slug>/teman/kommentar/<int:comment_id>/taggar/ta-bort")
@role_required(*EDITORS)
def untag(municipality: Municipality, comment_id: int) -> ResponseReturnValue:
    """Take a tag off a comment."""
    comment = _comment(municipality, comment_id)
    form = UntagForm()
    if form.validate_on_submit() and services.untag(
        comment, form.tag_id.data or 0, municipality.id, current_user
    ):
        db.session.commit()
        _tell(comment, "success", _("The tag is removed from comment %(id)s.", id=comment.id))
    else:
        _tell(comment, "error", _("Comment %(id)s did not have that tag.", id=comment.id))
    return _comment_page(comment, form.scope.data)


def _tell(comment: Comment, kind: str, text: str) -> None:
    """A message to show at the comment: "id kind text" (a flashed message is a string)."""
    flash(f"{comment.id} {kind} {text}", TAG_MESSAGE)


def _tag_messages() -> dict[int, list[tuple[str, str]]]:
    """Comment id → (kind, text) of the tagging messages to show at that comment."""
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for message in get_flashed_messages(category_filter=[TAG_MESSAGE]):
        comment_id, kind, text = str(message).split(" ", 2)
        found[int(comment_id)].append((kind, text))
    return found


def _errors(form: Any) -> str:
    return " ".join(str(m) for messages in form.errors.values() for m in messages) or _(
        "the form was not complete."
    )
